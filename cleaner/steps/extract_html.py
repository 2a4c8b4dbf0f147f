"""HTML input: trafilatura extracts the main text; its metadata become defaults for the fields.

The text rules still run on what trafilatura returns, because it leaves cruft that text rules catch
(a trailing "Share this article", a photo credit). ``html=None`` sniffs the document: a page that
opens with a doctype or an ``<html>``/``<body>`` tag, or holds several block tags, is HTML.
"""

from __future__ import annotations

import re

import trafilatura

from cleaner.document import Document

_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_BLOCK_TAG = re.compile(r"</(?:p|div|body|html|article|section|li|td|span|a|h[1-6])\s*>", re.I)


def looks_like_html(text: str) -> bool:
    """``<!DOCTYPE html>…`` and ``<div><p>Hi</p></div><p>…</p><p>…</p>`` are HTML; prose that
    mentions "<p>" once is not."""
    head = text[:4096]
    return bool(_HTML_START.search(head)) or len(_BLOCK_TAG.findall(head)) >= 3


def run(doc: Document, rules, config) -> None:
    if doc.is_html is None:
        doc.is_html = looks_like_html(doc.text)
    if not doc.is_html:
        return
    extracted = trafilatura.bare_extraction(
        doc.text, url=doc.url, with_metadata=True, include_comments=False, include_tables=True
    )
    if extracted is None:
        doc.warnings.append("html: trafilatura found no main text")
        doc.text = ""
        return
    doc.text = extracted.text or ""
    doc.html_meta = {
        "title": extracted.title,
        "authors": [a.strip() for a in (extracted.author or "").split(";") if a.strip()],
        "published": (extracted.date or "")[:10] or None,
    }
