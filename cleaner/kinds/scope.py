"""Which lines a rule looks at, and whether a line is one a rule names: shared by the kinds."""

from __future__ import annotations

import re
from collections.abc import Callable

from cleaner.document import Document, Line
from cleaner.kinds.registry import Rule

SPACES = re.compile(r"\s{2,}")


def scope_of(rule: Rule, doc: Document) -> list[Line]:
    """The lines a rule may look at: all of them, or ``window`` lines after the headline/top."""
    window = rule.params["window"]
    if window is None:
        return doc.lines
    start = below_title(doc)
    return doc.lines[start : start + window]


def below_title(doc: Document) -> int:
    """The index of the line after the title's line, or 0 when no rule has taken a title line."""
    title_at = doc.field_lines.get("title", (None,))[0]
    if title_at is None:
        return 0
    return next((i + 1 for i, line in enumerate(doc.lines) if line.number == title_at), 0)


def matcher(rule: Rule) -> Callable[[str], bool]:
    """Whether a line's text is one of the rule's ``text`` (folded as the rule folds them) or
    matches its ``pattern``; the test is built for the keys the rule has, as it runs on every line."""
    params = rule.params
    texts: frozenset[str] | None = params.get("text")
    pattern: re.Pattern[str] | None = params["pattern"]
    fold: Callable[[str], str] = params["fold"]
    gate: Callable[[str], bool] | None = params["may_match"]
    if pattern is None:
        assert texts is not None  # a rule of these kinds has text or pattern
        return lambda text: fold(text) in texts
    search = pattern.search
    if gate is None:
        if not texts:
            return lambda text: search(text) is not None
        return lambda text: fold(text) in texts or search(text) is not None
    if not texts:
        return lambda text: gate(text) and search(text) is not None
    return lambda text: fold(text) in texts or (gate(text) and search(text) is not None)
