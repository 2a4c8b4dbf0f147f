"""Site templates learned from a corpus: ``cleaner rules learn``.

A site's furniture repeats on every one of its pages: the same menu, the same "Версия для печати",
the same footer. :class:`Learner` reads pages one at a time, groups them by site (the url's host;
without a url, the two lines under the page title, which a site's header repeats), counts for each
site on how many pages each line appears, and writes one ordinary rule file a site
(:func:`rule_files`) that a person can read, review and commit:

- ``drop`` rules with the lines found on at least ``share`` (half) of the site's pages, each line
  with its count as a comment ("on 41 of 44 pages"): the lines above the article (``header``),
  between its paragraphs (``inside``) and below it (``footer``);
- ``drop`` rules with a pattern each for lines that repeat but for their numbers ("Просмотрено:
  114", "12 comments"): each run of digits stands for any number;
- a ``cut-after`` rule at a footer heading that, on every page it is on, lies below the article.

The guard against article text: a line is learned only where the corpus shows it is not a
paragraph. A line that reads as prose (12 words or more, a Han character or kana counting half a
word, ending like a sentence) is never learned, however often it recurs: a standard disclaimer or a
recurring lede is article text to someone. A line of more than ``SHORT_WORDS`` words is learned
only if on no page it lies between the page's first and last paragraph (position evidence), and a
footer heading only if on every page it lies below the last. A page's paragraphs are its prose
lines. A line that some page's title holds (that page's headline, a teaser on the others) and a
line that states a date are not learned, and a page whose paragraphs are a page's seen lately on
the site (the same article fetched again) is counted once.

Memory is bounded per site: lines are kept by their text only while they can still reach the
share (lossy counting: an entry seen on fewer than one page in ``1/epsilon`` is let go), and a
few pages a site are kept for the examples. A first pass (:func:`count_sites`) finds the sites
with enough pages, so that the second keeps nothing for the rest. Learners over parts of a corpus
merge (:meth:`Learner.merge`), so the counting runs per partition on Dask.

A learned file says so (``learned = true`` in ``[site]``): a hand-written file for the same domain
wins over it (:meth:`cleaner.rulebook.RuleBook.site_for`), and the line model still judges what
a learned file leaves, as it does on pages no site file handles.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import tempfile
from collections import Counter, deque
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from cleaner.batch import DaskCluster
from cleaner.config import DEFAULT
from cleaner.dates import find_date_span
from cleaner.document import Document
from cleaner.linefeatures import ends_sentence
from cleaner.pipeline import normalize, run_steps
from cleaner.rulebook import RuleBook, load_rule_file
from cleaner.titles import at_least_words, word_count
from cleaner.urls import host

SHARE = 0.5  # a line on at least this share of a site's pages is the site's
MIN_PAGES = 5
EPSILON = 0.01  # lossy counting: counts are at most this share of a site's pages too low
SHORT_WORDS = 4  # a line this short may sit between paragraphs ("Advertisement", "Share")
PROSE_WORDS = 12  # a line this long that ends like a sentence is prose, never learned
EXAMPLE_PAGES = 3  # pages kept a site for its examples
RECRAWLS = 10_000  # articles remembered a site, to count the same article fetched twice once
EXAMPLE_LINES = 40
_DIGITS = re.compile(r"\d+")
_EMPTY = RuleBook(())


def is_prose(text: str) -> bool:
    """A line that reads as a paragraph: never learned.

    >>> is_prose("The harbour froze three weeks earlier than usual this winter, the port authority said.")
    True
    >>> is_prose("Версия для печати")
    False
    >>> is_prose("国家统计局今天发布数据，十一月份全国居民消费价格总水平同比上涨百分之四点二。")
    True
    """
    return ends_sentence(text) and at_least_words(text, PROSE_WORDS)


def site_key(url: str | None, lines: list[str]) -> str:
    """Which site a page is from: its url's host, or, without one, ``lines:`` and a hash of the two
    non-blank lines under the page title (a text dump opens with ``<title>``, then the site's
    header).

    >>> site_key("https://www.regnum.ru/news/1.html", [])
    'regnum.ru'
    >>> header = ["Site", "Home | News"]
    >>> site_key(None, ["Headline | Site", *header]) == site_key(None, ["Other headline | Site", *header])
    True
    """
    name = host(url)
    if name:
        return name
    head = "\n".join(lines[1:3])
    return "lines:" + hashlib.sha1(head.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass
class Entry:
    """What the corpus showed of one line (or one numbered form of lines) of a site."""

    text: str  # the line; for a numbered form, the first line seen of it
    pages: int = 0
    inside: int = 0  # pages where it lies between the first and last paragraph
    below: int = 0  # pages where it lies below the last paragraph
    above: int = 0  # pages where it lies above the first paragraph
    followed: int = 0  # pages where lines come after it
    titled: int = 0  # pages whose title (the dump's first line) holds it: that page's headline
    lines_below: int = 0  # the lines after it, summed over its pages: a footer heading has many
    delta: int = 0  # lossy counting: how many pages it may have been missed on before it was kept

    def add(self, other: Entry) -> None:
        self.pages += other.pages
        self.inside += other.inside
        self.below += other.below
        self.above += other.above
        self.followed += other.followed
        self.titled += other.titled
        self.lines_below += other.lines_below
        self.delta += other.delta


@dataclass
class Site:
    """A site's counts: exact lines, numbered forms (digits masked), a few pages for examples."""

    key: str
    url: str | None = None  # one url of the site, for its examples
    pages: int = 0
    lines: dict[str, Entry] = field(default_factory=dict)
    forms: dict[str, Entry] = field(default_factory=dict)
    samples: list[tuple[str, list[str]]] = field(default_factory=list)  # (hash, lines) of the kept pages
    articles: dict[str, None] = field(default_factory=dict)  # the last RECRAWLS articles seen, by their paragraphs

    def prune(self, width: int) -> None:
        """Lossy counting's step: let go of what has been seen on too few pages to matter."""
        bucket = self.pages // width
        for table in (self.lines, self.forms):
            for key in [k for k, e in table.items() if e.pages + e.delta <= bucket]:
                del table[key]


class Learner:
    """Counts line repeats per site over a stream of pages; see the module docstring."""

    def __init__(self, *, epsilon: float = EPSILON, only: Collection[str] | None = None) -> None:
        self.sites: dict[str, Site] = {}
        self.width = max(1, math.ceil(1 / epsilon))
        self.only = only  # the sites to learn (a first pass's :func:`count_sites`); None: every site
        self.pages = 0

    def add(self, raw: str | bytes, url: str | None = None, html: bool | None = None) -> None:
        """Count one page's lines (the lines the rules would see: decoded, repaired, split). A
        page with a url of a site not in ``only`` is passed over before it is read."""
        if self.only is not None:
            name = host(url)
            if name and name not in self.only:
                self.pages += 1
                return
        self.add_lines(page_lines(raw, url, html), url)

    def add_lines(self, lines: list[str], url: str | None = None) -> None:
        """Count one page given as its lines. A page whose paragraphs are those of a page seen
        lately on the site (the same article fetched again) adds nothing: its lines would count
        twice."""
        key = site_key(url, lines)
        self.pages += 1
        if self.only is not None and key not in self.only:
            return
        site = self.sites.get(key)
        if site is None:
            site = self.sites[key] = Site(key, url)
        prose = [i for i, text in enumerate(lines) if is_prose(text)]
        if prose:
            article = hashlib.sha1("\n".join(lines[i] for i in prose).encode("utf-8", "surrogatepass")).hexdigest()
            if article in site.articles:
                return
            site.articles[article] = None
            if len(site.articles) > RECRAWLS:
                del site.articles[next(iter(site.articles))]
        site.pages += 1
        first, last = (prose[0], prose[-1]) if prose else (len(lines), -1)
        title = lines[0].casefold() if lines else ""
        seen: set[str] = set()
        for i, text in enumerate(lines):
            if text in seen:
                continue
            seen.add(text)
            titled = i > 0 and word_count(text) >= 3 and text.casefold() in title
            where = (int(first < i < last), int(i > last), int(i < first), len(lines) - 1 - i, int(titled))
            self._count(site.lines, text, where, site)
            if any(ch.isdigit() for ch in text):
                form = _DIGITS.sub("0", text)
                if form not in seen:
                    seen.add(form)
                    self._count(site.forms, form, where, site, text)
        digest = hashlib.sha1("\n".join(lines).encode("utf-8", "surrogatepass")).hexdigest()
        site.samples = sorted([*site.samples, (digest, lines)])[:EXAMPLE_PAGES]
        if site.pages % self.width == 0:
            site.prune(self.width)

    def _count(self, table: dict[str, Entry], key: str, where: tuple[int, int, int, int, int], site: Site,
               text: str | None = None) -> None:
        """One more page for ``key``; ``where`` says where on the page it was (inside, below, above,
        followed, titled)."""
        entry = table.get(key)
        if entry is None:
            # pages it may have been on before it was kept: the buckets lossy counting has closed
            entry = table[key] = Entry(text or key, 0, delta=(site.pages - 1) // self.width)
        entry.pages += 1
        entry.inside += where[0]
        entry.below += where[1]
        entry.above += where[2]
        entry.followed += where[3] > 0
        entry.lines_below += where[3]
        entry.titled += where[4]

    def merge(self, other: Learner) -> None:
        """Add another learner's counts (a partition of the same corpus)."""
        self.pages += other.pages
        for key, theirs in other.sites.items():
            site = self.sites.get(key)
            if site is None:
                self.sites[key] = theirs
                continue
            site.pages += theirs.pages
            site.url = site.url or theirs.url
            for mine, table in ((site.lines, theirs.lines), (site.forms, theirs.forms)):
                for text, entry in table.items():
                    if text in mine:
                        mine[text].add(entry)
                    else:
                        mine[text] = entry
            site.samples = sorted([*site.samples, *theirs.samples])[:EXAMPLE_PAGES]


@dataclass(frozen=True)
class Learned:
    """The rules learned for one site."""

    site: Site
    header: list[Entry]
    inside: list[Entry]
    footer: list[Entry]
    numbered: list[Entry]
    cut: Entry | None
    share: float = SHARE  # the share of the site's pages each line was on, at least


def decide(site: Site, share: float = SHARE) -> Learned:
    """The lines a site's rule file drops, by the evidence and guards of the module docstring."""
    need = max(2, math.ceil(share * site.pages))

    def template(entry: Entry) -> bool:
        if entry.pages < need or is_prose(entry.text) or not entry.text.strip():
            return False
        if find_date_span(entry.text) is not None:  # a date line is the page's date to the rules after
            return False
        if entry.titled:  # some page's headline, a teaser on the others: article text there
            return False
        return word_count(entry.text) <= SHORT_WORDS or entry.inside == 0

    exact = [e for e in site.lines.values() if template(e)]
    known = {e.text for e in exact}
    variants = Counter(_DIGITS.sub("0", x.text) for x in site.lines.values())  # lines of each numbered form
    numbered = [e for form, e in site.forms.items()
                if template(e) and not any(text in known for text in (e.text, form)) and variants[form] > 1]
    cut = None
    # A footer heading: below the article on every page it is on, with lines after it; of those,
    # the one on most pages, and of those the one that starts the longest footer.
    for entry in sorted(exact, key=lambda e: (-e.pages, -e.lines_below, e.text)):
        if entry.below == entry.pages and entry.followed == entry.pages and entry.above == 0:
            cut = entry
            break
    header: list[Entry] = []
    inside: list[Entry] = []
    footer: list[Entry] = []
    for entry in sorted(exact, key=lambda e: (-e.pages, e.text)):
        if entry.above >= entry.pages - entry.above - entry.inside and entry.above >= entry.below:
            header.append(entry)
        elif entry.below >= entry.inside:
            footer.append(entry)
        else:
            inside.append(entry)
    return Learned(site, header, inside, footer, sorted(numbered, key=lambda e: (-e.pages, e.text)), cut, share)


# --- writing the files ---------------------------------------------------------------------------

def _toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but for DEL, which TOML wants escaped."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _multiline(text: str) -> str:
    if "'''" not in text and not any(ord(ch) < 32 and ch not in "\n\t" or ch == "\x7f" for ch in text):
        return "'''\n" + text + "'''"
    return _toml_string(text)


def _pattern(form_text: str) -> str:
    """``^…$`` for a numbered line: its text, escaped, with each run of digits any number."""
    return "^" + r"\d+".join(re.escape(part) for part in _DIGITS.split(form_text)) + "$"


def file_name(site: Site) -> str:
    """``regnum.ru.learned.toml``; a site without a url is named by its header's hash."""
    stem = re.sub(r"[^\w.-]", "_", site.key.replace("lines:", "site-"))
    return f"{stem}.learned.toml"


def _share_words(share: float) -> str:
    """"half" for 0.5, else a percentage: how a file's header states the share.

    >>> _share_words(0.5), _share_words(0.3)
    ('half', '30%')
    """
    return "half" if share == 0.5 else f"{share:.0%}"


def render(learned: Learned) -> str | None:
    """The rule file of one site, or None when nothing was learned."""
    site = learned.site
    groups = [("header", "above the article", learned.header), ("inside", "between the article's paragraphs",
                                                                 learned.inside),
              ("footer", "below the article", learned.footer)]
    if not any(entries for _, _, entries in groups) and not learned.numbered and learned.cut is None:
        return None
    out = [f"# Learned by `cleaner rules learn` from {site.pages} pages of this site. Review it before you",
           f"# commit it: every line below was on at least {_share_words(learned.share)} of the pages, never read as"
           " prose, and",
           "# longer ones never between an article's paragraphs (docs/rules.md, \"Learned rules\").", "",
           "[site]"]
    if site.key.startswith("lines:"):
        first = site.samples[0][1] if site.samples else []
        signature = "\n".join(f"^{re.escape(line)}$" for line in first[1:3])
        out.append(f"signatures = [{_toml_string(signature)}]")
    else:
        out.append(f"domains = [{_toml_string(site.key)}]")
    out += [f"description = {_toml_string(f'Template of {site.key}, learned from {site.pages} pages')}",
            "learned = true", ""]
    for name, where, entries in groups:
        if not entries:
            continue
        least = min(e.pages for e in entries)
        lines = f"{len(entries)} line{'s' if len(entries) != 1 else ''}"
        what = f"{lines} {where}, each on at least {least} of {site.pages} pages"
        out += [f"[rules.{name}]", f"description = {_toml_string(what)}",
                'kind = "drop"', "text = ["]
        out += [f"    {_toml_string(e.text)},  # on {e.pages} of {site.pages} pages" for e in entries]
        out += ["]", ""]
    for i, entry in enumerate(learned.numbered, 1):
        what = f"Lines like {entry.text!r}, numbers aside: on {entry.pages} of {site.pages} pages"
        out += [f"[rules.numbered-{i}]", f"description = {_toml_string(what)}",
                'kind = "drop"', f"pattern = {_toml_string(_pattern(entry.text))}", ""]
    if learned.cut is not None:
        cut = learned.cut
        what = f"Everything from this heading down: on {cut.pages} of {site.pages} pages, below the article on all"
        out += ["[rules.footer-cut]", f"description = {_toml_string(what)}",
                'kind = "cut-after"', f"text = {_toml_string(cut.text)}", ""]
    return "\n".join(out)


def _example(rule_file_text: str, site: Site, folder: Path, name: str) -> str:
    """An ``[[examples]]`` table from one of the pages kept: the lines the file removes from it
    (at most ``EXAMPLE_LINES``) and its first two paragraphs, in page order, with what the file
    does to them, as ``cleaner rules test`` checks it."""
    path = folder / name
    path.write_text(rule_file_text, encoding="utf-8")
    rule_file, problems = load_rule_file(path)
    if rule_file is None or problems:
        raise ValueError(f"learned file {name} does not load: {problems}")
    book = RuleBook((rule_file,))
    config = DEFAULT._replace(generic=False)
    best: tuple[int, list[str]] | None = None
    for _, lines in site.samples:
        article = normalize("\n\n".join(lines), url=site.url, site=rule_file.name, html=False, rules=book,
                            config=config)
        gone = {r.text for r in article.removed}
        if best is None or len(gone) > best[0]:
            paragraphs = [text for text in lines if is_prose(text)][:2]
            chosen = [text for text in lines if text in gone][:EXAMPLE_LINES]
            keep = set(chosen) | set(paragraphs)
            excerpt = [text for text in dict.fromkeys(lines) if text in keep]
            best = (len(gone), excerpt)
    if best is None or not best[1]:
        return ""
    page = "\n\n".join(best[1])
    article = normalize(page, url=site.url, site=rule_file.name, html=False, rules=book, config=config)
    removed = [r.text for r in article.removed]
    kept = [text for text in article.text.split("\n\n") if text]
    out = ["[[examples]]", f"input = {_multiline(page)}"]
    if site.url:
        out.append(f"url = {_toml_string(site.url)}")
    out.append("removed = [" + ", ".join(_toml_string(t) for t in removed) + "]")
    if kept:
        out.append("kept = [" + ", ".join(_toml_string(t) for t in kept) + "]")
    return "\n".join(out) + "\n"


def rule_files(learner: Learner, folder: Path, min_pages: int = MIN_PAGES, share: float = SHARE) -> dict[str, str]:
    """Each site with at least ``min_pages`` pages that has a template: its file name and text, with
    an example from its pages (``folder`` is scratch space to load them in)."""
    files: dict[str, str] = {}
    for key in sorted(learner.sites):
        site = learner.sites[key]
        if site.pages < min_pages:
            continue
        text = render(decide(site, share))
        if text is None:
            continue
        name = file_name(site)
        example = _example(text, site, folder, name)
        files[name] = text + ("\n" + example if example else "")
    return files


LEARN_CHUNK = 500  # pages a Dask task counts


Page = tuple[str | bytes, str | None, bool | None]  # (document, url, html)


def page_lines(raw: str | bytes, url: str | None = None, html: bool | None = None) -> list[str]:
    """A page's lines as the rules see them: decoded, flattened if HTML, repaired, split."""
    doc = Document(raw=raw, url=url, is_html=html)
    run_steps(doc, _EMPTY, DEFAULT, last="split_lines")
    return [line.text for line in doc.lines]


def count_sites(pages: Iterable[Page]) -> Counter[str]:
    """Pages a site (:func:`site_key`): the first of two passes, so that the second keeps counts
    only for sites with enough pages and memory does not grow with sites of one page. A page
    with a url costs a host lookup; one without is read to find its header lines."""
    counts: Counter[str] = Counter()
    for raw, url, html in pages:
        counts[host(url) or site_key(None, page_lines(raw, url, html))] += 1
    return counts


def _learn_stream(records: Iterable[Page], only: Collection[str] | None = None) -> Learner:
    learner = Learner(only=only)
    for raw, url, html in records:
        learner.add(raw, url, html)
    return learner


def learn_records(records: Iterable[Page], cluster: DaskCluster | None = None,
                  only: Collection[str] | None = None) -> Learner:
    """A learner over ``(document, url, html)`` records, of the sites in ``only`` (None: all):
    here, or with ``cluster`` on Dask, where each chunk of ``LEARN_CHUNK`` pages is counted by a
    task and the counts are merged here, in input order (a few chunks in flight at once, so memory
    stays bounded)."""
    if cluster is None:
        return _learn_stream(records, only)
    learner = Learner(only=only)
    pending: deque[Any] = deque()
    stream = iter(records)
    while True:
        chunk = list(islice(stream, LEARN_CHUNK))
        if chunk:
            pending.append(cluster.client.submit(_learn_stream, chunk, only, pure=False))
        if pending and (not chunk or len(pending) >= 2 * cluster.workers):
            learner.merge(pending.popleft().result())
        if not chunk and not pending:
            return learner


def write_rule_files(learner: Learner, out: Path, min_pages: int = MIN_PAGES, share: float = SHARE) -> list[Path]:
    """Write each site's file into ``out`` (made if missing); returns the paths, in name order. A
    second run over the same input writes the same bytes."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        files = rule_files(learner, Path(scratch), min_pages, share)
    paths = []
    for name, text in files.items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
