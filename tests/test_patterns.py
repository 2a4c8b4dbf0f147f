"""cleaner.patterns: the characters every match of a pattern holds, and the line test built on
them, which must never pass over a line the pattern matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.patterns import may_match, required_chars
from cleaner.pipeline import default_rulebook


@pytest.mark.parametrize("pattern, flags, expected", [
    (r"\(\s*photo\s*:\s*[^()]{1,80}\)", 0, "()hopt:"),
    (r"\(\s*photo\s*:\s*[^()]{1,80}\)", re.I, "():"),  # cased letters match either case
    (r"(?:字号|字體|字级)[:：]?", 0, "字"),  # in every alternative
    (r"a(?:b|c)d", 0, "ad"),
    (r"x?y*(?:z)?", 0, ""),  # all optional
    (r"(?:ab){2,}q+", 0, "abq"),
    (r"^(?=.*?ctrl)(?=.*?[:：]).*$", 0, "crlt"),  # a lookahead reads the line too
    (r"^(?!.*?#)foo", 0, "fo"),  # a negative lookahead requires nothing
    (r"(?<=«)news", 0, "«ensw"),
    (r"(?i:ab)c", 0, "c"),  # under a local flag: left out
    (r"(?i)Ωx", 0, ""),  # a global inline flag counts like the argument
    (r"(a)\1", 0, "a"),
    (r"[ab]|c", 0, ""),
    (r"(?>ab)c", 0, "abc"),
])
def test_required_chars(pattern, flags, expected):
    assert "".join(sorted(required_chars(re.compile(pattern, flags)))) == "".join(sorted(expected))


def test_a_pattern_with_nothing_required_gets_no_test():
    assert may_match(re.compile(r"^(?:share|print)$", re.I)) is None
    test = may_match(re.compile(r"\(photo: [^)]+\)"))
    assert test("A paragraph (photo: AP).") and not test("A paragraph without a credit.")


def _shipped_patterns() -> list[re.Pattern]:
    book = default_rulebook()
    return [rule.params["pattern"] for rule_file in (*book.generic, *book.sites) for rule in rule_file.rules
            if isinstance(rule.params.get("pattern"), re.Pattern)]


PATTERNS = _shipped_patterns()
SEED_LINES = [line for path in sorted(Path("fixtures/seeds").glob("*.txt"))
              for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_test_never_passes_over_a_seed_line_a_shipped_pattern_matches():
    gated = [(pattern, may_match(pattern)) for pattern in PATTERNS]
    assert any(test is not None for _, test in gated)
    for pattern, test in gated:
        if test is None:
            continue
        for line in SEED_LINES:
            assert test(line) or pattern.search(line) is None, (pattern.pattern, line)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(PATTERNS), st.text(alphabet="( ):：字号体【】[]photoPHOTOcredit:.jpg大中小T|Image", max_size=60))
def test_the_test_never_passes_over_a_generated_line_a_shipped_pattern_matches(pattern, line):
    test = may_match(pattern)
    assert test is None or test(line) or pattern.search(line) is None
