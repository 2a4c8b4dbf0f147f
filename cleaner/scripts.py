"""Which writing system a letter belongs to, cheaply, for spotting lines in another script.

Sputnik's English pages end with the Cyrillic widget string "Заголовок открываемого материала"; a
line whose letters are in another script than the body's is almost always such widget text.
"""

from __future__ import annotations

from collections import Counter

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


def _build_table() -> dict[int, str]:
    table = {}
    for first, last, script in _RANGES:
        for code in range(first, last + 1):
            table[code] = script
    return table


_SCRIPT_OF = _build_table()


def script_counts(text: str) -> Counter:
    """Letters per script: ``script_counts("Hi Мир")`` is ``Counter({'latin': 2, 'cyrillic': 3})``."""
    counts: Counter = Counter()
    for ch in text:
        if ch.isalpha():
            script = _SCRIPT_OF.get(ord(ch))
            if script:
                counts[script] += 1
    return counts
