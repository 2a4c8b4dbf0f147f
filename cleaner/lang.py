"""Detect an article's language (ISO 639-1) with langdetect, deterministically and cheaply.

langdetect is randomised (it samples n-grams) and costs a few milliseconds
per 500 characters, so we pin its seed and feed it a bounded sample: the
longest lines of the text, which in a scrape are the article's paragraphs,
not its "Accessibility links" / "Breaking News" chrome::

    >>> detect_language(open("fixtures/seeds/000_ebe8a76670cae309.txt").read())
    'en'
"""

from __future__ import annotations

import functools

from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException

# langdetect's documented way to make detect() deterministic run to run. It is
# langdetect's class attribute, so it also fixes any other langdetect use in
# the process, which is what a reproducible pipeline wants anyway.
DetectorFactory.seed = 0

SAMPLE_CHARS = 1000  # ~8 ms of langdetect; more text rarely changes the answer.
MIN_LETTERS = 20  # Below this langdetect's answer is noise ("Breaking News" → "de" …).

# langdetect's codes are 639-1 except the two Chinese ones.
_CODE_TO_ISO639_1 = {"zh-cn": "zh", "zh-tw": "zh"}


@functools.cache
def _factory() -> DetectorFactory:
    """langdetect's profiles, loaded on first use only: it reads ~55 JSON files (~1 s)."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = 0  # Also on the instance, so a later change to the class attribute cannot unpin us.
    return factory


def language_sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """At most ``limit`` characters of ``text`` for langdetect: its longest lines, longest first.

    Longest lines are body paragraphs; ties keep text order, so the sample is
    a pure function of the text.

    >>> language_sample("Breaking News\\nGates, Serdyukov Renew U.S.-Russia Military Ties\\nUSA", limit=20)
    'Gates, Serdyukov Ren'
    """
    lines = sorted((line.strip() for line in text.splitlines()), key=len, reverse=True)
    picked: list[str] = []
    size = 0
    for line in lines:
        if size >= limit or not line:
            break
        picked.append(line[: limit - size])
        size += len(picked[-1]) + 1  # +1 for the joining newline.
    return "\n".join(picked)


def normalize_code(code: str) -> str:
    """ISO 639-1 for a langdetect code.

    >>> normalize_code("zh-cn"), normalize_code("en")
    ('zh', 'en')
    """
    return _CODE_TO_ISO639_1.get(code, code.split("-")[0])


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language of ``text``, or None when it cannot be told.

    None for text with fewer than ``MIN_LETTERS`` letters in its sample, or
    when langdetect finds no features. The same text always gives the same
    answer (fixed seed, deterministic sample).

    >>> detect_language("Le ministre russe de la Défense a été accueilli au Pentagone par une fanfare militaire.")
    'fr'
    >>> detect_language("Bookmark and Share") is None
    True
    """
    sample = language_sample(text)
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    detector = _factory().create()
    detector.append(sample)
    try:
        return normalize_code(detector.detect())
    except LangDetectException:
        return None
