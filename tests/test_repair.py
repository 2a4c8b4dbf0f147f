"""cleaner.repair: entities, broken entities, mojibake, spaces, and the exactness of the ftfy gate."""

from __future__ import annotations

import gzip
import itertools
import json
import random
import sys
import unicodedata
from pathlib import Path

import ftfy
import numpy as np
import pytest
from ftfy.badness import BADNESS_RE, is_bad

from cleaner import repair
from cleaner.chardata import MOJIBAKE_MARKERS, MOJIBAKE_MAX_WIDTH
from cleaner.codepoints import code_points
from cleaner.compiled import bad_lines
from cleaner.repair import (
    FTFY_CONFIG,
    MAY_NEED_REPAIR,
    _gate,
    _looks_bad,
    _needs_ftfy,
    _repair_line_ungated,
    _single_spaced,
    collapse_spaces,
    fix_entities,
    fix_odd_spaces,
    fix_spaces,
    repair_line,
    repair_lines,
    repaired,
)

repair_module = sys.modules["cleaner.repair"]  # (cleaner.repair is also the name of its function `repair`)

SEEDS = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "seeds").glob("*.txt"))
BENCH = Path(__file__).resolve().parents[2] / "shared/bench/wcxb-dev-articles.jsonl.gz"


@pytest.mark.parametrize(("broken", "fixed"), [
    ("…mistrust that has not been eliminated between our defense establishments& ldquo;",
     "…mistrust that has not been eliminated between our defense establishments”"),
    ("Today\u00e2\u20ac\u2122s meetings", "Today’s meetings"),
    ("cafÃ©", "café"),
    ("&amp;Atilde;&amp;copy; ol&eacute;", "é olé"),  # decoded entities make mojibake ftfy fixes
    ("Barnes &amp; Noble", "Barnes & Noble"),
    ("caf& eacute;", "café"),  # a stray space breaks any HTML5 entity glued to its word
    ("Bj& ouml;rk and na& iuml;ve", "Björk and naïve"),
    ("Tom & amp; Jerry", "Tom & Jerry"),
    ("caf& eacute; & nbsp;", "café"),
    ("H& sup2;O at 5& deg;C", "H²O at 5°C"),
    ("Today&rsquo;s", "Today’s"),
    ("Today&#8217;s", "Today’s"),
    ("he said &#8220;yes&#8221 and left", "he said “yes” and left"),
    ("&#x201C;yes&#x201D", "“yes”"),
    ("Today&amp;rsquo;s", "Today’s"),
    ("Today&amp;amp;rsquo;s", "Today’s"),
    ("Q&amp;amp;A", "Q&A"),
    ("&amp;ldquo;Yes&amp;rdquo;", "“Yes”"),
    ("a < b &amp; c", "a < b & c"),
    ("P&EACUTE;REZ", "PÉREZ"),
    ("a\u00a0b\u2009c\u200bd\u202fe", "a b cd e"),
    ("  padded\u00a0 ", "padded"),
    ("\u200b\u00a0zero-width at the ends\u200b", "zero-width at the ends"),
    ("many    spaces\there", "many spaces here"),
])
def test_repairs(broken, fixed):
    assert repair(broken) == fixed


@pytest.mark.parametrize("clean", [
    "rock & roll;", "AT&T;", "this & not;", "Q&A", "fish &chips;", "&#x201Dfoo", "cats & dogs & not;",
    "caf& eacutes;", "x & times; y",
    "“curly” and ‘single’ quotes stay curly", "ﬁnancial ﬂow", "ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ",
    "Москва — столица России", "naïve café « à l’école »", "日本語の文章です。", "5 < 6 and 7 > 3",
])
def test_clean_text_is_left_alone(clean):
    assert repair_line(clean) == (clean, [])


def test_the_ftfy_config_keeps_the_typography():
    assert FTFY_CONFIG.unescape_html is True
    assert not FTFY_CONFIG.uncurl_quotes
    assert not FTFY_CONFIG.fix_character_width
    assert not FTFY_CONFIG.fix_latin_ligatures
    assert ftfy.fix_text("“ﬁ” ＡＢ &lt; <", FTFY_CONFIG) == "“ﬁ” ＡＢ < <"


def test_repairs_are_recorded_as_the_smallest_fragment_with_their_rule():
    assert repair_line("our defense establishments& ldquo;")[1] == [
        ("generic/broken-entity", "& ldquo;", "”")]
    assert repair_line("Today\u00e2\u20ac\u2122s news")[1] == [
        ("generic/mojibake", "\u00e2\u20ac\u2122", "’")]
    assert repair_line("caf\u00c3\u00a9 and caf\u00c3\u00a9")[1] == [  # one entry per ftfy call
        ("generic/mojibake", "\u00c3\u00a9 and caf\u00c3\u00a9", "é and café")]
    assert repair_line("a&nbsp;b &amp;rsquo; &#8221")[1] == [
        ("generic/entity", "&nbsp;", "\u00a0"),
        ("generic/broken-entity", "&amp;rsquo;", "’"),
        ("generic/broken-entity", "&#8221", "”"),
        ("generic/odd-space", "\u00a0", " "),
    ]
    assert repair_line("a\u00a0\u00a0 b\u200bc")[1] == [
        ("generic/odd-space", "\u00a0\u00a0", " "), ("generic/odd-space", "\u200b", "")]


def test_layout_is_not_a_repair():
    assert repair_line("trailing no-break space\u00a0") == ("trailing no-break space", [])
    assert repair_line("\u00a0\u2009leading odd spaces") == ("leading odd spaces", [])
    assert repair_line("  runs   of\tspaces  ") == ("runs of spaces", [])
    assert repair_line("a CRLF line\r") == ("a CRLF line", [])
    assert repair_line("\u00a0") == ("", [])


def test_quote_direction_comes_from_context_only_for_entity_quotes():
    assert repair("“Hello& ldquo; he said") == "“Hello” he said"
    assert repair("“Hello,&ldquo;") == "“Hello,”"
    assert repair("& rdquo;Hello”") == "“Hello”"
    assert repair("(&rdquo;Hello”)") == "(“Hello”)"
    assert repair("said: &lsquo;Hi&lsquo; and") == "said: ‘Hi’ and"
    assert repair("said: &rsquo;Hi&lsquo; and") == "said: ’Hi’ and"  # "’Hi" could be an elision
    assert repair("&nbsp;&rdquo;Hi") == "“Hi"  # the decoded no-break space is a space
    assert repair("Today&rsquo;s") == "Today’s"  # an apostrophe stays an apostrophe
    assert repair("the &rsquo;90s") == "the ’90s"
    assert repair("&#8217;Tis the season") == "’Tis the season"  # elisions keep the apostrophe
    assert repair("rock &rsquo;n&rsquo; roll") == "rock ’n’ roll"
    assert repair("rock & rsquo;n& rsquo; roll") == "rock ’n’ roll"
    assert repair("&rdquo;Hi") == "“Hi"  # a closing double quote never opens a word
    assert repair("a&ldquo;b") == "a“b"  # no context, no change
    assert repair("already ”wrong“ quotes") == "already ”wrong“ quotes"  # never touched


def test_entities_must_be_real():
    assert fix_entities("&notanentity; &T; & amp;")[0] == "&notanentity; &T; &"
    assert fix_entities("&#0 &#xZZ; &#99999999")[0] == "&#0 &#xZZ; &#99999999"
    assert fix_entities("& not; & roll; & copy;")[0] == "& not; & roll; ©"


def test_repair_is_repair_line_on_each_line():
    text = "one&amp;\n\u00a0two\u00a0\n\nthree\u00e2\u20ac\u2122s"
    assert repair(text) == "\n".join(repair_line(line)[0] for line in text.split("\n"))
    assert repair(text) == "one&\ntwo\n\nthree’s"


def test_a_repaired_line_is_kept_and_given_again_as_a_list_of_its_own():
    """repair_line keeps its results for the last REPAIRED_LINES lines that may need a repair (a
    site's lines recur page after page): the same result the second time, which a caller's change
    to the first does not reach."""
    repair_module._repaired_line.cache_clear()
    lines = ["caf\u00c3\u00a9 &amp; more\u00a0text", "Москва\u00a0сегодня", "“quoted” – fine", "& ldquo;x"]
    for line in lines * 2:
        fixed, repairs = repair_line(line)
        assert (fixed, repairs) == repair_module._repair_line(line, gated=True)
        repairs.append(("generic/x", "a", "b"))  # the caller's list
    info = repair_module._repaired_line.cache_info()
    assert (info.hits, info.misses, info.maxsize) == (len(lines), len(lines), repair_module.REPAIRED_LINES)
    long_line = "caf\u00c3\u00a9\u00a0" + "x" * repair_module.REPAIRED_LINE_CHARS  # a paragraph: not kept
    assert repair_line(long_line) == repair_module._repair_line(long_line, gated=True)
    assert repair_module._repaired_line.cache_info().currsize == len(lines)


@pytest.mark.parametrize("loaded", [False, True])
def test_repair_lines_is_repair_line_on_each_line_of_random_text(monkeypatch, loaded):
    """Texts of many lines from pieces dense in what the repairs act on (entities, mojibake, some
    of it made by entities, odd and zero-width spaces, C1 controls, carriage returns, text not in
    NFC), and clean lines in several scripts between them; with the gate's compiled passes (which
    tell repair_line each marked line's badness) and without."""
    monkeypatch.setattr(repair_module, "compiled_loaded", lambda: loaded)
    rng = random.Random(20261202)
    pieces = (["&amp;", "& ldquo;", "&#8217;", "AT&T;", "&Atilde;", "&copy;", "&#226;&#8364;", "\u00a0", "\u200b", "\ufeff", "\u3000", "\x85", "\r",
               "\u2028", "e\u0301", "\u00c3\u00a9", "\u00e2\u20ac\u2122", "\t", "  ", "\x0b", "\ud800", "\x0c",
               "\x1f", " ", " "]
              + list("abc XYZ.,;é”“Москва日本語 ελληνικά ") * 4 + ["\u212b", "\u1100\u1161"] * 3  # letters not in NFC
              + _mojibake_fragments())
    for _ in range(3000):
        lines = []
        for _ in range(rng.randint(1, 8)):
            line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
            lines.append(line if rng.random() < 0.4 else "".join(c for c in line if c.isalnum() or c == " "))
        text = "\n".join(lines)
        assert repair_lines(text) == [repair_line(line) for line in text.split("\n")], text
        assert repaired(text, text.split("\n")) == repaired(text), text  # the lines split by the caller
    # mojibake that only entities make: the line's badness, told of it as it came, does not hold
    for text in ("caf&Atilde;&copy; au lait\nok", "Today&acirc;&euro;&trade;s\ncaf\u00c3\u00a9"):
        assert repair_lines(text) == [repair_line(line) for line in text.split("\n")], text
        assert repair_lines(text)[0][0] in ("café au lait", "Today’s"), text
    long_line = "é" * (FTFY_CONFIG.max_decode_length + 1)
    assert repair_lines("ok\n" + long_line) == [("ok", []), repair_line(long_line)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_compiled_gate_is_the_regular_expressions(monkeypatch, seed):
    """The lines lines_to_repair flags and whether the text is single-spaced, from the one compiled
    pass over the code points (normalizing, once numba is loaded), are the regular expression's
    lines and _single_spaced's answer (before: ``cleaner check`` of a few files)."""
    rng = random.Random(seed)
    pieces = (["&", "\u00a0", "\u200b", "\ufeff", "\x85", "\r", "\t", "\x0c", "\x0b", "  ", " ", " ", "\n",
               "\n", "\n ", " \n", "\ud800", "\U0001f600", "\U00010400", "\ufffd", "\uffff", "\u00c3\u00a9", "”",
               # not in NFC, alone or after what comes before: a singleton, a mark, Hangul jamo that
               # compose, a syllable and a trailing consonant, a letter NFC writes otherwise (an
               # excluded composition), a musical symbol past the plane
               "\u212b", "e\u0301", "\u0301", "\u1100\u1161", "\u1161", "\uac00\u11a8", "\u0958", "\U0001d15e"]
              + list("abc XYZ.,é«»Москва日本語 ελληνικά") * 3 + _mojibake_fragments())
    texts = ["", "\n", " ", "a ", " a", "a\n b", "a \nb", "a  b", "ok", "\n\n&\n", "&", "\ufffd", "\U0001f600"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for text in texts:
        lines = text.split("\n")
        monkeypatch.setattr(repair_module, "compiled_loaded", lambda: False)
        by_pattern, unknown, untold = _gate(text, lines)
        monkeypatch.setattr(repair_module, "compiled_loaded", lambda: True)
        compiled, plain, bad = _gate(text, lines)
        assert unknown is None and untold is None
        assert compiled == by_pattern, repr(text)
        assert compiled is None or plain == _single_spaced(text), repr(text)
        if bad is not None:  # each line's badness where told, for the lines marked, in a text in NFC
            assert compiled is not None and unicodedata.is_normalized("NFC", text)
            assert set(bad) <= compiled
            for number, told in bad.items():
                assert told == is_bad(lines[number]), repr(lines[number])


def test_a_text_of_characters_nfc_leaves_as_they_are_is_in_nfc():
    """The gate asks unicodedata whether a text is in NFC only when it holds a character outside
    _nfc_inert's: each of those alone is in NFC, and so is each pair of them (every inert opening
    of a composition followed by every 23rd inert character, and random runs)."""
    inert = np.flatnonzero(repair_module._nfc_inert()["inert"])
    assert 60_000 < len(inert) < 0x10000
    assert all(unicodedata.is_normalized("NFC", chr(code)) for code in inert.tolist())
    firsts = {int(mapping.split()[0], 16) for mapping in map(unicodedata.decomposition, map(chr, range(0x10000)))
              if mapping and not mapping.startswith("<") and len(mapping.split()) == 2}
    openings = [chr(code) for code in sorted(firsts & set(inert.tolist()))]
    assert len(openings) > 300
    some = [chr(code) for code in inert[::23].tolist()]
    assert all(unicodedata.is_normalized("NFC", first + second) for first in openings for second in some)
    rng, codes = random.Random(20261205), inert.tolist()
    for _ in range(20_000):
        text = "".join(chr(rng.choice(codes)) for _ in range(rng.randint(2, 6)))
        assert unicodedata.is_normalized("NFC", text), ascii(text)
    # and what it leaves out: marks, the characters NFC writes otherwise, those that compose with
    # what comes before them
    assert not set(map(ord, "\u0301\u212b\u0958\u1161\u11a8\u3099")) & set(codes)


def test_the_only_white_space_the_gate_passes_over_is_what_single_spaced_looks_for():
    """repaired leaves the lines lines_to_repair passes over as they are when _single_spaced finds
    no tab, form feed, double space or space at a line's end: every other white space character
    (str.split's) is one the gate flags."""
    passed_over = {char for char in map(chr, range(sys.maxunicode + 1))
                   if char.isspace() and not MAY_NEED_REPAIR.search(char)}
    assert passed_over == {"\t", "\n", "\x0c", " "}
    assert _single_spaced("a b\nc") and _single_spaced("")
    for text in ("a\tb", "a\x0cb", "a  b", " a", "a ", "a\n b", "a \nb"):
        assert not _single_spaced(text), text


@pytest.mark.skipif(not BENCH.exists(), reason="shared/bench is not beside the repo")
def test_repair_lines_is_repair_line_on_each_line_of_the_bench_dumps():
    with gzip.open(BENCH, "rt", encoding="utf-8") as f:
        for record in itertools.islice(map(json.loads, f), 0, None, 4):
            for text in record["dumps"].values():
                assert repair_lines(text) == [repair_line(line) for line in text.split("\n")], record["id"]


def test_repair_is_idempotent_on_the_seeds():
    assert len(SEEDS) == 5
    for seed in SEEDS:
        once = repair(seed.read_text(encoding="utf-8"))
        assert repair(once) == once


def test_the_seed_fixes():
    fixes = {}
    for seed in SEEDS:
        for number, line in enumerate(seed.read_text(encoding="utf-8").split("\n"), 1):
            for fix in repair_line(line)[1]:
                fixes.setdefault(seed.name[:3], []).append((number, *fix))
    assert ("002", 11, "generic/broken-entity", "& ldquo;", "”") in [
        (name, *fix) for name, made in fixes.items() for fix in made]


# --- The ftfy gate -------------------------------------------------------------------------------


@pytest.mark.parametrize("clean", [
    "Le président a déclaré « nous verrons » à l’Élysée — c’était prévu…",
    "Президент заявил, что «переговоры» продолжатся в Москве.",
    "東京都は１日、新たに感染者を確認したと発表した。",
    "“Curly quotes,” she said — and an em dash – and an en dash.",
    "Ελληνικά: η Βουλή ψήφισε το νομοσχέδιο.",
    "Straße, Ærøskøbing, Łódź, İstanbul, Ñandú",
])
def test_clean_text_in_any_language_skips_ftfy(clean):
    assert not _needs_ftfy(clean)
    assert ftfy.fix_text(clean, FTFY_CONFIG) == clean


@pytest.mark.parametrize("needs", [
    "Today\u00e2\u20ac\u2122s", "cafÃ©", "caf\u0065\u0301", "a\x85b", "a\rb", "a\u2028b", "a\x1b[31mb",
    "a\x00b", "a\ud83db", "&eacute;", "&#233;", "&EACUTE;", "voilÃ le", "é\nÃ ",
])
def test_lines_ftfy_would_change_go_to_ftfy(needs):
    assert _needs_ftfy(needs)


def test_the_gate_is_exact_on_the_seeds():
    for seed in SEEDS:
        for line in seed.read_text(encoding="utf-8").split("\n"):
            assert repair_line(line) == _repair_line_ungated(line), line


def _mojibake_fragments() -> list[str]:
    """Real mojibake in the codecs ftfy knows, once and twice over ("ГўВЂВ™" is UTF-8 read as
    cp1252, then as cp1251): the widest ``BADNESS_RE`` matches only occur in such runs."""
    fragments = []
    for char in "’“”–—…é€àñüœ©®°½×·":
        for codec in ("cp1252", "latin-1", "cp1251", "mac_roman", "cp1253", "cp1257", "cp437"):
            once = char.encode("utf-8").decode(codec, errors="replace")
            fragments.append(once)
            for second in ("cp1252", "cp1251"):
                try:
                    fragments.append(once.encode(codec if codec != "latin-1" else "cp1252").decode(second))
                except UnicodeError:
                    pass
    return fragments


def test_the_windowed_badness_check_is_is_bad_on_random_text():
    """Random strings dense in the characters mojibake is made of, so that windows overlap, touch
    the line's ends and have matches across their edges."""
    assert MOJIBAKE_MARKERS  # the derivation from ftfy's regex worked; else the gate is slower
    assert BADNESS_RE.fullmatch("ГўВЂВ™s") and MOJIBAKE_MAX_WIDTH >= len("ГўВЂВ™s")
    assert not MOJIBAKE_MARKERS & set("éèàçôöüñßабвгдежзийклмнопрстуфхцчшщыьэюяαβγδε")
    rng = random.Random(20240611)
    pieces = (sorted(MOJIBAKE_MARKERS) + list("ÂÃâ€™œ©® \u00a0aeAZ.,1é”“ВГРСвЂўΒΓΞΟ°µ×²") * 3
              + list("Москваcafé日本 ") * 3 + _mojibake_fragments() * 2 + ["ГўВЂВ™s", "ГўВЂВ"])
    for _ in range(15000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        if rng.random() < 0.5:
            text = "plain ascii text " * rng.randint(0, 3) + text + " more words" * rng.randint(0, 2)
        assert _looks_bad(text) == is_bad(text), text
        assert not is_bad("".join(char for char in text if char not in MOJIBAKE_MARKERS)), text
        assert repair_line(text) == _repair_line_ungated(text), text


def test_the_compiled_badness_matcher_is_is_bad():
    """bad_lines, by badness_program's tables, tells is_bad of each line: on random lines dense in
    the characters BADNESS_RE reads (its "^", "\\s?", "." and classes), and on every alternative's
    shortest matches read off the regular expression, alone, at a line's start and after text."""
    program = repair_module._badness_program()
    assert program is not None  # the shape of ftfy 6's expression; else the gate asks is_bad itself
    rng = random.Random(20261205)
    pieces = (sorted(MOJIBAKE_MARKERS) + list("ÂÃâ€™œ©® \u00a0\t\u3000aeAZ.,1é”“ВГРСвЂўΒΓΞΟ°µ×²β€ā√≈‚ØÙà") * 3
              + list("Москваcafé日本 \U0001f600") + _mojibake_fragments() + ["ГўВЂВ™s", "ГўВЂВ", "ГўВЂВ x"])
    lines = ["", " ", "Ã ", " Ã ", "a Ã ", "aÃ ", "a\tÃ ", "a  Ã ", "ГўВЂВ\U0001f600x"]
    lines += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(20000)]
    offsets = np.cumsum([0] + [len(line) + 1 for line in lines])[:-1]
    asked = [i for i in range(len(lines)) if rng.random() < 0.9]
    told = bad_lines(code_points("\n".join(lines)), offsets[asked], program).tolist()
    for i, answer in zip(asked, told):
        line = lines[i]
        past = next((at for at, char in enumerate(line) if ord(char) > 0xFFFF), None)
        if past is not None and not is_bad(line[:past]):
            assert answer == -1, repr(line)  # (or 1 when a match comes before the character)
        else:
            assert answer == is_bad(line), repr(line)
    assert min(told.count(0), told.count(1)) > 1000  # both answers are tried


def _bench_lines() -> set[str]:
    lines: set[str] = set()
    with gzip.open(BENCH, "rt", encoding="utf-8") as f:
        for record in map(json.loads, f):
            for dump in record["dumps"].values():
                lines.update(dump.split("\n"))
            lines.update((record["gold"]["body"] or "").split("\n"))
    return lines


@pytest.mark.skipif(not BENCH.exists(), reason="shared/bench is not beside the repo")
def test_the_gate_is_exact_on_the_bench():
    """Every distinct line of every dump (html_text, bs4, resiliparse) and of the gold body of every
    record: the gated repair equals the repair that runs ftfy on every line (about 20 s)."""
    lines = _bench_lines()
    to_ftfy = 0
    for line in lines:
        to_ftfy += _needs_ftfy(fix_entities(line)[0])
        assert repair_line(line) == _repair_line_ungated(line), line
    assert to_ftfy < len(lines) * 0.01  # the gate must actually save work


_SPACING = ["a", "b", " ", "\t", "\r", "\xa0", "\u2009", "\u3000", "\u200b", "\u2060", "\ufeff", "é", "\n"]


@pytest.mark.parametrize("seed", range(3))
def test_collapse_spaces_finishes_what_fix_odd_spaces_left_as_fix_spaces_does(seed):
    """`cleaner check` collapses a line it has run fix_odd_spaces on without running it again:
    the odd spaces it leaves are at the edges, which a second pass leaves too."""
    rng = random.Random(seed)
    for _ in range(3000):
        line = "".join(rng.choice(_SPACING) for _ in range(rng.randint(0, 12)))
        for end in ("", "\r"):  # check adds back a line's "\r" before collapsing it
            spaced = fix_odd_spaces(line)[0] + end
            out = collapse_spaces(spaced)
            assert out == fix_spaces(spaced)[0]
            # stripped of spaces and zero-width characters, and single-spaced
            assert out == " ".join(out.split())
            assert not out or (out[0] not in "\u200b\u2060\ufeff" and out[-1] not in "\u200b\u2060\ufeff")
