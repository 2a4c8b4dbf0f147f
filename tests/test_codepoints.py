"""Character classes of a page at once (cleaner.codepoints): the answers of the tests they stand for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import codepoints, compiled
from cleaner.codepoints import _table_lowered, char_classes, class_bits, code_points, lower, lowered_codes, page_codes

_TESTS = (re.compile(r"\w").match, str.isalpha, str.isupper, re.compile("[\u3040-\u30ff\u4e00-\u9fff]").match)
# ASCII, Latin and Cyrillic, CJK, beyond the Basic Multilingual Plane, and a lone surrogate
_CHARS = st.one_of(st.characters(max_codepoint=127), st.characters(min_codepoint=128, max_codepoint=0x4FF),
                   st.characters(min_codepoint=0x4E00, max_codepoint=0x4E7F),
                   st.characters(min_codepoint=0x10000, max_codepoint=0x100FF), st.just("\ud800"))
# (texts as lists of those joined: st.text draws no character from the st.just branch of its alphabet)
_TEXTS = st.lists(_CHARS, max_size=40).map("".join)


@contextmanager
def _compiled_loaded(loaded: bool) -> Iterator[None]:
    """As though this process had compiled code loaded or not (cleaner.compiled.compiled_loaded),
    which decides whether the compiled loops or numpy and str.lower do the work."""
    with mock.patch.object(compiled, "compiled_loaded", lambda: loaded), \
            mock.patch.object(codepoints, "compiled_loaded", lambda: loaded):
        yield


@settings(max_examples=400, deadline=None)
@given(pages=st.lists(_TEXTS, min_size=1, max_size=4))
def test_each_class_is_its_test_asked_of_each_character(pages):
    """Page after page, so that answers kept from one page serve the next."""
    for text in pages:
        for loaded in (False, True):
            with _compiled_loaded(loaded):
                for test, mask in zip(_TESTS, char_classes(code_points(text), *_TESTS)):
                    assert mask.tolist() == [bool(test(char)) for char in text]


@settings(max_examples=200, deadline=None)
@given(pages=st.lists(_TEXTS, min_size=1, max_size=4))
def test_class_bits_counted_are_the_characters_each_test_passes_with_compiled_code_or_without(pages):
    """class_bits counted a bit at a time (compiled.bit_counts), as scripts.tally counts letters."""
    for text in pages:
        expected = [sum(bool(test(char)) for char in text) for test in _TESTS]
        for loaded in (False, True):
            with _compiled_loaded(loaded):
                assert compiled.bit_counts(class_bits(code_points(text), *_TESTS), len(_TESTS)).tolist() == expected


@settings(max_examples=200, deadline=None)
@given(known=st.lists(st.integers(-1, 2**32 - 1), max_size=20), codes=st.lists(st.integers(0, 30), max_size=40),
       tests=st.integers(0, 32))
def test_code_bits_and_bit_counts_are_the_same_with_compiled_code_or_without(known, codes, tests):
    """What the table holds (-1: not known), and which codes it does not answer, past its end too."""
    table, points = np.array(known, dtype=np.int64), np.array(codes, dtype=np.uint32)
    made = []
    for loaded in (False, True):
        with _compiled_loaded(loaded):
            bits, unknown = compiled.code_bits(points, table)
            made.append((bits.tolist(), unknown.tolist(), compiled.bit_counts(bits, tests).tolist()))
    assert made[0] == made[1]
    bits_list, unknown_list, counts = made[0]
    assert unknown_list == [i for i, code in enumerate(codes) if code >= len(known) or known[code] < 0]
    assert bits_list == [0 if i in unknown_list else known[code] for i, code in enumerate(codes)]
    assert counts == [sum(bit >> t & 1 for bit in bits_list) for t in range(tests)]


def test_more_tests_than_a_table_entry_has_bits_are_asked_in_turns():
    """A table's entry holds 32 tests' answers; a 33rd and on are looked up in a second table."""
    tests = [(lambda char, k=k: (ord(char) + k) % 3 == 0) for k in range(40)]
    text = "ab\u00e9\u4e00𝐀1 "
    masks = char_classes(code_points(text), *tests)
    assert len(masks) == 40
    for test, mask in zip(tests, masks):
        assert mask.tolist() == [test(char) for char in text]


# Pages long enough for the table's pass: ASCII, Latin and Cyrillic, CJK, past the plane (the
# Deseret capitals there have lower cases), the capital sigma (σ or ς by its neighbours), "İ",
# and a lone surrogate.
_CASES = st.one_of(_CHARS, st.sampled_from(["Σ", "İ", "𐐀", "😀", "ʰ", "\u0345", "Ω", "Ä", "ß", "\ud800", " ", "\n"]))


@settings(max_examples=300, deadline=None)
@given(piece=st.lists(_CASES, max_size=60).map("".join), times=st.integers(1, 12), long=st.booleans())
def test_lower_is_str_lower(piece, times, long):
    text = ("Текст " * 50 if long else "") + piece * times  # long: past _TABLE_LOWER, and not ASCII
    for loaded in (False, True):
        with _compiled_loaded(loaded):
            assert lower(text) == text.lower()
            assert lower(text, code_points(text)) == text.lower()  # its code points handed in
            assert lowered_codes(text).tolist() == code_points(text.lower()).tolist()


@settings(max_examples=200, deadline=None)
@given(pages=st.lists(st.lists(_TEXTS, max_size=5), min_size=1, max_size=6))
def test_page_codes_are_the_code_points_of_the_texts_between_line_breaks(pages):
    """Page after page, the same ones again (kept) or others (not): always the texts' own."""
    for texts in pages:
        for joined in (None, "\n" + "\n".join(texts)):
            codes = page_codes(texts, joined)
            assert codes.tolist() == code_points("\n" + "\n".join(texts) + "\n").tolist()
            assert not codes.flags.writeable  # shared by the readers of a page: none may change it


def test_the_last_two_pages_codes_are_kept_and_a_changed_text_is_read_again():
    page, window = ["Ünter den", "Linden — ОДИН"], ["ОДИН"]
    first = page_codes(page)
    assert page_codes(list(page)) is first and page_codes(window) is page_codes(window)
    assert page_codes(page) is first  # a window's page between two of the same page
    page[1] = "Linden"  # the caller's list changed after: its codes are made again
    assert page_codes(page) is not first and page_codes(page).tolist() == code_points("\nÜnter den\nLinden\n").tolist()


def test_lower_takes_the_table_where_it_serves_and_str_lower_elsewhere():
    page = "Ünter den Linden — ОДИН день 😀 " * 20  # long, not ASCII, emoji have no lower case
    with _compiled_loaded(True):
        assert _table_lowered(page) is not None and lower(page) == page.lower()
        for odd in ("ΟΔΟΣ", "İstanbul", "𐐀"):  # final sigma; two characters; a lower case past the plane
            assert _table_lowered(page + odd) is None and lower(page + odd) == (page + odd).lower()
        assert _table_lowered(page[:100]) is None and _table_lowered("A" * 1000) is None  # short, or ASCII
    with _compiled_loaded(False):  # no compiled code loaded: not worth starting numba for
        assert _table_lowered(page) is None and lower(page) == page.lower()


def test_the_whole_plane_is_each_tests_answers():
    """The table derived for the cache: each character of the Basic Multilingual Plane (lone
    surrogates too) asked each test, as the table filled a page at a time has it."""
    table = codepoints._plane_bits(_TESTS)
    expected = [codepoints._bits(chr(code), _TESTS) for code in range(0x10000)]
    assert table.dtype == np.int64 and table.tolist() == expected


def test_tests_are_described_by_all_they_answer():
    """The cache's key: a pattern by its text, flags and method, a str method by its name,
    membership by its characters; anything else cannot be named, and is not kept."""
    described = codepoints._described((re.compile(r"\w").match, re.compile(r"\w", re.ASCII).match,
                                       re.compile(r"\w").fullmatch, str.isalpha, "ab".__contains__,
                                       frozenset("ba").__contains__))
    assert described is not None and len(set(described)) == 6
    assert described[3] == "str.isalpha" and described[5] == "in ['a', 'b']"
    assert codepoints._described((str.isalpha, re.compile(r"\w").match)) == [described[3], described[0]]
    for unnamed in (lambda char: char == "a", {"a"}.__contains__, frozenset([1]).__contains__, "a".startswith,
                    re.compile(r"\w").sub):
        assert codepoints._described((str.isalpha, unnamed)) is None


@contextmanager
def _fresh_tables() -> Iterator[None]:
    codepoints._bmp_bits.cache_clear()
    try:
        yield
    finally:
        codepoints._bmp_bits.cache_clear()


def test_cleaners_own_sets_of_tests_are_kept_and_can_be_named():
    """The three sets cleaner asks of every page are kept in the cache, under names of their own."""
    from cleaner import linefeatures, linemodel, scripts  # noqa: F401  (they register their sets)

    assert sorted(codepoints._KEPT.values()) == ["lexical", "line-shapes", "script-letters"]
    assert all(codepoints._described(tests) is not None for tests in codepoints._KEPT)


def test_a_kept_set_of_tests_is_read_from_the_cache_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path))
    monkeypatch.setitem(codepoints._KEPT, _TESTS, "test-a")
    monkeypatch.setitem(codepoints._KEPT, _TESTS[:2], "test-b")
    whole = codepoints._plane_bits(_TESTS)
    with _fresh_tables():
        table = codepoints._bmp_bits(_TESTS)
        assert table.flags.writeable and table.tolist() == whole.tolist()  # (writable: numba's same type)
        assert [path.name[:19] for path in tmp_path.glob("char-classes-*")] == ["char-classes-test-a"]
    with _fresh_tables(), mock.patch.object(codepoints, "_plane_bits", side_effect=AssertionError("derived")):
        assert codepoints._bmp_bits(_TESTS).tolist() == whole.tolist()  # read, not derived again
    with _fresh_tables():  # another set of tests: an entry of its own, beside the first
        assert codepoints._bmp_bits(_TESTS[:2]).tolist() == codepoints._plane_bits(_TESTS[:2]).tolist()
    assert len(list(tmp_path.glob("char-classes-*"))) == 2


def test_without_the_cache_a_name_or_a_description_the_table_fills_as_pages_go(tmp_path, monkeypatch):
    """The cache off; a set no one asked to keep (as a caller's own tests), which the cache would
    gather without bound; a kept set with a test that cannot be named."""
    unnamed = (*_TESTS, lambda char: char == "é")
    monkeypatch.setitem(codepoints._KEPT, _TESTS, "test-a")
    monkeypatch.setitem(codepoints._KEPT, unnamed, "test-c")
    for cache_dir, tests in (("", _TESTS), (str(tmp_path), _TESTS[:3]), (str(tmp_path), unnamed)):
        monkeypatch.setenv("CLEANER_CACHE_DIR", cache_dir)
        with _fresh_tables():
            table = codepoints._bmp_bits(tests)
            assert table[:128].tolist() == [codepoints._bits(chr(code), tests) for code in range(128)]
            assert (table[128:] == -1).all()
            bits = codepoints.class_bits(code_points("aé中"), *tests)
            assert bits.tolist() == [codepoints._bits(char, tests) for char in "aé中"]
            assert table[ord("é")] == codepoints._bits("é", tests) and (table[129:0xE9] == -1).all()
    assert not list(tmp_path.glob("char-classes-*"))


def test_the_plane_matches_of_a_one_character_pattern_are_its_matches_a_character_at_a_time():
    for char in (re.compile(r"\s"), re.compile(r"\d"), re.compile("[\u3040-\u30ff\u4e00-\u9fff]"),
                 re.compile("[a-cé]", re.IGNORECASE), re.compile(r"\w", re.ASCII)):
        assert codepoints.plane_matches(char).tolist() == [bool(char.match(chr(code))) for code in range(0x10000)]
