#!/usr/bin/env python
"""How fast ``cleaner.normalize`` runs on one data set depending on what the process did before:
the experiment behind running each data set of ``bench/run.py`` and ``bench/profile.py`` in a
process of its own (docs/benchmarks.md, 2026-12-04, night).

    python bench/heapstate.py --first PATH --then PATH [--kind html_text]

Three cases, each in a fresh process, each printing cleaner's and ftfy's milliseconds a page on
``--then`` (``bench/profile.py``'s loop: a page through cleaner, then through ftfy):

- kept: ``--first`` profiled, then ``--then`` read while the first set's records are still
  held, and the first set freed after (what ``records = load_records(...)`` in a loop does);
- freed: the same, with the first set's records freed before ``--then`` is read;
- command line: ``cleaner normalize -j 1`` over ``--then``'s dumps as JSONL, with each call of
  ``normalize`` timed inside the command (no ftfy between pages; the first 30 pages not counted).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import in_fresh_process, load_records  # noqa: E402


def after_first(first: str, then: str, kind: str, free: bool) -> tuple[float, float]:
    """cleaner's and ftfy's ms a page on ``then``, profiled after ``first`` in this process."""
    from bench.profile import profile_kind

    records = load_records(Path(first))
    profile_kind(records, kind)
    if free:
        del records
    records = load_records(Path(then))
    result = profile_kind(records, kind)
    pages = len(records)
    return sum(result["pages"]) / pages * 1e3, sum(result["ftfy"]) / pages * 1e3


def in_command(path: str) -> float:
    """ms a page of each ``normalize`` call inside ``cleaner normalize -j 1`` over ``path``."""
    import cleaner.batch
    from cleaner import cli

    real, seconds = cleaner.batch.normalize, []

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            seconds.append(time.perf_counter() - start)

    cleaner.batch.normalize = timed
    try:
        cli.main(["normalize", "-q", "-j", "1", path, "-o", os.devnull])
    finally:
        cleaner.batch.normalize = real
    return sum(seconds[30:]) / max(1, len(seconds) - 30) * 1e3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--first", required=True)
    parser.add_argument("--then", required=True)
    parser.add_argument("--kind", default="html_text")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        jsonl = Path(folder) / "then.jsonl"
        with open(jsonl, "w", encoding="utf-8") as out:
            for rec in load_records(Path(args.then)):
                out.write(json.dumps({"id": rec.id, "url": rec.url, "text": rec.dumps[args.kind]},
                                     ensure_ascii=False) + "\n")
        for case, free in (("kept", False), ("freed", True)):
            cleaner_ms, ftfy_ms = in_fresh_process(after_first, args.first, args.then, args.kind, free)
            print(f"{case:8s} cleaner {cleaner_ms:.2f} ms a page, ftfy {ftfy_ms:.2f}")
        print(f"command  cleaner {in_fresh_process(in_command, str(jsonl)):.2f} ms a page (no ftfy between pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
