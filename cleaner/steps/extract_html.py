"""HTML input: the page is parsed once (trafilatura's parser settings); its own markup gives the
title, authors and date (:mod:`cleaner.htmlmeta`) as defaults for the fields, and the whole page,
flattened a block a line by html-text (:func:`cleaner.htmlmeta.flat_text`), goes through the
text rules and the line model as a text dump would.

Until issue 20 trafilatura extracted the article and the text rules ran on what it kept, with
the whole page as a fallback when it kept less than the page's paragraphs hold. That fallback's
threshold was chosen on one set and fired far too often on others, and trafilatura's extraction
itself scores below the text route on both dev sets, in every language of daniel-dev on both
halves. The text route is also the one that accounts for every line it removes, and it costs
less than running both. Figures: docs/benchmarks.md.

``html=None`` sniffs the document: a page that opens, after any comments, with a doctype or a
tag only a document's root or head holds, or a fragment that opens with a tag and holds several
block tags, is HTML.

trafilatura's own metadata are not asked for: they cost as much time as the extraction and are
less accurate than :mod:`cleaner.htmlmeta` on the benchmark (title 0.55 against 0.90 on its tune
half). A title that needed repair (mojibake in the markup) is repaired, and a warning says so.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, fromstring

from cleaner import htmlmeta
from cleaner.codepoints import code_points
from cleaner.config import Config
from cleaner.dates import parse_date
from cleaner.document import Document
from cleaner.repair import repair_line
from cleaner.rulebook import HtmlRules, RuleBook
from cleaner.steps.metadata import RULE_HTML_META

# A page opens, after any comments, with a doctype or a tag that only a document's head or root
# holds. Pages in the wild put a <meta> or <script> before <html> (a CMS banner comment, then
# the charset), so those count too. The comments are skipped by a loop, not a repeated regex
# group, which would backtrack exponentially in the number of comments.
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|link|base|script|style)\b", re.I)
_COMMENT_END = "-->"
_BLOCK_TAG = re.compile(r"</(?:p|div|body|html|article|section|li|td|span|a|h[1-6])\s*>", re.I)
_SURROGATE = re.compile("[\ud800-\udfff]")

# trafilatura's parser settings (the line model's dumps were made from trees parsed this way),
# with lxml's element classes chosen in C: lxml.html's own lookup is a Python call for every
# element the code touches, thousands a page.
_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                     remove_pis=True)
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))


def looks_like_html(text: str) -> bool:
    """``<!DOCTYPE html>…`` and ``<div><p>Hi</p></div><p>…</p><p>…</p>`` are HTML; prose that
    mentions "<p>" once, or a text dump with markup leaked into it, is not.

    >>> looks_like_html("<!-- CMS banner --><!DOCTYPE html><html><head>")
    True
    >>> looks_like_html("<div><p>Hi</p></div><p>More</p><p>And more</p>")
    True
    >>> looks_like_html("Use a <p> tag for each paragraph.</p>")
    False
    """
    head = text[:4096]
    start = 0
    while True:
        start = len(head) - len(head[start:].lstrip())  # past leading whitespace (and a BOM)
        if head.startswith("\ufeff", start):
            start += 1
            continue
        if not head.startswith("<!--", start):
            break
        end = head.find(_COMMENT_END, start + 4)
        if end < 0:
            break
        start = end + len(_COMMENT_END)
    if _HTML_START.match(head, start):
        return True
    # A fragment opens with a tag; a text dump that opens with words and carries a few closing
    # tags further down (markup leaked into a scrape, "]]> </div>") is text.
    return head.startswith("<", start) and len(_BLOCK_TAG.findall(head)) >= 3


def run(doc: Document, rules: RuleBook, config: Config) -> None:
    if doc.is_html is None:
        doc.is_html = looks_like_html(doc.text)
    if not doc.is_html:
        return
    limit = config.max_html_chars
    if limit and len(doc.text) > limit:
        cut = doc.text.rfind(">", 0, limit) + 1 or limit
        doc.warnings.append(f"html: the page's {len(doc.text):,} characters were cut to the first {cut:,}"
                            " (max_html_chars)")
        doc.text = doc.text[:cut]
    _replace_surrogates(doc)
    tree = load_html(doc.text)
    if tree is None or _hit_depth_limit():
        # Nothing to extract from, or a tree that lost everything below libxml2's 255 levels: the
        # page's text, read without a tree, goes through the text rules.
        reason = "could not be parsed" if tree is None else "nests deeper than the parser's 255 levels"
        doc.warnings.append(f"html: the page {reason}; its text was read without the markup")
        if tree is not None:
            _read_metadata(doc, tree)
        doc.text = htmlmeta.markup_text(doc.text)
        return
    site = rules.site_named(doc.forced_site) if doc.forced_site else rules.site_for(doc.url, ())
    site_title = None
    if site is not None and site.html is not None:
        _drop_elements(doc, tree, site.name, site.html)
        site_title = _site_fields(doc, tree, site.name, site.html)
    _read_metadata(doc, tree, site_title)
    # The whole page, flattened a block a line as the text dumps are, goes through the text rules
    # and the line model: they outscore trafilatura's extraction on both dev sets and in every
    # language (docs/benchmarks.md, issue 20), and what they remove is accounted for line by line.
    doc.text = htmlmeta.flat_text(tree)
    if not doc.text:
        doc.warnings.append("html: the page has no text")


def _replace_surrogates(doc: Document) -> None:
    """lxml ends a page at its first lone surrogate (a broken "\\ud83d" escape in JSON input) and
    drops the rest without a word, so they become U+FFFD before parsing, as repair makes them in
    text; a warning counts them."""
    if doc.text.isascii():  # the common case, and free: str knows whether it is ASCII
        return
    try:  # UTF-8 refuses exactly the lone surrogates, and encodes a page in a fifth of the pattern's time
        doc.text.encode("utf-8")
        return
    except UnicodeEncodeError:
        pass
    doc.text, count = _SURROGATE.subn("\ufffd", doc.text)
    if count:
        doc.warnings.append(f"html: {count} lone surrogate{'s' * (count > 1)} replaced by U+FFFD before parsing")


def _drop_elements(doc: Document, tree: HtmlElement, site: str, html: HtmlRules) -> None:
    """A site file's ``[html] drop`` selectors: the elements go before anything reads the page, and
    ``warnings`` counts them, per selector, with their words."""
    for selector in html.drop:
        elements = [e for e in selector.xpath(tree) if e.getparent() is not None]
        if not elements:
            continue
        words = sum(len(t.split()) for e in elements for t in e.itertext())
        for element in elements:
            if element.getparent() is not None:
                element.drop_tree()  # its tail text stays
        doc.warnings.append(f"html: {site}/html dropped {len(elements)} element{'s' * (len(elements) > 1)}"
                            f" ({words} words) matching {selector.css!r}")


def _site_fields(doc: Document, tree: HtmlElement, site: str, html: HtmlRules) -> str | None:
    """A site file's ``[html]`` field selectors, set before the page's metadata can be: a site's
    own rules win over generic ones. ``published`` reads a match's ``datetime`` or ``content``
    attribute, else its text; ``authors`` takes every match. Returns the title, which goes where
    the page's own title would (the line repeating it leaves the body)."""
    rule = f"{site}/html"
    matches = {name: selector.xpath(tree)[:20] for name, selector in html.fields.items()}
    texts = {name: [t for t in (" ".join(e.text_content().split()) for e in found) if t]
             for name, found in matches.items()}
    stamps = [e.get("datetime") or e.get("content") or "" for e in matches.get("published", [])]
    date = next((d for d in map(parse_date, stamps + texts.get("published", [])) if d), None)
    doc.set_field("published", date, rule)
    doc.set_field("authors", list(htmlmeta.author_names(texts.get("authors", []))), rule)
    return texts["title"][0] if texts.get("title") else None


def load_html(text: str) -> HtmlElement | None:
    """The page's tree, or None for a page that is not HTML, as trafilatura's ``load_html`` reads
    a string (its repairs of faulty markup, then the string, then its UTF-8 bytes when the string
    declares an encoding or parses to nothing)."""
    beginning = text[:50].lower()
    text = repair_faulty_html(text, beginning)
    tree, tried_bytes = None, False
    try:
        tree = fromstring(text, parser=_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree, tried_bytes = _from_bytes(text), True
    except Exception:  # lxml on hostile input: no tree, the page is read as text
        tree = None
    if (tree is None or len(tree) < 1) and not tried_bytes:
        tree = _from_bytes(text)
    if tree is not None and "html" not in beginning and len(tree) < 2:
        tree = None  # not a document: trafilatura's dubious-HTML test
    return tree


def repair_faulty_html(text: str, beginning: str) -> str:
    """trafilatura's ``repair_faulty_html`` (2.3, with its patterns): the characters XML forbids
    removed, a self-closed doctype on the first line dropped, a self-closed ``<html/>`` opened.
    Its pattern for the forbidden characters scans the whole page and almost never finds any;
    :func:`_has_invalid_xml_chars` tells in a fraction of that time whether the scan is needed."""
    # (imported here: trafilatura and what it imports, ~0.13 s, are for HTML only, and a process
    # normalising text dumps or running `cleaner check` never loads them)
    from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, INVALID_XML_CHARS

    if _has_invalid_xml_chars(text):
        text = INVALID_XML_CHARS.sub("", text)
    if "doctype" in beginning:
        firstline, _, rest = text.partition("\n")
        text = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in text[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            text = FAULTY_HTML.sub(r"\1>", text, count=1)
            break
    return text


def _has_invalid_xml_chars(text: str) -> bool:
    """Whether ``text`` holds a character of trafilatura's ``INVALID_XML_CHARS`` (C0 controls but
    tab, line feed and carriage return; U+FFFE, U+FFFF), read from its code points."""
    codes = code_points(text)
    controls = codes[codes < 32]
    return (bool(((controls != 9) & (controls != 10) & (controls != 13)).any())
            or bool(((codes == 0xFFFE) | (codes == 0xFFFF)).any()))


def _from_bytes(text: str) -> HtmlElement | None:
    try:
        return fromstring(text.encode("utf8", "surrogatepass"), parser=_PARSER)
    except Exception:
        return None


def _hit_depth_limit() -> bool:
    """Whether the last parse stopped at libxml2's nesting limit (it drops the rest of the page
    without an exception; only the parser's error log says so)."""
    return any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in _PARSER.error_log)


def _read_metadata(doc: Document, tree: HtmlElement, title: str | None = None) -> None:
    """The page's own title, authors and date (:mod:`cleaner.htmlmeta`) into ``doc``, unless
    ``title`` (a site's selector) or fields set before say otherwise."""
    meta = htmlmeta.read(tree, doc.url, read_date=not doc.fields.get("published"))
    title = title or meta.title
    if title:
        title, repairs = repair_line(title)
        if repairs:
            doc.warnings.append("html: title repaired by " + ", ".join(sorted({rule for rule, _, _ in repairs})))
    # The date read from the whole page outranks a date line in the page's text (tune half:
    # 0.873 against 0.864); the authors and title go in as defaults, after the text rules.
    doc.set_field("published", meta.published, RULE_HTML_META)
    doc.html_meta = {"title": title, "authors": list(meta.authors)}
    doc.page_title = meta.page_title
