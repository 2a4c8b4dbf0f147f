#!/usr/bin/env python
"""Benchmark cleaner against the reference tools: no cleaning, ftfy (and optionally jusText) on
the text dumps, trafilatura on the page's HTML.

    python bench/run.py --data PATH [--data PATH ...] [--limit N] [--kinds html_text,bs4,resiliparse,html]
                        [--split all|tune|holdout|both] [--with-justext]
                        [--systems none,ftfy,cleaner,justext,trafilatura,trafilatura-fast] [--markdown FILE]

Data: the dev sets described in /work/shared/bench/README.md (JSON lines, optionally
gzipped), each scored on its own. For every dump kind, each system gets the dump text (and the
record's url) and its output is scored against ``gold.body`` / ``gold.title`` /
``gold.author`` / ``gold.date`` with the metrics of ``bench/metrics.py``.

Systems, in this order:
  no cleaning  the dump itself is the prediction (no speed: there is no work)
  ftfy         ``ftfy.fix_text(dump)``: the speed reference
  cleaner      ``cleaner.normalize(dump, url=url)`` -> ``.text``, ``.title``,
               ``.authors``, ``.published``
  trafilatura  ``trafilatura.extract(html, url=url)`` on the ``html`` input only
               (``--kinds …,html``), metadata from ``bare_extraction`` (untimed): the
               reference for HTML, as the bench README measured it
  trafilatura fast  ``trafilatura.extract(html, url=url, fast=True)`` (no readability or
               jusText fallback), body only: the speed reference for cleaner's HTML mode
  jusText      (``--with-justext``) each non-blank dump line as a paragraph,
               stoplist of the language langdetect guesses (English if none/unknown),
               non-boilerplate paragraphs kept

Warned: the share of pages whose cleaner result carries a warning (something for the user to
look at); n/a for the other systems.

Timing: one core, records in file order, each data set in a fresh process of its own (a
spawned interpreter when there are several, as pyperf runs each benchmark). Run second in the
process of the first, cleaner ran up to 10% slower on daniel-dev and ftfy did not: 3.69 ms a page
against 3.38 when WCXB-dev's records were freed after daniel-dev's were read rather than before
(ftfy 4.96 against 4.93), a state of the heap that the command line, which frees each record as
it goes, does not reach (3.15–3.38 ms a page there). The slowdown showed in four tries of six
(``bench/heapstate.py`` repeats the experiment; docs/benchmarks.md, 2026-12-04, night).
Only the system call is timed
(``time.perf_counter`` around it), not loading, scoring or reading the result's
fields. Each system gets untimed warm-up calls per dump kind first, on the first record
of each language of the set (:func:`warm_up_records`), so one-off lazy initialisation
(imports, rule tables, a language's stoplist and lexicon) is not charged to the first
document: on daniel-dev, with one warm-up call, cleaner's first pass took 0.13 ms a page
more than its second (4%), most of it on the first page of each language.
The systems of a dump kind take turns, :data:`TURN` records each (cleaner on records
1-25, then ftfy on them, then cleaner on 26-50, ...): on a shared host whose speed
drifts by 20% within minutes, systems run one after the other were timed under
different conditions, and the ratios of their docs/s moved by as much (trafilatura's
fast mode on WCXB-dev's HTML: 44.9 and 60.3 docs/s in two runs an hour apart, cleaner
33.4 in both). MB are 10**6 bytes of the dump encoded as UTF-8.

Each timed system's turn starts from a full run of the garbage collector, untimed, and what lives
on through the turns is frozen out of its way for them, after the warm-up (``gc.freeze``; thawed
after the last turn). Without that, the collector's full passes over the process's heap (the
records, their scores, the other systems' garbage, every module loaded) came whenever its counts
crossed a threshold, inside the call of the system allocating at that moment: cleaner's calls,
which make a page's lines and audit records, and never ftfy's, which makes strings. On
daniel-dev's html_text, 3 full passes of ~51 ms fell into cleaner's calls, 5% of its time; in a
process of its own its collections cost 0.06 ms a page, 0.04 of it full passes
(docs/benchmarks.md, 2026-12-05, morning). A system still pays for the collections its own
allocations start within its turn.

Split: by site, within each language (:func:`assign_splits`): every page of a site is in
one half. ``--split both`` runs every record once and reports each half on its own rows,
followed by the whole-set row. ``--limit N`` takes the first N records of each file, before
splitting. A set with several languages (its records' ``lang``) gets a second table, shingle
F1 and title accuracy per language.

Exit status: 0; 2 for a missing data file or bad arguments; 1 if the cleaner
column could not run (import failed) or a system raised on some record (the
table is still printed, and written with ``--markdown``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import gzip
import hashlib
import html
import json
import math
import os
import platform
import re
import shlex
import sys
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

ROOT = Path(__file__).absolute().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.metrics import (  # noqa: E402
    accuracy,
    author_match,
    bag_f1,
    corpus_prf,
    count_overlap,
    date_match,
    has_gold,
    shingles,
    title_match,
    word_bag,
)

# Inputs: the three text dumps, and "html", the page itself.
KINDS = ("html_text", "bs4", "resiliparse", "html")
SYSTEM_KEYS = ("none", "ftfy", "cleaner", "justext", "trafilatura", "trafilatura-fast")
SYSTEM_NAMES = {
    "none": "no cleaning",
    "ftfy": "ftfy.fix_text",
    "cleaner": "cleaner",
    "justext": "jusText on dump lines",
    "trafilatura": "trafilatura",
    "trafilatura-fast": "trafilatura fast",
}
# Which inputs each system takes: the text-only references make no sense on raw HTML, and
# trafilatura is the reference for HTML only.
SYSTEM_KINDS = {
    "none": KINDS[:3], "ftfy": KINDS[:3], "justext": KINDS[:3], "cleaner": KINDS, "trafilatura": ("html",),
    "trafilatura-fast": ("html",),
}
SPLITS = ("all", "tune", "holdout", "both")
MAX_TRACEBACKS = 3


# --------------------------------------------------------------------- data


@dataclass
class Record:
    id: str
    url: str | None
    dumps: dict[str, str]
    body: str
    title: str | None
    author: str | None
    date: str | None
    split: str
    lang: str = "English"  # the set's ``lang`` field; the WCXB set has none and is English
    site: str = ""


def site_of(record_id: str, url: str | None) -> str:
    """The site a record comes from: its url's host less ``www.``, or the host a DAniEL id
    carries (``daniel-20111128_www.gazeta.ru_…``, whose url is null), or the id itself."""
    if url:
        return urlsplit(url).netloc.lower().split(":")[0].removeprefix("www.")
    match = re.match(r"daniel-\d+_([^_]+)_", record_id)
    return match.group(1).lower().removeprefix("www.") if match else record_id


def _site_hash(site: str) -> int:
    return int(hashlib.sha1(site.encode("utf-8")).hexdigest(), 16)


def assign_splits(sites: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The half (``tune`` or ``holdout``) of each (language, site) pair, given one pair per record.

    Every page of a site is in one half, so that a choice fitted to a site's template on one half
    is judged on sites it has not seen on the other. Within each language the sites are dealt out
    largest first (ties in order of sha1 of the site), each to the half with the smaller weight so
    far (tune on a tie), a site weighing the square root of its page count: both halves get about
    as many pages of each language and as many sites, where one site holds most of a language's
    pages (84 of daniel-dev's 141 Greek pages come from express.gr). Nothing but the sites' names
    and page counts is read: stable across runs and machines."""
    counts = Counter(sites)
    halves: dict[tuple[str, str], str] = {}
    for lang in sorted({lang for lang, _ in counts}):
        weight = {"tune": 0.0, "holdout": 0.0}
        ordered = sorted((key for key in counts if key[0] == lang), key=lambda key: (-counts[key], _site_hash(key[1])))
        for key in ordered:
            half = "tune" if weight["tune"] <= weight["holdout"] else "holdout"
            halves[key] = half
            weight[half] += math.sqrt(counts[key])
    return halves


def load_records(path: Path, limit: int | None = None) -> list[Record]:
    """Read the JSON lines file (gzip if it ends in .gz); keep only what the benchmark uses. The
    halves are those of :func:`assign_splits` over the records read."""
    opener = gzip.open if path.suffix == ".gz" else open
    records: list[Record] = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(records) >= limit:
                break
            if not line.strip():
                continue
            raw = json.loads(line)
            gold = raw.get("gold") or {}
            dumps = raw.get("dumps") or {}
            records.append(
                Record(
                    id=raw["id"],
                    url=raw.get("url"),
                    dumps={**{k: dumps.get(k) or "" for k in KINDS[:3]}, "html": raw.get("html") or ""},
                    body=gold.get("body") or "",
                    title=gold.get("title"),
                    author=gold.get("author"),
                    date=gold.get("date"),
                    split="",
                    lang=raw.get("lang") or "English",
                    site=site_of(raw["id"], raw.get("url")),
                )
            )
    halves = assign_splits([(r.lang, r.site) for r in records])
    for record in records:
        record.split = halves[(record.lang, record.site)]
    return records


# ------------------------------------------------------------------ systems


@dataclass
class Prediction:
    text: str
    title: str | None = None
    authors: list[str] | None = None
    published: str | None = None
    warned: bool | None = None  # the result carries a warning (None: the system has none)


@dataclass
class System:
    key: str
    name: str
    call: Callable[[str, str | None], Any]  # the timed part
    read: Callable[[Any], Prediction]  # untimed: result -> Prediction
    has_meta: bool = False  # title/author/date scored
    timed: bool = True  # speed reported


def _text_only(out: Any) -> Prediction:
    return Prediction(text=out or "")


def make_none() -> System:
    return System("none", SYSTEM_NAMES["none"], lambda text, url: text, _text_only, timed=False)


def make_ftfy() -> System:
    import ftfy

    return System("ftfy", SYSTEM_NAMES["ftfy"], lambda text, url: ftfy.fix_text(text), _text_only)


def make_cleaner() -> System:
    """The cleaner column; raises ImportError (with the cause) if the package cannot be imported."""
    import cleaner  # noqa: F401  (the error surfaces here)

    normalize = cleaner.normalize

    def read(a: Any) -> Prediction:
        authors = getattr(a, "authors", None)
        return Prediction(
            text=getattr(a, "text", "") or "",
            title=getattr(a, "title", None),
            authors=list(authors) if authors else [],
            published=getattr(a, "published", None),
            warned=bool(getattr(a, "warnings", ())),
        )

    return System("cleaner", SYSTEM_NAMES["cleaner"], lambda text, url: normalize(text, url=url), read, has_meta=True)


# langdetect code -> jusText stoplist name (codes langdetect can return that jusText has a list for)
_JUSTEXT_LANGS = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian",
    "id": "Indonesian", "it": "Italian", "kn": "Kannada", "ko": "Korean", "lt": "Lithuanian",
    "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi", "ne": "Nepali",
    "nl": "Dutch", "no": "Norwegian_Bokmal", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
}


def make_justext() -> System:
    import justext
    import langdetect

    langdetect.DetectorFactory.seed = 0  # langdetect is random otherwise
    stoplists: dict[str, frozenset] = {}

    def stoplist_for(text: str) -> frozenset:
        try:
            code = langdetect.detect(text)
        except Exception:  # no features in text, etc.
            code = "en"
        name = _JUSTEXT_LANGS.get(code.split("-")[0], "English")
        if name not in stoplists:
            stoplists[name] = justext.get_stoplist(name)
        return stoplists[name]

    def call(text: str, url: str | None) -> str:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        if not lines:
            return ""
        doc = "<html><body>" + "".join(f"<p>{html.escape(ln)}</p>" for ln in lines) + "</body></html>"
        paragraphs = justext.justext(doc, stoplist_for(text))
        return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return System("justext", SYSTEM_NAMES["justext"], call, _text_only)


def make_trafilatura() -> System:
    """trafilatura on the page's HTML, measured as the bench README did: the body and the speed
    are ``trafilatura.extract`` alone (timed); title, author and date come from
    ``bare_extraction(with_metadata=True)``, run untimed in ``read``."""
    import trafilatura

    def call(page: str, url: str | None):
        return page, url, trafilatura.extract(page, url=url)

    def read(out: Any) -> Prediction:
        page, url, text = out
        meta = trafilatura.bare_extraction(page, url=url, with_metadata=True)
        author = getattr(meta, "author", None)
        return Prediction(text=text or "", title=getattr(meta, "title", None),
                          authors=[a.strip() for a in author.split(";")] if author else [],
                          published=getattr(meta, "date", None))

    return System("trafilatura", SYSTEM_NAMES["trafilatura"], call, read, has_meta=True)


def make_trafilatura_fast() -> System:
    """``trafilatura.extract(html, url=url, fast=True)``: without its fallbacks (readability,
    jusText), the speed reference for cleaner's HTML mode; body only."""
    import trafilatura

    return System("trafilatura-fast", SYSTEM_NAMES["trafilatura-fast"],
                  lambda page, url: trafilatura.extract(page, url=url, fast=True), _text_only)


MAKERS = {"none": make_none, "ftfy": make_ftfy, "cleaner": make_cleaner, "justext": make_justext,
          "trafilatura": make_trafilatura, "trafilatura-fast": make_trafilatura_fast}


# ------------------------------------------------------------------ scoring


@dataclass
class DocResult:
    counts: tuple[int, int, int]
    wf1: float
    title: bool | None
    author: bool | None
    date: bool | None
    seconds: float
    nbytes: int
    error: bool
    warned: bool | None = None


@dataclass
class Row:
    kind: str
    system: str
    split: str
    n: int
    f1: float = math.nan
    p: float = math.nan
    r: float = math.nan
    wf1: float = math.nan
    title: tuple[float, int] | None = None
    author: tuple[float, int] | None = None
    date: tuple[float, int] | None = None
    docs_s: float | None = None
    mb_s: float | None = None
    errors: int = 0
    warned: float | None = None  # share of pages whose result carries a warning
    note: str = ""


TURN = 25  # records a system runs before the next system of the dump kind takes its turn


def run_system(system: System, kind: str, records: list[Record], gold_sh: list, gold_bags: list,
               warm_up: list[Record] | None = None, shown: list[int] | None = None) -> list[DocResult]:
    """Run one system over one dump kind of every record; timing only ``system.call``.

    ``gold_sh`` / ``gold_bags``: each record's gold shingles and word bag, computed once;
    ``shown`` counts the tracebacks printed, across the turns of one system.
    """
    results: list[DocResult] = []
    shown = [0] if shown is None else shown
    for rec in warm_up or ():  # untimed
        try:
            system.call(rec.dumps[kind], rec.url)
        except Exception:
            pass
    perf = time.perf_counter
    for rec, gsh, gbag in zip(records, gold_sh, gold_bags):
        text = rec.dumps[kind]
        error = False
        t0 = perf()
        try:
            out = system.call(text, rec.url)
        except Exception:
            dt = perf() - t0
            error, out = True, None
            if shown[0] < MAX_TRACEBACKS:
                shown[0] += 1
                print(f"[{system.name} / {kind}] error on {rec.id}:", file=sys.stderr)
                traceback.print_exc(file=sys.stderr)
        else:
            dt = perf() - t0
        if error:
            pred = Prediction(text="")
        else:
            try:
                pred = system.read(out)
            except Exception:
                error, pred = True, Prediction(text="")
                if shown[0] < MAX_TRACEBACKS:
                    shown[0] += 1
                    print(f"[{system.name} / {kind}] bad result on {rec.id}:", file=sys.stderr)
                    traceback.print_exc(file=sys.stderr)
        meta = system.has_meta
        results.append(
            DocResult(
                counts=count_overlap(shingles(pred.text), gsh),
                wf1=bag_f1(word_bag(pred.text), gbag),
                title=title_match(pred.title, rec.title) if meta and has_gold(rec.title) else None,
                author=author_match(pred.authors, rec.author) if meta and has_gold(rec.author) else None,
                date=date_match(pred.published, rec.date) if meta and has_gold(rec.date) else None,
                seconds=dt,
                nbytes=len(text.encode("utf-8")),
                error=error,
                warned=pred.warned,
            )
        )
    return results


def aggregate(kind: str, system: System, split: str, docs: list[DocResult]) -> Row:
    p, r, f1 = corpus_prf(d.counts for d in docs)
    row = Row(kind=kind, system=system.name, split=split, n=len(docs), f1=f1, p=p, r=r)
    row.wf1 = math.fsum(d.wf1 for d in docs) / len(docs) if docs else math.nan
    if system.has_meta:
        row.title = accuracy(d.title for d in docs)
        row.author = accuracy(d.author for d in docs)
        row.date = accuracy(d.date for d in docs)
    secs = math.fsum(d.seconds for d in docs)
    if system.timed and secs > 0:
        row.docs_s = len(docs) / secs
        row.mb_s = sum(d.nbytes for d in docs) / 1e6 / secs
    row.errors = sum(d.error for d in docs)
    flags = [d.warned for d in docs if d.warned is not None]
    row.warned = sum(flags) / len(flags) if flags else None
    return row


# ------------------------------------------------------------------- output

HEADERS = ["kind", "system", "split", "n", "shingle F1", "P", "R", "word F1",
           "title", "author", "date", "docs/s", "MB/s", "errors", "warned"]


def _f(x: float | None, nd: int = 3) -> str:
    if x is None:
        return "n/a"
    if isinstance(x, float) and math.isnan(x):
        return "nan"
    return f"{x:.{nd}f}"


def _acc(a: tuple[float, int] | None) -> str:
    return "n/a" if a is None else _f(a[0])


def _speed(x: float | None, nd: int) -> str:
    return "-" if x is None else f"{x:,.{nd}f}"


def row_cells(row: Row) -> list[str]:
    if row.note:  # a system that could not run: dashes, the reason goes under the table
        return [row.kind, row.system, row.split, str(row.n)] + ["-"] * (len(HEADERS) - 5) + ["not run"]
    return [row.kind, row.system, row.split, str(row.n), _f(row.f1), _f(row.p), _f(row.r), _f(row.wf1),
            _acc(row.title), _acc(row.author), _acc(row.date), _speed(row.docs_s, 1), _speed(row.mb_s, 2),
            str(row.errors), "n/a" if row.warned is None else f"{row.warned:.1%}"]


def plain_table(rows: list[Row]) -> str:
    cells = [HEADERS] + [row_cells(r) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(HEADERS))]
    left = {0, 1, 2}

    def fmt(c: list[str]) -> str:
        return "  ".join(s.ljust(w) if i in left else s.rjust(w) for i, (s, w) in enumerate(zip(c, widths))).rstrip()

    out = [fmt(cells[0]), "  ".join("-" * w for w in widths)]
    out += [fmt(c) for c in cells[1:]]
    return "\n".join(out)


def markdown_table(rows: list[Row]) -> str:
    align = ["---" if i in (0, 1, 2) else "---:" for i in range(len(HEADERS))]
    lines = ["| " + " | ".join(HEADERS) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row_cells(r)) + " |" for r in rows]
    return "\n".join(lines)


def notes(rows: list[Row]) -> list[str]:
    """One line per system that could not run, in table order, without repeats."""
    seen: dict[str, str] = {}
    for r in rows:
        if r.note and r.system not in seen:
            seen[r.system] = r.note
    return [f"{name}: {note}" for name, note in seen.items()]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(errors="replace").splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(mod: str) -> str:
    try:
        from importlib.metadata import version

        return version(mod)
    except Exception:
        m = sys.modules.get(mod)
        return getattr(m, "__version__", "unknown") if m else "not loaded"


LANG_CODES = {"English": "en", "Chinese": "zh", "Polish": "pl", "Russian": "ru", "Greek": "el"}


@dataclass
class DataSet:
    """One data file's records and, per (kind, system), each record's result."""

    name: str
    records: list[Record]
    rows: list[Row]
    results: dict[tuple[str, str], list[DocResult]]

    @property
    def languages(self) -> list[str]:
        counts = Counter(r.lang for r in self.records)
        return sorted(counts, key=lambda lang: (-counts[lang], lang))


def language_cells(data: DataSet, split: str) -> list[list[str]]:
    """Rows of the per-language table: shingle F1 (and title accuracy for systems with metadata)
    of each (kind, system) on ``split``, for all records and for each language."""
    rows = []
    for (kind, system_name), docs in data.results.items():
        pairs = [(d, r) for d, r in zip(docs, data.records) if split == "all" or r.split == split]
        metrics = [("F1", lambda ds: corpus_prf(d.counts for d in ds)[2])]
        if any(d.title is not None for d, _ in pairs):
            metrics.append(("title", lambda ds: accuracy(d.title for d in ds)[0]))
        for metric, value in metrics:
            cells = [kind, system_name, split, metric, _f(value([d for d, _ in pairs]))]
            for lang in data.languages:
                cells.append(_f(value([d for d, r in pairs if r.lang == lang])))
            rows.append(cells)
    return rows


def language_table(data: DataSet, splits: list[str], markdown: bool = False) -> str:
    head = ["kind", "system", "split", "metric", "all"] + [LANG_CODES.get(l, l) for l in data.languages]
    cells = [c for split in splits for c in language_cells(data, split)]
    return table(head, cells, markdown, left=4)


def table(head: list[str], cells: list[list[str]], markdown: bool = False, left: int = 1) -> str:
    """``head`` and the rows of ``cells`` as a Markdown table, or as aligned plain text under a
    rule of dashes; the first ``left`` columns align left, the others right."""
    if markdown:
        align = ["---" if i < left else "---:" for i in range(len(head))]
        return "\n".join("| " + " | ".join(c) + " |" for c in [head, align] + cells)
    widths = [max(len(c[i]) for c in [head] + cells) for i in range(len(head))]
    fmt = lambda c: "  ".join(x.ljust(w) if i < left else x.rjust(w) for i, (x, w) in enumerate(zip(c, widths))).rstrip()
    return "\n".join([fmt(head), "  ".join("-" * w for w in widths)] + [fmt(c) for c in cells])


def markdown_report(sets: list[DataSet], args: argparse.Namespace, argv: list[str], wall: float,
                    systems: list[str], splits: list[str]) -> str:
    command = shlex.join(["python", "bench/run.py", *argv])
    versions = [f"ftfy {_version('ftfy')}"]
    if "cleaner" in systems:
        versions.append(f"cleaner {_version('cleaner')}")
        versions.append(f"py3langid {_version('py3langid')}")  # cleaner's language identifier
    if "trafilatura" in systems:
        versions.append(f"trafilatura {_version('trafilatura')}")
    if "justext" in systems:
        versions += [f"jusText {_version('justext')}", f"langdetect {_version('langdetect')} (jusText's stoplist)"]
    data_line = ", ".join(f"`{d.name}` ({len(d.records)} records)" for d in sets)
    head = [
        "## Benchmark run",
        "",
        f"- date: {_dt.datetime.now(_dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- command: `{command}`",
        f"- data: {data_line}" + (f" (first {args.limit} of each)" if args.limit is not None else ""),
        f"- platform: {platform.platform()}; CPU: {cpu_model()}; {os.cpu_count()} cores (one used)",
        f"- python {platform.python_version()} ({platform.python_implementation()}); " + ", ".join(versions),
        f"- wall time of the run: {wall:.1f} s",
        "",
        "Shingle F1 / P / R: 4-token shingles (each CJK ideograph or kana a token), corpus means"
        " (ScrapingHub rules); word F1: mean per page;"
        " title: lower-cased token sequences equal; author: bags of lower-cased tokens equal;"
        " date: first 10 characters equal — title/author/date only over records whose gold has the field,"
        " n/a for systems with no metadata. Definitions: `bench/metrics.py`."
        " Speed: only the system call is timed, one core, each data set in a fresh process;"
        " MB = 10^6 bytes of dump (UTF-8);"
        " no speed for `no cleaning`. Split: by site, within each language (`bench.run.assign_splits`).",
        "",
    ]
    parts = []
    for data in sets:
        parts += [f"### {data.name}", "", markdown_table(data.rows), ""]
        if len(data.languages) > 1:
            parts += ["By language:", "", language_table(data, splits, markdown=True), ""]
        tail = notes(data.rows)
        parts += [f"- {n}" for n in tail] + ([""] if tail else [])
    return "\n".join(head + parts)


# --------------------------------------------------------------------- main


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, action="append",
                    help="a data set (.jsonl or .jsonl.gz); give --data again for each further set")
    ap.add_argument("--limit", type=int, default=None, help="first N records of each file")
    ap.add_argument("--kinds", default=",".join(KINDS[:3]),
                    help="comma list of inputs: the dump kinds and html (default: the three dumps);"
                         " with html, trafilatura joins the default systems")
    ap.add_argument("--split", default="all", choices=SPLITS,
                    help="records to score: all, the tune or holdout half, or both (a row per half, then all)")
    ap.add_argument("--with-justext", action="store_true", help="add the jusText reference column (slow)")
    ap.add_argument("--systems", default=None,
                    help="comma list out of none,ftfy,cleaner,justext (default: none,ftfy,cleaner"
                         " [+justext with --with-justext])")
    ap.add_argument("--markdown", metavar="FILE", default=None, help="also write the table as Markdown")
    args = ap.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    bad = [k for k in kinds if k not in KINDS]
    if bad or not kinds:
        ap.error(f"--kinds: unknown {bad or 'empty list'}; choose from {','.join(KINDS)}")
    args.kinds = kinds
    if args.systems is None:
        systems = ["none", "ftfy", "cleaner"] + (["justext"] if args.with_justext else [])
        if "html" in kinds:
            systems += ["trafilatura", "trafilatura-fast"]  # the references for the html input
    else:
        systems = [s.strip() for s in args.systems.split(",") if s.strip()]
        bad = [s for s in systems if s not in SYSTEM_KEYS]
        if bad or not systems:
            ap.error(f"--systems: unknown {bad or 'empty list'}; choose from {','.join(SYSTEM_KEYS)}")
        if args.with_justext and "justext" not in systems:
            systems.append("justext")
    args.systems = [s for s in SYSTEM_KEYS if s in systems]  # fixed order
    if args.limit is not None and args.limit < 1:
        ap.error("--limit must be >= 1")
    return args


def make_systems(keys: list[str]) -> tuple[list[System], dict[str, str]]:
    """The systems that could be set up, and the reason for each that could not."""
    systems: list[System] = []
    failed: dict[str, str] = {}
    for key in keys:
        try:
            systems.append(MAKERS[key]())
        except Exception as exc:  # ImportError, or anything the package does at import time
            msg = f"{type(exc).__name__}: {exc}"
            failed[key] = msg
            print(f"bench/run.py: the {SYSTEM_NAMES[key]!r} column cannot run: import failed: {msg}",
                  file=sys.stderr)
            if key == "cleaner":
                print("  (run from the repo with the venv: `.venv/bin/python bench/run.py ...`;"
                      " cleaner.normalize(text, url=...) must be importable)", file=sys.stderr)
    return systems, failed


def in_fresh_process(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` run in a spawned interpreter, which knows nothing of this process's heap (the
    module's docstring says why a data set's timing needs that); ``fn`` and its arguments and
    result must pickle."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def score_set(path: str, args: argparse.Namespace,
              report_splits: list[str]) -> tuple[DataSet | None, dict[str, str]]:
    """One data set loaded, run by every system and scored, and the systems that could not run;
    None for a set with no records to score. The records come back without their texts (the
    report reads their split and language only), so that a process of its own sends back little."""
    t_start = time.perf_counter()
    records = load_records(Path(path), args.limit)
    if args.split in ("tune", "holdout"):
        records = [r for r in records if r.split == args.split]
    if not records:
        return None, {}
    print(f"loaded {len(records)} records of {Path(path).name} in {time.perf_counter() - t_start:.1f} s",
          file=sys.stderr)
    systems, failed = make_systems(args.systems)
    data = run_set(Path(path).name, records, args, systems, failed, report_splits)
    data.records = [replace(r, dumps={}, body="") for r in records]
    return data, failed


def warm_up_records(records: list[Record]) -> list[Record]:
    """The first record of each language, in the order of the records: what a system runs
    untimed before a dump kind's turns."""
    firsts: dict[str, Record] = {}
    for rec in records:
        firsts.setdefault(rec.lang, rec)
    return list(firsts.values())


def run_set(name: str, records: list[Record], args: argparse.Namespace, systems: list[System],
            failed: dict[str, str], report_splits: list[str]) -> DataSet:
    """Every system over every kind of one data set: its rows and per-record results."""
    gold_sh = [shingles(r.body) for r in records]
    gold_bags = [word_bag(r.body) for r in records]
    data = DataSet(name, records, [], {})
    warm = warm_up_records(records)
    for kind in args.kinds:
        running = []
        for key in args.systems:
            if kind not in SYSTEM_KINDS[key]:
                continue
            if key in failed:
                for split in report_splits:
                    n = sum(1 for r in records if split == "all" or r.split == split)
                    data.rows.append(Row(kind, SYSTEM_NAMES[key], split, n, note=f"not run, import failed: {failed[key]}"))
                continue
            running.append(next(s for s in systems if s.key == key))
        # The systems take turns (see the module's docstring), TURN records each.
        results: dict[str, list[DocResult]] = {system.name: [] for system in running}
        spent = dict.fromkeys(results, 0.0)
        shown = {name: [0] for name in results}
        for system in running:
            run_system(system, kind, [], [], [], warm_up=warm, shown=shown[system.name])
        # What lives on through the turns (the records and their gold, the modules and what the
        # warm-up loaded) is frozen out of the collector's way (gc.freeze: reference counts still
        # free it), so that its runs between turns walk little more than the turns' garbage.
        gc.collect()
        gc.freeze()
        for start in range(0, len(records), TURN):
            end = start + TURN
            for system in running:
                if system.timed:
                    gc.collect()  # untimed: the garbage of the turns before is not this turn's (see the docstring)
                t0 = time.perf_counter()
                results[system.name] += run_system(system, kind, records[start:end], gold_sh[start:end],
                                                   gold_bags[start:end], shown=shown[system.name])
                spent[system.name] += time.perf_counter() - t0
        gc.unfreeze()  # the process's objects the collector's again (a caller's too, as before the set)
        for system in running:
            docs = results[system.name]
            print(f"  {name:<28} {kind:<12} {system.name:<22} {spent[system.name]:7.1f} s", file=sys.stderr)
            data.results[(kind, system.name)] = docs
            for split in report_splits:
                part = [d for d, r in zip(docs, records) if split == "all" or r.split == split]
                data.rows.append(aggregate(kind, system, split, part))
    return data


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    missing = [path for path in args.data if not Path(path).is_file()]
    if missing:
        print(f"bench/run.py: data file not found: {', '.join(missing)}\n"
              "  (the dev sets live outside the repo, e.g. /work/shared/bench/wcxb-dev-articles.jsonl.gz;"
              " pass each with --data)", file=sys.stderr)
        return 2

    t_start = time.perf_counter()
    report_splits = ["tune", "holdout", "all"] if args.split == "both" else [args.split]
    sets: list[DataSet] = []
    failed: dict[str, str] = {}
    for path in args.data:
        # alone, the set has this process to itself; else each set gets a fresh one
        data, failures = (score_set(path, args, report_splits) if len(args.data) == 1
                          else in_fresh_process(score_set, path, args, report_splits))
        if data is None:
            print(f"bench/run.py: no records to score in {path}", file=sys.stderr)
            return 2
        sets.append(data)
        failed.update(failures)
    any_errors = bool(failed) or any(row.errors > 0 for data in sets for row in data.rows)

    wall = time.perf_counter() - t_start
    for data in sets:
        if len(sets) > 1:
            print(f"\n== {data.name} ({len(data.records)} records)")
        print(plain_table(data.rows))
        if len(data.languages) > 1:
            print("\nby language:")
            print(language_table(data, report_splits))
        for n in notes(data.rows):
            print(n)
    print(f"total wall time {wall:.1f} s", file=sys.stderr)
    if args.markdown:
        Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
        Path(args.markdown).write_text(markdown_report(sets, args, argv, wall, args.systems, report_splits),
                                       encoding="utf-8")
        print(f"wrote {args.markdown}", file=sys.stderr)
    return 1 if any_errors else 0


if __name__ == "__main__":
    sys.exit(main())
