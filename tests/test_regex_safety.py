"""Every regular expression the program runs takes time linear in the line (issue 7).

The patterns are collected, not listed: each ``re.Pattern`` a module of ``cleaner`` holds (alone
or in a dict, list or tuple) and every regex of every built-in rule file (rule keys and site
signatures), so a new pattern is checked as soon as it exists. Each is run with ``search``,
``match`` and ``findall`` (``sub`` and ``split`` cost what ``findall`` does) on lines of 50,000
characters made to keep a backtracking matcher starting over: runs of one character, runs of
fragments that almost match, and runs of the pattern's own words. A linear pattern takes a few
milliseconds on such a line; one whose time grows with the square of the line takes seconds
(``a+b`` on 50,000 "a": 2.4 s here).

The checks run in a child process with a time limit, so that a pattern that backtracks
exponentially fails the test instead of hanging the suite.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import re
import subprocess
import sys
import time

import pytest

import cleaner
import cleaner.steps
from cleaner.rulebook import load_rulebook

LINE = 50_000
BOUND = 0.5  # seconds for one call on one line: 4x the slowest linear pattern on a busy machine
CHILD_LIMIT = 300  # seconds for the whole audit (about 30 s when every pattern is linear)

CHARS = [" ", "\u00a0", "\n", "a", "A", "я", "1", ".", "!", "(", "-", "<", ":", "\u200b"]
FRAGMENTS = ["a ", "A. ", "a.", "a,", " ,", ": ", "1 ", "1/", "(photo: ", "By a ", "<!--a-->", "&a", "a\n"]
PATTERN_WORDS = 8  # the longest literal words of a pattern, each made into a few lines


def collect_patterns() -> dict[str, re.Pattern]:
    """Every pattern the program runs, by a name saying where it lives (a pattern that a module
    imports from another is checked once)."""
    found: dict[str, re.Pattern] = {}
    for info in pkgutil.walk_packages(cleaner.__path__, "cleaner."):  # the subpackages' modules too
        module = importlib.import_module(info.name)
        for attr, value in [*vars(module).items(), *_imported_in_functions(module)]:
            for suffix, pattern in _patterns_in(value):
                if all(pattern is not seen for seen in found.values()):
                    found[f"{info.name}.{attr}{suffix}"] = pattern
    for rule_file in load_rulebook(env=False, entry_points=False).files:
        for i, signature in enumerate(rule_file.signatures):
            found[f"{rule_file.name}/signatures[{i}]"] = signature
        for rule in rule_file.rules:
            for key, value in rule.params.items():
                if isinstance(value, re.Pattern):
                    found[f"{rule.id}.{key}"] = value
    return found


def _imported_in_functions(module) -> list[tuple[str, object]]:
    """The constants (names in capitals) a module imports from a library inside its functions, as
    extract_html imports trafilatura's patterns where an HTML page needs them: they are patterns
    the program runs, though not the module's attributes."""
    found = []
    for function in ast.walk(ast.parse(inspect.getsource(module))):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and not node.module.startswith("cleaner"):
                for alias in node.names:
                    if alias.name.isupper():
                        found.append((alias.asname or alias.name,
                                      getattr(importlib.import_module(node.module), alias.name)))
    return found


def _patterns_in(value) -> list[tuple[str, re.Pattern]]:
    """A module attribute's patterns: itself, or those in it when it is a dict, list or tuple."""
    if isinstance(value, re.Pattern):
        return [("", value)]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, (list, tuple)) else ()
    return [(f"[{key}]", item) for key, item in items if isinstance(item, re.Pattern)]


def adversarial_lines(pattern: re.Pattern, length: int = LINE) -> list:
    """Lines of ``length`` characters that make a backtracking matcher work hard on ``pattern``:
    runs of a character, of near-miss fragments, and of the pattern's own longest words (run
    together, before a colon, and as a prefix to a long run that fails at its end)."""
    source = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode("latin-1")
    words = sorted(set(re.findall(r"[^\W\d_]{2,}", source)), key=lambda w: (-len(w), w))[:PATTERN_WORDS]
    pieces = CHARS + FRAGMENTS + [f"{w} " for w in words] + [f"{w.capitalize()}: " for w in words]
    lines = [(piece * (length // len(piece) + 1))[:length] for piece in pieces]
    lines += [f"{w} " + "a" * length + "!" for w in words]
    if isinstance(pattern.pattern, bytes):
        lines = [line.encode("utf-8") for line in lines]
    return lines


def slowest(pattern: re.Pattern, length: int = LINE) -> tuple[float, str]:
    """The longest one call took, and which call; it stops at the first call over ``BOUND``."""
    worst = (0.0, "")
    for line in adversarial_lines(pattern, length):
        for call in ("search", "match", "findall"):
            start = time.process_time()  # CPU time: a busy machine does not make a call look slow
            getattr(pattern, call)(line)
            seconds = time.process_time() - start
            if seconds > worst[0]:
                worst = (seconds, f"{call}({line[:12]!r}… {len(line)} chars)")
            if seconds > BOUND:
                return worst
    return worst


def run_audit(patterns: dict[str, str] | None = None, limit: float = CHILD_LIMIT) -> dict[str, object]:
    """Each pattern's ``slowest`` result, measured in a child process; a pattern the child was
    still on when ``limit`` ran out maps to "hung", those after it to None. ``patterns`` (name ->
    source, no flags) replaces the program's own, to test this test."""
    names = list(patterns or collect_patterns())
    command = [sys.executable, __file__] + ([json.dumps(patterns)] if patterns else [])
    try:
        output = subprocess.run(command, capture_output=True, text=True, timeout=limit, check=True).stdout
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
    results: dict[str, object] = dict.fromkeys(names)
    for line in output.splitlines():
        name, seconds, call = line.split("\t")
        results[name] = (float(seconds), call)
    unfinished = [name for name in names if results[name] is None]
    if unfinished:
        results[unfinished[0]] = "hung"
    return results


@pytest.fixture(scope="module")
def audit():
    return run_audit()


@pytest.mark.parametrize("name", sorted(collect_patterns()))
def test_pattern_time_is_linear(audit, name):
    result = audit[name]
    assert result is not None, f"{name}: not reached, a pattern before it hung"
    assert result != "hung", f"{name}: still running after {CHILD_LIMIT} s: catastrophic backtracking"
    seconds, call = result
    assert seconds <= BOUND, f"{name} ({collect_patterns()[name].pattern!r}): {call} took {seconds:.2f} s"


def test_the_audit_finds_a_quadratic_pattern():
    # The simplest of them: a search for "a+b" in a run of "a" starts again at each "a".
    seconds, call = slowest(re.compile(r"a+b"))
    assert seconds > BOUND, call


def test_the_audit_finds_an_exponential_pattern():
    # The shape fixed in extract_html._HTML_START: a repeated group of comments.
    results = run_audit({"linear": r"\w+", "comments": r"\A(?:<!--.*?-->\s*)*<html"}, limit=10)
    assert results["linear"][0] <= BOUND
    assert results["comments"] == "hung"


def test_every_kind_of_pattern_is_collected():
    names = collect_patterns()
    assert any(name.endswith(".READER_WORD") for name in names)  # a module's (under the first module holding it)
    assert "cleaner.encoding._META" in names  # a bytes pattern
    assert "cleaner.steps.extract_html._HTML_START" in names  # a step's
    assert "cleaner.steps.extract_html.FAULTY_HTML" in names  # a library's, imported inside a function
    assert "cleaner.scripts._LETTERS[latin]" in names  # in a dict
    assert "generic/photo-credit-inline.pattern" in names  # a rule's
    assert "generic/byline-split.after" in names  # a rule's other regex key
    assert "defense.gov/signatures[0]" in names  # a site signature


if __name__ == "__main__":  # the child process of run_audit: one result line a pattern, as it goes
    given = json.loads(sys.argv[1]) if len(sys.argv) > 1 else None
    catalogue = {name: re.compile(source) for name, source in given.items()} if given else collect_patterns()
    for name, compiled in catalogue.items():
        print(name, *slowest(compiled), sep="\t", flush=True)
