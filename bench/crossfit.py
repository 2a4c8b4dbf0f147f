#!/usr/bin/env python
"""How the line model does on sites, years and languages it was not fitted on: fit on one set and
score the other, both ways, and fit on the tune halves of both and score their holdout halves.

    python bench/crossfit.py --data WCXB --data DANIEL [--kinds html_text] [--markdown FILE]
                             [--rounds 150] [--workers 2] [--limit N]

Offline (``make bench``; needs the ``train`` extra). Every dump of every record goes once through
the pipeline up to the line model (:func:`bench.train.dump_pages`); then, for each experiment, a
model is fitted exactly as ``make train`` fits the shipped one (:func:`bench.train.fit_model`) on
the training records' dumps, and scores the test records' dumps. Each test page keeps the lines
that the built-in ``line-model`` rule would keep with those scores (its threshold, extend, bridge,
shifts and precision weight, read from ``rules/generic.toml``; a page with fewer than its
``min_lines`` undecided lines keeps them all), and those lines, joined, are scored against the
gold body: shingle F1, P and R (:mod:`bench.metrics`), per data set, dump kind and language. That
is the body ``normalize`` gives, since the rules before the model do not depend on it.

Experiments, each named "fitted on → scored on":

- the first set, all of it → the second set, all of it, and the reverse: sets from other sites,
  years and languages, as the project is judged on;
- the tune halves of both → the holdout halves of both (halves by site, :func:`bench.run.assign_splits`):
  the shipped model's recipe, judged on sites it has not seen.
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.labels import DUMP_KINDS  # noqa: E402
from bench.metrics import corpus_prf, count_overlap, shingles  # noqa: E402
from bench.run import LANG_CODES, load_records  # noqa: E402
from bench.train import ROUNDS, dump_pages, fit_model  # noqa: E402
from cleaner import linemodel  # noqa: E402
from cleaner.kinds import with_defaults  # noqa: E402
from cleaner.linemodel import LineModel  # noqa: E402


def rule_settings() -> dict:
    """The built-in ``line-model`` rule's keys in ``rules/generic.toml``, with the kind's defaults
    (read as data, so that a model file the code no longer reads does not stop the run)."""
    rules = tomllib.loads((ROOT / "rules" / "generic.toml").read_text(encoding="utf-8"))["rules"]
    return with_defaults("line-model", next(spec for spec in rules.values() if spec.get("kind") == "line-model"))


def decide(scores: list[float], words: list[int], params: dict) -> list[bool]:
    """The lines the ``line-model`` rule keeps with these scores (:func:`cleaner.kinds.model.line_model`)."""
    if len(scores) < params["min_lines"]:
        return [True] * len(scores)
    return linemodel.decide(scores, words, params)[1]


def experiments(sets: list[tuple[str, list]]) -> list[tuple[str, set[str], set[str]]]:
    """(name, ids fitted on, ids scored on) of each experiment."""
    out = []
    if len(sets) == 2:
        (a, ra), (b, rb) = sets
        out.append((f"{a} → {b}", {r.id for r in ra}, {r.id for r in rb}))
        out.append((f"{b} → {a}", {r.id for r in rb}, {r.id for r in ra}))
    both = [r for _, records in sets for r in records]
    out.append(("tune halves → holdout halves", {r.id for r in both if r.split == "tune"},
                {r.id for r in both if r.split == "holdout"}))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/crossfit.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, action="append", help="a data set; give --data again for the other")
    ap.add_argument("--kinds", default="html_text", help="comma list of dump kinds to score (all are fitted on)")
    ap.add_argument("--rounds", type=int, default=ROUNDS)
    ap.add_argument("--min-sites", type=int, default=8)
    ap.add_argument("--limit", type=int, default=None, help="first N records of each file (a smoke run)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--markdown", help="also write the tables as Markdown")
    args = ap.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    if any(k not in DUMP_KINDS for k in kinds):
        ap.error(f"--kinds: choose from {','.join(DUMP_KINDS)}")

    t0 = time.perf_counter()
    sets = [(Path(path).name.split(".")[0], load_records(Path(path), args.limit)) for path in args.data]
    records = {r.id: (name, r) for name, rs in sets for r in rs}
    pages, sites = dump_pages([r for _, r in records.values()], args.workers)
    print(f"{len(records)} records, {len(pages)} dumps in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    gold = {rid: shingles(r.body) for rid, (_, r) in records.items()}
    params = rule_settings()

    lines_out = []
    for name, fitted_on, scored_on in experiments(sets):
        train = [i for i, p in enumerate(pages) if p[0] in fitted_on]
        model, facts = fit_model([pages[i] for i in train], [sites[i] for i in train], args.rounds, args.min_sites,
                                 lexicon_dropout=0.3)
        scorer = LineModel(model, name)
        counts: dict[tuple[str, str, str], list] = defaultdict(list)
        for page in pages:
            if page[0] not in scored_on or page[5] not in kinds:
                continue
            keep = decide(scorer.scores(page[1], page[2], page[4], page[6]), page[2], params)
            overlap = count_overlap(shingles("\n\n".join(t for t, k in zip(page[4], keep) if k)), gold[page[0]])
            set_name, record = records[page[0]]
            for group in ("all", LANG_CODES.get(record.lang, record.lang)):
                counts[(set_name, page[5], group)].append(overlap)
        print(f"{name}: fitted on {len(train)} dumps ({facts['lines']} lines; lexicons:"
              f" {', '.join(model['lexicons']) or 'none'}), {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        for (set_name, kind, group), overlaps in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1],
                                                                                     kv[0][2] != "all", kv[0][2])):
            p, r, f = corpus_prf(overlaps)
            lines_out.append((name, set_name, kind, group, len(overlaps), f, p, r))

    head = ("fitted on → scored on", "scored set", "kind", "language", "n", "F1", "P", "R")
    cells = [head] + [(a, b, c, d, str(n), f"{f:.3f}", f"{p:.3f}", f"{r:.3f}") for a, b, c, d, n, f, p, r in lines_out]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    for c in cells:
        print("  ".join(x.ljust(w) if i < 4 else x.rjust(w) for i, (x, w) in enumerate(zip(c, widths))).rstrip())
    if args.markdown:
        md = ["| " + " | ".join(head) + " |", "|" + "---|" * 4 + "---:|" * 4]
        md += ["| " + " | ".join(c) + " |" for c in cells[1:]]
        Path(args.markdown).write_text("## Cross-set figures (`bench/crossfit.py`)\n\n" + "\n".join(md) + "\n",
                                       encoding="utf-8")
    print(f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
