"""Character tables for :mod:`cleaner.repair`, kept apart from the fixes that read them.

The last table, :data:`MOJIBAKE_MARKERS`, is derived from ftfy's own mojibake detector at import
time rather than copied by hand, so that the ftfy gate stays exact if ftfy's heuristic changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import numpy as np
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES
from ftfy.chardata import CONTROL_CHARS

# The stdlib's own regex parser (Python 3.11+), to read ftfy's detector; see _mojibake_markers. typeshed
# types it under the names it had before 3.11, which still import, with a DeprecationWarning.
if TYPE_CHECKING:
    import sre_compile
    import sre_constants as sre
    import sre_parse

    # An item of the parse tree: (opcode, argument). The argument's type depends on the opcode (a code
    # point for LITERAL, a list of items for IN, (min, max, body) for a repeat), which typeshed's union
    # of them all cannot follow: it is Any.
    ParseItem = tuple[sre._NamedIntConstant, Any]
else:
    from re import _compiler as sre_compile
    from re import _constants as sre
    from re import _parser as sre_parse

# Entity names accepted in the broken form "& ldquo;" (a space after the ampersand). Curated, not
# all of HTML5: "this & not;" and "fish & chips;" are prose, and only names that scrapers emit
# for typography are plausible after a stray space.
SPACED_ENTITY_NAMES = frozenset({
    "ldquo", "rdquo", "lsquo", "rsquo", "bdquo", "sbquo", "laquo", "raquo", "lsaquo", "rsaquo",
    "quot", "apos", "ndash", "mdash", "hellip", "nbsp", "thinsp", "ensp", "emsp", "amp", "lt",
    "gt", "copy", "reg", "trade", "deg", "middot", "bull", "prime", "Prime", "euro", "pound",
    "shy",
})

# Curly quotes an entity may produce, mapped to their (opening, closing) forms. Entity authors
# often pick the wrong one ("establishments& ldquo;" ends a quotation), so direction comes from
# the text around the entity, not from its name.
QUOTE_PAIRS = {
    "\u201c": ("\u201c", "\u201d"), "\u201d": ("\u201c", "\u201d"),
    "\u2018": ("\u2018", "\u2019"), "\u2019": ("\u2018", "\u2019"),
}

# After these a quote opens even though they are not spaces: "(“quoted”)", "«“inner”»", "—“Yes”".
OPENING_PUNCTUATION = frozenset("([{\u00ab\u2039\u2018\u201c\u201a\u201e\u2013\u2014")

# Spaces that are not U+0020 and that scrapes leave inside running text (no-break spaces from
# "&nbsp;", thin and narrow spaces from French typography, ideographic spaces). They carry no
# meaning once the text is plain, so each becomes one ordinary space.
ODD_SPACES = frozenset(
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)

# Invisible characters that only split words for search and copy-paste. Zero-width (non-)joiners
# U+200C/U+200D are NOT here: Persian, Indic scripts and emoji sequences need them.
ZERO_WIDTH = frozenset("\u200b\u2060\ufeff")

# --- The ftfy gate -------------------------------------------------------------------------------
# Characters on which some step of ftfy.fix_text acts no matter what surrounds them:
# fix_c1_controls (U+0080-U+009F), fix_line_breaks (CR, NEL, U+2028, U+2029), fix_surrogates,
# remove_terminal_escapes (ESC, itself in CONTROL_CHARS) and remove_control_chars (CONTROL_CHARS).
FTFY_ALWAYS_CHANGES = frozenset(
    "\r\u2028\u2029"
    + "".join(map(chr, range(0x80, 0xA0)))
    + "".join(map(chr, range(0xD800, 0xE000)))
    + "".join(map(chr, CONTROL_CHARS))
)


def _class_members(item: ParseItem) -> frozenset[str] | None:
    """The characters one parsed regex item can match, if it is a literal or a positive class of
    literals and ranges; None for anything that can match an open-ended set (``\\w``, ``[^a]``)."""
    op, arg = item
    if op is sre.LITERAL:
        return frozenset(chr(arg))
    if op is not sre.IN:
        return None
    members: set[str] = set()
    for sub_op, sub_arg in arg:
        if sub_op is sre.LITERAL:
            members.add(chr(sub_arg))
        elif sub_op is sre.RANGE:
            members.update(map(chr, range(sub_arg[0], sub_arg[1] + 1)))
        else:
            return None
    return frozenset(members)


def _commonness(chars: Collection[str]) -> tuple[int, int]:
    """How often a class is expected in clean text: ordinary letters count, lowercase most; the
    symbols ftfy calls "bad" and compatibility letters (µ, ª) hardly occur outside mojibake."""
    bad = set(MOJIBAKE_CATEGORIES["bad"])
    score = 0
    for char in chars:
        category = unicodedata.category(char)
        if category in ("Lu", "Ll", "Lo") and char not in bad:
            if not unicodedata.decomposition(char).startswith("<"):
                score += 3 if category == "Ll" else 1
    return score, len(chars)


def _mojibake_markers() -> tuple[frozenset[str] | None, int]:
    """Characters at least one of which every match of ftfy's ``BADNESS_RE`` contains, and the
    longest match it can make.

    ``BADNESS_RE`` is an alternation of short fixed-length sequences ("Ã" then "©", "â€" then
    "™", ...). Each alternative has positions that must match one of a listed set of non-ASCII
    characters; we pick, per alternative, the set least likely in clean text ("¢£¥₧€" rather
    than every accented lowercase letter). A line without any picked character cannot be
    ``is_bad``; a line with some only needs ``BADNESS_RE`` searched within the longest-match
    width around them. The choice only affects speed: any mandatory position keeps it exact.

    Returns ``(None, 0)`` when the regex is not of that shape (a future ftfy), which makes the
    gate fall back to running ``is_bad`` on the whole line.
    """
    if BADNESS_RE.flags & re.IGNORECASE:
        return None, 0
    parsed, alternatives = _badness_alternatives()
    if not _only_simple_anchors(parsed):
        return None, 0
    width = parsed.getwidth()[1]
    if width > 64:
        return None, 0
    markers: set[str] = set()
    for alternative in alternatives:
        mandatory: list[frozenset[str]] = [
            chars for chars in map(_class_members, alternative.data)
            if chars and not any(char.isascii() for char in chars)
        ]
        if not mandatory:
            return None, 0
        markers |= min(mandatory, key=_commonness)
    return frozenset(markers), width


def _badness_alternatives() -> tuple[sre_parse.SubPattern, list[sre_parse.SubPattern]]:
    """``BADNESS_RE`` parsed by the standard library's parser, and its alternatives (itself, where
    it is not an alternation)."""
    parsed = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    data: list[ParseItem] = parsed.data
    alternatives: list[sre_parse.SubPattern] = (data[0][1][1] if len(data) == 1 and data[0][0] is sre.BRANCH
                                                 else [parsed])
    return parsed, alternatives


def _only_simple_anchors(parsed: sre_parse.SubPattern) -> bool:
    """Searching a window of the line is the same as searching the line only if no part of the
    regex looks outside its own match; "^" is fine: it fails at a window start that is not 0."""
    data: list[ParseItem] = parsed.data
    for op, arg in data:
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.GROUPREF, sre.GROUPREF_EXISTS):
            return False
        if op is sre.AT and arg is not sre.AT_BEGINNING:
            return False
        nested: list[sre_parse.SubPattern] = []
        if op is sre.BRANCH:
            nested = arg[1]
        elif op is sre.SUBPATTERN:
            nested = [arg[3]]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            nested = [arg[2]]
        elif op is sre.ATOMIC_GROUP:
            nested = [arg]
        if not all(_only_simple_anchors(sub) for sub in nested):
            return False
    return True


MOJIBAKE_MARKERS, MOJIBAKE_MAX_WIDTH = _mojibake_markers()


# --- ftfy's detector as one pass of bit masks ------------------------------------------------------

# The bit words a line's state takes (64 places of the alternatives each): ftfy 6's expression
# has 101 places.
_BADNESS_WORDS = 2


def badness_program() -> dict[str, Any] | None:
    """``BADNESS_RE`` as the tables of a bit-parallel matcher (shift-and): every alternative of
    the regular expression is a fixed run of places, each matching one of a set of characters,
    and a character's class (``classes``, by code point of the Basic Multilingual Plane) tells by
    one bit each which places it may fill (``masks0[class]`` and ``masks1[class]``, two 64-bit
    words); a run that reaches its last place is a match. Each step shifts the state by one place
    and starts every alternative anew. ``bits`` holds the two words of the alternatives' first
    places, of those anchored at a line's first character (``^``), and of their last places.
    ``\\s?`` makes two alternatives, with and without. No alternative straddles two words.

    The sets are read by the regular expression engine itself: each place is compiled alone and
    run over every character of the plane, so ``\\s``, ``\\w``, ``.`` and ranges mean what they
    mean to ``re``. A line holds a match iff ``BADNESS_RE.search`` finds one in it. None when
    the expression is not of that shape (a future ftfy): the caller searches as before."""
    if BADNESS_RE.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL):
        return None
    parsed, alternatives = _badness_alternatives()
    runs: list[tuple[list[ParseItem], bool]] = []  # (places, anchored at the start)
    for alternative in alternatives:
        choices: list[list[ParseItem]] = [[]]
        anchored = False
        items: list[ParseItem] = alternative.data
        for at, (op, arg) in enumerate(items):
            if op is sre.AT and arg is sre.AT_BEGINNING and at == 0:
                anchored = True
            elif op in (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY):
                choices = [places + [(op, arg)] for places in choices]
            elif (op is sre.MAX_REPEAT and (arg[0], arg[1]) == (0, 1) and len(arg[2].data) == 1
                  and arg[2].data[0][0] in (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY)):
                choices = choices + [places + [arg[2].data[0]] for places in choices]
            else:
                return None
        runs += [(places, anchored) for places in choices if places]
    # Places laid out word by word, no run across two words.
    where: list[list[tuple[int, int]]] = []
    word, bit = 0, 0
    for places, _ in runs:
        if len(places) > 64:
            return None
        if bit + len(places) > 64:
            word, bit = word + 1, 0
        where.append([(word, bit + k) for k in range(len(places))])
        bit += len(places)
    if word >= _BADNESS_WORDS:
        return None
    plane = "".join(map(chr, range(0x10000)))
    masks = np.zeros((0x10000, _BADNESS_WORDS), dtype=np.uint64)
    start, anchored_bits, final = (np.zeros(_BADNESS_WORDS, dtype=np.uint64) for _ in range(3))
    for (places, anchored), spots in zip(runs, where):
        for item, (w, b) in zip(places, spots):
            single = sre_compile.compile(sre_parse.SubPattern(parsed.state, [item]), BADNESS_RE.flags)
            members = np.fromiter((ord(match.group()) for match in single.finditer(plane)), np.int64)
            masks[members, w] |= np.uint64(1 << b)
        (w, b), (last_w, last_b) = spots[0], spots[-1]
        (anchored_bits if anchored else start)[w] |= np.uint64(1 << b)
        final[last_w] |= np.uint64(1 << last_b)
    rows, classes = np.unique(masks, axis=0, return_inverse=True)
    if len(rows) > 256:
        return None
    return {"classes": classes.reshape(-1).astype(np.uint8), "masks0": np.ascontiguousarray(rows[:, 0]),
            "masks1": np.ascontiguousarray(rows[:, 1]), "bits": np.concatenate((start, anchored_bits, final))}
