#!/usr/bin/env python
"""Estimate the line model on pages it has not seen, without touching the holdout half.

    python bench/cv.py --data PATH [--data PATH ...] [--thresholds 0.5,0.7] [--extend 0.4] [--bridge 0.3] [--model FILE]
                       [--shifts=-0.2,-0.1,0.1,0.2 --precision-weights 0.5,0.65]
                       [--foreign] [--lexicon-dropout 0.3] [--weighted] [--pages FILE] [--limit N]

Offline (``make cv``; needs the ``train`` extra). The tune half's pages are split four ways by a
hash of their id (a page's three dumps stay together). Each quarter in turn is scored by a model
that :func:`bench.train.fit_model` fits on the other three, exactly as ``make train`` fits the
shipped one, and that runs through :class:`cleaner.linemodel.LineModel`, as at run time. The
holdout half is never read, so an idea can be tried and compared here as often as needed and
the holdout half still judges the final choice once.

What is scored: the lines the generic rules leave undecided and the model keeps, as the
``line-model`` rule keeps them (:func:`cleaner.linemodel.kept`: runs that start at a line
scoring at least the threshold, or within ``keep_best`` of the best score on a page where no
line reaches it, carry on through neighbours scoring at least ``extend`` and close gaps whose
lines score at least ``bridge``; 1 for both is a single threshold), for each setting, joined
into a body, against the gold body: shingle F1, P and R per data set and dump kind as
``bench/run.py`` computes them. With ``--shifts``, each setting is scored again for each precision weight, each
page taking the shifted setting its scores expect to serve best, as the rule does
(:func:`cleaner.linemodel.choose`). With ``--foreign``, each page is scored again as a page in a
language the lexicon does not know (no word known): how the model does on other languages, which
this English set does not hold. The same rows labelled by the gold (the oracle) give the ceiling
of any line classifier on these lines.

These figures sit about 0.02 below ``make bench``'s tune half, because the shipped model was
fitted on those pages. ``--model rules/line-model.json`` prints that model's in-sample figures
beside them (they match the bench's tune half to about 0.001): a way of deciding the line-model
rule's settings that holds for confident scores as well as for out-of-fold ones.

Noise: on the 401 tune pages two runs of different but equally good models differ by about
0.002 F1; treat smaller differences as none.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.labels import DUMP_KINDS  # noqa: E402
from bench.metrics import corpus_prf, count_overlap, shingles  # noqa: E402
from bench.train import FOLDS, LEXICON_DROPOUT, ROUNDS, fit_model, half_records, tune_pages  # noqa: E402
from cleaner.linemodel import LineModel, choose, kept, load, shifted  # noqa: E402


def outer_fold(record_id: str) -> int:
    """The quarter a page is scored in; another hash than the training folds' (``fold_of``)."""
    return int(hashlib.sha1(f"cv:{record_id}".encode()).hexdigest(), 16) % FOLDS


def overlaps(pages: list, decisions: list[list[bool]], gold: dict[str, Counter]) -> list[tuple[int, int, int]]:
    """(TP, FP, FN) of each page's body, made of its kept lines, against its gold shingles."""
    return [count_overlap(shingles("\n\n".join(text for text, k in zip(page[4], keep) if k)), gold[page[0]])
            for page, keep in zip(pages, decisions)]


def score(pages: list, decisions: list[list[bool]], gold: dict[str, Counter],
          sets: dict[str, str] | None = None) -> dict[str, tuple[float, float, float]]:
    """Corpus (P, R, F1) per dump kind of the bodies made of each page's kept lines; with ``sets``
    (record id -> data set name), per data set and dump kind, as "set/kind"."""
    counts: dict[str, list] = {}
    for page, overlap in zip(pages, overlaps(pages, decisions, gold)):
        counts.setdefault(page[5] if sets is None else f"{sets[page[0]]}/{page[5]}", []).append(overlap)
    order = {kind: i for i, kind in enumerate(DUMP_KINDS)}
    return {key: corpus_prf(counts[key]) for key in sorted(counts, key=lambda k: (k.rsplit("/", 1)[0] if "/" in k else "",
                                                                             order[k.rsplit("/", 1)[-1]]))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/cv.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, action="append", help="a data set; give --data again for each further set")
    ap.add_argument("--thresholds", default="0.5,0.6,0.7,0.8", help="comma list of thresholds that start a run")
    ap.add_argument("--extend", default="1,0.4", help="comma list of scores a run carries on through (1: none)")
    ap.add_argument("--bridge", default="1,0.3", help="comma list of scores a gap between runs closes on (1: none)")
    ap.add_argument("--keep-best", type=float, default=0.9, help="as the line-model rule's keep_best (0: off)")
    ap.add_argument("--shifts", default="",
                    help="comma list of shifts of each setting, as the rule's shifts (none: off)")
    ap.add_argument("--precision-weights", default="0.5,0.65",
                    help="comma list of the rule's precision_weight to try with --shifts")
    ap.add_argument("--rounds", type=int, default=ROUNDS)
    ap.add_argument("--min-sites", type=int, default=8)
    ap.add_argument("--limit", type=int, default=None, help="first N records of the file (a smoke run)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--lexicon-dropout", type=float, default=LEXICON_DROPOUT,
                    help="share of training records fitted as if in a language the lexicon does not know"
                         " (default: as make train)")
    ap.add_argument("--foreign", action="store_true",
                    help="also score each page as if in a language the lexicon does not know (no word known)")
    ap.add_argument("--weighted", action="store_true",
                    help="weight lines by their share of the page's article text (bench.train.line_weights)")
    ap.add_argument("--model", help="also score the tune half with this model file, the same way: for the shipped"
                                     " model (fitted on these pages) the in-sample figures")
    ap.add_argument("--pages", help="also write each dump's line scores and its (TP, FP, FN) at the first setting,"
                                     " as JSON lines, for error analysis")
    args = ap.parse_args(argv)
    thresholds = [float(t) for t in args.thresholds.split(",")]
    settings = [(t, float(e), float(b))
                for t in thresholds for e in args.extend.split(",") for b in args.bridge.split(",")]
    shifts = [float(x) for x in args.shifts.split(",") if x.strip()]
    weights = [float(w) for w in args.precision_weights.split(",")] if shifts else []

    t0 = time.perf_counter()
    gold, sets = {}, {}
    for path in args.data:
        for record in half_records([path], "tune", args.limit):
            gold[record.id], sets[record.id] = shingles(record.body), Path(path).name.split(".")[0]
    pages, sites, _ = tune_pages(args.data, args.limit, args.workers)
    scores: list[list[float] | None] = [None] * len(pages)
    foreign: list[list[float] | None] = [None] * len(pages)
    for k in range(FOLDS):
        train = [i for i, p in enumerate(pages) if outer_fold(p[0]) != k]
        model, _facts = fit_model([pages[i] for i in train], [sites[i] for i in train], args.rounds, args.min_sites,
                                  args.weighted, args.lexicon_dropout)
        lines = LineModel(model, f"fold {k}")
        unknown = LineModel({**model, "lexicons": {}}, f"fold {k}, no word known")
        for i, page in enumerate(pages):
            if outer_fold(page[0]) == k:
                scores[i] = lines.scores(page[1], page[2], page[4], page[6])
                if args.foreign:
                    foreign[i] = unknown.scores(page[1], page[2], page[4], page[6])
        print(f"fold {k + 1}/{FOLDS} scored, {time.perf_counter() - t0:.0f} s", file=sys.stderr)

    print(f"{len(gold)} tune records, {len(pages)} dumps; each scored by a model fitted on the other"
          f" {FOLDS - 1} quarters")
    runs = [("cv", scores)] + ([("cv-foreign", foreign)] if args.foreign else [])
    if args.model:
        shipped = load(Path(args.model))
        runs.append(("in-sample", [shipped.scores(page[1], page[2], page[4], page[6]) for page in pages]))
    for name, run_scores in runs:
        for threshold, extend, bridge in settings:
            extend, bridge = min(extend, threshold), min(bridge, threshold)
            choices = shifted(threshold, extend, bridge, shifts)
            for weight in [None, *weights]:
                if weight is None:
                    decisions = [kept(s, threshold, args.keep_best, extend, bridge) for s in run_scores]
                else:
                    decisions = [choose(s, page[2], choices, args.keep_best, weight)[1]
                                 for s, page in zip(run_scores, pages)]
                label = "" if weight is None else f" shifted, precision weight {weight}"
                for kind, (p, r, f) in score(pages, decisions, gold, sets).items():
                    print(f"{name:10}  threshold {threshold:<4} extend {extend:<4} bridge {bridge:<4}{label}"
                          f"  {kind:30} F1 {f:.4f}  P {p:.4f}  R {r:.4f}")
    oracle = score(pages, [[bool(label) for label in p[3]] for p in pages], gold, sets)
    print("oracle (gold labels)  " + "  ".join(f"{kind} {f:.4f}" for kind, (_, _, f) in oracle.items()))
    if args.pages:
        with open(args.pages, "w", encoding="utf-8") as fh:
            threshold, extend, bridge = settings[0]
            decisions = [kept(s, threshold, args.keep_best, extend, bridge) for s in scores]
            for page, s, (tp, fp, fn) in zip(pages, scores, overlaps(pages, decisions, gold)):
                fh.write(json.dumps({"id": page[0], "kind": page[5], "tp": tp, "fp": fp, "fn": fn,
                                     "lines": [[round(x, 4), text] for x, text in zip(s, page[4])]},
                                    ensure_ascii=False) + "\n")
    print(f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
