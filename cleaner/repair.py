"""Repair broken text: HTML entities, broken entities, mojibake and odd spaces.

Each fix is a small pure function over one line that returns the new line and the repairs it made
as ``(rule, before, after)``, the smallest changed fragment; :func:`repair_line` chains them and
:func:`repair` runs them over a whole text. Order matters: entities first (a double-escaped
``&amp;Atilde;&amp;copy;`` only becomes mojibake ftfy can fix once decoded), then ftfy, then
spaces (ftfy needs the no-break spaces that mojibake of "\\u00a0" is made of).

ftfy is slow and almost every line is clean, so :func:`_needs_ftfy` decides
cheaply, and exactly, whether ftfy could change a line at all; see its docstring.
"""

from __future__ import annotations

import html
import html.entities
import re
import sys
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import ftfy
import numpy as np
from ftfy.badness import BADNESS_RE, is_bad
from ftfy.chardata import HTML_ENTITIES, HTML_ENTITY_RE

from cleaner.cache import cached_arrays
from cleaner.chardata import (
    FTFY_ALWAYS_CHANGES,
    MOJIBAKE_MARKERS,
    MOJIBAKE_MAX_WIDTH,
    ODD_SPACES,
    OPENING_PUNCTUATION,
    QUOTE_PAIRS,
    SPACED_ENTITY_NAMES,
    ZERO_WIDTH,
    badness_program,
)
from cleaner.codepoints import code_points, code_table
from cleaner.compiled import bad_lines, compiled_loaded, line_kinds, marked_lines
from cleaner.document import changed_span

Repair = tuple[str, str, str]  # (rule id, before, after)

RULE_MOJIBAKE = "generic/mojibake"
RULE_ENTITY = "generic/entity"
RULE_BROKEN_ENTITY = "generic/broken-entity"
RULE_ODD_SPACE = "generic/odd-space"

FTFY_CONFIG = ftfy.TextFixerConfig(
    # "a < b &amp; c" is plain text that happens to hold a "<"; the default "auto" would leave
    # every entity of such a line undecoded.
    unescape_html=True,
    # The article's typography is the author's: curly quotes stay curly...
    uncurl_quotes=False,
    # ...fullwidth forms stay as printed (CJK text sets Latin letters and digits in them)...
    fix_character_width=False,
    # ...and "ﬁ" stays: a ligature is a rendering choice, not damage.
    fix_latin_ligatures=False,
    # We record our own before/after fragments; building ftfy's plans would be wasted work.
    explain=False,
)


# --- Entities ------------------------------------------------------------------------------------

# A numeric reference may lose its ";" ("&#8221 and"), but then the digits must end where the
# number does: "&#x201Dfoo" could be U+201D or U+201DF, so hex must not run into a letter.
_NUMERIC = re.compile(r"#(?:([0-9]{1,7})(?![0-9])|[xX]([0-9a-fA-F]{1,6})(?![0-9A-Za-z_]))(;?)")
_NAMED = re.compile(r"[A-Za-z][A-Za-z0-9]{1,31};")
_SPACED = re.compile(r"&\s+([A-Za-z][A-Za-z0-9]{1,31});")


def _reference(line: str, start: int) -> tuple[int, str, bool] | None:
    """The character reference right after an "&" at ``start - 1``: (end, decoded, has ";").
    Names must be known to ftfy's table (HTML5 names plus their all-caps forms), so that "AT&T;"
    is no entity; numeric references without ";" must decode to a real character."""
    numeric = _NUMERIC.match(line, start)
    if numeric:
        terminated = bool(numeric.group(3))
        decoded = html.unescape("&" + numeric.group(0).rstrip(";") + ";")
        if not terminated and decoded in ("", "\ufffd"):
            return None
        return numeric.end(), decoded, terminated
    named = _NAMED.match(line, start)
    if named and "&" + named.group(0) in HTML_ENTITIES:
        return named.end(), HTML_ENTITIES["&" + named.group(0)], True
    return None


def _spaced_entity(line: str, start: int, name: str) -> bool:
    """Whether "& name;" at ``start`` is an entity a stray space broke: one of the typography
    names scrapers emit (:data:`~cleaner.chardata.SPACED_ENTITY_NAMES`: "& ldquo;", "Tom & amp;
    Jerry", "& nbsp;") anywhere, and any HTML5 name when the "&" is glued to the word before it
    ("caf& eacute;", "Bj& ouml;rk"), which prose never does. "this & not;" stays: "not" is an
    HTML5 name (¬), and an English word."""
    if name in SPACED_ENTITY_NAMES:
        return True
    return start > 0 and line[start - 1].isalnum() and name + ";" in html.entities.html5


def _entity_at(line: str, start: int) -> tuple[int, str, str] | None:
    """The entity starting at ``line[start] == "&"``, well-formed or broken: (end, decoded, rule)."""
    # Escaped twice or more ("&amp;rsquo;", "&amp;amp;rsquo;"): decode down to the innermost.
    amps = start + 1
    while line.startswith("amp;", amps):
        amps += 4
    if amps > start + 1:
        inner = _reference(line, amps)
        if inner:
            return inner[0], inner[1], RULE_BROKEN_ENTITY
        if amps > start + 5:  # "&amp;amp;" is an escaped "&amp;": one "&"
            return amps, "&", RULE_BROKEN_ENTITY
    spaced = _SPACED.match(line, start)
    if spaced and _spaced_entity(line, start, spaced.group(1)):
        return spaced.end(), html.unescape("&" + spaced.group(1) + ";"), RULE_BROKEN_ENTITY
    found = _reference(line, start + 1)
    if found:
        end, decoded, terminated = found
        return end, decoded, RULE_ENTITY if terminated else RULE_BROKEN_ENTITY
    return None


def _directed_quote(quote: str, before: str, after: str) -> str:
    """The curly quote an entity should have produced between ``before`` and ``after`` ("" at the
    line's ends): "establishments& ldquo;" closes a quotation, so it gives "”". Only a direction
    the text rules out is turned: an opening quote at the end of a word, a closing double quote at
    the start of one. A U+2019 at the start of a word is an apostrophe, the elision of "’Tis",
    "rock ’n’ roll" and "’90s", and stays one, as ftfy leaves it; smartypants 2.0.1 turns a
    straight "'" there into an opening quote ("‘Tis", "rock ‘n’ roll", "the ‘90s"), but here the
    source said U+2019. Where ftfy keeps every entity's quote as named ("said: ’Hi‘ and"), an
    opening quote that ends a word is turned ("said: ’Hi’ and")."""
    opening, closing = QUOTE_PAIRS[quote]
    opens_after = not before or before.isspace() or before in OPENING_PUNCTUATION
    if not opens_after and (not after or after.isspace() or unicodedata.category(after)[0] == "P"):
        return closing
    if opens_after and (after.isalnum() or after == "_"):
        if quote == closing == "\u2019":
            return quote  # an elision, not a quotation
        return opening
    return quote


def fix_entities(line: str) -> tuple[str, list[Repair]]:
    """Decode HTML entities, including the broken forms ftfy leaves:

    - ``"establishments& ldquo;"`` → ``"establishments”"`` (a space after the ampersand; only the
      names in :data:`~cleaner.chardata.SPACED_ENTITY_NAMES`, so ``"this & not;"`` stays),
    - ``"“yes&#8221 and"`` → ``"“yes” and"`` (no semicolon), ``"&amp;rsquo;"`` → ``"’"`` (escaped
      twice),
    - ``"&rsquo;"``, ``"&#8217;"`` → ``"’"``, ``"&amp;"`` → ``"&"``; unknown names (``"AT&T;"``)
      stay as they are.

    A quote that an entity produced takes its direction from where it stands (see
    :func:`_directed_quote`); quotes already in the text are never touched.

    >>> fix_entities("AT&T; said &ldquo;yes&#8221 and")
    ('AT&T; said “yes” and', [('generic/entity', '&ldquo;', '“'), ('generic/broken-entity', '&#8221', '”')])
    """
    if "&" not in line:
        return line, []
    pieces: list[str] = []
    repairs: list[Repair] = []
    previous = ""  # the last character of the repaired line so far
    done = 0
    amp = line.find("&")
    while amp != -1:
        found = _entity_at(line, amp)
        if found is None:
            amp = line.find("&", amp + 1)
            continue
        end, decoded, rule = found
        if amp > done:
            pieces.append(line[done:amp])
            previous = line[amp - 1]
        if decoded in QUOTE_PAIRS:
            decoded = _directed_quote(decoded, previous, line[end : end + 1])
        pieces.append(decoded)
        previous = decoded[-1:] or previous
        repairs.append((rule, line[amp:end], decoded))
        done = end
        amp = line.find("&", end)
    if not repairs:
        return line, []
    pieces.append(line[done:])
    return "".join(pieces), repairs


# --- Mojibake, through a gated ftfy ---------------------------------------------------------------


def _char_class(chars: Iterable[str]) -> str:
    """A regex character class of ``chars``, as ranges (the surrogate block alone is 2048)."""
    codes = sorted(map(ord, chars))
    parts = []
    first = last = codes[0]
    for code in [*codes[1:], None]:
        if code is not None and code == last + 1:
            last = code
            continue
        parts.append(re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else ""))
        if code is not None:
            first = last = code
    return "[" + "".join(parts) + "]"


_FTFY_ALWAYS_CHANGES_RE = re.compile(_char_class(FTFY_ALWAYS_CHANGES))
_MOJIBAKE_MARKER_RE = re.compile(_char_class(MOJIBAKE_MARKERS)) if MOJIBAKE_MARKERS else None


def _ftfy_would_unescape(line: str) -> bool:
    """Whether ftfy's unescape_html step changes ``line``: it only replaces references that are in
    its table or numeric ("AT&T;" and "&foo;" match its regex but stay)."""
    return "&" in line and any(
        match.group(0) in HTML_ENTITIES or match.group(0).startswith("&#")
        for match in HTML_ENTITY_RE.finditer(line)
    )


def _looks_bad(line: str) -> bool:
    """``ftfy.badness.is_bad(line)``, at a fraction of the cost: every match of its regex holds a
    marker character and is at most ``MOJIBAKE_MAX_WIDTH`` long, so only the windows around the
    markers are searched (merged where they overlap)."""
    if _MOJIBAKE_MARKER_RE is None:
        return is_bad(line)
    width = MOJIBAKE_MAX_WIDTH
    start = end = -1
    for marker in _MOJIBAKE_MARKER_RE.finditer(line):
        at = marker.start()
        if at - width + 1 <= end:
            end = at + width
            continue
        if end >= 0 and BADNESS_RE.search(line, start, end):
            return True
        start, end = max(0, at - width + 1), at + width
    return end >= 0 and BADNESS_RE.search(line, start, end) is not None


def _needs_ftfy(line: str, suspect: bool | None = None) -> bool:
    """Whether ``ftfy.fix_text(line, FTFY_CONFIG)`` can differ from ``line``. Exact, not a guess.
    ``suspect``, when the caller knows it, is the last test's answer for this line: whether it is
    not in NFC or ``is_bad`` (:func:`repaired` reads the badness of a page's lines at once).

    ``fix_and_explain`` runs its steps in a loop that stops at the first pass that changes
    nothing, so the line comes back unchanged iff every step of the first pass is the identity:

    - unescape_html: only references in ftfy's table, or numeric, change (:func:`_ftfy_would_unescape`);
    - fix_encoding: returns ASCII text, and text that is not ``is_bad``, unchanged (:func:`_looks_bad`);
    - fix_c1_controls, fix_line_breaks, fix_surrogates, remove_terminal_escapes and
      remove_control_chars act only on their characters (``FTFY_ALWAYS_CHANGES``);
    - width, ligatures and quotes are off in :data:`FTFY_CONFIG`; NFC changes only non-NFC text.

    ``fix_text`` also cuts text at "\\n" and every ``max_decode_length`` characters and judges the
    pieces apart ("^" in ``BADNESS_RE`` then matches mid-line), so such lines always go to ftfy.
    """
    if _FTFY_ALWAYS_CHANGES_RE.search(line) or _ftfy_would_unescape(line):
        return True
    if line.isascii():
        return False
    if "\n" in line or len(line) > FTFY_CONFIG.max_decode_length:
        return True
    if suspect is not None:
        return suspect
    return not unicodedata.is_normalized("NFC", line) or _looks_bad(line)


def fix_mojibake(line: str, *, gated: bool = True, suspect: bool | None = None) -> tuple[str, list[Repair]]:
    """ftfy on the lines that need it: ``"Todayâ€™s"`` → ``"Today’s"``, ``"cafÃ©"`` → ``"café"``.
    ``gated=False`` runs ftfy on every line; the result is the same, only slower. ``suspect``:
    as :func:`_needs_ftfy` takes it."""
    if gated and not _needs_ftfy(line, suspect):
        return line, []
    fixed = ftfy.fix_text(line, FTFY_CONFIG)
    if fixed.split() == line.split():
        # Unchanged, or only its layout: a trailing "\r" that became "\n" is stripped anyway.
        return fixed, []
    before, after = changed_span(line, fixed)
    return fixed, [(RULE_MOJIBAKE, before, after)]


# --- Spaces ---------------------------------------------------------------------------------------

_ODD_SPACE_RUN = re.compile(_char_class(ODD_SPACES | ZERO_WIDTH) + "+")
_ZERO_WIDTH = _char_class(ZERO_WIDTH)[1:-1]
# Stripping takes zero-width characters too: at the ends of a line they are as invisible as spaces.
_EDGES = re.compile(rf"^[\s{_ZERO_WIDTH}]+|[\s{_ZERO_WIDTH}]+$")


def _plain(run: str) -> str:
    """What a run of odd spaces stands for: one space, or nothing if it was all zero-width."""
    return " " if any(char in ODD_SPACES for char in run) else ""


def fix_odd_spaces(line: str) -> tuple[str, list[Repair]]:
    """No-break and other odd spaces inside the text become plain spaces, zero-width ones go:
    ``"said.\\u00a0(photo)"`` → ``"said. (photo)"``. Those at the line's edges are layout and stay."""
    if line.isascii() or not _ODD_SPACE_RUN.search(line):
        return line, []
    inner = _EDGES.sub("", line)
    if not _ODD_SPACE_RUN.search(inner):
        return line, []
    repairs = [(RULE_ODD_SPACE, run, _plain(run)) for run in _ODD_SPACE_RUN.findall(inner)]
    lead = line.index(inner)  # not empty: it holds an odd space
    fixed = _ODD_SPACE_RUN.sub(lambda match: _plain(match.group(0)), inner)
    return line[:lead] + fixed + line[lead + len(inner):], repairs


def fix_spaces(line: str) -> tuple[str, list[Repair]]:
    """:func:`fix_odd_spaces`, then the line is stripped and runs of spaces collapse: trimming and
    collapsing are layout, not repairs, and are not recorded."""
    line, repairs = fix_odd_spaces(line)
    return collapse_spaces(line), repairs


def collapse_spaces(line: str) -> str:
    """The line stripped, zero-width characters at its edges too, and its runs of spaces collapsed:
    :func:`fix_spaces` of a line that :func:`fix_odd_spaces` has left (it leaves none inside, so
    a second pass changes nothing and only costs a search)."""
    line = " ".join(line.split())
    if line and (line[0] in ZERO_WIDTH or line[-1] in ZERO_WIDTH):  # str.split() keeps them
        line = _EDGES.sub("", line)
    return line


# --- The whole repair -----------------------------------------------------------------------------


def _repair_line(line: str, gated: bool, suspect: bool | None = None) -> tuple[str, list[Repair]]:
    line, repairs = fix_entities(line)
    # (``suspect`` was told of the line as it came: of a line an entity changed, ftfy's gate asks anew)
    line, made = fix_mojibake(line, gated=gated, suspect=None if repairs else suspect)
    repairs.extend(made)
    line, made = fix_spaces(line)
    repairs.extend(made)
    return line, repairs


def repair_line(line: str, suspect: bool | None = None) -> tuple[str, list[Repair]]:
    """Repair one line; returns it stripped, with space runs collapsed, and the repairs made in
    order, each as (rule, before, after). ``suspect``, when the caller knows it, is whether the
    line is not in NFC or ftfy's ``is_bad`` holds for it (:func:`_needs_ftfy`); the result is the
    same either way:

    >>> repair_line("establishments& ldquo;")
    ('establishments”', [('generic/broken-entity', '& ldquo;', '”')])
    >>> repair_line("Todayâ€™s  news")
    ('Today’s news', [('generic/mojibake', 'â€™', '’')])
    """
    if line.isascii() and "&" not in line and not _FTFY_ALWAYS_CHANGES_RE.search(line):
        # Most lines: no entity, nothing ftfy would change (see _needs_ftfy), no odd space.
        return " ".join(line.split()), []
    if len(line) > REPAIRED_LINE_CHARS:
        return _repair_line(line, gated=True, suspect=suspect)
    fixed, repairs = _repaired_line(line, suspect)
    return fixed, list(repairs)


# The lines repair_line keeps the result of: a site's lines recur on each of its pages (menus,
# footers, a credit line), and what is asked of a line with a character a repair may act on
# (whether ftfy could change it: a search of ftfy's badness pattern around each marker, ~5 us
# a line; ftfy itself on the few that need it) is a function of the line alone. In a pass over
# daniel-dev's pages, 57% of those lines had been seen before on an earlier page (WCXB-dev: 21%),
# 96% of those (WCXB-dev: 99%) no longer than REPAIRED_LINE_CHARS: longer lines, paragraphs
# that seldom recur, are not kept, so that the cache holds at most REPAIRED_LINES lines of that
# length and their results (a few MB), the least recently used going, whatever the input's lines.
REPAIRED_LINES = 4096
REPAIRED_LINE_CHARS = 200


@lru_cache(maxsize=REPAIRED_LINES)
def _repaired_line(line: str, suspect: bool | None = None) -> tuple[str, tuple[Repair, ...]]:
    """:func:`repair_line` of a line that may need a repair, its repairs as a tuple (the kept
    result cannot be changed by a caller). (``suspect`` is a function of the line, or None: it
    changes no result.)"""
    fixed, repairs = _repair_line(line, gated=True, suspect=suspect)
    return fixed, tuple(repairs)


# A character that some repair may act on: an ampersand, one ftfy always changes, one every
# mojibake match holds, an odd or zero-width space. A line without any is only stripped and its
# space runs collapsed (see repair_lines).
_MAY_NEED_REPAIR_CHARS = (frozenset("&") | FTFY_ALWAYS_CHANGES | (MOJIBAKE_MARKERS or frozenset()) | ODD_SPACES
                          | ZERO_WIDTH)
MAY_NEED_REPAIR = re.compile(_char_class(_MAY_NEED_REPAIR_CHARS)) if MOJIBAKE_MARKERS else None
# The same characters as a table by code point, for the compiled pass.
_MAY_NEED_REPAIR_CODES = code_table(_MAY_NEED_REPAIR_CHARS)


@lru_cache(maxsize=1)
def _gate_kinds() -> np.ndarray:
    """:data:`_MAY_NEED_REPAIR_CODES` as :func:`cleaner.compiled.marked_lines` reads them, with the
    characters that tell a single-spaced text, and as unsure every character but those that NFC
    leaves as they are wherever they stand among such others (:func:`_nfc_inert`)."""
    arrays = cached_arrays("nfc-inert", [f"NFC-inert characters, Unicode {unicodedata.unidata_version}",
                                         Path(__file__)], _nfc_inert)
    return line_kinds(_MAY_NEED_REPAIR_CODES, ~arrays["inert"])


@lru_cache(maxsize=1)
def _badness_program() -> dict[str, np.ndarray] | None:
    """ftfy's ``BADNESS_RE`` as :func:`cleaner.chardata.badness_program` lays it out for the
    compiled matcher (~0.3 s, kept in cleaner's cache); None where it cannot be."""
    from importlib.metadata import version

    sources: list[str | Path] = [f"ftfy {version('ftfy')}, Unicode {unicodedata.unidata_version}",
               Path(__file__).with_name("chardata.py")]
    arrays = cached_arrays("badness", sources, lambda: badness_program() or {"none": np.zeros(0)})
    return None if "none" in arrays else dict(arrays)


def _nfc_inert() -> dict[str, np.ndarray]:
    """The characters of the Basic Multilingual Plane that a text made only of such characters
    holds in NFC: each is its own NFC, a starter (canonical combining class 0) whose canonical
    decomposition opens with a starter, and neither it nor that opening is the second character
    of a canonical decomposition of two (nor a Hangul vowel or trailing consonant, which compose
    with what comes before them). So no reordering or composition reaches across two of them: the
    NFC of such a text is the text (tests/test_repair.py tries pairs). ~0.2 s, kept in cleaner's
    cache."""
    second = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
    for code in range(sys.maxunicode + 1):
        mapping = unicodedata.decomposition(chr(code))
        if mapping and not mapping.startswith("<") and len(mapping.split()) == 2:
            second.add(int(mapping.split()[1], 16))
    inert = np.zeros(0x10000, dtype=np.bool_)
    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or code in second or unicodedata.combining(char):
            continue
        opening = unicodedata.normalize("NFD", char)[0]
        inert[code] = (unicodedata.normalize("NFC", char) == char and ord(opening) not in second
                       and not unicodedata.combining(opening))
    return {"inert": inert}


def lines_to_repair(text: str, lines: list[str]) -> set[int] | None:
    """The indices of the ``lines`` of ``text`` (``text.split("\\n")``) that a repair may change,
    or None for all of them, reading the whole text once for the characters a repair acts on
    (:data:`MAY_NEED_REPAIR`). In a text in NFC, a line without any of them comes back from
    :func:`repair_line` stripped with its space runs collapsed and nothing repaired (its entity,
    ftfy and odd-space steps each begin with a test for those characters, and ftfy's also with
    one for NFC and for the line's length), unless it is too long for ftfy to take whole.

    >>> lines_to_repair("fine\\ncaf&eacute;\\nfine", ["fine", "caf&eacute;", "fine"])
    {1}
    """
    return _gate(text, lines, badness=False)[0]


def _gate(text: str, lines: list[str], badness: bool = True) -> tuple[set[int] | None, bool | None,
                                                                       dict[int, bool] | None]:
    """:func:`lines_to_repair`, :func:`_single_spaced` of the text where it came with them (None
    where not), and where it could tell them, whether the lines with a marked character are
    ``is_bad`` (by line number, for the lines it could tell), which is
    :func:`_needs_ftfy`'s last test of an unchanged line of a text in NFC (not asked where
    ``badness`` is false). Once compiled code is loaded
    (:func:`cleaner.compiled.compiled_loaded`) they come from two passes over the text's code
    points (:func:`cleaner.compiled.marked_lines`, by :func:`_gate_kinds`, which also tells
    whether NFC must be asked of the text; :func:`cleaner.compiled.bad_lines`, by
    :func:`_badness_program`); before, from the regular expression, as ``cleaner check`` of a
    few files reads them without starting numba."""
    if MAY_NEED_REPAIR is None:
        return None, None, None
    # NFC holds line by line as for the whole: a line break composes with nothing on either side.
    longest = FTFY_CONFIG.max_decode_length
    flagged = {i for i, line in enumerate(lines) if len(line) > longest} if len(text) > longest else set()
    if compiled_loaded():
        # (the text is in NFC when it holds only characters NFC leaves as they are, most texts:
        # unicodedata's own test reads each character's properties, ~30 us for a news page)
        codes = code_points(text)
        marked, starts, plain, unsure = marked_lines(codes, _gate_kinds())
        if unsure and not unicodedata.is_normalized("NFC", text):
            return None, None, None
        numbers = marked.tolist()
        flagged.update(numbers)
        program = _badness_program() if badness else None
        if program is None:
            return flagged, plain, None
        answers = bad_lines(codes, starts, program).tolist()  # 1, 0, or -1: not told
        return flagged, plain, {number: told == 1 for number, told in zip(numbers, answers) if told >= 0}
    if not unicodedata.is_normalized("NFC", text):
        return None, None, None
    index, at = 0, 0  # the line that starts at offset ``at``
    match = MAY_NEED_REPAIR.search(text)
    while match is not None:
        index += text.count("\n", at, match.start())
        flagged.add(index)
        at = text.find("\n", match.start()) + 1  # the next flagged character after this line
        if not at:
            break
        index += 1
        match = MAY_NEED_REPAIR.search(text, at)
    return flagged, None, None


def repair_lines(text: str) -> list[tuple[str, list[Repair]]]:
    """:func:`repair_line` of each line of ``text`` (split at "\\n"), from :func:`repaired`."""
    lines, repairs = repaired(text)
    made = dict(repairs)
    return [(line, made.get(i, [])) for i, line in enumerate(lines)]


def repaired(text: str, lines: list[str] | None = None) -> tuple[list[str], list[tuple[int, list[Repair]]]]:
    """Each line of ``text`` (split at "\\n", or ``lines`` when the caller has split it so already;
    they are only read) as :func:`repair_line` gives it, and the repairs made,
    as (line index, repairs) in order for the lines that have any. The lines
    :func:`lines_to_repair` names go through repair_line; the others are only stripped with their
    space runs collapsed, as repair_line gives them (a join of ``str.split`` a line costs less
    than a regular expression's pass over the text, whose class tests are slower per character),
    unless the text shows they are so already (:func:`_single_spaced`)."""
    if lines is None:
        lines = text.split("\n")
    flagged, plain, bad = _gate(text, lines)
    if flagged is None:  # every line goes through repair_line
        flagged, out = set(range(len(lines))), list(lines)
    elif plain if plain is not None else _single_spaced(text):
        out = list(lines)
    else:
        out = [" ".join(line.split()) for line in lines]
    repairs = []
    told = bad if bad is not None else {}
    for i in sorted(flagged):
        out[i], made = repair_line(lines[i], told.get(i))
        if made:
            repairs.append((i, made))
    return out, repairs


def _single_spaced(text: str) -> bool:
    """Whether each line of ``text`` that :func:`lines_to_repair` passes over is already stripped
    with its space runs collapsed: of the white space (``str.split``'s), only the tab, the line
    and form feeds and the space are not among the characters it looks for, and the text holds
    no tab or form feed, and no space next to another or at either end of a line. (Scraped dumps
    mostly come so, and the check is a few scans in C instead of a split and a join a line.)"""
    return not ("\t" in text or "\x0c" in text or "  " in text or "\n " in text or " \n" in text
                or text.startswith(" ") or text.endswith(" "))


def _repair_line_ungated(line: str) -> tuple[str, list[Repair]]:
    """:func:`repair_line` with ftfy run on every line: the reference the gate is tested against."""
    return _repair_line(line, gated=False)


def repair(text: str) -> str:
    """The repair step on its own, line by line: each line repaired and stripped, its space runs
    collapsed, the line breaks kept.

    >>> repair("Todayâ€™s news in caf&eacute;s\\n  establishments& ldquo;  ")
    'Today’s news in cafés\\nestablishments”'
    """
    return "\n".join(repair_line(line)[0] for line in text.split("\n"))
