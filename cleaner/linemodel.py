"""The line model: which lines of a flattened page are article text, as a score from 0 to 1.

Two boosted-tree ensembles, stacked (the "auto-context" idea: a second classifier that sees the
first one's answers around each line):

1. stage 1 scores every line from its own shape and its neighbours' (:mod:`cleaner.linefeatures`)
   and from its words (:class:`Lexicon`: how often each word, and each whole line, was article
   text on the training pages, counting only those seen on many sites);
2. stage 2 adds what stage 1 said about the lines around it: mean scores in windows of 1, 3, 8
   and 20 lines, the share of scored words above and below, and whether the line lies in the
   best-scoring run of lines (a maximum-subarray search over stage-1 scores). That is the
   contiguity step: a lone short line inside a run of paragraphs stays, a lone paragraph among
   related-article teasers goes.

The trees are data: ``bench/train.py`` fits them on the tune half of the benchmark and writes
``rules/line-model.json``; nothing here trains. Inference walks the trees in compiled code
(:mod:`cleaner.compiled`) and sums each line's leaf values with numpy.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from itertools import chain, compress
from pathlib import Path
from typing import Any

import numpy as np

from cleaner.codepoints import char_classes, code_points, keep_table, line_spans, lowered_codes
from cleaner.compiled import (
    ALL_BITS,
    LINE_MARK,
    KeyTable,
    context_columns,
    exact_stats,
    lexicon_hits,
    rounded_values,
    tree_leaves,
    tree_levels,
)
from cleaner.compiled import choose as compiled_choose
from cleaner.compiled import kept as compiled_kept
from cleaner.errors import CleanerError
from cleaner.linefeatures import FEATURES, PageText, per_page
from cleaner.scripts import CJK, CJK_CHAR

FORMAT = "cleaner-line-model/3"
WINDOWS = (1, 3, 8, 20)
CONTEXT_FEATURES = tuple(f"ctx_mean_{k}" for k in WINDOWS) + (
    "ctx_prev", "ctx_next", "ctx_mass_before", "ctx_mass_after", "ctx_in_region", "ctx_region_distance",
    "ctx_self",
)

LEXICAL_FEATURES = ("lex_sum", "lex_mean", "lex_min", "lex_max", "lex_known", "lex_line", "lex_line_known")

# A word, or a run of Han characters and kana, which have no spaces between words.
_TOKEN = re.compile(rf"[^\W{CJK}]+|[{CJK}]+")
_IS_CJK = CJK_CHAR.match
_DIGITS = re.compile(r"\d")
# The character classes Lexicon.features reads a page in: those of _TOKEN and _DIGITS.
_IS_WORD = re.compile(r"\w").match
_IS_DIGIT = _DIGITS.match
keep_table("lexical", _IS_WORD, _IS_CJK, _IS_DIGIT)


def _fold(text: str) -> str:
    """Lower case, digits as 0: the form the lexicon's keys take."""
    return _DIGITS.sub("0", text.lower())


def _lexical_words(text: str) -> list[str]:
    """The lexicon's words of a line (:func:`_split` of it :func:`_fold`-ed)."""
    return _split(_fold(text))


def _split(text: str) -> list[str]:
    """The lexicon's words of a folded line: its ``\\w+`` words, and for a run of Han characters
    and kana, which Chinese and Japanese write without spaces, each pair of neighbouring characters
    (a character alone when the run is one): "分享到" gives "分享" and "享到". Most words of those
    languages are one or two characters long, so the pairs hold them without a segmenter's
    dictionary, as character n-grams do in Chinese retrieval."""
    words = _TOKEN.findall(text)
    if text.isascii():
        return words
    out: list[str] = []
    for word in words:
        if len(word) > 1 and "\u3040" <= word[0] and _IS_CJK(word[0]):
            out.extend(word[i : i + 2] for i in range(len(word) - 1))
        else:
            out.append(word)
    return out


def lexical_tokens(text: str, words: list[str] | None = None) -> set[str]:
    """The lexicon's keys for a line: its lower-cased words (digits as 0), and its first and last
    word marked ``^word`` and ``word$`` ("Share", "Read more", "… Comments")."""
    words = _lexical_words(text) if words is None else words
    keys = set(words)
    if words:
        keys.update(("^" + words[0], words[-1] + "$"))
    return keys


def line_key(text: str, words: list[str] | None = None) -> str:
    """A whole line as the lexicon stores it: lower-cased words, digits as 0, at most 60 characters."""
    return " ".join(_lexical_words(text) if words is None else words)[:60]


# The model file's JSON, whose parts Forest, Lexicon and LineModel take, is typed Any (dict[str, Any]):
# they check what it holds, and a ModelError says what is wrong with it.
class ModelError(CleanerError, ValueError):
    """A model file that cannot be used; the message says why."""


# Trees up to this deep are walked laid out whole (2 ** depth places a tree, 1,024 at most; the
# trainer's are 6 deep), deeper ones node by node.
LEVELLED_DEPTH = 10


class Forest:
    """A boosted-tree ensemble as flat node arrays. A leaf points to itself on both sides, so every
    tree is walked the same number of steps (the deepest tree's depth)."""

    def __init__(self, spec: dict[str, Any], n_features: int) -> None:
        try:
            self.feature = np.asarray(spec["feature"], dtype=np.int64)
            self.threshold = np.asarray(spec["threshold"], dtype=np.float64)
            self.left = np.asarray(spec["left"], dtype=np.int64)
            self.right = np.asarray(spec["right"], dtype=np.int64)
            self.value = np.asarray(spec["value"], dtype=np.float64)
            self.roots = np.asarray(spec["roots"], dtype=np.int64)
            self.depth = int(spec["depth"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"bad forest: {exc}") from None
        size = len(self.feature)
        if not (len(self.threshold) == len(self.left) == len(self.right) == len(self.value) == size):
            raise ModelError("bad forest: node arrays differ in length")
        for name, arr, bound in (("feature", self.feature, n_features), ("left", self.left, size),
                                 ("right", self.right, size), ("roots", self.roots, size)):
            if arr.size and (arr.min() < 0 or arr.max() >= bound):
                raise ModelError(f"bad forest: {name} index out of range")
        self._levels = self._laid_out() if self.depth <= LEVELLED_DEPTH else None

    @cached_property
    def _nodes(self) -> np.ndarray:
        """For the node walk (trees deeper than :data:`LEVELLED_DEPTH`), each node's feature, right
        child and left child in a row: a step reads ``nodes[node, 1 + go_left]``."""
        return np.stack([self.feature, self.right, self.left], axis=1)

    def _laid_out(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The trees whole, level by level, as :func:`cleaner.compiled.tree_levels` walks them:
        each level holds the nodes the walks can be at after that many steps, a node's children
        side by side (left first) in the next level. A leaf (its own child) fills the places below
        it, so every walk of ``depth`` steps ends where the node walk ends: the feature,
        threshold and value arrays (trees, places) of the places above the last level, and the
        values of the last level's."""
        at = self.roots[:, None]
        levels = []
        for _ in range(self.depth):
            levels.append(at)
            at = np.stack([self.left[at], self.right[at]], axis=2).reshape(len(self.roots), 2 * at.shape[1])
        inner = np.hstack(levels) if levels else np.zeros((len(self.roots), 0), dtype=np.int64)
        return self.feature[inner], self.threshold[inner], self.value[at]

    def margin(self, X: np.ndarray) -> np.ndarray:
        """The summed leaf values (log-odds) of each row of ``X``: the walks are compiled
        (:func:`cleaner.compiled.tree_levels`, or for trees deeper than :data:`LEVELLED_DEPTH`
        :func:`cleaner.compiled.tree_leaves`), the sum is numpy's over each row's leaf values."""
        if self._levels is not None:
            return tree_levels(X, *self._levels, self.depth).sum(axis=1)
        return tree_leaves(X, self._nodes, self.threshold, self.roots, self.depth, self.value).sum(axis=1)


# the lexicon of a page in a language no lexicon knows
NO_WORDS: dict[str, dict[str, float]] = {"tokens": {}, "lines": {}}
# Values below this in size, no line's sum can overflow: it would take 2**63 keys.
_HUGE = 2.0**960


class Lexicon:
    """Log-odds of article text for words and whole lines, from the training pages in one
    language. Only keys seen on at least ``min_sites`` sites are kept, so the lexicon holds the
    words of page furniture ("share", "reply", "^previous", "分享") and of prose, not one site's
    names."""

    def __init__(self, spec: dict[str, Any]) -> None:
        try:
            self.tokens = {str(k): float(v) for k, v in spec["tokens"].items()}
            self.lines = {str(k): float(v) for k, v in spec["lines"].items()}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"bad lexicon: {exc}") from None
        self._hash_mask = ALL_BITS  # of each key's hash (tests keep fewer bits, so that keys collide)
        # the compiled code's rows are the reference's when the order of a line's keys is not seen
        self._compiled_rows = _orderless(self.tokens.values())

    @cached_property
    def _table(self) -> KeyTable:
        """The keys as :func:`cleaner.compiled.lexicon_hits` looks them up, made on first use (a
        training run makes lexicons it never asks)."""
        return _key_table(self.tokens, self.lines, self._hash_mask)

    def features(self, texts: list[str], read: PageText | None = None) -> np.ndarray:
        """:data:`LEXICAL_FEATURES` of each line, shape (lines, features): the rows of
        :meth:`reference_features`, bit for bit, from compiled code. The page is lower-cased at
        once and read as code points with their character classes (:mod:`cleaner.codepoints`);
        one pass finds every line's keys in the lexicon (:func:`cleaner.compiled.lexicon_hits`), a
        second sums their values as ``math.fsum`` does (:func:`cleaner.compiled.exact_stats`). A
        lexicon with no key gives zeros. Rows are not kept by line text any more: a store of them
        cost more than it saved, 0.65 against 0.56 ms a page on daniel-dev html_text, whose sites
        repeat their furniture most. ``read``, when given, is the same lines as the line features
        read them (:meth:`cleaner.linefeatures.PageText.lexical`): the lower-cased code points are
        taken from there."""
        if not (self.tokens or self.lines):
            return np.zeros((len(texts), len(LEXICAL_FEATURES)))
        if not self._compiled_rows:
            return self.reference_features(texts)
        lexical = read.lexical() if read is not None else None
        if lexical is not None and read is not None:
            codes, word, cjk = lexical
            starts, ends = read.starts, read.ends
        else:
            codes, starts, ends = _lowered_page(texts)
            word, cjk, digit = char_classes(codes, _IS_WORD, _IS_CJK, _IS_DIGIT)
            # _fold's digits as 0: a digit and 0 are both word characters, not Han or kana, so the
            # words stay where they were
            codes = np.where(digit, np.uint32(ord("0")), codes)
        table = self._table
        hits, counts, line_hits = lexicon_hits(codes, starts, ends, word, cjk, table)
        out = np.empty((len(texts), len(LEXICAL_FEATURES)))
        out[:, :5] = exact_stats(table.values[hits], counts)
        known = line_hits >= 0
        out[:, 5] = np.where(known, table.values[line_hits], 0.0)
        out[:, 6] = known
        return out

    def reference_features(self, texts: list[str]) -> np.ndarray:
        """:meth:`features` by the definition, a line at a time: its keys (:func:`lexical_tokens`)
        and line key (:func:`line_key`) looked up in the dictionaries, the values found summed by
        ``math.fsum``. For a lexicon whose rows would depend on the order of a set
        (:func:`_orderless`), and for the tests of the compiled code."""
        tokens, lines = self.tokens, self.lines
        rows = []
        for text in per_page(texts, _fold):
            words = _split(text)
            values = [tokens[k] for k in lexical_tokens(text, words) if k in tokens]
            whole = lines.get(line_key(text, words))
            line_cols = (whole, 1.0) if whole is not None else (0.0, 0.0)
            if values:
                total = math.fsum(values)  # exact, so the same in any order of the set
                rows.append((total, total / len(values), min(values), max(values), float(len(values)), *line_cols))
            else:
                rows.append((0.0, 0.0, 0.0, 0.0, 0.0, *line_cols))
        return np.array(rows, dtype=np.float64).reshape(len(rows), len(LEXICAL_FEATURES))


def _lowered_page(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The code points of the lines lower-cased and joined by line breaks, and where each line
    starts and ends in them: lower-cased at once, or one by one when a line holds a line break of
    its own, as :func:`cleaner.linefeatures.per_page` does."""
    codes = lowered_codes("\n".join(texts))
    breaks = np.flatnonzero(codes == ord("\n"))
    if len(breaks) == len(texts) - 1:
        return codes, np.concatenate(([0], breaks + 1)), np.append(breaks, len(codes))
    lowered = [text.lower() for text in texts]
    return code_points("\n".join(lowered)), *line_spans(lowered)


def _orderless(values: Iterable[float]) -> bool:
    """Whether a line's row is the same in any order of its keys, with these values for the words:
    no NaN and not both zeros (``min`` and ``max`` give the first of such equals), and none so
    large that a partial sum can overflow (``math.fsum`` raises then, or not, by the order).
    :meth:`Lexicon.reference_features` reads a line's keys from a set of strings, whose order
    changes from process to process, and the compiled code reads them in the line's order."""
    seen = list(values)
    zeros = {math.copysign(1.0, v) for v in seen if v == 0.0}
    return len(zeros) < 2 and not any(math.isnan(v) or _HUGE <= abs(v) < math.inf for v in seen)


def _key_table(tokens: dict[str, float], lines: dict[str, float], mask: np.uint64) -> KeyTable:
    """A lexicon's keys and values as a :class:`cleaner.compiled.KeyTable`: its words' keys, then
    its lines' keys, each opened by :data:`~cleaner.compiled.LINE_MARK`."""
    line_lengths = np.fromiter(map(len, lines), np.int64, len(lines))
    line_chars = np.insert(code_points("".join(lines)), np.cumsum(line_lengths) - line_lengths, np.uint32(LINE_MARK))
    chars = np.concatenate([code_points("".join(tokens)), line_chars])
    lengths = np.concatenate([np.fromiter(map(len, tokens), np.int64, len(tokens)), line_lengths + 1])
    ends = np.cumsum(lengths)
    values = np.fromiter(chain(tokens.values(), lines.values()), np.float64, len(lengths))
    return KeyTable(chars, ends - lengths, ends, values, mask)


class LineModel:
    def __init__(self, data: dict[str, Any], source: str = "<model>") -> None:
        if data.get("format") != FORMAT:
            raise ModelError(f"{source}: not a {FORMAT} file (format {data.get('format')!r})")
        if tuple(data.get("features", ())) != FEATURES:
            raise ModelError(f"{source}: trained on other features than cleaner.linefeatures computes;"
                             " retrain it with `make train`")
        if tuple(data.get("context_features", ())) != CONTEXT_FEATURES:
            raise ModelError(f"{source}: trained on other context features; retrain it with `make train`")
        if tuple(data.get("lexical_features", ())) != LEXICAL_FEATURES:
            raise ModelError(f"{source}: trained on other lexical features; retrain it with `make train`")
        lexicons = data.get("lexicons", {})
        if not isinstance(lexicons, dict):
            raise ModelError(f"{source}: bad lexicons: a JSON object of language -> lexicon is expected")
        # one lexicon a language, counted on the training pages in that language
        # (looked up by the page's language, which is None when it cannot be told)
        self.lexicons: dict[str | None, Lexicon] = {str(language): Lexicon(spec) for language, spec in lexicons.items()}
        self.unknown = Lexicon(NO_WORDS)
        width = len(FEATURES) + len(LEXICAL_FEATURES)
        self.stage1 = Forest(data["stage1"], width)
        self.stage2 = Forest(data["stage2"], width + len(CONTEXT_FEATURES))
        self.trained_on = data.get("trained_on", "")

    def knows(self, language: str | None) -> bool:
        """Whether a lexicon's words say anything on a page in ``language``: each was counted on
        pages in one language, and on a page in another the words they share (English "de" and
        Spanish "de") are false friends."""
        return language in self.lexicons

    def scores(self, rows: list[list[float]] | np.ndarray, words: list[int] | np.ndarray,
               texts: list[str], language: str | None = None, read: PageText | None = None) -> list[float]:
        """P(article text) of each line, from its feature row, its word count and its text. On a
        page in a ``language`` no lexicon knows, every word counts as unknown, as on the share of
        training pages fitted that way (``bench/train.py``). ``read`` is the texts as the line
        features read them, when the caller has it (:func:`cleaner.linefeatures.read_page`): the
        lexicon reads their code points instead of the texts again."""
        if not len(rows):
            return []
        lexicon = self.lexicons.get(language, self.unknown)
        rows = np.asarray(rows, dtype=np.float64)
        # The stages' rows side by side as the tree walks read them, a feature's values for all
        # lines in a row of XT (so that XT.T, the rows, needs no copy to be walked): the features,
        # the lexicon's, then the context of the first stage's scores.
        width, lexical = rows.shape[1], rows.shape[1] + len(LEXICAL_FEATURES)
        XT = np.empty((lexical + len(CONTEXT_FEATURES), len(rows)))
        XT[:width] = rows.T
        XT[width:lexical] = lexicon.features(texts, read).T
        first = _sigmoid(self.stage1.margin(XT[:lexical].T))
        XT[lexical:] = context_features(first, words).T
        return _sigmoid(self.stage2.margin(XT.T)).tolist()


def cut_off(scores: list[float], threshold: float, keep_best: float) -> float:
    """The score below which a line goes: ``threshold``; or, on a page where no line reaches it
    and ``keep_best`` is above 0, ``keep_best`` times the best score, so the page keeps its best
    lines rather than none. ``scores`` must not be empty."""
    best = max(scores)
    return keep_best * best if best < threshold and keep_best > 0 else threshold


def kept(scores: list[float], threshold: float, keep_best: float, extend: float | None = None,
         bridge: float | None = None) -> list[bool]:
    """Which lines stay, by hysteresis (as an edge detector follows an edge):

    - a line scoring at least the cut (:func:`cut_off`: the threshold, or near the best score on a
      page where no line reaches it) starts a run of article text;
    - a run carries on, up and down the page, through the lines next to it while they score at
      least ``extend`` (the half of a paragraph that a link split off, a short line at the
      article's edge);
    - a gap between two runs closes when every line in it scores at least ``bridge`` (a
      subheading or a short quote between paragraphs).

    Lines scoring as much among menus stay out. ``extend`` and ``bridge`` default to the cut
    (one threshold), and neither acts above it.

    >>> kept([0.9, 0.3, 0.6, 0.2], threshold=0.5, keep_best=0.0)
    [True, False, True, False]
    >>> kept([0.9, 0.3, 0.6, 0.2], threshold=0.5, keep_best=0.0, bridge=0.25)
    [True, True, True, False]

    The passes run as compiled code (:func:`cleaner.compiled.kept`).
    """
    if not scores:
        return []
    return compiled_kept(scores, threshold, keep_best, math.inf if extend is None else extend,
                         math.inf if bridge is None else bridge)


def shifted(threshold: float, extend: float, bridge: float,
            shifts: Sequence[float]) -> list[tuple[float, float, float]]:
    """The setting (threshold, extend, bridge) followed by each shift of all three: the choices
    :func:`choose` is given, the unshifted one first."""
    return [(threshold, extend, bridge)] + [
        (round(threshold + d, 6), round(extend + d, 6), round(bridge + d, 6)) for d in shifts]


def expected_utility(scores: list[float], words: list[float], keep: list[bool], precision_weight: float) -> float:
    """How good ``keep`` is expected to be for this page, reading each score as the chance that its
    line is article text and weighting lines by their word count (at least 1):
    ``precision_weight`` times the expected share of kept words that are article text, plus the
    rest times the expected share of the article's words kept. The benchmark's precision and
    recall are means over pages, so a page's own precision and recall are what a choice moves."""
    return _Utility(scores, words, precision_weight)(keep)


class _Utility:
    """:func:`expected_utility` of one page, for several ``keep`` lists."""

    def __init__(self, scores: list[float], words: list[float], precision_weight: float) -> None:
        self.weights = weights = [max(w, 1.0) for w in words]
        self.article_weights = [p * w for p, w in zip(scores, weights)]
        self.article = sum(self.article_weights)
        self.precision_weight = precision_weight

    def __call__(self, keep: list[bool]) -> float:
        kept_words = sum(compress(self.weights, keep))
        kept_article = sum(compress(self.article_weights, keep))
        precision = kept_article / kept_words if kept_words else 0.0
        recall = kept_article / self.article if self.article else 0.0
        return self.precision_weight * precision + (1.0 - self.precision_weight) * recall


def choose(scores: list[float], words: list[float], settings: list[tuple[float, float, float]], keep_best: float,
           precision_weight: float) -> tuple[int, list[bool]]:
    """The index of the (threshold, extend, bridge) setting whose :func:`kept` lines have the highest
    :func:`expected_utility` on this page, and those lines; the first of equals wins, so put the
    usual setting first. A page whose scores are sure of themselves keeps about the same lines
    under each setting; one with a band of middling scores (a teaser list, a comment thread that
    reads like prose) gets the setting that its own scores say pays. The definition: :func:`decide`
    runs its compiled copy (:func:`cleaner.compiled.choose`), which the tests hold to it."""
    utility = _Utility(scores, words, precision_weight)
    decisions = [kept(scores, threshold, keep_best, extend, bridge) for threshold, extend, bridge in settings]
    values = [utility(keep) for keep in decisions]
    best = max(range(len(settings)), key=values.__getitem__)
    return best, decisions[best]


def decide(scores: list[float], words: list[float], params: Mapping[str, Any]) -> tuple[float, list[bool]]:
    """The lines a ``line-model`` rule with these keys keeps (all of them, as a loaded rule has
    them: :func:`cleaner.kinds.registry.with_defaults`), and the threshold of the setting the page
    chose: :func:`shifted`, then :func:`choose`. The rule and ``bench/crossfit.py`` both decide
    through here, so they read the keys alike."""
    threshold = params["threshold"]
    settings = shifted(threshold, params["extend"], params["bridge"], params["shifts"])
    # choose, compiled (the same operations in the same order: tests/test_compiled.py)
    chosen, keep = compiled_choose(scores, words, settings, params["keep_best"], params["precision_weight"])
    return settings[chosen][0], keep


def rounded(scores: Sequence[float], digits: int = 3) -> list[float]:
    """``[round(score, digits) for score in scores]``, the same floats, in one compiled pass
    (:func:`cleaner.compiled.rounded_values`) where ``round`` takes ~0.4 us a float (it rounds
    through a decimal string). ``round`` gives the float nearest to the decimal it rounds the
    score's exact value to, ``r / 10**digits`` for
    the integer ``r`` nearest to ``score * 10**digits`` (half to even); IEEE division of those two
    exact floats gives that same nearest float. The product's float, ``y``, is off the exact
    product by at most ``|y| * 2**-53``, so ``rint(y)`` is that ``r`` wherever ``y`` lies further
    than that from halfway between two integers; a score within ``_NEAR_HALF`` of halfway (over
    eight times that bound while ``|y|`` is under ``_MOST_SCALED``) is rounded by ``round``
    itself, as are larger ones, infinities and NaN, and all of them where ``10**digits`` is past
    10**22, the largest power of ten a float holds exactly."""
    if not 0 <= digits <= 22:
        return [round(score, digits) for score in scores]
    # (the same IEEE operations an array at a time, five numpy calls, cost more than their work
    # on a page's hundred scores)
    out, unsure = rounded_values(scores, float(10 ** digits), _NEAR_HALF, _MOST_SCALED)
    for i in unsure:  # near halfway, large, infinite or not a number: round's own
        out[i] = round(scores[i], digits)
    return out


_NEAR_HALF = 1e-6
_MOST_SCALED = 2.0 ** 30  # |y| * 2**-53 under 1.2e-7 below it


def _sigmoid(margin: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-margin))


def context_features(p: list[float] | np.ndarray, words: list[int] | np.ndarray) -> np.ndarray:
    """:data:`CONTEXT_FEATURES` of each line from the stage-1 scores ``p`` of all lines and their
    word counts, as an array of shape (lines, context features): the mean score of the lines
    within 1, 3, 8 and 20 of it (:data:`WINDOWS`) but its own, the previous and the next line's
    score (-1 where there is none), the share of the page's score-weighted words above it and
    below it, whether it is in the best-scoring run of lines (where a likely line scores its words
    and an unlikely one costs a little) and its distance from that run, and its own score.
    Computed in one pass (:func:`cleaner.compiled.context_columns`)."""
    return context_columns(np.asarray(p, dtype=np.float64), np.asarray(words, dtype=np.float64), WINDOWS)


def load(path: Path) -> LineModel:
    """Read a model file; :class:`ModelError` says what is wrong with it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: cannot read model: {exc}") from None
    if not isinstance(data, dict):
        raise ModelError(f"{path}: not a model (a JSON object is expected)")
    try:
        return LineModel(data, str(path))
    except KeyError as exc:
        raise ModelError(f"{path}: missing {exc}") from None
