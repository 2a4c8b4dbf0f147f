"""The command line: a thin shell over :func:`cleaner.normalize`, :mod:`cleaner.inputs` and the rule book.

Exit codes: 0 all fine, 1 if any record failed (or a rule file is broken, or a rule example
fails), 2 for usage errors, which stop the run before anything is read or written.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, TextIO, overload

from cleaner import __version__, batch, check, files, learn, rulebook
from cleaner.config import DEFAULT
from cleaner.errors import RuleError
from cleaner.examples import run_examples
from cleaner.inputs import (
    STDIN,
    STDIN_FORMATS,
    Columns,
    InputError,
    Record,
    iter_records,
    parquet_column_problems,
    path_problems,
    skipped_summary,
)
from cleaner.kinds import registry
from cleaner.outputs import ParquetArticles
from cleaner.rulebook import ENV_VAR, RuleBook, builtin_rules_dir, load_rulebook

if TYPE_CHECKING:
    from tqdm import tqdm


class Writer(Protocol):
    """Where articles go: a text stream, or :class:`cleaner.outputs.ParquetArticles`."""

    def write(self, line: str, /) -> object: ...

EPILOG = """examples:
  cleaner normalize scrape.txt
  cleaner normalize scrapes/ -o articles.jsonl --errors errors.jsonl
  zcat dump.jsonl.gz | cleaner normalize - > articles.jsonl
  cleaner normalize --rules my-rules/ scrape.txt
  cleaner check corpus/ --fix
  cleaner rules list
  cleaner rules test my-rules/
"""

CHECK_DESCRIPTION = """\
Find cruft and broken text in article text that is meant to be clean already: lines the
pipeline would drop as page furniture, mojibake and broken entities, captions left in the body.

PATH is a .txt file (one document), a .jsonl or .ndjson file (one document a line, its text in
--text-field), or a folder walked for such files. One line a finding:
path:line:col: CODE message [rule-id]; in a JSONL file, line is the record's line and col the
character offset in its text (docs/check.md lists the codes). Exit 0 if nothing is found (after
--fix: nothing is left), 1 if something is, 2 on a usage or rule-file error."""

NORMALIZE_DESCRIPTION = f"""\
Clean each input document into one article JSON line, in input order.

INPUT is a {files.suffix_names(files.NORMALIZE)} file,
a folder (walked recursively in name order, taking only files with those suffixes and skipping
folders whose names start with "."), or - for JSONL on standard input (the default). A .txt or
.html file is one document whose id is its path. A JSONL line is {{"id", "url", "text"}} or
{{"id", "url", "html"}}; an integer id becomes a string.

A record that fails becomes an error record {{"id", "source", "line", "error"}} on standard
error (or in --errors FILE), and the run goes on (--fail-fast stops at the first): binary data,
a document over --max-document-size, a broken JSONL line. Exit 0 if all went fine, 1 if any
record failed, 2 on a usage error (nothing is then read or written).

An input of more than one chunk ({batch.CHUNK} records, or {batch.CHUNK_BYTES >> 20} MB of them) is spread over
--workers processes (default: every core), which parse and clean it a chunk at a time; articles
still come out in input order."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner", description="Turn scraped news into clean article JSON, explaining every line removed.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    # Shared by every command that loads rules, so --rules means the same thing everywhere.
    rules_option = argparse.ArgumentParser(add_help=False)
    rules_option.add_argument(
        "--rules", action="append", default=[], metavar="PATH",
        help="a folder of rule files, or one .toml rule file, to add (repeatable); a file overrides a loaded"
             " one of the same name. A broken rule file is an error (exit 2) before any input is read")

    norm = commands.add_parser(
        "normalize", parents=[rules_option], help="clean documents into article JSON lines",
        description=NORMALIZE_DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    norm.add_argument("inputs", nargs="*", metavar="INPUT", help="files, folders or - (default: -)")
    norm.add_argument("-o", "--output", metavar="FILE", help="write articles here instead of standard output")
    norm.add_argument("--errors", metavar="FILE", help="write error records here instead of standard error")
    norm.add_argument("--site", metavar="NAME", help="apply this site's rule file to every document, e.g. defense.gov")
    norm.add_argument("--input-format", choices=STDIN_FORMATS, default="auto",
                      help="standard input as JSON Lines records (jsonl), as one document (text), or by its"
                           " first character: '{' is JSON Lines, anything else one document (auto, the default)")
    norm.add_argument("-v", "--verbose", action="store_true",
                      help="name each file a folder walk skips (not a kind read as documents)")
    norm.add_argument("-q", "--quiet", action="store_true",
                      help="no progress bar (shown only when standard error is a terminal) and no summary line")
    norm.add_argument("-j", "--workers", type=_positive, metavar="N",
                      help=f"worker processes for inputs of more than {batch.CHUNK} records or"
                           f" {batch.CHUNK_BYTES >> 20} MB (default: every core)")
    norm.add_argument("--fail-fast", action="store_true", help="stop at the first record that fails (exit 1)")
    norm.add_argument("--max-document-size", type=_size, default=DEFAULT.max_document_size, metavar="SIZE",
                      help="a larger document (file, JSONL line, WARC payload) is an error record, unread;"
                           " bytes, or with K, M or G (KiB, MiB, GiB); 0 for no limit (default: 16M)")
    norm.add_argument("--engine", choices=("processes", "dask"), default="processes",
                      help="where the workers run: processes on this machine (default), or a Dask cluster")
    norm.add_argument("--format", choices=("jsonl", "parquet"),
                      help="articles as JSON lines or a Parquet file (default: from -o's suffix, else jsonl)")
    for field, default in (("id", "id"), ("url", "url"), ("text", "text"), ("html", "html")):
        norm.add_argument(f"--{field}-column", default=default, metavar="NAME",
                          help=f"a Parquet input's column holding the {field} (default: {default})")
    norm.add_argument("--scheduler", metavar="ADDRESS",
                      help="with --engine dask: the scheduler to use (default: a LocalCluster of --workers)")
    norm.add_argument("--learn-sites", action="store_true",
                      help="first learn each site's template from the inputs (as `cleaner rules learn`), then clean"
                           " with the learned files added; the inputs are read twice, so not standard input")
    norm.add_argument("--learned-rules", metavar="DIR",
                      help="with --learn-sites: keep the learned files in DIR (default: a temporary folder)")
    norm.add_argument("--min-pages", type=_positive, default=learn.MIN_PAGES, metavar="N",
                      help=f"with --learn-sites: learn sites with at least N pages (default: {learn.MIN_PAGES})")
    norm.set_defaults(run=normalize_command, parser=norm)

    chk = commands.add_parser(
        "check", parents=[rules_option], help="find (and --fix) cruft and broken text in a corpus",
        description=CHECK_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    chk.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    chk.add_argument("--fix", action="store_true",
                     help="rewrite the files in place with the findings fixed"
                          " (atomically: a temporary file, then a rename)")
    chk.add_argument("--text-field", default="text", metavar="NAME",
                     help="the JSONL field holding the text (default: text)")
    chk.add_argument("--select", type=_code_list, default=(), metavar="CODES",
                     help="comma list of codes or rule-id prefixes to report, instead of the default set"
                          " (e.g. CL2,generic/ui-phrases; ALL for every code)")
    chk.add_argument("--ignore", type=_code_list, default=(), metavar="CODES",
                     help="comma list of codes or rule-id prefixes not to report")
    chk.add_argument("--output-format", choices=("text", "json"), default="text",
                     help="a line a finding (default), or one JSON array of findings")
    chk.add_argument("--exit-zero", action="store_true", help="exit 0 even when something is found")
    chk.add_argument("-q", "--quiet", action="store_true", help="no summary line on standard error")
    chk.set_defaults(run=check_command, parser=chk)

    rules = commands.add_parser("rules", help="list, test or learn rule files; print their kinds and schema")
    actions = rules.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser(
        "list", parents=[rules_option], help="show every loaded rule: id, kind, file, origin",
        description="One tab-separated line a rule: id, kind, file, origin; a file that a later "
                    "one of the same name overrides is marked. Exit 1 if a rule file has problems.")
    listing.set_defaults(run=rules_list, parser=listing)
    test = actions.add_parser(
        "test", parents=[rules_option], help="run the examples that rule files carry",
        description="Run the examples of the rule files under each PATH (loading them as --rules "
                    "would), or of every loaded file. Exit 1 on a failing example or a broken rule file.")
    test.add_argument("paths", nargs="*", metavar="PATH", help="rule files or folders (default: every loaded file)")
    test.set_defaults(run=rules_test, parser=test)
    schema = actions.add_parser(
        "schema", help="print the JSON Schema of rule files, for editors",
        description="Print the JSON Schema of a rule file, made from the rule kinds' declarations: "
                    "editors (taplo, Even Better TOML) complete and check rule files with it (docs/rules.md).")
    schema.set_defaults(run=rules_schema, parser=schema)
    kinds = actions.add_parser(
        "kinds", help="print the rule kinds and their keys (Markdown)",
        description="Print every rule kind, what it does, its keys with their types and defaults, and its "
                    "`cleaner check` code, as the Markdown of docs/rules.md.")
    kinds.set_defaults(run=rules_kinds, parser=kinds)
    learning = actions.add_parser(
        "learn", help="write a rule file for each site's template, learned from a corpus",
        description="Read the inputs as `cleaner normalize` does, group pages by site (url host; without a url, "
                    "the lines under the page title) and write one rule file a site with at least --min-pages "
                    "pages into DIR: the lines on at least half of the site's pages that never read as article "
                    "text, each with its evidence, and an example from the corpus (docs/rules.md, 'Learned rules').")
    learning.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders, as for normalize")
    learning.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write the files into")
    learning.add_argument("--min-pages", type=_positive, default=learn.MIN_PAGES, metavar="N",
                          help=f"learn sites with at least N pages (default: {learn.MIN_PAGES})")
    learning.add_argument("--share", type=_share, default=learn.SHARE, metavar="S",
                          help=f"a line is the site's when it is on at least this share of its pages, above 0 and"
                               f" at most 1 (default: {learn.SHARE})")
    learning.add_argument("--engine", choices=("processes", "dask"), default="processes",
                          help="count here (default) or on a Dask cluster, a task a chunk of pages")
    learning.add_argument("--scheduler", metavar="ADDRESS",
                          help="with --engine dask: the scheduler (default: a LocalCluster of --workers)")
    learning.add_argument("-j", "--workers", type=_positive, default=2, metavar="N",
                          help="with --engine dask and no --scheduler: the local cluster's workers (default: 2)")
    learning.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    learning.set_defaults(run=rules_learn, parser=learning)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        # Articles are UTF-8 with "\n" line ends whatever the locale or platform says.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", newline="\n")
    if hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors="backslashreplace")  # a message must never crash the run
    try:
        return args.run(args)
    except BrokenPipeError:
        # `cleaner normalize … | head`: the reader left. Point stdout at /dev/null so the flush at
        # exit does not raise again, and stop without a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
        return 130


def warn(message: str) -> None:
    print(f"cleaner: warning: {message}", file=sys.stderr)


@overload
def load_rules(dirs: list[str], keep_going: Literal[False] = False) -> RuleBook | None: ...
@overload
def load_rules(dirs: list[str], keep_going: Literal[True]) -> RuleBook: ...
def load_rules(dirs: list[str], keep_going: bool = False) -> RuleBook | None:
    """Load the rule book once. A broken rule file, rule or key, or a ``--rules`` path that is
    not there, is an error before any input is read: each problem is printed, naming its file,
    rule and key, and None comes back (the command exits 2). With ``keep_going`` (``rules list``,
    ``rules test``) the problems are warnings and the rest of the rules load."""
    try:
        rulebook = load_rulebook(extra_dirs=dirs, keep_going=keep_going)
    except RuleError as exc:
        for problem in exc.problems:
            print(f"cleaner: error: {problem}", file=sys.stderr)
        print("cleaner: no input was read; fix the rule files above (`cleaner rules list` shows what loads)",
              file=sys.stderr)
        return None
    for problem in rulebook.problems:
        warn(problem)
    return rulebook


# --- cleaner normalize -------------------------------------------------------------------------

def normalize_command(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.parser
    if args.scheduler and args.engine != "dask":
        parser.error("--scheduler needs --engine dask")
    parquet = args.format == "parquet" or (args.format is None and (args.output or "").endswith(".parquet"))
    if parquet and not args.output:
        parser.error("--format parquet needs -o FILE")
    inputs = args.inputs or [STDIN]
    if args.learned_rules and not args.learn_sites:
        parser.error("--learned-rules needs --learn-sites")
    if args.learn_sites and STDIN in inputs:
        parser.error("--learn-sites reads the inputs twice: name files or folders, not standard input")
    problems = path_problems(inputs) + _output_clashes(inputs, [args.output, args.errors])
    if problems:
        parser.error("; ".join(problems))  # exits 2
    columns = Columns(args.id_column, args.url_column, args.text_column, args.html_column)
    problems = parquet_column_problems(inputs, columns)
    if problems:
        parser.error("; ".join(problems))
    with contextlib.ExitStack() as learned:
        if args.learn_sites:
            if load_rules(args.rules) is None:  # the user's rule files are checked before any input is read
                return 2
            folder = args.learned_rules or learned.enter_context(tempfile.TemporaryDirectory(prefix="cleaner-learned-"))
            _learn_into(Path(folder), inputs, columns, args.max_document_size, args.min_pages,
                        args.engine, args.scheduler, args.workers or batch.default_workers(), args.quiet)
            args.rules = [*args.rules, folder]
        return _normalize(args, parser, inputs, columns, parquet)


def _normalize(args: argparse.Namespace, parser: argparse.ArgumentParser, inputs: list[str], columns: Columns,
               parquet: bool) -> int:
    rulebook = load_rules(args.rules)
    if rulebook is None:
        return 2
    if args.site and rulebook.site_named(args.site) is None:
        # normalize() would only warn in every article; a typo should stop the run instead.
        known = ", ".join(sorted(f.name for f in rulebook.sites)) or "none"
        parser.error(f"--site {args.site}: no such site rule file (loaded: {known})")
    if STDIN in inputs and sys.stdin is not None and sys.stdin.isatty():
        what = {"jsonl": "JSONL records", "text": "one document"}.get(args.input_format,
                                                                       "JSONL records or one document")
        print(f"cleaner: reading {what} from standard input (Ctrl-D ends; --help for more)", file=sys.stderr)

    with contextlib.ExitStack() as stack:
        try:
            # Opened only now, so a usage error never truncates an existing output file.
            output: Writer = (_open_parquet(stack, args.output, parser) if parquet
                                                else _open_output(stack, args.output, sys.stdout))
            error_output = _open_output(stack, args.errors, sys.stderr)
        except OSError as exc:
            parser.error(f"cannot write {exc.filename}: {exc.strerror}")
        skip = {os.path.realpath(p) for p in (args.output, args.errors) if p}
        started = time.perf_counter()
        workers = args.workers or batch.default_workers()
        engine = partial(batch.DaskCluster, args.scheduler) if args.engine == "dask" else None
        skipped: list[str] = []
        # Lines of plain files go to local workers as where they lie; a Dask worker may be elsewhere.
        items = iter_records(inputs, skip=skip, raw=workers > 1 or engine is not None,
                             spans=workers > 1 and engine is None, columns=columns,
                             max_size=args.max_document_size, skipped=skipped, stdin_format=args.input_format,
                             notify=lambda message: print(f"cleaner: {message}", file=sys.stderr))
        config = DEFAULT._replace(max_document_size=args.max_document_size)
        # Closed on the way out whatever happens (a reader that left, Ctrl-C), so queued chunks are
        # cancelled rather than run for nobody.
        found = stack.enter_context(contextlib.closing(batch.results(
            items, rulebook, site=args.site, workers=workers, rule_dirs=args.rules, engine=engine, config=config)))
        progress = _progress(sys.stderr, args.quiet)
        articles, errors = _write(found, output, error_output, args.fail_fast, progress)
        seconds = time.perf_counter() - started
    if args.verbose:
        for path in skipped:
            print(f"cleaner: skipped {path}: not a {files.suffix_names(files.NORMALIZE)} file", file=sys.stderr)
    if not args.quiet:
        summary = (f"cleaner: {_count(articles + errors, 'document')}, {_count(articles, 'article')}, "
                   f"{_count(errors, 'error')}, {seconds:.2f} s")
        if skipped:
            summary += f"; {skipped_summary(skipped)}" + ("" if args.verbose else " (--verbose names them)")
        print(summary, file=sys.stderr)
    return 1 if errors else 0


def _write(results: Iterable[str | InputError], output: Writer, error_output: TextIO, fail_fast: bool,
           progress: tqdm | None = None) -> tuple[int, int]:
    """Write each result as it comes, in input order; return (articles, errors). ``progress`` (a
    tqdm bar on the terminal's stderr) counts them, and error records written to that terminal
    go above it rather than through it."""
    articles = errors = 0
    try:
        for result in results:
            if progress is not None:
                progress.update()
            if isinstance(result, str):
                output.write(result)
                articles += 1
                continue
            # ASCII-escaped, so an id holding a lone surrogate cannot break the error stream too.
            line = json.dumps(result.to_dict())
            if progress is not None and progress.fp == error_output:  # tqdm wraps the stream; == unwraps
                progress.write(line, file=error_output)
            else:
                error_output.write(line + "\n")
            errors += 1
            if fail_fast:
                break
    finally:
        if progress is not None:
            progress.close()
    return articles, errors


def _progress(stream: TextIO, quiet: bool) -> tqdm | None:
    """A progress bar on ``stream`` when a person watches it (a terminal) and did not ask for
    quiet; None otherwise, so logs and pipes get no bar."""
    if quiet or not (hasattr(stream, "isatty") and stream.isatty()):
        return None
    from tqdm import tqdm

    return tqdm(file=stream, unit=" docs", dynamic_ncols=True, leave=False)


def _share(text: str) -> float:
    value = float(text)
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 1 (got {text})")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _size(text: str) -> int:
    """A size in bytes: ``"33554432"``, or ``"32M"`` with a binary K, M or G; 0 means no limit."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    number, unit = (text[:-1], units[text[-1].upper()]) if text[-1:].upper() in units else (text, 1)
    try:
        value = int(number)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 33554432 or 32M)") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more, not {text}")
    return value * unit


def _output_clashes(inputs: list[str], outputs: list[str | None]) -> list[str]:
    """Writing -o over an input file would truncate it before it is read."""
    named = [p for p in inputs if p != STDIN and os.path.isfile(p)]
    return [f"{out}: is also an input file" for out in outputs
            if out and any(os.path.exists(out) and os.path.samefile(out, p) for p in named)]


def _open_output(stack: contextlib.ExitStack, path: str | None, default: TextIO) -> TextIO:
    if path is None:
        stack.callback(default.flush)
        return default
    return stack.enter_context(open(path, "w", encoding="utf-8", newline="\n"))


def _open_parquet(stack: contextlib.ExitStack, path: str, parser: argparse.ArgumentParser) -> ParquetArticles:
    try:
        writer = ParquetArticles(path)
    except RuntimeError as exc:
        parser.error(str(exc))
    stack.callback(writer.close)
    return writer


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


# --- cleaner check ------------------------------------------------------------------------------

def check_command(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.parser
    problems = files.path_problems(args.paths, files.CHECK)
    if problems:
        parser.error("; ".join(problems))  # exits 2
    rulebook = load_rules(args.rules)
    if rulebook is None:
        return 2  # a hook must not pass a corpus with half its rules missing; load_rules said why
    selection = check.Selection(args.select, args.ignore)
    try:
        selection.validate([rule.id for f in rulebook.active for rule in f.rules])
    except check.SelectionError as exc:
        parser.error(str(exc))
    found = fixable = fixed = checked = 0
    as_json: list[dict[str, object]] = []
    for result in check.check_paths(args.paths, rulebook, selection, text_field=args.text_field, fix=args.fix):
        checked += 1
        fixed += result.fixed
        # After a fix only what it could not fix is left to show.
        shown = [f for f in result.findings if not (args.fix and f.fixable)]
        found += len(shown)
        fixable += sum(1 for f in shown if f.fixable)
        if args.output_format == "json":
            as_json.extend(f.to_dict() for f in shown)
        else:
            for finding in shown:
                print(finding)
    if args.output_format == "json":
        print(json.dumps(as_json, ensure_ascii=False, indent=2))
    if not args.quiet:
        summary = f"cleaner: {_count(checked, 'file')} checked, {_count(found, 'finding')}"
        if args.fix:
            summary += f" left, {fixed} fixed"
        elif fixable:
            summary += f" ({fixable} fixable with --fix)"
        print(summary, file=sys.stderr)
    return 1 if found and not args.exit_zero else 0


def _code_list(text: str) -> tuple[str, ...]:
    return tuple(entry.strip() for entry in text.split(",") if entry.strip())


# --- cleaner rules -----------------------------------------------------------------------------

def rules_list(args: argparse.Namespace) -> int:
    rulebook = load_rules(args.rules, keep_going=True)
    for rule_file in rulebook.files:
        note = f"\toverridden by {rule_file.overridden_by}" if rule_file.overridden_by else ""
        for rule in rule_file.rules:
            print(f"{rule.id}\t{rule.kind}\t{rule_file.path}\t{rule_file.origin}{note}")
        if rule_file.html is not None:  # the [html] table: CSS selectors, not a rule kind
            print(f"{rule_file.name}/html\thtml\t{rule_file.path}\t{rule_file.origin}{note}")
    return 1 if rulebook.problems else 0


def rules_test(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.parser
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    rulebook = load_rules(_dirs_to_load(args.paths) + args.rules, keep_going=True)
    untested = [p for p in args.paths if not _active_files_under(rulebook, p)]
    for path in untested:
        # Otherwise a typo'd or overridden PATH would pass as "0 passed, 0 failed".
        print(f"cleaner: {path}: no loaded rule file here (not a .toml rule file, or overridden)", file=sys.stderr)
    results = run_examples(rulebook, [Path(p) for p in args.paths] or None)
    failed = [r for r in results if not r.ok]
    for result in failed:
        print(f"{result.file}: example {result.index} ({result.rule or 'no rule named'}): {result.message}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or rulebook.problems or untested else 0


def _dirs_to_load(paths: list[str]) -> list[str]:
    """The folders of the PATHs to test, less those loaded anyway (built-in, CLEANER_RULES_PATH),
    whose files would otherwise load twice and report each problem twice."""
    loaded = {builtin_rules_dir().resolve()}
    loaded.update(Path(p).resolve() for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p)
    dirs = []
    for path in paths:
        folder = Path(path) if os.path.isdir(path) else Path(path).parent
        if folder.resolve() not in loaded and str(folder) not in dirs:
            dirs.append(str(folder))
    return dirs


def _active_files_under(rulebook: RuleBook, path: str) -> bool:
    target = Path(path).resolve()
    return any(f.overridden_by is None and (f.path == target or target in f.path.parents) for f in rulebook.files)


def rules_schema(args: argparse.Namespace) -> int:
    json.dump(rulebook.schema(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def rules_kinds(args: argparse.Namespace) -> int:
    sys.stdout.write(registry.kinds_markdown())
    return 0


def _learn_into(folder: Path, inputs: list[str], columns: Columns, max_size: int, min_pages: int, engine: str,
                scheduler: str | None, workers: int, quiet: bool, share: float = learn.SHARE) -> int:
    """Learn the sites' templates from ``inputs`` into ``folder``; returns the error records seen
    (an input that cannot be read is counted, not learned from)."""
    errors = 0

    def pages() -> Iterator[tuple[str | bytes, str | None, bool | None]]:
        nonlocal errors
        for item in iter_records(inputs, columns=columns, max_size=max_size):
            if isinstance(item, Record):
                yield item.doc, item.url, item.html
            else:
                errors += 1

    # Two passes: pages a site first (a host lookup for a page with a url), then counts only for
    # the sites with enough pages, so memory does not grow with a corpus's many one-page sites.
    counts = learn.count_sites(pages())
    errors = 0
    only = {key for key, n in counts.items() if n >= min_pages}
    cluster = batch.DaskCluster(scheduler, workers) if engine == "dask" and only else None
    try:
        learner = learn.learn_records(pages(), cluster, only)
    finally:
        if cluster is not None:
            cluster.close()
    written = learn.write_rule_files(learner, folder, min_pages, share)
    if not quiet:
        sites = len(only)
        print(f"cleaner: learned {_count(len(written), 'site file')} into {folder} from {_count(learner.pages, 'page')}"
              f" ({_count(sites, 'site')} with {min_pages} pages or more, {_count(errors, 'unreadable record')})",
              file=sys.stderr)
    return errors


def rules_learn(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.parser
    if args.scheduler and args.engine != "dask":
        parser.error("--scheduler needs --engine dask")
    if STDIN in args.inputs:
        parser.error("name files or folders: learning reads its inputs as normalize does, not standard input")
    problems = path_problems(args.inputs)
    if problems:
        parser.error("; ".join(problems))
    _learn_into(Path(args.output), args.inputs, Columns(), DEFAULT.max_document_size, args.min_pages, args.engine,
                args.scheduler, args.workers, args.quiet, args.share)
    return 0
