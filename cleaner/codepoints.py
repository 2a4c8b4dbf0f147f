"""Character classes of a whole page at once, with numpy.

Counting the letters, digits or word characters of every line with regular expressions costs a
call a line and reads about 20 characters a microsecond; the same counts over the page's code
points are a few array operations. Each character class is still decided by the test that defines
it (a pattern's ``match``, ``str.isalpha``), once per distinct character: for the Basic
Multilingual Plane in a table (read from cleaner's cache for the sets of tests every page asks,
:func:`keep_table`), the others per page, so the counts are those of the per-line code.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from cleaner.cache import cache_dir, cached_arrays
from cleaner.compiled import NOT_MAPPED, bit_masks, code_bits, compiled_loaded, lower_codes

CharTest = Callable[[str], object]  # truthy for the characters of a class


def code_points(text: str) -> np.ndarray:
    """The code points of ``text``, lone surrogates included (JSON input can hold them)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)


def page_codes(texts: Sequence[str], joined: str | None = None) -> np.ndarray:
    """The code points of a page's texts between line breaks, one before the first and one after
    the last: :func:`code_points` of ``"\n" + "\n".join(texts) + "\n"`` (``joined``, when the
    caller has it, is that string less the last line break). The prefilter's page, the line
    features, the four-digit lines and cut-after's word counts each read a slice of it (read-only,
    as every code_points array is), so the last two pages' (a rule's window is a page of its own)
    are kept and given again for the same texts (compared with ``==``, on a copy): a page holding
    one character past Latin-1 (a curly quote) is encoded at about a nanosecond a character, ~20
    us for a news page, once where it was three or four times."""
    for kept_texts, kept in _kept_pages:
        if kept_texts == texts:
            return kept
    codes = code_points(("\n" + "\n".join(texts) if joined is None else joined) + "\n")
    _kept_pages[:] = [(list(texts), codes), *_kept_pages[:_KEPT_PAGES - 1]]
    return codes


_KEPT_PAGES = 2
_kept_pages: list[tuple[list[str], np.ndarray]] = []


_BMP = 0x10000
_MOST_TESTS = 32  # the bits of a table's entry


def _bits(char: str, tests: tuple[CharTest, ...]) -> int:
    """The tests ``char`` passes, as the bits of an integer: bit k for ``tests[k]``."""
    return sum(1 << k for k, test in enumerate(tests) if test(char))


# The sets of tests whose tables are kept in cleaner's cache, by the name of their entry
# (keep_table): cleaner's own, a few, so that the cache holds a bounded number of entries.
_KEPT: dict[tuple[CharTest, ...], str] = {}


def keep_table(name: str, *tests: CharTest) -> None:
    """Have the table of ``tests`` (as :func:`class_bits` is given them) answered for the whole
    Basic Multilingual Plane once and kept in cleaner's cache as ``char-classes-{name}``, where
    :func:`_described` can name every test: for the sets of tests cleaner asks of every page."""
    _KEPT[tests] = name


@lru_cache(maxsize=64)
def _bmp_bits(tests: tuple[CharTest, ...]) -> np.ndarray:
    """The tests' answers (:func:`_bits`) for the characters of the Basic Multilingual Plane (512
    KB a set of tests). A set given to :func:`keep_table` whose tests :func:`_described` can
    name has the whole plane answered once (:func:`_plane_bits`) and kept in cleaner's cache
    (:mod:`cleaner.cache`), keyed by the tests, so that a process reads the table; others, or
    with the cache off, the ASCII characters from the start and the others as pages bring them,
    -1 where not asked yet. Asking a character its tests costs about a microsecond a test set: a
    pass over daniel-dev's pages asked 10,264 characters for ~50 ms, each process and each worker
    of ``-j N`` again, where reading the table costs ~1 ms."""
    name = _KEPT.get(tests)
    described = _described(tests) if name is not None else None
    if name is not None and described is not None and cache_dir() is not None:
        sources: list[str | Path] = [f"Python {sys.version}, Unicode {unicodedata.unidata_version}",
                                     Path(__file__), *described]
        table = cached_arrays(f"char-classes-{name}", sources, lambda: {"bits": _plane_bits(tests)})["bits"]
        return np.array(table)  # writable, as the lazy table is: numba reads both as the same type
    table = np.full(_BMP, -1, dtype=np.int64)
    table[:128] = [_bits(chr(code), tests) for code in range(128)]
    return table


def _plane_bits(tests: tuple[CharTest, ...]) -> np.ndarray:
    """:func:`_bits` of every character of the Basic Multilingual Plane, a test at a time over
    all of them (~55 ms for the line features' ten tests)."""
    chars = list(plane())
    table = np.zeros(_BMP, dtype=np.int64)
    for k, test in enumerate(tests):
        table |= np.fromiter(map(bool, map(test, chars)), np.bool_, _BMP).astype(np.int64) << k
    return table


def _described(tests: tuple[CharTest, ...]) -> list[str] | None:
    """Each test as a text that says all it answers, for the cache's key: a regular expression's
    ``match``, ``search`` or ``fullmatch`` by its pattern and flags, a ``str`` method by its name,
    membership in a string or a frozenset by its characters; None when one is anything else
    (a function, membership in a set that may change), which is then asked as pages go."""
    described = []
    for test in tests:
        owner, name = getattr(test, "__self__", None), getattr(test, "__name__", None)
        if isinstance(owner, re.Pattern) and name in ("match", "search", "fullmatch"):
            described.append(f"re.{name} {owner.pattern!r} {int(owner.flags)}")
        elif isinstance(owner, str) and name == "__contains__":
            described.append(f"in {owner!r}")
        elif isinstance(owner, frozenset) and name == "__contains__" and all(isinstance(c, str) for c in owner):
            described.append(f"in {sorted(owner)!r}")
        elif isinstance(name, str) and getattr(str, name, None) is test:
            described.append(f"str.{name}")
        else:
            return None
    return described


def char_classes(codes: np.ndarray, *tests: CharTest) -> list[np.ndarray]:
    """For each test, a boolean array telling which of ``codes`` (from :func:`code_points`) pass
    it: :func:`class_bits`, a row a test (:func:`cleaner.compiled.bit_masks`)."""
    if len(tests) > _MOST_TESTS:
        return [*char_classes(codes, *tests[:_MOST_TESTS]), *char_classes(codes, *tests[_MOST_TESTS:])]
    return list(bit_masks(class_bits(codes, *tests), len(tests)))


def class_bits(codes: np.ndarray, *tests: CharTest) -> np.ndarray:
    """The tests each of ``codes`` passes, as the bits of a number (bit k for ``tests[k]``, at most
    32 tests). Each test is asked once per character: those of the Basic Multilingual Plane in a
    table (:func:`_bmp_bits`: the whole plane read from cleaner's cache, or the ASCII ones first and
    the others as pages bring them); the rest once a page. The answers of all the tests to a
    character are one number, so a page's characters are looked up once, not once a test, in one
    compiled pass (:func:`cleaner.compiled.code_bits`)."""
    if len(tests) > _MOST_TESTS:
        raise ValueError(f"at most {_MOST_TESTS} tests fit the bits of a number, not {len(tests)}")
    known = _bmp_bits(tests)
    bits, unknown = code_bits(codes, known)
    if len(unknown):  # beyond the plane, or new to it: asked once each
        distinct, inverse = np.unique(codes[unknown], return_inverse=True)
        found = np.fromiter((_bits(chr(code), tests) for code in distinct.tolist()), np.int64, len(distinct))
        new = distinct < _BMP
        known[distinct[new].astype(np.intp)] = found[new]
        bits[unknown] = found[inverse]
    return bits


@lru_cache(maxsize=1)
def plane() -> str:
    """Every character of the Basic Multilingual Plane in order, lone surrogates too: the text the
    tables by code point (:func:`lower_table`, the prefilter's buckets, cut-after's gaps) are read
    off, a class at a time."""
    return np.arange(_BMP, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def plane_matches(char: re.Pattern[str]) -> np.ndarray:
    """Which characters of the Basic Multilingual Plane ``char`` matches, as booleans by code
    point: a pattern of one character (a class such as ``\\s`` or ``[...]``, no lookaround), so
    that its runs over :func:`plane` are the characters it matches one at a time (a few
    milliseconds, where a match a character takes tens)."""
    mask = np.zeros(_BMP, dtype=np.bool_)
    for run in re.compile(f"(?:{char.pattern})+", char.flags).finditer(plane()):
        mask[run.start():run.end()] = True
    return mask


@lru_cache(maxsize=1)
def lower_table() -> np.ndarray:
    """``str.lower`` of each character of the Basic Multilingual Plane as a code point, for
    :func:`cleaner.compiled.page_words`; :data:`~cleaner.compiled.NOT_MAPPED` where the lower
    case of a character alone is not one character of its own: "İ" (two) and "Σ" (σ, or ς at the
    end of a word)."""
    # One str.lower over the plane: "İ" is set aside first, so the two strings align character
    # for character.
    lowered = plane().replace("\u0130", "x").lower()
    table = np.frombuffer(lowered.encode("utf-32-le", "surrogatepass"), np.uint32).copy()
    table[0x130] = NOT_MAPPED
    table[0x3A3] = NOT_MAPPED
    return table


# A text shorter than this is lower-cased by str.lower alone: the compiled pass costs a call.
_TABLE_LOWER = 256


def lower(text: str, codes: np.ndarray | None = None) -> str:
    """``text.lower()``, the same string. A text whose characters are not all ASCII lower-cases
    at about 9 ns a character in ``str.lower`` (Unicode's tables, a character at a time); its code
    points through :func:`lower_table` in compiled code and decoded back take about two thirds of
    that time on the bench's pages (:func:`lowered_codes`, without the decoding, less). ``codes``
    are the text's code points, when the caller has them."""
    lowered = _table_lowered(text, codes)
    return text.lower() if lowered is None else lowered.tobytes().decode("utf-32-le", "surrogatepass")


def lowered_codes(text: str) -> np.ndarray:
    """The code points of ``text.lower()``, without making that string when the table serves."""
    lowered = _table_lowered(text)
    return code_points(text.lower()) if lowered is None else lowered


def _table_lowered(text: str, codes: np.ndarray | None = None) -> np.ndarray | None:
    """The code points of ``text.lower()`` from :func:`lower_table`; None where ``str.lower`` is
    to do it: an ASCII or short text (it is fast there), one holding a character the table maps
    to no single one ("İ", "Σ", whose lower case depends on the letters around it), or one past
    the Basic Multilingual Plane that has a lower case of its own (emoji have none); and while
    this process has no compiled code loaded (:func:`cleaner.compiled.compiled_loaded`: a few
    nanoseconds a character are not worth starting numba for)."""
    if (text.isascii() or len(text) < _TABLE_LOWER or "\u03a3" in text or "\u0130" in text
            or not compiled_loaded()):
        return None
    if codes is None:
        codes = code_points(text)
    lowered, unmapped = lower_codes(codes, lower_table())
    if unmapped:  # past the plane (İ and Σ, the table's others, are not in the text)
        beyond = np.unique(codes[codes >= _BMP]).tolist()
        if any(chr(code).lower() != chr(code) for code in beyond):
            return None
    return lowered


def code_table(chars: Iterable[str]) -> np.ndarray:
    """A table of code points for membership of ``chars``: True at theirs, False at the others and
    in a last slot that every code beyond the table stands for (the compiled passes read it so).

    >>> code_table("\\x01\\x03").tolist()
    [False, True, False, True, False]
    """
    codes = [ord(char) for char in chars]
    table = np.zeros(max(codes) + 2, dtype=np.bool_)
    table[codes] = True
    return table


def line_spans(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Where each of ``texts`` starts and ends in ``"\\n".join(texts)`` (in characters, so in its
    :func:`code_points`).

    >>> line_spans(["ab", "", "c"])
    (array([0, 3, 4]), array([2, 3, 5]))
    """
    lengths = np.fromiter(map(len, texts), np.int64, len(texts))
    ends = np.cumsum(lengths + 1) - 1
    return ends - lengths, ends
