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
from typing import Callable

from cleaner.dates import parse_date
from cleaner.document import BODY, CAPTION, FIELD, REMOVED, Document, Line
from cleaner.names import looks_like_person_name, split_authors
from cleaner.scripts import letter_count, script_counts


class RuleError(ValueError):
    """A rule that fails validation; the message names the key."""


FIELD_GROUPS = {"title", "authors", "source", "dateline", "published"}
_SPACES = re.compile(r"\s{2,}")

# key -> type name. Types: str, strlist (a string or a list of strings), regex, int, float, bool,
# and "a|b|c" for an enumeration.
COMMON_KEYS = {"kind": "str", "description": "str", "window": "int", "ignore_case": "bool"}
KIND_KEYS: dict[str, tuple[dict[str, str], tuple[tuple[str, ...], ...]]] = {
    # kind: (keys, groups of keys of which at least one is required)
    "drop": ({"text": "strlist", "pattern": "regex"}, (("text", "pattern"),)),
    "drop-block": ({"lines": "strlist", "pattern": "regex", "min_run": "int"}, (("lines", "pattern"),)),
    "cut-after": ({"text": "strlist", "pattern": "regex", "include_marker": "bool",
                   "occurrence": "first|last"}, (("text", "pattern"),)),
    "cut-before": ({"text": "strlist", "pattern": "regex", "include_marker": "bool",
                    "occurrence": "first|last"}, (("text", "pattern"),)),
    "strip": ({"pattern": "regex"}, (("pattern",),)),
    "replace": ({"pattern": "regex", "with": "str"}, (("pattern",), ("with",))),
    "extract": ({"pattern": "regex", "consume": "line|match|none"}, (("pattern",),)),
    "caption": ({"pattern": "regex", "after": "regex"}, (("pattern", "after"),)),
    "headline": ({"min_words": "int", "max_words": "int", "max_chars": "int", "skip": "regex"}, ()),
    "other-script": ({"min_letters": "int", "dominance": "float"}, ()),
    "repeated-lede": ({"min_words": "int"}, ()),
    "participle-caption": ({"finite_verbs": "strlist", "not_participles": "strlist", "max_words": "int"},
                           (("finite_verbs",),)),
}


def compile_params(kind: str, spec: dict) -> dict:
    """Validate a rule's keys against its kind and compile its patterns."""
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
    if "text" in params or "lines" in params:
        fold = str.casefold if params.get("ignore_case") else str
        for key in ("text", "lines"):
            if key in params:
                params[key] = [fold(t.strip()) for t in params[key]]
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
    if kind == "participle-caption":
        for key in ("finite_verbs", "not_participles"):
            params[key] = frozenset(v.casefold() for v in params.get(key, ()))
    return params


def _check_type(key: str, type_name: str, value):
    ok = {
        "str": isinstance(value, str),
        "regex": isinstance(value, str),
        "int": isinstance(value, int) and not isinstance(value, bool) and value >= 0,
        "float": isinstance(value, (int, float)) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "strlist": isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)),
    }.get(type_name)
    if ok is None:  # an enumeration
        choices = type_name.split("|")
        if value not in choices:
            raise RuleError(f"key {key!r}: must be one of {', '.join(choices)} (got {value!r})")
        return value
    if not ok:
        expected = {"strlist": "a string or a list of strings", "regex": "a regular expression string",
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
    title_at = doc.field_lines.get("title", (None,))[0]
    start = 0
    if title_at is not None:
        start = next((i + 1 for i, line in enumerate(doc.lines) if line.number == title_at), 0)
    return doc.lines[start : start + window]


def _matcher(rule) -> Callable[[str], bool]:
    params = rule.params
    texts = set(params.get("text", ()))
    pattern = params.get("pattern")
    fold = params.get("fold", str)

    def matches(text: str) -> bool:
        return (bool(texts) and fold(text) in texts) or (pattern is not None and pattern.search(text) is not None)

    return matches


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


def _marker_index(rule, doc: Document) -> int | None:
    matches = _matcher(rule)
    scope = {id(line) for line in _scope(rule, doc)}
    hits = [i for i, line in enumerate(doc.lines) if id(line) in scope and line.state == BODY and matches(line.text)]
    if not hits:
        return None
    return hits[-1] if rule.params.get("occurrence", "first") == "last" else hits[0]


def cut_after(rule, doc: Document) -> None:
    """Drop everything from a footer marker line (``include_marker``, default true) to the end."""
    at = _marker_index(rule, doc)
    if at is None:
        return
    start = at if rule.params.get("include_marker", True) else at + 1
    for line in doc.lines[start:]:
        doc.decide(line, REMOVED, rule.id)


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
    for line in _scope(rule, doc):
        if line.state not in (BODY, CAPTION):
            continue
        new_text = _SPACES.sub(" ", substitute(line.text)).strip()
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
    must state its year, or the line does not match: never guess."""
    pattern = rule.params["pattern"]
    groups = set(pattern.groupindex)
    if all(doc.fields.get(g) for g in groups):
        return
    consume = rule.params.get("consume", "line")
    for line in _scope(rule, doc):
        if line.state != BODY:
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


_WORD = re.compile(r"\w+")
_TERMINAL = re.compile(r"[.!?…:;,]$")


# "Headline | Site" (the page's <title>) puts the headline first; "Home > Blog > Headline"
# (a breadcrumb) puts it last.
_TITLE_SEPARATOR = re.compile(r"\s+[|–—·•»-]\s+|\s+:\s+")
_BREADCRUMB_SEPARATOR = re.compile(r"\s+[>›/]\s+")
_SLUG_WORDS = re.compile(r"[^\W_]+")


def headline(rule, doc: Document) -> None:
    """Take the headline as the title, by the signals a flattened page keeps, best first:

    - the page's ``<title>`` line, "Headline – Site", usually opens the dump, and the headline
      itself follows as a line of its own: a headline-shaped line that another line repeats
      before a separator ("10 Tips to Successfully Complete Online Courses – Journey To
      College") is the title, and that page-title line is dropped under this rule;
    - else the line that shares most words with the url's slug (``/diet-trends-2025/``);
    - else the first headline-shaped line: ``min_words`` (3) to ``max_words`` (30) words, at most
      ``max_chars`` (250) characters, no sentence-final period ("Gates, Serdyukov Renew
      U.S.-Russia Military Ties"). Lines matching ``skip`` are never headlines ("By Lisa Daniel").

    For HTML the page's own title is taken instead, and the line that repeats it leaves the body."""
    if doc.fields.get("title"):
        return
    known = doc.html_meta.get("title")
    if known:  # the page's own title wins; the line repeating it is not body text
        line = next((l for l in _scope(rule, doc) if l.state == BODY and l.text.casefold() == known.casefold()), None)
        doc.set_field("title", known, rule.id, line)
        if line is not None:
            doc.decide(line, FIELD, rule.id)
        return
    scope = _scope(rule, doc)
    chosen, page_titles = _repeated_headline(rule, doc, scope)
    if chosen is None:
        candidates = [line for line in scope if _headline_shaped(rule, line)]
        if not candidates:
            return
        chosen = _slug_headline(doc.url, candidates) or candidates[0]
    doc.set_field("title", _without_site_name(chosen.text), rule.id, chosen)
    doc.decide(chosen, FIELD, rule.id)
    for line in page_titles:
        doc.decide(line, REMOVED, rule.id)


def _headline_shaped(rule, line: Line) -> bool:
    if line.state != BODY:
        return False
    skip = rule.params.get("skip")
    if skip is not None and skip.search(line.text):
        return False
    # Cheapest tests first: most lines of a page are paragraphs, long or ending in a period.
    if len(line.text) > rule.params.get("max_chars", 250) or _TERMINAL.search(line.text):
        return False
    return rule.params.get("min_words", 3) <= len(_WORD.findall(line.text)) <= rule.params.get("max_words", 30)


def _repeated_headline(rule, doc: Document, scope: list[Line]) -> tuple[Line | None, list[Line]]:
    """The first headline-shaped line of ``scope`` that an earlier page-title or breadcrumb line
    repeats next to a separator, and those earlier lines. One pass that stops at the first hit
    (the headline sits near the top), testing the shape only of lines that have an echo."""
    in_scope = {id(line) for line in scope}
    seen: dict[str, list[Line]] = {}
    for line in doc.lines:
        if line.state != BODY:
            continue
        echoes = seen.get(line.text.casefold())
        if echoes and id(line) in in_scope and _headline_shaped(rule, line):
            return line, [l for l in echoes if l.text != line.text]
        title_part = _TITLE_SEPARATOR.split(line.text, maxsplit=1)[0]
        crumb_part = _BREADCRUMB_SEPARATOR.split(line.text)[-1]
        for part in {title_part, crumb_part}:
            if part != line.text:
                seen.setdefault(part.casefold(), []).append(line)
    return None, []


def _without_site_name(title: str) -> str:
    """"Best Tax Preparation Software | Accounting.com" is a page title: the headline is the part
    before the last separator when what follows is short, as site names are (at most 4 words)."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) > 1 and len(_WORD.findall(parts[-1])) <= 4 and len(_WORD.findall(parts[0])) >= 2:
        return title[: title.rfind(parts[-1])].rstrip(" |–—·•»-:")
    return title


def _slug_headline(url: str | None, candidates: list[Line]) -> Line | None:
    """The candidate covering most of the url's last path segment words (at least 60% of them,
    and 3 words or more)."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.lower()).split("?")[0].split("#")[0]
    segments = [seg for seg in path.split("/") if seg and not seg.isdigit()]
    if not segments:
        return None
    slug = {w for w in _SLUG_WORDS.findall(max(segments, key=len)) if not w.isdigit() or len(w) == 4}
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
    letters = letter_count(page)
    if not letters:
        return
    main = "latin" if letter_count(page, "latin") >= dominance * letters else None
    if main is None:
        main, main_count = script_counts(page).most_common(1)[0]
        if main_count < dominance * letters:
            return
    for line in lines:
        if main == "latin" and line.text.isascii():
            continue  # an ASCII line with letters has Latin ones
        if letter_count(line.text, main) == 0 and letter_count(line.text) >= min_letters:
            doc.decide(line, REMOVED, rule.id)


def repeated_lede(rule, doc: Document) -> None:
    """Drop a standfirst that a later paragraph repeats: Sputnik prints the lede once as a summary
    and again after the dateline ("MOSCOW, June 26 (RIA Novosti) - A Russian-U.S. …"). Lines of
    at least ``min_words`` (8) words only, so short repeated phrases are left to other rules."""
    min_words = rule.params.get("min_words", 8)
    body = [line for line in _scope(rule, doc) if line.state == BODY]
    # One casefolded string of the body; a line repeats later when it occurs past its own end.
    # Lines hold no "\n", so a hit never spans two lines.
    joined = "\n".join(line.text.casefold() for line in body)
    end = -1
    for line in body:
        end += len(line.text) + 1
        if len(_WORD.findall(line.text)) >= min_words and joined.find(line.text.casefold(), end) >= 0:
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
        words = _WORD.findall(line.text)
        if not 4 <= len(words) <= max_words:
            continue
        if _first_verb_is_participle(words[1:], finite, not_participles):
            doc.decide(line, CAPTION, rule.id, caption=line.text)


def _first_verb_is_participle(words: list[str], finite: frozenset, not_participles: frozenset) -> bool:
    for word in words:
        if not word.islower():
            continue
        if word in finite or (word.endswith("ed") and len(word) > 4):
            return False
        if word.endswith("ing") and len(word) > 5 and word not in not_participles:
            return True
    return False


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
}
assert set(KINDS) == set(KIND_KEYS)


def apply_rule(rule, doc: Document) -> None:
    KINDS[rule.kind](rule, doc)
