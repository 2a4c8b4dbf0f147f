#!/usr/bin/env python
"""Coverage-guided fuzzing of cleaner with atheris (libFuzzer for Python); not run in CI.

    pip install -e '.[fuzz]'
    python bench/fuzz.py seeds                                   # writes bench/fuzz-corpus/<target>/
    python bench/fuzz.py normalize bench/fuzz-corpus/normalize -max_total_time=1200 -timeout=10
    python bench/fuzz.py rules bench/fuzz-corpus/rules -max_total_time=600 -timeout=10
    python bench/fuzz.py check bench/fuzz-corpus/check -max_total_time=600 -timeout=10
    python bench/fuzz.py normalize crash-<sha1>                  # replays one input

``make fuzz`` runs the three targets for ``FUZZ_SECONDS`` (default 600) each. Everything after the
target name goes to libFuzzer (``-help=1`` lists its flags): the first folder is the corpus, which
grows as the fuzzer finds inputs that reach new code, and a crash is written to
``crash-<sha1>`` (``-artifact_prefix=DIR/`` elsewhere) with its traceback on standard error. A
hang is an input that runs longer than ``-timeout`` seconds; libFuzzer writes it as
``timeout-<sha1>``.

The targets, and what counts as a crash in each:

- ``normalize``: the first byte of the input picks the mode (str or bytes; ``html`` None, True
  or False; one of four urls), the rest is the document, as bytes or decoded as UTF-8 with
  ``surrogateescape`` (so invalid bytes become lone surrogates, as a broken ``"\\ud83d"`` JSON
  escape gives). Any exception is a crash: ``normalize`` takes any text, and refuses binary data
  only with its documented ``RejectedDocument``.
- ``rules``: the input is the bytes of a rule file, written to a temporary folder (beside a copy
  of the line model, so ``model = "line-model.json"`` loads) and read by ``load_rule_file``. An
  input that starts with a zero byte is instead a recipe (:func:`rule_file_from`) for a file of
  valid TOML whose tables, kinds and keys are the loader's own and whose values are of any type:
  byte mutations of TOML text seldom stay TOML, and the validation is what we fuzz. Any
  exception is a crash: the loader must report problems, not raise. A file that loads is then
  run on a small page through ``normalize``, with its rules alone then before the generic ones:
  a rule the loader accepts must not crash the pipeline. A catastrophic user regex
  (``(a+)+$``) is stopped by the rule time limit (``RuleTimeout``), which is the documented
  outcome, not a crash.
- ``check``: the input is a UTF-8 text (``surrogateescape`` again); ``check_text`` runs with the
  default selection and with ``ALL``, and a fixed text must check clean and fix to itself.

Seeds: ``python bench/fuzz.py seeds`` fills ``bench/fuzz-corpus/`` (ignored by git) from
``fixtures/seeds/*.txt`` (each once per normalize mode, and as check text) and ``rules/*.toml``.
Add your own by dropping files in those folders: a normalize seed is one mode byte then the
document. Only ``cleaner``'s own modules are instrumented; ftfy, trafilatura and lxml run
uninstrumented (faster, and their coverage is not ours to steer).

Memory grows by about 12 KB an input under the fuzzer (1.5 GB after 100,000 rule files): atheris
keeps the operands of the comparisons it traces, numpy arrays of the line model among them.
Without atheris, 200 normalizations grow the heap by less than 25 KB. Hence ``make fuzz``'s
``-rss_limit_mb=8192``, above libFuzzer's default of 2048, which a 20-minute run would reach.
"""

from __future__ import annotations

import json
import math
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
sys.path.insert(0, str(ROOT))

import atheris  # noqa: E402

with atheris.instrument_imports(include=["cleaner"]):
    import cleaner  # noqa: E402
    from cleaner import check, rulebook  # noqa: E402
    from cleaner.guard import RuleTimeout  # noqa: E402
    from cleaner.kinds import KINDS  # noqa: E402
    from cleaner.pipeline import default_rulebook  # noqa: E402

CORPUS = ROOT / "bench" / "fuzz-corpus"
URLS = (None, "https://www.defense.gov/News/Article/1", "https://sputniknews.com/a/b.html", "not a url://\u00e9")
HTML = (None, True, False)
MODES = len(URLS) * len(HTML) * 2  # url x html x (bytes, str)
# A page with a headline, a byline, a dateline, a caption and furniture, for fuzzed rules to act on.
PAGE = ("Page title | Example News\nHome > World\nHeadline of the story here\nBy Jane Doe\n"
        "March 3, 2021\nPhoto: Reuters\nLONDON (Reuters) - The first paragraph of the story, long enough "
        "to be article text, goes on here.\nShare this\nThe second paragraph says more, with caf\u00c3\u00a9 "
        "and &rsquo;quotes& ldquo; in it.\nComments\nJoe: first!\n")


def normalize_target(data: bytes) -> None:
    if not data:
        return
    mode, doc = data[0] % MODES, data[1:]
    url = URLS[mode % len(URLS)]
    html = HTML[(mode // len(URLS)) % len(HTML)]
    if mode >= MODES // 2:
        doc = doc.decode("utf-8", "surrogateescape")
    try:
        cleaner.normalize(doc, url=url, html=html).to_json()
    except cleaner.RejectedDocument as exc:  # the documented refusal of binary data, not a crash
        assert str(exc).startswith("binary data, not text: "), exc


# Values a structured rule file draws from, besides random ones: the regexes, selectors and model
# names that reach the loader's and the rules' edge cases.
STRINGS = ["Share this", "(?P<authors>.+)", "^By (?P<authors>[A-Z].+)$", "(?P<published>\\w+ \\d+, \\d{4})",
           "(?P<caption>.*)", "(?P<title>.*)", "(", "[", "a{2,1}", "(?P<x>a)", "(?i)x", "", " ", "\\", "\\1",
           "\\g<caption>", "$", "^", ".*", "line-model.json", "missing.json", ".", "/dev/null", "fuzzed.toml",
           "p", "div.share", "a[", "::text", ":nth-child(", "p:contains('x')", "*", "first", "last", "line",
           "match", "none", "example.org", "www.Example.ORG"]
# Lists, not tuples: atheris's PickValueInList takes only lists.
TOP_KEYS = ["site", "rules", "examples", "html", "extra"]
SITE_KEYS = ["domains", "signatures", "description", "other"]
HTML_KEYS = ["drop", "title", "authors", "published", "other"]
EXAMPLE_KEYS = ["input", "rule", "url", "removed", "kept", "captions", "text", "title", "authors", "source",
                "dateline", "published", "fixes", "other"]
KIND_NAMES = [*KINDS, "nope"]
RULE_NAMES = ["a", "b", "header", "a.b"]
ALL_RULE_KEYS = list(sorted({*(key for kind in KINDS.values() for key in kind.all_keys), "other"}))


def toml_value(fdp, depth: int = 0) -> str:
    """A TOML value of any type: strings (often the loader's own), numbers (negative, huge, nan,
    inf), booleans, dates, arrays and inline tables."""
    choice = fdp.ConsumeIntInRange(0, 11 if depth < 2 else 7)
    if choice <= 2:
        return json.dumps(fdp.PickValueInList(STRINGS))
    if choice == 3:
        return json.dumps(fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 12)))
    if choice == 4:
        return str(fdp.PickValueInList([0, 1, 2, 3, 10, -1, 10**6, 2**63 - 1, -(2**63)]))
    if choice == 5:
        number = fdp.PickValueInList([0.0, 0.5, 1.0, 1.5, -0.1, 1e300, math.inf, -math.inf, math.nan])
        return {math.inf: "inf", -math.inf: "-inf"}.get(number, "nan" if math.isnan(number) else repr(number))
    if choice == 6:
        return fdp.PickValueInList(["true", "false"])
    if choice == 7:
        return fdp.PickValueInList(["1979-05-27", "07:32:00", "1979-05-27T07:32:00Z"])
    if choice <= 10:
        return "[" + ", ".join(toml_value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 3))) + "]"
    return "{" + ", ".join(f"{fdp.PickValueInList(ALL_RULE_KEYS)} = {toml_value(fdp, depth + 1)}"
                           for _ in range(fdp.ConsumeIntInRange(0, 3))) + "}"


def rule_file_from(data: bytes) -> bytes:
    """Valid TOML built by the fuzzer's choices: tables named like the loader's, rules of its kinds
    with its keys (and others), every value of any type. Tables and keys are written once each,
    since TOML forbids repeats."""
    fdp = atheris.FuzzedDataProvider(data)
    out, tables = [], set()
    for _ in range(fdp.ConsumeIntInRange(0, 6)):
        top = fdp.PickValueInList(TOP_KEYS)
        table = f"rules.{fdp.PickValueInList(RULE_NAMES)}" if top == "rules" else top
        if table in tables and top != "examples":
            continue
        tables.add(table)
        if top == "rules":
            out.append(f"[{table}]")
            out.append(f"kind = {json.dumps(fdp.PickValueInList(KIND_NAMES))}")
            keys = ALL_RULE_KEYS
        elif top == "examples":
            out.append("[[examples]]")
            keys = EXAMPLE_KEYS
        else:
            out.append(f"[{top}]")
            keys = {"site": SITE_KEYS, "html": HTML_KEYS}.get(top, ["x"])
        written = {"kind"}
        for _ in range(fdp.ConsumeIntInRange(0, 6)):
            key = fdp.PickValueInList(keys)
            if key not in written:
                written.add(key)
                out.append(f"{key} = {toml_value(fdp)}")
    return "\n".join(out).encode("utf-8")


class RuleFiles:
    """A temporary folder for the fuzzed rule file, beside the line model it may name."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="cleaner-fuzz-"))
        shutil.copy(ROOT / "rules" / "line-model.json", self.folder / "line-model.json")
        self.path = self.folder / "fuzzed.toml"
        self.generic = default_rulebook().generic

    def __call__(self, data: bytes) -> None:
        if data[:1] == b"\0":
            data = rule_file_from(data[1:])
        self.path.write_bytes(data)
        # The loader caches by path and mtime; two inputs written in the same clock tick would
        # otherwise be read as one.
        rulebook._load_rule_file_cached.cache_clear()
        loaded, problems = rulebook.load_rule_file(self.path)
        if loaded is None:
            return
        alone = rulebook.RuleBook((loaded,), tuple(problems))
        site = loaded.name if loaded.is_site else None
        with_generic = rulebook.RuleBook((loaded, *self.generic), tuple(problems))
        try:
            cleaner.normalize(PAGE, rules=alone, site=site, url=URLS[1])
            # The rule file's own text as page lines too: its patterns and texts then find lines
            # they match, which the fixed page alone rarely has.
            cleaner.normalize(PAGE + data.decode("utf-8", "replace")[:2000], rules=with_generic, site=site)
        except RuleTimeout:
            pass  # a pattern that backtracks without end, stopped by the time limit: the rule writer's
        except cleaner.RejectedDocument as exc:  # the rule file's bytes made the page binary data
            assert str(exc).startswith("binary data, not text: "), exc


def check_target(data: bytes) -> None:
    text = data.decode("utf-8", "surrogateescape")
    rules = default_rulebook()
    for selection in (check.Selection(), check.Selection(("ALL",))):
        findings, fixed = check.check_text(text, rules, selection)
        again, refixed = check.check_text(fixed, rules, selection)
        if again or refixed != fixed:
            raise AssertionError(f"a fixed text does not check clean: {again[:3]!r}, {fixed!r} -> {refixed!r}")


def write_seeds() -> None:
    """The seed corpus: each seed page in every normalize mode, each as check text, each rule file."""
    seeds = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
    for target in ("normalize", "rules", "check"):
        (CORPUS / target).mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        data = seed.read_bytes()
        for mode in range(MODES):
            (CORPUS / "normalize" / f"{seed.stem}-{mode:02d}").write_bytes(bytes([mode]) + data)
        (CORPUS / "check" / seed.stem).write_bytes(data)
    for rule_file in sorted((ROOT / "rules").glob("*.toml")):
        shutil.copy(rule_file, CORPUS / "rules" / rule_file.name)
    for n in range(8):  # structured recipes (see rule_file_from), from a few arbitrary choices
        (CORPUS / "rules" / f"recipe-{n}").write_bytes(b"\0" + bytes((n * 37 + i * 11) % 256 for i in range(64)))
    print(f"seeds written to {CORPUS}")


TARGETS = {"normalize": normalize_target, "rules": RuleFiles, "check": check_target}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in (*TARGETS, "seeds"):
        sys.exit(f"usage: {sys.argv[0]} {{seeds,{','.join(TARGETS)}}} [CORPUS ...] [libFuzzer flags]")
    name = sys.argv.pop(1)
    if name == "seeds":
        write_seeds()
        return
    target = TARGETS[name]
    if target is RuleFiles:
        target = RuleFiles()
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
