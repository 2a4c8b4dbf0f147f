"""What every match of a regular expression must hold, so that a line without it is passed over
without running the pattern.

A rule's pattern is tried on every line of every page, and most lines hold no match. Many patterns
need a character that few lines have: the photo-credit strip needs "(" and ":", the Chinese font-size
widget needs "字". ``char in line`` is a scan in C with no regular-expression machinery, about a
tenth of a failed search, so :func:`required_chars` reads the pattern's parse tree for characters
every match contains, and the rule kinds test them first.

Only characters that cannot be matched by another one count: under ``ignore_case`` a cased letter
("a" matches "A") is left out, and so is anything under a local flag group. A pattern whose parse
tree holds an operation this module does not know gives what it knows of the rest: nothing is
read into a part it cannot account for, so the characters found are always required.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # typeshed types the parser under the names it had before 3.11 (see cleaner.chardata)
    import _sre  # type: ignore[import-not-found]  # re's C half, which typeshed has no stub for
    import sre_constants as _c
    import sre_parse as _parser

    from cleaner.chardata import ParseItem
else:
    try:  # the parser behind re.compile; private, so a Python without it gets no shortcut
        import _sre
        from re import _constants as _c
        from re import _parser
    except ImportError:  # pragma: no cover
        _parser = None


def required_chars(pattern: re.Pattern[str]) -> frozenset[str]:
    """Characters that every match of ``pattern`` contains (possibly none).

    >>> sorted(required_chars(re.compile(r"\\(\\s*(?:photo|credit)\\s*:[^()]+\\)", re.I)))
    ['(', ')', ':']
    >>> sorted(required_chars(re.compile("(?:字号|字體)[:：]?")))
    ['字']
    """
    if _parser is None or not isinstance(pattern.pattern, str):
        return frozenset()
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
    except Exception:  # pragma: no cover - re.compile parsed it already
        return frozenset()
    return frozenset(_required(tree, bool(pattern.flags & re.IGNORECASE)))


def _required(tree: _parser.SubPattern, ignore_case: bool) -> set[str]:
    found: set[str] = set()
    items: list[ParseItem] = tree.data
    for op, av in items:
        if op is _c.LITERAL:
            if not ignore_case or not _sre.unicode_iscased(av):
                found.add(chr(av))
        elif op is _c.SUBPATTERN:
            _group, add_flags, del_flags, body = av
            if not add_flags and not del_flags:
                found |= _required(body, ignore_case)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            low, _high, body = av
            if low >= 1:
                found |= _required(body, ignore_case)
        elif op is _c.BRANCH:
            alternatives = [_required(branch, ignore_case) for branch in av[1]]
            found |= set.intersection(*alternatives) if alternatives else set()
        elif op is _c.ATOMIC_GROUP:
            found |= _required(av, ignore_case)
        elif op is _c.ASSERT:  # a lookahead or lookbehind that must match reads the same text
            found |= _required(av[1], ignore_case)
    return found


def may_match(pattern: re.Pattern[str]) -> Callable[[str], bool] | None:
    r"""A test that is false only for a text ``pattern`` cannot match, one that lacks a character
    every match holds (:func:`required_chars`); None when no character is required.

    >>> may_match(re.compile(r"\(photo: [^)]+\)"))("A paragraph.")
    False
    >>> may_match(re.compile("^share$", re.I)) is None
    True
    """
    needed = tuple(sorted(required_chars(pattern)))
    if not needed:
        return None
    if len(needed) == 1:
        return _has_char(needed[0])
    return lambda text: all(map(text.__contains__, needed))


def _has_char(char: str) -> Callable[[str], bool]:
    return lambda text: char in text
