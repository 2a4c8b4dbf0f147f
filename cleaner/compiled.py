"""The loops that run as machine code: numba compiles them on first use.

These inner loops cost more in Python or numpy than everything around them, and none can be
written as a few whole-array operations:

- walking the line model's trees (:meth:`cleaner.linemodel.Forest.margin`), laid out level by level
  (:func:`tree_levels`) or node by node (:func:`tree_leaves`): each step of a walk
  depends on the one before, so numpy walked all trees level by level, eight array operations a
  level over every (line, tree) pair;
- py3langid's byte automaton (:mod:`cleaner.lang`): one table lookup a byte of the sample, each
  from the state the last one left (walked in pieces side by side, see :data:`_WALKS`);
- difflib's search for the longest matching block, which ``cleaner check`` runs to place each
  change ftfy made in a line (:func:`matching_blocks`): a dictionary lookup for each pair of equal
  characters of the two lines, about 3 ms for a paragraph;
- the line features' reading of a page (:mod:`cleaner.linefeatures`): its words, a hash of each
  one's lower case, so that no word becomes a Python string, and each line's counts and end tests,
  in one walk over its code points and their character classes (:func:`page_words`, the classes
  looked up by :func:`code_bits`), each line's distinct words (:func:`distinct_marked`),
  the words' lookups in stoplists and word lists (:class:`HashIndex`), and the best-scoring run
  of lines (:func:`best_run`), the features that read the lines around each line
  (:func:`page_columns`: running sums, neighbours, windows, runs and medians, some sixty numpy
  calls a page, whose cost was their number, not the lines), and with them each line's ratios,
  paragraph chain and title rows, written in one pass in place of some fifty more
  (:func:`feature_rows`);
- the line model's choice of a setting for the page (:func:`choose`): five hysteresis passes
  over the page's scores and their expected utilities, a Python loop a line each;
- the lexicon's keys of every line of a page (:meth:`cleaner.linemodel.Lexicon.features`,
  :func:`lexicon_hits`): in Python a regular expression, a set and a dictionary lookup a key
  built as a string, 3.6 ms for a WCXB-dev page; here one pass over the page's code points
  splits, hashes and looks up the keys in a :class:`KeyTable`, whose hashes the same FNV-1a code
  made (:func:`key_hashes`);
- ``math.fsum`` of each line's values (:func:`exact_stats`): a call a line in Python;
- cut-after's words of every line (:func:`line_words`): ``str.split`` a line, or counting spaces
  over the page's bytes only when no line of it held a double space or a tab;
- lower-casing a long page that is not all ASCII (:func:`lower_codes`, through the case table of
  :func:`cleaner.codepoints.lower_table`): ``str.lower`` looks each character up in Unicode's
  tables, about 9 ns a character;
- the first three characters of each of a page's lines, for the rules' anchored prefilters
  (:func:`line_heads`, :mod:`cleaner.prefilter`): some fifteen numpy calls a page in place of one.

The loops are integer work and comparisons, or float additions made in the order the Python they
replace made them, so they give exactly what that code gave (tests/test_compiled.py and
tests/test_linemodel.py hold each to it); where float sums remain around them they stay in numpy.
The exception is ``math.fsum`` (:func:`exact_stats`): CPython's own ``math_fsum`` algorithm,
ported line by line, whose sum is the correctly rounded one, so it gives ``math.fsum``'s result
bit for bit, in any order.

numba (LLVM, ships as wheels) was chosen over writing C, which the project does not do, and over
LightGBM's own predictor, which costs 6 microseconds a line (docs/benchmarks.md). The first call
in a process compiles each loop, about half a second, or loads it from numba's cache (``cache=True``:
``__pycache__`` beside this file, or the user's cache folder when that is read-only).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np


def _tree_leaves(X: np.ndarray, nodes: np.ndarray, threshold: np.ndarray, roots: np.ndarray, depth: int,
                 value: np.ndarray, out: np.ndarray) -> None:
    rows, trees = X.shape[0], roots.shape[0]
    node = np.empty(rows, dtype=np.int64)
    for tree in range(trees):
        node[:] = roots[tree]
        for _ in range(depth):  # the rows of one tree level by level: independent steps, pipelined
            for row in range(rows):
                at = node[row]
                node[row] = nodes[at, 1 + (X[row, nodes[at, 0]] <= threshold[at])]
        for row in range(rows):
            out[row, tree] = value[node[row]]


# The top levels of a laid-out tree, which _tree_levels tests place by place on every row: the 15
# places of four levels, a test each on every row, cost less than four steps a row that each wait on
# the one before (0.78 of the time of every level row by row, on the line model's trees).
_WIDE_LEVELS = 4


def _tree_levels(XT: np.ndarray, feature: np.ndarray, threshold: np.ndarray, value: np.ndarray, depth: int,
                 out: np.ndarray) -> None:
    rows, trees = XT.shape[1], feature.shape[0]
    node = np.empty(rows, dtype=np.int64)
    wide = min(depth, _WIDE_LEVELS)
    for tree in range(trees):
        node[:] = 0
        # The top levels place by place: each place's test on every row (a feature's values side
        # by side), kept for the rows at that place; no step waits on the one before.
        for level in range(wide):
            for at in range((1 << level) - 1, (1 << (level + 1)) - 1):
                values, limit = XT[feature[tree, at]], threshold[tree, at]
                for row in range(rows):
                    below = 2 * at + 2 - np.int64(values[row] <= limit)
                    node[row] = below if node[row] == at else node[row]
        # The rest row by row, level by level: a row's next place depends on where it is.
        for _ in range(depth - wide):
            for row in range(rows):
                at = node[row]
                node[row] = 2 * at + 2 - (XT[feature[tree, at], row] <= threshold[tree, at])
        for row in range(rows):
            out[row, tree] = value[tree, node[row] - feature.shape[1]]


def _later_starts(codes: np.ndarray, k: int, starts: np.ndarray, after: np.ndarray, out: np.ndarray) -> None:
    # A rolling hash of each window of k codes (a cyclic polynomial, "buzhash": each code spread by
    # a multiply, rotated by its place in the window, and the window's XORed; rolling on takes a
    # rotation and two XORs, where a product of powers would wait on two multiplies), checked
    # against the openings' hashes: a bitmap first, which most windows fail, then a small table
    # that keeps the last place each opening's hash was seen at.
    windows = codes.shape[0] - k + 1
    if windows <= 0:  # no window: nothing is told apart
        out[:] = True
        return
    spread, turn, out_turn = np.uint64(_SPREAD), np.uint64(1), np.uint64(k % 64)
    back = (np.uint64(64) - out_turn) & np.uint64(63)  # (a turn by 0 leaves the code as it is)
    size, bits = 16, 4
    while size < 2 * starts.shape[0]:
        size, bits = size * 2, bits + 1
    mask, shift = size - 1, np.uint64(64 - bits)
    keys = np.zeros(size, dtype=np.uint64)
    last = np.full(size, -2, dtype=np.int64)  # -2: an empty slot; -1: an opening's, not seen yet
    seen = np.zeros(1 << 12, dtype=np.bool_)  # by a hash's low 12 bits: whether an opening has them
    slot_of = np.full(starts.shape[0], -1, dtype=np.int64)
    order = np.argsort(starts, kind="mergesort")
    h = np.uint64(0)
    for j in range(k):
        h = ((h << turn) | (h >> np.uint64(63))) ^ (np.uint64(codes[j]) * spread)
    next_start = 0
    next_at = starts[order[0]] if order.shape[0] else -1  # where the next opening's window is
    p = 0
    while True:  # window p, whose hash is h
        # An opening's hash enters the table when its own window passes (in the order of the starts).
        while p == next_at:
            slot = np.int64((h * spread) >> shift)
            while last[slot] != -2 and keys[slot] != h:
                slot = (slot + 1) & mask
            keys[slot] = h
            if last[slot] == -2:
                last[slot] = -1
            seen[h & np.uint64(4095)] = True
            slot_of[order[next_start]] = slot
            next_start += 1
            next_at = starts[order[next_start]] if next_start < order.shape[0] else -1
        if seen[h & np.uint64(4095)]:
            slot = np.int64((h * spread) >> shift)
            while last[slot] != -2:
                if keys[slot] == h:
                    last[slot] = p
                    break
                slot = (slot + 1) & mask
        p += 1
        if p == windows:
            break
        # (the steps off the hash's own chain of turns and XORs, which each window waits on, are
        # worked out beside it: no branch a window but the table's)
        gone = np.uint64(codes[p - 1]) * spread
        gone = (gone << out_turn) | (gone >> back)
        h = ((h << turn) | (h >> np.uint64(63))) ^ gone ^ (np.uint64(codes[p + k - 1]) * spread)
    for i in range(starts.shape[0]):
        # past the last window (fewer than k codes from there): not told apart, so "may"
        out[i] = True if slot_of[i] < 0 else last[slot_of[i]] >= after[i]


# A sample's walk through the byte automaton is cut into _WALKS pieces walked side by side. Each
# step of one walk waits on the load of the step before (the state's row, then its entry), from
# tables the rest of a page has pushed out of the cache: one walk goes at the speed of memory,
# 146 ns a byte of a daniel-dev sample in the pipeline, and the loads of several walks overlap
# (63 ns). A piece is walked from the start state _WALK_WARM bytes before its own first byte: in
# py3langid's automaton (Aho-Corasick's, over byte n-grams) the state is the longest end of the
# text read that is in its trie, at most 6 bytes, so by its first byte the piece's walk is in the
# state the whole walk is in. That is checked, against the piece before, and a piece found out of
# step is walked again from the true state: whatever the automaton, the features are the whole
# walk's, in its order.
_WALKS = 8
_WALK_WARM = 8


def _automaton_counts(data: np.ndarray, next_move: np.ndarray, row_base: np.ndarray,
                      output: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    size = data.shape[0]
    piece = (size + _WALKS - 1) // _WALKS
    first = np.empty(_WALKS, dtype=np.int64)
    stop = np.empty(_WALKS, dtype=np.int64)
    at = np.empty(_WALKS, dtype=np.int64)  # where each walk starts, in the start state 0
    state = np.zeros(_WALKS, dtype=np.int64)
    entry = np.zeros(_WALKS, dtype=np.int64)  # each walk's state before its piece's first byte
    longest = 0
    for k in range(_WALKS):
        first[k] = min(size, k * piece)
        stop[k] = min(size, first[k] + piece)
        at[k] = max(0, first[k] - _WALK_WARM)
        longest = max(longest, stop[k] - at[k])
    output_at = np.empty(size, dtype=np.int64)  # the feature output at each byte (-1: none)
    for step in range(longest):
        for k in range(_WALKS):
            p = at[k] + step
            if p < stop[k]:
                if p == first[k]:
                    entry[k] = state[k]
                state[k] = next_move[row_base[state[k]] + data[p]]
                if p >= first[k]:
                    output_at[p] = output[state[k]]
    true_state = 0  # the whole walk's, before piece k
    for k in range(_WALKS):
        if first[k] == stop[k]:
            continue
        if entry[k] != true_state:  # out of step: walked again from the true state
            current = true_state
            for p in range(first[k], stop[k]):
                current = next_move[row_base[current] + data[p]]
                output_at[p] = output[current]
            state[k] = current
        true_state = state[k]
    # Each feature's place in `order` is kept in a small open-addressing table (a page's sample
    # holds a few hundred features; the model knows 100,000, whose dense counts array cost a
    # zeroed 800 KB a call).
    slots = 16
    while slots < 2 * size:
        slots *= 2
    mask = slots - 1
    keys = np.full(slots, -1, dtype=np.int64)
    place = np.empty(slots, dtype=np.int64)
    order = np.empty(size, dtype=np.int64)
    counts = np.zeros(size, dtype=np.int64)
    found = 0
    for p in range(size):
        feature = output_at[p]
        if feature >= 0:
            slot = (feature * 0x9E3779B1) & mask
            while keys[slot] != feature and keys[slot] != -1:
                slot = (slot + 1) & mask
            if keys[slot] == -1:
                keys[slot] = feature
                place[slot] = found
                order[found] = feature
                found += 1
            counts[place[slot]] += 1
    return order[:found], counts[:found]


def _code_bits(codes: np.ndarray, known: np.ndarray, bits: np.ndarray) -> np.ndarray:
    # bits[i] is the answers to codes[i], from the table where it holds them (-1 where not, and
    # beyond it: 0 is left for the caller to fill); the places of the codes it does not answer are
    # returned.
    size = codes.shape[0]
    unknown = np.empty(size, dtype=np.int64)
    missing = 0
    for i in range(size):
        code = codes[i]
        if code < known.shape[0] and known[code] >= 0:
            bits[i] = known[code]
        else:
            bits[i] = 0
            unknown[missing] = i
            missing += 1
    return unknown[:missing]


def _lower_codes(codes: np.ndarray, table: np.ndarray, out: np.ndarray) -> int:
    # out[i] is table[codes[i]], or codes[i] itself where the table has no single character for
    # it (NOT_MAPPED) or ends before it; how many codes were such is returned.
    size = table.shape[0]
    unmapped = 0
    for i in range(codes.shape[0]):
        code = codes[i]
        low = table[code] if code < size else NOT_MAPPED
        if low == NOT_MAPPED:
            unmapped += 1
            low = code
        out[i] = low
    return unmapped


def _lexical_codes(codes: np.ndarray, bits: np.ndarray, table: np.ndarray, word_bit: int, cjk_bit: int,
                   digit_bit: int, out: np.ndarray, word: np.ndarray, cjk: np.ndarray) -> int:
    # _lower_codes, then each code whose bits have digit_bit set made "0" (48), and which codes
    # have word_bit and cjk_bit set: the four numpy passes PageText.lexical made, in one.
    unmapped = _lower_codes(codes, table, out)
    word_mask, cjk_mask, digit_mask = np.int64(1) << word_bit, np.int64(1) << cjk_bit, np.int64(1) << digit_bit
    for i in range(codes.shape[0]):
        b = bits[i]
        if b & digit_mask:
            out[i] = 48
        word[i] = (b & word_mask) != 0
        cjk[i] = (b & cjk_mask) != 0
    return unmapped


def _marked_lines(codes: np.ndarray, kinds: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool, bool]:
    # The lines (split at "\n", 10) holding a code marked in `kinds` (bit 0; its last slot stands
    # for every code past it), in order, and where each starts; whether the text has no tab (9),
    # form feed (12), two spaces (32) side by side, or space at either end of a line; and whether
    # it holds a code of bit 4. kinds[code] also tells the line break (bit 1), the space (bit 2),
    # and the tab and form feed (bit 3).
    lines = 1
    for i in range(codes.shape[0]):
        lines += codes[i] == 10
    out = np.empty(lines, dtype=np.int64)
    starts = np.empty(lines, dtype=np.int64)
    beyond = kinds.shape[0] - 1
    found, line, last_marked, line_start = 0, 0, -1, 0
    spaced = 0  # 1 once the text is found not single-spaced
    seen = 0  # the bits of all the codes
    before = 2  # the text starts as a line does, after a break
    for i in range(codes.shape[0]):
        kind = int(kinds[min(codes[i], beyond)])
        # (in arithmetic, not branches: a space comes every few characters, at no steady pace)
        brk, space = (kind >> 1) & 1, (kind >> 2) & 1  # (before: the kind of the code before)
        spaced |= (brk & (before >> 2)) | (space & ((before >> 1) | (before >> 2))) | ((kind >> 3) & 1)
        seen |= kind
        line += brk
        line_start = i + 1 if brk else line_start
        if kind & 1 and last_marked != line:
            out[found] = line
            starts[found] = line_start
            found += 1
            last_marked = line
        before = kind
    spaced |= (before >> 2) & 1
    return out[:found], starts[:found], (spaced & 1) == 0, (seen & 16) != 0


def _bad_lines(codes: np.ndarray, starts: np.ndarray, classes: np.ndarray, masks0: np.ndarray, masks1: np.ndarray,
               program: np.ndarray, out: np.ndarray) -> None:
    # Shift-and over each line starting at `starts` (up to the next "\n", 10, or the end): the
    # state's bit at a place is set where the characters up to here fill an alternative's places
    # up to that one, in two 64-bit words. program: the words' start, anchored and final bits.
    # out: 1 where a run reached its last place, 0 where none did, -1 for a line with a code past
    # the table.
    start0, start1, anchored0, anchored1, final0, final1 = program[0], program[1], program[2], program[3], \
        program[4], program[5]
    one, n, beyond = np.uint64(1), codes.shape[0], classes.shape[0]
    for k in range(starts.shape[0]):
        i = starts[k]
        told = 0
        state0 = state1 = np.uint64(0)
        head0, head1 = start0 | anchored0, start1 | anchored1  # "^" at the line's first character only
        while i < n and codes[i] != 10:
            code = codes[i]
            if code >= beyond:
                told = -1
                break
            cls = classes[code]
            state0 = ((state0 << one) | head0) & masks0[cls]
            state1 = ((state1 << one) | head1) & masks1[cls]
            if (state0 & final0) | (state1 & final1):
                told = 1
                break
            head0, head1 = start0, start1
            i += 1
        out[k] = told


# The words pattern_flags spells, as code points.
_HTTP, _WWW_DOT, _SLASHES = (np.array([ord(char) for char in word], dtype=np.uint32) for word in ("http", "www.", "://"))
_COM, _ORG, _NET = (np.array([ord(char) for char in word], dtype=np.uint32) for word in (".com", ".org", ".net"))
_COPYRIGHT, _C_MARK = (np.array([ord(char) for char in word], dtype=np.uint32) for word in ("copyright", "(c)"))


def _pattern_flags(codes: np.ndarray, bits: np.ndarray, starts: np.ndarray, ends: np.ndarray, dated: np.ndarray,
                   flags: np.ndarray) -> None:
    # Each line codes[starts[i]:ends[i]] searched for four patterns, by hand; 1.0 in flags[k, i]
    # where pattern k is found:
    #   0  https?://|www\.|\.(?:com|org|net)\b   in the line lower-cased
    #   1  \w@\w
    #   2  \b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b   (in the lines `dated` only)
    #   3  ©|\(c\)\s*\d{4}|copyright   in the line lower-cased
    # \w, \d and \s are the bits of SHAPE_CLASSES. Lower-casing only the ASCII capitals is enough:
    # no other character lower-cases to a character these spell but "İ" (to "i" and a combining
    # dot, which no spelling here goes on with: it stops "copyright" as "İ" does; the Kelvin sign's
    # "k" is spelled by none), and none changes which of \w, \d and \s it is (the tests check
    # both over all of Unicode).
    word, digit, space = 1 << _WORD, 1 << _DIGIT, 1 << _SPACE

    def spells(at: int, end: int, letters: np.ndarray) -> bool:
        if at + letters.shape[0] > end:
            return False
        for k in range(letters.shape[0]):
            code = codes[at + k]
            if (code + 32 if 65 <= code <= 90 else code) != letters[k]:
                return False
        return True

    def run(at: int, end: int) -> int:  # the digits from `at` on
        k = at
        while k < end and bits[k] & digit:
            k += 1
        return k - at

    def ends_word(at: int, end: int) -> bool:  # \b after a word character, before `at`
        return at == end or not bits[at] & word

    def is_separator(code: np.uint32) -> bool:
        return code == 46 or code == 47 or code == 45  # . / -

    for line in range(starts.shape[0]):
        first, end = starts[line], ends[line]
        url = mail = mark = False
        date = not dated[line]  # (nothing to look for)
        for at in range(first, end):
            code = codes[at]
            low = code + 32 if 65 <= code <= 90 else code
            if not url:
                if low == 104:  # h
                    url = spells(at, end, _HTTP) and (spells(at + 4, end, _SLASHES) or (
                        at + 4 < end and (codes[at + 4] == 115 or codes[at + 4] == 83)
                        and spells(at + 5, end, _SLASHES)))
                elif low == 119:  # w
                    url = spells(at, end, _WWW_DOT)
                elif low == 46:  # .
                    url = (spells(at, end, _COM) or spells(at, end, _ORG) or spells(at, end, _NET)) and ends_word(
                        at + 4, end)
            if not mail and low == 64:  # @
                mail = at > first and at + 1 < end and bits[at - 1] & word != 0 and bits[at + 1] & word != 0
            if not mark:
                if low == 0xA9:  # ©
                    mark = True
                elif low == 40:  # (
                    if spells(at, end, _C_MARK):
                        k = at + 3
                        while k < end and bits[k] & space:
                            k += 1
                        mark = run(k, end) >= 4
                elif low == 99:  # c
                    mark = spells(at, end, _COPYRIGHT)
            if not date and bits[at] & digit and (at == first or not bits[at - 1] & word):
                # A date starts with a run of digits after no word character; every part of it
                # takes a whole run (the next character must be a separator, a colon or no word
                # character, none of them a digit).
                digits = run(at, end)
                after = at + digits
                if digits == 4 and ends_word(after, end) and (
                        (codes[at] == 49 and codes[at + 1] == 57) or (codes[at] == 50 and codes[at + 1] == 48)):
                    date = True  # (19|20)\d\d
                elif digits <= 2 and after + 2 < end and codes[after] == 58 and run(after + 1, end) == 2 and ends_word(
                        after + 3, end):
                    date = True  # \d{1,2}:\d\d
                elif digits <= 4 and after < end and is_separator(codes[after]):
                    middle = run(after + 1, end)
                    last_at = after + 1 + middle
                    if 1 <= middle <= 2 and last_at < end and is_separator(codes[last_at]):
                        last = run(last_at + 1, end)
                        date = 1 <= last <= 4 and ends_word(last_at + 1 + last, end)
        if url:
            flags[0, line] = 1.0
        if mail:
            flags[1, line] = 1.0
        if date and dated[line]:
            flags[2, line] = 1.0
        if mark:
            flags[3, line] = 1.0


def _lines_with_run(codes: np.ndarray, marks: np.ndarray, least: int) -> np.ndarray:
    # The lines (split at "\n", 10) holding `least` codes in a row that `marks` is True at (its last
    # slot stands for every code past it), in order.
    lines = 1
    for i in range(codes.shape[0]):
        lines += codes[i] == 10
    out = np.empty(lines, dtype=np.int64)
    beyond = marks.shape[0] - 1
    found, line, run = 0, 0, 0
    for i in range(codes.shape[0]):
        code = codes[i]
        if code == 10:
            line += 1
            run = 0
        elif marks[min(code, beyond)]:
            run += 1
            if run == least and (found == 0 or out[found - 1] != line):
                out[found] = line
                found += 1
        else:
            run = 0
    return out[:found]


def _line_heads(codes: np.ndarray, buckets: np.ndarray, width: int, opening: np.ndarray, following: np.ndarray,
                breaks: np.ndarray) -> None:
    # For each line after a "\n" (10) of codes: where that break is, and the buckets (buckets[code],
    # its last slot for every code past it) of the line's first three codes, those past its end
    # counted as the break's, as indices into width-by-width tables: of the first two, and of the
    # second and third.
    beyond = buckets.shape[0] - 1
    n = codes.shape[0]
    line = 0
    for at in range(n):
        if codes[at] != 10:
            continue
        if line == breaks.shape[0]:
            break
        breaks[line] = at
        end = buckets[10]
        first, second, third = end, end, end
        if at + 1 < n and codes[at + 1] != 10:
            first = buckets[min(codes[at + 1], beyond)]
            if at + 2 < n and codes[at + 2] != 10:
                second = buckets[min(codes[at + 2], beyond)]
                if at + 3 < n and codes[at + 3] != 10:
                    third = buckets[min(codes[at + 3], beyond)]
        opening[line] = first * width + second
        following[line] = second * width + third
        line += 1


def _heads_let_through(opens: np.ndarray, follows: np.ndarray, alone: np.ndarray, width: int, opening: np.ndarray,
                       following: np.ndarray, breaks: np.ndarray, lines: np.ndarray, at: np.ndarray) -> int:
    # The lines whose heads (_line_heads) the tables let through: their first two buckets open a
    # beginning (opens), and their second and third follow on in one (follows), or their first
    # opens a beginning of one character (alone, when it holds a bucket's entry). Their indices in
    # lines and their breaks in at, in order; how many.
    found = 0
    one = alone.shape[0] > 0
    for line in range(opening.shape[0]):
        head = opening[line]
        if opens[head] and (follows[following[line]] or (one and alone[head // width])):
            lines[found] = line
            at[found] = breaks[line]
            found += 1
    return found


def _rounded(values: np.ndarray, scale: float, near_half: float, most_scaled: float, out: np.ndarray,
             unsure: np.ndarray) -> int:
    # cleaner.linemodel.rounded's array operations a value at a time (the same IEEE operations):
    # out[i] is the value scaled, rounded to the nearest integer (half to even), over the scale;
    # the places of those that round must decide (within near_half of halfway, at least
    # most_scaled, infinite or not a number) in unsure, in order; how many.
    count = 0
    for i in range(values.shape[0]):
        scaled = values[i] * scale
        nearest = np.rint(scaled)
        out[i] = nearest / scale
        if abs(abs(scaled - nearest) - 0.5) < near_half or not abs(scaled) < most_scaled:
            unsure[count] = i
            count += 1
    return count


def _bit_counts(bits: np.ndarray, out: np.ndarray) -> None:
    # out[t] is how many of bits have bit t set; a bit at a time (its loop runs in vector steps).
    for t in range(out.shape[0]):
        count = 0
        for i in range(bits.shape[0]):
            count += (bits[i] >> t) & 1
        out[t] = count


def _line_bit_counts(bits: np.ndarray, starts: np.ndarray, ends: np.ndarray, masks: np.ndarray,
                     out: np.ndarray) -> None:
    # out[i, k] is how many of line i's bits, bits[starts[i]:ends[i]], share a bit with masks[k].
    for i in range(starts.shape[0]):
        for k in range(masks.shape[0]):
            mask, count = masks[k], 0
            for p in range(starts[i], ends[i]):
                count += (bits[p] & mask) != 0
            out[i, k] = count


def _bit_rows(bits: np.ndarray, out: np.ndarray) -> None:
    # out[t, i] is bit t of bits[i]; a row at a time (its loop runs in vector steps).
    for t in range(out.shape[0]):
        row = out[t]
        for i in range(bits.shape[0]):
            row[i] = (bits[i] >> t) & 1


# The character classes page_words reads, in the order of their bits; and the columns of its
# counts a line after LINE_SHAPES'.
SHAPE_CLASSES = ("word", "cjk", "alpha", "upper", "digit", "separator", "closer", "terminal", "space", "lower")
_WORD, _CJK, _ALPHA, _UPPER, _DIGIT, _SEPARATOR, _CLOSER, _TERMINAL, _SPACE, _LOWER = range(len(SHAPE_CLASSES))
LINE_SHAPES = ("word_chars", "alpha_words", "capital_words", "nonspace", "digits", "separators", "terminal",
               "ends_colon", "sentences", "bullet", "ends_ellipsis")
(_S_WORD_CHARS, _S_ALPHA_WORDS, _S_CAPITAL_WORDS, _S_NONSPACE, _S_DIGITS, _S_SEPARATORS, _S_TERMINAL, _S_ENDS_COLON,
 _S_SENTENCES, _S_BULLET, _S_ENDS_ELLIPSIS) = range(len(LINE_SHAPES))
_WORD_CLASS, _HAN, _HIRAGANA = range(len(LINE_SHAPES), len(LINE_SHAPES) + 3)
_FIRST_HIRAGANA, _LAST_HIRAGANA = 0x3041, 0x309F

# FNV-1a, 64 bits, over code points: the hash of a page's words (page_words) and of the
# lexicon's keys (key_hashes).
_FNV_OFFSET, _FNV_PRIME = 0xCBF29CE484222325, 0x100000001B3
NOT_MAPPED = 0xFFFFFFFF  # in a case table: the character's lower case is not one character of the table


def _pair_hashes(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, out: np.ndarray) -> None:
    # FNV-1a over the code points of each token and the next one, as one string.
    for t in range(starts.shape[0] - 1):
        h = np.uint64(_FNV_OFFSET)
        for i in range(starts[t], ends[t]):
            h = (h ^ np.uint64(codes[i])) * np.uint64(_FNV_PRIME)
        for i in range(starts[t + 1], ends[t + 1]):
            h = (h ^ np.uint64(codes[i])) * np.uint64(_FNV_PRIME)
        out[t] = h


def _line_words(codes: np.ndarray, gaps: np.ndarray, starts: np.ndarray, ends: np.ndarray, out: np.ndarray) -> None:
    # Each line's runs of characters that are not gaps, plus half its gaps of kind 2 (a code past
    # the table is no gap).
    for line in range(starts.shape[0]):
        runs = 0
        halves = 0
        inside = False
        for i in range(starts[line], ends[line]):
            code = codes[i]
            gap = gaps[code] if code < gaps.shape[0] else 0
            if gap == 0:
                if not inside:
                    runs += 1
                    inside = True
            else:
                inside = False
                if gap == 2:
                    halves += 1
        out[line] = runs + halves / 2


# Open addressing over 64-bit hashes (HashIndex): a hash's first slot is the top bits of it times
# _SPREAD, as a KeyTable's home is, and a taken slot sends it to the next.


def _hash_fill(sorted_hashes: np.ndarray, keys: np.ndarray, places: np.ndarray, shift: np.uint64) -> None:
    mask = keys.shape[0] - 1
    for place in range(sorted_hashes.shape[0]):
        h = sorted_hashes[place]
        slot = np.int64((h * np.uint64(_SPREAD)) >> shift)
        while places[slot] >= 0:
            slot = (slot + 1) & mask
        keys[slot] = h
        places[slot] = place


def _hash_place(h: np.uint64, keys: np.ndarray, places: np.ndarray, shift: np.uint64) -> int:
    # Where the hash h is in the index's sorted hashes (HashIndex's table: one probe or two), -1
    # when it is not there.
    mask = keys.shape[0] - 1
    slot = np.int64((h * np.uint64(_SPREAD)) >> shift)
    while places[slot] >= 0:
        if keys[slot] == h:
            return places[slot]
        slot = (slot + 1) & mask
    return -1


def _hash_places(hashes: np.ndarray, keys: np.ndarray, places: np.ndarray, shift: np.uint64, at: np.ndarray,
                 found: np.ndarray) -> None:
    for i in range(hashes.shape[0]):
        place = _hash_place(hashes[i], keys, places, shift)
        if place >= 0:
            at[i] = place
            found[i] = True


def _lines_holding(hashes: np.ndarray, lines: np.ndarray, where: np.ndarray, keys: np.ndarray, places: np.ndarray,
                   shift: np.uint64, out: np.ndarray) -> int:
    # The lines of where that hold a hash of the index, in order, into out.
    holds = np.zeros(where.shape[0], dtype=np.bool_)
    for i in range(hashes.shape[0]):
        line = lines[i]
        if not holds[line] and where[line] and _hash_place(hashes[i], keys, places, shift) >= 0:
            holds[line] = True
    found = 0
    for line in range(where.shape[0]):
        if holds[line]:
            out[found] = line
            found += 1
    return found


def _group_hits(hashes: np.ndarray, take: np.ndarray, keys: np.ndarray, places: np.ndarray, shift: np.uint64,
                rows: np.ndarray, offsets: np.ndarray, groups: np.ndarray, hits: np.ndarray) -> int:
    # _hash_places for the hashes taken, each found one adding 1 to each group of its row. (Its
    # probe is repeated here: places() of the taken hashes, then a pass adding their groups, cost
    # 0.5-1.2% of a daniel-dev page more than this one pass, most of what the pass saves.) The
    # rows found are sorted and each adds its count to its groups once: a stopword is in some 16
    # of the stoplists, and a sampled page's ~600 hits made ~9,300 adds to 100 sums, one at a
    # time; a row's hits added at once are the same whole numbers.
    found_rows = np.empty(hashes.shape[0], dtype=np.int64)
    found = 0
    for i in range(hashes.shape[0]):
        if not take[i]:
            continue
        place = _hash_place(hashes[i], keys, places, shift)
        if place >= 0:
            found_rows[found] = rows[place]
            found += 1
    ordered = np.sort(found_rows[:found])
    i = 0
    while i < found:
        row = ordered[i]
        j = i + 1
        while j < found and ordered[j] == row:
            j += 1
        for k in range(offsets[row], offsets[row + 1]):
            hits[groups[k]] += np.float64(j - i)
        i = j
    return found


def _distinct_marked(lines: np.ndarray, hashes: np.ndarray, kept: np.ndarray, marks: np.ndarray, distinct: np.ndarray,
                     distinct_marked: np.ndarray) -> None:
    # Each line's distinct kept hashes, and those of them in marks (sorted). A table of the hashes
    # seen on the page keeps, for each, the last line it was counted in: a hash is new to its line
    # unless that line is this one (lines come in order). One probe a hash, however long the line:
    # comparing each with those before it in its line cost a Chinese line of 16,000 characters
    # (each pair of them a hash) 0.17 s, and a page whose paragraphs are long lines of
    # characters, rather than tens of words, a tenth of a millisecond.
    total = hashes.shape[0]
    size, bits = 16, 4
    while size < 2 * total:
        size, bits = size * 2, bits + 1
    mask, shift = size - 1, np.uint64(64 - bits)
    keys = np.zeros(size, dtype=np.uint64)
    counted_in = np.full(size, -1, dtype=np.int64)  # -1: an empty slot
    for u in range(total):
        if not kept[u]:
            continue
        h, line = hashes[u], lines[u]
        slot = np.int64((h * np.uint64(_SPREAD)) >> shift)
        while counted_in[slot] != -1 and keys[slot] != h:
            slot = (slot + 1) & mask
        if counted_in[slot] == line:
            continue
        keys[slot] = h
        counted_in[slot] = line
        distinct[line] += 1
        at = np.searchsorted(marks, h)
        if at < marks.shape[0] and marks[at] == h:
            distinct_marked[line] += 1


def _topical_share(lines: np.ndarray, hashes: np.ndarray, lengths: np.ndarray, stops: np.ndarray, marks: np.ndarray,
                   out: np.ndarray) -> None:
    # linefeatures._hashed_overlap: _distinct_marked of the words of three characters or more that
    # are no stopwords, and each line's share of them among marks (numpy's true division).
    kept = np.empty(hashes.shape[0], dtype=np.bool_)
    for u in range(hashes.shape[0]):
        kept[u] = lengths[u] >= 3 and not stops[u]
    n = out.shape[0]
    distinct, marked = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    _distinct_marked(lines, hashes, kept, marks, distinct, marked)
    for i in range(n):
        out[i] = marked[i] / distinct[i] if distinct[i] > 0 else 0.0


def _page_words(codes: np.ndarray, bits: np.ndarray, starts: np.ndarray, ends: np.ndarray, lower: np.ndarray,
                bullet_mark: np.ndarray, number_end: np.ndarray, out: np.ndarray, token_starts: np.ndarray,
                token_ends: np.ndarray, token_lines: np.ndarray, hashes: np.ndarray, exact: np.ndarray) -> int:
    last = codes.shape[0] - 1
    marks, ends_of_numbers = bullet_mark.shape[0] - 1, number_end.shape[0] - 1
    size = lower.shape[0]
    word, cjk, alpha, upper = 1 << _WORD, 1 << _CJK, 1 << _ALPHA, 1 << _UPPER
    digit, separator, closer, terminal, space = 1 << _DIGIT, 1 << _SEPARATOR, 1 << _CLOSER, 1 << _TERMINAL, 1 << _SPACE
    # First the word characters, Han characters and kana, and hiragana of each line; the page is
    # written in Han characters and kana when they are more than half its word characters.
    words = han = 0
    for line in range(starts.shape[0]):
        in_words = in_han = hiragana = 0
        for i in range(starts[line], ends[line]):
            in_words += (bits[i] & word) != 0
            in_han += (bits[i] & cjk) != 0
            hiragana += _FIRST_HIRAGANA <= codes[i] <= _LAST_HIRAGANA
        out[line, _WORD_CLASS] = in_words
        out[line, _HAN] = in_han
        out[line, _HIRAGANA] = hiragana
        words += in_words
        han += in_han
    # A word is a run of word characters; on a page written in Han characters and kana, a run of
    # the others, and each of those on its own. Each word's hash is made as it is read.
    single = cjk if han * 2 > words else 0
    tokens = 0
    opened_at = 0
    h = np.uint64(_FNV_OFFSET)
    whole = True
    for line in range(starts.shape[0]):
        lo, hi = starts[line], ends[line]
        word_chars = alpha_words = capital_words = spaces = digits = separators = sentences = 0
        before = lo > 0 and (bits[lo - 1] & word) != 0 and (bits[lo - 1] & single) == 0  # in a run
        for i in range(lo, hi):
            b = bits[i]
            alone = (b & single) != 0
            run = (b & word) != 0 and not alone
            if run or alone:
                word_chars += 1
                if alone or not before:  # a word opens
                    opened_at = i
                    h = np.uint64(_FNV_OFFSET)
                    whole = True
                    if b & alpha:
                        alpha_words += 1
                        capital_words += (b & upper) != 0
                if whole:  # its lower case, through the table
                    code = codes[i]
                    if code >= size or lower[code] == NOT_MAPPED:
                        whole = False
                    else:
                        h = (h ^ np.uint64(lower[code])) * np.uint64(_FNV_PRIME)
                after = i < last and (bits[i + 1] & word) != 0 and (bits[i + 1] & single) == 0
                if alone or not after:  # it ends
                    token_starts[tokens] = opened_at
                    token_ends[tokens] = i + 1
                    token_lines[tokens] = line
                    hashes[tokens] = h
                    exact[tokens] = whole
                    tokens += 1
            before = run
            spaces += codes[i] == 32
            digits += (b & digit) != 0
            separators += (b & separator) != 0
            if b & terminal:  # a sentence ends if, after any closing quotes, a space or the line's end follows
                k = i + 1
                while k < last and (bits[k] & closer) != 0:
                    k += 1
                sentences += (bits[k] & space) != 0
        j = hi - 1  # the last character that closes nothing
        while j >= lo and (bits[j] & closer) != 0:
            j -= 1
        opened = j >= lo
        ellipsis = opened and (codes[j] == 0x2026 or (j - 2 >= lo and codes[j] == 46 and codes[j - 1] == 46
                                                     and codes[j - 2] == 46))
        length = hi - lo
        bullet = length >= 2 and bullet_mark[min(codes[lo], marks)] and (bits[lo + 1] & space) != 0
        k = 0
        while not bullet and k < 3 and length >= k + 3 and (bits[lo + k] & digit) != 0:
            bullet = number_end[min(codes[lo + k + 1], ends_of_numbers)] and (bits[lo + k + 2] & space) != 0
            k += 1
        out[line, 0] = word_chars
        out[line, 1] = alpha_words
        out[line, 2] = capital_words
        out[line, 3] = length - spaces
        out[line, 4] = digits
        out[line, 5] = separators
        out[line, 6] = opened and (bits[j] & terminal) != 0
        out[line, 7] = length > 0 and codes[hi - 1] == 58
        out[line, 8] = sentences
        out[line, 9] = bullet
        out[line, 10] = ellipsis
    return tokens


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


# What _sample_language tells of a page's sample of lines (cleaner.linefeatures._hashed_language).
SAMPLE_UNTOLD, SAMPLE_JAPANESE, SAMPLE_CHINESE, SAMPLE_HITS, SAMPLE_NO_HITS = range(5)
SAMPLE_LINES = 20


def _sample_language(lengths: np.ndarray, han: np.ndarray, class_words: np.ndarray, hiragana: np.ndarray,
                     token_lines: np.ndarray, hashes: np.ndarray, keys: np.ndarray, places: np.ndarray,
                     shift: np.uint64, rows: np.ndarray, offsets: np.ndarray, groups: np.ndarray,
                     hits: np.ndarray) -> int:
    # linefeatures._hashed_language: the SAMPLE_LINES longest lines (a stable sort: ties in their
    # order), their Han characters and kana against their word characters and hiragana (whole
    # numbers, so the same sums in any order), else _group_hits of the words in them. No keys: no
    # index to look the words up in.
    n = lengths.shape[0]
    order = np.argsort(-lengths, kind="mergesort")
    in_sample = np.zeros(n, dtype=np.bool_)
    cjk, words, kana = 0.0, 0.0, 0.0
    for k in range(min(SAMPLE_LINES, n)):
        i = order[k]
        in_sample[i] = True
        cjk += han[i]
        words += class_words[i]
        kana += hiragana[i]
    if cjk > 0:
        if cjk * 4 <= words:
            return SAMPLE_UNTOLD
        return SAMPLE_JAPANESE if kana * 10 >= cjk else SAMPLE_CHINESE
    if keys.shape[0] == 0:
        return SAMPLE_UNTOLD
    take = np.empty(hashes.shape[0], dtype=np.bool_)
    for t in range(hashes.shape[0]):
        take[t] = in_sample[token_lines[t]]
    found = _group_hits(hashes, take, keys, places, shift, rows, offsets, groups, hits)
    return SAMPLE_HITS if found else SAMPLE_NO_HITS


def _chain_bounds(numbers: np.ndarray, chars: np.ndarray, first: np.ndarray, last: np.ndarray,
                  lower: np.ndarray, terminal: np.ndarray, continuations: np.ndarray, openings: np.ndarray,
                  chain_first: np.ndarray, chain_last: np.ndarray) -> None:
    # linefeatures._chains: line i + 1 continues line i when it is the next line of the input, both
    # are not empty, and it opens with closing punctuation, or line i ends with an opening mark, or
    # it opens in lower case after a line that ends no sentence.
    n = numbers.shape[0]
    top_c, top_o = continuations.shape[0] - 1, openings.shape[0] - 1
    start = 0
    for i in range(n):
        joined = False
        if i + 1 < n and numbers[i + 1] == numbers[i] + 1 and chars[i + 1] > 0 and chars[i] > 0:
            joined = (continuations[min(first[i + 1], top_c)] or openings[min(last[i], top_o)]
                      or (lower[i + 1] and terminal[i] == 0))
        chain_first[i] = start
        if not joined:
            for j in range(start, i + 1):
                chain_last[j] = i
            start = i + 1


def _page_columns(words: np.ndarray, terminal: np.ndarray, stop_frac: np.ndarray, removed: np.ndarray,
                  furniture: np.ndarray, date_like: np.ndarray, numbers: np.ndarray, log_w: np.ndarray,
                  chain_first: np.ndarray, chain_last: np.ndarray, short_words: float, dense_words: float,
                  out: np.ndarray) -> int:
    # linefeatures.page_features' columns that read other lines, in PAGE_COLUMNS' order, each as
    # the numpy expression it replaces computed it: integer-valued sums and the same float
    # additions in the same order (cumsum is a running sum), divisions, and order statistics.
    n = words.shape[0]
    dense = (words >= dense_words) & (terminal > 0)
    total = 0.0
    for i in range(n):
        if dense[i]:
            total += words[i]
    if total == 0:
        total = 1.0
    first_dense = n
    for i in range(n):
        if dense[i]:
            first_dense = i
            break
    # The densest region (best_run): a paragraph scores its words, a short line -3, another -2.
    scores = np.empty(n)
    for i in range(n):
        scores[i] = words[i] if dense[i] else (-3.0 if words[i] < short_words else -2.0)
    best_start, best_end = _best_run(scores)
    # Mass of paragraph words above; the last paragraph line before each line and the next after.
    running = 0.0
    last_dense = -1
    prev_dense = np.empty(n, np.int64)
    furniture_seen = 0.0
    for i in range(n):
        part = words[i] if dense[i] else 0.0
        running += part
        out[10, i] = (running - part) / total  # mass_before
        out[11, i] = 1.0 - out[10, i] - (words[i] / total if dense[i] else 0.0)  # mass_after
        out[12, i] = 1.0 if best_start <= i <= best_end else 0.0  # in_dense_region
        out[0, i] = best_start - i if i < best_start else (i - best_end if i > best_end else 0)  # region_distance
        prev_dense[i] = last_dense
        if dense[i]:
            last_dense = i
        out[6, i] = furniture_seen  # furniture_since_body, furniture lines from the first paragraph on
        if furniture[i] > 0 and i >= first_dense:
            furniture_seen += 1.0
    next_dense = n
    for i in range(n - 1, -1, -1):
        before = i - prev_dense[i] if prev_dense[i] >= 0 else n
        after = next_dense - i if next_dense < n else n
        out[2, i] = before  # dense_before
        out[3, i] = after  # dense_after
        out[1, i] = 0.0 if dense[i] else min(before, after)  # dense_distance
        if dense[i]:
            next_dense = i
    # Runs of short lines, and blocks of lines between blank lines (their lines and words).
    start = 0
    for i in range(1, n + 1):
        if i == n or (words[i] < short_words) != (words[start] < short_words):
            for k in range(start, i):
                out[4, k] = i - start if words[k] < short_words else 0.0  # short_run
            start = i
    start = 0
    block = 0.0
    for i in range(n):
        block += words[i]
        if i == n - 1 or numbers[i + 1] != numbers[i] + 1:
            for k in range(start, i + 1):
                out[5, k] = i + 1 - start  # block_lines
                out[9, k] = block  # block_log_words
            start = i + 1
            block = 0.0
    # Window sums over the 3 lines either side (running sums as cumsum makes them), and neighbours.
    dates = np.zeros(n + 1)
    terminals = np.zeros(n + 1)
    logs = np.zeros(n + 1)
    furnitures = np.zeros(n + 1)
    chain_words = np.zeros(n + 1)
    for i in range(n):
        dates[i + 1] = dates[i] + date_like[i]
        terminals[i + 1] = terminals[i] + terminal[i]
        logs[i + 1] = logs[i] + log_w[i]
        furnitures[i + 1] = furnitures[i] + furniture[i]
        chain_words[i + 1] = chain_words[i] + words[i]
    for i in range(n):
        lo, hi = max(i - 3, 0), min(i + 4, n)
        out[13, i] = dates[hi] - dates[lo] - date_like[i]  # window_dates
        out[24, i] = (terminals[hi] - terminals[lo]) / (hi - lo)  # window_terminal
        out[25, i] = (logs[hi] - logs[lo]) / (hi - lo)  # window_log_words
        out[26, i] = furnitures[hi] - furnitures[lo]  # window_furniture
        out[14, i] = log_w[i - 1] if i >= 1 else -1.0  # prev_log_words
        out[15, i] = terminal[i - 1] if i >= 1 else -1.0
        out[16, i] = stop_frac[i - 1] if i >= 1 else -1.0
        out[17, i] = removed[i - 1] if i >= 1 else -1.0
        out[18, i] = log_w[i + 1] if i + 1 < n else -1.0  # next_log_words
        out[19, i] = terminal[i + 1] if i + 1 < n else -1.0
        out[20, i] = stop_frac[i + 1] if i + 1 < n else -1.0
        out[21, i] = removed[i + 1] if i + 1 < n else -1.0
        out[22, i] = log_w[i - 2] if i >= 2 else -1.0  # prev2_log_words
        out[23, i] = log_w[i + 2] if i + 2 < n else -1.0  # next2_log_words
        first, last = chain_first[i], chain_last[i]
        out[7, i] = chain_words[last + 1] - chain_words[first]  # chain_log_words
        out[8, i] = last - first  # chain_log_lines
        out[27, i] = terminal[last]  # chain_terminal
        out[28, i] = 1.0 if last > first else 0.0  # in_chain
        out[31, i] = i / (n - 1) if n > 1 else 0.0  # position
    # The page's own paragraphs set the scale: the median stopword share and log length of its
    # paragraphs (of its lines of DENSE_WORDS words when none ends a sentence).
    reference = dense if first_dense < n else words >= dense_words
    count = 0
    for i in range(n):
        count += reference[i]
    stop_ref = words_ref = 0.0
    if count:
        stops, lengths = np.empty(count), np.empty(count)
        k = 0
        for i in range(n):
            if reference[i]:
                stops[k], lengths[k] = stop_frac[i], log_w[i]
                k += 1
        stops.sort()
        lengths.sort()
        middle = count // 2
        if count % 2:
            stop_ref, words_ref = stops[middle], lengths[middle]
        else:  # np.median: the mean of the middle two
            stop_ref = (stops[middle - 1] + stops[middle]) / 2.0
            words_ref = (lengths[middle - 1] + lengths[middle]) / 2.0
    for i in range(n):
        out[29, i] = stop_frac[i] / stop_ref if stop_ref > 0 else 0.0  # stop_rel
        out[30, i] = log_w[i] - words_ref  # words_rel
    return first_dense


def _feature_rows(shapes: np.ndarray, words: np.ndarray, stop: np.ndarray, chars: np.ndarray, log_w: np.ndarray,
                  first: np.ndarray, last: np.ndarray, lower: np.ndarray, numbers: np.ndarray, removed: np.ndarray,
                  flags: np.ndarray, repeated: np.ndarray, indent: np.ndarray, title_overlap: np.ndarray,
                  title_at: int, title_taken: bool, cjk_page: bool, continuations: np.ndarray, openings: np.ndarray,
                  short_words: float, dense_words: float, out: np.ndarray) -> int:
    # linefeatures.page_features' rows in FEATURE_ROWS' order, each as the numpy expression it
    # replaces computed it (the same divisions, comparisons and maxima), the first FEATURE_LOGGED
    # left as the counts numpy takes the log1p of; PAGE_COLUMNS' rows written by _page_columns in
    # place. flags: urlish, email, date_like, copyright and furniture, 1.0 where found.
    n = words.shape[0]
    terminal = shapes[:, _S_TERMINAL]
    stop_frac = np.empty(n)
    for i in range(n):
        stop_frac[i] = stop[i] / words[i] if words[i] > 0 else 0.0
    chain_first, chain_last = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    _chain_bounds(numbers, chars, first, last, lower, terminal, continuations, openings, chain_first, chain_last)
    first_dense = _page_columns(words, terminal, stop_frac, removed, flags[4], flags[2], numbers, log_w, chain_first,
                                chain_last, short_words, dense_words, out[_AROUND:_AROUND + _PAGE_COLUMN_COUNT])
    at = _AROUND + _PAGE_COLUMN_COUNT  # the rows after PAGE_COLUMNS'
    for i in range(n):
        word_chars, digits, nonspace = shapes[i, _S_WORD_CHARS], shapes[i, _S_DIGITS], shapes[i, _S_NONSPACE]
        alpha_words = shapes[i, _S_ALPHA_WORDS]
        out[0, i] = chars[i]  # log_chars
        out[1, i] = shapes[i, _S_SENTENCES]
        out[2, i] = shapes[i, _S_SEPARATORS]
        out[3, i] = indent[i]
        out[4, i] = repeated[i]
        out[5, i] = 0.0 if title_at < 0 else abs(i - title_at)  # lines_from_title, its sign set after the log1p
        out[at, i] = log_w[i]  # log_words
        out[at + 1, i] = terminal[i]
        out[at + 2, i] = shapes[i, _S_ENDS_COLON]
        out[at + 3, i] = stop_frac[i]
        out[at + 4, i] = shapes[i, _S_CAPITAL_WORDS] / alpha_words if alpha_words > 0 else 0.0  # cap_frac
        out[at + 5, i] = digits / nonspace if nonspace > 0 else 0.0  # digit_frac
        out[at + 6, i] = (word_chars - digits) / nonspace if nonspace > 0 else 0.0  # alpha_frac
        out[at + 7, i] = word_chars / words[i] if words[i] > 0 else 0.0  # mean_word_len
        out[at + 8, i] = shapes[i, _S_BULLET]
        out[at + 9, i] = max(flags[0, i], flags[1, i])  # urlish
        out[at + 10, i] = flags[2, i]  # date_like
        out[at + 11, i] = flags[3, i]  # copyright
        out[at + 12, i] = flags[4, i]  # furniture
        out[at + 13, i] = 1.0 if title_taken and i == title_at else 0.0  # is_title
        out[at + 14, i] = removed[i]  # rule_removed
        out[at + 15, i] = -1.0 if title_at < 0 else (1.0 if i > title_at else 0.0)  # after_title
        out[at + 16, i] = shapes[i, _S_ENDS_ELLIPSIS]
        out[at + 17, i] = title_overlap[i]
        out[at + 18, i] = 1.0 if cjk_page else 0.0
    return first_dense


def _context_columns(p: np.ndarray, words: np.ndarray, windows: np.ndarray, out: np.ndarray) -> None:
    # linemodel.context_features' numpy expressions, line by line: the running sums as cumsum
    # makes them, and the same products and divisions. Column 4 + len(windows) + 5 is the region
    # distance, whose log1p numpy takes.
    n = p.shape[0]
    prefix = np.zeros(n + 1)
    mass = np.zeros(n + 1)
    scores = np.empty(n)
    for i in range(n):
        prefix[i + 1] = prefix[i] + p[i]
        mass[i + 1] = mass[i] + p[i] * words[i]
        scores[i] = words[i] * (p[i] - 0.5) * 2 if p[i] > 0.5 else -1.0 - (0.5 - p[i])
    total = mass[n] if mass[n] != 0 else 1.0
    best_start, best_end = _best_run(scores)
    w = windows.shape[0]
    for i in range(n):
        for j in range(w):
            lo, hi = max(i - windows[j], 0), min(i + windows[j] + 1, n)
            out[i, j] = (prefix[hi] - prefix[lo] - p[i]) / max(1, hi - lo - 1)
        out[i, w] = p[i - 1] if i >= 1 else -1.0
        out[i, w + 1] = p[i + 1] if i + 1 < n else -1.0
        out[i, w + 2] = mass[i] / total
        out[i, w + 3] = (total - mass[i + 1]) / total
        out[i, w + 4] = 1.0 if best_start <= i <= best_end else 0.0
        out[i, w + 5] = best_start - i if i < best_start else (i - best_end if i > best_end else 0)
        out[i, w + 6] = p[i]


def _kept(scores: np.ndarray, threshold: float, keep_best: float, extend: float, bridge: float,
          keep: np.ndarray) -> None:
    # linemodel.kept's passes, into keep; its extend and bridge act only below the cut (min).
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


# The lexicon's keys are looked up by the FNV-1a hash of their text (_FNV_OFFSET, _FNV_PRIME above).
ALL_BITS = np.uint64(0xFFFFFFFFFFFFFFFF)  # of a hash, all kept (a KeyTable's mask)
# A key's home slot is the top bits of its hash times this (2**64 over the golden ratio, odd):
# FNV-1a's top bits barely change with a key's last character ("share", "shard"), the product's do.
_SPREAD = 0x9E3779B97F4A7C15
_TAG_BITS = 0x7FFFFFFF  # of a key's hash, kept in its slot
LINE_MARK = 0x110000  # beyond Unicode: opens a whole line's key, so that the line "share" is not the word


def _key_hashes(chars: np.ndarray, starts: np.ndarray, ends: np.ndarray, mask: np.uint64,
                out: np.ndarray) -> None:
    for k in range(starts.shape[0]):
        h = np.uint64(_FNV_OFFSET)
        for i in range(starts[k], ends[k]):
            h = (h ^ np.uint64(chars[i])) * np.uint64(_FNV_PRIME)
        out[k] = h & mask


def _lexicon_hits(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, word: np.ndarray, cjk: np.ndarray,
                  slots: np.ndarray, key_chars: np.ndarray, shift: np.uint64, mask: np.uint64, counted: np.ndarray,
                  hits: np.ndarray, counts: np.ndarray, line_hits: np.ndarray) -> None:
    # Each line's words as cleaner.linemodel._split finds them: runs of word characters that are
    # not Han or kana, and runs of Han and kana, a run longer than one as its overlapping pairs.
    # Each key is hashed as the words are read and looked up at once; the line's key (the words
    # joined by spaces, cut at 60 characters) is gathered in `line_key` on the way. `counted` holds
    # the last line that counted each key, -1 at first.
    line_key = np.empty(60, dtype=np.uint32)
    offset, prime, spread = np.uint64(_FNV_OFFSET), np.uint64(_FNV_PRIME), np.uint64(_SPREAD)

    def hashed(text: np.ndarray, first: int, last: int, h: np.uint64) -> np.uint64:
        for i in range(first, last):
            h = (h ^ np.uint64(text[i])) * prime
        return h

    def find(h: np.uint64, text: np.ndarray, first: int, last: int, before: int, after: int) -> int:
        # The entry whose key is text[first:last] with the marks `before` and `after` (-1: none)
        # around it, or -1: the slots from the hash's home on, up to an empty one, hold every
        # entry of that home (linear probing), and their text tells two keys of one hash apart.
        h &= mask
        size = last - first + (before >= 0) + (after >= 0)
        slot = np.int64((h * spread) >> shift)
        tag = np.int64(h & np.uint64(_TAG_BITS))
        while slots[slot, 0] >= 0:
            if slots[slot, 1] == tag and slots[slot, 3] == size:
                at = int(slots[slot, 2])
                same = True
                if before >= 0:
                    same = key_chars[at] == before
                    at += 1
                for i in range(first, last):
                    if not same:
                        break
                    same = key_chars[at] == text[i]
                    at += 1
                if same and (after < 0 or key_chars[at] == after):
                    return int(slots[slot, 0])
            slot += 1
        return -1

    def count(entry: int, line: int, found: int) -> int:
        # a key counts once a line, as in a set
        if entry < 0 or counted[entry] == line:
            return found
        counted[entry] = line
        hits[found] = entry
        return found + 1

    found = 0
    for line in range(starts.shape[0]):
        line_first = found
        line_hash = (offset ^ np.uint64(LINE_MARK)) * prime
        line_size = 0
        n = 0  # words so far
        last_first = last_last = 0
        last_hash = offset
        at, end = starts[line], ends[line]
        while at < end:
            if cjk[at]:
                stop = at + 1
                while stop < end and cjk[stop]:
                    stop += 1
                pairs = stop - at > 1
            elif word[at]:
                stop = at + 1
                while stop < end and word[stop] and not cjk[stop]:
                    stop += 1
                pairs = False
            else:
                at += 1
                continue
            for first in range(at, stop - 1 if pairs else at + 1):
                last = first + 2 if pairs else stop
                h = hashed(codes, first, last, offset)
                found = count(find(h, codes, first, last, -1, -1), line, found)
                if n == 0:
                    marked = hashed(codes, first, last, (offset ^ np.uint64(94)) * prime)  # "^" + word
                    found = count(find(marked, codes, first, last, 94, -1), line, found)
                elif line_size < 60:
                    line_key[line_size] = 32
                    line_hash = (line_hash ^ np.uint64(32)) * prime
                    line_size += 1
                for i in range(first, min(last, first + 60 - line_size)):
                    line_key[line_size] = codes[i]
                    line_hash = (line_hash ^ np.uint64(codes[i])) * prime
                    line_size += 1
                last_first, last_last, last_hash = first, last, h
                n += 1
            at = stop
        if n:
            marked = (last_hash ^ np.uint64(36)) * prime  # word + "$"
            found = count(find(marked, codes, last_first, last_last, -1, 36), line, found)
        counts[line] = found - line_first
        line_hits[line] = find(line_hash, line_key, 0, line_size, LINE_MARK, -1)


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
    global _LOADED
    if name == "_choose":  # it calls _kept, which must be compiled for that
        globals()["_kept"] = _compiled("_kept")
    if name in ("_page_columns", "_context_columns"):  # they call _best_run
        globals()["_best_run"] = _compiled("_best_run")
    if name in ("_hash_places", "_lines_holding", "_group_hits", "_sample_language"):  # they probe the table
        globals()["_hash_place"] = _compiled("_hash_place")
    if name == "_topical_share":  # it calls _distinct_marked
        globals()["_distinct_marked"] = _compiled("_distinct_marked")
    if name == "_sample_language":  # it calls _group_hits
        globals()["_group_hits"] = _compiled("_group_hits")
    if name == "_lexical_codes":  # it calls _lower_codes
        globals()["_lower_codes"] = _compiled("_lower_codes")
    if name == "_feature_rows":  # it calls these
        globals()["_chain_bounds"] = _compiled("_chain_bounds")
        globals()["_page_columns"] = _compiled("_page_columns")
    loop = _jit(globals()[name])
    _LOADED = True
    return loop


def compiled_loaded() -> bool:
    """Whether this process has loaded compiled code yet. Starting numba costs about a second a
    process (its import and its code generator's set-up), more than a short command's whole work:
    ``cleaner check`` of a few files, a pre-commit hook. Where a wrapper here (or its caller) has an
    exact way in numpy or ``str`` to the same result, it takes that way until some other step has
    loaded compiled code anyway (:func:`code_bits`, :func:`bit_counts`,
    :func:`cleaner.codepoints.lower`). So ``cleaner check`` of article text in any script starts
    numba only for a loop that has no such twin (placing a mojibake fix, cut-after's word counts),
    and normalizing, which needs the compiled loops, loads them on its first page. (A flag that
    :func:`_compiled` sets: asked ~14 times a page, ``cache_info()`` made a named tuple each time.)"""
    return _LOADED


_LOADED = False


def _jit(func: Callable) -> Callable:
    """``func`` compiled by numba, with its machine code cached on disk when numba finds a folder
    it may write (beside this file, or the user's cache); where it finds none (a read-only
    install and home) numba refuses to cache, and the code is compiled in each process instead."""
    import numba  # here, not at import: `import cleaner` stays light for commands that never need it

    try:
        return numba.njit(cache=True, nogil=True)(func)
    except RuntimeError:  # "cannot cache function ...: no locator available"
        return numba.njit(nogil=True)(func)


def tree_leaves(X: np.ndarray, nodes: np.ndarray, threshold: np.ndarray, roots: np.ndarray, depth: int,
                value: np.ndarray) -> np.ndarray:
    """The leaf value each row of ``X`` reaches in each tree, shape (rows, trees). Trees are flat
    node arrays: ``nodes[node]`` holds the feature a node tests, its right child and its left one
    (one row, so a step reads one cache line), ``nodes[node, 1 + go_left]`` is the next node (a
    leaf points to itself), and every tree is walked ``depth`` steps."""
    out = np.empty((X.shape[0], len(roots)), dtype=np.float64)
    _compiled("_tree_leaves")(np.ascontiguousarray(X, dtype=np.float64), nodes, threshold, roots, depth, value, out)
    return out


def tree_levels(X: np.ndarray, feature: np.ndarray, threshold: np.ndarray, value: np.ndarray,
                depth: int) -> np.ndarray:
    """:func:`tree_leaves` of trees laid out whole, level by level (as a binary heap): the node at
    place ``p`` of a tree has its children at ``2p + 1`` (left) and ``2p + 2``, so a step reads no
    child, only the feature and threshold of the place it is at, ``feature[tree, p]`` and
    ``threshold[tree, p]`` (``2 ** depth - 1`` places a tree), and the walk ends at a place
    ``2 ** depth - 1`` or more, whose leaf is ``value[tree, p - (2 ** depth - 1)]``. ``X`` is read
    transposed, a feature's values for all rows side by side. The top levels (four) are tested
    place by place on every row, the rest row by row. On the line model's trees (depth 6) about
    0.65 of the node walk's time (0.78–0.87 laid out, and 0.78 of that with the top levels wide).
    A tree of ``depth`` 0 is its root's value."""
    out = np.empty((X.shape[0], len(feature)), dtype=np.float64)
    _compiled("_tree_levels")(np.ascontiguousarray(np.asarray(X, dtype=np.float64).T), feature, threshold, value,
                              depth, out)
    return out


def later_starts(codes: np.ndarray, k: int, starts: np.ndarray | list[int],
                 after: np.ndarray | list[int]) -> np.ndarray:
    """Whether the ``k`` codes from ``starts[i]`` (each within ``codes``) may be found again at
    ``after[i]`` or later: False only where they are not; True where they are, and, rarely,
    where two windows' 64-bit hashes agree. One pass over ``codes`` (a rolling hash of each
    window of ``k``, and the last place of each), where ``str.find`` of each would scan the rest
    of the text for each: so that only the lines whose opening is found again are looked for."""
    out = np.zeros(len(starts), dtype=np.bool_)
    _compiled("_later_starts")(codes, k, np.asarray(starts, dtype=np.int64), np.asarray(after, dtype=np.int64), out)
    return out


def automaton_counts(data: bytes, next_move: np.ndarray, row_base: np.ndarray,
                     output: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The features a byte automaton outputs over ``data``, in the order each first appears, and
    how many times each does (py3langid's ``visit_counts``, whose ``Counter`` keeps that order).
    The walk goes in pieces side by side, each checked to be in step with the whole walk
    (:data:`_WALKS`)."""
    return _compiled("_automaton_counts")(np.frombuffer(data, dtype=np.uint8), next_move, row_base, output)


def code_bits(codes: np.ndarray, known: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each of ``codes``' answers to a set of tests, read from ``known`` (the answers by code point,
    bit t for test t; -1 where not known); and the places of the codes whose answers it does not
    hold, their bits left 0 for the caller to fill."""
    if not compiled_loaded():  # the same answers in numpy (see compiled_loaded)
        bits = np.full(len(codes), -1, dtype=np.int64)
        inside = codes < len(known)
        bits[inside] = known[codes[inside]]
        unknown = np.flatnonzero(bits < 0).astype(np.int64)
        bits[unknown] = 0
        return bits, unknown
    bits = np.empty(len(codes), dtype=np.int64)
    unknown = _compiled("_code_bits")(codes, known, bits)
    return bits, unknown


def lower_codes(codes: np.ndarray, table: np.ndarray) -> tuple[np.ndarray, int]:
    """``codes`` lower-cased through ``table`` (a code point's lower case by code point), and how
    many of them it does not map (:data:`NOT_MAPPED`, or past its end), which are left as they
    are."""
    out = np.empty_like(codes)
    unmapped = _compiled("_lower_codes")(codes, table, out)
    return out, unmapped


def lexical_codes(codes: np.ndarray, bits: np.ndarray, table: np.ndarray, word_bit: int, cjk_bit: int,
                  digit_bit: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """In compiled code, over ``codes`` and their class bits ``bits``: the codes lower-cased through
    ``table`` (:func:`lower_codes`), with those whose ``digit_bit`` is set made "0"; which have
    ``word_bit`` set, and which ``cjk_bit``; and how many codes the table does not map."""
    out = np.empty_like(codes)
    word = np.empty(len(codes), dtype=np.bool_)
    cjk = np.empty(len(codes), dtype=np.bool_)
    unmapped = _compiled("_lexical_codes")(codes, np.asarray(bits, dtype=np.int64), table, word_bit, cjk_bit,
                                           digit_bit, out, word, cjk)
    return out, word, cjk, unmapped


def marked_lines(codes: np.ndarray, kinds: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool, bool]:
    """The lines of a text (its code points ``codes``, lines split at "\\n") that hold a character
    marked in ``kinds`` (:func:`line_kinds` of a table of marks), in order, and where each starts
    in ``codes``; whether the text is single-spaced: no tab, form feed, two spaces side by side,
    or space at the start or end of a line (see :func:`cleaner.repair.repaired`); and whether it
    holds a character of those ``line_kinds`` was given as ``unsure``. One pass."""
    lines, starts, plain, unsure = _compiled("_marked_lines")(codes, kinds)
    return lines, starts, bool(plain), bool(unsure)


def bad_lines(codes: np.ndarray, starts: np.ndarray, program: dict[str, np.ndarray]) -> np.ndarray:
    """For each line of a text (its code points ``codes``, lines split at "\\n") that starts at one
    of ``starts``: 1 where the matcher ``program`` (:func:`cleaner.chardata.badness_program`)
    finds a match in the line, 0 where it finds none, -1 where the line holds a character past
    its table. One pass over those lines."""
    out = np.empty(len(starts), dtype=np.int8)
    _compiled("_bad_lines")(codes, starts, program["classes"], program["masks0"], program["masks1"], program["bits"],
                            out)
    return out


def line_kinds(marks: np.ndarray, unsure: np.ndarray | None = None) -> np.ndarray:
    """A table of marks (True at a code point marked; its last entry stands for every code point past
    it) as :func:`marked_lines` reads it: bit 0 where marked, and the line break (bit 1), the space
    (bit 2), the tab and the form feed (bit 3), which tell a single-spaced text; and bit 4 where
    ``unsure`` (by code point, when given) is True, and at every code point past it."""
    size = max(len(marks), 34, 0 if unsure is None else len(unsure) + 1)
    if len(marks) < size:  # (codes up to the space, and those of ``unsure``, in a slot of their own)
        marks = np.concatenate((marks[:-1], np.full(size - len(marks) + 1, marks[-1], dtype=np.bool_)))
    kinds = marks.astype(np.uint8)
    kinds[10] |= 2
    kinds[32] |= 4
    kinds[9] |= 8
    kinds[12] |= 8
    if unsure is not None:
        kinds[: len(unsure)] |= np.where(unsure, 16, 0).astype(np.uint8)
        kinds[len(unsure) :] |= 16
    return kinds


def pattern_flags(codes: np.ndarray, bits: np.ndarray, starts: np.ndarray, ends: np.ndarray, dated: np.ndarray,
                  flags: np.ndarray) -> None:
    """Whether each line ``codes[starts[i]:ends[i]]`` holds a url, an e-mail address, a date (looked
    for in the lines ``dated`` only) and a copyright mark, as :mod:`cleaner.linefeatures`' patterns
    ``_URLISH`` and ``COPYRIGHT`` find them in the line lower-cased, and ``_EMAIL_AT`` and
    ``_DATE_LIKE`` in the line: 1.0 in rows 0 to 3 of ``flags`` (shape (4 or more, lines)) where
    found, the rest left as it is. ``bits`` are the codes' answers to :data:`SHAPE_CLASSES`. One
    pass over the page, for four regular expressions' searches a line."""
    _compiled("_pattern_flags")(codes, bits, starts, ends, dated, flags)


def lines_with_run(codes: np.ndarray, marks: np.ndarray, least: int) -> np.ndarray:
    """The lines of a text (its code points ``codes``, lines split at "\\n") holding ``least``
    characters in a row that ``marks`` is True at (by code point; its last entry stands for every
    code point past it), in order. One pass."""
    lines: np.ndarray = _compiled("_lines_with_run")(codes, marks, least)
    return lines


def line_heads(codes: np.ndarray, buckets: np.ndarray, width: int, lines: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For the first ``lines`` lines of a text whose every line follows a "\\n" (``codes``, its
    code points): the buckets (``buckets`` by code point, its last entry for every code point past
    it) of each line's first three characters, a line break's bucket for each that is not there,
    as indices into ``width``-by-``width`` tables (of the first two, of the second and third), and
    where the break before each line is. One pass."""
    opening = np.zeros(lines, dtype=np.int64)
    following = np.zeros(lines, dtype=np.int64)
    breaks = np.zeros(lines, dtype=np.int64)
    _compiled("_line_heads")(codes, buckets, width, opening, following, breaks)
    return opening, following, breaks


def heads_let_through(opens: np.ndarray, follows: np.ndarray, alone: np.ndarray | None, width: int,
                      opening: np.ndarray, following: np.ndarray, breaks: np.ndarray) -> tuple[list[int], list[int]]:
    """The lines whose heads (:func:`line_heads`: ``opening``, ``following`` and ``breaks``) a
    prefilter's tables let through (:func:`cleaner.prefilter._let_through`), and the breaks before
    them, in order: one pass over the lines."""
    n = len(opening)
    lines = np.empty(n, dtype=np.int64)
    at = np.empty(n, dtype=np.int64)
    found = _compiled("_heads_let_through")(opens, follows, _NO_BUCKETS if alone is None else alone, width,
                                            opening, following, breaks, lines, at)
    return lines[:found].tolist(), at[:found].tolist()


_NO_BUCKETS = np.zeros(0, dtype=np.bool_)


def rounded_values(values: Sequence[float], scale: float, near_half: float,
                   most_scaled: float) -> tuple[list[float], list[int]]:
    """:func:`cleaner.linemodel.rounded`'s array operations in one pass: each value scaled,
    rounded to the nearest integer and scaled back, and the places of those too near halfway or
    too large (or infinite, or not a number) for that to be ``round``'s answer."""
    array = np.asarray(values, dtype=np.float64)
    out = np.empty(len(array), dtype=np.float64)
    unsure = np.empty(len(array), dtype=np.int64)
    count = _compiled("_rounded")(array, scale, near_half, most_scaled, out, unsure)
    return out.tolist(), unsure[:count].tolist()


def bit_counts(bits: np.ndarray, tests: int) -> np.ndarray:
    """How many of ``bits`` have each of the bits 0 to ``tests - 1`` set."""
    if not compiled_loaded():  # the same counts in numpy (see compiled_loaded), over the few distinct values
        values, counts = np.unique(bits, return_counts=True)
        return np.asarray(counts @ ((values[:, None] >> np.arange(tests)) & 1), dtype=np.int64).reshape(tests)
    out = np.zeros(tests, dtype=np.int64)
    _compiled("_bit_counts")(bits, out)
    return out


def line_bit_counts(bits: np.ndarray, starts: np.ndarray, ends: np.ndarray, masks: list[int]) -> np.ndarray:
    """How many of each line's ``bits`` (``bits[starts[i]:ends[i]]``) share a bit with each of
    ``masks``: shape (lines, masks). One pass a mask."""
    out = np.empty((len(starts), len(masks)), dtype=np.int64)
    _compiled("_line_bit_counts")(bits, starts, ends, np.array(masks, dtype=np.int64), out)
    return out


def bit_masks(bits: np.ndarray, tests: int) -> np.ndarray:
    """Boolean masks of ``bits``, shape (tests, bits): row t tells which have bit t set."""
    out = np.empty((tests, len(bits)), dtype=np.bool_)
    _compiled("_bit_rows")(bits, out)
    return out


def pair_hashes(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The hash (:func:`text_hash`) of each token ``codes[starts[t]:ends[t]]`` joined to the next
    one, as they are written (not lower-cased): one fewer than the tokens."""
    out = np.zeros(max(len(starts) - 1, 0), dtype=np.uint64)
    _compiled("_pair_hashes")(codes, np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64), out)
    return out


def line_words(codes: np.ndarray, gaps: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """For each line ``codes[starts[i]:ends[i]]`` of a page's code points, its words as cut-after
    counts them: its runs of characters that are no gap, plus half its gaps of kind 2. ``gaps``
    tells each code point's kind (0: in a word, 1: white space, 2: Han or kana); a code point
    past its end is in a word."""
    out = np.zeros(len(starts), dtype=np.float64)
    _compiled("_line_words")(codes, gaps, np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64), out)
    return out


def distinct_marked(lines: np.ndarray, hashes: np.ndarray, kept: np.ndarray, marks: np.ndarray,
                    n: int) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``n`` lines, how many distinct values the ``kept`` of ``hashes`` in it hold, and
    how many of those are among ``marks`` (sorted); ``lines`` tells each hash's line, in order."""
    distinct = np.zeros(n, dtype=np.int64)
    marked = np.zeros(n, dtype=np.int64)
    _compiled("_distinct_marked")(np.asarray(lines, dtype=np.int64), np.asarray(hashes, dtype=np.uint64),
                                  np.asarray(kept, dtype=np.bool_), np.asarray(marks, dtype=np.uint64), distinct,
                                  marked)
    return distinct, marked


def topical_share(lines: np.ndarray, hashes: np.ndarray, lengths: np.ndarray, stops: np.ndarray, marks: np.ndarray,
                  n: int) -> np.ndarray:
    """For each of ``n`` lines, the share of its distinct words of three characters or more
    (``lengths``) that are no stopwords (``stops``) whose ``hashes`` are among ``marks`` (sorted),
    0 for a line without such words: :func:`distinct_marked` of them, divided, in one pass."""
    out = np.empty(n, dtype=np.float64)
    _compiled("_topical_share")(np.asarray(lines, dtype=np.int64), np.asarray(hashes, dtype=np.uint64), lengths,
                                np.asarray(stops, dtype=np.bool_), np.asarray(marks, dtype=np.uint64), out)
    return out


class HashIndex:
    """Distinct 64-bit hashes (:func:`text_hash`), sorted, and a table that tells where a hash is
    among them in one probe or two: a page looks up its ~3,000 words' hashes in a stoplist or a
    list of words, where a binary search (``numpy.searchsorted``) mispredicts a branch at each of
    its steps. The table is an open-addressing one at most two-thirds full."""

    def __init__(self, hashes: np.ndarray) -> None:
        self.sorted = np.unique(np.asarray(hashes, dtype=np.uint64))
        bits = 3
        while (1 << bits) * 2 < len(self.sorted) * 3:
            bits += 1
        self._keys = np.zeros(1 << bits, dtype=np.uint64)
        self._places = np.full(1 << bits, -1, dtype=np.int64)
        self._shift = np.uint64(64 - bits)
        _compiled("_hash_fill")(self.sorted, self._keys, self._places, self._shift)

    def tables(self) -> dict[str, np.ndarray]:
        """Its arrays, to keep (:mod:`cleaner.cache`) and make it again from (:meth:`of_tables`)."""
        return {"sorted": self.sorted, "keys": self._keys, "places": self._places}

    @classmethod
    def of_tables(cls, tables: dict[str, np.ndarray]) -> HashIndex:
        """The index whose :meth:`tables` these are, without building its table again."""
        index = cls.__new__(cls)
        index.sorted, index._keys, index._places = tables["sorted"], tables["keys"], tables["places"]
        index._shift = np.uint64(64 - (len(index._keys).bit_length() - 1))
        return index

    def __len__(self) -> int:
        return len(self.sorted)

    def places(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each of ``hashes`` is in :attr:`sorted` (0 where it is not), and whether it is there."""
        at = np.zeros(len(hashes), dtype=np.intp)
        found = np.zeros(len(hashes), dtype=np.bool_)
        _compiled("_hash_places")(np.asarray(hashes, dtype=np.uint64), self._keys, self._places, self._shift, at,
                                  found)
        return at, found

    def lines_holding(self, hashes: np.ndarray, lines: np.ndarray, where: np.ndarray) -> list[int]:
        """The lines, in order, among those ``where`` is true at, that hold one of ``hashes``
        (``lines`` tells each one's line) that the index holds."""
        out = np.empty(len(where), dtype=np.int64)
        found = _compiled("_lines_holding")(np.asarray(hashes, dtype=np.uint64), np.asarray(lines, dtype=np.int64),
                                            np.asarray(where, dtype=np.bool_), self._keys, self._places, self._shift,
                                            out)
        held: list[int] = out[:found].tolist()
        return held

    def group_hits(self, hashes: np.ndarray, take: np.ndarray, rows: np.ndarray, offsets: np.ndarray,
                   groups: np.ndarray, size: int) -> tuple[np.ndarray, int]:
        """How often the ``hashes`` where ``take`` hit each of ``size`` groups, and how many of them
        are in the index: a hash at place ``p`` of :attr:`sorted` is in the groups
        ``groups[offsets[rows[p]]:offsets[rows[p] + 1]]``, and adds 1 to each of them each time it
        comes. Whole numbers in float64, so the same sums in any order (the stoplists' hits: a
        page's sampled words, a stoplist a group)."""
        hits = np.zeros(size, dtype=np.float64)
        found = _compiled("_group_hits")(np.asarray(hashes, dtype=np.uint64), take, self._keys, self._places,
                                         self._shift, rows, offsets, groups, hits)
        return hits, found


def sample_language(index: HashIndex | None, lengths: np.ndarray, han: np.ndarray, class_words: np.ndarray,
                    hiragana: np.ndarray, token_lines: np.ndarray, hashes: np.ndarray, rows: np.ndarray,
                    offsets: np.ndarray, groups: np.ndarray, size: int) -> tuple[int, np.ndarray]:
    """What a page's :data:`SAMPLE_LINES` longest lines (``lengths`` a line; ``han``, ``class_words``
    and ``hiragana`` their counts, :class:`PageWords`') say of its language, in one compiled pass:
    :data:`SAMPLE_JAPANESE` or :data:`SAMPLE_CHINESE` when Han characters and kana are more than a
    quarter of their word characters, :data:`SAMPLE_UNTOLD` when some are there but no more (or
    when ``index`` is None); else :data:`SAMPLE_HITS` with :meth:`HashIndex.group_hits` of the
    words ``hashes`` of those lines (``token_lines``), or :data:`SAMPLE_NO_HITS` when none is in
    ``index``."""
    hits = np.zeros(size, dtype=np.float64)
    keys, places, shift = ((index._keys, index._places, index._shift) if index is not None
                           else (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64), np.uint64(0)))
    told = _compiled("_sample_language")(np.asarray(lengths, dtype=np.int64), han, class_words, hiragana, token_lines,
                                         np.asarray(hashes, dtype=np.uint64), keys, places, shift, rows, offsets,
                                         groups, hits)
    return int(told), hits


class PageWords(NamedTuple):
    """:func:`page_words` of a page: counts per line, and the page's words in order."""

    shapes: np.ndarray  # (lines, LINE_SHAPES)
    class_words: np.ndarray  # the \w characters of each line (SHAPE_CLASSES "word"; not the shapes' word_chars)
    han: np.ndarray  # its Han characters and kana ("cjk")
    hiragana: np.ndarray  # its hiragana (U+3041 to U+309F)
    starts: np.ndarray  # each word's first code point, and the one after its last
    ends: np.ndarray
    lines: np.ndarray  # the line it is in
    hashes: np.ndarray  # FNV-1a of its code points read through the case table
    exact: np.ndarray  # False where the table could not map one of them: the caller hashes those


def page_words(codes: np.ndarray, bits: np.ndarray, starts: np.ndarray, ends: np.ndarray, lower: np.ndarray,
               bullet_mark: np.ndarray, number_end: np.ndarray) -> PageWords:
    """The words, counts and end tests of each line ``codes[starts[i]:ends[i]]`` of a page whose
    every line is followed by a line break, in one compiled pass. ``bits`` are the page's answers
    to the tests of :data:`SHAPE_CLASSES` (:func:`cleaner.codepoints.class_bits`, bit k for the k-th), ``lower`` the
    case table (``lower[code]`` is the code point to hash for ``code``, :data:`NOT_MAPPED` where
    the lower case of a character alone is not one character of the table), and ``bullet_mark``
    and ``number_end`` tables by code point (a code beyond one reads its last slot) of the marks
    that open a list item and of what ends its number.

    A word is a run of word characters; on a page where Han characters and kana are more than half
    the word characters, each of those is a word of its own, and a run of the other word
    characters one. The counts of :data:`LINE_SHAPES`: the characters of the words, the words
    opening with a letter and with a capital, characters other than the space, digits,
    separators, whether the line ends a sentence (sentence-final punctuation, then perhaps
    closing quotes and brackets) or with a colon, the sentence ends in it (the same, then white
    space or the line's end), whether it opens as a list item ("• ", "12) ") and ends with an
    ellipsis."""
    lines = len(starts)
    out = np.zeros((lines, len(LINE_SHAPES) + 3), dtype=np.float64)
    most = len(codes)
    token_starts, token_ends, token_lines = (np.empty(most, dtype=np.int64) for _ in range(3))
    hashes = np.empty(most, dtype=np.uint64)
    exact = np.empty(most, dtype=np.bool_)
    tokens = _compiled("_page_words")(codes, bits, np.asarray(starts, dtype=np.int64),
                                      np.asarray(ends, dtype=np.int64), lower, bullet_mark, number_end, out,
                                      token_starts, token_ends, token_lines, hashes, exact)
    return PageWords(out[:, :len(LINE_SHAPES)], out[:, _WORD_CLASS], out[:, _HAN], out[:, _HIRAGANA],
                     token_starts[:tokens], token_ends[:tokens], token_lines[:tokens], hashes[:tokens],
                     exact[:tokens])


def best_run(scores: np.ndarray) -> tuple[int, int]:
    """First and last index of the run of ``scores`` with the highest total, ``(0, -1)`` when none
    is above zero (:func:`cleaner.linefeatures.best_run`, compiled): the loop that
    :func:`page_columns` and :func:`context_columns` call, here for the tests to hold to the Python."""
    start, end = _compiled("_best_run")(np.ascontiguousarray(scores, dtype=np.float64))
    return int(start), int(end)


# The features :func:`page_columns` computes; the first PAGE_LOGGED are the log1p of a count.
PAGE_COLUMNS = ("region_distance", "dense_distance", "dense_before", "dense_after", "short_run", "block_lines",
                "furniture_since_body", "chain_log_words", "chain_log_lines", "block_log_words",
                "mass_before", "mass_after", "in_dense_region", "window_dates",
                "prev_log_words", "prev_terminal", "prev_stop_frac", "prev_removed",
                "next_log_words", "next_terminal", "next_stop_frac", "next_removed",
                "prev2_log_words", "next2_log_words", "window_terminal", "window_log_words", "window_furniture",
                "chain_terminal", "in_chain", "stop_rel", "words_rel", "position")
PAGE_LOGGED = 10

# The line features as :func:`feature_rows` writes them (:data:`cleaner.linefeatures.FEATURES` names
# them in the model's order): the first FEATURE_LOGGED are counts that numpy takes the log1p of,
# those of PAGE_COLUMNS among them, which _page_columns writes in place from row _AROUND.
FEATURE_ROWS = ("log_chars", "sentences", "separators", "indent", "repeated", "lines_from_title", *PAGE_COLUMNS,
                "log_words", "terminal", "ends_colon", "stop_frac", "cap_frac", "digit_frac", "alpha_frac",
                "mean_word_len", "bullet", "urlish", "date_like", "copyright", "furniture", "is_title", "rule_removed",
                "after_title", "ends_ellipsis", "title_overlap", "cjk_page")
_AROUND, _PAGE_COLUMN_COUNT = 6, len(PAGE_COLUMNS)
FEATURE_LOGGED = _AROUND + PAGE_LOGGED


def chain_bounds(numbers: np.ndarray, chars: np.ndarray, first: np.ndarray, last: np.ndarray, lower: np.ndarray,
                 terminal: np.ndarray, continuations: np.ndarray,
                 openings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first and the last index of each line's paragraph chain (:func:`cleaner.linefeatures._chains`)."""
    n = len(numbers)
    chain_first, chain_last = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    _compiled("_chain_bounds")(numbers, chars, first, last, lower, terminal, continuations, openings,
                               chain_first, chain_last)
    return chain_first, chain_last


def page_columns(words: np.ndarray, terminal: np.ndarray, stop_frac: np.ndarray, removed: np.ndarray,
                 furniture: np.ndarray, date_like: np.ndarray, numbers: np.ndarray, log_w: np.ndarray,
                 chain_first: np.ndarray, chain_last: np.ndarray, short_words: float,
                 dense_words: float) -> np.ndarray:
    """The line features of :data:`PAGE_COLUMNS` (:mod:`cleaner.linefeatures` defines them),
    which read the lines around each line, in one pass over the page's lines: an array (columns,
    lines). The compiled pass leaves the first :data:`PAGE_LOGGED` as counts, and numpy takes
    their ``log1p``: the C library's, which the pass would call, differs from numpy's in the last
    bit for some counts (114,347 of the first 2**24 on this machine's AVX-512 numpy)."""
    n = len(words)
    out = np.empty((len(PAGE_COLUMNS), n), dtype=np.float64)
    floats = [np.ascontiguousarray(a, dtype=np.float64) for a in (words, terminal, stop_frac, removed, furniture,
                                                                 date_like)]
    ints = [np.ascontiguousarray(a, dtype=np.int64) for a in (numbers, chain_first, chain_last)]
    first_dense = _compiled("_page_columns")(*floats, ints[0], np.ascontiguousarray(log_w, dtype=np.float64),
                                             ints[1], ints[2], float(short_words), float(dense_words), out)
    np.log1p(out[:PAGE_LOGGED], out=out[:PAGE_LOGGED])
    out[PAGE_COLUMNS.index("furniture_since_body"), :first_dense + 1] = -1.0  # none before the first paragraph
    return out


def feature_rows(shapes: np.ndarray, words: np.ndarray, stop: np.ndarray, chars: np.ndarray, log_w: np.ndarray,
                 first: np.ndarray, last: np.ndarray, lower: np.ndarray, numbers: np.ndarray, removed: np.ndarray,
                 flags: np.ndarray, repeated: np.ndarray, indent: np.ndarray, title_overlap: np.ndarray,
                 title_at: int | None, title_taken: bool, cjk_page: bool, continuations: np.ndarray,
                 openings: np.ndarray, short_words: float, dense_words: float) -> np.ndarray:
    """The line features in :data:`FEATURE_ROWS`' order, an array (features, lines), from what
    :func:`cleaner.linefeatures.page_features` measured of each line (:func:`page_words`' shapes,
    the word and stopword counts, the characters, the first and last character of each line, the
    pattern hits ``flags`` and the rest) in one compiled pass: the ratios, the paragraph chains
    (:func:`chain_bounds`) and :func:`page_columns`' rows; numpy takes the log1p of the first
    :data:`FEATURE_LOGGED`, as the features were defined (the C library's differs from numpy's in
    the last bit for some counts). ``title_at`` is the index of the headline's line (None when no
    rule found one), ``title_taken`` whether it became a field."""
    n = len(words)
    out = np.empty((len(FEATURE_ROWS), n), dtype=np.float64)
    at = -1 if title_at is None else title_at
    first_dense = _compiled("_feature_rows")(shapes, words, stop, chars, log_w, first, last, lower, numbers, removed,
                                             flags, repeated, indent, title_overlap, at, title_taken, cjk_page,
                                             continuations, openings, float(short_words), float(dense_words), out)
    logged = out[:FEATURE_LOGGED]
    np.log1p(logged, out=logged)
    out[_AROUND + PAGE_COLUMNS.index("furniture_since_body"), :first_dense + 1] = -1.0  # none above the first paragraph
    if at > 0:  # lines_from_title is negative above the headline
        above = out[FEATURE_ROWS.index("lines_from_title"), :at]
        np.negative(above, out=above)
    return out


def context_columns(p: np.ndarray, words: np.ndarray, windows: tuple[int, ...]) -> np.ndarray:
    """The line model's context features (:func:`cleaner.linemodel.context_features`) from the
    stage-1 scores ``p`` and word counts of a page's lines, in one pass: an array (lines,
    ``len(windows)`` + 7) of the mean score of the lines within each window but the line's own,
    the previous and the next line's score, the score-weighted words above and below, whether the
    line is in the best-scoring run and its distance from it (log1p, numpy's), and its own score."""
    out = np.empty((len(p), len(windows) + 7), dtype=np.float64)
    _compiled("_context_columns")(np.ascontiguousarray(p, dtype=np.float64),
                                  np.ascontiguousarray(words, dtype=np.float64), np.array(windows, dtype=np.int64),
                                  out)
    distance = out[:, len(windows) + 5]
    np.log1p(distance, out=distance)
    return out


def kept(scores: list[float], threshold: float, keep_best: float, extend: float, bridge: float) -> list[bool]:
    """The lines :func:`cleaner.linemodel.kept` keeps (``scores`` not empty; ``extend`` and
    ``bridge`` act only below the cut, so infinity turns either off)."""
    keep = np.zeros(len(scores), dtype=np.bool_)
    _compiled("_kept")(np.asarray(scores, dtype=np.float64), float(threshold), float(keep_best), float(extend),
                       float(bridge), keep)
    return keep.tolist()


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
    """The hash :func:`page_words` gives a word whose characters map to ``text``: for words
    that are not read from a page's code points (a stoplist, a title's words), and for the tokens
    it could not map."""
    h = _FNV_OFFSET
    for char in text:
        h = ((h ^ ord(char)) * _FNV_PRIME) & 0xFFFFFFFFFFFFFFFF
    return h


def text_hashes(texts: list[str]) -> np.ndarray:
    """:func:`text_hash` of each of ``texts``, in compiled code (:func:`key_hashes`, all bits
    kept): a title's words, a word list."""
    lengths = np.fromiter(map(len, texts), np.int64, len(texts))
    ends = np.cumsum(lengths)
    return key_hashes(np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32),
                      ends - lengths, ends)


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


def key_hashes(chars: np.ndarray, starts: np.ndarray, ends: np.ndarray, mask: np.uint64 = ALL_BITS) -> np.ndarray:
    """The 64-bit FNV-1a hash of each key ``chars[starts[k]:ends[k]]`` (code points), less the bits
    that ``mask`` clears: the hash :func:`lexicon_hits` looks keys up by."""
    out = np.empty(len(starts), dtype=np.uint64)
    _compiled("_key_hashes")(chars, starts, ends, mask, out)
    return out


class KeyTable:
    """Keys, each ``chars[starts[k]:ends[k]]`` (code points), and their ``values``, to be looked
    up by :func:`lexicon_hits`: an open-addressing hash table. Key ``k`` lies in the first free slot
    from its hash's home (the top bits of the hash times :data:`_SPREAD`) on; the keys are placed
    by home, so the slots from a home up to an empty one hold all the keys of that home, and a
    lookup walks them comparing text, which tells two keys of one hash apart.

    Each slot is 16 bytes, four to a cache line: its key (-1 where free), 31 bits of the key's
    hash, where the key's text starts, and its length; and up to two thirds of the slots are used.
    Between two pages the rest of the pipeline pushes the table out of the CPU's caches, so a
    lookup costs what it reads from memory: with 32-byte slots, a third of them used, the lookups
    of a WCXB-dev page took 0.41 ms in the pipeline against 0.34. ``mask`` clears bits of every
    hash: all are kept, but in tests, which make keys collide so."""

    def __init__(self, chars: np.ndarray, starts: np.ndarray, ends: np.ndarray, values: np.ndarray,
                 mask: np.uint64 = ALL_BITS) -> None:
        if len(chars) > np.iinfo(np.int32).max:
            raise ValueError("keys too long for a key table")
        self.chars, self.values, self.mask = chars, values, mask
        hashes = key_hashes(chars, starts, ends, mask)
        n = len(starts)
        bits = max(1, (3 * n // 2).bit_length())  # 2 ** bits homes, at least 1.5 a key
        self.shift = np.uint64(64 - bits)
        home = ((hashes * np.uint64(_SPREAD)) >> self.shift).astype(np.int64)
        order = np.argsort(home, kind="stable")
        # In order of home, each key goes to its home or the slot after the key before, the further:
        # the slots run on past the last home rather than wrap around, so the last one stays free.
        place = np.arange(n) + np.maximum.accumulate(home[order] - np.arange(n))
        self.slots = np.zeros(((1 << bits) + n, 4), dtype=np.int32)
        self.slots[:, 0] = -1
        self.slots[place, 0] = order
        self.slots[place, 1] = hashes[order] & np.uint64(_TAG_BITS)
        self.slots[place, 2] = starts[order]
        self.slots[place, 3] = ends[order] - starts[order]


def lexicon_hits(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, word: np.ndarray, cjk: np.ndarray,
                 table: KeyTable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The entries of ``table`` that the lines ``codes[starts[i]:ends[i]]`` (a folded page's code
    points) hit, by ``cleaner.linemodel.lexical_tokens`` and ``line_key``: each line's distinct
    word entries, one line after another in ``hits`` (``counts[i]`` of them for line ``i``), and the
    entry of its whole line in ``line_hits`` (-1 for none). ``word`` and ``cjk`` say which codes are
    word characters and Han or kana."""
    lines = len(starts)
    hits = np.empty(len(codes) + 2 * lines, dtype=np.int64)  # at most a word a character, and two marked
    counts = np.empty(lines, dtype=np.int64)
    line_hits = np.empty(lines, dtype=np.int64)
    counted = np.full(len(table.values), -1, dtype=np.int64)
    _compiled("_lexicon_hits")(codes, starts, ends, word, cjk, table.slots, table.chars, table.shift, table.mask,
                               counted, hits, counts, line_hits)
    return hits[:counts.sum()], counts, line_hits


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
