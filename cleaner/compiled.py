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
- the line features' reading of a page (:mod:`cleaner.linefeatures`): a hash of each word's lower
  case (:func:`token_hashes`), so that no word becomes a Python string, each line's counts and end
  tests in one walk (:func:`line_shapes`), each line's distinct words (:func:`distinct_counts`), and
  the best-scoring run of lines (:func:`best_run`);
- the line model's choice of a setting for the page (:func:`choose`): five hysteresis passes
  over the page's scores and their expected utilities, a Python loop a line each.

All are integer work and comparisons, or float additions made in the order the Python they
replace made them, so the compiled loops give exactly what that code gave (tests/test_compiled.py
and tests/test_linemodel.py hold each to it); the float sums around them stay in numpy.
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


_FNV_OFFSET, _FNV_PRIME = 0xCBF29CE484222325, 0x100000001B3
NOT_MAPPED = 0xFFFFFFFF  # in a case table: the character's lower case is not one character of the table


def _token_hashes(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, lower: np.ndarray,
                  hashes: np.ndarray, exact: np.ndarray) -> None:
    # FNV-1a over the code points of each token codes[starts[t]:ends[t]], each read through the
    # case table; a token holding a character the table cannot map is marked inexact.
    size = lower.shape[0]
    for t in range(starts.shape[0]):
        h = np.uint64(_FNV_OFFSET)
        for i in range(starts[t], ends[t]):
            code = codes[i]
            if code >= size or lower[code] == NOT_MAPPED:
                exact[t] = False
                break
            h = (h ^ np.uint64(lower[code])) * np.uint64(_FNV_PRIME)
        hashes[t] = h


def _distinct_counts(offsets: np.ndarray, hashes: np.ndarray, marked: np.ndarray, distinct: np.ndarray,
                     distinct_marked: np.ndarray) -> None:
    # Each group's distinct hashes, found by comparing each with those before it in its group:
    # a line holds tens of words, so this beats sorting.
    for group in range(offsets.shape[0] - 1):
        lo, hi = offsets[group], offsets[group + 1]
        for t in range(lo, hi):
            seen = False
            for u in range(lo, t):
                if hashes[u] == hashes[t]:
                    seen = True
                    break
            if not seen:
                distinct[group] += 1
                if marked[t]:
                    distinct_marked[group] += 1


def _line_shapes(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, in_word: np.ndarray, first: np.ndarray,
                 alpha: np.ndarray, upper: np.ndarray, digit: np.ndarray, separator: np.ndarray, closer: np.ndarray,
                 terminal: np.ndarray, space: np.ndarray, bullet_mark: np.ndarray, number_end: np.ndarray,
                 out: np.ndarray) -> None:
    last = codes.shape[0] - 1
    marks, ends_of_numbers = bullet_mark.shape[0] - 1, number_end.shape[0] - 1
    for line in range(starts.shape[0]):
        lo, hi = starts[line], ends[line]
        word_chars = alpha_words = capital_words = spaces = digits = separators = sentences = 0
        for i in range(lo, hi):
            word_chars += in_word[i]
            if first[i] and alpha[i]:
                alpha_words += 1
                capital_words += upper[i]
            spaces += codes[i] == 32
            digits += digit[i]
            separators += separator[i]
            if terminal[i]:  # a sentence ends if, after any closing quotes, a space or the line's end follows
                k = i + 1
                while k < last and closer[k]:
                    k += 1
                sentences += space[k]
        j = hi - 1  # the last character that closes nothing
        while j >= lo and closer[j]:
            j -= 1
        opened = j >= lo
        ellipsis = opened and (codes[j] == 0x2026 or (j - 2 >= lo and codes[j] == 46 and codes[j - 1] == 46
                                                     and codes[j - 2] == 46))
        length = hi - lo
        bullet = length >= 2 and bullet_mark[min(codes[lo], marks)] and space[lo + 1]
        k = 0
        while not bullet and k < 3 and length >= k + 3 and digit[lo + k]:
            bullet = number_end[min(codes[lo + k + 1], ends_of_numbers)] and space[lo + k + 2]
            k += 1
        out[line, 0] = word_chars
        out[line, 1] = alpha_words
        out[line, 2] = capital_words
        out[line, 3] = length - spaces
        out[line, 4] = digits
        out[line, 5] = separators
        out[line, 6] = opened and terminal[j]
        out[line, 7] = length > 0 and codes[hi - 1] == 58
        out[line, 8] = sentences
        out[line, 9] = bullet
        out[line, 10] = ellipsis


def _best_run(scores: np.ndarray) -> tuple[int, int]:
    # linefeatures.best_run's loop, the same float additions in the same order.
    best, best_start, best_end, run, run_start = 0.0, 0, -1, 0.0, 0
    for i in range(scores.shape[0]):
        if run <= 0:
            run, run_start = 0.0, i
        run += scores[i]
        if run > best:
            best, best_start, best_end = run, run_start, i
    return best_start, best_end


def _kept(scores: np.ndarray, threshold: float, keep_best: float, extend: float, bridge: float,
          keep: np.ndarray) -> None:
    # linemodel.kept with extend and bridge given, into keep.
    n = scores.shape[0]
    best = scores[0]
    for i in range(1, n):
        if scores[i] > best:
            best = scores[i]
    cut = keep_best * best if best < threshold and keep_best > 0 else threshold
    for i in range(n):
        keep[i] = scores[i] >= cut
    extend = min(extend, cut)
    if extend < cut:
        for i in range(1, n):
            if not keep[i] and keep[i - 1] and scores[i] >= extend:
                keep[i] = True
        for i in range(n - 2, -1, -1):
            if not keep[i] and keep[i + 1] and scores[i] >= extend:
                keep[i] = True
    bridge = min(bridge, cut)
    if bridge < cut:
        i = 0
        while i < n:
            if keep[i]:
                i += 1
                continue
            j = i
            while j < n and not keep[j] and scores[j] >= bridge:
                j += 1
            if i > 0 and keep[i - 1] and j < n and keep[j]:
                for k in range(i, j):
                    keep[k] = True
            i = max(j, i + 1)


def _choose(scores: np.ndarray, words: np.ndarray, settings: np.ndarray, keep_best: float,
            precision_weight: float, decisions: np.ndarray) -> int:
    # linemodel.choose: each setting's kept lines, and the first with the highest expected utility,
    # summed as Python's sum() adds, left to right.
    n = scores.shape[0]
    weights = np.empty(n)
    article_weights = np.empty(n)
    article = 0.0
    for i in range(n):
        weights[i] = max(words[i], 1.0)
        article_weights[i] = scores[i] * weights[i]
        article += article_weights[i]
    best, best_value = 0, 0.0
    for s in range(settings.shape[0]):
        keep = decisions[s]
        _kept(scores, settings[s, 0], keep_best, settings[s, 1], settings[s, 2], keep)
        kept_words = kept_article = 0.0
        for i in range(n):
            if keep[i]:
                kept_words += weights[i]
                kept_article += article_weights[i]
        precision = kept_article / kept_words if kept_words else 0.0
        recall = kept_article / article if article else 0.0
        value = precision_weight * precision + (1.0 - precision_weight) * recall
        if s == 0 or value > best_value:
            best, best_value = s, value
    return best


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


@functools.cache
def _compiled(name: str) -> Callable:
    if name == "_choose":  # it calls _kept, which must be compiled for that
        globals()["_kept"] = _compiled("_kept")
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


def token_hashes(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                 lower: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A 64-bit FNV-1a hash of each token ``codes[starts[t]:ends[t]]`` (code points, from
    :func:`cleaner.codepoints.code_points`) read through the table ``lower`` (``lower[code]`` is the
    code point to hash for ``code``), and whether the table could map every character of it: where
    not (a code beyond the table, or one it marks :data:`NOT_MAPPED`), the hash is to be made from
    the token's text by the caller."""
    hashes = np.empty(len(starts), dtype=np.uint64)
    exact = np.ones(len(starts), dtype=np.bool_)
    _compiled("_token_hashes")(codes, np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64),
                               lower, hashes, exact)
    return hashes, exact


def distinct_counts(offsets: np.ndarray, hashes: np.ndarray, marked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each group ``hashes[offsets[g]:offsets[g + 1]]``, how many distinct values it holds, and
    how many of those are ``marked`` (equal hashes are marked alike)."""
    groups = len(offsets) - 1
    distinct = np.zeros(groups, dtype=np.int64)
    distinct_marked = np.zeros(groups, dtype=np.int64)
    _compiled("_distinct_counts")(np.asarray(offsets, dtype=np.int64), hashes, np.asarray(marked, dtype=np.bool_),
                                  distinct, distinct_marked)
    return distinct, distinct_marked


LINE_SHAPES = ("word_chars", "alpha_words", "capital_words", "nonspace", "digits", "separators", "terminal",
               "ends_colon", "sentences", "bullet", "ends_ellipsis")


def line_shapes(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, classes: list[np.ndarray],
                bullet_mark: np.ndarray, number_end: np.ndarray) -> np.ndarray:
    """The counts and tests of :data:`LINE_SHAPES` for each line ``codes[starts[i]:ends[i]]`` of a
    page whose every line is followed by a line break, as a float array (lines, 11). ``classes``
    are boolean arrays over ``codes``: word characters, word starts, letters, capitals, digits,
    separators, closing quotes and brackets, sentence-final punctuation and white space;
    ``bullet_mark`` and ``number_end`` are tables by code point (a code beyond one reads its last
    slot) of the marks that open a list item and of what ends its number."""
    out = np.zeros((len(starts), len(LINE_SHAPES)), dtype=np.float64)
    _compiled("_line_shapes")(codes, np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64),
                              *classes, bullet_mark, number_end, out)
    return out


def best_run(scores: np.ndarray) -> tuple[int, int]:
    """First and last index of the run of ``scores`` with the highest total, ``(0, -1)`` when none
    is above zero (:func:`cleaner.linefeatures.best_run`, compiled)."""
    start, end = _compiled("_best_run")(np.ascontiguousarray(scores, dtype=np.float64))
    return int(start), int(end)


def choose(scores: list[float], words: list[float], settings: list[tuple[float, float, float]], keep_best: float,
           precision_weight: float) -> tuple[int, list[bool]]:
    """:func:`cleaner.linemodel.choose` compiled: the same float operations in the same order, so
    the same choice and lines."""
    decisions = np.zeros((len(settings), len(scores)), dtype=np.bool_)
    best = _compiled("_choose")(np.asarray(scores, dtype=np.float64), np.asarray(words, dtype=np.float64),
                                np.asarray(settings, dtype=np.float64).reshape(-1, 3), float(keep_best),
                                float(precision_weight), decisions)
    return int(best), decisions[best].tolist()


def text_hash(text: str) -> int:
    """The hash :func:`token_hashes` gives a token whose characters map to ``text``: for words
    that are not read from a page's code points (a stoplist, a title's words), and for the tokens
    it could not map."""
    h = _FNV_OFFSET
    for char in text:
        h = ((h ^ ord(char)) * _FNV_PRIME) & 0xFFFFFFFFFFFFFFFF
    return h


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
