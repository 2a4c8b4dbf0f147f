"""Build the :class:`~cleaner.article.Article`: body lines joined by one blank line, captions in
page order, and every non-blank input line that went nowhere listed in ``removed`` by line number.

Seed 004 (Sputnik) lists 14 removed lines, from line 1 "- Sputnik International" under
``sputniknews.com/section-header`` to line 40, the Cyrillic widget string, under
``sputniknews.com/footer``; its 10 body paragraphs start at the dateline "MOSCOW, June 26".
"""

from __future__ import annotations

from cleaner.article import Article, Removal, removal
from cleaner.document import BODY, CAPTION, REMOVED, Document


def article(doc: Document) -> Article:
    # (one pass over the lines for the three lists: a page has a hundred lines or more)
    removed: list[Removal] = []
    body: list[str] = []
    captions: list[str] = []
    for line in doc.lines:
        state = line.state
        if state == REMOVED:
            removed.append(removal(line.number, line.text, line.rule, line.score))
        elif state == BODY:
            body.append(line.text)
        elif state == CAPTION and line.caption:
            captions.append(line.caption)
    if doc.removed_blank:  # the lines are in order of their numbers, and so are those removed
        removed.extend(doc.removed_blank)
        removed.sort(key=lambda r: r.line)
    fields = doc.fields
    return Article(
        id=doc.id,
        url=doc.url,
        site=doc.site.name if doc.site is not None else None,
        title=fields.get("title"),
        authors=tuple(fields.get("authors") or ()),
        source=fields.get("source"),
        dateline=fields.get("dateline"),
        published=fields.get("published"),
        lang=fields.get("lang"),
        text="\n\n".join(body),
        captions=tuple(captions),
        removed=tuple(removed),
        fixes=tuple(sorted(doc.fixes, key=lambda f: f.line)),
        warnings=tuple(doc.warnings),
    )
