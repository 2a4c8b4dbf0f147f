"""Detect an article's language (ISO 639-1), deterministically and cheaply.

Two backends, both fed the same bounded sample: the longest lines of the
text, which in a scrape are the article's paragraphs, not its
"Accessibility links" / "Breaking News" chrome::

    >>> detect_language(open("fixtures/seeds/000_ebe8a76670cae309.txt").read())
    'en'

py3langid is the default because language identification was a page's
biggest cost after the line features, and on the same samples py3langid (a
naive Bayes model over byte n-grams) is several times faster than langdetect,
is deterministic without a seed, and gives the same answers on almost every
benchmark page; most of the rest are pages whose longest lines are menus of
languages, countries or months (py3langid: None or a wrong language). The
figures: docs/benchmarks.md, "Figures that were in the code". langdetect stays available:
``detect_language(text, backend="langdetect")``. It is randomised (it samples
n-grams), so we pin its seed.
"""

from __future__ import annotations

import functools
from importlib.metadata import version
from itertools import islice
from pathlib import Path
from typing import Literal

import numpy as np
from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from cleaner.cache import Arrays, cached_arrays
from cleaner.compiled import automaton_counts

# langdetect's documented way to make detect() deterministic run to run. It is
# langdetect's class attribute, so it also fixes any other langdetect use in
# the process, which is what a reproducible pipeline wants anyway.
DetectorFactory.seed = 0

Backend = Literal["py3langid", "langdetect"]
BACKENDS: tuple[Backend, ...] = ("py3langid", "langdetect")

SAMPLE_CHARS = 1000  # a paragraph or two: more text rarely changes the answer, and costs in proportion
MIN_LETTERS = 20  # Below this either backend's answer is noise ("Breaking News" → "de" …).
# py3langid always names a language. Below this normalised probability (more
# likely than all other languages together) its answer is a guess: a list of
# names or a URL scores 0.02-0.1, a menu of country names 0.3-0.6, while a
# one-line sentence in a clear language scores 0.8 or more, a paragraph 0.94 or more.
MIN_PROBABILITY = 0.5

# langdetect's codes are 639-1 except the two Chinese ones.
_CODE_TO_ISO639_1 = {"zh-cn": "zh", "zh-tw": "zh"}


class _Identifier(LanguageIdentifier):
    """py3langid's identifier on the tables :func:`_model_tables` derives, with its byte automaton
    walked in compiled code (:func:`cleaner.compiled.automaton_counts`): the same features in the
    same order, so the same scores, at a fraction of the Python loop's time."""

    def __init__(self, tables: Arrays) -> None:
        super().__init__(tables["ptc"], tables["pc"], tables["classes"].tolist(), tables["next_move"],
                         tables["output"], norm_probs=True, tk_row=())
        self._full_model = None  # restricted for good: nothing to restrict again
        self._next_move, self._row_base, self._output = tables["next_move"], tables["row_base"], tables["output"]
        # py3langid keeps its automaton's rows as lists of Python ints (104,583 each), which every
        # full run of the garbage collector walks: as arrays, which it does not (the compiled
        # walk above reads the arrays; py3langid's own reads them alike).
        self.tk_row, self._rowbase = tables["row"], self._row_base

    def _raw_score(self, text: bytes) -> np.ndarray:
        features, counts = automaton_counts(text, self._next_move, self._row_base, self._output)
        if not len(features):
            return super()._raw_score(b"")  # py3langid's scores for a text without features
        # py3langid's _sparse_score, on the same features in the same order
        return np.log1p(counts.astype(np.float32)) @ self.nb_ptc[features] + self.nb_pc


def _model_tables() -> Arrays:
    """py3langid's model as arrays: unpacked from its LZMA file (~0.7 s, the reason they are kept
    in :mod:`cleaner.cache`), normalised, and cut to ISO 639-1 labels.

    Normalised, so its score is a probability we can put a floor under. Its model also knows 26
    languages that have no 639-1 code (Nigerian Pidgin "pcm", Bikol "bcl", which it gives English
    navigation text; Egyptian Arabic "arz", Wu Chinese "wuu", …) and "zxx" for no language;
    without them their share goes to the nearest 639-1 language (en, ar, zh).

    The weights are float32 (py3langid's are float16): the scores are float32 sums either way
    (numpy widens the float16 weights, exactly, on every call), and reading float32 rows costs
    less a page than widening float16 ones, most of all when the page before has pushed them out
    of the cache, as between the benchmark's turns. The table is laid out a feature's row at a
    time (py3langid's ``set_languages`` leaves it a column at a time, where a feature's 116
    weights lie 400 KB apart): a page reads its ~500 features' rows, 0.05 ms against 0.4 ms, and
    numpy gathers them into the same contiguous array either way, so the scores are the same
    bits."""
    model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    model.set_languages([code for code in model.labels if len(code) == 2])
    next_move, row = model.tk_nextmove, model.tk_row  # array.arrays
    return {
        "ptc": np.asarray(model.nb_ptc, dtype=np.float32, order="C"),
        "pc": np.asarray(model.nb_pc),
        "classes": np.array(model.nb_classes),
        "next_move": np.frombuffer(next_move, dtype=np.dtype(next_move.typecode)),
        "row": np.frombuffer(row, dtype=np.dtype(row.typecode)),
        "row_base": np.asarray(model._rowbase, dtype=np.int64),
        "output": np.asarray(model.tk_output, dtype=np.int64),
    }


@functools.cache
def _identifier() -> LanguageIdentifier:
    """py3langid's identifier on :func:`_model_tables`, read from cleaner's cache (a few
    milliseconds), or derived on first use."""
    model = MODEL_DIR / MODEL_FILE  # as from_model_file finds it
    stat = model.stat()
    sources = (f"py3langid {version('py3langid')} {model.name} {stat.st_size} {stat.st_mtime_ns}", Path(__file__))
    return _Identifier(cached_arrays("language-model", sources, _model_tables))


@functools.cache
def _factory() -> DetectorFactory:
    """langdetect's profiles, loaded on first use only: it reads ~55 JSON files (~1 s)."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = 0  # Also on the instance, so a later change to the class attribute cannot unpin us.
    return factory


def language_sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """At most ``limit`` characters of ``text`` to identify: its longest lines, longest first.

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


def detect_language(text: str, *, backend: Backend = "py3langid") -> str | None:
    """ISO 639-1 code of the language of ``text``, or None when it cannot be told.

    None for text with fewer than ``MIN_LETTERS`` letters in its sample; with
    py3langid, also when its probability is below ``MIN_PROBABILITY``; with
    langdetect, also when it finds no features. The same text always gives
    the same answer (deterministic sample and model, langdetect's seed fixed).

    >>> detect_language("Le ministre russe de la Défense a été accueilli au Pentagone par une fanfare militaire.")
    'fr'
    >>> detect_language("Der Verteidigungsminister wurde im Pentagon empfangen.", backend="langdetect")
    'de'
    >>> detect_language("Bookmark and Share") is None
    True
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown language backend {backend!r}; expected one of {', '.join(BACKENDS)}")
    sample = language_sample(text)
    if len(list(islice(filter(str.isalpha, sample), MIN_LETTERS))) < MIN_LETTERS:  # counted up to MIN_LETTERS
        return None
    if backend == "py3langid":
        code, probability = _identifier().classify(sample)
        return normalize_code(code) if probability >= MIN_PROBABILITY else None
    detector = _factory().create()
    detector.append(sample)
    try:
        return normalize_code(detector.detect())
    except LangDetectException:
        return None
