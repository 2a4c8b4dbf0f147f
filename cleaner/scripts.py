"""Which writing system a letter belongs to, cheaply, for spotting lines in another script.

Sputnik's English pages end with the Cyrillic widget string "Заголовок открываемого материала"; a
line whose letters are in another script than the body's is almost always such widget text.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from cleaner.codepoints import class_bits, code_points, keep_table
from cleaner.compiled import bit_counts, line_bit_counts

# (first code point, last code point, script); Han, kana and Hangul are one "cjk" script because
# Japanese and Korean text mixes them with Han within one sentence.
_RANGES = (
    (0x0041, 0x024F, "latin"), (0x0250, 0x02AF, "latin"), (0x1E00, 0x1EFF, "latin"),
    (0x0370, 0x03FF, "greek"), (0x1F00, 0x1FFF, "greek"),
    (0x0400, 0x052F, "cyrillic"), (0x2DE0, 0x2DFF, "cyrillic"), (0xA640, 0xA69F, "cyrillic"),
    (0x0530, 0x058F, "armenian"), (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"), (0x0750, 0x077F, "arabic"), (0xFB50, 0xFDFF, "arabic"), (0xFE70, 0xFEFF, "arabic"),
    (0x0900, 0x097F, "devanagari"), (0x0980, 0x09FF, "bengali"), (0x0A00, 0x0A7F, "gurmukhi"),
    (0x0A80, 0x0AFF, "gujarati"), (0x0B80, 0x0BFF, "tamil"), (0x0C00, 0x0C7F, "telugu"),
    (0x0C80, 0x0CFF, "kannada"), (0x0D00, 0x0D7F, "malayalam"), (0x0D80, 0x0DFF, "sinhala"),
    (0x0E00, 0x0E7F, "thai"), (0x0E80, 0x0EFF, "lao"), (0x10A0, 0x10FF, "georgian"),
    (0x1100, 0x11FF, "cjk"), (0x3040, 0x30FF, "cjk"), (0x3130, 0x318F, "cjk"), (0x31F0, 0x31FF, "cjk"),
    (0x3400, 0x4DBF, "cjk"), (0x4E00, 0x9FFF, "cjk"), (0xAC00, 0xD7AF, "cjk"), (0xF900, 0xFAFF, "cjk"),
    (0xFF66, 0xFF9F, "cjk"), (0x1200, 0x137F, "ethiopic"),
)


def _letter_class(script: str) -> str:
    """A regex character class of the letters (``str.isalpha``) of one script's ranges."""
    runs: list[list[int]] = []
    for first, last, name in _RANGES:
        if name != script:
            continue
        for code in range(first, last + 1):
            if chr(code).isalpha():
                if runs and runs[-1][1] == code - 1:
                    runs[-1][1] = code
                else:
                    runs.append([code, code])
    return "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in runs) + "]"


SCRIPTS = tuple(dict.fromkeys(script for _, _, script in _RANGES))
# One compiled pattern per script, matching runs of its letters: counting runs in C, and findall
# builds a string a word rather than a string a letter, which matters because every non-ASCII line
# is counted (whole pages are counted by letter_tally).
_LETTERS = {script: re.compile(_letter_class(script) + "+") for script in SCRIPTS}
_ANY_LETTER = re.compile(r"[^\W\d_]+")


def has_letter(text: str, script: str) -> bool:
    """Whether ``text`` holds a letter of ``script``: ``letter_count(text, script) > 0``, but it
    stops at the first one.

    >>> has_letter("Hi Мир", "cyrillic"), has_letter("Hi Мир", "greek")
    (True, False)
    """
    return _LETTERS[script].search(text) is not None


def letter_count(text: str, script: str | None = None) -> int:
    """Letters in ``text``, all of them or only those of ``script``.

    >>> letter_count("Hi Мир"), letter_count("Hi Мир", "cyrillic"), letter_count("Hi Мир", "latin")
    (5, 3, 2)
    """
    pattern = _ANY_LETTER if script is None else _LETTERS[script]
    return sum(map(len, pattern.findall(text)))


def letter_tally(text: str) -> tuple[int, Counter[str]]:
    """``letter_count(text)`` and the letters per script (scripts with letters only, in
    :data:`SCRIPTS` order), counted over code points (:mod:`cleaner.codepoints`): a whole page
    costs what a few of its lines cost the patterns.

    >>> letter_tally("Hi Мир")
    (5, Counter({'cyrillic': 3, 'latin': 2}))
    """
    return tally(letter_bits(text))


def letter_bits(text: str) -> np.ndarray:
    """Each character of ``text`` as the tests of :func:`letter_tally` tell it, in bits
    (:func:`cleaner.codepoints.class_bits`): bit 0 for a letter, bit ``k + 1`` for a letter of
    ``SCRIPTS[k]``."""
    return class_bits(code_points(text), *_LETTER_TESTS)


def tally(bits: np.ndarray) -> tuple[int, Counter[str]]:
    """:func:`letter_tally` of the text whose :func:`letter_bits` are ``bits``."""
    letters, *per_script = bit_counts(bits, len(_LETTER_TESTS)).tolist()
    return letters, Counter({script: n for script, n in zip(SCRIPTS, per_script) if n})


def lines_without(bits: np.ndarray, starts: np.ndarray, ends: np.ndarray, script: str, least: int) -> list[int]:
    """The lines, ``bits[starts[i]:ends[i]]`` of a text's :func:`letter_bits`, that hold no letter of
    ``script`` and ``least`` letters or more: those of which ``not has_letter(line, script) and
    letter_count(line) >= least``, a page's lines in one compiled pass (each counts the
    characters its tests tell a letter, and of the script)."""
    counts = line_bit_counts(bits, starts, ends, [1, 1 << (SCRIPTS.index(script) + 1)])
    found: list[int] = np.flatnonzero((counts[:, 1] == 0) & (counts[:, 0] >= least)).tolist()
    return found


# A letter of each script, as its pattern tells one (the character tests of letter_tally).
_SCRIPT_LETTER = tuple(_LETTERS[script].fullmatch for script in SCRIPTS)
_LETTER_TESTS = (_ANY_LETTER.match, *_SCRIPT_LETTER)
keep_table("script-letters", *_LETTER_TESTS)


# Han characters and kana: the scripts written without spaces between words (Hangul spaces its
# words, so it is not among them), as ranges for a regex character class.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
CJK_RUN = re.compile(f"[{CJK}]+")  # a run of them


def has_cjk(text: str) -> bool:
    """Whether a line holds Chinese or Japanese characters (an ASCII line, the most common, is
    told at once).

    >>> has_cjk("环球网"), has_cjk("Νέα"), has_cjk("News")
    (True, False, False)
    """
    return not text.isascii() and CJK_CHAR.search(text) is not None
