"""Kinds that drop lines: by their text (``drop``), as a block (``drop-block``), everything after a
footer marker or before a header marker (``cut-after``, ``cut-before``), lines in another script
(``other-script``) and a standfirst a later paragraph repeats (``repeated-lede``)."""

from __future__ import annotations

import operator
import re
from functools import lru_cache
from itertools import compress, count

import numpy as np

from cleaner.codepoints import code_points, line_spans, page_codes, plane_matches
from cleaner.compiled import compiled_loaded, later_starts, line_words
from cleaner.document import BODY, REMOVED, Document
from cleaner.kinds.registry import Key, Rule, prepare_text, rule_kind
from cleaner.kinds.scope import STATE, all_folds, below_title, casefolded, matching, scope_of, texts_of
from cleaner.prefilter import found_in
from cleaner.scripts import CJK_CHAR, has_letter, letter_bits, letter_count, lines_without, tally

_PARAGRAPH_WORDS = 20  # a line this long is a paragraph, for cut-after's below_share
_TEXT = Key("text", "strlist", "whole lines, matched exactly after trimming")
_PATTERN = Key("pattern", "regex", "lines it is found in (anchor it with `^…$` for whole lines)")
_MARKER_KEYS = (
    Key("text", "strlist", "marker lines, matched exactly after trimming"),
    Key("pattern", "regex", "marker lines: lines it is found in"),
    Key("include_marker", "bool", "the marker line goes too", default=True),
    Key("occurrence", "first|last", "which marker line counts when several match", default="first"),
)


@rule_kind("drop", prepare=prepare_text, check="CL101", keys=(_TEXT, _PATTERN), required=(("text", "pattern"),),
           summary="Drops each line that is one of `text` or matches `pattern`.")
def drop(rule: Rule, doc: Document) -> None:
    """Drop each line that equals one of ``text`` or matches ``pattern``."""
    lines = scope_of(rule, doc)
    for i in matching(rule, doc, texts_of(rule, doc, lines)):
        line = lines[i]
        if line.state == BODY:
            doc.decide(line, REMOVED, rule.id)


@rule_kind("drop-block", prepare=prepare_text, check="CL102", required=(("lines", "pattern"),),
           keys=(Key("lines", "strlist", "an exact run of lines, in order"),
                 Key("pattern", "regex", "lines of a run: each matches it"),
                 Key("min_run", "int", "with `pattern`: the shortest run dropped", default=2)),
           summary='Drops a run of consecutive lines: exactly `lines` in order (the "XS / SM / MD / LG" font-size'
                   " widget), or at least `min_run` lines each matching `pattern`.")
def drop_block(rule: Rule, doc: Document) -> None:
    """Drop a run of consecutive lines: exactly ``lines`` in order (the VOA font-size widget
    "XS / SM / MD / LG"), or at least ``min_run`` lines (default 2) each matching ``pattern``."""
    lines = scope_of(rule, doc)
    texts = texts_of(rule, doc, lines)
    if rule.params["lines"] is not None:
        wanted = rule.params["lines"]
        n = len(wanted)
        if not n:
            return
        folds = list(map(rule.params["fold"], texts))
        # A block starts where its first line does; a block dropped earlier in the loop has left
        # the body, as when every start is tried in turn.
        for i in compress(count(), map(wanted[0].__eq__, folds[: max(len(lines) - n + 1, 0)])):
            block = lines[i : i + n]
            if all(line.state == BODY and f == w for line, f, w in zip(block, folds[i : i + n], wanted)):
                for line in block:
                    doc.decide(line, REMOVED, rule.id)
        return
    # The runs of consecutive body lines the pattern is found in; a run is dropped once it ends,
    # and dropping it changes no line a later run holds.
    min_run = rule.params["min_run"]
    run: list[int] = []
    for i in [*(i for i in found_in(rule.params["pattern"], texts) if lines[i].state == BODY), -1]:
        if run and i == run[-1] + 1:
            run.append(i)
            continue
        if len(run) >= min_run:
            for member in run:
                doc.decide(lines[member], REMOVED, rule.id)
        run = [i]


def _marker_index(rule: Rule, markers: list[int], start: int = 0) -> int | None:
    """The index of the first (or last) of the page's ``markers`` (:func:`_markers`) from
    ``start`` on."""
    hits = [i for i in markers if i >= start]
    if not hits:
        return None
    return hits[-1] if rule.params["occurrence"] == "last" else hits[0]


def _markers(rule: Rule, doc: Document) -> list[int]:
    """The indices of the page's marker lines, in order. A line an earlier rule dropped still marks
    the place ("Comments", dropped as a line of furniture, still heads the comment thread); a line
    taken as a field or a caption does not."""
    lines = doc.lines
    # None: every line is in scope, as for a rule without a window
    in_scope = None if rule.params["window"] is None else {id(line) for line in scope_of(rule, doc)}
    # The whole page is searched, as the rules before searched it (its lower-cased text is made once).
    return [i for i in matching(rule, doc, doc.texts())
            if (in_scope is None or id(lines[i]) in in_scope) and lines[i].state in (BODY, REMOVED)]


@rule_kind("cut-after", prepare=prepare_text, check="CL103", required=(("text", "pattern"),), keys=(
    *_MARKER_KEYS,
    Key("below_share", "float", "a marker counts only once this share of the page's paragraph words lies above it",
        default=0.0),
    Key("below_words", "int", "with `below_share`: a marker also counts once this many paragraph words lie above it"
        " (0: the share only)", default=0),
    Key("below_title", "bool", "a marker counts only below the title line, when an earlier rule found one; the"
        " paragraph words are counted from there", default=False)),
    summary="Drops the marker line (unless `include_marker = false`) and everything after it: a footer. With"
            " `below_share`, a marker counts only once that share of the page's paragraph words (lines of 20 words"
            " or more; a Han character or kana counts half a word, since Chinese and Japanese put no spaces between"
            ' words) lies above it, so a generic footer marker that also appears under the headline ("12 Comments")'
            " cuts nothing there; `below_words` lets it count as well once that many paragraph words lie above it"
            " (a comment thread longer than its article). With `below_title`, a marker counts only below the title"
            " line when an earlier rule found one (put the rule after `headline`), and the paragraph words are"
            ' counted from there: a page that opens with teasers under a "Комментарии" (commentary) heading keeps'
            ' its article. A marker line an earlier rule dropped ("Comments" as a line of furniture) still marks'
            " the place.")
def cut_after(rule: Rule, doc: Document) -> None:
    """Drop everything from a footer marker line (``include_marker``, default true) to the end.
    With ``below_share``, a marker counts only once that share of the page's paragraph words
    (lines of 20 words or more; a Han character or kana is half a word) lies above it: a
    footer comes after most of the article. With ``below_words`` as well, it also counts once
    that many paragraph words lie above it: a comment thread can hold more words than the
    article it follows. With ``below_title``, a marker counts only below the title line when a
    rule before found one, and the paragraph words are counted from there: a page that opens
    with a long list of teasers under a "Комментарии" (commentary) heading keeps its article."""
    top = below_title(doc) if rule.params["below_title"] else 0
    markers = _markers(rule, doc)
    if not markers or markers[-1] < top:  # no marker counts (it would have to lie at or below top)
        return
    start = _paragraph_share_index(doc, rule.params["below_share"], rule.params["below_words"], top)
    at = _marker_index(rule, markers, start)
    if at is None:
        return
    start = at if rule.params["include_marker"] else at + 1
    for line in doc.lines[start:]:
        doc.decide(line, REMOVED, rule.id)


def _paragraph_share_index(doc: Document, share: float, words_above: int = 0, top: int = 0) -> int:
    """The index of the first line below which ``share`` of the paragraph words of the page from
    line ``top`` down lie, or ``words_above`` of them when that comes first (0: share only)."""
    if share <= 0:
        return top
    # Only a line of 20 characters or more can hold 20 words (a word is a character at least, a Han
    # character or kana half a word).
    counts = doc.view(f"paragraphs from {top}", lambda texts: _paragraphs(texts, top))
    total = sum(w for _, w in counts)
    need = min(share * total, words_above) if words_above > 0 else share * total
    seen: float = 0
    for i, w in counts:
        seen += w
        if seen >= need:
            return i + 1
    return len(doc.lines)


def _paragraphs(texts: list[str], top: int) -> list[tuple[int, float]]:
    """The index and words (:func:`_words_of_lines`) of each text from ``top`` on of 20 words or
    more."""
    return [(i, w) for i, w in enumerate(_words_of_lines(texts[top:]), top) if w >= _PARAGRAPH_WORDS]


def _words_of_lines(texts: list[str]) -> list[float]:
    """The words of each text, for cut-after: its runs of characters that are neither white space
    (``str.isspace``, where ``str.split`` cuts) nor Han or kana, plus half its Han and kana
    ("对废旧家电的处理" is four words, "Hello 世界" two). Counted for all the texts at once over
    their code points (:mod:`cleaner.codepoints`), joined by line breaks, which are white space,
    so that no run goes on from one text to the next (:func:`cleaner.compiled.line_words`).

    >>> _words_of_lines(["Hello 世界", "对废旧家电的处理", " a\tb  c ", ""])
    [2.0, 4.0, 3.0, 0.0]
    """
    if not texts:
        return []
    words: list[float] = line_words(page_codes(texts)[1:-1], _gaps(), *line_spans(texts)).tolist()
    return words


@lru_cache(maxsize=1)
def _gaps() -> np.ndarray:
    """What each character of the Basic Multilingual Plane is to :func:`_words_of_lines`: 0 in a
    word, 1 white space (``str.isspace``), 2 Han or kana (``CJK_CHAR``). Past the plane no
    character is either (tests/test_scope.py). Made in 3 milliseconds, where a test a
    character took over ten on the page that first asked: each class's characters found by its
    runs over the plane (:func:`cleaner.codepoints.plane_matches`; ``\\s`` is ``str.isspace``, both
    Unicode's white space; tests/test_scope.py holds the table to the tests a character)."""
    spaces = plane_matches(_SPACE)
    table = np.zeros(len(spaces), dtype=np.uint8)
    table[spaces] = 1
    table[plane_matches(CJK_CHAR)] = 2
    return table


_SPACE = re.compile(r"\s")


@rule_kind("cut-before", prepare=prepare_text, keys=_MARKER_KEYS, required=(("text", "pattern"),),
           summary="Drops everything above the marker line, and the marker unless `include_marker = false`: a"
                   " header.")
def cut_before(rule: Rule, doc: Document) -> None:
    """Drop everything above a header marker line, and the marker itself unless
    ``include_marker = false``."""
    at = _marker_index(rule, _markers(rule, doc))
    if at is None:
        return
    end = at + 1 if rule.params["include_marker"] else at
    for line in doc.lines[:end]:
        doc.decide(line, REMOVED, rule.id)



@rule_kind("other-script", check="CL104", generic=True, keys=(
    Key("min_letters", "int", "the letters a line needs to be judged", default=3),
    Key("dominance", "float", "the share of the page's letters the body's script must hold", default=0.8,
        minimum=0, maximum=1)),
    summary="Drops lines written in another script than the body's: a Cyrillic widget string on an English page.")
def other_script(rule: Rule, doc: Document) -> None:
    """Drop lines written in another script than the body's: the Cyrillic "Заголовок открываемого
    материала" at the foot of Sputnik's English pages. The body's script must hold ``dominance``
    (0.8) of the page's letters, and a line needs ``min_letters`` (3) letters to be judged."""
    min_letters = rule.params["min_letters"]
    dominance = rule.params["dominance"]
    scope = scope_of(rule, doc)
    body = list(map(BODY.__eq__, map(STATE, scope)))
    lines = list(compress(scope, body))
    texts = list(compress(texts_of(rule, doc, scope), body))
    ascii_lines = list(map(str.isascii, texts))
    if all(ascii_lines):
        return  # its letters are all Latin, and a line of Latin letters is never dropped
    # The page's ASCII letters are A-Z and a-z, all Latin (counted on its bytes). When they are so
    # many that they hold the dominant share even if every other character were a letter of
    # another script, the body is Latin; else the page's letters are tallied.
    page = "\n".join(texts)
    plain = page.encode("ascii", "ignore")
    latin_least = _ascii_letters(plain)
    bits = None
    if latin_least and latin_least >= dominance * (latin_least + len(page) - len(plain)):
        main = "latin"  # letter_tally's latin count >= latin_least >= dominance * its letter count
    else:
        bits = letter_bits(page)
        letters, per_script = tally(bits)  # letter_tally(page)
        if not letters:
            return
        main = "latin" if per_script["latin"] >= dominance * letters else ""
        if not main:
            if not per_script:  # letters of no script we know ("ˬ", "𑆃"): no main script to judge lines by
                return
            main, main_count = per_script.most_common(1)[0]
            if main_count < dominance * letters:
                return
    # An ASCII line with letters has Latin ones.
    if bits is not None and compiled_loaded():  # the page's letters told already: its lines at once
        for i in lines_without(bits, *line_spans(texts), main, min_letters):
            if main != "latin" or not ascii_lines[i]:
                doc.decide(lines[i], REMOVED, rule.id)
        return
    judged = compress(lines, map(operator.not_, ascii_lines)) if main == "latin" else iter(lines)
    for line in judged:
        if not has_letter(line.text, main) and letter_count(line.text) >= min_letters:
            doc.decide(line, REMOVED, rule.id)


def _ascii_letters(data: bytes) -> int:
    """How many of ``data``'s bytes are ASCII letters, A-Z and a-z: a byte with its lower-case bit
    set is one of a-z exactly when it is a letter, told for all the bytes at once in vector steps
    (5 us a WCXB-dev page against 36 us for a translate that deletes the letters, which tests a
    byte at a time)."""
    codes = np.frombuffer(data, dtype=np.uint8)
    return int(np.count_nonzero((codes | np.uint8(32)) - np.uint8(97) < np.uint8(26)))


@rule_kind("repeated-lede", generic=True,
           keys=(Key("min_words", "int", "the words a line needs to be judged", default=8),),
           summary="Drops a standfirst that a later paragraph repeats.")
def repeated_lede(rule: Rule, doc: Document) -> None:
    """Drop a standfirst that a later paragraph repeats: Sputnik prints the lede once as a summary
    and again after the dateline ("MOSCOW, June 26 (RIA Novosti) - A Russian-U.S. …"). Lines of
    at least ``min_words`` (8) words only, so short repeated phrases are left to other rules."""
    min_words = rule.params["min_words"]
    scope = scope_of(rule, doc)
    in_body = list(map(BODY.__eq__, map(STATE, scope)))
    body = list(compress(scope, in_body))
    texts = list(compress(texts_of(rule, doc, scope), in_body))
    # One casefolded string of the body; a line repeats later when it occurs past its own end.
    window = rule.params["window"]
    folds = list(compress(all_folds(doc) if window is None else casefolded(texts_of(rule, doc, scope)), in_body))
    joined = "\n".join(folds)
    if joined.count("\n") != len(folds) - 1:  # a line holding a line break: a hit may span two lines
        end = -1
        for line, text in zip(body, folds):
            end += len(text) + 1
            if _has_words(line.text, min_words) and joined.find(text, end) >= 0:
                doc.decide(line, REMOVED, rule.id)
        return
    # Lines hold no "\n", so a hit lies inside a later line: the same text, or a longer one. So a
    # line is looked for only when some later line is longer, and one a later line repeats whole
    # needs no search. A line too short to hold min_words words (each a character, a character
    # apart) is not counted.
    # (whole columns of the body's lines, in numpy: a page's body is a few hundred lines)
    n = len(folds)
    lengths = np.fromiter(map(len, folds), np.int64, n)
    last = dict(zip(folds, count()))  # each text's last line
    later = np.fromiter(map(last.__getitem__, folds), np.int64, n) > np.arange(n)  # repeated whole
    longest_after = np.full(n, -1, np.int64)  # the longest text below each line's
    longest_after[:-1] = np.maximum.accumulate(lengths[:0:-1])[::-1]
    longer = longest_after > lengths
    ends = np.cumsum(lengths + 1) - 1  # each text's end in joined
    if min_words > 0:
        long_enough = np.fromiter(map(len, texts), np.int64, n) >= 2 * min_words - 1
        at = np.flatnonzero((later | longer) & long_enough)
        # A line that no later line repeats whole is searched for only when its opening and its
        # close, each as long as the shortest such line, are found past its end, where a repeat
        # of it would hold them (one pass over the body for all: an opening of 15 characters,
        # "the president s", recurs on a page more often than a line does).
        searched = at[~later[at]]
        if len(searched):
            k = int(lengths[searched].min())
            found_later = later_starts(code_points(joined), k,
                                       np.concatenate((ends[searched] - lengths[searched], ends[searched] - k)),
                                       np.concatenate((ends[searched], ends[searched] + lengths[searched] - k)))
            keep = np.ones(n, np.bool_)
            keep[searched[~(found_later[: len(searched)] & found_later[len(searched) :])]] = False
            at = at[keep[at]]
        found = _at_least_words(min_words).match
        at_lines = [i for i in at.tolist() if found(texts[i])]
    else:
        at_lines = list(range(n))
    later_list, longer_list, end_list = later.tolist(), longer.tolist(), ends.tolist()
    for i in at_lines:
        if later_list[i] or not folds[i] or (longer_list[i] and joined.find(folds[i], end_list[i]) >= 0):
            doc.decide(body[i], REMOVED, rule.id)


def _has_words(text: str, least: int) -> bool:
    """Whether ``text`` holds ``least`` words (``linefeatures.words``: runs of ``\\w``), told
    without making them."""
    return least <= 0 or _at_least_words(least).match(text) is not None


@lru_cache(maxsize=16)
def _at_least_words(least: int) -> re.Pattern[str]:
    """Runs of word characters ``least`` times, each whole (possessive: no run is split in two)."""
    return re.compile(rf"\W*+(?:\w++\W++){{{least - 1}}}\w")
