"""Kinds that take lines out of the body into the article's other parts: fields from a matching line
(``extract``), captions by pattern or position (``caption``) and by grammar
(``participle-caption``). The headline has a module of its own (:mod:`cleaner.kinds.headline`)."""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from cleaner.cache import cached_arrays
from cleaner.codepoints import code_table, page_codes
from cleaner.compiled import compiled_loaded, lines_with_run
from cleaner.dates import parse_date
from cleaner.document import BODY, CAPTION, FIELD, REMOVED, Document, Line
from cleaner.errors import RuleError
from cleaner.kinds.registry import FIELD_GROUPS, Key, Rule, rule_kind
from cleaner.kinds.scope import SPACES, below_title, scope_of, texts_of
from cleaner.linefeatures import words
from cleaner.names import looks_like_person_name, split_authors
from cleaner.prefilter import found_in


def _prepare_extract(params: dict[str, Any], base: Path) -> None:
    groups = set(params["pattern"].groupindex)
    if not groups or not groups <= set(FIELD_GROUPS):
        raise RuleError(f"key 'pattern': named groups must be among {', '.join(FIELD_GROUPS)}"
                        f" (got {', '.join(sorted(groups)) or 'none'})")


def _prepare_caption(params: dict[str, Any], base: Path) -> None:
    if params["pattern"] is not None:
        extra = set(params["pattern"].groupindex) - {"caption"}
        if extra:
            raise RuleError(f"key 'pattern': the only named group allowed is 'caption'"
                            f" (got {', '.join(sorted(extra))})")


def _prepare_participle(params: dict[str, Any], base: Path) -> None:
    for key in ("finite_verbs", "not_participles"):
        params[key] = frozenset(v.casefold() for v in params[key] or ())


@rule_kind("extract", prepare=_prepare_extract, required=(("pattern",),), keys=(
    Key("pattern", "regex", "named groups among " + ", ".join(f"`{g}`" for g in FIELD_GROUPS) + " give the fields"),
    Key("consume", "line|match|none", "what leaves the body: the whole line (a byline), only the match (a byline run"
        " into the lede, recorded as a fix), or nothing (a dateline stays in the lede)", default="line"),
    Key("after", "regex", "only a line just below a line matching this counts (\"By\" on a line of its own, the name"
        " on the next); with `consume = \"line\"` both lines leave the body")),
    summary="Takes fields from the first matching line. `authors` must look like people's names and `published`"
            " must state a year (never guessed), or the line does not match. A field that is already set is never"
            " overwritten: a site's `extract` beats the generic byline.")
def extract(rule: Rule, doc: Document) -> None:
    """Take fields from the first line whose match gives a valid value, by named groups ``title``,
    ``authors``, ``source``, ``dateline`` and ``published``. ``consume`` says what leaves the body:
    the ``line`` (a byline line, the default), the ``match`` (a byline run into the lede, recorded
    as a fix) or ``none`` (a dateline stays in the lede). Authors must look like names and a date
    must state its year, or the line does not match: never guess.

    With ``after``, only a line just below a line matching ``after`` counts: a byline split in
    two, "By" on a line of its own and the name below it (inline elements flattened apart). With
    ``consume = "line"`` both lines leave the body."""
    pattern, after = rule.params["pattern"], rule.params["after"]
    groups = set(pattern.groupindex)
    if all(doc.fields.get(g) for g in groups):
        return
    consume = rule.params["consume"]
    lines = scope_of(rule, doc)
    # Only a line the pattern is found in can give fields, and with `after` only the line after
    # one `after` is found in. A date states its year in four digits (cleaner.dates reads
    # 1900-2100 only; tests/test_scope.py checks), so a pattern that gives only a date is only
    # tried on lines with four digits in a row. Texts change only once a line is taken.
    texts = texts_of(rule, doc, lines)
    if after is not None:
        # (searched in the texts themselves, whose page found_in may have joined already; the
        # last line has no line below it)
        candidates: Iterable[int] = (i + 1 for i in found_in(after, texts) if i + 1 < len(texts))
    elif groups == {"published"}:
        candidates = _four_digit_lines(doc, texts)
    else:
        candidates = found_in(pattern, texts)
    for i in candidates:
        line = lines[i]
        if line.state != BODY:
            continue
        lead = lines[i - 1] if i > 0 else None
        if after is not None and (lead is None or lead.state != BODY or not after.search(lead.text)):
            continue
        match = pattern.search(line.text)
        if not match:
            continue
        values = _field_values(match)
        if values is None:
            continue
        for name, value in values.items():
            doc.set_field(name, value, rule.id, line)
        if consume == "line":
            doc.decide(line, FIELD, rule.id)
            if after is not None and lead is not None:  # lead is there whenever after is
                doc.decide(lead, FIELD, rule.id)
        elif consume == "match":
            rest = SPACES.sub(" ", line.text[: match.start()] + " " + line.text[match.end():]).strip()
            if rest:
                doc.rewrite(line, rest, rule.id)
            else:
                doc.decide(line, FIELD, rule.id)
        return


_FOUR_DIGITS = re.compile(r"\d\d\d\d")


@functools.cache
def _digit_codes() -> np.ndarray:
    """Decimal digits (``\\d``, ``str.isdecimal``) by code point, True at theirs, for the compiled
    pass; its last entry, False, stands for every code point past the last digit. Derived once
    (a pass over all of Unicode, ~0.05 s) and kept in cleaner's cache for the next process."""
    arrays = cached_arrays("decimal-digits", [f"str.isdecimal, Unicode {unicodedata.unidata_version}"],
                           _derive_digit_codes)
    return arrays["digits"]


def _derive_digit_codes() -> dict[str, np.ndarray]:
    return {"digits": code_table(filter(str.isdecimal, map(chr, range(sys.maxunicode + 1))))}


def _four_digit_lines(doc: Document, texts: list[str]) -> Iterable[int]:
    """The indices of ``texts`` (a rule's: the page's, or its window's) holding four digits in a row
    (``_FOUR_DIGITS``): found once for the page's texts as they are, for every rule that reads a
    date, in one compiled pass over their code points (:func:`cleaner.compiled.lines_with_run`).
    Before compiled code is loaded (``cleaner check`` of a few files runs without it), and on a
    page with a text holding a line break of its own, found_in finds them."""
    if not compiled_loaded():
        return found_in(_FOUR_DIGITS, texts)
    found: list[int] | None = doc.view("lines with four digits", _lines_with_four_digits)
    if found is None:
        return found_in(_FOUR_DIGITS, texts)
    if texts is doc.texts():
        return found
    start = below_title(doc)  # a rule's window: the texts from there on (scope_of)
    return [i - start for i in found if start <= i < start + len(texts)]


def _lines_with_four_digits(texts: list[str]) -> list[int] | None:
    codes = page_codes(texts)[1:-1]  # of "\n".join(texts), as the prefilter's page has them
    if np.count_nonzero(codes == 10) != len(texts) - 1:
        return None
    found: list[int] = lines_with_run(codes, _digit_codes(), 4).tolist()
    return found


def _field_values(match: re.Match[str]) -> dict[str, str | list[str]] | None:
    values: dict[str, str | list[str]] = {}
    for name, raw in match.groupdict().items():
        if raw is None or not raw.strip():
            continue
        raw = SPACES.sub(" ", raw).strip()
        if name == "authors":
            names = split_authors(raw)
            if not names or not all(looks_like_person_name(n) for n in names):
                return None
            values[name] = names
        elif name == "published":
            iso = parse_date(raw)
            if iso:
                values[name] = iso
        elif name == "title":
            values[name] = raw
        else:
            values[name] = raw.strip(" ,;:-–—()")
    return values or None


@rule_kind("caption", check="CL301", prepare=_prepare_caption, required=(("pattern", "after"),), keys=(
    Key("pattern", "regex", "a caption line; its optional group `caption` is the caption, the rest widget text"),
    Key("after", "regex", "the line just after a line matching this is a caption")),
    summary="Moves a line to `captions`: a matching line (only its `caption` group when it has one, leaving widget"
            " text out, recorded as a fix), or the line just after a line matching `after`.")
def caption(rule: Rule, doc: Document) -> None:
    """Move a line to ``captions``: a line matching ``pattern`` (its ``caption`` group when it has
    one, so widget text around the caption is left out, recorded as a fix), or the line just after
    a line matching ``after`` ("Click photo for screen-resolution image" on DoD News)."""
    pattern, after = rule.params["pattern"], rule.params["after"]
    lines = scope_of(rule, doc)
    texts = texts_of(rule, doc, lines)
    if after is None:  # only a line the pattern is found in; each changes its own text only
        for i in found_in(pattern, texts):
            if lines[i].state == BODY:
                _caption_match(rule, doc, lines[i], pattern.search(lines[i].text))
        return
    if pattern is None:  # the line after one that `after` is found in; no text changes
        for i in found_in(after, texts):
            if i + 1 < len(lines) and lines[i + 1].state == BODY:
                doc.decide(lines[i + 1], CAPTION, rule.id, caption=lines[i + 1].text)
        return
    for i, line in enumerate(lines):  # both: a line the pattern takes may change before `after` reads it
        if line.state != BODY:
            continue
        match = pattern.search(line.text)
        if match:
            _caption_match(rule, doc, line, match)
            continue
        if i > 0 and after.search(lines[i - 1].text):
            doc.decide(line, CAPTION, rule.id, caption=line.text)


def _caption_match(rule: Rule, doc: Document, line: Line, match: re.Match[str] | None) -> None:
    pattern = rule.params["pattern"]
    assert match is not None  # the line was found to match
    text = (match.group("caption") or "").strip() if "caption" in pattern.groupindex else line.text
    if not text:  # only widget text: nothing of it is a caption
        doc.decide(line, REMOVED, rule.id)
        return
    if text != line.text:  # the widget text left out is recorded as a fix
        doc.rewrite(line, text, rule.id)
    doc.decide(line, CAPTION, rule.id, caption=text)


@rule_kind("participle-caption", generic=True, prepare=_prepare_participle, required=(("finite_verbs",),), keys=(
    Key("finite_verbs", "strlist", "common finite verb forms that do not end in -ed"),
    Key("not_participles", "strlist", "-ing words that are not participles (\"during\", \"according\")"),
    Key("max_words", "int", "the longest line judged", default=40)),
    summary="A line whose first verb is a present participle is a photo caption; give it a small `window`.")
def participle_caption(rule: Rule, doc: Document) -> None:
    """Move a line to captions when it reads like a photo caption: a noun phrase whose first verb
    is a present participle ("US Secretary of Defense Robert Gates and Russian Minister of Defense
    Anatoly Serdyukov signing agreements at the Pentagon."). A sentence's first verb is finite
    ("… Serdyukov vowed to expand …", "… have vowed …"). Only lowercase words count as verbs;
    ``finite_verbs`` lists the common finite forms that do not end in -ed, ``not_participles``
    the -ing words that are prepositions ("during", "according"). Put it in a small ``window``
    just after the headline; at most ``max_words`` (40) words."""
    max_words = rule.params["max_words"]
    finite, not_participles = rule.params["finite_verbs"], rule.params["not_participles"]
    for line in scope_of(rule, doc):
        if line.state != BODY or line.text.startswith(("“", '"', "'", "«", "„")):
            continue
        tokens = words(line.text)
        if not 4 <= len(tokens) <= max_words:
            continue
        if _first_verb_is_participle(tokens[1:], finite, not_participles):
            doc.decide(line, CAPTION, rule.id, caption=line.text)


def _first_verb_is_participle(words: tuple[str, ...], finite: frozenset[str], not_participles: frozenset[str]) -> bool:
    for word in words:
        if not word.islower():
            continue
        if word in finite or (word.endswith("ed") and len(word) > 4):
            return False
        if word.endswith("ing") and len(word) > 5 and word not in not_participles:
            return True
    return False
