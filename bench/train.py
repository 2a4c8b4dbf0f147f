#!/usr/bin/env python
"""Fit the line model on the tune halves of the benchmark sets and write it as data.

    python bench/train.py --data PATH [--data PATH ...] [--out rules/line-model.json] [--rounds 150]
                          [--lexicon-dropout 0.3] [--limit N]

Offline (``make train``; LightGBM is a ``train`` extra, not a runtime dependency). For every record
of the tune half of each set (:func:`bench.run.assign_splits`: by site, within each language) and
every text dump kind:

1. the page goes through cleaner's pipeline up to and including the generic rules, without the
   ``line-model`` rule itself, exactly as ``normalize`` prepares it before the model runs
   (:func:`cleaner.pipeline.run_steps`);
2. each line still undecided (``body``) is labelled by :func:`bench.labels.label_lines` (content
   when most of its tokens align with the gold body) and gets its feature row from
   :func:`cleaner.kinds.model.undecided_lines`, the code the rule runs;
3. a lexicon a language (:class:`cleaner.linemodel.Lexicon`) counts how often each word and each
   whole line was content on the pages in that language (:func:`cleaner.linefeatures.page_language`),
   keeping keys seen on at least ``--min-sites`` sites; a language whose pages come from fewer
   than twice that many sites gets none. A page's lexical features come from the lexicons of the other folds, as they
   would on a page the model has never seen. ``--lexicon-dropout`` (0.3) of the records, chosen
   by a hash of the id, get the lexical features of a page with no word known, as a page in a
   language no lexicon knows gets them at run time;
4. stage 1 is fitted on those rows. Stage 2 needs stage-1 scores of lines the model has not seen,
   as at run time, so they come from 4-fold cross-fitting by page (a page's three dumps stay in
   one fold); stage 2 is fitted on the rows plus :func:`cleaner.linemodel.context_features`.

Both ensembles are exported to flat node arrays (see :class:`cleaner.linemodel.Forest`), and the
export is checked against LightGBM's own predictions before the file is written. The holdout
halves are never read. Same data and seed give the same file, byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.labels import DUMP_KINDS, label_lines  # noqa: E402
from bench.run import load_records  # noqa: E402

FOLDS = 4
# Boosting rounds per stage. 150 rather than 100 since both sets are fitted: fitted on one set and
# scored on the other, 8 of the 9 set-and-dump figures rise (by up to 0.008) and none of the tune ->
# holdout ones falls (docs/benchmarks.md, 2026-12-02).
ROUNDS = 150
LEXICON_DROPOUT = 0.3  # share of records fitted with no lexicon word known: see docs/benchmarks.md
PARAMS = {
    "objective": "binary", "learning_rate": 0.08, "num_leaves": 31, "max_depth": 6, "min_data_in_leaf": 50,
    "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "seed": 1,
    "deterministic": True, "force_row_wise": True, "num_threads": 2, "verbose": -1,
}


def rulebook_without_model():
    """The built-in rules minus the ``line-model`` rule: the state the model sees at run time."""
    from cleaner.rulebook import RuleBook, load_rulebook

    book = load_rulebook(env=False, entry_points=False)
    files = tuple(replace(f, rules=tuple(r for r in f.rules if r.kind != "line-model")) for f in book.files)
    return RuleBook(files, book.problems)


_BOOK = None


def page_rows(job: tuple[str, str | None, str, str]) -> tuple[str, list[list[float]], list[int], list[int], list[str],
                                                             str]:
    """(record id, feature rows, word counts, labels, texts) of the undecided lines of one dump,
    and the page's language (:func:`cleaner.linefeatures.page_language`), as the rule finds them."""
    global _BOOK
    from cleaner.document import Document
    from cleaner.kinds.model import undecided_lines
    from cleaner.pipeline import run_steps

    if _BOOK is None:
        _BOOK = rulebook_without_model()
    record_id, url, text, gold = job
    doc = Document(raw=text, url=url)
    run_steps(doc, _BOOK, last="generic_rules")
    labels = {number: content for number, _, content in label_lines(doc.text, gold)}
    page = undecided_lines(doc)  # the rows the rule scores, from the same code
    return (record_id, page.rows.tolist(), page.words.astype(int).tolist(),
            [int(labels.get(doc.lines[i].number, False)) for i in page.undecided], page.texts, page.language)


def fold_of(record_id: str) -> int:
    return int(hashlib.sha1(f"fold:{record_id}".encode()).hexdigest(), 16) % FOLDS


def build_lexicon(pages: list[tuple], sites: list[str], min_sites: int) -> dict:
    """Smoothed log-odds of content, against the prior, for each word key and whole-line key seen
    on at least ``min_sites`` sites; rounded, so the file is stable."""
    from cleaner.linemodel import lexical_tokens, line_key

    counts = {"tokens": (Counter(), Counter(), defaultdict(set)), "lines": (Counter(), Counter(), defaultdict(set))}
    n_content = n_other = 0
    for page, site in zip(pages, sites):
        for text, label in zip(page[4], page[3]):
            n_content += label
            n_other += not label
            for table, keys in (("tokens", lexical_tokens(text)), ("lines", (line_key(text),))):
                content, other, seen = counts[table]
                (content if label else other).update(keys)
                for key in keys:
                    seen[key].add(site)
    prior = math.log((n_content + 1) / (n_other + 1))
    # + 0.0: a value that rounds to -0.0 becomes 0.0, which the trees read alike; a lexicon holding
    # both zeros has rows that depend on the order of a line's keys, and is read in Python
    # (cleaner.linemodel._orderless), several times slower.
    return {table: {key: round(math.log((content[key] + 1) / (other[key] + 1)) - prior, 4) + 0.0
                    for key in sorted(seen) if len(seen[key]) >= min_sites}
            for table, (content, other, seen) in counts.items()}


def export_forest(booster) -> dict:
    """LightGBM trees as flat arrays; a leaf points to itself, so every walk takes ``depth`` steps."""
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    depth = 0

    def add(node: dict, level: int) -> int:
        nonlocal depth
        index = len(feature)
        feature.append(0)
        threshold.append(0.0)
        left.append(index)
        right.append(index)
        if "leaf_value" in node:
            value.append(float(node["leaf_value"]))
            depth = max(depth, level)
            return index
        if node["decision_type"] != "<=" or node.get("missing_type", "None") not in ("None", None):
            raise SystemExit(f"bench/train.py: unsupported split {node['decision_type']} / {node.get('missing_type')}")
        value.append(0.0)
        feature[index] = int(node["split_feature"])
        threshold[index] = float(node["threshold"])
        left[index] = add(node["left_child"], level + 1)
        right[index] = add(node["right_child"], level + 1)
        return index

    for tree in booster.dump_model()["tree_info"]:
        roots.append(add(tree["tree_structure"], 0))
    return {"depth": depth, "roots": roots, "feature": feature, "threshold": threshold,
            "left": left, "right": right, "value": value}


def dump_pages(records: list, workers: int = 2) -> tuple[list, list[str]]:
    """The records' dumps as tuples (record id, feature rows, word counts, labels, texts, dump
    kind, language), from :func:`page_rows` (dumps with no undecided line left out), and the site
    of each (:func:`bench.run.site_of`)."""
    kinds = [kind for r in records for kind in DUMP_KINDS]
    jobs = [(r.id, r.url, r.dumps[kind], r.body) for r in records for kind in DUMP_KINDS]
    with Pool(workers) as pool:
        pages = [p[:5] + (kind, p[5]) for p, kind in zip(pool.map(page_rows, jobs, chunksize=16), kinds) if p[1]]
    site = {r.id: r.site for r in records}
    return pages, [site[p[0]] for p in pages]


def half_records(paths: list[str], half: str = "tune", limit: int | None = None) -> list:
    """The records of one half (``tune``, ``holdout``, or ``all``) of each data set."""
    return [r for path in paths for r in load_records(Path(path), limit) if half == "all" or r.split == half]


def tune_pages(paths: list[str], limit: int | None = None, workers: int = 2) -> tuple[list, list[str], int]:
    """:func:`dump_pages` of the tune half of each data set, and the number of tune records."""
    records = half_records(paths, "tune", limit)
    return (*dump_pages(records, workers), len(records))


def line_weights(page: tuple) -> list[float]:
    """A weight for each line of a page by its share of the page's article text: its words plus
    one, over the words of the page's content lines (at least 30). Tried against the benchmark's
    per-page averaging and not used by ``make train``: see docs/benchmarks.md (2026-11-23, night)."""
    content = max(sum(w for w, label in zip(page[2], page[3]) if label), 30)
    return [(w + 1) / content for w in page[2]]


def lexicon_dropped(record_id: str, share: float) -> bool:
    """Whether a record's dumps train as pages in a language the lexicon does not know (no word
    known): about ``share`` of the records, by a hash of the id."""
    return share > 0 and int(hashlib.sha1(f"lexicon:{record_id}".encode()).hexdigest(), 16) % 1000 < share * 1000


def fit_model(pages: list, sites: list[str], rounds: int = ROUNDS, min_sites: int = 8,
              weighted: bool = False, lexicon_dropout: float = 0.0) -> tuple[dict, dict]:
    """Fit both stages on ``pages`` (steps 3 and 4 of the module docstring) and return the model
    file's content, less its description, with a few figures about the fit. ``weighted`` weights
    the lines by :func:`line_weights` (for ``bench/cv.py`` experiments). ``lexicon_dropout``: the
    share of records whose lines get the lexical features of a page in another language, every
    word unknown (:func:`lexicon_dropped`), so the trees learn to judge such a page by its shape."""
    import lightgbm
    import numpy as np

    from cleaner.linefeatures import FEATURES
    from cleaner.linemodel import (
        CONTEXT_FEATURES, FORMAT, LEXICAL_FEATURES, NO_WORDS, Forest, Lexicon, context_features,
    )

    page_fold = [fold_of(p[0]) for p in pages]
    # A lexicon for each language of the training pages, counted on the pages in that language only;
    # a page in a language with no lexicon gets no word of any, as at run time (LineModel.knows).
    # A language needs pages from twice min_sites sites: with fewer, the keys that pass are a few
    # sites' template words, not the language's.
    site_sets: dict[str, set[str]] = defaultdict(set)
    for page, site in zip(pages, sites):
        site_sets[page[6]].add(site)
    languages = sorted(language for language, seen in site_sets.items() if len(seen) >= 2 * min_sites)

    def lexicon_of(language: str, fold: int | None = None) -> dict:
        chosen = [i for i, p in enumerate(pages) if p[6] == language and (fold is None or page_fold[i] != fold)]
        return build_lexicon([pages[i] for i in chosen], [sites[i] for i in chosen], min_sites)

    lexicons = {language: lexicon_of(language) for language in languages}
    lexicons = {language: lexicon for language, lexicon in lexicons.items() if lexicon["tokens"] or lexicon["lines"]}
    fold_lexicons = [{language: Lexicon(lexicon_of(language, k)) for language in lexicons} for k in range(FOLDS)]
    unknown = Lexicon(NO_WORDS)
    X = np.vstack([np.hstack([np.asarray(p[1], dtype=np.float64),
                              (unknown if lexicon_dropped(p[0], lexicon_dropout)
                               else fold_lexicons[f].get(p[6], unknown)).features(p[4])])
                   for p, f in zip(pages, page_fold)])
    y = np.asarray([label for p in pages for label in p[3]], dtype=np.float64)
    page_of = np.repeat(np.arange(len(pages)), [len(p[1]) for p in pages])
    weight = None
    if weighted:
        weight = np.asarray([w for p in pages for w in line_weights(p)], dtype=np.float64)
        weight /= weight.mean()

    def fit(features, rows=slice(None)):
        data = lightgbm.Dataset(features[rows], y[rows], weight=None if weight is None else weight[rows])
        return lightgbm.train(PARAMS, data, num_boost_round=rounds)

    stage1 = fit(X)
    first = np.zeros(len(y))
    folds = np.asarray(page_fold)[page_of]
    for k in range(FOLDS):
        first[folds == k] = fit(X, folds != k).predict(X[folds == k])
    context = np.vstack([context_features(first[page_of == i], page[2]) for i, page in enumerate(pages)])
    stacked = np.hstack([X, context])
    stage2 = fit(stacked)

    forests = {"stage1": export_forest(stage1), "stage2": export_forest(stage2)}
    for name, booster, features in (("stage1", stage1, X), ("stage2", stage2, stacked)):
        ours = Forest(forests[name], features.shape[1]).margin(features)
        gap = float(np.max(np.abs(ours - booster.predict(features, raw_score=True))))
        if gap > 1e-9:
            raise SystemExit(f"bench/train.py: exported {name} differs from LightGBM by {gap}")
    model = {
        "format": FORMAT,
        "features": list(FEATURES),
        "lexical_features": list(LEXICAL_FEATURES),
        "context_features": list(CONTEXT_FEATURES),
        "lexicon_min_sites": min_sites,
        "lexicons": lexicons,
        **forests,
    }
    facts = {"lines": len(y), "content": float(y.mean()), "lightgbm": lightgbm.__version__,
             "accuracy": float(((stage2.predict(stacked) >= 0.5) == (y == 1)).mean())}
    return model, facts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/train.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, action="append", help="a data set; give --data again for each further set")
    ap.add_argument("--out", default=str(ROOT / "rules" / "line-model.json"))
    ap.add_argument("--rounds", type=int, default=ROUNDS, help="boosting rounds per stage")
    ap.add_argument("--limit", type=int, default=None, help="first N records of the file (a smoke run)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--min-sites", type=int, default=8, help="a lexicon key must be seen on this many sites")
    ap.add_argument("--lexicon-dropout", type=float, default=LEXICON_DROPOUT,
                    help="share of records fitted as pages in a language the lexicon does not know")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    pages, sites, records = tune_pages(args.data, args.limit, args.workers)
    print(f"{records} tune records, {len(pages)} dumps in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    model, facts = fit_model(pages, sites, args.rounds, args.min_sites, lexicon_dropout=args.lexicon_dropout)
    model = {"format": model.pop("format"),  # the description second, as the file has always had it
             "trained_on": f"{', '.join(Path(d).name for d in args.data)}, tune halves: {records} records"
                           f" x {len(DUMP_KINDS)} dumps,"
                           f" {facts['lines']} lines; lightgbm {facts['lightgbm']}, {args.rounds} rounds per stage;"
                           f" a lexicon a language ({', '.join(model['lexicons'])}) of keys seen on"
                           f" {args.min_sites}+ sites"
                           + (f"; {args.lexicon_dropout:.0%} of records fitted with no word of it known"
                              if args.lexicon_dropout else ""),
             **model}
    Path(args.out).write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {facts['lines']} lines ({facts['content']:.1%} content),"
          f" training-line accuracy {facts['accuracy']:.3f}, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
