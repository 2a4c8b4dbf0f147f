"""cleaner.repair: entities, broken entities, mojibake, spaces, and the exactness of the ftfy gate."""

from __future__ import annotations

import gzip
import json

import ftfy
import pytest

from cleaner import repair
from cleaner.repair import FTFY_CONFIG, fix_mojibake, needs_ftfy, repair_line
from conftest import BENCH_DATA, SEEDS


@pytest.mark.parametrize(("broken", "fixed"), [
    ("…between our defense establishments& ldquo;", "…between our defense establishments”"),
    ("Today\u00e2\u20ac\u2122s meetings", "Today’s meetings"),
    ("cafÃ©", "café"),
    ("Today&rsquo;s", "Today’s"),
    ("Today&#8217;s", "Today’s"),
    ("he said &#8220;yes&#8221 and left", "he said “yes” and left"),
    ("&amp;ldquo;Yes&amp;rdquo;", "“Yes”"),
    ("Barnes &amp; Noble", "Barnes & Noble"),
    ("a < b &amp; c", "a < b & c"),
    ("&ldquo;It sounds procedural&rdquo;", "“It sounds procedural”"),
    ("a\u00a0b\u2009c\u200bd", "a b cd"),
    ("  padded\u00a0 ", "padded"),
    ("many    spaces\there", "many spaces here"),
])
def test_repairs(broken, fixed):
    assert repair(broken) == fixed


@pytest.mark.parametrize("clean", [
    "rock & roll;", "AT&T;", "this & not;", "Q&A", "“curly” and ‘single’ quotes stay curly",
    "ﬁnancial ligature", "ＦＵＬＬＷＩＤＴＨ text", "Москва — столица", "naïve café", "日本語の文章です。",
    "5 < 6 and 7 > 3",
])
def test_clean_text_is_left_alone(clean):
    assert repair_line(clean) == (clean, [])


def test_repairs_are_recorded_as_the_smallest_fragment_with_their_rule():
    assert repair_line("our defense establishments& ldquo;")[1] == [("generic/broken-entity", "& ldquo;", "”")]
    assert repair_line("Today\u00e2\u20ac\u2122s")[1] == [("generic/mojibake", "\u00e2\u20ac\u2122", "’")]
    assert repair_line("a&nbsp;b")[1] == [("generic/entity", "&nbsp;", "\u00a0"), ("generic/odd-space", "\u00a0", " ")]
    assert repair_line("trailing no-break space\u00a0")[1] == []  # stripping is layout, not a repair


def test_quote_direction_comes_from_context_only_for_entity_quotes():
    assert repair("“Hello& ldquo; he said") == "“Hello” he said"
    assert repair("& rdquo;Hello”") == "“Hello”"
    assert repair("Today&rsquo;s") == "Today’s"  # an apostrophe stays an apostrophe
    assert repair("already ”wrong“ quotes") == "already ”wrong“ quotes"  # text quotes never touched


def test_repair_is_idempotent_on_the_seeds():
    for seed in SEEDS:
        once = repair(seed.read_text(encoding="utf-8"))
        assert repair(once) == once


def ungated(line: str) -> str:
    return ftfy.fix_text(line, FTFY_CONFIG)


def test_gate_equals_running_ftfy_on_everything_on_the_seeds():
    for seed in SEEDS:
        for line in seed.read_text(encoding="utf-8").split("\n"):
            assert fix_mojibake(line)[0] == ungated(line)


@pytest.mark.skipif(not BENCH_DATA.exists(), reason="../shared/bench is not beside the repo")
def test_gate_equals_running_ftfy_on_everything_on_the_bench():
    """Every line of every dump of the shared bench: the gated fix equals ftfy on every line."""
    lines = set()
    with gzip.open(BENCH_DATA, "rt", encoding="utf-8") as f:
        for record in map(json.loads, f):
            for dump in record["dumps"].values():
                lines.update(dump.split("\n"))
    gated_to_ftfy = 0
    for line in lines:
        needs = needs_ftfy(line)
        gated_to_ftfy += needs
        if not needs:
            assert ungated(line) == line, line
    print(f"{gated_to_ftfy} of {len(lines)} distinct lines reach ftfy")
    assert gated_to_ftfy < len(lines) * 0.25  # the gate must actually save work
