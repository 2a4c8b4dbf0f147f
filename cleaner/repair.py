"""Repair broken text: HTML entities, broken entities, mojibake and odd spaces.

Each fix is a small function over one line that returns the new line and the repairs it made as
``(rule, before, after)``, the smallest changed fragment; :func:`repair_line` chains them and
:func:`repair` runs them over a whole text. Order matters: entities first (a double-escaped
``&amp;Atilde;&amp;copy;`` only becomes mojibake ftfy can fix once decoded), then ftfy, then
spaces (ftfy needs the no-break spaces that mojibake of "\\u00a0" is made of).
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.entities import html5

import ftfy
from ftfy.badness import is_bad
from ftfy.chardata import CONTROL_CHARS, HTML_ENTITY_RE

from cleaner.document import changed_span

Repair = tuple[str, str, str]  # (rule id, before, after)

# ftfy with the article's typography kept: curly quotes stay curly (uncurl_quotes), fullwidth
# characters stay as printed (fix_character_width), ligatures stay (fix_latin_ligatures), and
# entities are decoded even when a "<" appears in a plain-text line (unescape_html="auto" would
# skip the whole line). explain=False: we record our own spans.
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=True,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    explain=False,
)

# Entity names that scrapes break by putting a space after the ampersand ("& ldquo;"). A
# curated list, because "this & not;" is prose even though "not;" is an HTML5 entity.
SPACED_ENTITY_NAMES = (
    "ldquo", "rdquo", "lsquo", "rsquo", "bdquo", "sbquo", "laquo", "raquo", "quot", "apos",
    "ndash", "mdash", "hellip", "nbsp", "amp", "lt", "gt", "copy", "reg", "trade", "deg",
    "middot", "bull", "prime", "Prime", "euro", "pound", "eacute", "egrave", "agrave", "ccedil",
)

_ENTITY = re.compile(
    r"&amp;(?P<double>#\d{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)"
    r"|&\s+(?P<spaced>" + "|".join(SPACED_ENTITY_NAMES) + r");"
    r"|&(?P<bare>#\d{1,7}|#[xX][0-9a-fA-F]{1,6})(?![0-9a-fA-F;])"
    r"|&(?P<named>#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)"
)
_NUMERIC_NO_SEMICOLON = re.compile(r"&#(?:\d{1,7}|[xX][0-9a-fA-F]{1,6})$")

# Quotes an entity produced, and their opening/closing forms.
_QUOTE_PAIRS = {"“": ("“", "”"), "”": ("“", "”"), "‘": ("‘", "’"), "’": ("‘", "’")}
_OPENERS = "([{\u00ab\u2018\u201c"

ODD_SPACES = {
    **{chr(c): " " for c in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B))},
    "\u200b": "", "\u2060": "", "\ufeff": "",
}
_ODD_SPACE_RUN = re.compile("[" + "".join(ODD_SPACES) + "]+")
_WHITESPACE_RUN = re.compile(r"\s+")

# Characters that make some step of ftfy.fix_text act on a line (see needs_ftfy).
_FTFY_TRIGGER = re.compile(
    "[\x1b\x80-\x9f\r\x85\u2028\u2029\ud800-\udfff"
    + "".join(re.escape(chr(c)) for c in CONTROL_CHARS)
    + "]"
)


def fix_entities(line: str) -> tuple[str, list[Repair]]:
    """Decode HTML entities, including the broken forms ftfy leaves:

    - ``"establishments& ldquo;"`` → ``"establishments”"`` (a space after the ampersand; only the
      names in :data:`SPACED_ENTITY_NAMES`, so ``"this & not;"`` stays),
    - ``"&#8221"`` → ``"”"`` (no semicolon), ``"&amp;rsquo;"`` → ``"’"`` (escaped twice),
    - ``"&rsquo;"``, ``"&#8217;"`` → ``"’"``; unknown names (``"AT&T;"``) stay as they are.

    A quote that an entity produced takes its direction from where it stands: one that closes a
    quotation is a closing quote, whatever the entity's name said.
    """
    if "&" not in line:
        return line, []
    repairs: list[Repair] = []

    def decode(match: re.Match) -> str:
        kind = match.lastgroup
        inner = match.group(kind)
        if not inner.endswith(";"):
            inner += ";"
        if not inner.startswith("#") and inner not in html5:
            return match.group(0)
        decoded = html.unescape("&" + inner)
        decoded = _directed_quote(decoded, match.string, match.start(), match.end())
        rule = "generic/entity" if kind == "named" else "generic/broken-entity"
        repairs.append((rule, match.group(0), decoded))
        return decoded

    return _ENTITY.sub(decode, line), repairs


def _directed_quote(decoded: str, text: str, start: int, end: int) -> str:
    pair = _QUOTE_PAIRS.get(decoded)
    if pair is None:
        return decoded
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if not before.isspace() and before not in _OPENERS and not after.isalnum():
        return pair[1]  # "establishments& ldquo;" ends a quotation
    if (before.isspace() or before in _OPENERS) and after.isalnum():
        return pair[0]
    return decoded


def needs_ftfy(line: str) -> bool:
    """Whether ``ftfy.fix_text(line, FTFY_CONFIG)`` can differ from ``line``. Exact, not a guess:
    each test mirrors a step of ``ftfy.fix_and_explain`` that is the identity otherwise —
    unescape_html needs an entity, fix_encoding returns text that is ASCII or not ``is_bad``
    unchanged, fix_c1_controls, fix_line_breaks, fix_surrogates, remove_terminal_escapes and
    remove_control_chars need their characters, and NFC needs text that is not NFC."""
    if _FTFY_TRIGGER.search(line) or HTML_ENTITY_RE.search(line):
        return True
    if line.isascii():
        return False
    return not unicodedata.is_normalized("NFC", line) or is_bad(line)


def fix_mojibake(line: str) -> tuple[str, list[Repair]]:
    """ftfy on the lines that need it: ``"Todayâ€™s"`` → ``"Today’s"``, ``"cafÃ©"`` → ``"café"``."""
    if not needs_ftfy(line):
        return line, []
    fixed = ftfy.fix_text(line, FTFY_CONFIG)
    if fixed == line:
        return line, []
    before, after = changed_span(line, fixed)
    return fixed, [("generic/mojibake", before, after)]


def fix_spaces(line: str) -> tuple[str, list[Repair]]:
    """No-break and other odd spaces become plain spaces (zero-width ones go), runs of spaces
    collapse and the line is stripped: ``"said.\\u00a0 (photo)"`` → ``"said. (photo)"``. Only odd
    spaces inside the text are recorded; trimming and collapsing are layout, not repairs."""
    repairs: list[Repair] = []
    stripped = line.strip()
    if _ODD_SPACE_RUN.search(stripped):
        for match in _ODD_SPACE_RUN.finditer(stripped):
            repairs.append(("generic/odd-space", match.group(0), _plain_spaces(match)))
        line = _ODD_SPACE_RUN.sub(_plain_spaces, line)
    return _WHITESPACE_RUN.sub(" ", line).strip(), repairs


def _plain_spaces(match: re.Match) -> str:
    return "".join(ODD_SPACES[c] for c in match.group(0))


FIXES = (fix_entities, fix_mojibake, fix_spaces)


def repair_line(line: str) -> tuple[str, list[Repair]]:
    """Run every fix over one line; returns the line and the repairs made, in order."""
    repairs: list[Repair] = []
    for fix in FIXES:
        line, made = fix(line)
        repairs.extend(made)
    return line, repairs


def repair(text: str) -> str:
    """The repair step on its own, line by line: ``repair("establishments& ldquo;")`` is
    ``"establishments”"``."""
    return "\n".join(repair_line(line)[0] for line in text.split("\n"))
