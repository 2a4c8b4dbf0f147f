#!/usr/bin/env python
"""What site templates learned from the corpus (``cleaner rules learn``) are worth, and how fast
learning is.

    python bench/learn.py --data PATH [--data PATH ...] [--min-pages 3] [--min-site-pages 6]
                          [--kinds html_text,bs4,resiliparse] [--markdown FILE]

For every site of a set with at least ``--min-site-pages`` pages (the site of a record:
:func:`bench.run.site_of`), its pages are cut in two halves by a hash of their ids. The learner
(:mod:`cleaner.learn`) reads one half of every site and writes the rule files (sites with at least
``--min-pages`` pages, as ``cleaner rules learn --min-pages`` would); the other half is cleaned
in text mode with the built-in rules alone and with the learned files added. Then the halves swap,
so every page is cleaned once by rules learned without it. Shingle F1, precision and recall
(bench/metrics.py), title and date accuracy, overall and by language.

The dev sets' daniel-dev records have no url, so each page is given ``https://<site>/<id>`` (a
scrape has its urls); both runs, with and without the learned files, get the same url.

Learning speed: the learner reading every page of each set once (one process, one core), in MB of
UTF-8 text a second, beside ``ftfy.fix_text`` on the same dumps.
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.labels import DUMP_KINDS  # noqa: E402
from bench.metrics import accuracy, corpus_prf, date_match, has_gold, shingle_counts, title_match  # noqa: E402
from bench.run import Record, cpu_model, load_records, site_of, table  # noqa: E402


def half(record: Record) -> int:
    return int(hashlib.sha1(f"learn:{record.id}".encode()).hexdigest(), 16) % 2


def url_of(record: Record) -> str:
    return record.url or f"https://{site_of(record.id, record.url)}/{record.id}"


def evaluate(records: list[Record], kinds: list[str], min_pages: int, min_site_pages: int) -> dict:
    """Per dump kind: the (TP, FP, FN), title and date hits of each page cleaned with and without
    the files learned from the other half of its site; the files written; the languages."""
    import cleaner
    from cleaner.learn import Learner, rule_files
    from cleaner.rulebook import load_rulebook

    sites: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        sites[site_of(record.id, record.url)].append(record)
    chosen = [r for rs in sites.values() if len(rs) >= min_site_pages for r in rs]
    base = load_rulebook(env=False, entry_points=False)
    out: dict = {"pages": len(chosen), "sites": sum(1 for rs in sites.values() if len(rs) >= min_site_pages),
                 "files": {}, "results": {}}
    for kind in kinds:
        rows = []
        for fold in (0, 1):
            learner = Learner()
            for record in chosen:
                if half(record) == fold:
                    learner.add(record.dumps[kind], url_of(record))
            with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as scratch:
                files = rule_files(learner, Path(scratch), min_pages=min_pages)
                for name, text in files.items():
                    (Path(tmp) / name).write_text(text, encoding="utf-8")
                out["files"][(kind, fold)] = files
                learned = load_rulebook([tmp], env=False, entry_points=False)
                for record in chosen:
                    if half(record) == fold:
                        continue
                    pair = []
                    for book in (base, learned):
                        article = cleaner.normalize(record.dumps[kind], url=url_of(record), html=False, rules=book)
                        title = title_match(article.title, record.title) if has_gold(record.title) else None
                        date = date_match(article.published, record.date) if has_gold(record.date) else None
                        pair.append((shingle_counts(article.text, record.body), title, date))
                    rows.append((record, pair[0], pair[1]))
        out["results"][kind] = rows
    return out


def report(name: str, result: dict, kinds: list[str]) -> list[list[str]]:
    cells = []
    for kind in kinds:
        rows = result["results"][kind]
        by_lang: dict[str, list] = defaultdict(list)
        for row in rows:
            by_lang["all"].append(row)
            by_lang[row[0].lang or "?"].append(row)
        for lang in ["all", *sorted(k for k in by_lang if k != "all")]:
            group = by_lang[lang]
            before = corpus_prf(r[1][0] for r in group)
            after = corpus_prf(r[2][0] for r in group)
            title = (accuracy(r[1][1] for r in group)[0], accuracy(r[2][1] for r in group)[0])
            date = (accuracy(r[1][2] for r in group), accuracy(r[2][2] for r in group))
            if not group:
                continue
            cells.append([name, kind, lang, str(len(group)), f"{before[2]:.3f}", f"{after[2]:.3f}",
                          f"{after[2] - before[2]:+.3f}", f"{before[0]:.3f} → {after[0]:.3f}",
                          f"{before[1]:.3f} → {after[1]:.3f}", f"{after[1] - before[1]:+.3f}",
                          f"{title[0]:.3f} → {title[1]:.3f}",
                          f"{date[0][0]:.3f} → {date[1][0]:.3f}" if date[0][1] else "no gold dates"])
    return cells


def speed(records: list[Record], kind: str) -> tuple[float, float, float]:
    """MB/s of UTF-8 text: the learner over every page (one core), and ftfy.fix_text alone."""
    import ftfy

    from cleaner.learn import Learner

    size = sum(len(r.dumps[kind].encode("utf-8", "surrogatepass")) for r in records) / 1e6
    learner = Learner()
    start = time.process_time()
    for record in records:
        learner.add(record.dumps[kind], url_of(record))
    learn_s = time.process_time() - start
    start = time.process_time()
    for record in records:
        ftfy.fix_text(record.dumps[kind])
    ftfy_s = time.process_time() - start
    return size, size / learn_s, size / ftfy_s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", action="append", required=True, type=Path)
    ap.add_argument("--min-pages", type=int, default=3, help="cleaner rules learn --min-pages")
    ap.add_argument("--min-site-pages", type=int, default=6, help="sites with at least this many pages are used")
    ap.add_argument("--kinds", default=",".join(DUMP_KINDS))
    ap.add_argument("--markdown", type=Path)
    ap.add_argument("--show", help="print the learned file of this site (its first fold, html_text)")
    args = ap.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    cells, speeds, counts, shown = [], [], [], None
    for path in args.data:
        records = load_records(path)
        name = path.name.split(".")[0]
        result = evaluate(records, kinds, args.min_pages, args.min_site_pages)
        cells += report(name, result, kinds)
        files = result["files"]
        counts.append([name, str(result["sites"]), str(result["pages"]),
                       " / ".join(str(len(files[(k, f)])) for k in kinds for f in (0, 1))])
        size, learn_mb, ftfy_mb = speed(records, "html_text")
        speeds.append([name, "html_text", str(len(records)), f"{size:.1f}", f"{learn_mb:.2f}", f"{ftfy_mb:.2f}"])
        if args.show:
            shown = shown or files.get(("html_text", 0), {}).get(f"{args.show}.learned.toml")
    head = ["set", "kind", "lang", "pages", "F1 without", "F1 with", "ΔF1", "P", "R", "ΔR", "title", "date"]
    lines = [f"# Learned site templates — {started}", "",
             f"Machine: {cpu_model()}, Python {platform.python_version()}. Command: `python bench/learn.py "
             + " ".join(sys.argv[1:]) + "`.", "",
             "Sites with at least {0} pages; each page cleaned (text mode) with and without the files learned from"
             " the other half of its site (--min-pages {1}).".format(args.min_site_pages, args.min_pages), "",
             table(["set", "sites", "pages", "files learned (kind × fold)"], counts, markdown=True), "",
             table(head, cells, markdown=True), "",
             "Learning speed (one process, CPU time):", "",
             table(["set", "dump", "pages", "MB", "learn MB/s", "ftfy MB/s"], speeds, markdown=True), ""]
    text = "\n".join(lines)
    print(text)
    if shown:
        print(shown)
    if args.markdown:
        args.markdown.write_text(text + ("\n```toml\n" + shown + "```\n" if shown else ""), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
