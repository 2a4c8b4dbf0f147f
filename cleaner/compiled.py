"""The loops that run as machine code: numba compiles them on first use.

Two inner loops of a page cost more in Python or numpy than everything around them, and neither
can be written as a few whole-array operations:

- walking the line model's trees (:meth:`cleaner.linemodel.Forest.margin`): each step of a walk
  depends on the one before, so numpy walked all trees level by level, eight array operations a
  level over every (line, tree) pair;
- py3langid's byte automaton (:mod:`cleaner.lang`): one table lookup a byte of the sample, each
  from the state the last one left.

Both are integer work and comparisons, so the compiled loops give exactly what the Python and
numpy code they replace gave; the float sums around them stay in numpy, in the same order.
numba (LLVM, ships as wheels) was chosen over writing C, which the project does not do, and over
LightGBM's own predictor, which costs 6 microseconds a line (docs/benchmarks.md). The first call
in a process compiles each loop, about half a second, or loads it from numba's cache (``cache=True``:
``__pycache__`` beside this file, or the user's cache folder when that is read-only).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np


def _tree_leaves(X: np.ndarray, feature: np.ndarray, threshold: np.ndarray, children: np.ndarray, roots: np.ndarray,
                 depth: int, value: np.ndarray, out: np.ndarray) -> None:
    rows, trees = X.shape[0], roots.shape[0]
    node = np.empty(rows, dtype=np.int64)
    for tree in range(trees):
        node[:] = roots[tree]
        for _ in range(depth):  # the rows of one tree level by level: independent steps, pipelined
            for row in range(rows):
                at = node[row]
                node[row] = children[2 * at + (X[row, feature[at]] <= threshold[at])]
        for row in range(rows):
            out[row, tree] = value[node[row]]


def _automaton_counts(data: np.ndarray, next_move: np.ndarray, row_base: np.ndarray, output: np.ndarray,
                      n_features: int) -> tuple[np.ndarray, np.ndarray]:
    counts = np.zeros(n_features, dtype=np.int64)
    order = np.empty(len(data), dtype=np.int64)
    found = 0
    state = 0
    for byte in data:
        state = next_move[row_base[state] + byte]
        feature = output[state]
        if feature >= 0:
            if counts[feature] == 0:
                order[found] = feature
                found += 1
            counts[feature] += 1
    order = order[:found]
    return order, counts[order]


@functools.cache
def _compiled(name: str) -> Callable:
    return _jit(globals()[name])


def _jit(func: Callable) -> Callable:
    """``func`` compiled by numba, with its machine code cached on disk when numba finds a folder
    it may write (beside this file, or the user's cache); where it finds none (a read-only
    install and home) numba refuses to cache, and the code is compiled in each process instead."""
    import numba  # here, not at import: `import cleaner` stays light for commands that never need it

    try:
        return numba.njit(cache=True, nogil=True)(func)
    except RuntimeError:  # "cannot cache function ...: no locator available"
        return numba.njit(nogil=True)(func)


def tree_leaves(X: np.ndarray, feature: np.ndarray, threshold: np.ndarray, children: np.ndarray,
                roots: np.ndarray, depth: int, value: np.ndarray) -> np.ndarray:
    """The leaf value each row of ``X`` reaches in each tree, shape (rows, trees). Trees are flat
    node arrays; ``children[2 * node + go_left]`` is the next node (a leaf points to itself), and
    every tree is walked ``depth`` steps."""
    out = np.empty((X.shape[0], len(roots)), dtype=np.float64)
    _compiled("_tree_leaves")(np.ascontiguousarray(X, dtype=np.float64), feature, threshold, children, roots,
                              depth, value, out)
    return out


def automaton_counts(data: bytes, next_move: np.ndarray, row_base: np.ndarray, output: np.ndarray,
                     n_features: int) -> tuple[np.ndarray, np.ndarray]:
    """The features a byte automaton outputs over ``data``, in the order each first appears, and
    how many times each does (py3langid's ``visit_counts``, whose ``Counter`` keeps that order)."""
    return _compiled("_automaton_counts")(np.frombuffer(data, dtype=np.uint8), next_move, row_base, output,
                                          n_features)
