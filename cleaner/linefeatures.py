"""Per-line features of a flattened page, for the line model (:mod:`cleaner.linemodel`).

A whole-page dump keeps the page's structure as the shape of its lines: menus are runs of short
Title Case lines, the body is a dense run of long lines that end in sentence punctuation, the
footer is short lines again, often repeated from the header. Each feature below is cheap, needs
no HTML and assumes no language: stopwords come from jusText's stoplists (about 100 languages;
the page's list is the one its longest lines hit most), punctuation classes cover Latin, CJK,
Devanagari and Arabic full stops. The signals are those of jusText (length, stopword density)
and of boilerpipe's shallow text features (Kohlschütter et al., WSDM 2010: the same features of
the previous and next block), plus where a line sits relative to the headline and to the page's
densest run of paragraphs.

:data:`FEATURES` names the columns; the model file lists the names it was trained on, and loading
refuses a model whose names differ, so code and weights cannot drift apart silently.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, lru_cache
from importlib.metadata import version
from importlib.resources import files
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypedDict

import numpy as np

from cleaner import compiled
from cleaner.cache import Arrays, cached_arrays
from cleaner.codepoints import CharTest, class_bits, code_table, keep_table, line_spans, lower, lower_table, page_codes
from cleaner.compiled import (
    FEATURE_ROWS,
    LINE_SHAPES,
    SAMPLE_CHINESE,
    SAMPLE_HITS,
    SAMPLE_JAPANESE,
    SAMPLE_LINES,
    SAMPLE_NO_HITS,
    SAMPLE_UNTOLD,
    SHAPE_CLASSES,
    HashIndex,
    PageWords,
    chain_bounds,
    distinct_marked,
    feature_rows,
    lexical_codes,
    page_words,
    pair_hashes,
    pattern_flags,
    sample_language,
    text_hash,
    text_hashes,
    topical_share,
)
from cleaner.document import FIELD, REMOVED, Line
from cleaner.scripts import CJK, CJK_CHAR

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

_TEXT, _STATE, _NUMBER = attrgetter("text"), attrgetter("state"), attrgetter("number")
_WORD = re.compile(r"\w+")
# Chinese and Japanese put no spaces between words, so ``\w+`` reads a line of them as one or two
# "words", the shape of a menu item. On a page written mostly in Han characters and kana, each of
# them counts as a word of its own.
_CJK_WORD = re.compile(rf"[^\W{CJK}]+|[{CJK}]")
_HIRAGANA = re.compile("[\u3041-\u309f]")  # (cleaner.compiled.page_words counts the same range)
_WORD_CHAR = re.compile(r"\w")
_DIGIT = re.compile(r"\d")
# Sentence-final punctuation, and the closing quotes and brackets allowed after it.
_TERMINAL_CHARS, _CLOSERS = frozenset(".!?…。！？।؟"), "\"'”’»)]"
# A sentence end and a list item's opening: what compiled.page_words counts and tests each line
# for (the tests hold it to these patterns).
_SENTENCE_END = re.compile(r"[.!?…。！？।؟][\"'”’»)\]]*(?:\s|$)")
_BULLET = re.compile(r"^(?:[•·*▪●◦‣–—-]|\d{1,3}[.)])\s")
# _URLISH, COPYRIGHT and _FURNITURE are matched against lower-cased text: faster than IGNORECASE.
# The first four here are what compiled.pattern_flags looks for in a page's lines (the tests hold it
# to these patterns); _FURNITURE is searched as it is.
_URLISH = re.compile(r"https?://|www\.|\.(?:com|org|net)\b")
_EMAIL_AT = re.compile(r"\w@\w")
_SEPARATORS = re.compile(r"[|•·»›/>]")
_DATE_LIKE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b")
COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|copyright")
# Words of page furniture in the languages news scrapes come in: sharing, accounts, comments,
# promotion, legal. A hit is one feature among many, never a decision on its own.
_FURNITURE = re.compile(
    r"\b(?:share|tweet|subscribe|subscription|newsletter|sign\s?in|sign\s?up|log\s?in|login|register|"
    r"comments?|reply|replies|advertisement|advertising|sponsored|cookies?|privacy|terms|copyright|"
    r"rights reserved|related|recommended|trending|popular|follow|download|app|menu|search|"
    r"partager|abonnez|connexion|publicité|commentaires?|"
    r"teilen|abonnieren|anmelden|werbung|kommentare?|datenschutz|"
    r"compartir|suscr[ií]bete|publicidad|comentarios?|"
    r"condividi|abbonati|pubblicità|commenti|"
    r"partilhar|compartilhar|publicidade|coment[áa]rios?|"
    r"delen|reacties|"
    r"поделиться|подписаться|реклама|комментарии)\b",
)
# The word every match of _FURNITURE holds whole (a run of \w, lower-cased) or opens with ("sign
# in", "log in", "rights reserved"): a line holding none of them as a word holds no match, so the
# pattern is searched only in lines that do (_furniture_lines; tests/test_linemodel.py derives
# the words from the pattern's parse tree and holds this set to them).
_FURNITURE_WORDS = frozenset((
    "share tweet subscribe subscription newsletter sign signin signup log login register comment comments"
    " reply replies advertisement advertising sponsored cookie cookies privacy terms copyright rights"
    " related recommended trending popular follow download app menu search"
    " partager abonnez connexion publicité commentaire commentaires"
    " teilen abonnieren anmelden werbung kommentar kommentare datenschutz"
    " compartir suscribete suscríbete publicidad comentario comentarios"
    " condividi abbonati pubblicità commenti"
    " partilhar compartilhar publicidade comentário comentários"
    " delen reacties"
    " поделиться подписаться реклама комментарии").split())

# A line that continues the one before it: it opens with closing punctuation or in lower case
# after a line that did not end a sentence. BeautifulSoup's get_text("\n") cuts a paragraph at
# every link ("… on" / "the Bleu Garten website" / ". The Bar Pod …").
_CONTINUES = tuple(",.;:)!?’”»%")
_OPENS = ("(", "“", "«", ",")

SHORT_WORDS = 5  # a line of fewer words is "short": a menu item, a tag, a button
DENSE_WORDS = 10  # a line of this many words ending in a full stop is a paragraph

FEATURES = (
    # the line itself
    "log_words", "log_chars", "terminal", "ends_colon", "sentences", "stop_frac", "cap_frac",
    "digit_frac", "alpha_frac", "mean_word_len", "bullet", "urlish", "separators", "date_like",
    "copyright", "furniture", "indent", "repeated",
    # what the rules before the model said
    "is_title", "rule_removed", "after_title", "lines_from_title",
    # where it sits
    "position", "mass_before", "mass_after", "in_dense_region", "region_distance",
    "dense_distance", "dense_before", "dense_after", "short_run", "block_lines",
    "furniture_since_body", "window_dates",
    # its neighbours
    "prev_log_words", "prev_terminal", "prev_stop_frac", "prev_removed",
    "next_log_words", "next_terminal", "next_stop_frac", "next_removed",
    "prev2_log_words", "next2_log_words",
    "window_terminal", "window_log_words", "window_furniture",
    # the paragraph a line belongs to, when the dump split it at inline elements
    "chain_log_words", "chain_terminal", "chain_log_lines", "in_chain",
    # measures that mean the same in any language: against the page's own paragraphs and title
    "stop_rel", "words_rel", "ends_ellipsis", "title_overlap", "block_log_words", "cjk_page",
)
# Where compiled.feature_rows writes each of them.
if sorted(FEATURE_ROWS) != sorted(FEATURES):  # pragma: no cover - a feature added to one and not the other
    raise ImportError("cleaner.compiled.FEATURE_ROWS names other features than FEATURES")
_FEATURE_ORDER = np.array([FEATURE_ROWS.index(name) for name in FEATURES])


class _Stoplists:
    """jusText's stoplists (about 100 languages), and for counting a page's hits per language at
    once, each stopword's languages as rows of one flat index array (a stopword like "the" is in
    79 lists).

    The lists were made from Wikipedia, and those of languages written in another script carry
    the English of their articles: Marathi's holds 250 of English's stopwords and content words
    besides ("american", "british"), so an English page hit Marathi's list most (25 of WCXB-dev's
    793 pages). A list written mostly in another script than Latin keeps only its words in that
    script.

    Made of the arrays :func:`_stoplist_tables` derives (0.7 s), which :mod:`cleaner.cache` keeps;
    the word sets a page needs are made from them when first asked for."""

    def __init__(self, tables: Arrays) -> None:
        self.names: list[str] = tables["names"].tolist()
        # Every stopword once, in the order of the rows of `offsets`: each word's languages are
        # flat[offsets[row]:offsets[row + 1]].
        self.words = tuple(bytes(tables["words"]).decode("utf-8").split("\n"))  # (not walked by the collector)
        self.offsets, self.flat = tables["offsets"], tables["flat"]
        # The words' hashes (compiled.text_hash), indexed, and the row of each in their sorted
        # order: how a page whose words are hashes (_shapes) finds its stopwords. None if two words
        # share a hash.
        self.hashes = HashIndex.of_tables(_prefixed(tables, "hashes_")) if tables["distinct"] else None
        self.hash_rows = tables["hash_rows"]
        self._lists: dict[int, frozenset[str]] = {}

    @cached_property
    def row(self) -> dict[str, int]:
        """Each stopword's row (a dictionary of 147,096 words: ~20 ms to make, where
        :meth:`rows` needs none)."""
        return dict(zip(self.words, range(len(self.words))))

    def rows(self, words: list[str]) -> list[int]:
        """The row of each of ``words``, -1 for a word that is no stopword: found by its hash in
        :attr:`hashes`, and taken only when the row's word is the word itself (a hash shared with
        another word finds nothing), as :attr:`row` has them. By :attr:`row` where two stopwords
        share a hash (no index)."""
        if not words:
            return []
        if self.hashes is None:
            return [self.row.get(word, -1) for word in words]
        at, found = self.hashes.places(text_hashes(words))
        candidates = self.hash_rows[at].tolist()
        return [row if known and self.words[row] == word else -1
                for word, row, known in zip(words, candidates, found.tolist())]

    def stoplist(self, index: int) -> frozenset[str]:
        """The words of the stoplist ``names[index]``."""
        found = self._lists.get(index)
        if found is None:
            rows = np.repeat(np.arange(len(self.words)), np.diff(self.offsets))[self.flat == index]
            found = self._lists[index] = frozenset(map(self.words.__getitem__, rows.tolist()))
        return found


def _stoplist_tables() -> Arrays:
    """:class:`_Stoplists`' arrays, from jusText's stoplist files."""
    import justext

    names = sorted(justext.get_stoplists())
    languages: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        for word in _own_script(frozenset(justext.get_stoplist(name))):
            languages.setdefault(word, []).append(index)
    words = list(languages)
    if any("\n" in word for word in words):  # pragma: no cover - jusText's lists are a word a line
        raise ValueError("a stopword holds a line break")
    hashes = text_hashes(words)
    indexed = HashIndex(hashes)
    return {
        "names": np.array(names),
        "words": np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
        "offsets": np.cumsum([0] + [len(ids) for ids in languages.values()]),
        "flat": np.fromiter((i for ids in languages.values() for i in ids), np.intp),
        "distinct": np.array(len(indexed) == len(hashes)),
        **{f"hashes_{key}": array for key, array in indexed.tables().items()},
        "hash_rows": np.argsort(hashes, kind="stable"),
    }


def _prefixed(tables: Arrays, prefix: str) -> Arrays:
    """The arrays of ``tables`` named with ``prefix``, under the rest of their names."""
    return {key[len(prefix):]: array for key, array in tables.items() if key.startswith(prefix)}


def _own_script(words: frozenset[str]) -> frozenset[str]:
    """A stoplist less its ASCII words when most of its words are not ASCII."""
    ascii_words = frozenset(word for word in words if word.isascii())
    return words - ascii_words if len(ascii_words) * 2 < len(words) else words


@lru_cache(maxsize=1)
def _stoplists() -> _Stoplists:
    """The stoplists, read from cleaner's cache (:mod:`cleaner.cache`), or derived on first use."""
    sources = (f"justext {version('justext')}", Path(__file__),
               Path(compiled.__file__))  # (the words' hashes are compiled.text_hash's)
    return _Stoplists(cached_arrays("stoplists", sources, _stoplist_tables))


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The ``\\w+`` words of a line. The headline, repeated-lede and caption rules each read a
    line's words, so they are found once per distinct line; the cache holds a page's lines (a page
    rarely has more than 1,500) while its rules run. (The line features read a page's words as
    hashes, :func:`_shapes`.)"""
    return tuple(_WORD.findall(text))


def page_language(texts: list[str]) -> str:
    """The page's language, as the name of its stoplist: the one its 20 longest lines hit most,
    the first by name on a tie (English when nothing hits). Chinese and Japanese put no spaces
    between words, so no stoplist of words can hit them: a sample whose word characters are a
    quarter or more Han characters and kana (the rest may be markup or Latin names) is Japanese
    when a tenth of those are hiragana, else Chinese."""
    stop = _stoplists()
    sample = sorted(texts, key=len, reverse=True)[:SAMPLE_LINES]
    joined = "".join(sample)
    cjk = len(CJK_CHAR.findall(joined))
    if cjk and cjk * 4 > len(_WORD_CHAR.findall(joined)):
        return "Japanese" if len(_HIRAGANA.findall(joined)) * 10 >= cjk else "Chinese"
    counts = Counter(map(str.lower, chain.from_iterable(map(words, sample))))
    # The hit counts are whole numbers, so their sums below do not depend on the order of the words.
    found = [(row, count) for row, count in zip(stop.rows(list(counts)), counts.values()) if row >= 0]
    return _most_hit(np.fromiter((row for row, _ in found), np.intp, len(found)),
                     np.fromiter((count for _, count in found), np.float64, len(found)))


def _most_hit(rows: np.ndarray, counts: np.ndarray) -> str:
    """The stoplist that the stopwords ``rows`` (of :class:`_Stoplists`), each found ``counts``
    times, hit most; the first by name on a tie; English when none is found."""
    if not len(rows):
        return _most_hit_name(None)
    stop = _stoplists()
    starts = stop.offsets[rows]
    lengths = stop.offsets[rows + 1] - starts
    at = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    return _most_hit_name(np.bincount(stop.flat[at], weights=np.repeat(counts, lengths), minlength=len(stop.names)))


def _most_hit_name(hits: np.ndarray | None) -> str:
    """The name of the stoplist with the most ``hits`` (one a stoplist, in :class:`_Stoplists`'
    order), the first by name on a tie; English when no stopword was found (None)."""
    return "English" if hits is None else _stoplists().names[int(np.argmax(hits))]


# What compiled.sample_language's answers other than SAMPLE_HITS say.
_SAMPLE_TOLD = {SAMPLE_UNTOLD: None, SAMPLE_JAPANESE: "Japanese", SAMPLE_CHINESE: "Chinese",
                SAMPLE_NO_HITS: _most_hit_name(None)}


def _hashed_language(starts: np.ndarray, ends: np.ndarray, read: PageWords, token_hashes: np.ndarray) -> str | None:
    """:func:`page_language` from what :func:`cleaner.compiled.page_words` read of a page (its
    lines' word characters, Han characters and kana, and hiragana) and its word hashes
    (:func:`_shapes`): the same sample of 20 lines, the same counts. None for a sample with some
    Han characters or kana but too few to be Chinese or Japanese, which page_language tells apart
    by the stoplists of the words it makes of them."""
    stop = _stoplists()
    # the sample: the SAMPLE_LINES longest lines, as sorted(texts, key=len, reverse=True) takes
    # them; _most_hit's hits summed a word at a time (whole numbers: the same sums)
    told, hits = sample_language(stop.hashes, ends - starts, read.han, read.class_words, read.hiragana, read.lines,
                                 token_hashes, stop.hash_rows, stop.offsets, stop.flat, len(stop.names))
    if told == SAMPLE_HITS:
        return _most_hit_name(hits)
    return _SAMPLE_TOLD[told]


def stoplist(language: str) -> frozenset[str]:
    """The stoplist of ``language`` (a name :func:`page_language` gives): jusText's, or for
    Chinese and Japanese, which jusText has none for, the characters listed in
    ``cleaner/stoplists/`` (each ideograph or kana is a word of those pages)."""
    if language in _OWN_STOPLISTS:
        return _own_stoplist(language)
    stop = _stoplists()
    return stop.stoplist(stop.names.index(language))


_OWN_STOPLISTS = ("Chinese", "Japanese")


@lru_cache(maxsize=len(_OWN_STOPLISTS))
def _own_stoplist(language: str) -> frozenset[str]:
    text = files("cleaner").joinpath("stoplists", f"{language}.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def line_words(rows: np.ndarray) -> np.ndarray:
    """The word count of each row of :func:`line_features`, read back from its ``log_words``."""
    return np.rint(np.expm1(rows[:, FEATURES.index("log_words")]))


def best_run(scores: list[float]) -> tuple[int, int]:
    """First and last index of the run of lines with the highest total score, the maximum-subarray
    search that boilerpipe-style extractors use to find the body; ``(0, -1)`` when no run scores
    above zero. The definition: the features and the line model run its compiled copy
    (:func:`cleaner.compiled.best_run`) inside their compiled passes
    (:func:`cleaner.compiled.page_columns` and :func:`cleaner.compiled.context_columns`), and the
    tests hold the copy to it."""
    best, best_start, best_end, run, run_start = 0.0, 0, -1, 0.0, 0
    for i, score in enumerate(scores):
        if run <= 0:
            run, run_start = 0.0, i
        run += score
        if run > best:
            best, best_start, best_end = run, run_start, i
    return best_start, best_end


def paragraph_chains(lines: list[Line]) -> list[tuple[int, int]]:
    """(first, last) index of the chain of each line: adjacent lines (no blank line between)
    that read as one paragraph cut into pieces, by the shape of each join. The definition; the
    features compute it from the page's arrays (:func:`_chains`), and the tests hold that to it."""
    n = len(lines)
    joined = [False] * n  # joined[i]: line i + 1 continues line i
    for i in range(n - 1):
        a, b = lines[i].text, lines[i + 1].text
        if lines[i + 1].number == lines[i].number + 1 and a and b:
            joined[i] = (b.startswith(_CONTINUES) or a.endswith(_OPENS)
                         or (b[0].islower() and not ends_sentence(a)))
    chains = []
    start = 0
    for i in range(n):
        if not joined[i]:
            chains.extend([(start, i)] * (i - start + 1))
            start = i + 1
    return chains


def _chains(shapes: _Shapes, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`paragraph_chains` of a page's lines from their :func:`_shapes` and line numbers, as
    two arrays: the first and the last index of each line's chain."""
    return chain_bounds(numbers, shapes["chars"], shapes["first_code"], shapes["last_code"], shapes["first_lower"],
                        shapes["terminal"], _CONTINUATIONS, _OPENINGS)


def _indents(raw_lines: list[str], numbers: np.ndarray, texts: list[str], raw_text: str | None = None) -> np.ndarray:
    """The leading white space of each line as it came (``raw_lines[number - 1]``, or its text
    where there is no such line), in characters, at most 40. Most pages have no indented line:
    the lines that open with white space (``str.isspace``, which ``\\s`` matches) are found in
    ``raw_text`` (the raw lines joined by line breaks, when the caller has it) in one search, a
    quarter to a half of the time of a test a line."""
    text = "\n".join(raw_lines) if raw_text is None else raw_text
    indented = {}
    if text[:1].isspace() and text[:1] != "\n":
        indented[0] = min(len(raw_lines[0]) - len(raw_lines[0].lstrip()), 40)
    line, searched = 0, 0
    for opening in _INDENTED.finditer(text):
        line += text.count("\n", searched, opening.end() - 1)  # the line it opens
        searched = opening.end() - 1
        raw = raw_lines[line]
        indented[line] = min(len(raw) - len(raw.lstrip()), 40)
    beyond = numbers > len(raw_lines)
    indent = np.zeros(len(numbers), np.int64)
    if indented:
        indent[:] = [indented.get(number - 1, 0) for number in numbers.tolist()]
    for i in np.flatnonzero(beyond).tolist():
        indent[i] = min(len(texts[i]) - len(texts[i].lstrip()), 40)
    return indent


# A line after a line break that opens with white space other than a line break.
_INDENTED = re.compile(r"\n[^\S\n]")


def per_page(texts: list[str], transform: Callable[[str], str]) -> list[str]:
    """``transform`` applied to each text, run once over the page joined by line breaks: the same
    for lower-casing and digit folding (the final-sigma rule treats a line break as it treats the
    end of a text), with fewer calls. A text holding a line break of its own is done line by line."""
    out = transform("\n".join(texts)).split("\n")
    return out if len(out) == len(texts) else [transform(text) for text in texts]


# The character classes a line's shape is counted in (see _shapes), by the names and in the order of
# cleaner.compiled.SHAPE_CLASSES, which reads them as bits.
_SHAPE_TEST: dict[str, CharTest] = {
    "word": re.compile(r"\w").match,
    "cjk": CJK_CHAR.match,
    "alpha": str.isalpha,
    "upper": str.isupper,
    "digit": _DIGIT.match,
    "separator": _SEPARATORS.match,
    "closer": _CLOSERS.__contains__,
    "terminal": _TERMINAL_CHARS.__contains__,
    "space": re.compile(r"\s").match,
    "lower": str.islower,
}
_SHAPE_TESTS = tuple(_SHAPE_TEST[name] for name in SHAPE_CLASSES)
keep_table("line-shapes", *_SHAPE_TESTS)


# What _BULLET, _CONTINUES and _OPENS look for.
_BULLET_MARKS = code_table("•·*▪●◦‣–—-")
_NUMBER_ENDS = code_table(".)")
_CONTINUATIONS = code_table(_CONTINUES)
_OPENINGS = code_table(_OPENS)


class PageText(NamedTuple):
    """A page's lines as :func:`read_page` reads them (:func:`_shapes`): the code points of the texts
    joined by line breaks, each one's answers to the tests of SHAPE_CLASSES, and where each line
    starts and ends in them; handed on to the line model's lexicon (:meth:`lexical`), which reads
    the same lines."""

    codes: np.ndarray
    bits: np.ndarray
    starts: np.ndarray
    ends: np.ndarray

    @classmethod
    def of(cls, texts: list[str]) -> PageText:
        """The texts read as :func:`read_page` reads them."""
        starts, ends = line_spans(texts)
        # A line break after the last line too, so that every line, even an empty one, ends before one.
        codes = page_codes(texts)[1:]  # (kept from the rules that searched the same texts)
        return cls(codes, class_bits(codes, *_SHAPE_TESTS), starts, ends)

    def lines(self, which: list[int]) -> PageText:
        """Some of the lines (by index), on the same code points."""
        return self._replace(starts=self.starts[which], ends=self.ends[which])

    def lexical(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The code points lower-cased as ``str.lower`` lower-cases the lines (:func:`per_page`), with
        their decimal digits as "0", and which are word characters (``\\w``) and Han characters or
        kana (lower-casing keeps both): the form the lexicon's keys take. None where one
        character's table (:func:`cleaner.codepoints.lower_table`) does not tell its lower case:
        "İ", "Σ" (whose lower case depends on what follows it), a cased character past the Basic
        Multilingual Plane."""
        codes = self.codes
        lowered, word, cjk, unmapped = lexical_codes(codes, self.bits, lower_table(), _WORD_BIT, _CJK_BIT, _DIGIT_BIT)
        if unmapped:
            if ((codes == _DOTTED_I) | (codes == _CAPITAL_SIGMA)).any():
                return None
            beyond = np.unique(codes[codes >= 0x10000]).tolist()
            if any(chr(code).lower() != chr(code) for code in beyond):
                return None
        return lowered, word, cjk


_WORD_BIT, _CJK_BIT, _DIGIT_BIT, _LOWER_BIT = (SHAPE_CLASSES.index(name) for name in ("word", "cjk", "digit", "lower"))
_CAPITAL_SIGMA = 0x3A3


class _Shapes(TypedDict):
    """:func:`_shapes` of a page's lines: a count per line in each array, and the words of each."""

    words: np.ndarray
    stop: np.ndarray
    word_chars: np.ndarray
    alpha_words: np.ndarray
    capital_words: np.ndarray
    nonspace: np.ndarray
    digits: np.ndarray
    separators: np.ndarray
    chars: np.ndarray
    terminal: np.ndarray
    ends_colon: np.ndarray
    sentences: np.ndarray  # _SENTENCE_END's matches
    bullet: np.ndarray  # _BULLET matches
    ends_ellipsis: np.ndarray
    counts: np.ndarray  # the counts of cleaner.compiled.LINE_SHAPES, a row a line (those named above are its columns)
    first_code: np.ndarray  # each line's first and last character (a line break where it is empty)
    last_code: np.ndarray
    first_lower: np.ndarray  # whether the first is a lower-case letter (str.islower)
    text: PageText  # the page's code points, their classes, and where each line starts and ends in them
    # The page's words as arrays, one after another (on a page written mostly in Han characters
    # and kana, each of those is a word): their lines, their lower-cased forms' hashes and lengths,
    # which are stopwords, and where each starts and ends in the page's code points (``text.codes``).
    token_lines: np.ndarray
    token_hashes: np.ndarray
    token_lengths: np.ndarray
    token_stops: np.ndarray
    token_starts: np.ndarray
    token_ends: np.ndarray
    language: str  # the page's (:func:`page_language`), or the one it was given
    han_words: bool  # whether each Han character and kana was read a word of its own


def _shapes(texts: list[str], language: str | None = None, stopwords: frozenset[str] | None = None) -> _Shapes:
    """What each line's text is made of, as counts per line: its words (``\\w+`` runs; on a page
    written mostly in Han characters and kana, of its word characters, each of those is a word of
    its own), stopwords, the words' characters, words opening with a letter and with a capital,
    non-space characters, digits, separators, characters, and whether it ends a sentence or with
    a colon. Counted over the page's code points (:mod:`cleaner.codepoints`), which gives the
    counts of the per-line patterns and string tests these features were defined with, without
    a call a line and a call a word. A word is not made a string at all: it is a hash of its
    lower-cased characters (:func:`_word_hashes`), and the stoplist a set of hashes. The
    stopwords are those of ``stopwords``, or else of the stoplist of ``language``, or else of the
    page's language (:func:`page_language`, from the same hashes)."""
    n = len(texts)
    text = PageText.of(texts)
    codes, bits, starts, ends = text
    lengths = ends - starts
    # The words, their hashes and each line's counts in one compiled pass over the code points.
    read = page_words(codes, bits, starts, ends, lower_table(), _BULLET_MARKS, _NUMBER_ENDS)
    token_starts, token_ends, token_lines = read.starts, read.ends, read.lines
    token_hashes, token_lengths = _word_hashes(texts, token_starts, token_ends, read.hashes, read.exact)
    counts = np.bincount(token_lines, minlength=n)
    language = (language or _hashed_language(starts, ends, read, token_hashes) or page_language(texts))
    stopwords = stoplist(language) if stopwords is None else stopwords
    token_stops = _among(token_hashes, _stop_hashes(stopwords))
    stop = np.bincount(token_lines, weights=token_stops, minlength=n)
    shape = dict(zip(LINE_SHAPES, read.shapes.T))
    return {
        "words": counts.astype(np.float64),
        "stop": stop.astype(np.float64),
        **shape,  # type: ignore[typeddict-item]
        "counts": read.shapes,
        "chars": lengths.astype(np.float64),
        "first_code": codes[starts],
        "last_code": codes[np.maximum(ends - 1, 0)],
        "first_lower": (bits[starts] & (1 << _LOWER_BIT)) != 0,
        "text": text,
        "token_starts": token_starts,
        "token_ends": token_ends,
        "token_lines": token_lines,
        "token_hashes": token_hashes,
        "token_lengths": token_lengths,
        "token_stops": token_stops,
        "language": language,
        "han_words": bool(read.han.sum() * 2 > read.class_words.sum()),  # as compiled.page_words decides
    }


def _word_hashes(texts: list[str], starts: np.ndarray, ends: np.ndarray, hashes: np.ndarray,
                 exact: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The hash (:func:`cleaner.compiled.text_hash`) of each word ``page[starts[i]:ends[i]]`` (the
    texts joined by line breaks, as :class:`PageText` reads them) lower-cased, and the lower-cased
    word's length: ``hashes`` (:func:`cleaner.compiled.page_words`'), but where a word is not
    ``exact``, a word with a character whose lower case depends on more than itself ("Σ" ends a
    word as "ς") or is two characters ("İ"), or beyond the Basic Multilingual Plane, which is
    lower-cased by ``str.lower`` (the texts joined only then), and hashed in one compiled call (a
    Greek page in capitals has hundreds of such words)."""
    lengths = ends - starts
    if exact.all():
        return hashes, lengths
    page = "\n".join(texts)
    inexact = np.flatnonzero(~exact)
    lowered = [page[start:end].lower() for start, end in zip(starts[inexact].tolist(), ends[inexact].tolist())]
    hashes[inexact] = text_hashes(lowered)
    lengths[inexact] = np.fromiter(map(len, lowered), np.int64, len(lowered))
    return hashes, lengths


@lru_cache(maxsize=16)
def _stop_hashes(stopwords: frozenset[str]) -> HashIndex:
    """A stoplist as the hashes of its words."""
    return _hashes(stopwords)


def _hashes(words: Iterable[str]) -> HashIndex:
    """The distinct hashes of ``words`` (:func:`cleaner.compiled.text_hash`), indexed."""
    return HashIndex(text_hashes(list(words)))


def _among(hashes: np.ndarray, index: HashIndex) -> np.ndarray:
    """Which of ``hashes`` are in ``index``. Two words of a page share a hash of 64 bits about
    once in 10¹² pages of 3,000 distinct words."""
    return index.places(hashes)[1]


def ends_sentence(text: str) -> bool:
    """The line ends like a sentence: final punctuation, then perhaps closing quotes or brackets."""
    text = text.rstrip(_CLOSERS)
    return bool(text) and text[-1] in _TERMINAL_CHARS


def _log1(x: ArrayLike) -> np.ndarray:
    return np.log1p(np.asarray(x, dtype=np.float64))


def _topic_keys(tokens: Sequence[str], stop: frozenset[str], cjk: bool) -> set[str]:
    """The words of a line that say what it is about: on a page in Chinese or Japanese, each pair
    of neighbouring characters; else the lower-cased words of three letters or more that are not
    stopwords."""
    if cjk:
        return {a + b for a, b in zip(tokens, tokens[1:])}
    return _long_words(map(str.lower, tokens), stop)


def _long_words(lowered: Iterable[str], stop: frozenset[str]) -> set[str]:
    """The lower-cased words of three letters or more that are not stopwords."""
    keys = {word for word in lowered if len(word) >= 3}
    keys -= stop
    return keys


def _title_overlap(shapes: _Shapes, texts: list[str], title_texts: list[str], stop: frozenset[str],
                   cjk: bool, title_lines: list[int] | None = None) -> np.ndarray:
    """The share of each line's topic words (:func:`_topic_keys`) that the page-title line or the
    headline holds: an article's paragraphs name what its title names, teasers of other articles
    and menus do not. ``title_lines``, when given, are the indices of the page's lines that
    ``title_texts`` are: on a page of words (neither in Chinese or Japanese nor read a Han
    character a word, :func:`_shapes`), the hashes of those lines' words stand for their topic
    words, without making strings of them. They hold the short words and stopwords too, which
    no line's topic words (:func:`_hashed_overlap`) can share: the same overlap."""
    if not cjk and title_lines is not None and not shapes["han_words"]:
        lines = shapes["token_lines"]
        take = lines == title_lines[0]
        for line in title_lines[1:]:
            take |= lines == line
        return _hashed_overlap(shapes, _distinct_sorted(shapes["token_hashes"][take].tolist()))
    title = set()
    for text in title_texts:
        title |= _topic_keys(_CJK_WORD.findall(text) if cjk else list(words(text)), stop, cjk)
    title_hashes = _distinct_sorted(map(text_hash, title))
    if not cjk:
        return _hashed_overlap(shapes, title_hashes)
    # On a page in Chinese or Japanese, the pairs of neighbouring words in a line: the hash of each
    # word joined to the next as written (made for these pages only).
    n = len(shapes["words"])
    lines = shapes["token_lines"]
    in_line = lines[:-1] == lines[1:]
    pairs = pair_hashes(shapes["text"].codes, shapes["token_starts"], shapes["token_ends"])
    keys, shared = distinct_marked(lines[:-1], pairs, in_line, title_hashes, n)
    return np.divide(shared, keys, out=np.zeros(n), where=keys > 0)


def _distinct_sorted(hashes: Iterable[int]) -> np.ndarray:
    """``np.unique`` of a few hashes (a title's words), at a tenth of its time."""
    return np.array(sorted(set(hashes)), dtype=np.uint64)


def _furniture_lines(shapes: _Shapes, texts: list[str], where: np.ndarray) -> np.ndarray:
    """1.0 for each line of ``where`` in whose lower-cased text _FURNITURE is found, searched only in
    the lines holding one of _FURNITURE_WORDS among their words' hashes (lower-cased one by one,
    as :func:`per_page` would lower-case them). A line's lower-cased words are the runs of ``\\w``
    of its lower-cased text, and so hold every match's word, except where "İ" lower-cases to "i"
    and a combining dot, which is no word character: a page holding it is searched line by line."""
    n = len(texts)
    found = np.zeros(n)
    if (shapes["text"].codes == _DOTTED_I).any():
        rows: list[int] = np.flatnonzero(where).tolist()
    else:
        rows = _furniture_hashes().lines_holding(shapes["token_hashes"], shapes["token_lines"], where)
    search = _FURNITURE.search
    for i in rows:
        if search(lower(texts[i])):
            found[i] = 1.0
    return found


_DOTTED_I = 0x130  # "İ"


@lru_cache(maxsize=1)
def _furniture_hashes() -> HashIndex:
    return _hashes(_FURNITURE_WORDS)


def _hashed_overlap(shapes: _Shapes, title: np.ndarray) -> np.ndarray:
    """:func:`_title_overlap` from the page's word hashes: each line's distinct words of three
    letters or more that are no stopwords, and how many of them the title's (``title``, their
    hashes, sorted) hold."""
    n = len(shapes["words"])
    if not len(title):
        return np.zeros(n)
    return topical_share(shapes["token_lines"], shapes["token_hashes"], shapes["token_lengths"], shapes["token_stops"],
                         title, n)


def line_features(lines: list[Line], raw_lines: list[str], title_line: int | None,
                  language: str | None = None) -> np.ndarray:
    """The rows of :func:`page_features`."""
    return page_features(lines, raw_lines, title_line, language)[0]


def page_features(lines: list[Line], raw_lines: list[str], title_line: int | None,
                  language: str | None = None) -> tuple[np.ndarray, str]:
    """:func:`read_page`'s rows and language."""
    rows, language, _ = read_page(lines, raw_lines, title_line, language)
    return rows, language


def read_page(lines: list[Line], raw_lines: list[str], title_line: int | None,
              language: str | None = None, raw_text: str | None = None) -> tuple[np.ndarray, str, PageText]:
    """One row of :data:`FEATURES` for every line of ``lines`` (all non-blank lines, in order,
    whatever the rules decided), as an array of shape (lines, features); ``raw_lines`` are the
    unrepaired input lines, for indentation; ``title_line`` is the headline's line number when a
    rule found it; ``language`` is the page's (:func:`page_language` of the lines' texts, which
    is computed when not given, from the words the features read), and is returned with the rows,
    and with the page's texts as they were read (:class:`PageText`, for the lexicon). ``raw_text``
    is ``raw_lines`` joined by line breaks, when the caller has it.
    The text of each line is measured once; everything that depends on other lines is computed on
    whole columns."""
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(FEATURES))), language or page_language([]), PageText.of([])
    texts = list(map(_TEXT, lines))
    counts = Counter(texts)

    # What each line's text says: counts that the columns below turn into ratios.
    shapes = _shapes(texts, language)
    language = shapes["language"]
    stopwords = stoplist(language)
    words, stop = shapes["words"], shapes["stop"]
    short12 = words <= 12
    cjk_page = language in ("Chinese", "Japanese")

    log_w = _log1(words)
    flags = np.zeros((5, n))  # urlish, email, date_like, copyright, furniture: as compiled.feature_rows reads them
    flags[4] = _furniture_lines(shapes, texts, short12)
    # _URLISH, _EMAIL_AT, _DATE_LIKE (in the short lines with digits) and COPYRIGHT, in one compiled
    # pass over the page's code points (the tests hold it to the patterns).
    text = shapes["text"]
    pattern_flags(text.codes, text.bits, text.starts, text.ends, short12 & (shapes["digits"] > 0), flags)
    removed = np.fromiter(map(REMOVED.__eq__, map(_STATE, lines)), np.float64, n)
    numbers = np.fromiter(map(_NUMBER, lines), np.int64, n)

    title_at = None
    if title_line is not None:
        found = np.flatnonzero(numbers == title_line)  # the first line of that number
        title_at = int(found[0]) if len(found) else None
    title_lines = [0] + ([title_at] if title_at is not None else [])
    title_texts = [texts[i] for i in title_lines]

    # In one compiled pass (cleaner.compiled.feature_rows): each line's ratios; and what depends on
    # the lines around each (cleaner.compiled.page_columns):
    # - the mass of paragraph words above and below it (a paragraph: DENSE_WORDS words or more,
    #   ending a sentence);
    # - the densest region: the best-scoring run of lines where a paragraph scores its words and
    #   any other line costs a little (more if short), and its distance from it;
    # - the distance to the previous and to the next paragraph line, in lines (n when none);
    # - furniture lines seen since the first paragraph (-1 above it): a comment thread below an
    #   article comes after "Leave a reply", "12 comments", "Reply", where the article's own run
    #   has none;
    # - runs of short lines (fewer than SHORT_WORDS words), and blocks of lines between blank
    #   lines, their lines and their words;
    # - sums over the 3 lines either side, and the neighbours' own features;
    # - the paragraph the line's chain makes (_chains: a dump split it at inline elements);
    # - the page's own paragraphs set the scale: the median stopword share and log length of its
    #   paragraphs (or of its lines of DENSE_WORDS words), as the language writes.
    rows = feature_rows(shapes["counts"], words, stop, shapes["chars"], log_w, shapes["first_code"],
                        shapes["last_code"], shapes["first_lower"], numbers, removed, flags,
                        np.fromiter(map(counts.__getitem__, texts), np.float64, n) - 1,  # repeated
                        _indents(raw_lines, numbers, texts, raw_text),
                        _title_overlap(shapes, texts, title_texts, stopwords, cjk_page, title_lines),
                        title_at, title_at is not None and lines[title_at].state == FIELD, cjk_page,
                        _CONTINUATIONS, _OPENINGS, SHORT_WORDS, DENSE_WORDS)
    return rows[_FEATURE_ORDER].T, language, text
