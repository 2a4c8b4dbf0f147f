"""Which lines a rule looks at, and in which of them it finds its text or pattern: shared by the
kinds. A rule's pattern is found in the page's lines by :func:`cleaner.prefilter.found_in`, which
does not try it line by line.
"""

from __future__ import annotations

import re
from itertools import compress, count
from operator import attrgetter

from cleaner.document import Document, Line
from cleaner.kinds.registry import Rule
from cleaner.prefilter import found_in

SPACES = re.compile(r"\s{2,}")
TEXT = attrgetter("text")
STATE = attrgetter("state")
_NUMBER = attrgetter("number")


def scope_of(rule: Rule, doc: Document) -> list[Line]:
    """The lines a rule may look at: all of them, or ``window`` lines after the headline/top."""
    window = rule.params["window"]
    if window is None:
        return doc.lines
    start = below_title(doc)
    return doc.lines[start : start + window]


def texts_of(rule: Rule, doc: Document, lines: list[Line]) -> list[str]:
    """The texts of the rule's lines (``scope_of``): the document's shared list, when they are
    all of them."""
    return doc.texts() if rule.params["window"] is None else list(map(TEXT, lines))


def casefolded(texts: list[str]) -> list[str]:
    """Each text casefolded."""
    return list(map(str.casefold, texts))


# The longest line casefolded for a rule's ``text`` to be looked up in; a longer one is kept as it
# is (see short_folds).
SHORT_FOLD = 100
_SHORT_VIEW, _FULL_VIEW = "casefolded short lines", "casefolded"


def short_folds(doc: Document) -> list[str]:
    """The document's texts, casefolded where no longer than :data:`SHORT_FOLD`: as good as all of
    them casefolded to look up a set of texts none longer than that (a rule's ``text``; its
    ``text_longest``), since casefolding never shortens a text (each character folds to one to
    three) and a longer line, folded or not, is longer than all of them. Most of an article's
    lines are paragraphs, and casefolding is the dearest step of a lookup: `cleaner check` on a
    corpus of articles folds few lines. The texts all casefolded serve when made
    (:func:`all_folds`)."""
    made = doc.made(_FULL_VIEW)
    if made is not None:
        folds: list[str] = made
        return folds
    return doc.view(_SHORT_VIEW, lambda texts: [t.casefold() if len(t) <= SHORT_FOLD else t for t in texts])


def all_folds(doc: Document) -> list[str]:
    """The document's texts all casefolded, made once (its short lines' folds taken over from
    :func:`short_folds` when made)."""
    short = doc.made(_SHORT_VIEW)
    if short is None:
        return doc.view(_FULL_VIEW, casefolded)
    return doc.view(_FULL_VIEW, lambda texts: [f if len(t) <= SHORT_FOLD else t.casefold()
                                               for t, f in zip(texts, short)])


def below_title(doc: Document) -> int:
    """The index of the line after the title's line, or 0 when no rule has taken a title line."""
    title_at = doc.field_lines.get("title", (None,))[0]
    if title_at is None:
        return 0
    return doc.view(f"below title line {title_at}", lambda texts: _after_number(doc.lines, title_at))


def _after_number(lines: list[Line], number: int) -> int:
    """The index after the first line of that number, or 0 when none has it."""
    numbers = list(map(_NUMBER, lines))
    return numbers.index(number) + 1 if number in numbers else 0


def matching(rule: Rule, doc: Document, texts: list[str]) -> list[int]:
    """The indices of ``texts`` (the document's, or those of the rule's window) that are one of the
    rule's ``text`` (folded as the rule folds them) or in which its ``pattern`` is found, in order."""
    params = rule.params
    wanted: frozenset[str] | None = params.get("text")
    pattern: re.Pattern[str] | None = params["pattern"]
    hits: set[int] = set()
    if wanted:
        fold = params["fold"]
        if fold is str:
            folds = texts
        elif fold is str.casefold:
            if texts is not doc.texts():
                folds = casefolded(texts)
            elif params.get("text_longest", SHORT_FOLD + 1) <= SHORT_FOLD:
                folds = short_folds(doc)
            else:
                folds = all_folds(doc)
        else:  # pragma: no cover - prepare_text folds with one of those
            folds = list(map(fold, texts))
        hits.update(compress(count(), map(wanted.__contains__, folds)))
    if pattern is not None:
        hits.update(found_in(pattern, texts))
    return sorted(hits)
