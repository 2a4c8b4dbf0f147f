"""The kinds of rule a rule file can use, the keys each takes, and what each does to a document.

Every kind is a function ``apply(rule, doc)`` that decides lines (drop, caption, field) or rewrites
them in place (strip, replace), always under the rule's id. Keys shared by all kinds:

- ``kind`` (required), ``description``;
- ``ignore_case`` (bool, default false) for the kinds that match text;
- ``window`` (int): only look at the first N lines after the headline, or after the top of the
  page while no headline is known. Without it a rule looks at every line.

The first rule that decides a line wins, so rules listed earlier take precedence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

from cleaner import linemodel
from cleaner.config import DEFAULT
from cleaner.dates import find_date_span, parse_date
from cleaner.document import BODY, CAPTION, FIELD, REMOVED, Document, Line
from cleaner.errors import CleanerError
from cleaner.guard import time_limit
from cleaner.linefeatures import (_CJK, _CJK_CHAR, _COPYRIGHT, ends_sentence, line_features, line_words,
                                  page_language, per_page, words)
from cleaner.names import looks_like_person_name, split_authors
from cleaner.patterns import may_match
from cleaner.scripts import has_letter, letter_count, letter_tally


class RuleError(CleanerError, ValueError):
    """A rule that fails validation; the message names the key. Raised by
    :func:`cleaner.load_rulebook` with every problem of the rules it loaded: ``problems`` lists
    them, one a line in the message, each naming its file, rule and key."""

    def __init__(self, problems: str | list[str] | tuple[str, ...]):
        self.problems = (problems,) if isinstance(problems, str) else tuple(problems)
        if isinstance(problems, str):
            super().__init__(problems)
        else:
            count = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
            super().__init__(f"{count} in the rule files:\n" + "\n".join(f"  {p}" for p in self.problems))


FIELD_GROUPS = {"title", "authors", "source", "dateline", "published"}
_SPACES = re.compile(r"\s{2,}")
_PARAGRAPH_WORDS = 20  # a line this long is a paragraph, for cut-after's below_share

# key -> type name. Types: str, strlist (a string or a list of strings), floatlist, regex, int, float, bool,
# path (a file beside the rule file), and "a|b|c" for an enumeration.
COMMON_KEYS = {"kind": "str", "description": "str", "window": "int", "ignore_case": "bool"}
KIND_KEYS: dict[str, tuple[dict[str, str], tuple[tuple[str, ...], ...]]] = {
    # kind: (keys, groups of keys of which at least one is required)
    "drop": ({"text": "strlist", "pattern": "regex"}, (("text", "pattern"),)),
    "drop-block": ({"lines": "strlist", "pattern": "regex", "min_run": "int"}, (("lines", "pattern"),)),
    "cut-after": ({"text": "strlist", "pattern": "regex", "include_marker": "bool",
                   "occurrence": "first|last", "below_share": "float", "below_words": "int", "below_title": "bool"},
                  (("text", "pattern"),)),
    "cut-before": ({"text": "strlist", "pattern": "regex", "include_marker": "bool",
                    "occurrence": "first|last"}, (("text", "pattern"),)),
    "strip": ({"pattern": "regex"}, (("pattern",),)),
    "replace": ({"pattern": "regex", "with": "str"}, (("pattern",), ("with",))),
    "extract": ({"pattern": "regex", "consume": "line|match|none", "after": "regex"}, (("pattern",),)),
    "caption": ({"pattern": "regex", "after": "regex"}, (("pattern", "after"),)),
    "headline": ({"min_words": "int", "max_words": "int", "max_chars": "int", "skip": "regex",
                  "skip_text": "strlist"}, ()),
    "other-script": ({"min_letters": "int", "dominance": "float"}, ()),
    "repeated-lede": ({"min_words": "int"}, ()),
    "participle-caption": ({"finite_verbs": "strlist", "not_participles": "strlist", "max_words": "int"},
                           (("finite_verbs",),)),
    "line-model": ({"model": "path", "threshold": "float", "extend": "float", "bridge": "float", "keep_best": "float",
                    "shifts": "floatlist", "precision_weight": "float", "min_lines": "int", "site_pages": "bool"},
                   (("model",),)),
}


def compile_params(kind: str, spec: dict, base: Path | None = None) -> dict:
    """Validate a rule's keys against its kind, compile its patterns and load the files it names
    (``base`` is the rule file's folder)."""
    keys, required = KIND_KEYS[kind]
    allowed = {**COMMON_KEYS, **keys}
    params = {}
    for key, value in spec.items():
        if key not in allowed:
            raise RuleError(f"key {key!r}: unknown for kind {kind!r} (expected {', '.join(sorted(allowed))})")
        params[key] = _check_type(key, allowed[key], value)
    for group in required:
        if not any(k in params for k in group):
            raise RuleError(f"key {group[0]!r}: required for kind {kind!r}"
                            + (f" (or {', '.join(group[1:])})" if len(group) > 1 else ""))
    flags = re.IGNORECASE if params.get("ignore_case") else 0
    for key, type_name in keys.items():
        if type_name == "regex" and key in params:
            try:
                params[key] = re.compile(params[key], flags)
            except re.error as exc:
                raise RuleError(f"key {key!r}: bad regex {params[key]!r}: {exc}") from None
    if isinstance(params.get("pattern"), re.Pattern):
        params["may_match"] = may_match(params["pattern"])  # None, or a test that passes lines over
    if "text" in params or "lines" in params:
        fold = str.casefold if params.get("ignore_case") else str
        for key in ("text", "lines"):
            if key in params:
                params[key] = [fold(t.strip()) for t in params[key]]
        if "text" in params:
            params["text"] = frozenset(params["text"])  # looked up, line by line
        params["fold"] = fold
    if kind == "extract":
        groups = set(params["pattern"].groupindex)
        if not groups or not groups <= FIELD_GROUPS:
            raise RuleError(f"key 'pattern': named groups must be among {', '.join(sorted(FIELD_GROUPS))}"
                            f" (got {', '.join(sorted(groups)) or 'none'})")
    if kind == "caption" and "pattern" in params:
        extra = set(params["pattern"].groupindex) - {"caption"}
        if extra:
            raise RuleError(f"key 'pattern': the only named group allowed is 'caption' (got {', '.join(sorted(extra))})")
    if kind == "line-model":
        threshold = params.get("threshold", 0.5)
        extend = params.get("extend", threshold)
        if extend > threshold:
            raise RuleError(f"key 'extend': a run carries on through lines scoring less than the threshold that starts"
                            f" it, so extend must not be above threshold ({extend} > {threshold})")
        bridge = params.get("bridge", extend)
        if bridge > extend:
            raise RuleError(f"key 'bridge': a gap between runs closes on lines the runs would not extend to, so bridge"
                            f" must not be above extend ({params['bridge']} > {extend})")
        for shift in params.get("shifts", ()):
            if not (0 < threshold + shift <= 1 and bridge + shift >= 0):
                raise RuleError(f"key 'shifts': {shift} moves the threshold ({threshold}) or bridge ({bridge}) out of"
                                f" the scores' range 0 to 1")
        if not 0 <= params.get("precision_weight", 0.5) <= 1:
            raise RuleError(f"key 'precision_weight': must be between 0 and 1 (got {params['precision_weight']})")
        try:
            params["model"] = linemodel.load((base or Path.cwd()) / params["model"])
        except linemodel.ModelError as exc:
            raise RuleError(f"key 'model': {exc}") from None
    if kind == "headline" and "skip_text" in params:
        params["skip_text"] = frozenset(t.strip().casefold() for t in params["skip_text"])
    if kind == "participle-caption":
        for key in ("finite_verbs", "not_participles"):
            params[key] = frozenset(v.casefold() for v in params.get(key, ()))
    return params


def _check_type(key: str, type_name: str, value):
    ok = {
        "str": isinstance(value, str),
        "regex": isinstance(value, str),
        "path": isinstance(value, str),
        "int": isinstance(value, int) and not isinstance(value, bool) and value >= 0,
        "float": isinstance(value, (int, float)) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "strlist": isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)),
        "floatlist": isinstance(value, list) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                     for v in value),
    }.get(type_name)
    if ok is None:  # an enumeration
        choices = type_name.split("|")
        if value not in choices:
            raise RuleError(f"key {key!r}: must be one of {', '.join(choices)} (got {value!r})")
        return value
    if not ok:
        expected = {"strlist": "a string or a list of strings", "floatlist": "a list of numbers",
                    "regex": "a regular expression string",
                    "int": "a non-negative integer"}.get(type_name, f"a {type_name}")
        raise RuleError(f"key {key!r}: must be {expected} (got {type(value).__name__} {value!r})")
    if type_name == "strlist" and isinstance(value, str):
        return [value]
    return value


# --- which lines a rule looks at ---------------------------------------------------------------

def _scope(rule, doc: Document) -> list[Line]:
    """The lines a rule may look at: all of them, or ``window`` lines after the headline/top."""
    window = rule.params.get("window")
    if window is None:
        return doc.lines
    start = _below_title(doc)
    return doc.lines[start : start + window]


def _below_title(doc: Document) -> int:
    """The index of the line after the title's line, or 0 when no rule has taken a title line."""
    title_at = doc.field_lines.get("title", (None,))[0]
    if title_at is None:
        return 0
    return next((i + 1 for i, line in enumerate(doc.lines) if line.number == title_at), 0)


def _matcher(rule) -> Callable[[str], bool]:
    """Whether a line's text is one of the rule's ``text`` (folded as the rule folds them) or
    matches its ``pattern``; the test is built for the keys the rule has, as it runs on every line."""
    params = rule.params
    texts, pattern = params.get("text"), params.get("pattern")
    fold, gate = params.get("fold", str), params.get("may_match")
    if pattern is None:
        return lambda text: fold(text) in texts
    search = pattern.search
    if gate is None:
        if not texts:
            return lambda text: search(text) is not None
        return lambda text: fold(text) in texts or search(text) is not None
    if not texts:
        return lambda text: gate(text) and search(text) is not None
    return lambda text: fold(text) in texts or (gate(text) and search(text) is not None)


# --- kinds ---------------------------------------------------------------------------------------

def drop(rule, doc: Document) -> None:
    """Drop each line that equals one of ``text`` or matches ``pattern``."""
    matches = _matcher(rule)
    for line in _scope(rule, doc):
        if line.state == BODY and matches(line.text):
            doc.decide(line, REMOVED, rule.id)


def drop_block(rule, doc: Document) -> None:
    """Drop a run of consecutive lines: exactly ``lines`` in order (the VOA font-size widget
    "XS / SM / MD / LG"), or at least ``min_run`` lines (default 2) each matching ``pattern``."""
    lines = _scope(rule, doc)
    if "lines" in rule.params:
        wanted, fold = rule.params["lines"], rule.params["fold"]
        n = len(wanted)
        for i in range(len(lines) - n + 1):
            run = lines[i : i + n]
            if all(l.state == BODY and fold(l.text) == w for l, w in zip(run, wanted)):
                for line in run:
                    doc.decide(line, REMOVED, rule.id)
        return
    pattern, min_run = rule.params["pattern"], rule.params.get("min_run", 2)
    run: list[Line] = []
    for line in lines + [None]:
        if line is not None and line.state == BODY and pattern.search(line.text):
            run.append(line)
            continue
        if len(run) >= min_run:
            for member in run:
                doc.decide(member, REMOVED, rule.id)
        run = []


def _marker_index(rule, doc: Document, start: int = 0) -> int | None:
    """The index of the first (or last) marker line from ``start`` on. A line an earlier rule
    dropped still marks the place ("Comments", dropped as a line of furniture, still heads the
    comment thread); a line taken as a field or a caption does not."""
    matches = _matcher(rule)
    # None: every line is in scope, as for a rule without a window
    scope = None if rule.params.get("window") is None else {id(line) for line in _scope(rule, doc)}
    hits = [i for i, line in enumerate(doc.lines[start:], start)
            if (scope is None or id(line) in scope) and line.state in (BODY, REMOVED) and matches(line.text)]
    if not hits:
        return None
    return hits[-1] if rule.params.get("occurrence", "first") == "last" else hits[0]


def cut_after(rule, doc: Document) -> None:
    """Drop everything from a footer marker line (``include_marker``, default true) to the end.
    With ``below_share``, a marker counts only once that share of the page's paragraph words
    (lines of 20 words or more; a Han character or kana is half a word) lies above it: a
    footer comes after most of the article. With ``below_words`` as well, it also counts once
    that many paragraph words lie above it: a comment thread can hold more words than the
    article it follows. With ``below_title``, a marker counts only below the title line when a
    rule before found one, and the paragraph words are counted from there: a page that opens
    with a long list of teasers under a "Комментарии" (commentary) heading keeps its article."""
    top = _below_title(doc) if rule.params.get("below_title") else 0
    start = _paragraph_share_index(doc, rule.params.get("below_share", 0.0), rule.params.get("below_words", 0), top)
    at = _marker_index(rule, doc, start)
    if at is None:
        return
    start = at if rule.params.get("include_marker", True) else at + 1
    for line in doc.lines[start:]:
        doc.decide(line, REMOVED, rule.id)


def _paragraph_share_index(doc: Document, share: float, words_above: int = 0, top: int = 0) -> int:
    """The index of the first line below which ``share`` of the paragraph words of the page from
    line ``top`` down lie, or ``words_above`` of them when that comes first (0: share only)."""
    if share <= 0:
        return top
    words = [_paragraph_words(line.text) for line in doc.lines[top:]]
    total = sum(w for w in words if w >= _PARAGRAPH_WORDS)
    need = min(share * total, words_above) if words_above > 0 else share * total
    seen = 0
    for i, w in enumerate(words, top):
        if w >= _PARAGRAPH_WORDS:
            seen += w
            if seen >= need:
                return i + 1
    return len(doc.lines)


@lru_cache(maxsize=4096)  # a page's lines, counted once for all its cut-after rules
def _paragraph_words(text: str) -> float:
    """The words of a line, for cut-after: its runs of non-space characters, where each Han
    character or kana counts half a word ("对废旧家电的处理" is four)."""
    if not _has_cjk(text):
        return len(text.split())
    return len(_CJK_CHAR.sub(" ", text).split()) + len(_CJK_CHAR.findall(text)) / 2


def cut_before(rule, doc: Document) -> None:
    """Drop everything above a header marker line, and the marker itself unless
    ``include_marker = false``."""
    at = _marker_index(rule, doc)
    if at is None:
        return
    end = at + 1 if rule.params.get("include_marker", True) else at
    for line in doc.lines[:end]:
        doc.decide(line, REMOVED, rule.id)


def _rewrite_all(rule, doc: Document, substitute: Callable[[str], str]) -> None:
    gate = rule.params.get("may_match")  # a line the pattern cannot match is left as it is
    for line in _scope(rule, doc):
        if line.state not in (BODY, CAPTION) or (gate is not None and not gate(line.text)):
            continue
        new_text = substitute(line.text)
        if new_text == line.text:  # the usual case; a line's text is already trimmed and collapsed
            continue
        new_text = _SPACES.sub(" ", new_text).strip()
        if not new_text:
            doc.decide(line, REMOVED, rule.id)
        else:
            doc.rewrite(line, new_text, rule.id)


def strip(rule, doc: Document) -> None:
    """Cut an inline pattern out of a line, recorded as a fix: "(photo: Getty)" after a paragraph.
    A line that is left empty is dropped under the same rule."""
    pattern = rule.params["pattern"]
    _rewrite_all(rule, doc, lambda text: pattern.sub(" ", text))


def replace(rule, doc: Document) -> None:
    """Replace ``pattern`` with ``with`` (``\\1``/``\\g<name>`` references allowed), recorded as a fix."""
    pattern, template = rule.params["pattern"], rule.params["with"]
    _rewrite_all(rule, doc, lambda text: pattern.sub(template, text))


def extract(rule, doc: Document) -> None:
    """Take fields from the first line whose match gives a valid value, by named groups ``title``,
    ``authors``, ``source``, ``dateline`` and ``published``. ``consume`` says what leaves the body:
    the ``line`` (a byline line, the default), the ``match`` (a byline run into the lede, recorded
    as a fix) or ``none`` (a dateline stays in the lede). Authors must look like names and a date
    must state its year, or the line does not match: never guess.

    With ``after``, only a line just below a line matching ``after`` counts: a byline split in
    two, "By" on a line of its own and the name below it (inline elements flattened apart). With
    ``consume = "line"`` both lines leave the body."""
    pattern, after = rule.params["pattern"], rule.params.get("after")
    groups = set(pattern.groupindex)
    if all(doc.fields.get(g) for g in groups):
        return
    consume = rule.params.get("consume", "line")
    lines = _scope(rule, doc)
    for i, line in enumerate(lines):
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
            if after is not None:
                doc.decide(lead, FIELD, rule.id)
        elif consume == "match":
            rest = _SPACES.sub(" ", line.text[: match.start()] + " " + line.text[match.end():]).strip()
            if rest:
                doc.rewrite(line, rest, rule.id)
            else:
                doc.decide(line, FIELD, rule.id)
        return


def _field_values(match: re.Match) -> dict | None:
    values = {}
    for name, raw in match.groupdict().items():
        if raw is None or not raw.strip():
            continue
        raw = _SPACES.sub(" ", raw).strip()
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


def caption(rule, doc: Document) -> None:
    """Move a line to ``captions``: a line matching ``pattern`` (its ``caption`` group when it has
    one, so widget text around the caption is left out, recorded as a fix), or the line just after
    a line matching ``after`` ("Click photo for screen-resolution image" on DoD News)."""
    pattern, after = rule.params.get("pattern"), rule.params.get("after")
    lines = _scope(rule, doc)
    for i, line in enumerate(lines):
        if line.state != BODY:
            continue
        if pattern is not None:
            match = pattern.search(line.text)
            if match:
                text = (match.group("caption") or "").strip() if "caption" in pattern.groupindex else line.text
                if not text:  # only widget text: nothing of it is a caption
                    doc.decide(line, REMOVED, rule.id)
                    continue
                if text != line.text:  # the widget text left out is recorded as a fix
                    doc.rewrite(line, text, rule.id)
                doc.decide(line, CAPTION, rule.id, caption=text)
                continue
        if after is not None and i > 0 and after.search(lines[i - 1].text):
            doc.decide(line, CAPTION, rule.id, caption=line.text)


# A headline does not end like a sentence or a clause; a question or an exclamation it may. The
# full stops, commas, colons and semicolons of Chinese, Japanese, Arabic and Devanagari count too.
_TERMINAL = re.compile(r"[.…:;,。．，、：；،؛।]$")
# List items (resiliparse's bullets) and table-of-contents entries are not headlines.
_LIST_ITEM = re.compile(r"^[•·▪►*+-]\s")


# "Headline | Site" (the page's <title>) puts the headline first; "Home > Blog > Headline"
# (a breadcrumb) puts it last. The lookbehinds here and in _READER_WORD start a match only where
# its run of spaces (or of punctuation) starts, as a leftmost match does anyway: without them a
# search starts again at each character of a long run, in time square in the run.
#
# Parts of a page title are set apart by a bar, a dash, a bullet, "»", ">", "/", "::" or "//" with
# spaces around ("Headline | Site", "Site :: Headline"), by a colon ("Site: Headline", a colon-type
# separator: see _without_site_name), and, without spaces, by a bar, a run of dashes ("Headline
# --Site"), and in Chinese and Japanese, which put no spaces between words, by a dash or an
# underscore next to one of their characters or punctuation marks ("标题_财经_环球网", "标题-中新网",
# "标题-《财经网》"), or a fullwidth colon ("中國評論新聞：标题"). A lone dash between Latin letters
# is a hyphen ("Anti-smoking"), and an underscore there is part of a name ("os_path").
_CJK_SIDE = _CJK + "\u3000-\u303f\uff00-\uffef"  # their characters, and CJK and fullwidth punctuation
_TITLE_SEPARATOR = re.compile(
    r"(?<!\s)\s+(?:[|–—·•»>›/_-]|-{2,3}|::|//)\s+"
    r"|(?<!\s)\s*(?:[|｜]|(?<!-)-{2,}|(?<![―—])[―—]{2,})\s*"
    rf"|(?<![-–—―_\s])\s*[-–—―_](?=[{_CJK_SIDE}])|(?<=[{_CJK_SIDE}])[-–—―_]\s*"
    r"|(?<!\s)\s*(?::\s+|：\s*)")
_BREADCRUMB_SEPARATOR = re.compile(r"(?<!\s)\s+[>›/»]\s+")
_SLUG_WORDS = re.compile(r"[^\W_]+")
# Headline candidates score their likeness to the page-title line (the Dice measure of their
# word sets, 1.5 for a repeat) plus these; the best above _MIN_SCORE is the headline.
_MIN_SCORE = 0.6
_CRUMB = 0.3  # an earlier breadcrumb ends with the line
_CONTEXT = 0.2  # each of: a date line, a byline, a paragraph just below the line
_DEPTH = 0.4  # taken off, in full once 10 paragraphs of text come before the line
_LIKENESS = 0.5  # a headline this like the page-title line makes that line a page title
_MAX_PARTS = 12  # separators of a page title looked at for runs of its parts
_CREDIT_WORDS = 20  # a copyright line ("© 2024 Example Gazette Ltd. All rights reserved.") is short
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_READER_WORD = re.compile(r"(?<![^\s\w])[^\s\w]*\w\S*")
_LETTER = re.compile(r"[^\W\d_]")
_LIKENESS_WORD = re.compile(rf"[^\W{_CJK}]+|[{_CJK}]+")
_CRUMB_MARK = re.compile(r"[>›/»]")
# A menu flattened onto one line: short parts between bars, bullets or arrows (unspaced too), or
# between spaced middle dots, chevrons, slashes and dashes ("Home | Politics | Business | Sport",
# "Главная › Новости"). A chevron, a slash or a middle dot without spaces is not one («Зенит»,
# "24/7", "col·lecció"). Its parts have at most _NAV_WORDS words.
_NAV_SEPARATOR = re.compile(r"(?<!\s)\s*[|｜•→]\s*|(?<!\s)\s+(?:[·›»>/←–—-]|::)\s+")
_NAV_MARK = re.compile(r"[|｜•→·›»>/←–—:-]")
_NAV_WORDS = 3
_CHEVRON_SEPARATOR = re.compile(r"(?<!\s)\s+[>›»]\s+")  # a breadcrumb's, "Home » Blog » Headline"
_DIGIT = re.compile(r"\d")
_CJK_RUN = re.compile(f"[{_CJK}]+")


def headline(rule, doc: Document) -> None:
    """Take the headline as the title, by the signals a flattened page keeps.

    - The page-title line: a text dump opens with the page's ``<title>``, "Headline | Site", and
      the headline itself follows further down, after the menus, as a line of its own, often
      worded a little differently. Each later headline-shaped line scores its likeness to that
      first line less its site name (the Dice measure of their word sets; 1.5 for a line that
      repeats it, or repeats what comes before its first " - " or " | ": "10 Tips to
      Successfully Complete Online Courses" after "10 Tips to Successfully Complete Online
      Courses – Journey To College"; between 1.25 and 1.5 for a line that repeats a run of its
      parts holding more than half its words, "Headline" after "Site - Headline - Section"),
      plus 0.3 when an earlier breadcrumb ends with it ("Home / Blog / Headline"), plus 0.2 for
      each of a date line, a byline and a paragraph just below it, less up to 0.4 as paragraphs
      of article text pile up above it (a heading deep in the text is a section heading, and a
      logo line below the article is the site's name). The best line scoring over 0.6 is the
      title, and the page-title line, when the title repeats or resembles it, is dropped under
      this rule. A first line that is only the site's name ("Example Gazette" on
      example-gazette.com) is no page title.
    - Else the line that shares most words with the url's slug (``/diet-trends-2025/``).
    - Else the first headline-shaped line, the page-title line included.

    Headline-shaped: ``min_words`` (3) to ``max_words`` (30) words (in Chinese and Japanese a word
    for every two characters), at most ``max_chars`` (250) characters, with letters, not ending
    in a period, comma, colon or semicolon of any script (a question mark is fine), not a
    bulleted list item ("Gates, Serdyukov Renew U.S.-Russia Military Ties"), not a date line
    ("Tuesday January 17th 2012"). Lines matching ``skip`` ("By Lisa Daniel") or equal to one of
    ``skip_text`` (widget strings, "Версия для печати", any case) are never headlines, and
    neither is a menu or a breadcrumb flattened onto one line ("Home | Politics | Business",
    "Главная › Новости", "首页 新闻 国内 国际": :func:`_is_navigation`) other than the page-title
    line. A breadcrumb that ends with the headline gives the headline ("Home » Headline").

    The site name is cut off a title taken from a page-title line ("Best Tax Preparation
    Software | Accounting.com"), and off a headline on the page only when it names the url's
    host: see :func:`_without_site_name`. The page's copyright lines ("© 2005—2013 РГРК «Голос
    России»") name its site too, with or without a url.

    For HTML the page's own title is taken instead when a line of the page shows it, and the lines
    that repeat it leave the body (:func:`_known_title`)."""
    if doc.fields.get("title"):
        return
    known = doc.html_meta.get("title")
    if known and _known_title(rule, doc, known):  # the page's own title, shown on the page, wins
        return
    scope = _scope(rule, doc)
    # The page's copyright lines name its site, even those a footer rule has already dropped; a
    # paragraph about copyright law does not.
    credits = tuple(line.text.casefold() for line in doc.lines if _is_credit(line.text))
    chosen, page_titles = _titled_headline(rule, doc, scope, credits)
    if chosen is None:
        page = next((line for line in doc.lines if line.state == BODY), None)
        candidates = [line for line in scope if _headline_shaped(rule, line) and not _is_navigation(line.text)]
        if not candidates and page is not None and page in scope and _headline_shaped(rule, page):
            # The page-title line may look like a menu ("Quay opens | News | Port News"); it is the
            # title when no line below is headline-shaped, and a menu above the headline when one is.
            candidates = [page]
        if not candidates:
            return
        chosen = _slug_headline(doc.url, candidates) or candidates[0]
        text = chosen.text if chosen is page else _after_breadcrumb(chosen.text)
        text = _without_site_name(text, doc.url, credits=credits)
    else:  # a headline on the page: only a name of the url's host is cut off it
        host_only = chosen.text.casefold() != page_titles[0].text.casefold() if page_titles else True
        text = _without_site_name(_after_breadcrumb(chosen.text), doc.url, host_only=host_only)
    doc.set_field("title", text, rule.id, chosen)
    doc.decide(chosen, FIELD, rule.id)
    for line in page_titles:
        doc.decide(line, REMOVED, rule.id)


def _known_title(rule, doc: Document, known: str) -> bool:
    """An HTML page's own title (:mod:`cleaner.htmlmeta`), when a line of the page shows it: that
    line becomes the field's line, and its repeats leave the body with the page's ``<title>``
    line (the flattened page starts with it: "Harbour freezes early | Daily Post"). A title no
    line shows (a ``<title>`` whose site name did not come off, an ``og:title`` the page does not
    print) is left to the text rule, which reads the headline off the page; returns whether the
    title was taken."""
    title, page_title = known.casefold(), (doc.page_title or "").casefold()
    scope = [line for line in _scope(rule, doc) if line.state == BODY]
    # The <title> line is the markup's, not the page showing the title.
    title_line = next((line for line in scope if line.text.casefold() == page_title), None) if page_title else None
    line_of_title = next((line for line in scope if line is not title_line and line.text.casefold() == title), None)
    if line_of_title is None:
        return False
    for line in scope:
        text = line.text.casefold()
        if line is not line_of_title and (text == title or text == page_title):
            doc.decide(line, REMOVED, rule.id)
    doc.set_field("title", known, rule.id, line_of_title)
    doc.decide(line_of_title, FIELD, rule.id)
    return True


def _headline_shaped(rule, line: Line) -> bool:
    if line.state != BODY:
        return False
    text = line.text
    # Cheapest tests first: most lines of a page are paragraphs, long or ending in a period.
    if len(text) > rule.params.get("max_chars", 250) or _TERMINAL.search(text) or _LIST_ITEM.match(text):
        return False
    skip = rule.params.get("skip")
    if skip is not None and skip.search(text):
        return False
    count = _with_cjk(text, lambda t: len(words(t))) if _has_cjk(text) else len(words(text))
    if not rule.params.get("min_words", 3) <= count <= rule.params.get("max_words", 30):
        return False
    if _LETTER.search(text) is None:  # "8/1/2025" is a date line
        return False
    skip_text = rule.params.get("skip_text")
    if skip_text and text.casefold() in skip_text:
        return False
    return not _is_date_line(text)


def _is_date_line(text: str) -> bool:
    """A line that states a date and little else: "Tuesday January 17th 2012", "Среда, 4 января
    2012 г.", "Published on 5 May 2012" (two words besides the date at most, one of them longer
    than three letters at most: "Metasploit Wrap-Up 12/19/2025" and "Elections set for 4 March
    2012" are headlines)."""
    span = find_date_span(text)
    if span is None:
        return False
    rest = _READER_WORD.findall(text[: span[0]] + " " + text[span[1]:])
    return len(rest) <= 2 and sum(len(_LETTER.findall(word)) > 3 for word in rest) <= 1


def _after_breadcrumb(text: str) -> str:
    """The headline a breadcrumb line ends with: "Headline" for "Home » Headline", whose parts
    before it are short section names, without digits ("Why 5 > 3" is a headline)."""
    parts = _CHEVRON_SEPARATOR.split(text)
    crumbs = parts[:-1]
    if crumbs and all(_word_count(part) <= _NAV_WORDS and not _DIGIT.search(part) for part in crumbs):
        return parts[-1].lstrip(">›» ") or text  # "Home » » Headline"
    return text


def _is_navigation(text: str) -> bool:
    """A menu or a breadcrumb flattened onto one line, which is never a headline: three short
    parts or more ("Home | Politics | Business | Sport", "网易首页 - 新闻 - 体育 - 娱乐"), two short
    parts of a breadcrumb ("Главная › Новости"), or three or more runs of two to four Chinese or
    Japanese characters between spaces ("首页 新闻 国内 国际"): their headlines put no spaces
    between words, so a line of short runs is a menu (one character a run is a spaced-out
    headline, "港 鐵 多 條 路 綫")."""
    if _has_cjk(text):
        items = text.split()
        if len(items) >= 3 and all(2 <= len(item) <= 4 and _CJK_RUN.fullmatch(item) for item in items):
            return True
    if not _NAV_MARK.search(text):
        return False
    separators = [sep.group() for sep in _NAV_SEPARATOR.finditer(text)]
    parts = [part for part in _NAV_SEPARATOR.split(text) if part.strip()]
    if len(parts) < 2 or any(_word_count(part) > _NAV_WORDS for part in parts):
        return False
    return len(parts) >= 3 or any(_CRUMB_MARK.search(sep) for sep in separators)


def _word_set(text: str) -> set[str]:
    """The words of a line for comparing two lines; a run of Chinese or Japanese gives its
    character pairs ("环球网" gives "环球" and "球网"), which stand in for its words."""
    if not _has_cjk(text):
        return {w.casefold() for w in words(text)}
    found = set()
    for word in _LIKENESS_WORD.findall(text.casefold()):
        if len(word) > 2 and _CJK_CHAR.match(word):
            found.update(word[i : i + 2] for i in range(len(word) - 1))
        else:
            found.add(word)
    return found


def _titled_headline(rule, doc: Document, scope: list[Line],
                     credits: tuple[str, ...] = ()) -> tuple[Line | None, list[Line]]:
    """The best-scoring headline candidate (see :func:`headline`) if it scores above
    ``_MIN_SCORE``, and the page-title line to drop when the candidate repeats or resembles it.

    One pass over the page: each headline-shaped line, not a menu (or a shorter line that repeats
    the page title less its site name, "Coffee" after "Coffee - University Greenhouse") scores its
    likeness to the page-title line (:func:`_page_title_echoes` for a repeat), plus ``_CRUMB``
    when an earlier breadcrumb ends with it, plus ``_CONTEXT`` for each of a date line, a byline and a
    paragraph just below it, less up to ``_DEPTH`` as paragraphs of article text pile up above
    it (a heading deep in the text is a section heading)."""
    body = [line for line in doc.lines if line.state == BODY]
    if not body:
        return None, []
    page = body[0]
    core = _without_site_name(page.text, doc.url, credits=credits)
    echoes = _page_title_echoes(page.text, core, credits)
    page_words = _word_set(core) if _word_count(page.text) >= 3 else set()
    if _is_site_name(page.text, _host_names(doc.url), set()):  # the site's name alone: no page title
        echoes, page_words = {}, set()
    if len(page.text) > 2 * rule.params.get("max_chars", 250):  # text, not a page title
        echoes, page_words = {}, set()
    if _LIST_ITEM.match(page.text) or _word_count(page.text) < 2:  # a menu item opens the page
        echoes.pop(page.text.casefold(), None)
    in_scope = {id(line) for line in scope}
    page_title = page.text.casefold()
    skip = rule.params.get("skip")
    crumbs: set[str] = set()
    paragraphs = 0  # article paragraphs seen so far
    best, best_score, best_likeness = None, _MIN_SCORE, 0.0
    for i in range(1, len(body)):
        line = body[i]
        text = line.text
        folded = text.casefold()
        crumb = _BREADCRUMB_SEPARATOR.split(text) if _CRUMB_MARK.search(text) else (text,)
        shaped = _headline_shaped(rule, line)
        # A line not shaped like a headline counts when it repeats part of the page title, or all
        # of it above the article text (below it, a footer repeats a menu line that opens a page).
        repeat = folded in echoes and (folded != page_title or paragraphs == 0)
        if (id(line) in in_scope and len(crumb) < 3 and (shaped or repeat)
                and not _quotes(folded, core.casefold())):
            if folded in echoes:
                likeness = echoes[folded]
            elif page_words and shaped:
                word_set = _word_set(text)
                likeness = 2 * len(word_set & page_words) / (len(word_set) + len(page_words))
            else:
                likeness = 0.0
            score = likeness + (_CRUMB if folded in crumbs else 0.0) - _DEPTH * min(paragraphs, 10) / 10
            # Only then can what follows make it the best; a menu line never is.
            if score + 3 * _CONTEXT > best_score and not _is_navigation(text):
                below = body[i + 1 : i + 4]
                score += _CONTEXT * (
                    any(_YEAR.search(l.text) and _word_count(l.text) <= 12 for l in below)
                    + (skip is not None and any(skip.search(l.text) for l in below))
                    + any(_is_paragraph(l.text) for l in below[:2])
                )
                if score > best_score:
                    best, best_score, best_likeness = line, score, likeness
        if len(crumb) > 1:
            crumbs.add(crumb[-1].casefold())
        if _is_paragraph(text):
            paragraphs += 1
    if best is None:
        return None, []
    return best, [page] if best_likeness >= _LIKENESS else []


def _page_title_echoes(page_title: str, core: str, credits: tuple[str, ...] = ()) -> dict[str, float]:
    """The casefolded lines that repeat the page title, with their likeness to it: 1.5 for the
    page title itself, for it less its site name (``core``) and for what comes before its first
    separator other than a colon ("Headline: subtitle - Section" announces "Headline: subtitle");
    1 plus half the share of ``core``'s words it holds for another run of ``core``'s parts that
    holds more than half of them: "ΤΟ ΒΗΜΑ - Headline - Section" announces "Headline" too, as
    well as "ΤΟ ΒΗΜΑ", a site name that does not name the url's host (a logo line)."""
    echoes = {page_title.casefold(): 1.5, core.casefold(): 1.5}
    seps = list(_TITLE_SEPARATOR.finditer(core))[:_MAX_PARTS]
    total = _word_count(core)
    if not seps or not total:
        return echoes
    bar = next((sep for sep in seps if not _is_colon(sep)), None)
    if bar is not None:
        echoes[core[: bar.start()].casefold()] = 1.5
    starts = [0] + [sep.end() for sep in seps]
    ends = [sep.start() for sep in seps] + [len(core)]
    for i, start in enumerate(starts):
        for end in ends[i:]:
            share = _word_count(core[start:end]) / total
            if share > 0.5 and not _credited(core[start:end], credits):
                echoes.setdefault(core[start:end].casefold(), 1 + share / 2)
    return echoes


_OPEN_QUOTES = "\"“«„'‘「『"


def _quotes(folded: str, title: str) -> bool:
    """Whether a line quotes the page title rather than being the headline: "12 thoughts on
    “Harbour freezes three weeks early”" heads the comments below the article."""
    at = folded.find(title) if title else -1
    return at > 0 and folded[at - 1] in _OPEN_QUOTES


def _is_paragraph(text: str) -> bool:
    """A line of article text: 15 words or more (30 Chinese or Japanese characters), ending like
    a sentence."""
    if len(text) < 30:
        return False
    if _has_cjk(text):
        return _word_count(text) >= 15 and ends_sentence(text)
    return len(text) >= 60 and ends_sentence(text) and len(text.split()) >= 15


def _host_names(url: str | None) -> list[str]:
    """"https://www.example.co.uk/x" -> ["example"]: the host's labels less "www.", the top-level
    domain and short labels, for telling a site name in a page title from the headline."""
    if not url:
        return []
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.lower()).split("/")[0].split(":")[0]
    labels = [l for l in host.split(".")[:-1] if l != "www"]
    return [name for name in ("".join(ch for ch in l if ch.isalnum()) for l in labels) if len(name) >= 4]


def _word_count(text: str) -> int:
    """Words as a reader counts them: "3d23d65-ddc6's Substack" is two, "Costs & Savings" two;
    in Chinese or Japanese one for every two characters (see :func:`_with_cjk`)."""
    return _with_cjk(text, lambda t: len(_READER_WORD.findall(t)))


def _has_cjk(text: str) -> bool:
    """Whether a line holds Chinese or Japanese characters (an ASCII line, the most common, is
    told at once)."""
    return not text.isascii() and _CJK_CHAR.search(text) is not None


def _with_cjk(text: str, count: Callable[[str], int]) -> int:
    """``count(text)``, where Chinese and Japanese characters count one word for every two.
    Those scripts put no spaces between words, so a whole headline is one ``\\w+`` "word"; their
    words are mostly one or two characters long, and "环球网" (a site name) counts two words,
    "小微企业所得税减半征收标准由3万提高至6万" (a headline) eleven."""
    if not _has_cjk(text):
        return count(text)
    cjk = len(_CJK_CHAR.findall(text))
    return count(_CJK_CHAR.sub(" ", text)) + (cjk + 1) // 2


def _slug_words(url: str | None) -> set[str]:
    """The words of the url's longest path segment, its slug (``/diet-trends-2025/``)."""
    if not url:
        return set()
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.lower()).split("?")[0].split("#")[0]
    segments = [seg for seg in path.split("/") if seg and not seg.isdigit()]
    if not segments:
        return set()
    return {w for w in _SLUG_WORDS.findall(max(segments, key=len)) if not w.isdigit() or len(w) == 4}


def _is_site_name(part: str, hosts: list[str], slug: set[str]) -> bool:
    """Whether a short piece of a page title names the site: its letters and a host label's
    contain each other ("Accounting.com" on accounting.com, "Example Blog" on blog.example.org),
    and, unless it is just the host's name, none of its longer words is in the url's slug
    ("Example's 2026 Outlook: …" on example.com/2026-outlook/ is the article's own wording)."""
    if _word_count(part) > 4:
        return False
    name = "".join(ch for ch in part.casefold() if ch.isalnum())
    if len(name) < 4 or not any(name in host or host in name for host in hosts):
        return False
    if name in hosts:  # exactly the host's name
        return True
    return not any(len(w) >= 4 and w.casefold() in slug for w in _SLUG_WORDS.findall(part))


def _without_site_name(title: str, url: str | None = None, host_only: bool = False,
                       credits: tuple[str, ...] = ()) -> str:
    """"Best Tax Preparation Software | Accounting.com" is a page title: the headline is what is
    left once the site name is cut off either end. A part after the last separator is a site name
    when it names the url's host, or when it is short, as site names are (at most 4 words, and no
    more than what is left when that is one or two words: "ΤΟ ΒΗΜΑ - Ψωμί, το πολύτιμο - υγεία"
    loses its section, not its headline, "Zero Waste - A Beginner's Guide" keeps its subtitle),
    and set off by a bar or a dash rather than a colon ("Top MBA Programs: Rankings & Guides"
    keeps its subtitle). A part before the first separator is one only when it names the host
    ("Example Blog: Headline" on example.org). A part that opens and closes the title is the site
    name twice ("Sigma Live | Headline | Sigma Live"). A part at either end that the page's
    copyright line names (``credits``, casefolded) is the site name whatever sets it off: "Headline
    : Голос России" above "© 2005—2013 РГРК «Голос России»"."""
    hosts, slug = _host_names(url), _slug_words(url)
    for _ in range(3):  # "Headline – Section – Site" loses both
        seps = list(_TITLE_SEPARATOR.finditer(title))
        if not seps:
            break
        first, rest = title[: seps[0].start()], title[seps[0].end():]
        head, last = title[: seps[-1].start()], title[seps[-1].end():]
        if len(seps) > 1 and first.casefold() == last.casefold() and _word_count(first) > 0:
            title = title[seps[0].end(): seps[-1].start()]
            continue
        if _is_site_name(first, hosts, slug) and _word_count(rest) >= 2:
            title = rest
            continue
        if _credited(last, credits) and _word_count(head) >= 1:
            title = head
            continue
        if _credited(first, credits) and _word_count(rest) >= 1:
            title = rest
            continue
        bar = not _is_colon(seps[-1])
        left = _word_count(head)
        short = not host_only and bar and _word_count(last) <= (4 if left >= 3 else left)
        if _word_count(first) >= 2 and (_is_site_name(last, hosts, slug) or short):
            title = head
            continue
        break
    return title


def _is_credit(text: str) -> bool:
    """A copyright line: "© 2005—2013 РГРК «Голос России»", "Copyright 2024 Example Ltd." (the
    line model's ``_COPYRIGHT``), at most ``_CREDIT_WORDS`` words. Plain substring tests first:
    this runs on every line of the page."""
    if not ("©" in text or "opyright" in text or "OPYRIGHT" in text or "(c)" in text or "(C)" in text):
        return False
    return _COPYRIGHT.search(text.casefold()) is not None and _word_count(text) <= _CREDIT_WORDS


def _credited(part: str, credits: tuple[str, ...]) -> bool:
    """Whether one of the page's copyright lines (casefolded) names ``part``, a piece of the page
    title of at least 3 letters."""
    name = part.strip().casefold()
    return len(_LETTER.findall(name)) >= 3 and any(name in line for line in credits)


def _is_colon(separator: re.Match) -> bool:
    """Whether a title separator is a colon, which sets off a subtitle rather than a site name."""
    return separator.group().strip() in (":", "：")


def _slug_headline(url: str | None, candidates: list[Line]) -> Line | None:
    """The candidate covering most of the url's last path segment words (at least 60% of them,
    and 3 words or more)."""
    slug = _slug_words(url)
    if len(slug) < 3:
        return None
    best, best_share = None, 0.6
    for line in candidates:
        share = len(slug & {w.casefold() for w in _SLUG_WORDS.findall(line.text)}) / len(slug)
        if share > best_share:
            best, best_share = line, share
    return best


def other_script(rule, doc: Document) -> None:
    """Drop lines written in another script than the body's: the Cyrillic "Заголовок открываемого
    материала" at the foot of Sputnik's English pages. The body's script must hold ``dominance``
    (0.8) of the page's letters, and a line needs ``min_letters`` (3) letters to be judged."""
    min_letters = rule.params.get("min_letters", 3)
    dominance = rule.params.get("dominance", 0.8)
    lines = [line for line in _scope(rule, doc) if line.state == BODY]
    page = "\n".join(line.text for line in lines)
    letters, per_script = letter_tally(page)
    if not letters:
        return
    main = "latin" if per_script["latin"] >= dominance * letters else None
    if main is None:
        if not per_script:  # letters of no script we know ("ˬ", "𑆃"): no main script to judge lines by
            return
        main, main_count = per_script.most_common(1)[0]
        if main_count < dominance * letters:
            return
    for line in lines:
        if main == "latin" and line.text.isascii():
            continue  # an ASCII line with letters has Latin ones
        if not has_letter(line.text, main) and letter_count(line.text) >= min_letters:
            doc.decide(line, REMOVED, rule.id)


def repeated_lede(rule, doc: Document) -> None:
    """Drop a standfirst that a later paragraph repeats: Sputnik prints the lede once as a summary
    and again after the dateline ("MOSCOW, June 26 (RIA Novosti) - A Russian-U.S. …"). Lines of
    at least ``min_words`` (8) words only, so short repeated phrases are left to other rules."""
    min_words = rule.params.get("min_words", 8)
    body = [line for line in _scope(rule, doc) if line.state == BODY]
    # One casefolded string of the body; a line repeats later when it occurs past its own end.
    # Lines hold no "\n", so a hit never spans two lines.
    folded = per_page([line.text for line in body], str.casefold)
    joined = "\n".join(folded)
    end = -1
    for line, text in zip(body, folded):
        end += len(text) + 1  # casefolding can lengthen a line ("ß" -> "ss")
        if len(words(line.text)) >= min_words and joined.find(text, end) >= 0:
            doc.decide(line, REMOVED, rule.id)


def participle_caption(rule, doc: Document) -> None:
    """Move a line to captions when it reads like a photo caption: a noun phrase whose first verb
    is a present participle ("US Secretary of Defense Robert Gates and Russian Minister of Defense
    Anatoly Serdyukov signing agreements at the Pentagon."). A sentence's first verb is finite
    ("… Serdyukov vowed to expand …", "… have vowed …"). Only lowercase words count as verbs;
    ``finite_verbs`` lists the common finite forms that do not end in -ed, ``not_participles``
    the -ing words that are prepositions ("during", "according"). Put it in a small ``window``
    just after the headline; at most ``max_words`` (40) words."""
    max_words = rule.params.get("max_words", 40)
    finite, not_participles = rule.params["finite_verbs"], rule.params["not_participles"]
    for line in _scope(rule, doc):
        if line.state != BODY or line.text.startswith(("“", '"', "'", "«", "„")):
            continue
        tokens = words(line.text)
        if not 4 <= len(tokens) <= max_words:
            continue
        if _first_verb_is_participle(tokens[1:], finite, not_participles):
            doc.decide(line, CAPTION, rule.id, caption=line.text)


def _first_verb_is_participle(words: tuple[str, ...], finite: frozenset, not_participles: frozenset) -> bool:
    for word in words:
        if not word.islower():
            continue
        if word in finite or (word.endswith("ed") and len(word) > 4):
            return False
        if word.endswith("ing") and len(word) > 5 and word not in not_participles:
            return True
    return False


def line_model(rule, doc: Document) -> None:
    """Drop the lines a trained model scores as page furniture: menus, teasers of other articles,
    comment threads, footers, on sites nobody wrote rules for. ``model`` names the model file
    (``bench/train.py`` writes it; :mod:`cleaner.linemodel` says what it holds). Every line is
    scored from its own shape and its neighbours' and from what the rules above decided (a
    headline found, UI lines dropped); only lines no rule decided are judged, and each removal
    records its score. Put it last: it sees the work of every rule before it.

    Which lines stay is a hysteresis (:func:`cleaner.linemodel.kept`): a line scoring at least
    ``threshold`` (0.5) starts a run of article text; the run carries on through the undecided
    lines next to it while they score at least ``extend``; and a gap between two runs closes when
    all its lines score at least ``bridge`` (both default to the threshold). A line scoring
    between them stays beside article text and goes among menus.

    How strict to be is the page's own: with ``shifts``, each shift moves all three scores up or
    down by that much, and the page keeps the lines of whichever setting (the unshifted one
    first) its scores expect to serve best (:func:`cleaner.linemodel.choose`):
    ``precision_weight`` (0.5) times the expected share of kept words that are article text, plus
    the rest times the expected share of the article kept. A page whose scores are sure keeps
    about the same lines under every setting; on a page with a band of middling scores the
    choice decides whether that band stays. A removed line's score is to be read against the
    setting its page took.

    A page has an article: when no line reaches the threshold, the lines scoring at least
    ``keep_best`` (0.9) times the best score start the runs instead, rather than an empty body,
    and ``warnings`` says so (0 turns this off).

    The model is trained on whole-page dumps (an HTML page is flattened into one), and on text
    that is already an article it takes the last paragraphs for a footer. So it leaves alone
    pages that a site file handled unless ``site_pages`` (false) is set, and a text of fewer than
    ``min_lines`` (8) undecided lines: a snippet, not a page, with no menus or footers to find."""
    if doc.site is not None and not rule.params.get("site_pages", False):
        return
    if sum(1 for line in doc.lines if line.state == BODY) < rule.params.get("min_lines", 8):
        return
    model = rule.params["model"]
    title_line = doc.field_lines.get("title", (None,))[0]
    language = page_language([line.text for line in doc.lines])
    rows = line_features(doc.lines, doc.text.split("\n"), title_line, language)
    undecided = [i for i, line in enumerate(doc.lines) if line.state == BODY]
    texts = [doc.lines[i].text for i in undecided]
    words = line_words(rows[undecided])
    scores = model.scores(rows[undecided], words, texts, language)
    if not scores:  # min_lines = 0 on a page with nothing left to judge
        return
    threshold, keep = linemodel.decide(scores, words.tolist(), rule.params)
    if linemodel.cut_off(scores, threshold, rule.params.get("keep_best", 0.9)) != threshold:
        doc.warnings.append(f"{rule.id}: no line reached the threshold; kept the best-scored ones"
                            f" (best {max(scores):.3f})")
    for i, score, stays in zip(undecided, scores, keep):
        if not stays:
            doc.decide(doc.lines[i], REMOVED, rule.id, score=round(score, 3))


KINDS: dict[str, Callable] = {
    "drop": drop,
    "drop-block": drop_block,
    "cut-after": cut_after,
    "cut-before": cut_before,
    "strip": strip,
    "replace": replace,
    "extract": extract,
    "caption": caption,
    "headline": headline,
    "other-script": other_script,
    "repeated-lede": repeated_lede,
    "participle-caption": participle_caption,
    "line-model": line_model,
}
assert set(KINDS) == set(KIND_KEYS)


def apply_rule(rule, doc: Document, seconds: float = DEFAULT.rule_seconds) -> None:
    """Run one rule on a document; a user's rule with a regular expression (``rule.guarded``)
    under a time limit of ``seconds`` of CPU time, since its pattern may backtrack without end."""
    if rule.guarded:
        with time_limit(seconds, f"rule {rule.id!r}"):
            KINDS[rule.kind](rule, doc)
    else:
        KINDS[rule.kind](rule, doc)
