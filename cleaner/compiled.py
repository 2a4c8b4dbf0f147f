"""The loops that run as machine code: numba compiles them on first use.

These inner loops cost more in Python or numpy than everything around them, and none can be
written as a few whole-array operations:

- walking the line model's trees (:meth:`cleaner.linemodel.Forest.margin`): each step of a walk
  depends on the one before, so numpy walked all trees level by level, eight array operations a
  level over every (line, tree) pair;
- py3langid's byte automaton (:mod:`cleaner.lang`): one table lookup a byte of the sample, each
  from the state the last one left;
- difflib's search for the longest matching block, which ``cleaner check`` runs to place each
  change ftfy made in a line (:func:`matching_blocks`): a dictionary lookup for each pair of equal
  characters of the two lines, about 3 ms for a paragraph;
- ``math.fsum`` of each line's values (:func:`exact_stats`), for the line model's lexicon.

The first three are integer work and comparisons, so the compiled loops give exactly what the
Python and numpy code they replace gave; where float sums remain around them they stay in numpy,
in the same order. The fourth is CPython's own ``math_fsum`` algorithm, ported line by line: its
sum is the correctly rounded one, so it gives ``math.fsum``'s result bit for bit, in any order.
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


def _matching_blocks(lo: np.ndarray, hi: np.ndarray, positions: np.ndarray, length_a: int,
                     length_b: int) -> np.ndarray:
    # difflib.SequenceMatcher.get_matching_blocks with no junk and autojunk=False: the ranges left
    # and right of each longest match are searched in turn. find_longest_match's dictionaries are
    # arrays here: before[j + 1] is the run of matches that ends at (i - 1, j), kept zero where it
    # has none, and set_before lists the entries to clear.
    before = np.zeros(length_b + 1, dtype=np.int64)
    now = np.zeros(length_b + 1, dtype=np.int64)
    set_before = np.empty(length_b, dtype=np.int64)
    set_now = np.empty(length_b, dtype=np.int64)
    queue = np.empty((length_a + 2, 4), dtype=np.int64)  # each match leaves at most one range more
    blocks = np.empty((length_a + 1, 3), dtype=np.int64)
    queue[0, 0], queue[0, 1], queue[0, 2], queue[0, 3] = 0, length_a, 0, length_b
    queued = 1
    found = 0
    while queued:
        queued -= 1
        alo, ahi, blo, bhi = queue[queued, 0], queue[queued, 1], queue[queued, 2], queue[queued, 3]
        besti, bestj, bestsize = alo, blo, 0
        n_before = 0
        for i in range(alo, ahi):
            n_now = 0
            for t in range(lo[i], hi[i]):  # where a[i] is in b, in order
                j = positions[t]
                if j < blo:
                    continue
                if j >= bhi:
                    break
                k = before[j] + 1
                now[j + 1] = k
                set_now[n_now] = j + 1
                n_now += 1
                if k > bestsize:  # the first longest: the earliest in a, then in b
                    besti, bestj, bestsize = i - k + 1, j - k + 1, k
            for t in range(n_before):
                before[set_before[t]] = 0
            before, now = now, before
            set_before, set_now = set_now, set_before
            n_before = n_now
        for t in range(n_before):
            before[set_before[t]] = 0
        if bestsize:
            blocks[found, 0], blocks[found, 1], blocks[found, 2] = besti, bestj, bestsize
            found += 1
            if alo < besti and blo < bestj:
                queue[queued, 0], queue[queued, 1], queue[queued, 2], queue[queued, 3] = alo, besti, blo, bestj
                queued += 1
            if besti + bestsize < ahi and bestj + bestsize < bhi:
                queue[queued, 0], queue[queued, 1] = besti + bestsize, ahi
                queue[queued, 2], queue[queued, 3] = bestj + bestsize, bhi
                queued += 1
    return blocks[:found]


def _exact_stats(values: np.ndarray, counts: np.ndarray, out: np.ndarray) -> None:
    # math.fsum of each group of values, ported from CPython's math_fsum (Modules/mathmodule.c):
    # Shewchuk's non-overlapping partials, summed from the top while the sum stays exact, then
    # the correction that rounds half-even across partials. Then the group's mean, min, max, size.
    partials = np.empty(max(1, counts.max()) if counts.shape[0] else 1, dtype=np.float64)
    at = 0
    for group in range(counts.shape[0]):
        size = counts[group]
        n = 0
        special_sum = 0.0
        inf_sum = 0.0
        lo = 0.0
        for v in range(at, at + size):
            x = values[v]
            xsave = x
            i = 0
            for j in range(n):
                y = partials[j]
                if abs(x) < abs(y):
                    x, y = y, x
                hi = x + y
                yr = hi - x
                lo = y - yr
                if lo != 0.0:
                    partials[i] = lo
                    i += 1
                x = hi
            n = i
            if x != 0.0:
                if not np.isfinite(x):
                    # a result of intermediate overflow, or of a nan or inf among the values
                    if np.isfinite(xsave):
                        raise OverflowError("intermediate overflow in fsum")
                    if np.isinf(xsave):
                        inf_sum += xsave
                    special_sum += xsave
                    n = 0
                else:
                    partials[n] = x
                    n += 1
        if special_sum != 0.0:
            if np.isnan(inf_sum):
                raise ValueError("-inf + inf in fsum")
            hi = special_sum
        else:
            hi = 0.0
            if n > 0:
                n -= 1
                hi = partials[n]
                while n > 0:  # from the top while the sum stays exact
                    x = hi
                    n -= 1
                    y = partials[n]
                    hi = x + y
                    yr = hi - x
                    lo = y - yr
                    if lo != 0.0:
                        break
                if n > 0 and ((lo < 0.0 and partials[n - 1] < 0.0) or (lo > 0.0 and partials[n - 1] > 0.0)):
                    y = lo * 2.0  # half-even rounding across partials
                    x = hi + y
                    yr = x - hi
                    if y == yr:
                        hi = x
        if size:
            smallest = largest = values[at]
            for v in range(at + 1, at + size):
                if values[v] < smallest:
                    smallest = values[v]
                if values[v] > largest:
                    largest = values[v]
            out[group, 0], out[group, 1], out[group, 2], out[group, 3] = hi, hi / size, smallest, largest
        else:
            out[group, 0], out[group, 1], out[group, 2], out[group, 3] = 0.0, 0.0, 0.0, 0.0
        out[group, 4] = size
        at += size


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


def matching_blocks(a: str, b: str) -> list[tuple[int, int, int]]:
    """The matching blocks ``(i, j, size)`` of ``a`` and ``b`` in order, as
    ``difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()`` finds them,
    before it joins adjacent blocks and adds the ``(len(a), len(b), 0)`` that ends the list."""
    codes_a = np.frombuffer(a.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    codes_b = np.frombuffer(b.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    order = np.argsort(codes_b, kind="stable")  # b's positions, by character, in order
    by_char = codes_b[order]
    lo = np.searchsorted(by_char, codes_a, "left")
    hi = np.searchsorted(by_char, codes_a, "right")
    blocks = _compiled("_matching_blocks")(lo, hi, order, len(a), len(b))
    return sorted((i, j, size) for i, j, size in blocks.tolist())


def exact_stats(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Of each group of ``values`` (``counts[g]`` of them for group ``g``, one group after another):
    its sum, as ``math.fsum`` gives it, bit for bit (the correctly rounded sum, so the same in any
    order); its mean (that sum over the size); its smallest and largest value, the first of equals
    as ``min`` and ``max`` give it; and its size. An empty group's row is zeros. Shape (groups, 5).
    Raises as ``math.fsum`` does: ``OverflowError`` when a partial sum overflows, ``ValueError``
    on ``-inf + inf``."""
    out = np.empty((len(counts), 5), dtype=np.float64)
    _compiled("_exact_stats")(np.asarray(values, dtype=np.float64), np.asarray(counts, dtype=np.int64), out)
    return out
