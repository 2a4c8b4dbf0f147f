"""The shortcuts the rule kinds take to run fast (cleaner.kinds.scope and the kinds): each gives
what the plain line-by-line code gives. The facts about Unicode they rest on are checked for every
code point of the Python that runs them; the shortcuts are checked against the plain code on
the shipped patterns, on patterns made to be awkward, and on generated pages."""

from __future__ import annotations

import _sre
import itertools
import re
import shutil
from collections import Counter
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import prefilter
from cleaner.codepoints import code_points, line_spans
from cleaner.compiled import heads_let_through, line_heads
from cleaner.compiled import line_bit_counts as compiled_lines
from cleaner.dates import parse_date
from cleaner.document import BODY, REMOVED, Document, Line
from cleaner.kinds import compile_params, fields
from cleaner.kinds.drop import (
    _ascii_letters,
    _has_words,
    _paragraph_share_index,
    _words_of_lines,
    cut_after,
    drop_block,
    other_script,
    repeated_lede,
)
from cleaner.kinds.registry import Rule
from cleaner.kinds.scope import SHORT_FOLD, all_folds, below_title, matching, short_folds
from cleaner.linefeatures import _DATE_LIKE, _EMAIL_AT, _FURNITURE, _URLISH, COPYRIGHT, words
from cleaner.pipeline import default_rulebook
from cleaner.prefilter import _confirmed, _literal_finder, _plan, found_in
from cleaner.scripts import (
    CJK_CHAR,
    SCRIPTS,
    has_cjk,
    has_letter,
    letter_bits,
    letter_count,
    letter_tally,
    lines_without,
)

ALL_CHARS = [chr(code) for code in range(0x110000)]


# --- the facts about Unicode ---------------------------------------------------------------------

def test_lower_is_the_engines_lower_case_but_for_the_dotted_capital_i():
    """The prefilter of a pattern that ignores case is searched in the page lower-cased: str.lower()
    must map each character to the lower case the engine compares (its final-sigma rule aside,
    which the prefilter allows for), keeping every character in its place but "İ"."""
    odd = [char for char in ALL_CHARS if char.lower() != chr(_sre.unicode_tolower(ord(char)))]
    assert odd == ["\u0130"]
    assert "\u03a3".lower() == "\u03c3" and "A\u03a3".lower() == "a\u03c2"  # final sigma: context


def test_lower_casing_keeps_digits_spaces_and_uncased_characters():
    """A set of digits, spaces or uncased characters keeps, lower-cased, every character it
    matched: lower-casing makes no digit, space or uncased character of another character."""
    for char in ALL_CHARS:
        low = chr(_sre.unicode_tolower(ord(char)))
        if low != char:
            assert _sre.unicode_iscased(ord(low)), hex(ord(char))
        for category in (r"\d", r"\s", r"\S"):
            assert bool(re.match(category, char)) == bool(re.match(category, low)), (hex(ord(char)), category)


def test_printable_text_holds_no_whitespace_but_the_space():
    """cut-after counts the words of a printable line by its single spaces."""
    assert [char for char in ALL_CHARS if char.isspace() and char.isprintable()] == [" "]


# --- found_in against pattern.search, line by line -----------------------------------------------

def _shipped_patterns() -> list[re.Pattern[str]]:
    book = default_rulebook()
    return [value for rule_file in book.files for rule in rule_file.rules
            for key in ("pattern", "after") if isinstance(value := rule.params.get(key), re.Pattern)]


AWKWARD = [
    r"(?<!\s)\s*\(photo:", r"(?<=x)y", r"^(?=.*?ctrl)(?=.{0,30}$).*?ctrl\s*enter", r"^(?!.*www\.)\S+$",
    r"(?i:case)less", r"(?i)a(?-i:B)c", r"(?a:\w)(?i:k)", r"(a)b\1", r"a++b", r"(?>ab)c", r"(x)?(?(1)a|b)",
    r"\Aab", r"ab\Z", r"^$", r"x$|^y", r"[^a]b", r"[^\s]z", r"[a-z]{3}\d", r"[A-Z][A-Z]", r"\n|q",
    r"[\sq]r", r"(?x) s t  # verbose", r"", r"a*", r"(?:ab)*c", r"(?:a|)b", r"ß", r"ſt", r"ΣΑΣ", r"σας",
    r"İstanbul", r"straße", r"\bword\b", r"^(?:a|bb|ccc)+$", r"[ſs][tT]", r"k", r"Ω", r"ı", r"^\d{4}",
    r"^ςα", r"^α?Σ", r"^(?i:α)ς", r"^İst", r"^[sſ]t", r"^\s*x\s", r"^\d\s?\d", r"^.?y", r"^(?:ab)?c?$", r"^(?<=x)y",
    r"^(?!a)b",
]
# Alternatives opening the pattern, of a few literal openings each (found with str.find)
OPENINGS = [r"https?://|www\.|\.(?:com|org|net)\b", r"©|\(c\)\s*\d{4}|copyright", r"(?:ab|c)d|e", r"(?:Str|[sx])a",
            r"(?:xy|ab)+z|(?:k|s)q"]
CASE_FLAGS = [0, re.IGNORECASE, re.IGNORECASE | re.ASCII]
FEATURE_PATTERNS = [_URLISH, _EMAIL_AT, _DATE_LIKE, COPYRIGHT, _FURNITURE]
PATTERNS = [*_shipped_patterns(), *FEATURE_PATTERNS,
            *(re.compile(p, f) for p in AWKWARD + OPENINGS for f in CASE_FLAGS)]
SEED_LINES = [line for path in sorted(Path("fixtures/seeds").glob("*.txt"))
              for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
# Pieces of lines: what the patterns look for, in odd cases and scripts, and what trips them up.
PIECES = ["Share", "PRINT", "e-mail", "Email:", "Name *", "Your email address will not be published.",
          "12 Comments", "Comments (3)", "Просмотров: 114", "Комментарии", "ВАШЕ ИМЯ", "ᲀаше имя", "阅读：1234",
          "Photo: AP", "(photo: Getty)", "© Reuters", "By Jane Doe", "ctrl+enter", "CTRL + ENTER", "ошибка",
          "image.JPG", "XS", "A+", "大", "字号：大 中 小", "Related posts", "ſhare", "ıMAGE", "İmage", "KELVIN",
          "ΣΧΟΛΙΑ", "σχόλιας", "straße", "STRASSE", "\u00a0", "\u2028", " ", "  ", ":", "*", "(", ")", "[", "]",
          "|", ".", "—", "2024", "15 September 2010", "www.example.com", "a", "b", "ab", "ccc", "x", "y", "z",
          "word", "ΣΑΣ", "Ω", "Ω", "K", "k", "Istanbul", "istanbul", "ı", "\t", "\r", "\x0b"]


def _per_line(pattern: re.Pattern[str], texts: list[str]) -> list[int]:
    return [i for i, text in enumerate(texts) if pattern.search(text)]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: f"{p.pattern[:40]}/{p.flags}")
def test_found_in_finds_the_lines_a_search_finds_on_the_seed_pages(pattern):
    for start in range(0, len(SEED_LINES), 150):
        texts = SEED_LINES[start : start + 150]
        assert list(found_in(pattern, texts)) == _per_line(pattern, texts)


line_text = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join).map(str.strip).filter(bool)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.sampled_from(PATTERNS), st.lists(line_text, min_size=20, max_size=40),
       st.sampled_from([str, str.upper, str.lower, str.swapcase, str.title]))
def test_found_in_finds_the_lines_a_search_finds_on_generated_pages(pattern, texts, case):
    texts = [case(text) for text in texts]
    assert list(found_in(pattern, texts)) == _per_line(pattern, texts)


# Lines that end early, or hold characters the heads put in buckets of their own: empty, one or
# two characters, spaces, digits, characters past the plane, "İ" and "Σ".
head_text = st.one_of(line_text, st.sampled_from(["", "a", "A", "x", "Σ", "σ", "ς", "İ", "K", " ", "\u3000", "7",
                                                  "٣", "𝟕", "😀", "\U0001d400", "[", "(", "©"]),
                      st.lists(st.sampled_from(PIECES + ["", "𝟕", "😀"]), max_size=3).map("".join))
ANCHORED = [pattern for pattern in PATTERNS if _plan(pattern).heads is not None]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=4),
       st.lists(head_text, min_size=prefilter._HEADED, max_size=2 * prefilter._HEADED), st.data())
def test_found_in_finds_the_lines_a_search_finds_in_a_run_of_the_page(patterns, texts, data):
    """A rule's window is a run of the page's lines, in a list of its own: its page is read off the
    whole page's (its text, code points, lower case and heads), after the whole page is searched or
    before; a run opening with a line the page holds earlier too, and a page holding "İ" (no lower
    case of its own) around a run without it, included."""
    start = data.draw(st.integers(0, len(texts) - 1))
    run = list(texts[start : data.draw(st.integers(start + 1, len(texts)))])
    if data.draw(st.booleans()):
        texts = [run[0], *texts]  # the run's first line earlier on too
    first = data.draw(st.booleans())
    for pattern in patterns:
        for lines in ([texts, run] if first else [run, texts]) + [list(run), texts]:
            assert list(found_in(pattern, lines)) == _per_line(pattern, lines)
    for whole in (texts, ["İstanbul", *texts]):  # a lower case made to slice, and none
        page = prefilter._page(whole)
        if page is None:  # a text holding a line break
            continue
        page.lowered()
        part = prefilter._page(list(run))
        assert part is not None and part.joined == "\n" + "\n".join(run)
        assert part.codes().tolist() == [ord(char) for char in part.joined]
        assert part.lowered() == (None if "\u0130" in part.joined else part.joined.lower())


def test_only_patterns_anchored_at_the_start_get_head_tables():
    assert len(ANCHORED) >= 10 and all(pattern.pattern.startswith(("^", "\\A")) for pattern in ANCHORED)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.sampled_from(ANCHORED), st.lists(head_text, min_size=prefilter._HEADED, max_size=2 * prefilter._HEADED),
       st.sampled_from([str, str.upper, str.lower, str.swapcase, str.title]))
def test_found_in_finds_the_lines_a_search_finds_with_the_lines_heads(pattern, texts, case):
    texts = [case(text) for text in texts]
    assert list(found_in(pattern, texts)) == _per_line(pattern, texts)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(ANCHORED), head_text, st.sampled_from([str, str.upper, str.lower, str.swapcase, str.title]))
def test_a_line_an_anchored_prefilter_matches_has_a_head_its_tables_let_through(pattern, text, case):
    text = case(text)
    plan = _plan(pattern)
    page = prefilter._Page([text], "\n" + text)
    haystack = page.lowered() if plan.lowered else page.joined
    if haystack is None or not plan.match(haystack, 0):
        return
    opening, following, breaks = page.heads()
    assert breaks.tolist() == [0]
    assert prefilter._let_through(plan.heads, opening, following)[0]


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.sampled_from(ANCHORED), st.lists(head_text, min_size=1, max_size=60))
def test_the_compiled_pass_lets_through_the_lines_the_tables_let_through(pattern, texts):
    """_headed's lines, read in one compiled pass, are those of the tables' numpy reading (which
    runs before compiled code is loaded), with the breaks before them; a table with and without
    heads of one character."""
    plan = _plan(pattern)
    opening, following, breaks = prefilter._Page(texts, "\n" + "\n".join(texts)).heads()
    for opens, follows, alone in (plan.heads, (plan.heads[0], plan.heads[1], None),
                                  (plan.heads[0], plan.heads[1], np.ones(prefilter._BUCKETS, dtype=np.bool_))):
        through = np.flatnonzero(prefilter._let_through((opens, follows, alone), opening, following))
        assert heads_let_through(opens, follows, alone, prefilter._BUCKETS, opening, following, breaks) == \
            (through.tolist(), breaks[through].tolist())


# Heads that put a character past what a head table holds: a repeat taken once or more, a space, a
# digit past the plane, a line ending after one or two characters, a final sigma.
TRICKY_HEADS = [" x ", "x ", " x\u3000y", "\u3000x ", "𝟕1", "1𝟕", "𝟕𝟕𝟕𝟕", "1 2", "12", "1", "ΑΣ", "ΣΑ", "Σ", "ας", "[ share",
                "【 打印", "[share", "x", "", "c", "ab", "abc", "y", "zy", "İstanbul", "ſt", "st", "12 comments", "(1)",
                "1 2 comments", "by Jane", "© 2024", "b", "bb"]


def test_the_tricky_heads_are_let_through_where_the_prefilter_matches():
    texts = [case(text) for text in TRICKY_HEADS + SEED_LINES[:200] for case in (str, str.upper, str.lower)]
    for pattern in ANCHORED:
        plan = _plan(pattern)
        for text in texts:
            page = prefilter._Page([text], "\n" + text)
            haystack = page.lowered() if plan.lowered else page.joined
            if haystack is not None and plan.match(haystack, 0):
                opening, following, _ = page.heads()
                assert prefilter._let_through(plan.heads, opening, following)[0], (pattern.pattern, text)
        assert list(found_in(pattern, texts)) == _per_line(pattern, texts), pattern.pattern


def test_the_bucket_table_puts_each_character_in_the_bucket_of_its_lower_case():
    table = prefilter._bucket_table()
    assert table.tolist() == [prefilter._bucket_of(code) for code in range(0x10000)] + [prefilter._ANY]
    assert table[ord("\n")] == prefilter._AT_END and table[ord("İ")] == prefilter._ANY
    assert table[ord("٣")] == table[ord("7")] == prefilter._DIGITS and table[ord("\u3000")] == prefilter._SPACES
    assert table[ord("Σ")] == table[ord("σ")] != table[ord("ς")] and table[ord("K")] == table[ord("k")]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(head_text, min_size=1, max_size=30))
def test_the_heads_read_in_one_compiled_pass_are_those_numpy_reads(texts):
    codes = code_points("\n" + "\n".join(texts))
    opening, following, breaks = prefilter._head_keys(codes, len(texts))
    compiled = line_heads(codes, prefilter._bucket_table(), prefilter._BUCKETS, len(texts))
    assert [part.tolist() for part in compiled] == [opening.tolist(), following.tolist(), breaks.tolist()]
    table = prefilter._bucket_table()
    for text, first_two, last_two in zip(texts, opening.tolist(), following.tolist()):
        head = [int(table[min(ord(char), 0x10000)]) for char in text[:3]] + [prefilter._AT_END] * (3 - len(text[:3]))
        assert (first_two, last_two) == (head[0] * prefilter._BUCKETS + head[1], head[1] * prefilter._BUCKETS + head[2])


def test_alternatives_of_few_literal_openings_are_found_with_str_find():
    assert _plan(_URLISH).literals == (".com", ".net", ".org", "http", "www.")
    assert _plan(COPYRIGHT).literals == ("(c)", "copy", "©")
    assert _plan(re.compile(r"(?:ab|c)d|e", re.IGNORECASE)).literals == ("abd", "cd", "e")
    assert _plan(re.compile(r"(?:Str|[sx])a")).literals == ()  # a set opens a beginning
    # alternatives that open with sets (digits) are searched line by line: the engine's scan for them
    # costs more
    assert _plan(_DATE_LIKE).prefilter is None
    # a pattern an item after the alternatives gives a prefilter keeps that one (a character the
    # engine finds fast)
    later = _plan(re.compile(r"(?:ab|cd)x", re.IGNORECASE))
    assert later.prefilter.__self__.pattern == "x" and later.literals == ()
    texts = ["x"] * 25 + ["see example.com", "x", "http://", "(c) 2020", "b.org", "a.net b", "x", "www.x", "x"]
    texts += ["copyright"]
    assert list(found_in(_URLISH, texts)) == _per_line(_URLISH, texts) == [25, 27, 29, 30, 32]
    assert list(found_in(COPYRIGHT, texts)) == _per_line(COPYRIGHT, texts) == [28, 34]
    for literals in itertools.combinations(_plan(_URLISH).literals, 4):  # each is looked for
        finder = _literal_finder(literals)
        assert list(_confirmed(finder, _URLISH.search, texts, "\n" + "\n".join(texts))) != [25, 27, 29, 30, 32]


def test_a_pattern_is_planned_once_and_never_given_another_patterns_plan(monkeypatch):
    made = []
    monkeypatch.setattr(prefilter, "_make_plan", lambda pattern: made.append(pattern) or object())
    monkeypatch.setattr(prefilter, "_PLANS", {})
    pattern, other = re.compile("planned once"), re.compile("another")
    assert prefilter._plan(pattern) is prefilter._plan(pattern) and made == [pattern]
    # an entry left by a pattern whose id the new one took is not its plan
    prefilter._PLANS[id(other)] = (pattern, prefilter._PLANS[id(pattern)][1])
    assert prefilter._plan(other) is not prefilter._plan(pattern) and made == [pattern, other]
    # the cache is bounded: past its size it starts over
    patterns = [re.compile(f"p{k}") for k in range(prefilter._MOST_PLANS + 5)]
    for p in patterns:
        prefilter._plan(p)
    assert len(prefilter._PLANS) <= prefilter._MOST_PLANS
    assert prefilter._plan(patterns[-1]) is prefilter._plan(patterns[-1])


def _same_plan(a: prefilter._Plan, b: prefilter._Plan) -> bool:
    def prefilter_of(plan):
        compiled = getattr(plan.prefilter, "__self__", None)
        return None if compiled is None else (compiled.pattern, compiled.flags)

    def tables(plan):
        return None if plan.heads is None else [None if t is None else t.tolist() for t in plan.heads]

    return ((a.needed, a.gate, a.literals, a.lowered, prefilter_of(a), tables(a))
            == (b.needed, b.gate, b.literals, b.lowered, prefilter_of(b), tables(b))
            and (a.match is None) == (b.match is None))


# Long patterns (the kept ones) of every shape of plan: a prefilter with head tables and first
# characters alone, one without, literal openings, none at all, a NUL, a surrogate, past the plane.
LONG = [re.compile("^(?:" + "|".join(f"{w}{k}" for k in range(30) for w in ("share", "x")) + ")", re.IGNORECASE),
        re.compile("^(?:a|" + "|".join(f"b{k}" for k in range(80)) + ")"),
        re.compile("(?:https?://|www\\.)" + "(?:[a-z]+\\.)?" * 40),
        re.compile("(?:" + "|".join(f"[0-9]{{{k}}}x" for k in range(1, 40)) + ")"),
        re.compile("\x00\ud800😀" + "y?" * 200 + "\x00"),
        re.compile("z" * 300, re.IGNORECASE | re.ASCII)]


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if len(p.pattern) >= prefilter._KEPT_PATTERN] + LONG,
                         ids=lambda p: f"{p.pattern[:40]}/{p.flags}")
def test_a_plan_read_back_from_its_recipe_is_the_plan(pattern):
    plan = prefilter._make_plan(pattern)
    assert _same_plan(prefilter._from_recipe(prefilter._recipe(plan)), plan)


def test_a_long_patterns_plan_is_kept_for_the_next_process_and_a_short_ones_is_not(monkeypatch, tmp_path):
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path))
    made = prefilter._kept_plan(LONG[0])
    assert [path.name.startswith("prefilter-plan-") for path in tmp_path.iterdir()] == [True]
    assert _same_plan(made, prefilter._make_plan(LONG[0]))

    def unmade(pattern):
        raise AssertionError("planned again")

    monkeypatch.setattr(prefilter, "_make_plan", unmade)
    assert _same_plan(prefilter._kept_plan(LONG[0]), made)  # read, not made
    with pytest.raises(AssertionError, match="planned again"):
        prefilter._kept_plan(re.compile("short"))
    with pytest.raises(AssertionError, match="planned again"):  # another long pattern, another entry
        prefilter._kept_plan(re.compile(LONG[0].pattern))  # (the same text, other flags)
    assert len(list(tmp_path.iterdir())) == 1


def test_a_plan_entry_that_does_not_read_back_whole_is_planned_again(monkeypatch, tmp_path):
    """The cache tells an entry it cannot read, not one a file of which is gone: such a plan is
    made in the process, as without a cache."""
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path))
    made = prefilter._make_plan(LONG[0])
    for damaged in ("numbers", "codes", "opens"):
        shutil.rmtree(tmp_path)
        prefilter._kept_plan(LONG[0])  # the entry written whole
        (entry,) = tmp_path.iterdir()
        (entry / f"{damaged}.npy").unlink()
        assert _same_plan(prefilter._kept_plan(LONG[0]), made)


def test_a_text_with_a_line_break_of_its_own_is_searched_alone():
    pattern = re.compile(r"a\nb|^b")
    texts = ["x"] * 20 + ["a\nb", "b"]
    assert list(found_in(pattern, texts)) == _per_line(pattern, texts) == [20, 21]


def test_the_shipped_patterns_that_cost_most_get_a_prefilter_or_a_character_to_look_for():
    book = default_rulebook()
    rules = {rule.id: rule for rule_file in book.generic for rule in rule_file.rules}
    for name in ("ui-phrases", "report-error", "comment-form", "counters", "toolbar", "comment-section",
                 "related-section", "caption-shapes", "caption-credit-end", "image-file"):
        pattern = rules[f"generic/{name}"].params["pattern"]
        assert pattern is None or _plan(pattern).prefilter is not None or _plan(pattern).gate is not None, name


# --- the kinds against their plain code ------------------------------------------------------------

def _doc(texts: list[str], states: list[str] | None = None) -> Document:
    doc = Document(raw="\n".join(texts))
    for number, text in enumerate(texts, 1):
        doc.lines.append(Line(number, text, (states or [BODY] * len(texts))[number - 1]))
    return doc


def _rule(kind: str, **spec: object) -> Rule:
    return Rule(f"test/{kind}", kind, kind, compile_params(kind, {"kind": kind, **spec}))


def _decided(doc: Document) -> list[tuple[str, str, str]]:
    return [(line.state, line.rule, line.text) for line in doc.lines]


def test_matching_folds_the_text_list_as_the_rule_does():
    rule = _rule("drop", text=["Share", "straße"], ignore_case=True, pattern=r"^print$")
    doc = _doc(["SHARE", "Strasse", "STRASSE", "print", "share this", "Print"] * 4)
    texts = doc.texts()
    assert matching(rule, doc, texts) == [i for i, text in enumerate(texts)
                                          if text.casefold() in {"share", "strasse"} or text.lower() == "print"]


def test_long_lines_are_not_casefolded_for_a_text_list_and_still_found():
    edge = "Ä" + "ß" * (SHORT_FOLD - 1)  # SHORT_FOLD characters, and more once casefolded
    at_edge = _rule("drop", text=[edge], ignore_case=True)
    longer = _rule("drop", text=["x" * SHORT_FOLD + "ẞ"], ignore_case=True)
    assert at_edge.params["text_longest"] > SHORT_FOLD  # folded, the rule's text is longer
    short = _rule("drop", text=["Share", "A" * SHORT_FOLD], ignore_case=True)
    texts = ["SHARE", "A" * SHORT_FOLD, "A" * (SHORT_FOLD + 1), edge.upper(),
             "X" * SHORT_FOLD + "ß", "x" * SHORT_FOLD + "ss"]
    for order in (texts, texts[::-1]):
        doc = _doc(order)
        for rule in (short, at_edge, longer):
            wanted = rule.params["text"]
            assert matching(rule, doc, doc.texts()) == [i for i, t in enumerate(order) if t.casefold() in wanted]
    # short lines folded, long ones as they are; the full view made from it is every text folded
    doc = _doc(texts)
    matching(short, doc, doc.texts())
    assert short_folds(doc) == [t.casefold() if len(t) <= SHORT_FOLD else t for t in texts]
    assert all_folds(doc) == [t.casefold() for t in texts]
    assert short_folds(doc) == [t.casefold() for t in texts]  # the full view serves once made
    # a rewrite makes them again
    doc.rewrite(doc.lines[0], "ẞ" * SHORT_FOLD, "test/rewrite")
    assert short_folds(doc)[0] == "ss" * SHORT_FOLD
    assert all_folds(doc) == [t.casefold() for t in doc.texts()]


def _plain_repeated_lede(texts: list[str], states: list[str], min_words: int) -> list[int]:
    body = [i for i, state in enumerate(states) if state == BODY]
    folded = [texts[i].casefold() for i in body]
    joined = "\n".join(folded)
    end, out = -1, []
    for i, text in zip(body, folded):
        end += len(text) + 1
        if len(words(texts[i])) >= min_words and joined.find(text, end) >= 0:
            out.append(i)
    return out


sentence = st.lists(st.sampled_from(["the", "THE", "harbour", "froze", "straße", "STRASSE", "ß", "a", "—",
                                     "12", "Σ", "σ", "ς", "port", "said", ",", ".", "Ice", "ice"]),
                    min_size=1, max_size=14).map(" ".join)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(sentence, min_size=1, max_size=30).flatmap(
    lambda texts: st.tuples(st.just(texts), st.lists(st.sampled_from([BODY, BODY, REMOVED]), min_size=len(texts),
                                                    max_size=len(texts)))),
       st.integers(min_value=0, max_value=9), st.data())
def test_repeated_lede_drops_what_the_plain_search_drops(texts_states, min_words, data):
    texts, states = texts_states
    # repeat some lines whole or inside a longer one, later on
    for _ in range(data.draw(st.integers(0, 3))):
        i = data.draw(st.integers(0, len(texts) - 1))
        texts.append(data.draw(st.sampled_from([texts[i], "X " + texts[i].upper(), texts[i] + " y", texts[i][1:]])))
        states.append(BODY)
    doc = _doc(texts, states)
    repeated_lede(_rule("repeated-lede", min_words=min_words), doc)
    dropped = [i for i, line in enumerate(doc.lines) if line.state == REMOVED and line.rule]
    assert dropped == _plain_repeated_lede(texts, states, min_words)


@given(st.text(alphabet="ab_1 .-—é字\u00a0\u0301", max_size=40), st.integers(0, 12))
def test_has_words_counts_as_words_does(text, least):
    assert _has_words(text, least) == (len(words(text)) >= least)


def _plain_other_script(texts: list[str], min_letters: int, dominance: float) -> list[int]:
    letters, per_script = letter_tally("\n".join(texts))
    if not letters:
        return []
    main = "latin" if per_script["latin"] >= dominance * letters else None
    if main is None:
        if not per_script:
            return []
        main, main_count = per_script.most_common(1)[0]
        if main_count < dominance * letters:
            return []
    return [i for i, text in enumerate(texts) if not (main == "latin" and text.isascii())
            and not has_letter(text, main) and letter_count(text) >= min_letters]


# Latin, Cyrillic, Han, Greek and Arabic letters, a letter of no known script past the plane, a
# combining mark, an Arabic-Indic digit, a lone surrogate
script_line = st.text(alphabet="abcXYZ 12.“”Привет世界ΣΑςاب\U00020000\u0301\u0661\ud800\u00a0", min_size=1,
                      max_size=30).map(str.strip).filter(bool)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(script_line, min_size=1, max_size=25),
       st.integers(0, 5), st.sampled_from([0.0, 0.5, 0.8, 0.95, 1.0]), st.booleans())
@example(["é" * 10, "12"], 0, 0.8, True)  # Latin found by the tally, not by ASCII letters: the ASCII line is not judged
@example(["é" * 10, "12"], 0, 0.8, False)
@example(["Привет мир", "abc", "世界"], 3, 0.5, True)  # a line of another script among the page's lines at once
def test_other_script_drops_what_the_plain_tally_drops(texts, min_letters, dominance, compiled):
    """Both ways: the lines judged at once from the page's letter bits (once compiled code is
    loaded), and one by one by the patterns (before)."""
    doc = _doc(texts)
    if compiled:
        compiled_lines(np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64), np.ones(1, dtype=np.int64), [1])
    with mock.patch("cleaner.kinds.drop.compiled_loaded", return_value=compiled):
        other_script(_rule("other-script", min_letters=min_letters, dominance=dominance), doc)
    assert [i for i, line in enumerate(doc.lines) if line.state == REMOVED] == \
        _plain_other_script(texts, min_letters, dominance)


def _plain_paragraph_words(text: str) -> float:
    if not has_cjk(text):
        return len(text.split())
    return len(CJK_CHAR.sub(" ", text).split()) + len(CJK_CHAR.findall(text)) / 2


def _plain_share_index(texts: list[str], share: float, words_above: int, top: int) -> int:
    if share <= 0:
        return top
    counts = [_plain_paragraph_words(text) for text in texts[top:]]
    total = sum(w for w in counts if w >= 20)
    need = min(share * total, words_above) if words_above > 0 else share * total
    seen: float = 0
    for i, w in enumerate(counts, top):
        if w >= 20:
            seen += w
            if seen >= need:
                return i + 1
    return len(texts)


paragraph = st.lists(st.sampled_from(["word", "字", "漢字", "a\tb", "x\u00a0y", " ", "  ", "-", "é", "\u2009", "カナ",
                                     "\x1c", "\u3000", "\x85", "\u2028", "\U00020000", "\ud800", "한", "\uf900",
                                     "\u200b"]),
                     min_size=0, max_size=60).map("".join).filter(bool)


def test_no_space_or_han_or_kana_lies_past_the_basic_multilingual_plane():
    # _words_of_lines reads a character past the plane as a word character, without a table.
    past = "".join(map(chr, range(0x10000, 0x110000)))
    assert not re.search(r"\s", past) and not any(map(str.isspace, past)) and CJK_CHAR.search(past) is None


def test_the_gap_table_holds_each_characters_own_test():
    from cleaner.kinds.drop import _gaps

    assert _gaps().tolist() == [2 if CJK_CHAR.match(chr(code)) else 1 if chr(code).isspace() else 0
                                for code in range(0x10000)]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.one_of(paragraph, st.text(max_size=40)), min_size=0, max_size=20))
def test_words_of_lines_count_as_split_does_line_by_line(texts):
    # White space as str.split cuts (the ASCII and Unicode separators, "\x1c", "\x85"; not the
    # zero-width space), Han and kana half a word each, a lone surrogate or a character beyond
    # the Basic Multilingual Plane (Han of extension B is not in CJK) a word character.
    assert _words_of_lines(texts) == [_plain_paragraph_words(text) for text in texts]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(paragraph, min_size=1, max_size=20), st.sampled_from([0.0, 0.3, 0.5, 1.0]),
       st.sampled_from([0, 10, 300]), st.data())
def test_paragraph_share_index_is_the_plain_count(texts, share, words_above, data):
    top = data.draw(st.integers(0, len(texts)))
    assert _paragraph_share_index(_doc(texts), share, words_above, top) == \
        _plain_share_index(texts, share, words_above, top)


def test_cut_after_takes_the_marker_from_the_start_index_on():
    texts = ["Comments"] + ["One two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                            "fifteen sixteen seventeen eighteen nineteen twenty."] * 25 + ["Comments", "a reply"]
    doc = _doc(texts)
    cut_after(_rule("cut-after", text=["Comments"], below_share=0.5), doc)
    assert [line.state for line in doc.lines][-3:] == [BODY, REMOVED, REMOVED] and doc.lines[0].state == BODY


_LONG = ("One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen twenty.")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["Comments", _LONG, "x"]), min_size=1, max_size=12),
       st.sampled_from([0.0, 0.3, 0.9]), st.booleans(), st.sampled_from(["first", "last"]), st.data())
def test_cut_after_cuts_from_the_marker_the_plain_reading_picks(texts, share, below, occurrence, data):
    """The marker counted from the title line down (below_title) and once the share of paragraph
    words lies above it; everything from it on is dropped."""
    title = data.draw(st.none() | st.integers(1, len(texts)))
    doc = _doc(texts)
    if title is not None:
        doc.field_lines["title"] = (title, "test")
    rule = _rule("cut-after", text=["Comments"], below_share=share, below_title=below, occurrence=occurrence)
    cut_after(rule, doc)
    top = title if below and title is not None else 0  # the index after the title's line
    start = _plain_share_index(texts, share, 0, top)
    hits = [i for i, text in enumerate(texts) if text == "Comments" and i >= start]
    at = None if not hits else hits[-1] if occurrence == "last" else hits[0]
    assert [line.state for line in doc.lines] == [REMOVED if at is not None and i >= at else BODY
                                                  for i in range(len(texts))]


def _plain_drop_block_runs(texts: list[str], states: list[str], pattern: re.Pattern[str], min_run: int) -> list[int]:
    out, run = [], []
    for i in [*range(len(texts)), None]:
        if i is not None and states[i] == BODY and pattern.search(texts[i]):
            run.append(i)
            continue
        if len(run) >= min_run:
            out += run
        run = []
    return out


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["XS", "SM", "MD", "LG", "text", "A+", "大"]), min_size=1, max_size=40).flatmap(
    lambda texts: st.tuples(st.just(texts), st.lists(st.sampled_from([BODY, BODY, REMOVED]), min_size=len(texts),
                                                    max_size=len(texts)))),
       st.integers(0, 4))
def test_drop_block_drops_the_runs_the_plain_loop_drops(texts_states, min_run):
    texts, states = texts_states
    rule = _rule("drop-block", pattern=r"^(?:XS|SM|MD|LG|A\+|大)$", min_run=min_run)
    doc = _doc(texts, states)
    drop_block(rule, doc)
    dropped = [i for i, line in enumerate(doc.lines) if line.rule == rule.id]
    assert dropped == _plain_drop_block_runs(texts, states, rule.params["pattern"], min_run)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["xs", "SM", "md", "LG", "text"]), min_size=0, max_size=30),
       st.lists(st.sampled_from(["xs", "sm", "md"]), min_size=0, max_size=3))
def test_drop_block_lines_drops_the_blocks_the_plain_loop_drops(texts, wanted):
    rule = _rule("drop-block", lines=wanted or ["x"], ignore_case=True)
    wanted = rule.params["lines"]
    doc, plain = _doc(texts), _doc(texts)
    drop_block(rule, doc)
    for i in range(len(texts) - len(wanted) + 1):
        block = plain.lines[i : i + len(wanted)]
        if all(line.state == BODY and line.text.casefold() == w for line, w in zip(block, wanted)):
            for line in block:
                plain.decide(line, REMOVED, rule.id)
    assert _decided(doc) == _decided(plain)


# --- the document's views --------------------------------------------------------------------------

def test_a_view_is_made_again_once_a_text_changes_or_a_line_is_added():
    doc = _doc(["a", "b"])
    assert doc.view("upper", lambda texts: [t.upper() for t in texts]) == ["A", "B"]
    doc.rewrite(doc.lines[0], "c", "test")
    assert doc.texts() == ["c", "b"] and doc.view("upper", lambda texts: [t.upper() for t in texts]) == ["C", "B"]
    doc.lines.append(Line(3, "d"))
    assert doc.view("upper", lambda texts: [t.upper() for t in texts]) == ["C", "B", "D"]


def test_the_raw_lines_are_split_once_and_again_once_the_text_changes():
    doc = Document(raw="", text="a\n\n b")
    first = doc.raw_lines()
    assert first == ["a", "", " b"] and doc.raw_lines() is first
    doc.text = "c\nd"
    assert doc.raw_lines() == ["c", "d"]


def test_below_title_finds_the_first_line_of_the_title_number():
    doc = _doc([f"line {i}" for i in range(60)])
    assert below_title(doc) == 0
    doc.field_lines["title"] = (45, "test")
    assert below_title(doc) == 45
    doc.field_lines["title"] = (999, "test")
    assert below_title(doc) == 0


@given(st.binary(max_size=300))
@example(bytes(range(256)))
def test_ascii_letters_counts_a_to_z_either_case(data):
    """other-script's count of ASCII letters: the bytes A-Z and a-z, of any bytes given."""
    assert _ascii_letters(data) == sum(65 <= b <= 90 or 97 <= b <= 122 for b in data)


def test_letter_counts_agree_with_the_tally():
    """other-script's bound reads the ASCII letters as letter_tally does."""
    text = "Hello, Мир! 123 _ élan"
    letters, per_script = letter_tally(text)
    assert letters == letter_count(text) and per_script == Counter({"latin": 9, "cyrillic": 3})


# Letters of several scripts and of none (Extension B Han, "ˬ"), ASCII and Latin-1 letters ("ª"), marks
# and digits of other scripts, a lone surrogate
tally_chars = st.one_of(st.characters(max_codepoint=0x5FF), st.characters(min_codepoint=0x900, max_codepoint=0xE7F),
                        st.sampled_from("ªˬ\U00020000ﾊカ한글ⴀ\ud800"))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.text(alphabet=tally_chars, max_size=30), min_size=1, max_size=3))
def test_the_tally_counts_what_letter_count_counts(texts):
    """Page after page (the character tables fill as pages bring characters), each script's letters
    as its pattern counts them line by line."""
    for text in texts:
        counts = {script: letter_count(text, script) for script in SCRIPTS}
        assert letter_tally(text) == (letter_count(text), Counter({s: n for s, n in counts.items() if n}))
        assert all(type(n) is int for n in letter_tally(text)[1].values())


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.text(alphabet=tally_chars, max_size=12), min_size=1, max_size=8), st.sampled_from(SCRIPTS),
       st.integers(0, 4))
@example(["abc", "Мир", "", "12"], "cyrillic", 3)  # a line of exactly `least` letters, and one without
def test_lines_without_a_script_are_those_the_patterns_find(texts, script, least):
    found = lines_without(letter_bits("\n".join(texts)), *line_spans(texts), script, least)
    assert found == [i for i, text in enumerate(texts)
                     if not has_letter(text, script) and letter_count(text) >= least]


date_piece = st.sampled_from(["Sept.", "15", "201", "20", "10", "2010", "1999", "2100", "٢٠١٠", "2 010", "-", "/", ".",
                              ",", " ", "de", "septiembre", "年", "9", "月", "日", "Mar", "3", "am", "10:42", "T"])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(date_piece, max_size=8).map("".join))
def test_a_date_states_four_digits_in_a_row(text):
    """extract tries a pattern that gives only a date on lines with four digits in a row only."""
    if re.search(r"\d\d\d\d", text) is None:
        assert parse_date(text) is None


def test_the_decimal_digits_table_is_the_engines_digits():
    """extract's four digits in a row are looked for by a table of the characters \\d matches."""
    table = fields._digit_codes()
    assert not table[-1]  # the entry every code point past the table reads
    assert [char for char in ALL_CHARS if re.match(r"\d", char)] == [chr(c) for c in np.flatnonzero(table).tolist()]


four_digit_piece = st.sampled_from(["1", "12", "123", "2010", "٢٠١٠", "٣", "５", "\U0001d7d8", "\U000104a0",
                                    "\U00020000", "x", " ", "\n", "-", "é", "年"])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(texts=st.lists(st.lists(four_digit_piece, max_size=8).map("".join), min_size=1, max_size=12),
       window=st.one_of(st.none(), st.integers(1, 6)), title=st.integers(0, 3))
def test_the_lines_with_four_digits_are_those_a_search_finds(texts, window, title):
    """The lines extract tries a date pattern on, found once a page in compiled code (or by found_in
    where a text holds a line break), for the page and for a rule's window below the title."""
    fields.lines_with_run(np.zeros(0, dtype=np.uint32), fields._digit_codes(), 4)  # compiled code loaded
    assert fields.compiled_loaded()
    doc = Document("")
    doc.lines = [Line(i + 1, text) for i, text in enumerate(texts)]
    if title < len(texts):
        doc.field_lines["title"] = (title + 1, "test")
    rule = Rule("test/date", "date", "extract", {"window": window})
    scope = fields.scope_of(rule, doc)
    rule_texts = fields.texts_of(rule, doc, scope)
    expected = [i for i, text in enumerate(rule_texts) if fields._FOUR_DIGITS.search(text)]
    assert list(fields._four_digit_lines(doc, rule_texts)) == expected
    assert list(fields._four_digit_lines(doc, rule_texts)) == expected  # the page's view, made once
