"""A page's own metadata, read from its parsed HTML: title, authors and publication date.

trafilatura's metadata take the ``<title>`` as the title (site name and all) and cost as much time
as the extraction itself. Pages say more, and more cheaply, in their markup: the ``<h1>``, JSON-LD
(``<script type="application/ld+json">``), OpenGraph and ``<meta>`` tags. Each field takes the
first of these sources that has it, in an order measured on the benchmark's tune half (see
docs/benchmarks.md, "HTML mode: the page's own metadata"):

- **title**: the page's one ``<h1>`` (an ``<h1>`` of one word, or naming the site, does not count),
  with the site's name cut off when it names the host. A short ``<h1>`` of up to three words
  that the page title does not contain ("Our BLOG", "Index funds") labels a section, not the
  article: the page title wins. Without exactly one ``<h1>``, the page title: ``og:title`` or
  ``<title>``, less the site name ("Best Cloud Computing Stocks of 2025 | The Motley Fool").
- **authors**: the ``author`` of a JSON-LD article (``NewsArticle``, ``BlogPosting``, ``Report``…);
  ``<meta name="author">`` (two words or more: "admin" is no author); Twitter's "Written by"
  card; ``article:author`` unless it is a link; the ``author`` of any JSON-LD object; then
  trafilatura's search of the byline elements (``class="author"``, ``rel="author"``…), less the
  labels and dates around the name ("View all posts by", "Updated March 3").
- **published**: a JSON-LD article's ``datePublished``; the publication ``<meta>`` tags
  (``article:published_time`` and the names sites use for it); ``itemprop="datePublished"``;
  JSON-LD ``dateCreated``. Only ISO dates count; ``dateModified`` never does (the gold and the
  reader want when it was published). Without any, :func:`htmldate.find_date` reads the page's
  markup and url (``fallback_date``); a date in the page's text is the text rules' to find
  (``generic/date-anywhere``).

It also flattens a page into a text dump, a block a line (:func:`flat_text` from the tree,
:func:`markup_text` without one), for the text rules to read.

Everything here is bounded: JSON-LD blocks over 1 MB are skipped, nesting is walked to a fixed
depth, and at most 20 ``<h1>`` elements are read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import html_text
from lxml import etree

from cleaner.dates import month_number
from cleaner.names import split_authors
from cleaner.titles import is_site_name, without_site_name
from cleaner.urls import host_names

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from lxml.html import HtmlElement

JsonObject = dict[str, Any]  # an object of a page's JSON-LD, as json.loads reads it

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_ISO_DATE = re.compile(r"^\s*(\d{4}-\d\d-\d\d)")
_ARTICLE_TYPE = re.compile(r"Article|Posting|Report|Review|HowTo|Recipe", re.I)
_MAX_JSON = 1_000_000
_MAX_DEPTH = 8
_MAX_H1 = 20
_SHORT_H1 = 3  # words: an <h1> this short that the page title does not contain labels a section

# <meta> names (lower-cased) that carry the publication date, most specific first.
_DATE_META = (
    "article:published_time", "datepublished", "og:published_time", "og:publish_date", "parsely-pub-date",
    "sailthru.date", "publishdate", "publish_date", "publish-date", "pubdate", "published", "date", "dc.date",
    "dc.date.issued", "dcterms.date", "dcterms.created", "citation_publication_date", "citation_date",
    "article.published",
)


@dataclass(frozen=True)
class PageMeta:
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # YYYY-MM-DD
    page_title: str | None = None  # the first <title>'s text, its whitespace collapsed


# The elements the metadata are read from, by tag, in page order: one walk of the tree finds them
# all, where a walk each (and ElementPath's ".//title") cost a walk apiece.
_INDEXED = ("meta", "script", "h1", "title", "rel")


def _elements(tree: HtmlElement) -> dict[str, list[HtmlElement]]:
    found: dict[str, list[HtmlElement]] = {tag: [] for tag in _INDEXED}
    for element in tree.iter(*_INDEXED):
        if element is not tree or element.tag != "title":  # ".//title" looks below the tree only
            found[element.tag].append(element)
    return found


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = _WS.sub(" ", value).strip()
    return text or None


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def json_ld(scripts: list[HtmlElement]) -> list[JsonObject]:
    """Every object of the page's JSON-LD blocks (among its ``<script>`` elements), ``@graph``
    members included, in page order."""
    objects: list[JsonObject] = []
    for script in scripts:
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        source = script.text or ""
        if not source.strip() or len(source) > _MAX_JSON:
            continue
        try:
            data = json.loads(source, strict=False)  # control characters inside strings are common
        except (ValueError, RecursionError):
            continue
        stack = [(data, 0)]
        found: list[JsonObject] = []
        while stack:
            value, depth = stack.pop()
            if depth > _MAX_DEPTH:
                continue
            if isinstance(value, list):
                stack.extend((v, depth + 1) for v in reversed(value))
            elif isinstance(value, dict):
                found.append(value)
                for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                    if isinstance(value.get(key), (list, dict)):
                        stack.append((value[key], depth + 1))
        objects.extend(found)
    return objects


def meta_tags(metas: list[HtmlElement]) -> dict[str, str]:
    """``<meta>`` contents by lower-cased ``property``, ``name`` or ``itemprop``; the first wins."""
    tags: dict[str, str] = {}
    for meta in metas:
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        value = _text(meta.get("content"))
        if key and value and key not in tags:
            tags[key] = value
    return tags


def _is_article(obj: JsonObject) -> bool:
    kind = obj.get("@type")
    if isinstance(kind, list):
        kind = " ".join(k for k in kind if isinstance(k, str))
    return isinstance(kind, str) and _ARTICLE_TYPE.search(kind) is not None


def _names(value: object, depth: int = 0) -> list[str]:
    """Author names from a JSON-LD ``author``: a string, a Person, or a list of them (nested at
    most a few levels: a hostile page's 900 nested lists would exhaust the stack)."""
    if isinstance(value, str):
        return [n for n in (_text(value),) if n]
    if depth >= 4:
        return []
    if isinstance(value, dict):
        return _names(value.get("name"), depth + 1)
    if isinstance(value, list):
        return [n for v in value[:20] for n in _names(v, depth + 1)]
    return []


def title(elements: dict[str, list[HtmlElement]], tags: dict[str, str], url: str | None) -> str | None:
    """The article's title: see the module's docstring."""
    page = tags.get("og:title") or (_text(elements["title"][0].text or "") if elements["title"] else None)
    page_title = without_site_name(page, url) if page else None
    hosts = host_names(url)
    site = (tags.get("og:site_name") or "").casefold()
    headings = []
    for i, h1 in enumerate(elements["h1"]):
        if i >= _MAX_H1:
            break
        text = _text(h1.text_content())
        if text and len(_words(text)) >= 2 and len(text) <= 300 and text.casefold() != site \
                and not is_site_name(text, hosts, set()):
            headings.append(text)
    if len(headings) == 1:
        heading = headings[0]
        words = _words(heading)
        if not (len(words) <= _SHORT_H1 and page_title and not set(words) <= set(_words(page_title))):
            return without_site_name(heading, url, host_only=True)
    return page_title


def authors(tree: HtmlElement, tags: dict[str, str], objects: list[JsonObject],
            rels: list[HtmlElement] | None = None) -> tuple[str, ...]:
    """Author names: see the module's docstring."""
    for obj in objects:
        if _is_article(obj) and (names := _names(obj.get("author"))):
            return author_names(names)
    meta = tags.get("author")
    if meta and not meta.startswith("http") and " " in meta:
        return author_names([meta])
    if tags.get("twitter:label1", "").casefold() in ("written by", "author", "by") and tags.get("twitter:data1"):
        return author_names([tags["twitter:data1"]])
    meta = tags.get("article:author")
    if meta and not meta.startswith("http"):
        return author_names([meta])
    for obj in objects:
        if names := _names(obj.get("author")):
            return author_names(names)
    return _byline_element(tree, rels)


def _byline_element(tree: HtmlElement, rels: list[HtmlElement] | None = None) -> tuple[str, ...]:
    """trafilatura's reading of the page's byline elements (``class="author"``, ``rel="author"``…),
    for pages whose markup names no author in metadata: :func:`_byline_text`, then trafilatura's
    own normalisation of the names."""
    from trafilatura.metadata import normalize_authors

    try:
        found = _byline_text(tree, rels)
        found = normalize_authors(None, found) if found else None
    except Exception:  # a failed byline search is a missing author, not a failed article
        return ()
    return author_names([name for name in map(_byline_name, (found or "").split(";")) if name])


# trafilatura's byline search (``trafilatura.metadata.extract_author``, 2.3) copies the whole tree,
# prunes comment sections, sidebars, <time> and <figure> elements from the copy, then runs three
# XPath expressions whose EXSLT regular expressions call back into Python for every element. The
# same predicates in one walk over the elements, and a copy only of an element whose text loses a
# pruned part, give the same text (tests/test_html.py holds them to it) at a fraction of the cost.
_AUTHOR_TAGS = (frozenset("a address div link p span strong".split()), frozenset("a div h3 h4 p span".split()), None)
_DISCARD_TAGS = frozenset("a div section span".split())
_AUTHOR_CLASS = (re.compile("author-?name|AuthorName|authorName"),
                 re.compile("author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"),
                 re.compile("[Aa]uthor|screenname|writer|[Bb]yline"))
_AUTHOR_ID = (None, re.compile("author|zuozhe|bianji|xiaobian"), re.compile("[Aa]uthor"))
_DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile("^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
                            "article-(?:share|support)|print|category|meta-date|meta-reviewer")
_BYLINE_CHARS = 120
# Every class or id test of _author_expression holds only for a value containing one of these.
_AUTHOR_WORD = re.compile("uthor|zuozhe|bianji|xiaobian|channel-name|submitted-by|posted-by|journalist-name|"
                          "screenname|writer|yline|username|byl|BBL").search
# The elements _author_expression can answer for, on a page without <rel>me</rel>: those with an
# attribute it reads, and <author>.
_AUTHOR_CANDIDATES = etree.XPath("descendant-or-self::*[@class or @id or @itemprop or @rel or @data-testid"
                                 " or @data-component or self::author]")


def _author_expression(element: HtmlElement, rel_me: set[HtmlElement]) -> int:
    """The first of trafilatura's author XPath expressions (0, 1, 2) that ``element`` answers, 3
    for none; ``rel_me`` holds the page's elements with a ``<rel>me</rel>`` child."""
    tag = element.tag
    get = element.get
    cls, ident, itemprop = get("class"), get("id"), get("itemprop")
    if ((cls is None or _AUTHOR_WORD(cls) is None) and (ident is None or _AUTHOR_WORD(ident) is None)
            and itemprop is None and tag != "author" and get("rel") is None and get("data-testid") is None
            and get("data-component") is None and element not in rel_me):
        return 3  # most elements: none of the tests below can hold
    author_prop = itemprop is not None and "author" in itemprop
    if tag in _AUTHOR_TAGS[0]:
        if (get("rel") == "author" or ident == "author" or cls == "author" or itemprop == "author name"
                or get("data-testid") in ("AuthorCard", "AuthorURL") or element in rel_me
                or (cls is not None and _AUTHOR_CLASS[0].search(cls) is not None)):
            return 0
    elif tag == "author":
        return 0
    if tag in _AUTHOR_TAGS[1]:
        if (cls in ("byline", "username", "byl", "BBL") or author_prop
                or (ident is not None and _AUTHOR_ID[1].search(ident) is not None)
                or (cls is not None and _AUTHOR_CLASS[1].search(cls) is not None)):
            return 1
    if ("Byline" in (get("data-component") or "") or author_prop
            or (ident is not None and _AUTHOR_ID[2].search(ident) is not None)
            or (cls is not None and _AUTHOR_CLASS[2].search(cls) is not None)):
        return 2
    return 3


def _discarded(element: HtmlElement) -> bool:
    tag = element.tag
    if tag in ("time", "figure"):
        return True
    if tag not in _DISCARD_TAGS:
        return False
    get = element.get
    cls, ident = get("class"), get("id")
    if ident is not None and (ident == "comments" or _DISCARD_ID.search(ident)):
        return True
    if cls is not None and (cls in ("comments", "title", "date") or _DISCARD_CLASS.search(cls)):
        return True
    return "Figure" in (get("data-component") or "")


def _byline_text(tree: HtmlElement, rels: Iterable[HtmlElement] | None = None) -> str | None:
    """The text of the first byline element, as ``extract_author`` finds it before normalising;
    ``rels`` are the page's ``<rel>`` elements when the caller has them."""
    from trafilatura.utils import trim

    root = tree.getroottree().getroot()
    rels = root.iter("rel") if rels is None else rels
    rel_me = {rel.getparent() for rel in rels if "".join(rel.itertext()) == "me"}
    # trafilatura tries its three expressions in turn, each over the whole page. An element's text
    # is the same whichever expression found it, so the first element that reads as a byline, by
    # the first expression it answers and then by its place in the page, is the one found.
    # Elements with none of the attributes the expressions read (most of a page) answer none
    # unless they are <author> or hold a <rel>me</rel>; lxml's XPath finds the others, in page order.
    candidates = _AUTHOR_CANDIDATES(root) if not rel_me else [e for e in root.iter() if isinstance(e.tag, str)]
    found = []
    for element in candidates:
        expression = _author_expression(element, rel_me)
        if expression < 3:
            found.append((expression, element))
    found.sort(key=itemgetter(0))  # stable: in page order within an expression
    # The pruning is asked of the few elements found only: one inside a pruned element (or pruned
    # itself) is gone from trafilatura's pruned copy.
    for _, element in found:
        if any(_discarded(e) for e in chain((element,), element.iterancestors()) if e is not root):
            continue
        content = trim(" ".join(_pruned_text(element)))
        if content and 2 < len(content) < _BYLINE_CHARS:
            return content
    return None


def _pruned_text(element: HtmlElement) -> list[str]:
    """``element.itertext()`` as it reads once the elements inside it that trafilatura prunes
    (:func:`_discarded`) are deleted, their tails kept (trafilatura's ``delete_element``)."""
    inside = [e for e in element.iterdescendants() if _discarded(e)]
    if not inside:
        return list(element.itertext())
    from copy import deepcopy

    from trafilatura.htmlprocessing import delete_element

    copy = deepcopy(element)
    pairs = dict(zip(element.iter(), copy.iter()))
    for original in inside:
        twin = pairs[original]
        if twin.getparent() is not None:
            delete_element(twin)
    return list(copy.itertext())


# A byline element's text around the name: "View all posts by Ray Ansari", "Recipe by PJ Hamel",
# "Luke Kim 3 December", "Amanda FurrerUpdated". What follows the last "by" is the name, and the
# name ends where a number or a byline word ("Updated", "Published") begins; the spaces before it
# are matched from the start of their run only, so a long run is not searched again from each space.
_LAST_BY = re.compile(r"^.*\b(?i:by)\s+(?=\S)")
_BYLINE_TAIL = re.compile(r"(?:(?<=[a-z])(?=(?:Updated|Published|Posted)\b)"
                          r"|(?<!\s)\s+(?=(?i:updated|published|posted|last)\b))"
                          r"|(?<!\s)\s+(?=\d)")
_NAME_LABELS = frozenset({"author", "authors", "author:", "authors:", "byline", "by", "written by"})
_DATE_LABELS = frozenset({"updated", "published", "posted", "last", "updated:", "published:"})


def _byline_name(text: str) -> str | None:
    """The name in the text of a byline element, or None when only labels and dates are left."""
    text = _LAST_BY.sub("", " ".join(text.split()))
    text = _BYLINE_TAIL.split(text, maxsplit=1)[0].strip()
    first, _, rest = text.partition(" ")
    if first.casefold() in _DATE_LABELS:  # "Updated March": a date line, no name
        return None
    if first.casefold() in _NAME_LABELS:  # "Authors Aniruddha Roy"
        text = rest
    if not text or text.casefold() in _NAME_LABELS or (" " not in text and month_number(text)):
        return None
    return text


def author_names(names: list[str]) -> tuple[str, ...]:
    """Each byline split into its people, in order, once each.

    >>> author_names(["Ann Lee and Bo Chan", "Bo Chan"])
    ('Ann Lee', 'Bo Chan')
    """
    out: list[str] = []
    for name in names:
        for part in split_authors(name) or [name]:
            if part not in out:
                out.append(part)
    return tuple(out)


def published(tree: HtmlElement, tags: dict[str, str], objects: list[JsonObject]) -> str | None:
    """YYYY-MM-DD from the page's markup, or None: see the module's docstring."""
    for value in _date_candidates(tree, tags, objects):
        if isinstance(value, str) and (m := _ISO_DATE.match(value)):
            return m.group(1)
    return None


def _date_candidates(tree: HtmlElement, tags: dict[str, str], objects: list[JsonObject]) -> Iterator[object]:
    """The places a date is read from, in order; lazily, so that the XPath search runs only on a
    page whose JSON-LD and meta tags hold none."""
    yield from (obj.get("datePublished") for obj in objects if _is_article(obj))
    yield from (obj.get("datePublished") for obj in objects if not _is_article(obj))
    yield from (tags.get(name) for name in _DATE_META)
    yield from (e.get("content") or e.get("datetime") for e in _DATE_PUBLISHED(tree)[:3])
    yield from (obj.get("dateCreated") for obj in objects)


_DATE_PUBLISHED = etree.XPath('//*[@itemprop="datePublished"]')


def fallback_date(tree: HtmlElement, url: str | None) -> str | None:
    """htmldate's reading of the page's markup and url (the original date), for pages whose markup
    names no publication date in the places :func:`published` reads.

    htmldate's extensive search (date patterns in the page's free text, parsed by dateparser) is
    not run: where it was the last resort it was wrong about as often as right, and the text rule
    that replaced it (``generic/date-anywhere``: the first short line that states a full date) is
    right more often. It also cost more than the rest of the page's reading: dateparser loads every
    locale's patterns in a process and then parses each candidate slowly. Figures:
    docs/benchmarks.md, "Figures that were in the code"."""
    from htmldate import find_date

    try:
        found = find_date(tree, url=url, extensive_search=False, original_date=True)
    except Exception:  # htmldate on hostile pages: a missing date, not a failed article
        found = None
    return found[:10] if found else None


def read(tree: HtmlElement, url: str | None = None, read_date: bool = True) -> PageMeta:
    """The fields of one parsed page (an lxml tree), and its ``<title>``; with ``read_date``
    false (the date is known already) htmldate is spared."""
    elements = _elements(tree)
    tags = meta_tags(elements["meta"])
    objects = json_ld(elements["script"])
    date = (published(tree, tags, objects) or fallback_date(tree, url)) if read_date else None
    first_title = elements["title"][0].text if elements["title"] else None
    return PageMeta(title=title(elements, tags, url), authors=authors(tree, tags, objects, elements["rel"]),
                    published=date, page_title=" ".join((first_title or "").split()) or None)


# Tags that end a line when a page is flattened, and tags whose text is not the page's text.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br caption dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol option p pre section summary table td th tr ul".split()
)
_HIDDEN_TAGS = frozenset("script style noscript template svg iframe object head button select".split())


def flat_text(tree: HtmlElement) -> str:
    """The whole page as html-text flattens it (``guess_layout``: a block a line, a blank line
    around paragraphs and headings, the ``<title>`` first): the dumps the line model was fitted
    on are made this way, and reading the page the same way scores higher on both dev sets than a
    flattening of our own. Scripts, styles and comments go first, in
    place: the metadata have been read by then."""
    _clean(tree)
    return _flatten(tree)


_NEWLINE, _DOUBLE_NEWLINE = object(), object()
_PUNCT_AFTER = frozenset(',:;.!?")')


def _flatten(tree: HtmlElement) -> str:
    """``html_text.etree_to_text(tree, guess_layout=True)``, the same string from any tree at
    half its cost (the same text; tests compare the two): a
    chunk's whitespace is collapsed by ``str.split``, which splits where the pattern ``\\s+``
    matches, its neighbours are read by string tests instead of a pattern each, and the loop over
    the tree's start and end events calls no function of its own."""
    chunks: list[str] = []
    append = chunks.append
    newline_tags, double_newline_tags = html_text.NEWLINE_TAGS, html_text.DOUBLE_NEWLINE_TAGS
    prev: object = _DOUBLE_NEWLINE  # a line break, a blank line, or the raw text of the last chunk
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag
        if not isinstance(tag, str):
            raise AssertionError(f"not an element: {element!r}")  # as html-text fails on one
        if prev is not _DOUBLE_NEWLINE:  # at most one blank line
            if tag in double_newline_tags:
                append("\n" if prev is _NEWLINE else "\n\n")
                prev = _DOUBLE_NEWLINE
            elif tag in newline_tags:
                if prev is not _NEWLINE:
                    append("\n")
                prev = _NEWLINE
        raw = element.text if event == "start" else (element.tail if element is not tree else None)
        if not raw:
            continue
        text = " ".join(raw.split())
        if not text:
            continue
        if prev is _NEWLINE or prev is _DOUBLE_NEWLINE:
            append(text)
        else:
            # a space unless the text opens with punctuation or follows an opening bracket, and
            # always after a chunk that ended in whitespace
            last = prev[-1]  # type: ignore[index]
            if last.isspace() or (text[0] not in _PUNCT_AFTER and last != "("):
                append(" ")
            append(text)
        prev = raw
    return "".join(chunks).strip()


# What html-text's cleaner (lxml_html_clean's Cleaner, with html-text's settings) takes out of a
# tree: elements gone with their content (their tails stay), and elements whose tags go and whose
# content stays. The Cleaner finds them in a Python loop over every element; lxml's strip_elements
# and strip_tags do the same in C, for the same text.
_KILLED = ("script", etree.Comment, etree.ProcessingInstruction, "style", "link", "meta", "applet", "frameset",
           "frame", "noframes")
_UNWRAPPED = ("iframe", "embed", "layer", "object", "param")


def _clean(tree: HtmlElement) -> None:
    """html-text's cleaner on ``tree``, in place."""
    if tree.tag in _KILLED or tree.tag in _UNWRAPPED:  # the root itself: the Cleaner's own rules for it
        try:
            html_text.cleaner(tree)
        except AssertionError:  # lxml's cleaner on a page whose root it cannot clean (lxml bug 1838497)
            pass
        return
    for element in tree.iter("image"):  # the Cleaner reads <image> as browsers do, as <img>
        element.tag = "img"
    for element in list(tree.iter("param")):  # a <param> outside an <applet> or <object> goes whole
        parent = element.getparent()
        while parent is not None and parent.tag not in ("applet", "object"):
            parent = parent.getparent()
        if parent is None:
            element.drop_tree()
    etree.strip_elements(tree, *_KILLED, with_tail=False)
    etree.strip_tags(tree, *_UNWRAPPED)


class _Flattener(HTMLParser):
    """The streaming half of :func:`markup_text`: no tree, so no depth limit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.buffer: list[str] = []
        self.hidden = 0  # open hidden elements (script, style…) around the current text

    def flush(self) -> None:
        text = _text("".join(self.buffer))
        self.buffer.clear()
        if text:
            self.lines.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.buffer.append(data)


def markup_text(html: str) -> str:
    """The page's text a block a line, read with the standard library's streaming HTML tokenizer:
    for a page lxml cannot build a whole tree of (nesting deeper than libxml2's 255 levels drops
    everything below it). Linear in the page's length.

    >>> markup_text("<div><p>One</p><script>x()</script><p>Two <b>three</b></p></div>")
    'One\\nTwo three'
    """
    flattener = _Flattener()
    flattener.feed(html)
    flattener.close()
    flattener.flush()
    return "\n".join(flattener.lines)
