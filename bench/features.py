#!/usr/bin/env python
"""Per-line features of text dumps vs the gold-derived labels, and greedy contiguity baselines.

    python bench/features.py --data PATH [--limit N] [--kinds html_text,bs4,resiliparse]

Offline analysis for the design of the line classifier (not part of the ``cleaner``
package). Labels come from :func:`bench.labels.label_lines`; scores from
:mod:`bench.metrics` (shingle F1, corpus rules); halves from ``bench.run.assign_splits``.

Part 1, on the tune half only: for every feature of :func:`line_features`, its
distribution over content lines and over boilerplate lines (mean, 10th / 50th /
90th percentile) and its AUC (probability that a random content line has a
higher value than a random boilerplate line, ties count half; 0.5 = useless,
< 0.5 = the feature points to boilerplate).

Part 2: greedy baselines, scored on the tune and the holdout half (they have
one threshold each and nothing fitted, so the holdout row is a check, not a
fit): a *seed* is a line of >= N words that ends with terminal punctuation;

- ``seeds``     keep the seeds only;
- ``span``      keep everything from the first seed to the last seed;
- ``cluster``   split the seeds into clusters wherever more than G non-blank
                lines separate two consecutive seeds, keep the span of the
                cluster with the most seed words;
- ``span-x``    ``span``, minus the lines inside it that a cheap rule calls
                boilerplate: repeated in the page, or short (< 5 words) in a run
                of >= 3 short lines.

Language of a page (for the stopword feature): langdetect (seeded) on the
page's longest lines, mapped to a jusText stoplist; when langdetect fails or has
no jusText list, the jusText stoplist with the highest hit rate on the page.
"""

from __future__ import annotations

import math
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.labels import label_lines, load_pages, parse_report_args  # noqa: E402
from bench.metrics import corpus_prf, count_overlap, shingles, tokens  # noqa: E402

SHORT_WORDS = 5  # "short line": fewer words than this
SHORT_RUN = 3  # a short line in a run of at least this many short lines
SEED_WORDS = 12  # seed line for the distance feature
_TERMINAL = re.compile(r"[.!?\u2026\u3002\uff01\uff1f\u0964\u061f][\"'\u201d\u2019\u00bb)\]]*$")

# langdetect code -> jusText stoplist name (the languages both know)
_JUSTEXT = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan", "cs": "Czech",
    "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
    "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French", "gu": "Gujarati", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "kn": "Kannada",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi",
    "ne": "Nepali", "nl": "Dutch", "no": "Norwegian_Bokmal", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian",
    "ur": "Urdu", "vi": "Vietnamese",
}

FEATURES = [
    ("chars", "characters (stripped line)"),
    ("words", "\\w+ tokens"),
    ("terminal", "ends with . ! ? … (closing quotes allowed)"),
    ("stop_frac", "stopword tokens / tokens"),
    ("cap_frac", "capitalised / alphabetic tokens"),
    ("digit_frac", "digits / non-space characters"),
    ("position", "line index / (lines - 1)"),
    ("repeated", "same stripped text elsewhere in the page"),
    ("short_run", f"< {SHORT_WORDS} words, in a run of >= {SHORT_RUN} such lines"),
    ("block_lines", "non-blank lines in its blank-line-delimited block"),
    ("seed_dist", f"lines to the nearest line of >= {SEED_WORDS} words with terminal punct."),
    ("bullet", "starts with a list marker (• · - * | or 1. / 1))"),
]
_BULLET = re.compile(r"^\s*(?:[\u2022\u00b7*|\u25aa\u25cf\u2013-]|\d{1,3}[.)])\s")


# ---------------------------------------------------------------- language


class StoplistPicker:
    """The jusText stoplist for a page (see the module docstring)."""

    def __init__(self) -> None:
        import justext
        import langdetect

        langdetect.DetectorFactory.seed = 0
        self._justext = justext
        self._langdetect = langdetect
        self._names = set(justext.get_stoplists())
        self._cache: dict[str, frozenset] = {}
        self._inverted: dict[str, list[str]] | None = None

    def get(self, name: str) -> frozenset:
        if name not in self._cache:
            self._cache[name] = frozenset(self._justext.get_stoplist(name))
        return self._cache[name]

    def _by_hit_rate(self, toks: list[str]) -> str:
        if self._inverted is None:
            inv: dict[str, list[str]] = defaultdict(list)
            for name in sorted(self._names):
                for w in self.get(name):
                    inv[w].append(name)
            self._inverted = inv
        hits: Counter = Counter()
        for w, k in Counter(toks).items():
            for name in self._inverted.get(w, ()):
                hits[name] += k
        return hits.most_common(1)[0][0] if hits else "English"

    def pick(self, lines: list[str]) -> tuple[str, frozenset]:
        longest = sorted(lines, key=len, reverse=True)[:20]
        sample = "\n".join(longest)[:1500]
        name = None
        try:
            code = self._langdetect.detect(sample)
            name = _JUSTEXT.get(code.split("-")[0])
        except Exception:  # no features in text
            pass
        if name not in self._names:
            name = self._by_hit_rate([t.lower() for t in tokens(sample)])
        return name, self.get(name)


# ---------------------------------------------------------------- features


def line_features(lines: list[str], stoplist: frozenset) -> list[dict[str, float]]:
    """Features of every non-blank line of ``lines`` (the dump split on "\\n"), in order.

    The order and the selection match :func:`bench.labels.label_lines`.
    """
    rows: list[dict[str, float]] = []
    block = 0
    block_of: list[int] = []
    prev_blank = True
    texts: list[str] = []
    for ln in lines:
        s = ln.strip()
        if not s:
            prev_blank = True
            continue
        if prev_blank:
            block += 1
        prev_blank = False
        block_of.append(block)
        texts.append(s)
    n = len(texts)
    counts = Counter(texts)
    block_size = Counter(block_of)
    toks = [tokens(s) for s in texts]
    words = [len(t) for t in toks]
    terminal = [bool(_TERMINAL.search(s)) for s in texts]
    short = [w < SHORT_WORDS for w in words]
    # short-run membership
    short_run = [False] * n
    k = 0
    while k < n:
        if short[k]:
            e = k
            while e < n and short[e]:
                e += 1
            if e - k >= SHORT_RUN:
                for t in range(k, e):
                    short_run[t] = True
            k = e
        else:
            k += 1
    # distance to the nearest seed line
    seeds = [k for k in range(n) if words[k] >= SEED_WORDS and terminal[k]]
    seed_dist = [float(n)] * n
    if seeds:
        j = 0
        for k in range(n):
            while j + 1 < len(seeds) and abs(seeds[j + 1] - k) <= abs(seeds[j] - k):
                j += 1
            seed_dist[k] = float(abs(seeds[j] - k))
    for k, s in enumerate(texts):
        t = toks[k]
        alpha = [w for w in t if w[:1].isalpha()]
        nonspace = len("".join(s.split()))
        rows.append({
            "chars": float(len(s)),
            "words": float(words[k]),
            "terminal": float(terminal[k]),
            "stop_frac": sum(1 for w in t if w.lower() in stoplist) / len(t) if t else 0.0,
            "cap_frac": sum(1 for w in alpha if w[0].isupper()) / len(alpha) if alpha else 0.0,
            "digit_frac": sum(map(str.isdigit, s)) / nonspace if nonspace else 0.0,
            "position": k / (n - 1) if n > 1 else 0.0,
            "repeated": float(counts[s] > 1),
            "short_run": float(short_run[k]),
            "block_lines": float(block_size[block_of[k]]),
            "seed_dist": seed_dist[k],
            "bullet": float(bool(_BULLET.match(s)) or s[:1] in "\u2022\u00b7"),
        })
    return rows


# ---------------------------------------------------------------- baselines


def _shingles_of(tok_lines: list[list[str]]) -> Counter:
    """``bench.metrics.shingles("\\n\\n".join(lines))`` from the lines' precomputed tokens.

    Same multiset: a token never spans the blank line that joins two lines, so the
    tokens of the joined text are the concatenation of the lines' tokens.
    """
    t = [w for ts in tok_lines for w in ts]
    if len(t) < 4:
        return Counter([tuple(t)]) if t else Counter()
    return Counter(zip(t, t[1:], t[2:], t[3:]))


def baseline_keep(words: list[int], terminal: list[bool], method: str, min_words: int, gap: int = 0,
                  feats: list[dict[str, float]] | None = None) -> list[bool]:
    """Which non-blank lines a greedy baseline keeps (see the module docstring).

    ``words`` / ``terminal``: each line's token count and terminal-punctuation flag.
    """
    n = len(words)
    seeds = [k for k in range(n) if words[k] >= min_words and terminal[k]]
    keep = [False] * n
    if not seeds:
        return keep
    if method == "seeds":
        for k in seeds:
            keep[k] = True
        return keep
    if method == "cluster":
        clusters: list[list[int]] = [[seeds[0]]]
        for a, b in zip(seeds, seeds[1:]):
            if b - a - 1 > gap:
                clusters.append([b])
            else:
                clusters[-1].append(b)
        best = max(clusters, key=lambda c: sum(words[k] for k in c))
        first, last = best[0], best[-1]
    else:
        first, last = seeds[0], seeds[-1]
    for k in range(first, last + 1):
        keep[k] = True
    if method == "span-x" and feats is not None:
        seed_set = set(seeds)
        for k in range(first, last + 1):
            if k not in seed_set and (feats[k]["repeated"] or feats[k]["short_run"]):
                keep[k] = False
    return keep


# ------------------------------------------------------------------- report


def _quantile(sorted_vals: list[float], q: float) -> float:
    if not sorted_vals:
        return math.nan
    return sorted_vals[min(len(sorted_vals) - 1, int(q * (len(sorted_vals) - 1) + 0.5))]


def auc(pos: list[float], neg: list[float]) -> float:
    """P(random positive > random negative), ties half (Mann-Whitney U / (n_pos * n_neg))."""
    if not pos or not neg:
        return math.nan
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    rank_sum = 0.0
    k = 0
    while k < len(allv):
        e = k
        while e < len(allv) and allv[e][0] == allv[k][0]:
            e += 1
        avg_rank = (k + 1 + e) / 2  # ranks k+1 .. e
        rank_sum += avg_rank * sum(1 for t in range(k, e) if allv[t][1])
        k = e
    u = rank_sum - len(pos) * (len(pos) + 1) / 2
    return u / (len(pos) * len(neg))


def _num(x: float) -> str:
    if math.isnan(x):
        return "nan"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def main(argv: list[str] | None = None) -> int:
    args = parse_report_args("bench/features.py", __doc__.split("\n\n")[0], argv)
    kinds = args.kinds
    t0 = time.perf_counter()
    pages = load_pages(Path(args.data), args.limit)
    picker = StoplistPicker()
    langs: Counter = Counter()
    page_stop: dict[str, frozenset] = {}
    for p in pages:  # one language per page, from the html_text dump (the same page in all kinds)
        name, sl = picker.pick([ln for ln in p.dumps["html_text"].split("\n") if ln.strip()])
        page_stop[p.id] = sl
        if p.split == "tune":
            langs[name] += 1
    print(f"stoplists picked on the tune half: {dict(langs.most_common())}", file=sys.stderr)

    configs = ([("seeds", 12, 0)] + [("span", n, 0) for n in (8, 12, 20, 30)]
               + [("cluster", n, g) for n in (12, 20) for g in (10, 20, 40)]
               + [("span-x", n, 0) for n in (12, 20, 30)])
    base_counts: dict[tuple, list] = defaultdict(list)

    for kind in kinds:
        t1 = time.perf_counter()
        values: dict[str, tuple[list[float], list[float]]] = {f: ([], []) for f, _ in FEATURES}
        n_lines = [0, 0]
        for p in pages:
            lines = p.dumps[kind].split("\n")
            tok_lines = [tokens(ln) for ln in lines if ln.strip()]
            feats = line_features(lines, page_stop[p.id])
            words = [len(t) for t in tok_lines]
            terminal = [bool(r["terminal"]) for r in feats]
            gsh = shingles(p.body)
            if p.split == "tune":
                labels = label_lines(p.dumps[kind], p.body)
                for (_, _, c), row in zip(labels, feats):
                    n_lines[c] += 1
                    for f, _ in FEATURES:
                        values[f][0 if c else 1].append(row[f])
            for cfg in configs:
                keep = baseline_keep(words, terminal, cfg[0], cfg[1], cfg[2], feats)
                pred = _shingles_of([t for t, k in zip(tok_lines, keep) if k])
                base_counts[kind, cfg, p.split].append(count_overlap(pred, gsh))
        print(f"  {kind:<12} {time.perf_counter() - t1:.1f} s", file=sys.stderr)

        print(f"== {kind}: features on the tune half ({n_lines[1]} content lines, {n_lines[0]} boilerplate lines)")
        hdr = f"{'feature':<12} {'content: mean  p10  p50  p90':<30} {'boilerplate: mean  p10  p50  p90':<34} {'AUC':>5}  meaning"
        print(hdr)
        for f, meaning in FEATURES:
            cells = []
            for vals in values[f]:
                s = sorted(vals)
                mean = math.fsum(s) / len(s) if s else math.nan
                cells.append(f"{_num(mean):>6} {_num(_quantile(s, .1)):>5} {_num(_quantile(s, .5)):>5} "
                             f"{_num(_quantile(s, .9)):>5}")
            print(f"{f:<12} {'':<6}{cells[0]:<24} {'':<10}{cells[1]:<24} {auc(*values[f]):>5.3f}  {meaning}")
        print()

    print("== greedy baselines: shingle F1 / P / R (corpus means); seed = line of >= N words with terminal punct.")
    hdr = f"{'kind':<12} {'method':<8} {'N':>3} {'G':>3}   {'tune F1   P      R':<20}  {'holdout F1 P      R':<20}"
    print(hdr)
    print("-" * len(hdr))
    for kind in kinds:
        for cfg in configs:
            cells = []
            for half in ("tune", "holdout"):
                p_, r_, f_ = corpus_prf(base_counts[kind, cfg, half])
                cells.append(f"{f_:.3f}  {p_:.3f}  {r_:.3f}")
            g = str(cfg[2]) if cfg[0] == "cluster" else "-"
            print(f"{kind:<12} {cfg[0]:<8} {cfg[1]:>3} {g:>3}   {cells[0]:<20}  {cells[1]:<20}")
    print(f"total {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
