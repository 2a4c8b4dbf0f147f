#!/usr/bin/env python
"""Where the time goes: milliseconds a page in each step of ``cleaner.normalize``, by input, beside
``ftfy.fix_text`` alone on the same input, and how the time grows with the page's size.

    python bench/profile.py --data PATH [--data PATH ...] [--kinds html_text,html] [--markdown FILE]

One core, each data set in a fresh process of its own (a spawned interpreter when there are
several: run second in the process of the first, cleaner ran up to 10% slower, in four tries of
six, and ftfy did not; bench/run.py's docstring). Each page goes through :data:`cleaner.pipeline.STEPS` and
:func:`cleaner.steps.assemble.article`, as ``normalize`` runs them, with ``time.perf_counter``
around each step and around the calls inside them that cost most: each generic rule kind, and
inside the line model its features (and the page-language guess in them), its lexicon, its trees (both
stages) and its decision; for HTML, the parse, the markup's metadata (htmldate's search and the
byline search inside it) and the flattening. A call inside another is shown indented under it
and counted in it too. Thirty pages run untimed first, and the first page of each language
(bench/run.py's warm-up). Times vary with the machine's load by
several per cent between runs: compare rows of one run.

The size curve sorts the pages by size into quarters and gives, for each, cleaner's and ftfy's
milliseconds a page and MB/s, and the least-squares line of cleaner's time against size over all
pages: a cost that grows linearly with size keeps ms per KB about level across the quarters.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).absolute().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import Record, cpu_model, in_fresh_process, load_records, table, warm_up_records  # noqa: E402

WARM_UP = 30


class Timers:
    """Named running totals of seconds, and the wrappers that add to them."""

    def __init__(self) -> None:
        self.total: dict[str, float] = defaultdict(float)
        self._restore: list[tuple[Any, str, Any]] = []

    def timed(self, label: str, func: Callable) -> Callable:
        total, perf = self.total, time.perf_counter

        def wrapper(*args, **kwargs):
            start = perf()
            try:
                return func(*args, **kwargs)
            finally:
                total[label] += perf() - start

        return wrapper

    def wrap(self, owner: Any, name: str, label: str) -> None:
        """Time every call of ``owner.name`` (a module function, a method, or a dict entry)."""
        if isinstance(owner, dict):
            original = owner[name]
            owner[name] = self.timed(label, original)
        else:
            original = getattr(owner, name)
            setattr(owner, name, self.timed(label, original))
        self._restore.append((owner, name, original))

    def unwrap(self) -> None:
        for owner, name, original in reversed(self._restore):
            if isinstance(owner, dict):
                owner[name] = original
            else:
                setattr(owner, name, original)
        self._restore.clear()


# (label, depth) in report order; a label no page reached is left out.
ROWS = [
    ("decode", 0),
    ("extract_html", 0), ("parse", 1), ("metadata (markup)", 1), ("htmldate", 2), ("byline search", 2),
    ("flatten (html-text)", 1),
    ("repair_text", 0), ("split_lines", 0), ("resolve_site", 0), ("site_rules", 0),
    ("generic_rules", 0),
]
LINE_MODEL_ROWS = [("features", 2), ("page language", 3), ("lexicon", 2), ("trees (2 stages)", 2),
                   ("context", 2), ("decision", 2)]
TAIL_ROWS = [("learned_rules", 0), ("metadata", 0), ("language", 1), ("assemble", 0)]


def instrument(timers: Timers) -> None:
    from cleaner import htmlmeta, linefeatures, linemodel
    from cleaner.kinds import KINDS, model
    from cleaner.steps import extract_html, metadata

    for name, kind in list(KINDS.items()):  # a kind is a frozen declaration: time a copy with its apply wrapped
        KINDS[name] = replace(kind, apply=timers.timed(f"kind:{name}", kind.apply))
        timers._restore.append((KINDS, name, kind))
    timers.wrap(model, "read_page", "features")
    timers.wrap(linefeatures, "page_language", "page language")
    timers.wrap(linefeatures, "_hashed_language", "page language")
    timers.wrap(linemodel.Lexicon, "features", "lexicon")
    timers.wrap(linemodel.Forest, "margin", "trees (2 stages)")
    timers.wrap(linemodel, "context_features", "context")
    timers.wrap(linemodel, "decide", "decision")
    timers.wrap(metadata, "detect_language", "language")
    timers.wrap(extract_html, "load_html", "parse")
    timers.wrap(htmlmeta, "read", "metadata (markup)")
    timers.wrap(htmlmeta, "fallback_date", "htmldate")
    timers.wrap(htmlmeta, "_byline_element", "byline search")
    timers.wrap(htmlmeta, "flat_text", "flatten (html-text)")


def profile_kind(records: list[Record], kind: str) -> dict:
    """Per-step totals, per-page seconds of cleaner and of ftfy, and page sizes for one input kind."""
    import ftfy

    import cleaner
    from cleaner import pipeline
    from cleaner.config import DEFAULT
    from cleaner.document import Document
    from cleaner.steps import assemble

    rulebook = pipeline.default_rulebook()
    steps = [(step.__module__.rsplit(".", 1)[-1], step) for step in pipeline.STEPS]
    for rec in records[:WARM_UP] + warm_up_records(records):
        cleaner.normalize(rec.dumps[kind], url=rec.url)
        ftfy.fix_text(rec.dumps[kind])
    timers = Timers()
    instrument(timers)
    perf = time.perf_counter
    page_seconds, ftfy_seconds, sizes = [], [], []
    try:
        for rec in records:
            text = rec.dumps[kind]
            start = perf()
            doc = Document(raw=text, url=rec.url, id=None, forced_site=None, is_html=None)
            for name, step in steps:
                t0 = perf()
                step(doc, rulebook, DEFAULT)
                timers.total[name] += perf() - t0
            t0 = perf()
            assemble.article(doc)
            timers.total["assemble"] += perf() - t0
            page_seconds.append(perf() - start)
            t0 = perf()
            ftfy.fix_text(text)
            ftfy_seconds.append(perf() - t0)
            sizes.append(len(text.encode("utf-8")))
    finally:
        timers.unwrap()
    return {"totals": dict(timers.total), "pages": page_seconds, "ftfy": ftfy_seconds, "sizes": sizes}


def step_rows(result: dict) -> list[tuple[str, float, float]]:
    """(indented label, ms a page, share of the page's time) in report order."""
    totals, n = result["totals"], len(result["pages"])
    whole = sum(result["pages"])
    kinds = sorted((label for label in totals if label.startswith("kind:")), key=lambda k: -totals[k])
    order = list(ROWS)
    for label in kinds:
        order.append((label, 1))
        if label == "kind:line-model":
            order.extend(LINE_MODEL_ROWS)
    order.extend(TAIL_ROWS)
    rows = []
    for label, depth in order:
        if label not in totals:
            continue
        name = label.split(":", 1)[-1]
        rows.append(("  " * depth + name, totals[label] / n * 1000, totals[label] / whole))
    rows.append(("total (cleaner.normalize)", whole / n * 1000, 1.0))
    rows.append(("ftfy.fix_text alone, same input", sum(result["ftfy"]) / n * 1000, sum(result["ftfy"]) / whole))
    return rows


def size_curve(result: dict) -> tuple[list[list[str]], str]:
    """Rows of the size quarters, and the least-squares line of ms against KB."""
    pages = sorted(zip(result["sizes"], result["pages"], result["ftfy"]))
    n = len(pages)
    rows = []
    for q in range(4):
        part = pages[q * n // 4 : (q + 1) * n // 4]
        if not part:
            continue
        kb = sum(p[0] for p in part) / 1000
        ours, ftfy_s = sum(p[1] for p in part), sum(p[2] for p in part)
        rows.append([f"Q{q + 1}", f"{part[0][0] / 1000:.1f}–{part[-1][0] / 1000:.1f}", f"{kb / len(part):.1f}",
                     f"{ours / len(part) * 1000:.2f}", f"{ours * 1000 / kb:.3f}",
                     f"{kb / 1000 / ours:.2f}", f"{kb / 1000 / ftfy_s:.2f}", f"{ftfy_s / ours:.2f}×"])
    xs = [p[0] / 1000 for p in pages]
    ys = [p[1] * 1000 for p in pages]
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    slope = sxy / sxx if sxx else 0.0
    intercept = my - slope * mx
    ss_res = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys))
    ss_tot = sum((y - my) ** 2 for y in ys) or 1.0
    fit = f"ms = {intercept:.2f} + {slope:.3f} × KB (R² {1 - ss_res / ss_tot:.2f}, {n} pages)"
    return rows, fit


CURVE_HEAD = ["quarter", "KB range", "mean KB", "ms/page", "ms/KB", "cleaner MB/s", "ftfy MB/s", "cleaner ÷ ftfy"]


def report(results: list[tuple[str, str, dict]], markdown: bool) -> str:
    parts = []
    for name, kind, result in results:
        n = len(result["pages"])
        parts.append(f"{'### ' if markdown else '== '}{name}, {kind} ({n} pages)\n")
        rows = [[label, f"{ms:.2f}", f"{share:.0%}"] for label, ms, share in step_rows(result)]
        if markdown:
            rows = [[row[0].replace("  ", "&nbsp;&nbsp;"), *row[1:]] for row in rows]
        parts.append(table(["step", "ms/page", "share"], rows, markdown) + "\n")
        curve, fit = size_curve(result)
        parts.append(table(CURVE_HEAD, curve, markdown) + "\n")
        parts.append(f"{fit}\n")
    return "\n".join(parts)


def profile_set(path: str, kinds: list[str], limit: int | None) -> list[tuple[str, str, dict]]:
    """(set, kind, :func:`profile_kind`'s result) for each of ``kinds`` of one data set."""
    records = load_records(Path(path), limit)
    results = []
    for kind in kinds:
        t0 = time.perf_counter()
        results.append((Path(path).name, kind, profile_kind(records, kind)))
        print(f"  {Path(path).name:<28} {kind:<10} {time.perf_counter() - t0:6.1f} s", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/profile.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, action="append", help="a data set (.jsonl or .jsonl.gz); repeat for more")
    ap.add_argument("--kinds", default="html_text,html", help="comma list of inputs (default: html_text,html)")
    ap.add_argument("--limit", type=int, default=None, help="first N records of each file")
    ap.add_argument("--markdown", metavar="FILE", default=None, help="also write the report as Markdown")
    args = ap.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    results = []
    missing = [path for path in args.data if not Path(path).is_file()]
    if missing:
        print(f"bench/profile.py: data file not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    for path in args.data:
        # alone, the set has this process to itself; else each set gets a fresh one
        results += (profile_set(path, kinds, args.limit) if len(args.data) == 1
                    else in_fresh_process(profile_set, path, kinds, args.limit))
    print(report(results, markdown=False))
    if args.markdown:
        head = (f"# Profile: where the time goes\n\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
                f"{cpu_model()}, Python {platform.python_version()}, one core.\n"
                f"`python bench/profile.py {' '.join(argv if argv is not None else sys.argv[1:])}`\n\n")
        Path(args.markdown).write_text(head + report(results, markdown=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
