"""`cleaner check`: find cruft and broken text in a corpus of article text, and fix it on request.

A corpus kept in git is text that is already an article, not a page. So check runs the parts of
the pipeline that judge a line by its own text, or by a run of lines next to it, and that mean
the same thing in an article as on a page:

- repair (mojibake, HTML entities, broken entities), line by line, as :mod:`cleaner.repair` does;
- the rules of the kinds that declare a ``check`` code (:mod:`cleaner.kinds`), generic and (for
  a JSONL record whose ``url`` names a site) the site's: UI lines, widget blocks, comment and
  related sections, lines in another script, inline credits, captions.

The kinds that read a page's layout are left out, because on article text they misjudge: the
headline (it would take the first line for the title), bylines, header cuts, the repeated lede,
the caption just below the headline (it flags the first lines of 136 of the benchmark's 793 gold
bodies) and the line model (trained on whole pages, it takes an article's last paragraphs for a
footer).

Every finding has a stable code (``docs/check.md``) and the id of the rule behind it. A fix
applies exactly the findings that are selected: a dropped line goes (with one blank line beside
it, so paragraphs stay one blank line apart), a repaired or stripped line is rewritten; every
other line, and its layout, stays byte for byte. Fixing repeats until nothing selected is left
(removing lines can change what a rule sees, e.g. the share of the text above a "Comments"
heading), so a fixed file checks clean and a second fix changes nothing.
"""

from __future__ import annotations

import bisect
import contextlib
import difflib
import functools
import json
import os
import unicodedata
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass, field

from cleaner import files
from cleaner.article import escape_surrogates
from cleaner.compiled import matching_blocks
from cleaner.document import BODY, CAPTION, Document, Line, changed_span
from cleaner.encoding import binary_reason
from cleaner.errors import CleanerError
from cleaner.guard import RuleTimeout
from cleaner.kinds import KINDS, Rule, apply_rule
from cleaner.repair import (
    MAY_NEED_REPAIR,
    RULE_BROKEN_ENTITY,
    RULE_ENTITY,
    RULE_MOJIBAKE,
    RULE_ODD_SPACE,
    collapse_spaces,
    fix_entities,
    fix_mojibake,
    fix_odd_spaces,
    fix_spaces,
    lines_to_repair,
)
from cleaner.rulebook import RuleBook, RuleFile

# code -> (name, on by default, what it means). Codes are stable: a code is never reused.
CODES: dict[str, tuple[str, bool, str]] = {
    "CL101": ("cruft-line", True, "a line of page furniture"),
    "CL102": ("cruft-block", True, "a run of widget lines"),
    "CL103": ("footer-section", True, "a comment or related-articles section"),
    "CL104": ("other-script", True, "a line in another script than the text's"),
    "CL105": ("cruft-inline", True, "furniture inside a line"),
    "CL201": ("mojibake", True, "mojibake"),
    "CL202": ("html-entity", True, "an HTML entity"),
    "CL203": ("broken-entity", True, "a broken HTML entity"),
    "CL204": ("odd-space", False, "a no-break or other odd space"),
    "CL205": ("unnormalized", False, "text not in Unicode normal form C"),
    "CL206": ("invisible-char", True, "an invisible or control character"),
    "CL301": ("caption", True, "a caption or photo credit in the body"),
    "CL901": ("unreadable", True, "a file that is not UTF-8 text"),
    "CL902": ("bad-record", True, "a JSONL line that is not a JSON object"),
    "CL903": ("no-text", True, "a JSONL record without a string text field"),
    "CL904": ("rule-timeout", True, "a document on which a user's rule ran past its time limit"),
}
# The rule kinds check runs, and the code of what each finds.
REPAIR_CODES = {
    RULE_MOJIBAKE: "CL201",
    RULE_ENTITY: "CL202",
    RULE_BROKEN_ENTITY: "CL203",
    RULE_ODD_SPACE: "CL204",
}
RULE_INPUT = "input"  # the rule id of CL901-CL903 findings: the file, not a rule, is at fault
RULE_GUARD = "guard"  # the rule id of CL904 findings: the time limit on users' rules (cleaner.guard)
MAX_FIX_ROUNDS = 10
# Lines whose lengths multiply to more are diffed by compiled code (numba, loaded on first use); the
# shorter ones cost difflib less than loading it.
_COMPILED_DIFF = 10_000


class SelectionError(CleanerError, ValueError):
    """A --select or --ignore entry that names no code and no loaded rule."""


@dataclass(frozen=True)
class Selection:
    """Which findings count: by code or rule-id prefix, like ruff's ``--select``/``--ignore``.

    Without ``select``, the codes that are on by default; with it, every finding whose code or rule
    id starts with one of its entries ("CL1", "CL201", "generic/ui-phrases", "defense.gov/",
    "ALL"). ``ignore`` then takes findings out the same way."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    # Asked for every line; the answers are few. A Selection lives as long as a run, so the cache
    # holding it (B019) keeps nothing alive that would otherwise go.
    @functools.lru_cache(maxsize=1024)  # noqa: B019
    def wants(self, code: str, rule: str) -> bool:
        if any(_matches(entry, code, rule) for entry in self.ignore):
            return False
        if not self.select:
            return CODES[code][1]
        return any(_matches(entry, code, rule) for entry in self.select)

    def validate(self, rule_ids: Sequence[str]) -> None:
        known = list(CODES) + list(rule_ids) + list(REPAIR_CODES) + [RULE_INPUT, RULE_GUARD]
        for entry in self.select + self.ignore:
            if entry != "ALL" and not any(name.startswith(entry) for name in known):
                raise SelectionError(f"{entry}: no such code or rule (codes: CL101 … {max(CODES)}; see docs/check.md)")


def _matches(entry: str, code: str, rule: str) -> bool:
    return entry == "ALL" or code.startswith(entry) or rule.startswith(entry)


@dataclass(frozen=True)
class Finding:
    """One problem: ``line`` and ``col`` are 1-based. In a .txt file they point into the file; in
    a JSONL file ``line`` is the record's line and ``col`` the character offset of the finding in
    its text field (1 is the first character), with ``text_line`` the line of that text."""

    path: str
    line: int
    col: int
    code: str
    message: str
    rule: str
    fixable: bool = True
    text_line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message} [{self.rule}]"

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "col": self.col, "code": self.code,
                "name": CODES[self.code][0], "message": self.message, "rule": self.rule,
                "fixable": self.fixable, "text_line": self.text_line}


@dataclass(frozen=True)
class TextFinding:
    """A finding in one text, before it is placed in a file: ``offset`` is 0-based in ``line``."""

    line: int  # 1-based line of the text
    offset: int
    code: str
    message: str
    rule: str


def check_text(text: str, rules: RuleBook, selection: Selection = Selection(),
               url: str | None = None, *, fix: bool = True) -> tuple[list[TextFinding], str]:
    """The selected findings in ``text``, in line order, and the text with them fixed. Fixing
    repeats until the text settles; with ``fix=False`` (only the findings wanted) the text comes
    back after the first round, as fixing it would begin.

    ``check_text("Great news.\\n\\nShare this\\n", rules)`` finds
    ``TextFinding(3, 0, "CL101", "a line of page furniture: 'Share this'", "generic/ui-phrases")``
    and fixes the text to ``"Great news.\\n"``.
    """
    findings, fixed = _check_once(text, rules, selection, url)
    previous, rounds = text, 1
    while fix and fixed != previous and rounds < MAX_FIX_ROUNDS:
        previous = fixed
        fixed = _check_once(fixed, rules, selection, url)[1]
        rounds += 1
    return findings, fixed


@dataclass
class _Lines:
    """What fixing does to the lines of one text, by 0-based index: most lines have no finding and
    stay as they are, so only the others are noted."""

    texts: list[str]  # each line with the selected repairs and inline fixes applied
    dropped: set[int] = field(default_factory=set)
    found: dict[int, list[TextFinding]] = field(default_factory=dict)  # the findings of a line, if any

    def add(self, index: int, finding: TextFinding) -> None:
        self.found.setdefault(index, []).append(finding)


def _check_once(text: str, rules: RuleBook, selection: Selection, url: str | None) -> tuple[list[TextFinding], str]:
    raw_lines = text.split("\n")
    fixes = _Lines(raw_lines)  # rewritten in place as the lines are repaired and fixed
    doc = Document(raw=text, url=url, text=text)
    lines = doc.lines
    odd_spaces = selection.wants("CL204", RULE_ODD_SPACE)
    flagged = lines_to_repair(text, raw_lines)
    to_repair: Container[int] = range(len(raw_lines)) if flagged is None else flagged
    # Outside the lines to repair, " " is the only space but for these (see _PLAIN_SPACES).
    other_spaces = any(space in text for space in _PLAIN_SPACES)
    double_spaces = "  " in text
    for number, raw in enumerate(raw_lines, 1):
        if not raw:  # half the lines of a text with blank lines between paragraphs
            continue
        if number - 1 in to_repair:
            if raw.isspace():
                continue
            body, end = (raw[:-1], "\r") if raw.endswith("\r") else (raw, "")
            repaired = _repair(number, body, selection, odd_spaces, fixes) + end
            fixes.texts[number - 1] = repaired
            # (with CL204 selected, _repair's last step was fix_odd_spaces)
            matched = collapse_spaces(repaired) if odd_spaces else fix_spaces(repaired)[0]
        elif other_spaces or raw[0] == " " or raw[-1] == " " or (double_spaces and "  " in raw):
            # No character a repair acts on: the line is only stripped and its space runs
            # collapsed, as fix_spaces leaves it (a blank line comes out empty and is no Line)...
            matched = " ".join(raw.split())
        else:
            matched = raw  # ...and a line whose only spaces are single " " between words is that already
        if matched:
            lines.append(Line(number, matched))
    if url:
        doc.site = rules.site_for(url, [])
    kinds: dict[str, tuple[str, str]] = {}  # rule id -> its kind and code
    for rule_file in ([doc.site] if doc.site is not None else []) + list(rules.generic):
        for rule, code in _plan(rule_file, selection):
            kinds[rule.id] = (rule.kind, code)
            apply_rule(rule, doc)
    _rule_findings(doc, kinds, fixes)
    findings = [finding for index in sorted(fixes.found) for finding in fixes.found[index]]
    return findings, _fixed_text(fixes)


# The characters str.split() splits at (str.isspace: Unicode's White_Space, and U+001C to U+001F)...
_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
           "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# ...but " " and "\n", that no repair acts on: the only ones a line lines_to_repair passes over may
# hold ("\t" and "\x0c"; the others are odd spaces or ftfy's).
_PLAIN_SPACES = tuple(space for space in _SPACES if space not in " \n"
                      and (MAY_NEED_REPAIR is None or MAY_NEED_REPAIR.search(space) is None))


# (id of the rule file, selection) -> the rule file, and the rules of it that check runs with their
# codes. A run checks many texts with one or two rule files and one selection.
_PLANS: dict[tuple[int, Selection], tuple[RuleFile, tuple[tuple[Rule, str], ...]]] = {}


def _plan(rule_file: RuleFile, selection: Selection) -> tuple[tuple[Rule, str], ...]:
    """The rules of ``rule_file`` that check runs under ``selection``, in the order it runs them,
    each with the code of its findings."""
    cached = _PLANS.get((id(rule_file), selection))
    if cached is not None and cached[0] is rule_file:
        return cached[1]
    plan = []
    # A section's heading is its finding ("Leave a Reply" heads the comments), so the cut-after
    # rules of a file go first, before a rule that drops the heading as a line of furniture takes
    # it. In the pipeline they wait for the headline, which check has not.
    for rule in sorted(rule_file.rules, key=lambda rule: rule.kind != "cut-after"):
        code = KINDS[rule.kind].check  # check runs the kinds that declare a code
        if code is not None and selection.wants(code, rule.id):
            plan.append((rule, code))
    if len(_PLANS) >= 64:
        _PLANS.clear()
    _PLANS[id(rule_file), selection] = (rule_file, tuple(plan))
    return tuple(plan)


def _repair(number: int, line: str, selection: Selection, odd_spaces: bool, fixes: _Lines) -> str:
    """The repairs of :func:`cleaner.repair.repair_line` that are selected, applied in its order
    (entities, mojibake, odd spaces) and placed by their offset in ``line``: the line they leave,
    their findings added to ``fixes``."""
    index = number - 1
    text = line
    # Where the entity fixes end in the fixed line, and how many characters shorter the line is
    # by then: a later finding's offset is mapped back to ``line`` by them.
    fixed_ends: list[int] = []
    saved_by = [0]
    if "&" in line:
        fixed, made = fix_entities(line)
        if made:
            pieces, done, at, length = [], 0, 0, 0
            for rule, before, after in made:
                at = line.find(before, at)
                code = REPAIR_CODES[rule]
                if selection.wants(code, rule):
                    what = "broken HTML entity" if code == "CL203" else "HTML entity"
                    fixes.add(index, TextFinding(number, at, code, f"{what} {before!r} (→ {after!r})", rule))
                    pieces += [line[done:at], after]
                    length += at - done + len(after)
                    done = at + len(before)
                    fixed_ends.append(length)
                    saved_by.append(saved_by[-1] + len(before) - len(after))
                at += len(before)
            text = "".join(pieces) + line[done:]
    current = text
    fixed, made = fix_mojibake(current)
    if made:
        pieces, done = [], 0
        for start, before, after in _changes(current, fixed):
            code = _mojibake_code(before, after)
            if not selection.wants(code, RULE_MOJIBAKE):
                continue
            at = start + saved_by[bisect.bisect_right(fixed_ends, start)]  # back to ``line``'s offsets
            message = f"{CODES[code][2]}: {_short(before)} (→ {_short(after)})"
            fixes.add(index, TextFinding(number, at, code, message, RULE_MOJIBAKE))
            pieces += [current[done:start], after]
            done = start + len(before)
        text = "".join(pieces) + current[done:]
    if odd_spaces:
        spaced, made = fix_odd_spaces(text)
        at = 0
        for rule, before, _after in made:
            at = text.find(before, at)
            fixes.add(index, TextFinding(number, at, "CL204", f"odd space {before!r}", rule))
            at += len(before)
        text = spaced
    return text


def _rule_findings(doc: Document, kinds: dict[str, tuple[str, str]], fixes: _Lines) -> None:
    """The lines the rules (``kinds``: rule id -> its kind and code) decided, and the parts they cut out. A
    section a cut-after rule drops is one finding, at its first line, that counts its lines."""
    decided = [line for line in doc.lines if line.state != BODY]
    sections = {line.rule: 0 for line in decided if kinds[line.rule][0] == "cut-after"}
    for line in decided:
        if line.rule in sections:
            sections[line.rule] += 1
    texts = fixes.texts
    for line in decided:
        index = line.number - 1
        fixes.dropped.add(index)
        code = kinds[line.rule][1]
        what = "caption in the body" if line.state == CAPTION else CODES[code][2]
        if line.rule in sections:
            size = sections[line.rule]
            if size == 0:
                continue  # a later line of the section: its first line holds the finding
            sections[line.rule] = 0
            what += f" from here to the end ({size} line{'s' if size > 1 else ''})"
        fixes.add(index, TextFinding(line.number, _indent(texts[index]), code, f"{what}: {_short(line.text)}",
                                     line.rule))
    for fix in doc.fixes:  # strip and replace rules: the rewritten part of a line
        index = fix.line - 1
        if index in fixes.dropped:
            continue
        text = texts[index]
        at = text.find(fix.before) if fix.before else -1
        code = kinds[fix.rule][1]
        fixes.add(index, TextFinding(fix.line, max(at, 0), code, f"{CODES[code][2]}: {_short(fix.before)}", fix.rule))
        if at >= 0:
            texts[index] = text[:at] + fix.after + text[at + len(fix.before):]
        else:  # the rule saw the line with its spaces tidied: take its text whole
            texts[index] = next(line.text for line in doc.lines if line.number == fix.line)
    for found in fixes.found.values():
        found.sort(key=lambda f: f.offset)


def _fixed_text(fixes: _Lines) -> str:
    """The lines that stay. A dropped line takes one blank line beside it with it, so that the
    paragraphs around it stay one blank line apart and the text does not end in a blank line.
    One pass, whatever the number of dropped lines."""
    if not fixes.dropped:
        return "\n".join(fixes.texts)
    kept: list[str | None] = [None if i in fixes.dropped else text for i, text in enumerate(fixes.texts)]
    last = len(kept) - 1  # "" when the text ends with a line end, which stays
    later: list[int | None] = [None] * len(kept)  # the next line that is not dropped
    following = None
    for i in range(len(kept) - 1, -1, -1):
        later[i] = following
        if kept[i] is not None:
            following = i
    earlier: list[int] = []  # the lines kept so far, in order

    def blank(i: int | None) -> bool:
        text = kept[i] if i is not None else None
        return text is not None and not text.strip()

    for i in range(len(kept)):
        if i not in fixes.dropped:
            if kept[i] is not None:
                earlier.append(i)
            continue
        after = later[i]
        while after is not None and kept[after] is None:  # a blank line an earlier drop took
            after = later[after]
        before = earlier[-1] if earlier else None
        if after is None or (after == last and kept[after] == ""):  # nothing but the end follows
            if blank(before):
                kept[earlier.pop()] = None
        elif blank(after) and (before is None or blank(before)):
            kept[after] = None
    return "\n".join(line for line in kept if line is not None)


def _changes(old: str, new: str) -> list[tuple[int, str, str]]:
    """What ftfy changed in a line, a change each place: ``(offset in old, before, after)``.

    ``"â€œhighâ€\x9d"`` → ``"“high”"`` gives two changes, one for each quote: the gaps between
    the blocks ``difflib.SequenceMatcher(None, old, new, autojunk=False)`` matches, which for a
    paragraph are found by the compiled :func:`cleaner.compiled.matching_blocks`. A line too long
    to diff cheaply gives one change, the span between the first and last difference."""
    if len(old) * len(new) > 4_000_000:
        before, after = changed_span(old, new)
        return [(len(os.path.commonprefix([old, new])), before, after)]
    if len(old) * len(new) <= _COMPILED_DIFF:
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        return [(i1, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    changes, i, j = [], 0, 0
    for ai, bj, size in [*matching_blocks(old, new), (len(old), len(new), 0)]:  # as get_opcodes reads them
        if i < ai or j < bj:
            changes.append((i, old[i:ai], new[j:bj]))
        i, j = ai + size, bj + size
    return changes


def _mojibake_code(before: str, after: str) -> str:
    """CL205 for a change that only normalizes (NFC), CL206 for invisible or control characters
    removed (a byte-order mark inside the text), CL201 for mojibake proper."""
    if unicodedata.normalize("NFC", before) == after:
        return "CL205"
    if not after and all(unicodedata.category(char) in ("Cc", "Cf") for char in before):
        return "CL206"
    return "CL201"


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split()) if text.strip() else text
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# --- Files ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FileResult:
    path: str
    findings: tuple[Finding, ...]
    fixed: int = 0  # findings fixed in the file (with fix=True)


def check_paths(paths: Sequence[str], rules: RuleBook, selection: Selection = Selection(), *,
                text_field: str = "text", fix: bool = False) -> Iterator[FileResult]:
    """Check (and with ``fix``, fix in place) each file named and each file under a folder named
    that check reads (:func:`cleaner.files.walk`: .txt, .jsonl and .ndjson, in name order). A
    folder that cannot be read is a CL901 finding of its own."""
    for found in files.find(paths, files.CHECK):
        if isinstance(found, files.Unreadable):
            problem = Finding(found.path, 1, 1, "CL901", found.reason, RULE_INPUT, False)
            yield FileResult(found.path, tuple(_selected(selection, problem)))
            continue
        kind = files.file_type(found)
        if kind is not None and kind.format == "text":
            yield check_text_file(found, rules, selection, fix=fix)
        else:
            yield check_jsonl_file(found, rules, selection, text_field=text_field, fix=fix)


def _read_utf8(path: str) -> tuple[str | None, Finding | None]:
    try:
        with open(path, "rb") as source:
            data = source.read()
    except OSError as exc:
        return None, Finding(path, 1, 1, "CL901", files.cannot_read(exc), RULE_INPUT, False)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Finding(path, line, col, "CL901", f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}",
                             RULE_INPUT, False)
    # Control bytes are valid UTF-8: without this, --fix would "repair" a binary file's bytes away.
    if reason := binary_reason(text):
        return None, Finding(path, 1, 1, "CL901", reason, RULE_INPUT, False)
    return text, None


def check_text_file(path: str, rules: RuleBook, selection: Selection, *, fix: bool = False) -> FileResult:
    """A .txt file is one document; a byte-order mark is the file's, not the text's, and stays."""
    text, problem = _read_utf8(path)
    if text is None:
        assert problem is not None  # _read_utf8 gives the text or the problem
        return FileResult(path, tuple(_selected(selection, problem)))
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    try:
        found, fixed = check_text(text[len(bom):], rules, selection, fix=fix)
    except RuleTimeout as exc:
        return FileResult(path, tuple(_timed_out(path, 1, exc, selection)))
    findings = tuple(Finding(path, f.line, f.offset + 1 + (len(bom) if f.line == 1 else 0), f.code, f.message, f.rule)
                     for f in found)
    if fix and findings:
        files.replace_file(path, (bom + fixed).encode("utf-8"))
        return FileResult(path, findings, fixed=len(findings))
    return FileResult(path, findings)


def check_jsonl_file(path: str, rules: RuleBook, selection: Selection, *, text_field: str = "text",
                     fix: bool = False) -> FileResult:
    """A JSONL file holds a document a line, its text in ``text_field``; it is read a line at a
    time, and a fix is written as it goes. A fix rewrites only that field's JSON string, in place
    in the line: the other fields, their spelling and the record order stay byte for byte. A line
    that is not UTF-8 is a finding of its own, and is kept as it is."""
    try:
        source = open(path, "rb")  # not files.open_file: a fix must not write plain text over a .gz
    except OSError as exc:
        problem = Finding(path, 1, 1, "CL901", files.cannot_read(exc), RULE_INPUT, False)
        return FileResult(path, tuple(_selected(selection, problem)))
    findings: list[Finding] = []
    fixed_count = 0
    with source, (files.Rewrite(path) if fix else contextlib.nullcontext()) as rewrite:
        for number, raw in enumerate(source, 1):
            found, new_raw = _check_record(path, number, raw, rules, selection, text_field, fix)
            findings += found
            if new_raw is not raw:
                fixed_count += sum(1 for f in found if f.fixable)
            if rewrite is not None:
                rewrite.write(new_raw)
        if rewrite is not None and fixed_count:
            rewrite.commit()
    return FileResult(path, tuple(findings), fixed=fixed_count)


def _check_record(path: str, number: int, raw: bytes, rules: RuleBook, selection: Selection, text_field: str,
                  fix: bool) -> tuple[list[Finding], bytes]:
    """The findings of one JSONL line, and the line as a fix leaves it (``raw`` itself if unchanged)."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = Finding(path, number, exc.start + 1, "CL901",
                          f"not UTF-8: byte 0x{raw[exc.start]:02x} at byte {exc.start + 1} of the line", RULE_INPUT,
                          False)
        return _selected(selection, problem), raw
    bom = "\ufeff" if number == 1 and line.startswith("\ufeff") else ""
    body = line[len(bom):].rstrip("\r\n")
    if not body or body.isspace():
        return [], raw
    try:
        record = _text_record(body, text_field)
    except _BadRecord as problem:
        return _selected(selection, Finding(path, number, 1, problem.code, str(problem), RULE_INPUT, False)), raw
    value, url = record[text_field], record.get("url")
    try:
        found, fixed = check_text(value, rules, selection, url=url if isinstance(url, str) else None, fix=fix)
    except RuleTimeout as exc:
        return _timed_out(path, number, exc, selection), raw
    if not found:
        return [], raw
    offsets = _line_offsets(value)
    findings = [Finding(path, number, offsets[f.line - 1] + f.offset + 1, f.code, f.message, f.rule, text_line=f.line)
                for f in found]
    if not fix:
        return findings, raw
    start, end = _field_span(body, text_field)
    escaped = json.dumps(fixed, ensure_ascii=body[start:end].isascii() and not value.isascii())
    # A lone surrogate (a "\\ud83d" escape whose finding was not selected) cannot be written as
    # UTF-8; its backslash escape is the JSON escape it was read from.
    escaped = escape_surrogates(escaped)
    rest = line[len(bom) + len(body):]  # the line end, kept
    return findings, (bom + body[:start] + escaped + body[end:] + rest).encode("utf-8")


def _timed_out(path: str, line: int, exc: RuleTimeout, selection: Selection) -> list[Finding]:
    """A document a user's rule ran too long on: one finding, and the run goes on."""
    return _selected(selection, Finding(path, line, 1, "CL904", str(exc), RULE_GUARD, False))


def _selected(selection: Selection, finding: Finding) -> list[Finding]:
    """``[finding]`` if the selection wants it: the findings on inputs, made outside check_text."""
    return [finding] if selection.wants(finding.code, finding.rule) else []


_DECODER = json.JSONDecoder()


class _BadRecord(ValueError):
    """A JSONL line with nothing to check; ``code`` says why (CL902, CL903)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _text_record(line: str, name: str) -> dict:
    """The record on ``line``; raises :class:`_BadRecord` when the line holds no text to check."""
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise _BadRecord("CL902", f"not a JSON object: {exc}") from None
    if not isinstance(record, dict):
        raise _BadRecord("CL902", f"not a JSON object but a JSON {type(record).__name__}")
    value = record.get(name)
    if not isinstance(value, str):
        raise _BadRecord("CL903", f"no {name!r} field" if value is None
                         else f"the {name!r} field holds a {type(value).__name__}, not a string")
    return record


def _field_span(line: str, name: str) -> tuple[int, int]:
    """The span of the top-level ``name`` value's JSON token in ``line``, a JSON object (as
    :func:`_text_record` found it): the part a fix replaces. Only a fix needs it."""
    # Walk the object's top level; json.loads keeps the last of a repeated key, and so do we.
    at = _skip_space(line, 0) + 1
    span = (0, 0)
    while True:
        at = _skip_space(line, at)
        if line[at] == "}":
            return span
        key, at = json.decoder.scanstring(line, at + 1)  # type: ignore[attr-defined]  # public, not in typeshed
        at = _skip_space(line, _skip_space(line, at) + 1)  # past the ":"
        end = _DECODER.raw_decode(line, at)[1]
        if key == name:
            span = (at, end)
        at = _skip_space(line, end)
        if line[at] == ",":
            at += 1


def _skip_space(line: str, at: int) -> int:
    while line[at] in " \t\r\n":
        at += 1
    return at


def _line_offsets(text: str) -> list[int]:
    offsets, at = [0], 0
    while (at := text.find("\n", at)) != -1:
        at += 1
        offsets.append(at)
    return offsets
