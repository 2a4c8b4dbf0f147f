"""The command line: a thin shell over :func:`cleaner.normalize` and the rule book."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from cleaner import __version__
from cleaner.inputs import InputError, iter_records, missing_paths
from cleaner.pipeline import normalize
from cleaner.rulebook import load_rulebook, run_examples

EPILOG = """examples:
  cleaner normalize scrape.txt
  cleaner normalize scrapes/ -o articles.jsonl --errors errors.jsonl
  zcat dump.jsonl.gz | cleaner normalize - > articles.jsonl
  cleaner normalize --rules my-rules/ scrape.txt
  cleaner rules list
  cleaner rules test my-rules/
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner", description="Turn scraped news into clean article JSON, explaining every line removed.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    rules_option = argparse.ArgumentParser(add_help=False)
    rules_option.add_argument("--rules", action="append", default=[], metavar="DIR",
                              help="a folder of rule files to add (repeatable); overrides built-in files of the same name")

    norm = commands.add_parser(
        "normalize", parents=[rules_option], help="clean documents into article JSON lines",
        description="Clean each input document into one article JSON line, in input order. INPUT is a .txt or "
                    ".html file, a .jsonl/.jsonl.gz file of {\"id\", \"url\", \"text\"|\"html\"} records, a folder "
                    "(walked), or - (the default) for JSONL on standard input.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    norm.add_argument("inputs", nargs="*", metavar="INPUT")
    norm.add_argument("-o", "--output", metavar="FILE", help="write articles here instead of standard output")
    norm.add_argument("--errors", metavar="FILE", help="write error records here instead of standard error")
    norm.add_argument("--site", metavar="NAME", help="force a site rule file by name, e.g. defense.gov")
    norm.add_argument("-q", "--quiet", action="store_true", help="no summary line on standard error")

    rules = commands.add_parser("rules", help="list or test rule files")
    rules_commands = rules.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    rules_commands.add_parser("list", parents=[rules_option], help="show every loaded rule, its file and origin")
    test = rules_commands.add_parser("test", parents=[rules_option], help="run the examples rule files carry")
    test.add_argument("paths", nargs="*", metavar="PATH", help="rule files or folders (default: every loaded file)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    if args.command == "normalize":
        missing = missing_paths(args.inputs)
        if missing:
            parser.error(f"no such file or folder: {', '.join(missing)}")
        try:
            return normalize_command(args)
        except BrokenPipeError:  # `cleaner normalize … | head`: the reader left; stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
    if args.rules_command == "list":
        return rules_list(args)
    return rules_test(args, parser)


def _rulebook(dirs: list[str]):
    rulebook = load_rulebook(dirs)
    for problem in rulebook.problems:
        print(f"cleaner: warning: {problem}", file=sys.stderr)
    return rulebook


def normalize_command(args) -> int:
    rulebook = _rulebook(args.rules)
    started = time.perf_counter()
    documents = articles = errors = 0
    output: TextIO = open(args.output, "w", encoding="utf-8", newline="\n") if args.output else sys.stdout
    error_output: TextIO = open(args.errors, "w", encoding="utf-8", newline="\n") if args.errors else sys.stderr
    try:
        for item in iter_records(args.inputs):
            documents += 1
            if not isinstance(item, InputError):
                try:
                    article = normalize(item.doc, url=item.url, html=item.html, id=item.id, site=args.site, rules=rulebook)
                    line = (article.to_json() + "\n").encode("utf-8")
                except Exception as exc:  # one bad document never stops the batch
                    item = InputError(item.id, item.source, item.line, f"{type(exc).__name__}: {exc}")
                else:
                    output.write(line.decode("utf-8"))
                    articles += 1
                    continue
            # ASCII-escaped: an id holding a lone surrogate must not break the error stream too.
            error_output.write(json.dumps(item.to_dict()) + "\n")
            errors += 1
    finally:
        for stream in (output, error_output):
            if stream in (sys.stdout, sys.stderr):
                stream.flush()
            else:
                stream.close()
    if not args.quiet:
        seconds = time.perf_counter() - started
        print(f"cleaner: {documents} documents, {articles} articles, {errors} errors, {seconds:.2f} s", file=sys.stderr)
    return 1 if errors else 0


def rules_list(args) -> int:
    rulebook = _rulebook(args.rules)
    for rule_file in rulebook.files:
        note = f"  (overridden by {rule_file.overridden_by})" if rule_file.overridden_by else ""
        for rule in rule_file.rules:
            print(f"{rule.id}\t{rule.kind}\t{rule_file.path}\t{rule_file.origin}{note}")
    return 1 if rulebook.problems else 0


def rules_test(args, parser) -> int:
    missing = missing_paths(args.paths)
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    folders = [p if Path(p).is_dir() else str(Path(p).parent) for p in args.paths]
    rulebook = _rulebook(list(dict.fromkeys(folders + args.rules)))
    results = run_examples(rulebook, args.paths or None)
    failed = [r for r in results if not r.ok]
    for result in failed:
        print(f"{result.file}: example {result.index} ({result.rule or 'no rule named'}): {result.message}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or rulebook.problems else 0
