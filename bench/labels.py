#!/usr/bin/env python
"""Per-line content/boilerplate labels for a text dump, derived from the gold body.

    python bench/labels.py --data PATH [--limit N] [--kinds html_text,bs4,resiliparse]

Offline benchmark code (not part of the ``cleaner`` package): the labels are the
training target of the line classifier, and the report printed by ``main`` is the
*oracle* -- the score of keeping exactly the lines labelled content, i.e. the
ceiling of any line-level classifier on that kind of dump.

How a line is labelled (:func:`label_lines`)
--------------------------------------------
1. Both texts become token streams with the metric's tokeniser
   (:func:`bench.metrics.tokens`, ``\\w+``, case kept). The dump's tokens keep
   the number of the line they come from; a token never spans two lines.
2. The two streams are aligned *monotonically* (gold content appears in the
   dump in the same order) by :func:`align_tokens`, a patience-diff style
   recursion: the diagonal of a neighbouring match is extended into the current
   range (common prefix after a match on its left, common suffix before a match
   on its right -- never from an open page edge, so a teaser copy of the first
   paragraph at the top of the page does not win over the body copy); then
   word 4-shingles that occur exactly once in the dump range and exactly once in
   the gold range are anchors; the longest chain of anchors increasing on both
   sides is kept and the recursion goes on in the gaps between them (where
   uniqueness is judged again, so text that is repeated page-wide, such as a
   menu, can still be matched locally). A range with no unique anchor falls back
   to the longest monotone chain of all its shingle matches, and a range with no
   shingle match at all (a short heading between two ads, a gold shorter than 4
   tokens) to :class:`difflib.SequenceMatcher` on the tokens, keeping only
   blocks of >= 2 tokens or blocks that cover the whole gold side of the range.
   Every gold token is matched at most once: that is what makes the labels
   multiset-aware -- a menu item that also occurs once in the body is matched
   at the body's position only, not at every menu copy, and a paragraph that the
   dump repeats (teaser + body) is matched once.
3. A line with tokens is content when a strict majority of its tokens are
   matched (for lines of >= 4 tokens that is, up to the edges, "most of its
   4-shingles occur, in order, in the gold"; for shorter lines it means "its
   tokens occur in sequence at the aligned place of the gold").
4. A non-blank line without any ``\\w`` token (``•``, ``|``, ``!).`` in bs4
   dumps) is content when the nearest token-bearing lines before and after it
   are both content: it does not change any score, and this keeps runs of
   content lines unbroken.

Split: :func:`bench.run.assign_splits` (by site, within each language).
Scores: :mod:`bench.metrics` (shingle F1 with the corpus rules of the README).
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import math
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.metrics import SHINGLE_SIZE, corpus_prf, count_overlap, shingles, tokens  # noqa: E402

__all__ = ["DUMP_KINDS", "LONG_LINE_TOKENS", "align_tokens", "content_text", "label_lines",
           "load_pages", "runs_of"]

# The three text dumps of a record (the labels are per dump line; the raw ``html`` has no lines to label).
DUMP_KINDS = ("html_text", "bs4", "resiliparse")

K = SHINGLE_SIZE
# SequenceMatcher fallback only on gaps smaller than this (dump tokens x gold tokens).
_FALLBACK_CELLS = 4_000_000
# A shingle occurring more often than this in the gold range is not used by the
# non-unique fallback chain (keeps the number of candidate pairs bounded).
_MAX_OCC = 16
# "Long paragraph" for the run statistics of the report.
LONG_LINE_TOKENS = 25


# ----------------------------------------------------------------- alignment


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain of (i, j) pairs strictly increasing in both i and j.

    Patience sorting: pairs sorted by i ascending and, for equal i, j descending
    (so two pairs of the same i never chain). O(P log P).
    """
    pairs = sorted(pairs, key=lambda p: (p[0], -p[1]))
    tails: list[int] = []  # tails[L] = smallest j ending a chain of length L+1
    tail_idx: list[int] = []
    prev: list[int] = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(n)
        else:
            tails[pos] = j
            tail_idx[pos] = n
        prev[n] = tail_idx[pos - 1] if pos else -1
    chain: list[tuple[int, int]] = []
    n = tail_idx[-1] if tail_idx else -1
    while n >= 0:
        chain.append(pairs[n])
        n = prev[n]
    chain.reverse()
    return chain


def _anchor_pairs(d: list[str], g: list[str], ia: int, ib: int, ja: int, jb: int,
                  unique: bool) -> list[tuple[int, int]]:
    """Shingle matches (i, j) inside the ranges; with ``unique``, only shingles occurring once on each side."""
    gpos: dict[tuple, list[int]] = defaultdict(list)
    for j in range(ja, jb - K + 1):
        gpos[tuple(g[j : j + K])].append(j)
    if not gpos:
        return []
    pairs: list[tuple[int, int]] = []
    if unique:
        dcount: Counter = Counter()
        dfirst: dict[tuple, int] = {}
        for i in range(ia, ib - K + 1):
            s = tuple(d[i : i + K])
            if s in gpos:
                dcount[s] += 1
                dfirst.setdefault(s, i)
        for s, c in dcount.items():
            js = gpos[s]
            if c == 1 and len(js) == 1:
                pairs.append((dfirst[s], js[0]))
    else:
        for i in range(ia, ib - K + 1):
            js = gpos.get(tuple(d[i : i + K]))
            if js and len(js) <= _MAX_OCC:
                pairs.extend((i, j) for j in js)
    return pairs


def align_tokens(d: list[str], g: list[str]) -> list[int]:
    """Monotone alignment of dump tokens ``d`` to gold tokens ``g``.

    Returns, for every dump token, the index of the gold token it is matched to,
    or -1. Matched pairs are strictly increasing on both sides (so each gold
    token is used at most once). See the module docstring for the procedure.
    """
    match = [-1] * len(d)
    # (dump range, gold range, is the left / right edge next to a matched pair?)
    stack = [(0, len(d), 0, len(g), False, False)]
    while stack:
        ia, ib, ja, jb, left, right = stack.pop()
        # continue the diagonal of a neighbouring match (only from an edge that has one:
        # at the top level a leading teaser copy of the first paragraph must not win)
        if left:
            while ia < ib and ja < jb and d[ia] == g[ja]:
                match[ia] = ja
                ia += 1
                ja += 1
        if right:
            while ia < ib and ja < jb and d[ib - 1] == g[jb - 1]:
                match[ib - 1] = jb - 1
                ib -= 1
                jb -= 1
        if ia >= ib or ja >= jb:
            continue
        chain: list[tuple[int, int]] = []
        if ib - ia >= K and jb - ja >= K:
            chain = _lis(_anchor_pairs(d, g, ia, ib, ja, jb, unique=True))
            if not chain:
                chain = _lis(_anchor_pairs(d, g, ia, ib, ja, jb, unique=False))
        if chain:
            pi, pj, pl = ia, ja, left  # start of the gap before the next anchor
            for i, j in chain:
                if i < pi or j < pj:  # overlaps the previous anchor on another diagonal
                    continue
                if i > pi and j > pj:
                    stack.append((pi, i, pj, j, pl, True))
                for t in range(K):
                    match[i + t] = j + t
                pi, pj, pl = i + K, j + K, True
            if pi < ib and pj < jb:
                stack.append((pi, ib, pj, jb, True, right))
            continue
        if (ib - ia) * (jb - ja) > _FALLBACK_CELLS:
            continue
        gl = jb - ja
        sm = difflib.SequenceMatcher(None, d[ia:ib], g[ja:jb], autojunk=False)
        for a, b, size in sm.get_matching_blocks():
            if size >= 2 or (size and size == gl):
                for t in range(size):
                    match[ia + a + t] = ja + b + t
    return match


# ------------------------------------------------------------------ labelling


def label_lines(dump_text: str, gold_body: str) -> list[tuple[int, str, bool]]:
    """(1-based line number in ``dump_text.split("\\n")``, line text, is_content) for every non-blank line.

    A line is content when a strict majority of its ``\\w+`` tokens are aligned
    to the gold body by :func:`align_tokens`; a non-blank line without tokens
    is content when the closest token-bearing lines on both sides are content.
    An empty gold gives no content line.
    """
    lines = dump_text.split("\n")
    kept: list[tuple[int, str]] = [(n, ln) for n, ln in enumerate(lines, 1) if ln.strip()]
    d: list[str] = []
    spans: list[tuple[int, int]] = []
    for _, ln in kept:
        toks = tokens(ln)
        spans.append((len(d), len(d) + len(toks)))
        d.extend(toks)
    g = tokens(gold_body)
    match = align_tokens(d, g) if d and g else [-1] * len(d)
    flags: list[bool | None] = []
    for a, b in spans:
        if a == b:
            flags.append(None)
        else:
            m = sum(1 for x in match[a:b] if x >= 0)
            flags.append(2 * m > b - a)
    # token-less lines: content iff both neighbouring token lines are content
    out: list[tuple[int, str, bool]] = []
    last: bool | None = None
    nxt: list[bool | None] = [None] * len(flags)
    following: bool | None = None
    for k in range(len(flags) - 1, -1, -1):
        nxt[k] = following
        if flags[k] is not None:
            following = flags[k]
    for k, ((n, ln), f) in enumerate(zip(kept, flags)):
        if f is None:
            f = bool(last) and bool(nxt[k])
        else:
            last = f
        out.append((n, ln, f))
    return out


def content_text(labels: list[tuple[int, str, bool]]) -> str:
    """The oracle prediction: the content lines, stripped, joined by a blank line."""
    return "\n\n".join(ln.strip() for _, ln, c in labels if c)


def runs_of(flags: list[bool]) -> list[tuple[int, int]]:
    """Maximal runs of True in ``flags`` as (start, end) index pairs, end exclusive."""
    runs: list[tuple[int, int]] = []
    start = None
    for k, f in enumerate(flags):
        if f and start is None:
            start = k
        elif not f and start is not None:
            runs.append((start, k))
            start = None
    if start is not None:
        runs.append((start, len(flags)))
    return runs


# ----------------------------------------------------------------------- data


def load_pages(path: Path, limit: int | None = None):
    """The records of the data set, as ``bench.run`` reads them (id, half, dumps, gold body)."""
    from bench.run import load_records

    return load_records(path, limit)


def parse_report_args(prog: str, description: str, argv: list[str] | None):
    """The command line shared by the offline reports: ``--data``, ``--limit``, ``--kinds``.
    Returns the arguments with ``kinds`` as a list, or exits 2 with a message."""
    ap = argparse.ArgumentParser(prog=prog, description=description)
    ap.add_argument("--data", required=True, help="wcxb-dev-articles.jsonl.gz (or .jsonl)")
    ap.add_argument("--limit", type=int, default=None, help="first N records of the file (before splitting)")
    ap.add_argument("--kinds", default=",".join(DUMP_KINDS), help="comma list of dump kinds")
    args = ap.parse_args(argv)
    args.kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if any(k not in DUMP_KINDS for k in args.kinds) or not args.kinds:
        ap.error(f"--kinds: choose from {','.join(DUMP_KINDS)}")
    if not Path(args.data).is_file():
        print(f"{prog}: data file not found: {args.data}", file=sys.stderr)
        raise SystemExit(2)
    return args


# --------------------------------------------------------------------- report


def _pct(values: list[float], q: float) -> float:
    if not values:
        return math.nan
    s = sorted(values)
    return s[min(len(s) - 1, int(q * (len(s) - 1) + 0.5))]


class _Stats:
    """Per (kind, half) accumulators of the oracle report."""

    def __init__(self) -> None:
        self.oracle: list[tuple[int, int, int]] = []
        self.span: list[tuple[int, int, int]] = []
        self.main_run: list[tuple[int, int, int]] = []
        self.lines = 0
        self.content_lines = 0
        self.page_frac: list[float] = []
        self.runs: list[int] = []
        self.one_run = 0
        self.pages_with_content = 0
        self.main_share: list[float] = []  # content tokens in the largest run / all content tokens
        self.tail_after_long: list[int] = []  # content lines after the last long content line
        self.long_bp_after: list[int] = []  # long boilerplate lines after the last content line
        self.long_bp_inside: list[int] = []  # long boilerplate lines between first and last content line


def _page_summary(labels: list[tuple[int, str, bool]], gold_sh: Counter) -> dict:
    """Everything the report needs from one labelled page (computed once, added to each half)."""
    flags = [c for _, _, c in labels]
    ntok = [len(tokens(ln)) for _, ln, _ in labels]
    out: dict = {"oracle": count_overlap(shingles(content_text(labels)), gold_sh),
                 "lines": len(flags), "content": sum(flags), "runs": runs_of(flags)}
    runs = out["runs"]
    if not runs:
        out["span"] = out["main_run"] = count_overlap(Counter(), gold_sh)
        return out
    first, last = runs[0][0], runs[-1][1]
    out["span"] = count_overlap(shingles("\n\n".join(ln.strip() for _, ln, _ in labels[first:last])), gold_sh)
    run_tok = [sum(ntok[a:b]) for a, b in runs]
    best = max(range(len(runs)), key=lambda k: run_tok[k])
    a, b = runs[best]
    out["main_run"] = count_overlap(shingles("\n\n".join(ln.strip() for _, ln, _ in labels[a:b])), gold_sh)
    out["main_share"] = run_tok[best] / max(1, sum(run_tok))
    long_content = [k for k, f in enumerate(flags) if f and ntok[k] >= LONG_LINE_TOKENS]
    out["tail"] = sum(flags[long_content[-1] + 1 :]) if long_content else None
    out["lbp_after"] = sum(1 for k in range(last, len(flags)) if ntok[k] >= LONG_LINE_TOKENS)
    out["lbp_inside"] = sum(1 for k in range(first, last) if not flags[k] and ntok[k] >= LONG_LINE_TOKENS)
    return out


def _add_page(st: _Stats, page: dict) -> None:
    st.oracle.append(page["oracle"])
    st.span.append(page["span"])
    st.main_run.append(page["main_run"])
    st.lines += page["lines"]
    st.content_lines += page["content"]
    if page["lines"]:
        st.page_frac.append(page["content"] / page["lines"])
    runs = page["runs"]
    if not runs:
        return
    st.pages_with_content += 1
    st.runs.append(len(runs))
    st.one_run += len(runs) == 1
    st.main_share.append(page["main_share"])
    if page["tail"] is not None:
        st.tail_after_long.append(page["tail"])
    st.long_bp_after.append(page["lbp_after"])
    st.long_bp_inside.append(page["lbp_inside"])


def _fmt_prf(counts: list[tuple[int, int, int]]) -> str:
    p, r, f1 = corpus_prf(counts)
    return f"{f1:.3f}  {p:.3f}  {r:.3f}"


def main(argv: list[str] | None = None) -> int:
    args = parse_report_args("bench/labels.py", __doc__.split("\n\n")[0], argv)
    kinds = args.kinds
    t0 = time.perf_counter()
    records = load_pages(Path(args.data), args.limit)
    gold_sh = [shingles(r.body) for r in records]
    halves = ("tune", "holdout", "all")
    stats = {(k, h): _Stats() for k in kinds for h in halves}
    for kind in kinds:
        t1 = time.perf_counter()
        for rec, gsh in zip(records, gold_sh):
            page = _page_summary(label_lines(rec.dumps[kind], rec.body), gsh)
            for h in (rec.split, "all"):
                _add_page(stats[kind, h], page)
        print(f"  {kind:<12} labelled in {time.perf_counter() - t1:.1f} s", file=sys.stderr)

    print(f"Oracle: keep exactly the lines labelled content ({len(records)} records"
          + (f", first {args.limit}" if args.limit else "") + "). Shingle F1 / P / R, corpus means.")
    print("  oracle = content lines only; span = everything from the first to the last content line;")
    print("  main run = the run of consecutive content lines with the most tokens (blank lines ignored).")
    print()
    hdr = f"{'kind':<12} {'half':<8} {'n':>4}  {'oracle F1   P      R':<20}  {'span F1     P      R':<20}  {'main run F1 P      R':<20}"
    print(hdr)
    print("-" * len(hdr))
    for kind in kinds:
        for h in halves:
            st = stats[kind, h]
            print(f"{kind:<12} {h:<8} {len(st.oracle):>4}  {_fmt_prf(st.oracle):<20}  "
                  f"{_fmt_prf(st.span):<20}  {_fmt_prf(st.main_run):<20}")
    print()
    print("Line and run structure (non-blank lines; a run = consecutive content lines):")
    print(f"  long line = >= {LONG_LINE_TOKENS} tokens. 'tail' = content lines after the last long content line;")
    print("  'long bp after' = long boilerplate lines after the last content line (comments, teasers);")
    print("  'long bp inside' = long boilerplate lines between the first and the last content line.")
    hdr2 = (f"{'kind':<12} {'half':<8} {'content':>7} {'pg mean':>7} {'1 run':>6} {'runs med':>8} {'p90':>4} "
            f"{'main%':>6} {'tail med':>8} {'p90':>4} {'>0':>5} {'lbpA>0':>7} {'lbpI>0':>7}")
    print(hdr2)
    print("-" * len(hdr2))
    for kind in kinds:
        for h in halves:
            st = stats[kind, h]
            npg = max(1, st.pages_with_content)
            tail = st.tail_after_long
            print(f"{kind:<12} {h:<8} {st.content_lines / max(1, st.lines):>7.3f} "
                  f"{statistics.fmean(st.page_frac) if st.page_frac else math.nan:>7.3f} "
                  f"{st.one_run / npg:>6.3f} {_pct(st.runs, 0.5):>8} {_pct(st.runs, 0.9):>4} "
                  f"{statistics.fmean(st.main_share) if st.main_share else math.nan:>6.3f} "
                  f"{_pct(tail, 0.5):>8} {_pct(tail, 0.9):>4} "
                  f"{sum(1 for x in tail if x > 0) / max(1, len(tail)):>5.2f} "
                  f"{sum(1 for x in st.long_bp_after if x > 0) / npg:>7.3f} "
                  f"{sum(1 for x in st.long_bp_inside if x > 0) / npg:>7.3f}")
    print("  content = content lines / all lines; pg mean = mean per page; 1 run = share of pages whose content")
    print("  is one run; main% = mean share of content tokens in the largest run; '>0' = share of pages with a")
    print("  non-empty tail; lbpA>0 / lbpI>0 = share of pages with >= 1 long boilerplate line after / inside.")
    print(f"total {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
