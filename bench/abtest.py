#!/usr/bin/env python
"""Time the working tree's cleaner against another revision's, page by page, in one process.

    python bench/abtest.py --base REV --data PATH [--data PATH ...] [--kinds html_text] [--rounds 2]

On a shared host whose speed drifts by a fifth within minutes, two profile runs one after the
other differ by more than most speed changes. Here both versions run in one process: REV's
``cleaner/`` and ``rules/`` (``git archive``) are imported under the package name ``cleaner_base``,
and each page is normalised by one version then the other, the order alternating page by page
and round by round, so drift falls on both alike. Each side's CPU time (``time.process_time``)
around ``normalize`` is summed; the report gives ms a page for each and their ratio, and how many
pages' JSON differ between the two (0 for a change that is only about speed). Every page is run
once untimed first, where the outputs are compared: REV's compiled loops are compiled on their
first use (in a temporary folder), and some are first used deep in a set.
Not part of ``make bench``: a tool for telling what one change is worth.

Exit status: 0; 2 for a bad argument, a missing data file or a revision git cannot export.
"""

from __future__ import annotations

import argparse
import importlib
import io
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import Record, load_records  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BASE = "cleaner_base"
# The package's own imports and resource lookups, renamed for the copy.
_RENAMES = [(re.compile(r"\bfrom cleaner\."), f"from {BASE}."),
            (re.compile(r"\bfrom cleaner import\b"), f"from {BASE} import"),
            (re.compile(r"\bimport cleaner\."), f"import {BASE}."),
            (re.compile(r'files\("cleaner"\)'), f'files("{BASE}")')]


def export_base(rev: str, into: Path) -> None:
    """REV's ``cleaner/`` as ``into/cleaner_base``, its imports renamed, with REV's ``rules/``
    inside it as ``_rules`` (where an installed package keeps its built-in rules)."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "cleaner", "rules"],
                          check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(into, filter="data")
    package = into / BASE
    (into / "cleaner").rename(package)
    (into / "rules").rename(package / "_rules")
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern, replacement in _RENAMES:
            text = pattern.sub(replacement, text)
        path.write_text(text, encoding="utf-8")


def compare(base: ModuleType, head: ModuleType, records: list[Record], kind: str,
            rounds: int) -> tuple[float, float, int, int, list[float]]:
    """Seconds a page for base and head, pages timed, pages whose JSON differs, and each round's
    head/base (NaN for a round in which base took no measurable time): how far apart the rounds
    are is the noise a reader weighs the ratio against."""
    pages = [(rec.dumps[kind], rec.url) for rec in records if rec.dumps.get(kind)]
    # An untimed pass over every page first, which compares the outputs: a compiled loop is compiled
    # (or loaded from numba's cache) on its first use, and a page deep in the set can be the first
    # to need one (the lexicon's, on daniel-dev's first page in a language that has a lexicon, 4 s).
    differ = sum(base.normalize(text, url=url).to_json() != head.normalize(text, url=url).to_json()
                 for text, url in pages)
    clock = time.process_time
    spent = {"base": 0.0, "head": 0.0}
    per_round = []
    for turn in range(rounds):
        this = {"base": 0.0, "head": 0.0}
        for k, (text, url) in enumerate(pages):
            order = (("base", base), ("head", head)) if (k + turn) % 2 else (("head", head), ("base", base))
            for name, module in order:
                start = clock()
                module.normalize(text, url=url)
                this[name] += clock() - start
        per_round.append(this["head"] / this["base"] if this["base"] else float("nan"))
        spent["base"] += this["base"]
        spent["head"] += this["head"]
    timed = len(pages) * rounds
    return spent["base"] / max(timed, 1), spent["head"] / max(timed, 1), len(pages), differ, per_round


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/abtest.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="the revision to compare the working tree with (git rev)")
    ap.add_argument("--data", required=True, action="append", help="a data set (.jsonl or .jsonl.gz); repeat for more")
    ap.add_argument("--kinds", default="html_text", help="comma list of inputs (default: html_text)")
    ap.add_argument("--rounds", type=int, default=2, help="times each page is timed on each side (default: 2)")
    ap.add_argument("--limit", type=int, default=None, help="first N records of each file")
    args = ap.parse_args(argv)
    if args.rounds < 1:
        print("bench/abtest.py: --rounds must be at least 1", file=sys.stderr)
        return 2
    for path in args.data:
        if not Path(path).is_file():
            print(f"bench/abtest.py: data file not found: {path}", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory(prefix="cleaner-abtest-") as tmp:
        try:
            export_base(args.base, Path(tmp))
        except subprocess.CalledProcessError as exc:
            print(f"bench/abtest.py: cannot export {args.base!r}: {exc.stderr.decode(errors='replace').strip()}",
                  file=sys.stderr)
            return 2
        sys.path.insert(0, tmp)
        base = importlib.import_module(BASE)
        head = importlib.import_module("cleaner")
        print(f"base {args.base} against the working tree, {args.rounds} round(s), CPU ms a page")
        print(f"{'set':<28} {'kind':<12} {'pages':>6} {'base':>8} {'head':>8} {'head/base':>10} {'differ':>7}"
              "  each round's head/base")
        for path in args.data:
            records = load_records(Path(path), args.limit)
            for kind in (k.strip() for k in args.kinds.split(",") if k.strip()):
                before, after, pages, differ, per_round = compare(base, head, records, kind, args.rounds)
                print(f"{Path(path).name:<28} {kind:<12} {pages:>6} {before * 1e3:>8.3f} {after * 1e3:>8.3f} "
                      f"{after / before if before else float('nan'):>10.3f} {differ:>7}  "
                      + " ".join(f"{ratio:.3f}" for ratio in per_round))
    return 0


if __name__ == "__main__":
    sys.exit(main())
