"""Find a pattern in many lines at once: which of a page's lines ``pattern.search`` finds something
in, without trying the pattern line by line (the rule kinds' patterns, the line features').

A pattern is tried on every line of every page, and most lines hold no match. :func:`found_in`
searches the page's texts joined by line breaks with a *prefilter*: a regular expression made once
from the pattern's parse tree that matches wherever the pattern does (and sometimes where it does
not), spelling out the first few characters a match can start with as a tree of alternatives
(``\\n(?:c(?:omm|ook)|s(?:har|ign))``), in the lower-cased page when the pattern ignores case,
which the engine scans far faster than it tries a case-blind pattern at every line; where no one
character opens every beginning and they open with a few strings of plain characters
(``https?://|www\\.`` gives "http" and "www."), those are looked for with ``str.find`` instead,
faster again. A prefilter anchored at the lines' start is tried only on the lines whose first
three characters its beginnings can open with, told for all of a page's lines at once by a table
(see "line heads" below). The pattern itself runs only on the lines the prefilter stops at. The
notes above :data:`_ITEMS` say why no line the pattern is found in is passed over;
tests/test_scope.py checks it, and the facts about Unicode it rests on.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import compress, count
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from cleaner.cache import Arrays, cached_arrays, digest
from cleaner.codepoints import code_points, lower, lower_table, page_codes, plane_matches
from cleaner.compiled import NOT_MAPPED, compiled_loaded, heads_let_through, line_heads
from cleaner.patterns import required_chars

if TYPE_CHECKING:  # typeshed types the parser under the names it had before 3.11 (see cleaner.chardata)
    import _sre  # type: ignore[import-not-found]  # re's C half, which typeshed has no stub for
    import sre_constants as _c
    import sre_parse as _parser

    from cleaner.chardata import ParseItem

    _EXTRA_CASES: dict[int, tuple[int, ...]]
else:
    try:  # the parser behind re.compile, and the case table of its compiler; private, so a Python
        import _sre  # without them gets no prefilter and searches line by line
        from re import _constants as _c
        from re import _parser
        from re._casefix import _EXTRA_CASES
    except ImportError:  # pragma: no cover
        _parser = None

# With fewer lines than _FEW (a rule's window) holding fewer characters than _FEW_CHARS, searching
# each line costs no more than the prefilter; a few long lines (a short article's paragraphs) are
# searched faster by the prefilter, or passed over at once when they lack a character every match
# holds.
_FEW, _FEW_CHARS = 20, 500
# With fewer lines than this, an anchored prefilter scans them in less time than their heads take
# to read (:meth:`_Page.heads`).
_HEADED = 40


def found_in(pattern: re.Pattern[str], texts: Sequence[str]) -> Iterator[int]:
    """The indices of the texts in which ``pattern`` is found (``pattern.search``), in order,
    found lazily: a caller that needs the first stops there."""
    search = pattern.search
    if len(texts) < _FEW and sum(map(len, texts)) < _FEW_CHARS:
        return compress(count(), map(search, texts))
    plan = _plan(pattern)
    # The texts joined only for a plan that looks for something in them.
    page = _page(texts) if plan.needed or plan.prefilter is not None else None
    if page is None:  # nothing to look for, or a text holding a line break (the lines cannot be told apart)
        return compress(count(), map(search, texts))
    if not all(map(page.joined.__contains__, plan.needed)):
        return iter(())  # a character every match holds is nowhere on the page
    if plan.prefilter is not None:
        haystack = page.lowered() if plan.lowered else page.joined
        if haystack is not None:
            if plan.heads is not None and len(texts) >= _HEADED:  # only the lines a beginning can open
                return _headed(plan, search, texts, page, haystack)
            prefilter = _literal_finder(plan.literals) if plan.literals else plan.prefilter
            return _confirmed(prefilter, search, texts, haystack)
    if plan.gate is not None:  # the lines that hold a character every match holds
        return _confirmed(_finder(plan.gate), search, texts, page.joined)
    return compress(count(), map(search, texts))


class _Found:
    """Where :func:`_finder` found its character: what :func:`_confirmed` reads of a match."""

    __slots__ = ("at",)

    def __init__(self, at: int) -> None:
        self.at = at

    def start(self) -> int:
        return self.at


def _finder(char: str) -> Callable[[str, int], _Found | None]:
    """A prefilter that finds a character (str.find: a scan in C)."""
    def find(joined: str, pos: int) -> _Found | None:
        at = joined.find(char, pos)
        return None if at < 0 else _Found(at)
    return find


def _literal_finder(literals: tuple[str, ...]) -> Callable[[str, int], _Found | None]:
    """A prefilter that finds the first place one of ``literals`` is at (str.find each, from where
    it was last found, as the caller only moves on)."""
    ahead = [-1] * len(literals)  # where each was found last (-1: not looked for yet; past the end: none)

    def find(joined: str, pos: int) -> _Found | None:
        best = len(joined)
        for k, literal in enumerate(literals):
            at = ahead[k]
            if at < pos:
                at = joined.find(literal, pos)
                ahead[k] = at = len(joined) if at < 0 else at
            best = min(best, at)
        return None if best == len(joined) else _Found(best)
    return find


def _confirmed(prefilter: Callable[[str, int], re.Match[str] | _Found | None], search: Callable[[str], Any],
               texts: Sequence[str], joined: str) -> Iterator[int]:
    """The lines the prefilter stops at in which the pattern is found. ``joined`` is each text
    after a line break; the line a prefilter match starts in (a match starting on a line break
    belongs to the line after it) is searched, and the prefilter goes on from the next line's
    break, so that every line is looked at by the prefilter or by the pattern itself."""
    pos = 0
    breaks = 0  # line breaks in joined[:counted]
    counted = 0
    while True:
        found = prefilter(joined, pos)
        if found is None:
            return
        at = found.start()
        breaks += joined.count("\n", counted, at + 1)
        counted = at + 1
        i = breaks - 1
        if search(texts[i]):
            yield i
        pos = joined.find("\n", at + 1)
        if pos < 0:
            return


def _headed(plan: _Plan, search: Callable[[str], Any], texts: Sequence[str], page: _Page,
            haystack: str) -> Iterator[int]:
    """The lines an anchored prefilter matches (at the line break before each), of those whose
    head its tables let through (:func:`_head_tables`), in which the pattern is found."""
    assert plan.heads is not None and plan.match is not None
    opening, following, breaks = page.heads()
    if compiled_loaded():
        lines, starts = heads_let_through(*plan.heads, _BUCKETS, opening, following, breaks)
    else:  # the same in numpy (see compiled_loaded)
        through = np.flatnonzero(_let_through(plan.heads, opening, following))
        lines, starts = through.tolist(), breaks[through].tolist()
    match = plan.match
    for i, at in zip(lines, starts):
        if match(haystack, at) and search(texts[i]):
            yield i


class _Page:
    """A page's texts, each after a line break, and the same lower-cased (made once, for all the
    rules that search in it). A run of another page's lines (a rule's window) is read off that
    page: its text, code points and lower case are slices of that page's (:meth:`part`)."""

    def __init__(self, texts: list[str], joined: str, whole: _Page | None = None,
                 span: tuple[int, int] = (0, 0)) -> None:
        self.texts = texts
        self.joined = joined
        self._lowered: str | None = None
        self._lowered_made = False
        self._heads: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._whole, self._span = whole, span  # the page this is a run of, and where in its text

    def heads(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each line's head (:func:`_head_keys`), and where the line break before it is."""
        if self._heads is None:
            codes = self.codes()
            if compiled_loaded():
                self._heads = line_heads(codes, _bucket_table(), _BUCKETS, len(self.texts))
            else:  # the same in numpy (see compiled_loaded)
                self._heads = _head_keys(codes, len(self.texts))
        return self._heads

    def codes(self) -> np.ndarray:
        """The code points of ``joined`` (:func:`cleaner.codepoints.page_codes`, less its last line
        break)."""
        if self._whole is not None:
            start, end = self._span
            return self._whole.codes()[start:end]
        return page_codes(self.texts, self.joined)[:-1]

    def lowered(self) -> str | None:
        """``joined.lower()``, or None when it does not keep each character in its place: only
        "İ" lower-cases to two characters. A run of a page whose lower case is made is a slice of
        it: lower-casing goes a character at a time, but for a final sigma, which looks no
        further than the line breaks either side of its word."""
        if not self._lowered_made:
            whole = self._whole
            if whole is not None and whole._lowered_made and whole._lowered is not None:
                start, end = self._span
                self._lowered = whole._lowered[start:end]
            else:
                self._lowered = None if "\u0130" in self.joined else lower(self.joined, self.codes())
            self._lowered_made = True
        return self._lowered

    def part(self, texts: Sequence[str]) -> _Page | None:
        """The page of ``texts`` when they are a run of this page's lines (a window below a page's
        title: some of its lines, in a list of their own), else None."""
        mine, count = self.texts, len(texts)
        if not count or count >= len(mine):
            return None
        first, start = texts[0], -1
        while True:
            try:
                start = mine.index(first, start + 1)
            except ValueError:
                return None
            if start + count > len(mine):
                return None
            if mine[start : start + count] == texts:
                break
        begin = sum(map(len, mine[:start])) + start  # the line break before the run
        end = begin + sum(map(len, texts)) + count
        return _Page(list(texts), self.joined[begin:end], self, (begin, end))


_last_page: _Page | None = None  # the rules of a page search the same texts, one after another
_whole_page: _Page | None = None  # the last page made from its texts; a rule's window is a run of it


def _page(texts: Sequence[str]) -> _Page | None:
    """The texts joined (and lower-cased when asked), kept for the next rule that searches the same
    texts (compared with ``==``, on a copy: the caller's list may change); None when a text holds
    a line break."""
    global _last_page, _whole_page
    last = _last_page
    if last is not None and last.texts == texts:
        return last
    part = _whole_page.part(texts) if _whole_page is not None else None
    if part is not None:
        _last_page = part
        return part
    joined = "\n" + "\n".join(texts)
    if joined.count("\n") != len(texts):
        return None
    page = _Page(list(texts), joined)
    _last_page = _whole_page = page
    return page


# --- the prefilter -----------------------------------------------------------------------------
#
# A prefilter is a regular expression that matches wherever the pattern matches (and maybe
# elsewhere): the beginnings a match can have, a few characters long, as a tree of alternatives
# ("\n(?:c(?:omment|ookie)|s(?:hare|ign))"). Why it never passes over a line the pattern is
# found in (line L, at offset k):
#
# * It is searched in the texts joined, each after a line break (no text holding one, or the
#   texts are searched one by one), compiled with MULTILINE: its `$` matches at the end of each
#   line, as the pattern's `$` and `\Z` match at the end of the line.
# * Where the pattern ignores case anywhere, the prefilter is searched in the lower-cased page.
#   str.lower() maps each character to its simple lower case (what the engine compares when it
#   ignores case, ``_sre.unicode_tolower``), save two: "İ" becomes two characters (a page that
#   holds it gets no prefilter) and a final capital sigma "ς" (so where "σ" is spelled out, "ς"
#   is too). A character the pattern names is spelled out as the lower cases the engine takes for
#   it: its own, and the ones it treats as the same (``_EXTRA_CASES``: "s" and the long "ſ"); a
#   set as its members' lower cases, when that keeps every character the set matches (see
#   :func:`_set_atom`), else as any character.
# * It spells out the beginnings of a match, item by item: every match starts with one of them.
#   It leaves lookarounds and word boundaries out (only lets more through), but for a lookbehind
#   at one character of a few: that reads the character before, which the prefilter reads too
#   (before a line's first character it reads the "\n", which no item matches, where the pattern
#   reads nothing). A beginning ends after a few characters, before a set of most characters, or
#   where the pattern has something it does not spell out (backreferences, conditionals, atomic
#   groups, possessive repeats, flag changes other than case): what follows is let through. So
#   wherever the pattern matches, the prefilter matches a beginning of that match, at the same
#   place: at offset k of line L. A pattern anchored at the start (`^`, `\A`) is only found at
#   offset 0, so its prefilter starts with the line break before each line. Other patterns start
#   at the first top-level item that is one of a few characters, which every match holds, or
#   without one at their opening alternatives (every match starts with one) when those open with
#   one character or a few strings of plain characters. A prefilter that starts with a set
#   is used only when no single character is known to be in every match: finding that character
#   with str.find, then searching the line, costs less than the engine trying the set at every
#   character. Where no such character is known and the beginnings open with a few strings of
#   plain characters, str.find looks for those (each a beginning's opening, so found where the
#   beginning is).
# * The search returns the leftmost prefilter match from where it starts: in line L or in an
#   earlier line, which is then searched with the pattern itself, and the prefilter goes on from
#   the line after it. So no line the pattern is found in is passed over.
#
# No item of a prefilter matches a line break (a set that could is made to leave it out: no match
# of the pattern holds one), except the break that anchors it: a prefilter match stays in one
# line, and costs what the pattern costs there.

_ITEMS = 4  # characters of a beginning the prefilter spells out (spaces and lookbehinds not counted)
_MOST = 4000  # beginnings; with more, fewer characters are spelled out
_NEWLINE = 10
_SIGMA, _FINAL_SIGMA = 0x3C3, 0x3C2
_CHARS = (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY) if _parser is not None else ()
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT) if _parser is not None else ()
_SAME_CATEGORIES: dict[Any, str] = {}  # categories lower-casing keeps
if _parser is not None:
    _SAME_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_NOT_SPACE: r"\S"}


class _TooMany(Exception):
    """More beginnings than :data:`_MOST`."""


Atom = tuple[str, int]  # a prefilter item's source, and its kind:
_NARROW, _SPACE, _BROAD = 0, 1, 2  # one of a few characters (or digits); spaces; most characters
Frames = tuple[tuple[list[Any], int, bool], ...]  # what is left to match: (items, next index, ignore case)
Memo = dict[Any, tuple[Frames, set[tuple[Atom, ...]]]]


def _lower_cases(code: int, ignore_case: bool, lowered: bool) -> set[int]:
    """The characters a character the pattern names is spelled out as."""
    if not lowered:
        assert not ignore_case  # a pattern that ignores case anywhere is looked for lower-cased
        return {code}
    low = _sre.unicode_tolower(code)
    out = {low, *_EXTRA_CASES.get(low, ())} if ignore_case else {low}
    if _SIGMA in out:
        out.add(_FINAL_SIGMA)
    return out


def _set_source(codes: set[int], categories: list[str], negate: bool) -> str:
    members = "".join(re.escape(chr(c)) for c in sorted(codes)) + "".join(categories)
    if negate:
        return "[^" + members + r"\n]"
    if len(codes) == 1 and not categories:
        return re.escape(chr(next(iter(codes))))
    return "[" + members + "]"


def _char_atom(op: Any, av: Any, ignore_case: bool, lowered: bool) -> Atom | None:
    """One character of the pattern as a prefilter item; None when no match goes this way."""
    if op is _c.LITERAL:
        if av == _NEWLINE:
            return None
        codes = _lower_cases(av, ignore_case, lowered)
        return _set_source(codes, [], False), _NARROW
    if op is _c.ANY:
        return ".", _BROAD
    if op is _c.NOT_LITERAL:
        if lowered and _sre.unicode_iscased(av):  # "A" is not "a", but lower-cases to it
            return ".", _BROAD
        return _set_source({av}, [], True), _BROAD
    return _set_atom(av, ignore_case, lowered)


def _set_atom(items: list[ParseItem], ignore_case: bool, lowered: bool) -> Atom:
    """A set as a prefilter item. Lower-cased, a set keeps every character it matches when it
    names cased characters and is not negated (a member's lower case stands for it), or names none
    (a cased character is never the lower case of another one; digits and spaces lower-case to
    themselves); under ``ignore_case`` the engine compares lower cases anyway."""
    negate = bool(items) and items[0][0] is _c.NEGATE
    codes: set[int] = set()
    categories: list[str] = []
    for op, av in items[1:] if negate else items:
        if op is _c.LITERAL:
            codes.add(av)
        elif op is _c.RANGE and av[1] - av[0] <= 300:
            codes.update(range(av[0], av[1] + 1))
        elif op is _c.CATEGORY and av in _SAME_CATEGORIES:
            categories.append(_SAME_CATEGORIES[av])
        else:
            return ".", _BROAD
    if lowered:
        cased = any(map(_sre.unicode_iscased, codes))
        if cased and negate and not ignore_case:
            return ".", _BROAD
        if cased and categories:
            return ".", _BROAD
        codes = set().union(*(_lower_cases(c, ignore_case, True) for c in codes)) if codes else codes
    if negate:
        return _set_source(codes, categories, True), _BROAD
    narrow = len(codes) <= 12 and categories in ([], [r"\d"])
    codes.discard(_NEWLINE)
    if r"\s" in categories:  # a space (but a line break) or one of the rest
        rest = [c for c in categories if c != r"\s"]
        if r"\S" in rest:
            return ".", _BROAD
        if not codes and not rest:
            return r"[^\S\n]", _SPACE
        return r"(?:[^\S\n]|" + _set_source(codes, rest, False) + ")", _SPACE
    if not codes and not categories:
        return "(?!)", _NARROW
    return _set_source(codes, categories, False), _NARROW if narrow else _BROAD


def _beginnings(frames: Frames, left: int, lowered: bool, unroll: int, memo: Memo) -> set[tuple[Atom, ...]]:
    """The beginnings, ``left`` items long at most, that every match of ``frames`` starts with.
    An empty beginning lets everything through; a path no match takes gives none. A repeat of
    more than one item is spelled out as its body once more and the repeat again, ``unroll`` times
    at most. ``memo`` keeps what was spelled out for the same frames (the items after a choice of
    alternatives are spelled out once for all of them)."""
    while frames and frames[0][1] >= len(frames[0][0]):
        frames = frames[1:]
    if not frames or left <= 0:
        return {()}
    key = (tuple((id(items), at, case) for items, at, case in frames), left, unroll)
    if key not in memo:  # the frames are kept with it: the lists they name stay alive, their ids unique
        memo[key] = (frames, _spelled(frames, left, lowered, unroll, memo))
    return memo[key][1]


def _spelled(frames: Frames, left: int, lowered: bool, unroll: int, memo: Memo) -> set[tuple[Atom, ...]]:
    """:func:`_beginnings` of frames that start with an item."""
    items, at, ignore_case = frames[0]
    op, av = items[at]
    rest: Frames = ((items, at + 1, ignore_case), *frames[1:])
    if op in _CHARS:
        atom = _char_atom(op, av, ignore_case, lowered)
        if atom is None:
            return set()
        if atom[1] == _BROAD:  # the beginning ends before it: it would let most lines through anyway
            return {()}
        return _after(atom, _beginnings(rest, left - (atom[1] == _NARROW), lowered, unroll, memo))
    if op is _c.ASSERT and av[0] == -1 and len(av[1].data) == 1 and av[1].data[0][0] in _CHARS:
        # A lookbehind at one character is kept: it reads the character before, which the prefilter
        # (item by item a superset) reads as well; before a line's first character it reads "\n",
        # which no item matches, as nothing is there for the pattern.
        behind_op, behind_av = av[1].data[0]
        atom = _char_atom(behind_op, behind_av, ignore_case, lowered)
        if atom is None:
            return set()
        if atom[1] == _NARROW:
            return _after((f"(?<={atom[0]})", _SPACE), _beginnings(rest, left, lowered, unroll, memo))
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return _beginnings(rest, left, lowered, unroll, memo)
    if op is _c.AT:
        if av in (_c.AT_END, _c.AT_END_LINE, _c.AT_END_STRING):
            return {(("$", _SPACE),)}
        return _beginnings(rest, left, lowered, unroll, memo)
    if op is _c.SUBPATTERN:
        _group, add, remove, body = av
        if (add | remove) & ~re.IGNORECASE:
            return {()}
        case = bool(add & re.IGNORECASE) or (ignore_case and not remove & re.IGNORECASE)
        return _beginnings(((body.data, 0, case), *rest), left, lowered, unroll, memo)
    if op is _c.BRANCH:
        out: set[tuple[Atom, ...]] = set()
        for branch in av[1]:
            out |= _beginnings(((branch.data, 0, ignore_case), *rest), left, lowered, unroll, memo)
            if len(out) > _MOST:
                raise _TooMany
        return out
    if op in _REPEATS:
        low, high, body = av
        if high == 0:
            return _beginnings(rest, left, lowered, unroll, memo)
        if len(body.data) == 1 and body.data[0][0] in _CHARS:  # a repeated character: one item
            op_, av_ = body.data[0]
            atom = _char_atom(op_, av_, ignore_case, lowered)
            if atom is None:
                return _beginnings(rest, left, lowered, unroll, memo) if low == 0 else set()
            if atom[1] == _BROAD:
                return {()}
            top = "" if high == _c.MAXREPEAT else str(high)
            source = atom[0] if atom[0].startswith(("[", "\\")) or len(atom[0]) == 1 else f"(?:{atom[0]})"
            # None of it, or at least once: a beginning that starts with it starts with one of a few
            # characters when it does
            repeated = (f"{source}{{{max(low, 1)},{top}}}", atom[1])
            after = _after(repeated, _beginnings(rest, left - (atom[1] == _NARROW), lowered, unroll, memo))
            return after | _beginnings(rest, left, lowered, unroll, memo) if low == 0 else after
        again = [(op, (max(low - 1, 0), high if high == _c.MAXREPEAT else high - 1, body))]
        if unroll <= 0:
            return {()}
        once_frames: Frames = ((body.data, 0, ignore_case), (again, 0, ignore_case), *rest)
        once = _beginnings(once_frames, left, lowered, unroll - 1, memo)
        if low > 0:
            return once
        return once | _beginnings(rest, left, lowered, unroll, memo)
    return {()}  # something not spelled out: let everything through from here


def _after(atom: Atom, beginnings: set[tuple[Atom, ...]]) -> set[tuple[Atom, ...]]:
    out = {(atom, *beginning) for beginning in beginnings}
    if len(out) > _MOST:
        raise _TooMany
    return out


def _tree(beginnings: set[tuple[Atom, ...]]) -> str:
    """The beginnings as a tree of alternatives, sharing their first items. A beginning another
    one starts with is left out: the shorter lets the longer through."""
    if () in beginnings:
        return ""
    by_first: dict[str, set[tuple[Atom, ...]]] = {}
    for first, *rest in sorted(beginnings):
        by_first.setdefault(first[0], set()).add(tuple(rest))
    branches = [first + _tree(rest) for first, rest in by_first.items()]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


class _Derive:
    """The head tables not given: :class:`_Plan` derives them."""


_DERIVE = _Derive()


class _Plan:
    """How a pattern is looked for on a page: the characters every match holds (a page without
    one has no match), and a prefilter (searched in the lower-cased page when ``lowered``) or,
    without one, a character every line searched must hold."""

    def __init__(self, needed: frozenset[str], prefilter: Callable[[str, int], re.Match[str] | None] | None,
                 lowered: bool, literal: bool = False, literals: tuple[str, ...] = (),
                 heads: HeadTables | None | _Derive = _DERIVE) -> None:
        self.needed = needed
        self.gate = max(needed, key=ord) if needed else None  # the rarer, in text mostly of letters
        # Without such a character, the literal openings of the prefilter's beginnings, when few:
        # looked for with str.find (:func:`_literal_finder`), faster than the engine's scan.
        self.literals = literals if self.gate is None else ()
        # The engine jumps from one place a prefilter can start at to the next only when that is one
        # character; a prefilter that starts with a set it tries at every character, slower than
        # looking for a character every match holds.
        usable = prefilter is not None and (literal or self.gate is None)
        self.prefilter = prefilter if usable else None
        self.lowered = lowered
        # An anchored prefilter is tried at every line's start, each of its opening alternatives in
        # turn; tables of the heads (three characters) its beginnings can open with pass over most
        # lines first.
        compiled = getattr(self.prefilter, "__self__", None)
        anchored = isinstance(compiled, re.Pattern) and compiled.pattern.startswith("\n")
        self.heads: HeadTables | None = None
        self.match: Callable[[str, int], re.Match[str] | None] | None = None
        if anchored:
            assert isinstance(compiled, re.Pattern)
            self.heads = _head_tables(compiled.pattern, lowered) if isinstance(heads, _Derive) else heads
            self.match = compiled.match


# id of a pattern -> the pattern and its plan. Not functools.lru_cache: a compiled pattern's hash
# is recomputed over its whole compiled code at every call (CPython's pattern_hash), a tenth of
# `cleaner check`'s time on short texts; the pattern is kept with its plan, so that its id is not
# reused while the entry stands.
_PLANS: dict[int, tuple[re.Pattern[str], _Plan]] = {}
_MOST_PLANS = 1024


def _plan(pattern: re.Pattern[str]) -> _Plan:
    """How ``pattern`` is looked for (:func:`_make_plan`), made once per pattern."""
    entry = _PLANS.get(id(pattern))
    if entry is not None and entry[0] is pattern:
        return entry[1]
    if len(_PLANS) >= _MOST_PLANS:
        _PLANS.clear()
    plan = _kept_plan(pattern)
    _PLANS[id(pattern)] = (pattern, plan)
    return plan


# A pattern shorter than this is planned in a few milliseconds at most, no more than reading a
# cache entry costs (0.5-2 ms: its files, its digest).
_KEPT_PATTERN = 256


def _kept_plan(pattern: re.Pattern[str]) -> _Plan:
    """:func:`_make_plan`'s plan, kept in cleaner's cache (:mod:`cleaner.cache`) for the next
    process when the pattern is long (:data:`_KEPT_PATTERN`): making a plan parses the pattern,
    spells out its beginnings and tables their heads, 0.14 s of every process's first pages for
    the built-in rules' 29 patterns, 0.13 s of it for their six long ones (the toolbar pattern's
    3,736 beginnings 71 ms), which ``cleaner check`` of one file and each worker of ``-j N`` paid
    again. Read, a plan costs its prefilter's compiling and its files (those six: 44 ms). An entry
    is a pattern's (its text and flags), made by this code on this Python (its parser and Unicode
    tables decide the beginnings)."""
    if not isinstance(pattern.pattern, str) or len(pattern.pattern) < _KEPT_PATTERN:
        return _make_plan(pattern)
    made: list[_Plan] = []

    def derive() -> Arrays:
        made.append(_make_plan(pattern))
        return _recipe(made[0])

    key = hashlib.sha256(f"{pattern.flags} {pattern.pattern}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
    try:
        arrays = cached_arrays(f"prefilter-plan-{key}", (_plan_code(),), derive)
        return made[0] if made else _from_recipe(arrays)
    except (OSError, KeyError, IndexError, ValueError, re.error):
        # An entry damaged past what the cache tells (a file of it deleted), or no source to
        # digest (a frozen install): the plan is made here, as without a cache.
        return made[0] if made else _make_plan(pattern)


@lru_cache(maxsize=1)
def _plan_code() -> str:
    """What a plan is made by, for its cache entries: this Python, and the code that makes it (this
    module and those it takes its parts from)."""
    modules = {sys.modules[part.__module__] for part in (_make_plan, required_chars, lower_table, line_heads)}
    return f"{sys.version} {digest(sorted(Path(module.__file__ or '') for module in modules))}"


# A plan's recipe as arrays: its strings as code points one after another (a NUL or a lone
# surrogate survives; numpy's strings drop trailing NULs), and its numbers.
def _recipe(plan: _Plan) -> Arrays:
    compiled = getattr(plan.prefilter, "__self__", None)
    texts = [*sorted(plan.needed), *plan.literals, compiled.pattern if compiled is not None else ""]
    arrays = {
        "codes": code_points("".join(texts)),
        "lengths": np.array([len(text) for text in texts], dtype=np.int64),
        "numbers": np.array([len(plan.needed), len(plan.literals), compiled is not None,
                             compiled.flags if compiled is not None else 0, plan.lowered, plan.heads is not None,
                             plan.heads is not None and plan.heads[2] is not None], dtype=np.int64),
    }
    if plan.heads is not None:
        arrays["opens"], arrays["follows"] = plan.heads[0], plan.heads[1]
        if plan.heads[2] is not None:
            arrays["alone"] = plan.heads[2]
    return arrays


def _from_recipe(arrays: Arrays) -> _Plan:
    codes = np.ascontiguousarray(arrays["codes"], dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    ends = np.cumsum(arrays["lengths"]).tolist()
    texts = [codes[end - length : end] for end, length in zip(ends, arrays["lengths"].tolist())]
    needed, literals, prefiltered, flags, lowered, headed, alone = arrays["numbers"].tolist()
    heads = (arrays["opens"], arrays["follows"], arrays["alone"] if alone else None) if headed else None
    search = re.compile(texts[-1], flags).search if prefiltered else None
    # (literal=True: the prefilter was kept, so the plan keeps it)
    return _Plan(frozenset(texts[:needed]), search, bool(lowered), True, tuple(texts[needed : needed + literals]),
                 heads=heads)


def _make_plan(pattern: re.Pattern[str]) -> _Plan:
    needed = required_chars(pattern)
    if _parser is None or not isinstance(pattern.pattern, str):
        return _Plan(needed, None, False)
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover - re.compile parsed it already
        return _Plan(needed, None, False)
    flags = tree.state.flags
    items: list[Any] = tree.data
    lowered = bool(flags & re.IGNORECASE) or _ignores_case_somewhere(items)
    lead = 0  # the assertions the pattern opens with
    while lead < len(items) and items[lead][0] in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        lead += 1
    anchored = any(op is _c.AT and av in (_c.AT_BEGINNING, _c.AT_BEGINNING_STRING) for op, av in items[:lead])
    ignore_case = bool(flags & re.IGNORECASE)
    starts = [lead] if anchored else []
    starts += [i for i in range(lead, len(items)) if items[i][0] in (_c.LITERAL, _c.IN)]
    # Last, alternatives that open the pattern ("https?://|www\.") may each open with a few characters.
    opening = not anchored and lead < len(items) and items[lead][0] in (_c.BRANCH, _c.SUBPATTERN)
    if opening:
        starts.append(lead)
    for start in starts:
        source = _source(((items, start, ignore_case),), lowered)
        if source is None:
            continue
        text = ("\n" if anchored and start == lead else "") + source[0]
        one = text.startswith("\n") or source[1]  # the engine finds that character fast by itself
        if opening and start == lead and not one and (not source[2] or needed):
            # Alternatives opening with sets (a date's digits) are slower to scan for than lines are
            # to search; with a character every match holds, the later items are tried as before.
            continue
        try:
            return _Plan(needed, re.compile(text, re.MULTILINE | (flags & re.ASCII)).search, lowered, one,
                         () if one else source[2])
        except (re.error, RecursionError):  # pragma: no cover - a prefilter too deep to compile
            continue
    return _Plan(needed, None, False)


def _ignores_case_somewhere(items: list[ParseItem]) -> bool:
    """Whether a group of the items (or of their parts) turns ignoring case on."""
    for op, av in items:
        if op is _c.SUBPATTERN and (av[1] & re.IGNORECASE or _ignores_case_somewhere(av[3].data)):
            return True
        if op is _c.BRANCH and any(_ignores_case_somewhere(branch.data) for branch in av[1]):
            return True
        if op in (*_REPEATS, _c.POSSESSIVE_REPEAT) and _ignores_case_somewhere(av[2].data):
            return True
        if op in (_c.ASSERT, _c.ASSERT_NOT) and _ignores_case_somewhere(av[1].data):
            return True
        if op is _c.ATOMIC_GROUP and _ignores_case_somewhere(av.data):
            return True
        if op is _c.GROUPREF_EXISTS and any(b is not None and _ignores_case_somewhere(b.data) for b in av[1:]):
            return True
    return False


def _source(frames: Frames, lowered: bool) -> tuple[str, bool, tuple[str, ...]] | None:
    """A prefilter's source from ``frames``, whether every beginning starts with the same
    character, and the beginnings' literal openings (:func:`_literals`); None when some beginning
    does not start with one of a few characters."""
    for left in range(_ITEMS, 1, -1):
        try:
            beginnings = _beginnings(frames, left, lowered, 8, {})
        except (_TooMany, RecursionError):
            continue
        if not beginnings:
            return "(?!)", True, ()  # no match at all
        if () in beginnings or any(b[0][1] != _NARROW for b in beginnings):
            return None
        firsts = {b[0][0] for b in beginnings}
        one = len(firsts) == 1 and _ONE_CHARACTER.fullmatch(next(iter(firsts))) is not None
        return _tree(beginnings), one, _literals(beginnings)
    return None


_FEW_LITERALS = 8  # str.find scans a page for each in about the time the engine scans it for a prefilter


def _literals(beginnings: set[tuple[Atom, ...]]) -> tuple[str, ...]:
    """Each beginning's opening of plain characters (its items up to the first that is not one
    character), as distinct strings, sorted: a match holds one of them where it starts. () when
    some beginning opens with a set, or when there are more than :data:`_FEW_LITERALS`."""
    out = set()
    for beginning in beginnings:
        chars = []
        for source, kind in beginning:
            if kind != _NARROW or not _ONE_CHARACTER.fullmatch(source):
                break
            chars.append(source[-1])  # (re.escape writes a character alone or after a backslash)
        if not chars:
            return ()
        out.add("".join(chars))
    # A string another one opens with finds it too: only the shorter is looked for.
    kept = tuple(sorted(text for text in out if not any(text != other and text.startswith(other) for other in out)))
    return kept if len(kept) <= _FEW_LITERALS else ()


_ONE_CHARACTER = re.compile(r"\\[^0-9A-Za-z]|[^\\\[]", re.DOTALL)  # a character as re.escape writes it


# --- line heads --------------------------------------------------------------------------------
#
# An anchored prefilter ("\n(?:c(?:omm|ook)|s(?:har|ign))") is tried at every line's start, its
# opening alternatives one after another: a fifth of a microsecond a line for the largest. Its
# first three items read the line's first three characters (a line break where the line ends
# sooner), so a table of the heads its beginnings open with tells at once, for all of a page's
# lines, which ones it cannot match; it is tried on the others only.
#
# A head is three buckets, one a character, by its lower case: the line break, the digits
# (``\d``), the spaces (``\s``), a bucket every table lets through (_ANY: characters past the
# Basic Multilingual Plane, "İ", whose lower case is two characters), and the rest by code point,
# _BUCKETS - _FIRST_FREE of them. A prefilter has two tables (:func:`_head_tables`), of its
# beginnings' first and second buckets and of their second and third, read off the prefilter's
# own parse tree (:func:`_heads`); an item it does not read, a lookbehind, or the end of a
# beginning let any character through; `$` is the line break. Why no line the prefilter matches
# is passed over: a page's character is put in the bucket of its lower case; a character the
# prefilter names in the page as it is matches only itself, so it is put in the bucket of its
# lower case too; one it names in the lower-cased page (a lower case) matches the characters that
# lower-case to it, so it is put in the bucket of itself, and "ς" in "σ"'s as well ("Σ"
# lower-cases to "ς" at the end of a word, to "σ" alone). tests/test_scope.py holds the tables
# to the prefilters on made-up heads, and the found lines to a search line by line.

_BUCKETS = 256
_AT_END, _DIGITS, _SPACES, _ANY = range(4)  # buckets of their own; the rest from _FIRST_FREE on
_FIRST_FREE = 4
_BMP = 0x10000
_ALL = None  # an item that may be any character


@lru_cache(maxsize=1)
def _bucket_table() -> np.ndarray:
    """The bucket of each character of the Basic Multilingual Plane (:func:`_bucket_of`, from
    :func:`cleaner.codepoints.lower_table`), and a last entry, _ANY, for every character past it."""
    low = lower_table().astype(np.int64)
    low[0x3A3] = _SIGMA  # "Σ" is left out of that table: its lower case depends on the letters around it
    table = _FIRST_FREE + low % (_BUCKETS - _FIRST_FREE)
    table[(low == NOT_MAPPED) | (low >= _BMP)] = _ANY  # "İ": two characters
    # (lower-casing keeps digits and spaces)
    table[plane_matches(_DIGIT_CHAR)] = _DIGITS
    table[plane_matches(_SPACE_CHAR)] = _SPACES
    table[_NEWLINE] = _AT_END
    return np.append(table, _ANY)


_DIGIT_CHAR, _SPACE_CHAR = re.compile(r"\d"), re.compile(r"\s")


def _bucket_of(code: int, lower_it: bool = True) -> int:
    """The bucket of a character (of a page: by its lower case), or of a lower case."""
    if code == _NEWLINE:
        return _AT_END
    low = chr(code).lower() if lower_it else chr(code)
    if len(low) != 1 or code >= _BMP or ord(low) >= _BMP:
        return _ANY
    if _DIGIT_CHAR.match(low):
        return _DIGITS
    if _SPACE_CHAR.match(low):
        return _SPACES
    return _FIRST_FREE + ord(low) % (_BUCKETS - _FIRST_FREE)


def _head_keys(codes: np.ndarray, lines: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each line's head, the buckets of its first three characters (a line break's for each that
    is not there), as indices into the tables of :func:`_head_tables` (of the first two, of the
    second and third), and where the break before it is: :func:`cleaner.compiled.line_heads` in
    numpy, over ``codes``, the code points of the texts each after a line break."""
    codes = np.concatenate([codes, np.full(3, _NEWLINE, dtype=codes.dtype)])  # the last line ends
    breaks = np.flatnonzero(codes == _NEWLINE)[:lines]
    table = _bucket_table()
    first, second, third = (table[np.minimum(codes[breaks + k], _BMP)] for k in (1, 2, 3))
    # Past the end of a line are the next line's characters: the line ends there.
    second[first == _AT_END] = _AT_END
    third[second == _AT_END] = _AT_END
    return first * _BUCKETS + second, second * _BUCKETS + third, breaks


def _head_tables(source: str, lowered: bool) -> HeadTables | None:
    """Which heads (:func:`_head_keys`) a line an anchored prefilter matches can have: tables of
    the first two characters' buckets and of the second and third's, each True where some
    beginning can open so, and the first characters' buckets of the beginnings that end there
    (None when none does), with whatever follows; None when they would let every head through."""
    if _parser is None:  # pragma: no cover
        return None
    try:
        items = _parser.parse(source, re.MULTILINE).data
    except (re.error, RecursionError):  # pragma: no cover - compiled already
        return None
    heads = _heads(((items, 1),), 3, lowered)  # after the line break the prefilter opens with
    if () in heads or any(head[0] is _ALL for head in heads):
        return None
    # Of each table, the pairs of buckets set, and the rows set whole (a second item that may be
    # anything); characters in _ANY's bucket may be any character, so every item holds that bucket.
    pairs: tuple[set[int], set[int]] = (set(), set())
    rows: tuple[set[int], set[int]] = (set(), set())
    alone: set[int] = set()  # first characters after which any characters follow
    for head in heads:
        first, second, third = ([None if item is _ALL else (*item, _ANY) for item in head] + [None, None])[:3]
        assert first is not None
        if second is None:  # (a second table of all True would let every line through)
            alone.update(first)
            rows[0].update(first)
            continue
        pairs[0].update(a * _BUCKETS + b for a in first for b in second)
        if third is None:
            rows[1].update(second)
        else:
            pairs[1].update(b * _BUCKETS + c for b in second for c in third)
    tables = []
    for table in (0, 1):
        out = np.zeros((_BUCKETS, _BUCKETS), dtype=np.bool_)
        out.ravel()[sorted(pairs[table])] = True
        out[sorted(rows[table]), :] = True
        tables.append(out.ravel())
    firsts = np.zeros(_BUCKETS, dtype=np.bool_)
    firsts[sorted(alone)] = True
    return tables[0], tables[1], firsts if alone else None


HeadTables = tuple[np.ndarray, np.ndarray, np.ndarray | None]


def _let_through(tables: HeadTables, opening: np.ndarray, following: np.ndarray) -> np.ndarray:
    """Which lines, by their heads (:func:`_head_keys`), a prefilter's tables let through: those
    whose first two buckets open a beginning, and whose second and third follow on in one, or
    whose first opens a beginning of one character."""
    opens, follows, alone = tables
    passed = follows[following]
    if alone is not None:
        passed |= alone[opening // _BUCKETS]
    let: np.ndarray = opens[opening] & passed
    return let


Heads = set[tuple[frozenset[int] | None, ...]]


def _heads(frames: tuple[tuple[list[Any], int], ...], left: int, lowered: bool) -> Heads:
    """The buckets of the first ``left`` characters a match of ``frames`` (a prefilter's items,
    each with where it starts) can open with: tuples of sets of buckets (_ALL: any), shorter when
    what follows is not read."""
    while frames and frames[0][1] >= len(frames[0][0]):
        frames = frames[1:]
    if not frames or left == 0:
        return {()}
    items, at = frames[0]
    op, av = items[at]
    rest = ((items, at + 1), *frames[1:])
    if op in _CHARS:
        buckets = _item_buckets(op, av, lowered)
        return {(buckets, *head) for head in _heads(rest, left - 1, lowered)}
    if op is _c.BRANCH:
        out: Heads = set()
        for branch in av[1]:
            out |= _heads(((branch.data, 0), *rest), left, lowered)
        return out
    if op is _c.SUBPATTERN:
        return _heads(((av[3].data, 0), *rest), left, lowered)
    if op in _REPEATS:
        low, high, body = av
        if high == 0:
            return _heads(rest, left, lowered)
        again = [(op, (max(low - 1, 0), high if high == _c.MAXREPEAT else high - 1, body))]
        once = _heads(((body.data, 0), (again, 0), *rest), left, lowered)
        return once if low > 0 else once | _heads(rest, left, lowered)
    if op is _c.AT and av in (_c.AT_END, _c.AT_END_LINE, _c.AT_END_STRING):
        return {(frozenset({_AT_END}),)}
    if op is _c.ASSERT_NOT and not av[1].data:  # (?!): no match
        return set()
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return _heads(rest, left, lowered)
    return {()}


def _item_buckets(op: Any, av: Any, lowered: bool) -> frozenset[int] | None:
    """The buckets of the characters an item of a prefilter matches; _ALL when it may be any."""
    if op is _c.LITERAL:
        return _char_buckets([av], lowered)
    if op is not _c.IN:
        return _ALL
    if av and av[0][0] is _c.NEGATE:  # only "[^\S\n]" is read: a space but a line break
        if av[1:] == [(_c.CATEGORY, _c.CATEGORY_NOT_SPACE), (_c.LITERAL, _NEWLINE)]:
            return frozenset({_SPACES})
        return _ALL
    codes: list[int] = []
    out: set[int] = set()
    for item_op, item_av in av:
        if item_op is _c.LITERAL:
            codes.append(item_av)
        elif item_op is _c.CATEGORY and item_av is _c.CATEGORY_DIGIT:
            out.add(_DIGITS)
        else:
            return _ALL
    return _char_buckets(codes, lowered) | out


def _char_buckets(codes: list[int], lowered: bool) -> frozenset[int]:
    """The buckets of characters a prefilter names: in the lower-cased page, of the character as
    a lower case (and "ς" in "σ"'s too); otherwise of the character, as a page's."""
    table = _bucket_table()
    out = set()
    for code in codes:
        own = code < _BMP and chr(code).lower() == chr(code)  # its own lower case: the table's
        out.add(int(table[min(code, _BMP)]) if own or not lowered else _bucket_of(code, False))
        if lowered and code == _FINAL_SIGMA:
            out.add(_bucket_of(_SIGMA))
    return frozenset(out)
