"""Properties that hold for any input, checked with hypothesis on text built like scraped pages.

Random unicode alone rarely reaches the rules: a drop rule needs "Share this" on a line of its
own, the mojibake repair needs "Ã©", a byline rule needs "By Jane Doe". So documents here are lines
built from fragments of real pages (furniture, bylines, dates, captions, mojibake, broken
entities, Cyrillic and CJK lines, control characters, lone surrogates, odd spaces, very long
lines), joined by every kind of line end, with random text mixed in.

Issue 7: nothing is lost, nothing is invented, nothing hangs, and no text makes the API raise.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.article import escape_surrogates
from cleaner.chardata import ZERO_WIDTH
from cleaner.check import Selection, check_text
from cleaner.cli import main
from cleaner.document import RejectedDocument
from cleaner.pipeline import default_rulebook
from cleaner.repair import RULE_BROKEN_ENTITY, RULE_ENTITY, RULE_MOJIBAKE, RULE_ODD_SPACE

# Each property runs on this many examples; normalize takes a few milliseconds a document, so the
# file takes about 20 s on one core. CLEANER_PROPERTY_EXAMPLES=2000 makes a longer hunt.
# The default run is derandomized, so that `make test` tries the same examples every time and a
# red CI always means a change broke something; a longer hunt explores at random.
EXAMPLES = int(os.environ.get("CLEANER_PROPERTY_EXAMPLES", 200))
DERANDOMIZE = "CLEANER_PROPERTY_EXAMPLES" not in os.environ
FEW = max(EXAMPLES // 4, 1)
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE,
                    suppress_health_check=[HealthCheck.too_slow])

FRAGMENTS = [
    "Share this", "Bookmark and Share", "Share this article", "XS SM MD LG", "Print", "Comments",
    "Related articles", "Click photo for screen-resolution image", "Log in to comment", "Home > World > Europe",
    "Headline of the story | Example News", "By Jane Doe", "By JANE DOE and John Smith, Reuters",
    "By", "Jane Doe", "Photo: Reuters", "Photo: X", "(Photo: Getty Images)", "Credit: Natalie Kafader",
    "March 3, 2021", "2021-03-03", "Sept. 15, 2010", "15.09.2010 12:30", "Updated: 3 hours ago",
    "WASHINGTON, Sept. 15, 2010 – Defense Secretary Robert M. Gates and the minister met today.",
    "MOSCOW, June 26 (RIA Novosti)", "American Forces Press Service",
    "The minister said the talks would continue next week in the capital, officials said.",
    "cafÃ©", "Todayâ€™s news", "â€œhighâ€\x9d", "Ã", "â€", "&rsquo;", "&amp;rsquo;", "&amp;amp;",
    "establishments& ldquo;", "& rdquo;", "“yes&#8221 and", "&#x201Dfoo", "AT&T;", "&#0;", "&#xD800;",
    "Комментарии", "Новости дня: министр обороны заявил", "北京新闻 今天的天气很好。", "記事の本文です。",
    "\x00", "\x1b[31m", "\x85", "\x9d", "\ud800", "\udfff", "\ud83d", "\u00a0", "\u200b", "\ufeff", "\u2028",
    "\u2029", "\u3000", "\u202e", "e\u0301", "\ufffd", "\\ud83d",
]
_SEPARATORS = st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\n \n", "\u2028", "\n\u00a0\n", "\n\t\n"])


@st.composite
def page_lines(draw, long: bool = True) -> str:
    """One line: a few fragments and bits of random text, or now and then a very long line."""
    if long and draw(st.integers(0, 30)) == 0:
        return draw(st.sampled_from(FRAGMENTS)) * draw(st.integers(200, 3000))
    parts = draw(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), min_size=1, max_size=4))
    return draw(st.sampled_from([" ", "", ", ", "\t"])).join(parts)


@st.composite
def pages(draw, long: bool = True) -> str:
    """A whole-page text dump: lines joined by mixed line ends."""
    lines = draw(st.lists(page_lines(long), min_size=0, max_size=25))
    out = []
    for line in lines:
        out += [line, draw(_SEPARATORS)]
    return "".join(out[:-1])


@st.composite
def html_pages(draw, long: bool = True) -> str:
    """The same lines as HTML: blocks, a head with a title and a charset, broken markup now and then."""
    lines = draw(st.lists(page_lines(long), min_size=0, max_size=15))
    tags = st.sampled_from(["p", "div", "h1", "li", "span", "td", "figcaption", "a", "script", "nav"])
    body = "".join(f"<{t}>{line}</{t}>" for t, line in zip(draw(st.lists(tags, min_size=len(lines),
                                                                         max_size=len(lines))), lines))
    head = draw(st.sampled_from(["", "<!DOCTYPE html>", '<html><head><meta charset="latin1">',
                                 "<html><head><title>Title | Site</title></head>", "<html><body",
                                 '<meta http-equiv="Content-Type" content="text/html; charset=utf-16">']))
    return head + body + draw(st.sampled_from(["", "</body></html>", "<!--", "<p", "&"]))


documents = st.one_of(pages(), html_pages(), st.text())
URLS = st.sampled_from([None, "", "https://www.defense.gov/News/Article/1", "https://sputniknews.com/a.html",
                        "http://[::1", "not a url", "https://ex\u00e4mple.org/\ud800"])


def as_bytes(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; a lone surrogate stays in UTF-8 as its three (invalid) bytes."""
    return text.encode(encoding, "surrogatepass" if encoding == "utf-8" else "replace")


bytes_documents = st.one_of(
    st.binary(max_size=2000),
    st.builds(as_bytes, documents, st.sampled_from(["utf-8", "cp1252", "utf-16", "koi8-r", "shift_jis"])),
)


# --- no exception escapes normalize ------------------------------------------------------------

def outcome(doc, **kwargs) -> str:
    """normalize's article JSON; or, for binary data, its one documented refusal (RejectedDocument,
    whose message is the reason that the CLI's error record gives). Any other exception escapes
    and fails the test. (The size limit, the other refusal, is far above these documents.)"""
    try:
        return cleaner.normalize(doc, **kwargs).to_json()
    except RejectedDocument as exc:
        assert str(exc).startswith("binary data, not text: ")
        return f"rejected: {exc}"


@SETTINGS
@given(doc=documents, html=st.sampled_from([None, True, False]), url=URLS)
def test_normalize_takes_any_text(doc, html, url):
    """For every str, with html None, True or False and any url, normalize returns an Article
    whose to_json() works, or refuses binary data as documented: it raises nothing else."""
    assert outcome(doc, html=html, url=url)


@SETTINGS
@given(doc=bytes_documents, html=st.sampled_from([None, True, False]), url=URLS)
def test_normalize_takes_any_bytes(doc, html, url):
    """For every bytes value (random, or text in one of five encodings), likewise."""
    assert outcome(doc, html=html, url=url)


@pytest.mark.parametrize("doc", [None, 42, ["text"], memoryview(b"text")])
def test_normalize_takes_only_str_or_bytes(doc):
    """The one documented exception: a TypeError for what is not text."""
    with pytest.raises(TypeError, match="takes str or bytes"):
        cleaner.normalize(doc)


# --- the same input gives the same output ------------------------------------------------------

@settings(max_examples=FEW, deadline=None, derandomize=DERANDOMIZE)
@given(doc=st.one_of(documents, bytes_documents), url=URLS)
def test_normalize_is_deterministic_in_a_process(doc, url):
    """Two calls on the same input give the same JSON, byte for byte (or the same refusal)."""
    assert outcome(doc, url=url) == outcome(doc, url=url)


# Fixed documents for the run in fresh processes: one of each kind of trouble above.
FRESH = [
    "\n".join(FRAGMENTS),
    "\r\n".join(reversed(FRAGMENTS)),
    "<html><head><title>T | S</title></head><body>" + "".join(f"<p>{f}</p>" for f in FRAGMENTS) + "</body></html>",
    "Комментарии\nНовости дня\n" + "The minister said the talks would continue. " * 40 + "\nShare this",
]
_FRESH_SCRIPT = """
import json, sys
import cleaner
for doc in json.loads(sys.stdin.read()):
    print(cleaner.normalize(doc).to_json())
"""


@pytest.mark.parametrize("hash_seed", ["1", "2"])
def test_normalize_is_deterministic_across_processes(repo, hash_seed):
    """A fresh process with another string-hash seed gives the same JSON: no output depends on
    set or dict iteration order of strings."""
    here = "".join(cleaner.normalize(doc).to_json() + "\n" for doc in FRESH)
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([sys.executable, "-c", _FRESH_SCRIPT], input=json.dumps(FRESH), capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=repo, timeout=120, check=True)
    assert done.stdout == here


# --- check --fix is idempotent -----------------------------------------------------------------

@SETTINGS
@given(text=pages(), select=st.sampled_from([(), ("ALL",)]))
def test_a_fixed_text_checks_clean_and_fixes_to_itself(text, select):
    """For any text T, with the default selection and with ALL: if check_text(T) fixes it to F,
    then check_text(F) finds nothing and returns F unchanged."""
    rules, selection = default_rulebook(), Selection(select)
    fixed = check_text(text, rules, selection)[1]
    assert check_text(fixed, rules, selection) == ([], fixed)


# --- normalize never invents text --------------------------------------------------------------

REPAIR_RULES = {RULE_ENTITY, RULE_BROKEN_ENTITY, RULE_MOJIBAKE, RULE_ODD_SPACE}
_EDGES = re.compile("^[\\s" + "".join(sorted(ZERO_WIDTH)) + "]+|[\\s" + "".join(sorted(ZERO_WIDTH)) + "]+$")
_MAX_CANDIDATES = 1000


def input_lines(doc: str) -> list[str]:
    """The input's lines as ``removed`` and ``fixes`` number them: "\\r\\n" and "\\r" end a line as
    "\\n" does, and a leading byte-order mark is not text."""
    return doc.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff").split("\n")


def layout(text: str) -> str:
    """Trimming (spaces and zero-width characters at the ends) and collapsing runs of spaces:
    layout, which the pipeline does without recording a fix."""
    return _EDGES.sub("", " ".join(text.split()))


def apply_fixes(candidates: set[str], fixes) -> set[str]:
    """Every text that applying ``fixes`` in order can give, each fix replacing one occurrence of
    its ``before`` by its ``after`` (a fix records a fragment, not where it was)."""
    for fix in fixes:
        candidates = {text[:at] + fix.after + text[at + len(fix.before):]
                      for text in candidates for at in _occurrences(text, fix.before)}
        assert len(candidates) < _MAX_CANDIDATES, "too many ways to apply the fixes: make the test smarter"
    return candidates


def _occurrences(text: str, fragment: str) -> list[int]:
    return [at for at in range(len(text) - len(fragment) + 1) if text.startswith(fragment, at)]


def line_can_give(raw: str, fixes, paragraph: str) -> bool:
    """Whether input line ``raw`` with the fixes recorded for its number becomes ``paragraph``."""
    repairs = [f for f in fixes if f.rule in REPAIR_RULES]
    rewrites = [f for f in fixes if f.rule not in REPAIR_RULES]
    # Audit strings write a lone surrogate as its escape; so does this comparison.
    repaired = {layout(text) for text in apply_fixes({escape_surrogates(raw)}, repairs)}
    return escape_surrogates(paragraph) in {escape_surrogates(t) for t in apply_fixes(repaired, rewrites)}


# Lines of at most four fragments: a fix records what it changed but not where, so the check tries
# every occurrence, and a line repeating "&rsquo;" 200 times would have too many ways to try.
@SETTINGS
@given(doc=pages(long=False), url=URLS)
def test_every_paragraph_comes_from_an_input_line(doc, url):
    """For a text input (html=False): the article's body paragraphs (text split on "\\n\\n") can be
    matched, in order, to increasing input lines (``input_lines``) so that each paragraph equals
    its line after the line's recorded repairs (rules generic/entity, generic/broken-entity,
    generic/mojibake, generic/odd-space, in the order recorded), then trimming and collapsing of
    spaces, then the line's other recorded fixes (strip, replace, caption and extract rules). Each
    fix replaces one occurrence of its ``before`` by its ``after``; any occurrence may be the one.
    So nothing in the text is invented: every character is the input's or a recorded fix's.
    (Binary data, refused, has no article to look at.)"""
    if outcome(doc, html=False, url=url).startswith("rejected: "):
        return
    article = cleaner.normalize(doc, html=False, url=url)
    lines = input_lines(doc)
    fixes_by_line: dict[int, list] = {}
    for fix in article.fixes:
        fixes_by_line.setdefault(fix.line, []).append(fix)
    number = 0
    for paragraph in article.text.split("\n\n") if article.text else []:
        while number < len(lines) and not line_can_give(lines[number], fixes_by_line.get(number + 1, []), paragraph):
            number += 1
        assert number < len(lines), f"paragraph {paragraph!r} comes from no input line"
        number += 1


# --- the command line: documents in = articles out + errors ------------------------------------

# Short pages: this test is about records, not text, and each example runs a whole command.
_GOOD = st.builds(lambda doc, field: {field: doc}, st.one_of(pages(long=False), html_pages(long=False)),
                  st.sampled_from(["text", "html"]))
_BAD = st.sampled_from(["{not json", "[1, 2]", '"text"', "{}", '{"text": 5}', '{"html": null}', "\u00a0", "null",
                        '{"text": "a", "id": {"x": 1}}'])
_BLANK = st.sampled_from(["", " ", "\t", "\r"])


@settings(max_examples=FEW, deadline=None, derandomize=DERANDOMIZE, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(_GOOD, _BAD, _BLANK), max_size=12))
def test_cli_accounts_for_every_non_blank_line_in_order(lines, tmp_path):
    """For any JSONL input mixing good records, bad lines and blank lines: articles + error
    records = the non-blank lines; articles come out in input order (by id), error records in
    line order; exit code 1 iff there is an error record."""
    records = []
    for number, line in enumerate(lines, 1):
        if isinstance(line, dict):  # a good record: its id names its line
            line = json.dumps({"id": f"line-{number}", **line})
        records.append(line)
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(records) + "\n", encoding="utf-8")
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    code = main(["normalize", str(source), "-o", str(out), "--errors", str(err), "-q", "-j", "1"])
    # No article holds a raw U+0085, U+2028 or U+2029, so splitlines() reads the records, as "\n" does.
    text = out.read_text(encoding="utf-8")
    assert text.splitlines() == text.split("\n")[:-1]
    articles = [json.loads(line)["id"] for line in text.splitlines()]
    errors = [json.loads(line)["line"] for line in err.read_text(encoding="utf-8").split("\n")[:-1]]
    non_blank = [n for n, line in enumerate(records, 1) if line.encode("utf-8").strip()]
    article_lines = [int(a.removeprefix("line-")) for a in articles]
    assert sorted(article_lines + errors) == non_blank
    assert article_lines == sorted(article_lines) and errors == sorted(errors)
    assert code == (1 if errors else 0)


# The control characters that make a text binary data, as a pattern: what binary_reason counts.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")


@SETTINGS
@given(st.text(alphabet=st.sampled_from("\x00\x01\x08\t\n\x0b\x0e\x1a\x1b\x1c\x1f\x7f\x80 aé€漢\udc00\U0001f600"),
               max_size=400),
       st.integers(min_value=1, max_value=300))
def test_binary_reason_counts_the_control_characters_of_the_head(text, head):
    """Whatever the script (one, two, three or four bytes a character in UTF-8, lone surrogates),
    the control characters counted are those the pattern finds in the first BINARY_HEAD."""
    from cleaner import encoding

    encoding.BINARY_HEAD, kept = head, encoding.BINARY_HEAD
    try:
        reason = encoding.binary_reason(text)
    finally:
        encoding.BINARY_HEAD = kept
    controls = len(_CONTROL_CHARACTERS.findall(text[:head]))
    if controls >= encoding.BINARY_MIN_CONTROLS and controls > encoding.BINARY_SHARE * len(text[:head]):
        assert reason == f"binary data, not text: {controls:,} control characters in the first {len(text[:head]):,}"
    else:
        assert reason is None


def _changed_span_by_characters(old: str, new: str) -> tuple[str, str]:
    """changed_span's definition, a character at a time from either end."""
    start, limit = 0, min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    return old[start : len(old) - end], new[start : len(new) - end]


@SETTINGS
@given(st.text(alphabet="ab’\u00e2\u20ac", max_size=40), st.text(alphabet="ab’\u00e2\u20ac", max_size=40),
       st.text(alphabet="ab", max_size=40))
def test_changed_span_is_the_differing_middle(old, new, shared):
    """changed_span (found by halving) keeps the longest common start, then the longest common end
    of what is left: the same fragments as comparing a character at a time, also where the two
    share text at both ends or one is the other's start."""
    from cleaner.document import changed_span

    for a, b in ((old, new), (shared + old + shared, shared + new + shared), (shared + old, shared),
                 (old + shared, shared)):
        assert changed_span(a, b) == _changed_span_by_characters(a, b)
