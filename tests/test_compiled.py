"""cleaner.compiled: the compiled loops give exactly what the Python they replace gives."""

from __future__ import annotations

import math
import re
import sys
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

from cleaner import compiled
from cleaner.codepoints import char_classes, code_points
from cleaner.compiled import KeyTable, automaton_counts, exact_stats, lexicon_hits
from cleaner.lang import _identifier, language_sample
from cleaner.linefeatures import PageText, best_run
from cleaner.linemodel import (
    _IS_CJK,
    _IS_WORD,
    CONTEXT_FEATURES,
    LEVELLED_DEPTH,
    WINDOWS,
    Forest,
    Lexicon,
    choose,
    context_features,
    lexical_tokens,
    line_key,
    load,
    shifted,
)
from cleaner.rulebook import builtin_rules_dir
from cleaner.scripts import CJK_CHAR

from tests.conftest import SEEDS


def _walk(forest: Forest, X: np.ndarray) -> np.ndarray:
    """Each row down each tree, one node at a time, in Python: the reference."""
    leaves = np.empty((len(X), len(forest.roots)))
    for r, row in enumerate(X):
        for t, node in enumerate(forest.roots):
            for _ in range(forest.depth):
                node = forest.left[node] if row[forest.feature[node]] <= forest.threshold[node] else forest.right[node]
            leaves[r, t] = forest.value[node]
    return leaves.sum(axis=1)


def _random_forest(rng: np.random.Generator, trees: int, depth: int, n_features: int) -> Forest:
    """Trees of random shape: each node splits (while depth allows) or is a leaf pointing at itself."""
    spec = {key: [] for key in ("feature", "threshold", "left", "right", "value", "roots")}

    def grow(level: int) -> int:
        at = len(spec["feature"])
        for key in ("feature", "threshold", "left", "right", "value"):
            spec[key].append(0)
        if level < depth and rng.random() < 0.8:
            spec["feature"][at] = int(rng.integers(n_features))
            spec["threshold"][at] = float(rng.integers(-2, 3)) / 2  # on the grid the rows take: ties
            spec["left"][at], spec["right"][at] = grow(level + 1), grow(level + 1)
        else:
            spec["left"][at] = spec["right"][at] = at
            spec["value"][at] = float(rng.normal())
        return at

    spec["roots"] = [grow(0) for _ in range(trees)]
    return Forest({**spec, "depth": depth}, n_features)


@pytest.mark.parametrize("seed", range(5))
def test_random_forests_score_as_a_walk_in_python_does(seed):
    rng = np.random.default_rng(seed)
    forest = _random_forest(rng, trees=int(rng.integers(1, 30)), depth=int(rng.integers(0, 7)), n_features=4)
    X = rng.integers(-3, 4, size=(int(rng.integers(1, 60)), 4)) / 2
    assert forest.margin(X).tolist() == _walk(forest, X).tolist()


@pytest.mark.parametrize("seed", range(4))
def test_trees_deeper_than_the_levelled_layout_are_walked_node_by_node(seed):
    rng = np.random.default_rng(seed)
    forest = _random_forest(rng, trees=int(rng.integers(1, 8)), depth=LEVELLED_DEPTH + 1 + seed % 2, n_features=4)
    assert forest._levels is None
    X = rng.integers(-3, 4, size=(int(rng.integers(1, 60)), 4)) / 2
    assert forest.margin(X).tolist() == _walk(forest, X).tolist()


@pytest.mark.parametrize("seed", range(10))
def test_any_node_graph_scores_as_a_walk_in_python_does_both_ways(seed, monkeypatch):
    # Children anywhere (a cycle, a leaf that is not its own child, a tree deeper than `depth`):
    # a walk still takes `depth` steps and reads the value of the node it stops at, laid out or not.
    rng = np.random.default_rng(seed)
    size, depth = int(rng.integers(1, 12)), int(rng.integers(0, 8))
    spec = {"feature": rng.integers(0, 3, size).tolist(), "threshold": (rng.integers(-2, 3, size) / 2).tolist(),
            "left": rng.integers(0, size, size).tolist(), "right": rng.integers(0, size, size).tolist(),
            "value": rng.normal(size=size).tolist(), "roots": rng.integers(0, size, int(rng.integers(1, 6))).tolist(),
            "depth": depth}
    X = rng.integers(-3, 4, size=(int(rng.integers(1, 40)), 3)) / 2
    levelled = Forest(spec, 3)
    monkeypatch.setattr("cleaner.linemodel.LEVELLED_DEPTH", -1)
    walked = Forest(spec, 3)
    assert levelled._levels is not None and walked._levels is None
    assert levelled.margin(X).tolist() == walked.margin(X).tolist() == _walk(levelled, X).tolist()


def test_a_forest_without_trees_scores_zero_both_ways(monkeypatch):
    spec = {"depth": 3, "roots": [], "feature": [0], "threshold": [0.0], "left": [0], "right": [0], "value": [1.0]}
    X = np.ones((3, 2))
    assert Forest(spec, 2).margin(X).tolist() == [0.0, 0.0, 0.0]
    monkeypatch.setattr("cleaner.linemodel.LEVELLED_DEPTH", -1)
    assert Forest(spec, 2).margin(X).tolist() == [0.0, 0.0, 0.0]


def test_the_shipped_model_scores_seed_lines_as_a_walk_in_python_does():
    model = load(builtin_rules_dir() / "line-model.json")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, model.stage1.feature.max() + 1)) * 3
    assert model.stage1.margin(X).tolist() == _walk(model.stage1, X).tolist()
    assert model.stage1.margin(X[:0]).tolist() == []


TEXTS = [
    "", " ", "1234 5678", "Bookmark and Share", "Le ministre russe de la Défense a été accueilli au Pentagone.",
    "Министр обороны России прибыл в Пентагон", "国防部长抵达五角大楼", "Ο υπουργός Άμυνας έφτασε",
    "ALL CAPS HEADLINE TEXT", "emoji 😀 and \u0301 combining", *[language_sample(p.read_text()) for p in SEEDS],
]


@pytest.fixture(scope="module")
def py3langid_itself() -> LanguageIdentifier:
    """py3langid's own identifier, restricted as cleaner.lang restricts its own: the reference."""
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in identifier.labels if len(code) == 2])
    return identifier


@pytest.mark.parametrize("text", TEXTS)
def test_the_language_identifier_scores_as_py3langid_does(text, py3langid_itself):
    identifier = _identifier()
    data = identifier._encode(text)
    ours = identifier._raw_score(data)
    theirs = py3langid_itself._raw_score(data)
    assert ours.dtype == theirs.dtype and ours.tobytes() == theirs.tobytes()
    assert identifier.classify(text) == py3langid_itself.classify(text)


def test_the_language_identifier_scores_generated_text_as_py3langid_does(py3langid_itself):
    identifier = _identifier()

    @settings(max_examples=200, deadline=None, derandomize=True)
    @given(st.text(max_size=300))
    def check(text):
        data = identifier._encode(text)
        assert identifier._raw_score(data).tobytes() == py3langid_itself._raw_score(data).tobytes()

    check()


def _walked(data: bytes, next_move: np.ndarray, row_base: np.ndarray, output: np.ndarray) -> tuple[list, list]:
    """A byte automaton's features and counts as py3langid's own ``visit_counts`` gives them (a
    walk a byte at a time into a ``Counter``, which keeps the order each first appears): the
    reference for automaton_counts."""
    counts = visit_counts(next_move, row_base, output, data) or {}
    return [int(feature) for feature in counts], list(counts.values())


def test_the_automaton_walked_in_pieces_gives_the_whole_walk():
    """automaton_counts walks a text in pieces side by side, each from a few bytes before its own;
    on an automaton whose state hangs on more than the last few bytes (random tables: a state
    can remember anything), pieces are out of step and walked again, so the features, their
    order and counts are those of one walk, at every length around the pieces' bounds."""
    rng = np.random.default_rng(20261204)
    states = 12
    next_move = rng.integers(0, states, size=states * 256).astype(np.uint32)
    row_base = np.arange(states, dtype=np.int64) * 256
    output = rng.integers(-1, 20, size=states).astype(np.int64)
    for size in [*range(40), 63, 64, 65, 200, 1000, 5000]:
        for _ in range(3):
            data = rng.integers(0, 256, size=size, dtype=np.uint8).tobytes()
            features, counts = automaton_counts(data, next_move, row_base, output)
            assert (features.tolist(), counts.tolist()) == _walked(data, next_move, row_base, output), size
    # py3langid's own automaton, on the seeds' samples and the bytes of a few languages
    identifier = _identifier()
    tables = identifier._next_move, identifier._row_base, identifier._output
    for text in TEXTS:
        data = text.encode("utf-8", "surrogatepass")
        features, counts = automaton_counts(data, *tables)
        assert (features.tolist(), counts.tolist()) == _walked(data, *tables), text


def test_where_numba_cannot_cache_the_loops_are_compiled_all_the_same(monkeypatch):
    import numba

    from cleaner import compiled

    real = numba.njit

    def refusing(*args, cache=False, **kwargs):
        if cache:
            raise RuntimeError("cannot cache function '_automaton_counts': no locator available for file")
        return real(*args, **kwargs)

    monkeypatch.setattr(numba, "njit", refusing)
    walk = compiled._jit(compiled._automaton_counts)
    # one row for every state: "a" leads to state 1 (feature 5), "b" to state 2 (feature 7)
    next_move = np.zeros(256, dtype=np.uint32)
    next_move[ord("a")], next_move[ord("b")] = 1, 2
    features, counts = walk(np.frombuffer(b"abba!", dtype=np.uint8), next_move, np.zeros(3, dtype=np.int64),
                            np.array([-1, 5, 7], dtype=np.int64))
    assert features.tolist() == [5, 7] and counts.tolist() == [2, 2]


@settings(max_examples=300, deadline=None)
@given(scores=st.lists(st.one_of(st.floats(-5, 5), st.sampled_from([0.0, -1.0, 1.0, 2.5])), max_size=40))
def test_the_compiled_best_run_is_the_python_one(scores):
    """Ties and runs that fall back to zero included: the same float additions in the same order."""
    assert compiled.best_run(np.array(scores)) == best_run(scores)


_SCORES = st.lists(st.one_of(st.floats(0, 1), st.sampled_from([0.0, 0.3, 0.5, 0.7, 1.0])), min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(scores=_SCORES, data=st.data(), keep_best=st.sampled_from([0.0, 0.9]), weight=st.floats(0, 1),
       shifts=st.lists(st.sampled_from([-0.2, -0.1, 0.1, 0.2]), max_size=4))
def test_the_compiled_choice_of_setting_is_the_python_one(scores, data, keep_best, weight, shifts):
    words = data.draw(st.lists(st.floats(0, 200), min_size=len(scores), max_size=len(scores)))
    threshold = data.draw(st.sampled_from([0.3, 0.5, 0.7]))
    extend = data.draw(st.floats(0, threshold))
    settings = shifted(threshold, extend, data.draw(st.floats(0, extend)), shifts)
    assert compiled.choose(scores, words, settings, keep_best, weight) == choose(scores, words, settings, keep_best,
                                                                                 weight)


# The lexicon: cleaner.compiled.lexicon_hits and exact_stats against Lexicon.reference_features.

# Sums that math.fsum gets right and a naive sum does not: cancellation, half-even ties across
# partials, subnormals, the edge of overflow.
_ADVERSARIAL = [1e16, 1.0, -1e16, 1e-16, 0.5, -2.5, 3.0, 1e-300, 5e-324, -5e-324, 2.0**53, 1.0 + 2.0**-52,
                1e280, -1e280, 0.1, 0.2, -0.3, 7.25, -1.5, 2.0**-1074 * 3]


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """The same shape and the same bits: -0.0 is not 0.0, and a NaN is itself."""
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def _fsum_or_error(values: list[float]) -> float | type:
    try:
        return math.fsum(values)
    except (OverflowError, ValueError) as exc:
        return type(exc)


def _check_stats(groups: list[list[float]]) -> None:
    """exact_stats of the groups against math.fsum (or the error it raises), len, min and max."""
    expected = [_fsum_or_error(group) for group in groups]
    values = np.array([v for group in groups for v in group], dtype=np.float64)
    counts = np.array([len(group) for group in groups], dtype=np.int64)
    errors = [e for e in expected if isinstance(e, type)]
    if errors:
        with pytest.raises((OverflowError, ValueError)) as raised:
            exact_stats(values, counts)
        assert raised.type is errors[0]  # the first group's error, as a loop over the groups raises
        return
    rows = exact_stats(values, counts)
    for row, group, total in zip(rows, groups, expected):
        reference = [total, total / len(group), min(group), max(group), len(group)] if group else [0.0] * 5
        assert _same(row, np.array(reference, dtype=np.float64)), (group, row, reference)


@pytest.mark.parametrize("values", [
    [], [0.0], [-0.0], [1e-16, 1.0, 1e16], [1.0, 1e100, 1.0, -1e100], [0.1] * 10, [1e308, 1e308, -1e308],
    [1e308, -1e308, 1e308], [math.inf, 1.0], [math.inf, -math.inf], [math.nan, 1.0], [math.inf, math.nan],
    [2.0**53, 1.0, 2.0**-60], [-(2.0**53), -1.0, -(2.0**-60)], [5e-324, 5e-324, -1e-323],
    [1.7976931348623157e308, 1e292], [3.0, -0.0, 0.0], [0.0, -0.0],
])
def test_exact_stats_sum_as_math_fsum_does(values):
    _check_stats([values])


_FLOATS = st.one_of(st.floats(), st.sampled_from(_ADVERSARIAL), st.floats(min_value=-1e-300, max_value=1e-300))


@st.composite
def _cancelling(draw: st.DrawFn) -> list[float]:
    """Values and their negations, some a unit in the last place off, shuffled: where the
    partials and the final half-even correction matter."""
    values = draw(st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=12))
    nudged = [-v * draw(st.sampled_from([1.0, 1.0 + 2.0**-52, 1.0 - 2.0**-53])) for v in values]
    return draw(st.permutations(values + nudged + draw(st.lists(_FLOATS, max_size=3))))


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(st.one_of(st.lists(_FLOATS, max_size=20), _cancelling()), max_size=5))
def test_exact_stats_sum_as_math_fsum_does_on_generated_floats(groups):
    _check_stats(groups)


# A line of each kind the tokenizer treats apart.
LINES = [
    "Share on Facebook", "Read more »", "12 Comments", "Posted March 3, 2024", "snake_case_word and 3rd",
    "Поделиться ВКонтакте", "Читать далее…", "Министр обороны России прибыл в Пентагон",
    "ΟΔΥΣΣΕΥΣ ΚΑΙ ΣΟΦΟΣ", "Σ", "ΑΣ ΣΑ ΣΣ", "ΚΑΛΗΜΕΡΑΣ", "İSTANBUL İstanbul ıi", "STRASSE ẞ ß ǅ",
    "分享到：微博 QQ空间", "国防部长抵达五角大楼", "图", "分", "的的的的", "iPhone15发布会", "第3回オリンピック",
    "シェアする", "この記事を読む", "ニュース・速報ー", "ゕゖ゗゠",
    "١٢٣ تعليقات", "Page ４２ of ٤٥", "०१२ टिप्पणियाँ", "x² y³", "𝐀𝐁𝐂 bold 😀 émoji e\u0301",
    "", " ", "   \t ", "—", "…", "share share share Share SHARE", "the cat and the hat and the cat",
    "The harbour froze three weeks earlier than usual this winter, the port authority said on Monday.",
    "三周前港口结冰，港务局周一表示，十几艘渔船被困在泊位上，这是自一九八七年以来从未见过的情况。",
    "a\ud800b lone surrogate", "\x00nul and \x7f del",
]


def _lexicon_of(lines: list[str], every: int = 2) -> dict:
    """A lexicon holding keys of these lines (one in ``every``, by a checksum, so that lines hit
    some keys and miss others) and keys of no line, the empty line's among them, with values from
    _ADVERSARIAL."""

    def checksum(key: str) -> int:
        return zlib.crc32(key.encode("utf-8", "surrogatepass"))

    tokens = {key: _ADVERSARIAL[checksum(key) % len(_ADVERSARIAL)]
              for line in lines for key in lexical_tokens(line) if checksum(key) % every == 0}
    whole = {key: _ADVERSARIAL[checksum(key) % len(_ADVERSARIAL)]
             for key in map(line_key, lines) if checksum(key + "/") % every == 0}
    return {"tokens": {**tokens, "zzzz": 1.0, "^zzzz": -1.0}, "lines": {**whole, "": 2.0, "no such line": -2.0}}


MASKS = [0xFFFFFFFFFFFFFFFF, 0b11, 0]  # of each key's hash: all of it; 2 bits, and none (every key collides)


@pytest.mark.parametrize("mask", MASKS)
@pytest.mark.parametrize("every", [1, 2])
def test_the_lexicon_rows_are_the_reference_rows(mask, every):
    lexicon = Lexicon(_lexicon_of(LINES, every))
    lexicon._hash_mask = np.uint64(mask)
    assert lexicon._compiled_rows
    for page in (LINES, LINES[::-1], LINES[:1], [], ["Σ"], ["ΑΣ", "Σ", ""], ["a\nb", "Share on\nFacebook"],
                 ["İstanbul 2024", "x"], ["\U00010400 Deseret", "12 ٣٤"]):
        assert _same(lexicon.features(page), lexicon.reference_features(page)), page
        _assert_read_as_the_features_read_it(lexicon, page)
    for line in LINES:  # each line alone too, with the end of the text beside a final sigma
        assert _same(lexicon.features([line]), lexicon.reference_features([line])), line


def test_the_code_points_the_features_read_are_lower_cased_as_str_lower_lower_cases():
    """Where one character's table does not tell its lower case (a final sigma, a dotted capital I,
    a cased letter beyond the plane), the lexicon lower-cases the texts itself."""
    pages = [["\U00010400\U00010401 harbour", "ice 2024"], ["ΚΑΛΟΣ ΛΙΜΑΝΙ", "ice"], ["İSTANBUL İce", "ice"]]
    for page in pages:
        lexicon = Lexicon(_lexicon_of([text.lower() for text in page]))
        assert _same(lexicon.features(page), lexicon.reference_features(page)), page
        known = [sum(key in lexicon.tokens for key in lexical_tokens(text)) for text in page]
        assert lexicon.features(page)[:, 4].tolist() == known and min(known) > 0, page
        _assert_read_as_the_features_read_it(lexicon, page)


def test_the_shipped_lexicons_give_the_reference_rows():
    model = load(builtin_rules_dir() / "line-model.json")
    pages = [LINES, *[p.read_text().splitlines() for p in SEEDS]]
    for language, lexicon in [*model.lexicons.items(), (None, model.unknown)]:
        assert lexicon._compiled_rows
        for page in pages:
            assert _same(lexicon.features(page), lexicon.reference_features(page)), (language, page[:3])


# ASCII; the letters of the case rules (final sigma, dotted and dotless i, sharp s, a titlecase
# digraph); Greek and Cyrillic; kana and their punctuation; a few Han characters, so that pairs
# repeat; digits of other scripts and a superscript; letters beyond the Basic Multilingual Plane,
# with cases and without; an emoji, a combining accent, a lone surrogate, spaces and line breaks.
_PAGE_CHARS = st.one_of(
    st.characters(max_codepoint=127), st.sampled_from("ΣσςΑΒΟ İIıißẞǅ"),
    st.characters(min_codepoint=0x370, max_codepoint=0x4FF), st.characters(min_codepoint=0x3040, max_codepoint=0x30FF),
    st.sampled_from("分享到微博空间国防部的图"), st.sampled_from("٠١٢٣४५６７²"),
    st.characters(min_codepoint=0x1D400, max_codepoint=0x1D4FF), st.sampled_from("😀\u0301\ud800 \n\t"),
    st.sampled_from("\U00010400\U00010428"),  # Deseret, a script with cases beyond the plane
)
_PAGES = st.lists(st.text(alphabet=_PAGE_CHARS, max_size=90), max_size=8)


@pytest.mark.parametrize("mask", MASKS)
@settings(max_examples=300, deadline=None, derandomize=True)
@given(known=_PAGES, other=_PAGES)
def test_the_lexicon_rows_are_the_reference_rows_on_generated_pages(mask, known, other):
    """A lexicon from the lines ``known``, asked about those lines and others."""
    lexicon = Lexicon(_lexicon_of(known))
    lexicon._hash_mask = np.uint64(mask)
    for page in (known, other, known + other):
        assert _same(lexicon.features(page), lexicon.reference_features(page))
        _assert_read_as_the_features_read_it(lexicon, page)


def _assert_read_as_the_features_read_it(lexicon: Lexicon, page: list[str]) -> None:
    """The rows are the same from the code points the line features read (PageText), for the page
    and for every other line of it."""
    read = PageText.of(page)
    assert _same(lexicon.features(page, read), lexicon.reference_features(page)), page
    some = list(range(0, len(page), 2))
    assert _same(lexicon.features([page[i] for i in some], read.lines(some)),
                 lexicon.reference_features([page[i] for i in some])), page


def test_a_unicode_digit_is_a_word_character_and_neither_han_nor_kana():
    """Why Lexicon.features may fold a page's digits to 0 after finding its character classes."""
    word, digit = re.compile(r"\w"), re.compile(r"\d")
    digits = [chr(code) for code in range(sys.maxunicode + 1) if digit.match(chr(code))]
    assert len(digits) > 600
    assert all(word.match(char) and not CJK_CHAR.match(char) for char in digits + ["0"])


@pytest.mark.parametrize("values, compiled", [
    ({"a": 1.0, "b": -2.0}, True),
    ({"a": 0.0, "b": 1.0}, True),
    ({"a": -0.0, "b": 1.0}, True),
    ({"a": math.inf, "b": 1.0}, True),
    ({"a": 0.0, "b": -0.0}, False),  # min and max give whichever zero comes first
    ({"a": math.nan, "b": 1.0}, False),  # min and max depend on where the NaN is
    ({"a": 1e300, "b": 1e300}, False),  # fsum overflows, or not, by the order
])
def test_a_lexicon_whose_rows_depend_on_the_order_of_keys_is_read_in_python(values, compiled):
    lexicon = Lexicon({"tokens": values, "lines": {}})
    assert lexicon._compiled_rows is compiled
    page = ["a b", "b a", "a", "b", "c"]
    assert _same(lexicon.features(page), lexicon.reference_features(page))


def test_plus_and_minus_infinity_on_one_line_raise_as_math_fsum_does():
    lexicon = Lexicon({"tokens": {"a": math.inf, "b": -math.inf}, "lines": {}})
    assert lexicon._compiled_rows
    for read in (lexicon.features, lexicon.reference_features):
        assert read(["a", "b"])[:, 0].tolist() == [math.inf, -math.inf]
        with pytest.raises(ValueError, match="-inf \\+ inf"):
            read(["a b"])


def test_keys_that_share_a_hash_are_told_apart_by_their_text():
    keys = ["ab", "ba", "abc", "b", "a"]
    lengths = np.array([len(key) for key in keys])
    codes = code_points("ba x abc ba")
    word, cjk = char_classes(codes, _IS_WORD, _IS_CJK)
    for mask in (np.uint64(0), np.uint64(1)):  # every key of one hash, or of two
        table = KeyTable(code_points("".join(keys)), np.cumsum(lengths) - lengths, np.cumsum(lengths),
                         np.arange(5.0), mask)
        hits, counts, line_hits = lexicon_hits(codes, np.array([0]), np.array([len(codes)]), word, cjk, table)
        assert [keys[i] for i in hits] == ["ba", "abc"] and counts.tolist() == [2] and line_hits.tolist() == [-1]


_HASHES = st.lists(st.integers(0, 2**64 - 1) | st.integers(0, 40) | st.sampled_from([2**63, 2**64 - 1]),
                   max_size=300)


@settings(max_examples=300, deadline=None)
@given(kept=_HASHES, asked=_HASHES)
def test_a_hash_index_finds_what_a_search_of_the_sorted_hashes_finds(kept, asked):
    """Small hashes, which share their first slot (the top bits of the product), and duplicates
    included."""
    index = compiled.HashIndex(np.array(kept, dtype=np.uint64))
    assert index.sorted.tolist() == sorted(set(kept)) and len(index) == len(set(kept))
    at, found = index.places(np.array(asked + kept, dtype=np.uint64))
    assert found.tolist() == [h in set(kept) for h in asked + kept]
    assert index.sorted[at[found]].tolist() == [h for h in asked + kept if h in set(kept)]


@settings(max_examples=300, deadline=None)
@given(kept=_HASHES, asked=_HASHES, data=st.data())
def test_group_hits_count_each_taken_hash_once_for_each_group_of_its_row(kept, asked, data):
    """The stoplists' hits: each hash asked for and taken that the index holds adds 1 to each
    group (stoplist) of its row, counted here one hash at a time."""
    index = compiled.HashIndex(np.array(kept, dtype=np.uint64))
    size = 5
    rows = np.array(data.draw(st.permutations(range(len(index)))), dtype=np.int64)  # a row for each place
    memberships = [data.draw(st.lists(st.integers(0, size - 1), max_size=3)) for _ in range(len(index))]
    offsets = np.cumsum([0] + [len(groups) for groups in memberships])
    groups = np.array([g for groups in memberships for g in groups], dtype=np.int64)
    take = np.array(data.draw(st.lists(st.booleans(), min_size=len(asked), max_size=len(asked))), dtype=np.bool_)
    hits, found = index.group_hits(np.array(asked, dtype=np.uint64), take, rows, offsets, groups, size)
    place = {h: p for p, h in enumerate(index.sorted.tolist())}
    expected = [0.0] * size
    taken_found = 0
    for h, taken in zip(asked, take.tolist()):
        if taken and h in place:
            taken_found += 1
            for g in memberships[rows[place[h]]]:
                expected[g] += 1.0
    assert hits.tolist() == expected and found == taken_found


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_topical_share_is_the_share_of_distinct_long_words_that_are_no_stopwords_among_the_marks(data):
    n = data.draw(st.integers(1, 6))
    words = data.draw(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 5), st.booleans()), max_size=40))
    lines = sorted(data.draw(st.lists(st.integers(0, n - 1), min_size=len(words), max_size=len(words))))
    marks = sorted(set(data.draw(st.lists(st.integers(0, 9), max_size=6))))
    expected = []
    for line in range(n):
        keys = {h for (h, length, stop), at in zip(words, lines) if at == line and length >= 3 and not stop}
        expected.append(len(keys & set(marks)) / len(keys) if keys else 0.0)
    got = compiled.topical_share(np.array(lines, dtype=np.int64), np.array([h for h, _, _ in words], dtype=np.uint64),
                                 np.array([length for _, length, _ in words], dtype=np.int64),
                                 np.array([stop for _, _, stop in words], dtype=np.bool_),
                                 np.array(marks, dtype=np.uint64), n)
    assert got.tolist() == expected


@settings(max_examples=300, deadline=None)
@given(kept=_HASHES, asked=_HASHES, data=st.data())
def test_lines_holding_are_the_lines_asked_of_with_a_hash_the_index_holds(kept, asked, data):
    index = compiled.HashIndex(np.array(kept, dtype=np.uint64))
    n = data.draw(st.integers(1, 6))
    lines = sorted(data.draw(st.lists(st.integers(0, n - 1), min_size=len(asked), max_size=len(asked))))
    where = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    got = index.lines_holding(np.array(asked, dtype=np.uint64), np.array(lines, dtype=np.int64),
                              np.array(where, dtype=np.bool_))
    assert got == sorted({line for h, line in zip(asked, lines) if where[line] and h in set(kept)})


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("aZé σς\u4e00𝐀\ud800\n"), max_size=8), max_size=12))
def test_text_hashes_are_text_hash_of_each_text(texts):
    assert compiled.text_hashes(texts).tolist() == [compiled.text_hash(text) for text in texts]


def _page_columns_in_numpy(words, terminal, stop_frac, removed, furniture, date_like, numbers, log_w, chain_first,
                           chain_last, short_words, dense_words):
    """The numpy expressions page_features computed these columns with before the compiled pass: the reference."""
    n = len(words)
    index = np.arange(n)

    def shift(values, by, fill=-1.0):
        out = np.full(n, fill)
        if 0 < by < n:
            out[by:] = values[:-by]
        elif 0 < -by < n:
            out[:by] = values[-by:]
        return out

    def runs(breaks):
        starts = np.flatnonzero(breaks)
        lengths = np.diff(np.append(starts, len(breaks)))
        return np.repeat(lengths, lengths)

    lo, hi = np.maximum(index - 3, 0), np.minimum(index + 4, n)

    def window(values):
        running = np.concatenate(([0.0], np.cumsum(values)))
        return running[hi] - running[lo]

    dense = (words >= dense_words) & (terminal > 0)
    dense_words_ = np.where(dense, words, 0.0)
    total = dense_words_.sum() or 1.0
    before = (np.cumsum(dense_words_) - dense_words_) / total
    best_start, best_end = best_run(np.where(dense, words, -2.0 - (words < short_words)).tolist())
    region_distance = np.where(index < best_start, best_start - index, np.where(index > best_end, index - best_end, 0))
    last_dense = np.maximum.accumulate(np.where(dense, index, -1))
    prev_dense = shift(last_dense.astype(np.float64), 1)
    dense_before = np.where(prev_dense >= 0, index - prev_dense, n)
    next_dense = np.minimum.accumulate(np.where(dense, index, n)[::-1])[::-1]
    after_dense = shift(next_dense.astype(np.float64), -1, float(n))
    dense_after = np.where(after_dense < n, after_dense - index, n)
    first_dense = int(np.argmax(dense)) if dense.any() else n
    seen = np.cumsum((furniture > 0) & (index >= first_dense)) - ((furniture > 0) & (index >= first_dense))
    short = words < short_words
    reference = dense if dense.any() else words >= dense_words
    stop_ref = float(np.median(stop_frac[reference])) if reference.any() else 0.0
    words_ref = float(np.median(log_w[reference])) if reference.any() else 0.0
    blocks = np.cumsum(np.r_[True, numbers[1:] != numbers[:-1] + 1]) - 1
    chain_words = np.concatenate(([0.0], np.cumsum(words)))
    return {
        "region_distance": np.log1p(region_distance.astype(np.float64)),
        "dense_distance": np.where(dense, 0.0, np.log1p(np.minimum(dense_before, dense_after))),
        "dense_before": np.log1p(dense_before),
        "dense_after": np.log1p(dense_after),
        "short_run": np.where(short, np.log1p(runs(np.r_[True, short[1:] != short[:-1]]).astype(np.float64)), 0.0),
        "block_lines": np.log1p(runs(np.r_[True, numbers[1:] != numbers[:-1] + 1]).astype(np.float64)),
        "furniture_since_body": np.where(index > first_dense, np.log1p(seen.astype(np.float64)), -1.0),
        "chain_log_words": np.log1p(chain_words[chain_last + 1] - chain_words[chain_first]),
        "chain_log_lines": np.log1p((chain_last - chain_first).astype(np.float64)),
        "block_log_words": np.log1p(np.bincount(blocks, weights=words)[blocks]),
        "mass_before": before,
        "mass_after": 1.0 - before - np.where(dense, words / total, 0.0),
        "in_dense_region": ((index >= best_start) & (index <= best_end)).astype(np.float64),
        "window_dates": window(date_like) - date_like,
        "prev_log_words": shift(log_w, 1), "prev_terminal": shift(terminal, 1),
        "prev_stop_frac": shift(stop_frac, 1), "prev_removed": shift(removed, 1),
        "next_log_words": shift(log_w, -1), "next_terminal": shift(terminal, -1),
        "next_stop_frac": shift(stop_frac, -1), "next_removed": shift(removed, -1),
        "prev2_log_words": shift(log_w, 2), "next2_log_words": shift(log_w, -2),
        "window_terminal": window(terminal) / (hi - lo),
        "window_log_words": window(log_w) / (hi - lo),
        "window_furniture": window(furniture),
        "chain_terminal": terminal[chain_last],
        "in_chain": (chain_last > chain_first).astype(np.float64),
        "stop_rel": stop_frac / stop_ref if stop_ref > 0 else np.zeros(n),
        "words_rel": log_w - words_ref,
        "position": index / (n - 1) if n > 1 else np.zeros(n),
    }


@st.composite
def _pages_lines(draw):
    """A page's per-line inputs to page_columns: word counts about the short and dense bounds, flags, line numbers
    with gaps, and chains of neighbouring lines."""
    n = draw(st.integers(1, 30))
    row = st.lists(st.integers(0, 1), min_size=n, max_size=n)
    words = np.array(draw(st.lists(st.sampled_from([0, 1, 4, 5, 9, 10, 11, 30, 250]), min_size=n, max_size=n)),
                     dtype=np.float64)
    stops = np.array(draw(st.lists(st.integers(0, 30), min_size=n, max_size=n)), dtype=np.float64)
    stop_frac = np.divide(np.minimum(stops, words), words, out=np.zeros(n), where=words > 0)
    numbers = np.cumsum(np.array(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n))))
    breaks = np.array([True] + draw(st.lists(st.booleans(), min_size=n - 1, max_size=n - 1)))
    starts = np.flatnonzero(breaks)
    lengths = np.diff(np.append(starts, n))
    chain_first = np.repeat(starts, lengths)
    chain_last = np.repeat(starts + lengths - 1, lengths)
    return (words, np.array(draw(row), dtype=np.float64), stop_frac, *(np.array(draw(row), dtype=np.float64)
                                                                        for _ in range(3)),
            numbers, np.log1p(words), chain_first, chain_last, 5, 10)


@settings(max_examples=400, deadline=None)
@given(page=_pages_lines())
def test_the_page_columns_are_those_of_the_numpy_expressions_to_the_bit(page):
    """Pages without a paragraph, with one line, with ties for the median and for the best run included."""
    columns = compiled.page_columns(*page)
    expected = _page_columns_in_numpy(*page)
    assert set(expected) == set(compiled.PAGE_COLUMNS)
    for name, got in zip(compiled.PAGE_COLUMNS, columns):
        assert got.view(np.int64).tolist() == np.asarray(expected[name], dtype=np.float64).view(np.int64).tolist(), name


def _context_features_in_numpy(p, words):
    """The numpy expressions linemodel.context_features computed before its compiled pass: the reference."""
    n = len(p)
    index = np.arange(n)
    prefix = np.concatenate(([0.0], np.cumsum(p)))
    mass = np.concatenate(([0.0], np.cumsum(p * words)))
    total = mass[-1] or 1.0
    best_start, best_end = best_run(np.where(p > 0.5, words * (p - 0.5) * 2, -1.0 - (0.5 - p)).tolist())
    columns = []
    for k in WINDOWS:
        lo, hi = np.maximum(index - k, 0), np.minimum(index + k + 1, n)
        columns.append((prefix[hi] - prefix[lo] - p) / np.maximum(1, hi - lo - 1))
    distance = np.where(index < best_start, best_start - index, np.where(index > best_end, index - best_end, 0))
    previous = np.full(n, -1.0)
    previous[1:] = p[:-1]
    following = np.full(n, -1.0)
    following[:-1] = p[1:]
    columns += [previous, following, mass[:-1] / total, (total - mass[1:]) / total,
                ((index >= best_start) & (index <= best_end)).astype(np.float64), np.log1p(distance), p]
    return np.column_stack(columns) if n else np.zeros((0, len(CONTEXT_FEATURES)))


@settings(max_examples=400, deadline=None)
@given(data=st.data(), n=st.integers(0, 60))
def test_the_context_features_are_those_of_the_numpy_expressions_to_the_bit(data, n):
    """Scores about 0.5 and at 0 and 1, and pages with no likely line, included."""
    p = np.array(data.draw(st.lists(st.floats(0, 1) | st.sampled_from([0.0, 0.5, 1.0, 0.5000001]), min_size=n,
                                    max_size=n)))
    words = np.array(data.draw(st.lists(st.integers(0, 300), min_size=n, max_size=n)), dtype=np.float64)
    got = context_features(p, words)
    expected = _context_features_in_numpy(p, words)
    assert got.shape == expected.shape == (n, len(CONTEXT_FEATURES))
    assert got.view(np.int64).tolist() == expected.view(np.int64).tolist()


@settings(max_examples=400, deadline=None)
@given(data=st.data(), text=st.text(alphabet="ab\nΣσ😀", max_size=60), k=st.integers(1, 6))
def test_later_starts_tells_where_an_opening_is_found_again_as_str_find_does(data, text, k):
    """A small alphabet, so that openings recur; the answer for each start is str.find's, hashes or not."""
    if len(text) < k:
        # no window of k: every start "may" be found again, and the caller searches
        assert compiled.later_starts(code_points(text), k, [0], [0]).tolist() == [True]
        return
    starts = data.draw(st.lists(st.integers(0, len(text) - k), max_size=10))
    after = [data.draw(st.integers(0, len(text) + 1)) for _ in starts]
    found = compiled.later_starts(code_points(text), k, starts, after)
    assert found.tolist() == [text.find(text[s : s + k], a) >= 0 for s, a in zip(starts, after)]


@settings(max_examples=100, deadline=None, derandomize=True)
@given(x=st.text(alphabet="ab\nΣσ😀", min_size=140, max_size=200), y=st.text(alphabet="ab\nΣσ😀", max_size=40),
       k=st.sampled_from([1, 2, 63, 64, 65, 127, 128, 130]))
def test_later_starts_finds_an_opening_again_past_a_whole_turn_of_the_hash(x, y, k):
    """An opening repeated further on is found there by the rolling hash alone (its own window is
    behind ``after``), for windows of 64 codes and more, where the code leaving the window is
    turned by ``k % 64`` places (none at 64 and 128)."""
    text = x + y + x
    assert compiled.later_starts(code_points(text), k, [0, 5], [1, 6]).tolist() == [True, True]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 9), max_size=60), st.lists(st.integers(0, 60), max_size=6))
def test_line_words_counts_runs_and_halves_as_the_python_does(codes, cuts):
    # Code points 0-5 are in the table: 0-2 in a word, 3 a space, 4 and 5 Han or kana; 6-9 lie
    # past it, in a word. Lines are any spans, empty ones included.
    gaps = np.array([0, 0, 0, 1, 2, 2], dtype=np.uint8)
    bounds = sorted(min(cut, len(codes)) for cut in cuts)
    starts, ends = [0, *bounds], [*bounds, len(codes)]
    expected = []
    for start, end in zip(starts, ends):
        kinds = [int(gaps[code]) if code < len(gaps) else 0 for code in codes[start:end]]
        runs = sum(1 for k, kind in enumerate(kinds) if kind == 0 and (k == 0 or kinds[k - 1] != 0))
        expected.append(runs + kinds.count(2) / 2)
    got = compiled.line_words(np.array(codes, dtype=np.uint32), gaps, np.array(starts), np.array(ends))
    assert got.tolist() == expected


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 5), st.booleans()), max_size=40),
       st.sets(st.integers(0, 5)), st.integers(0, 3))
def test_distinct_marked_counts_each_line_s_set_of_kept_hashes_as_python_sets_do(tokens, marks, extra):
    # (line, hash, kept) in the order of their lines; a line may hold none; a hash not kept is
    # no value of its line, though a kept one may equal it.
    tokens = sorted(tokens, key=lambda token: token[0])
    n = 5 + extra
    lines = [line for line, _, _ in tokens]
    hashes = [h for _, h, _ in tokens]
    kept = [keep for _, _, keep in tokens]
    distinct, marked = compiled.distinct_marked(np.array(lines, dtype=np.int64), np.array(hashes, dtype=np.uint64),
                                                np.array(kept, dtype=bool), np.array(sorted(marks), dtype=np.uint64), n)
    values = [{h for line, h, keep in tokens if line == i and keep} for i in range(n)]
    assert distinct.tolist() == [len(v) for v in values]
    assert marked.tolist() == [len(v & marks) for v in values]


def test_distinct_marked_on_long_lines_of_many_hashes():
    # Lines of thousands of hashes (a Chinese paragraph gives one a character pair), many of them
    # repeated within a line and across lines, and full 64-bit values: the page's table of hashes
    # probes past taken slots, as the small values above rarely make it.
    rng = np.random.default_rng(7)
    pool = rng.integers(0, 2**64 - 1, size=700, dtype=np.uint64)
    lines = np.sort(rng.integers(0, 4, size=3000)).astype(np.int64)
    hashes = pool[rng.integers(0, len(pool), size=len(lines))]
    kept = rng.random(len(lines)) < 0.8
    marks = np.unique(pool[::3])
    distinct, marked = compiled.distinct_marked(lines, hashes, kept, marks, 5)
    values = [set(hashes[(lines == i) & kept].tolist()) for i in range(5)]
    assert distinct.tolist() == [len(v) for v in values]
    assert marked.tolist() == [len(v & set(marks.tolist())) for v in values]
    assert distinct[4] == 0 and min(distinct[:4]) > 300
