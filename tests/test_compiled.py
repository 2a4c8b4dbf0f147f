"""cleaner.compiled: the compiled loops give exactly what the Python they replace gives."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from cleaner.compiled import exact_stats
from cleaner.lang import _identifier, language_sample
from cleaner.linemodel import Forest, load
from cleaner.rulebook import builtin_rules_dir

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
                            np.array([-1, 5, 7], dtype=np.int64), 8)
    assert features.tolist() == [5, 7] and counts.tolist() == [2, 2]


# math.fsum, ported for the lexicon (cleaner.compiled.exact_stats).

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

