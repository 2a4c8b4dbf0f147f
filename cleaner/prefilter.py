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
faster again. The pattern itself runs only on the lines the prefilter stops at. The notes above
:data:`_ITEMS` say why no line the pattern is found in is passed over; tests/test_scope.py checks
it, and the facts about Unicode it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import compress, count
from typing import TYPE_CHECKING, Any

from cleaner.codepoints import lower
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


class _Page:
    """A page's texts, each after a line break, and the same lower-cased (made once, for all the
    rules that search in it)."""

    def __init__(self, texts: list[str], joined: str) -> None:
        self.texts = texts
        self.joined = joined
        self._lowered: str | None = None
        self._lowered_made = False

    def lowered(self) -> str | None:
        """``joined.lower()``, or None when it does not keep each character in its place: only
        "İ" lower-cases to two characters."""
        if not self._lowered_made:
            self._lowered = None if "\u0130" in self.joined else lower(self.joined)
            self._lowered_made = True
        return self._lowered


_last_page: _Page | None = None  # the rules of a page search the same texts, one after another


def _page(texts: Sequence[str]) -> _Page | None:
    """The texts joined (and lower-cased when asked), kept for the next rule that searches the same
    texts (compared with ``==``, on a copy: the caller's list may change); None when a text holds
    a line break."""
    global _last_page
    last = _last_page
    if last is not None and last.texts == texts:
        return last
    joined = "\n" + "\n".join(texts)
    if joined.count("\n") != len(texts):
        return None
    page = _Page(list(texts), joined)
    _last_page = page
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


class _Plan:
    """How a pattern is looked for on a page: the characters every match holds (a page without
    one has no match), and a prefilter (searched in the lower-cased page when ``lowered``) or,
    without one, a character every line searched must hold."""

    def __init__(self, needed: frozenset[str], prefilter: Callable[[str, int], re.Match[str] | None] | None,
                 lowered: bool, literal: bool = False, literals: tuple[str, ...] = ()) -> None:
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
    plan = _make_plan(pattern)
    _PLANS[id(pattern)] = (pattern, plan)
    return plan


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
