"""Rule files: where they come from, how they are validated, and which one applies to a document.

Rules are data. A rule file is TOML; a file with a ``[site]`` table applies to that site's pages, a
file without one applies to every page (the generic rules). A rule's id is ``<file stem>/<rule
name>``: the rule ``[rules.header]`` in ``defense.gov.toml`` is ``defense.gov/header``. Rules run in
the order the file lists them, and the first rule that decides a line wins. The keys each kind
takes are in :mod:`cleaner.kinds`; ``docs/rules.md`` documents them for users.

Folders are searched in this order, a later file overriding an earlier one of the same name:
built-in ``rules/``, packages registering the entry-point group ``cleaner.rules``,
``CLEANER_RULES_PATH`` (an ``os.pathsep`` list), then each ``--rules`` folder or single ``.toml``
file. A broken file or rule (bad TOML, a bad regular expression, an unknown key), a missing
folder or a broken plugin stops the load: :func:`load_rulebook` raises :class:`RuleError` listing
every problem, each naming its file, rule and key. With ``keep_going=True`` it skips what is
broken and lists it in :attr:`RuleBook.problems` instead (``cleaner rules list`` and ``rules
test`` load that way, to report everything at once).
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from cleaner.config import DEFAULT
from cleaner.errors import RuleError
from cleaner.guard import time_limit
from cleaner.kinds import Rule, compile_params
from cleaner.kinds.registry import kind_named, rule_schema
from cleaner.urls import host

ENTRY_POINT_GROUP = "cleaner.rules"
ENV_VAR = "CLEANER_RULES_PATH"
BUILTIN = "built-in"  # the origin of the rule files shipped with cleaner
SITE_KEYS = {"domains", "signatures", "description", "learned"}
HTML_FIELDS = ("title", "authors", "published")
HTML_KEYS = {"drop", *HTML_FIELDS}
EXAMPLE_KEYS = {
    "input", "rule", "url", "removed", "kept", "captions", "text",
    "title", "authors", "source", "dateline", "published", "fixes",
}
# A signature is a regex searched (multi-line mode) in the page's first non-blank lines, joined by
# "\n", so it can name two lines that open the page together.
SIGNATURE_WINDOW = 10


@dataclass(frozen=True)
class Selector:
    """A CSS selector from a rule file, and the XPath it compiles to (cssselect, once, at load)."""

    css: str
    xpath: Callable[[Any], list[Any]] = field(hash=False, compare=False)  # lxml.etree.XPath: element -> matches


@dataclass(frozen=True)
class HtmlRules:
    """A site file's ``[html]`` table: elements dropped before extraction, and where the fields are."""

    drop: tuple[Selector, ...] = ()
    fields: dict = field(default_factory=dict, hash=False, compare=False)  # field name -> Selector


@dataclass(frozen=True)
class RuleFile:
    path: Path
    name: str
    origin: str
    rules: tuple[Rule, ...]
    domains: tuple[str, ...] = ()
    signatures: tuple[re.Pattern, ...] = ()
    examples: tuple[dict, ...] = ()
    overridden_by: str | None = None
    learned: bool = False  # written by `cleaner rules learn`: a hand-written file for its site wins
    html: HtmlRules | None = None

    @property
    def is_site(self) -> bool:
        return bool(self.domains or self.signatures)

    @property
    def guarded(self) -> bool:
        """A user's file, whose regular expressions run under a time limit (built-in ones are
        checked by a test)."""
        return self.origin != BUILTIN


@dataclass(frozen=True)
class RuleBook:
    """Loaded rule files; the views below are computed once, since every document asks for them."""

    files: tuple[RuleFile, ...]
    problems: tuple[str, ...] = ()

    @cached_property
    def active(self) -> tuple[RuleFile, ...]:
        return tuple(f for f in self.files if f.overridden_by is None)

    @cached_property
    def generic(self) -> tuple[RuleFile, ...]:
        return tuple(f for f in self.active if not f.is_site)

    @cached_property
    def sites(self) -> tuple[RuleFile, ...]:
        return tuple(f for f in self.active if f.is_site)

    def site_named(self, name: str) -> RuleFile | None:
        return next((f for f in self.sites if f.name == name), None)

    def site_for(self, url: str | None, lines: Sequence[str],
                 seconds: float = DEFAULT.rule_seconds) -> RuleFile | None:
        """The site file for a page: by url domain (longest suffix wins, ``www.`` ignored), else
        by a signature line near the top. Later (user) files win over built-in ones, and a
        hand-written file over a learned one (``learned = true``, :mod:`cleaner.learn`) whatever
        their domains' lengths. A user file's signatures get ``seconds`` of CPU time, as its rules do."""
        name = host(url)
        head: str | None = None
        for files in self._sites_by_kind:
            if name:
                best, best_len = None, -1
                for rule_file in files:
                    for domain in rule_file.domains:
                        if (name == domain or name.endswith("." + domain)) and len(domain) > best_len:
                            best, best_len = rule_file, len(domain)
                if best is not None:
                    return best
            if head is None:  # the first SIGNATURE_WINDOW lines that are not blank
                head = "\n".join(islice(filter(str.strip, lines), SIGNATURE_WINDOW))
            for rule_file in files:
                if not rule_file.signatures:
                    continue
                if not rule_file.guarded:  # built-in signatures run without a timer (a test checks them)
                    if any(sig.search(head) for sig in rule_file.signatures):
                        return rule_file
                    continue
                with time_limit(seconds, f"the signatures of {rule_file.path}"):
                    if any(sig.search(head) for sig in rule_file.signatures):
                        return rule_file
        return None

    @cached_property
    def _sites_by_kind(self) -> tuple[tuple[RuleFile, ...], tuple[RuleFile, ...]]:
        """The site files in the order :meth:`site_for` tries them: hand-written, then learned,
        each latest first."""
        return (tuple(f for f in reversed(self.sites) if not f.learned),
                tuple(f for f in reversed(self.sites) if f.learned))


def builtin_rules_dir() -> Path:
    """``cleaner/_rules`` inside an installed wheel, the top-level ``rules/`` in a checkout."""
    packaged = Path(__file__).parent / "_rules"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "rules"


def load_rulebook(extra_dirs: Iterable[str | os.PathLike] = (), *, env: bool = True,
                  entry_points: bool = True, builtin: bool = True, keep_going: bool = False) -> RuleBook:
    """Load every rule folder in precedence order (``extra_dirs`` may also name single ``.toml``
    files); see the module docstring. Raises :class:`RuleError` listing every problem found,
    unless ``keep_going``: then broken files and rules are skipped and listed in ``problems``."""
    sources: list[tuple[Path, str]] = []
    if builtin:
        sources.append((builtin_rules_dir(), BUILTIN))
    problems: list[str] = []
    if entry_points:
        for ep in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            try:
                sources.append((_entry_point_dir(ep), f"entry-point:{ep.name}"))
            except Exception as exc:  # one broken plugin is reported; the rest still load
                problems.append(f"entry point {ep.name!r} ({ep.value}): {exc}")
    if env:
        for part in os.environ.get(ENV_VAR, "").split(os.pathsep):
            if part:
                sources.append((Path(part), ENV_VAR))
    sources.extend((Path(d), "--rules") for d in extra_dirs)

    files: list[RuleFile] = []
    for folder, origin in sources:
        if folder.is_file() and folder.suffix == ".toml":
            paths = [folder]  # --rules FILE.toml: one rule file
        elif folder.is_dir():
            paths = sorted(folder.glob("*.toml"))
        else:
            what = "no such file or folder" if not folder.exists() else "not a folder of rule files or a .toml file"
            problems.append(f"{folder}: {what} ({origin})")
            continue
        for path in paths:
            rule_file, file_problems = load_rule_file(path, origin)
            problems.extend(file_problems)
            if rule_file is not None:
                files.append(rule_file)
    if problems and not keep_going:
        raise RuleError(problems)
    return RuleBook(tuple(_mark_overrides(files)), tuple(problems))


def _entry_point_dir(ep: importlib.metadata.EntryPoint) -> Path:
    target = ep.load()
    if isinstance(target, (str, os.PathLike)):
        return Path(target)
    return Path(str(importlib.resources.files(target)))


def _mark_overrides(files: list[RuleFile]) -> list[RuleFile]:
    last_by_name = {f.name: i for i, f in enumerate(files)}
    marked = []
    for i, rule_file in enumerate(files):
        winner = last_by_name[rule_file.name]
        if winner != i:
            rule_file = replace(rule_file, overridden_by=str(files[winner].path))
        marked.append(rule_file)
    return marked


def load_rule_file(path: Path, origin: str = "--rules") -> tuple[RuleFile | None, list[str]]:
    """Parse and validate one file. Returns the file (its valid rules) and the problems found."""
    return _load_rule_file_cached(Path(path).resolve(), _mtime(path), origin)


def _mtime(path: Path) -> int:
    try:
        return Path(path).stat().st_mtime_ns
    except OSError:
        return -1


@lru_cache(maxsize=256)
def _load_rule_file_cached(path: Path, _mtime_ns: int, origin: str) -> tuple[RuleFile | None, list[str]]:
    name = path.name[: -len(".toml")]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return None, [f"{path}: cannot read rule file: {exc}"]
    problems: list[str] = []
    unknown = set(data) - {"site", "rules", "examples", "html"}
    for key in sorted(unknown):
        problems.append(f"{path}: key {key!r}: unknown top-level key (expected site, rules, examples, html)")

    domains: tuple[str, ...] = ()
    signatures: tuple[re.Pattern[str], ...] = ()
    site = data.get("site")
    if site is not None:
        domains, signatures, site_problems = _site_table(path, site)
        problems.extend(site_problems)

    rules = []
    table = data.get("rules", {})
    if not isinstance(table, dict):
        problems.append(f"{path}: key 'rules': must be a table of rules")
        table = {}
    for rule_name, spec in table.items():
        rule_id = f"{name}/{rule_name}"
        try:
            rules.append(_rule(rule_id, rule_name, spec, path.parent, guarded=origin != BUILTIN))
        except RuleError as exc:
            problems.append(f"{path}: rule {rule_name!r}: {exc}")

    examples = data.get("examples", [])
    if not isinstance(examples, list) or not all(isinstance(e, dict) for e in examples):
        problems.append(f"{path}: key 'examples': must be an array of tables ([[examples]])")
        examples = []
    for i, example in enumerate(examples, 1):
        for key in sorted(set(example) - EXAMPLE_KEYS):
            problems.append(f"{path}: example {i}: key {key!r}: unknown key")
        if not isinstance(example.get("input"), str):
            problems.append(f"{path}: example {i}: key 'input': required, a string")
    html = None
    if "html" in data:
        if site is None:
            problems.append(f"{path}: key 'html': only a site file (one with [site]) can have it")
        else:
            html, html_problems = _html_table(path, data["html"])
            problems.extend(html_problems)
    learned = isinstance(site, dict) and site.get("learned") is True
    if isinstance(site, dict) and not isinstance(site.get("learned", False), bool):
        problems.append(f"{path}: site: key 'learned': must be true or false")
    rule_file = RuleFile(path, name, origin, tuple(rules), domains, signatures, tuple(examples), html=html,
                         learned=learned)
    return rule_file, problems


def _selector(css: object) -> Selector:
    """Compile a CSS selector to XPath; raises ValueError with the reason."""
    from cssselect import HTMLTranslator, SelectorError
    from lxml import etree

    if not isinstance(css, str) or not css.strip():
        raise ValueError("must be a CSS selector (a non-empty string)")
    try:
        return Selector(css, etree.XPath(HTMLTranslator().css_to_xpath(css)))
    except (SelectorError, etree.XPathError) as exc:
        raise ValueError(f"bad CSS selector {css!r}: {exc}") from None


def _html_table(path: Path, table: object) -> tuple[HtmlRules | None, list[str]]:
    """``[html]``: ``drop`` (a list of CSS selectors) and one selector each for ``title``,
    ``authors`` and ``published``. A bad selector is a problem and is skipped."""
    if not isinstance(table, dict):
        return None, [f"{path}: key 'html': must be a table"]
    problems = [f"{path}: html: key {key!r}: unknown key (expected {', '.join(sorted(HTML_KEYS))})"
                for key in sorted(set(table) - HTML_KEYS)]
    drop = []
    raw = table.get("drop", [])
    if not isinstance(raw, list):
        problems.append(f"{path}: html: key 'drop': must be a list of CSS selectors")
        raw = []
    for css in raw:
        try:
            drop.append(_selector(css))
        except ValueError as exc:
            problems.append(f"{path}: html: key 'drop': {exc}")
    fields = {}
    for name in HTML_FIELDS:
        if name in table:
            try:
                fields[name] = _selector(table[name])
            except ValueError as exc:
                problems.append(f"{path}: html: key {name!r}: {exc}")
    return HtmlRules(tuple(drop), fields), problems


def _site_table(path: Path, site: object) -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...], list[str]]:
    problems: list[str] = []
    if not isinstance(site, dict):
        return (), (), [f"{path}: key 'site': must be a table"]
    for key in sorted(set(site) - SITE_KEYS):
        problems.append(f"{path}: site: key {key!r}: unknown key (expected {', '.join(sorted(SITE_KEYS))})")
    domains = site.get("domains", [])
    if not (isinstance(domains, list) and all(isinstance(d, str) for d in domains)):
        problems.append(f"{path}: site: key 'domains': must be a list of strings")
        domains = []
    signatures = []
    raw_signatures = site.get("signatures", [])
    if not (isinstance(raw_signatures, list) and all(isinstance(s, str) for s in raw_signatures)):
        problems.append(f"{path}: site: key 'signatures': must be a list of regular expressions")
        raw_signatures = []
    for sig in raw_signatures:
        try:
            signatures.append(re.compile(sig, re.MULTILINE))
        except re.error as exc:
            problems.append(f"{path}: site: key 'signatures': bad regex {sig!r}: {exc}")
    clean_domains = tuple(d.lower().removeprefix("www.") for d in domains)
    if not clean_domains and not signatures:
        problems.append(f"{path}: site: needs 'domains' or 'signatures'")
    return clean_domains, tuple(signatures), problems


def _rule(rule_id: str, rule_name: str, spec: object, base: Path, guarded: bool) -> Rule:
    """A validated rule; ``guarded`` (a user's file) puts one with a regular expression under
    the time limit."""
    if not isinstance(spec, dict):
        raise RuleError("must be a table")
    kind = kind_named(spec.get("kind"))
    params = compile_params(kind.name, spec, base)
    has_regex = any(isinstance(value, re.Pattern) for value in params.values())
    return Rule(rule_id, rule_name, kind.name, params, spec.get("description", ""), guarded and has_regex)


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a rule file, made from the kinds' declarations
    (:func:`cleaner.kinds.registry.rule_schema`) and the tables this module reads; ``cleaner rules
    schema`` prints it for editors (docs/rules.md, "Editor support")."""
    strings = {"type": "array", "items": {"type": "string"}}
    selector = {"type": "string", "minLength": 1, "description": "a CSS selector"}
    example_values: dict[str, Any] = {
        "input": {"type": "string", "description": "the page the example runs on"},
        "rule": {"type": "string", "description": "the rule (name in this file) expected to decide"},
        "url": {"type": "string"},
        "removed": {**strings, "description": "lines expected removed (by `rule`, when given)"},
        "kept": {**strings, "description": "lines expected in the body"},
        "captions": strings,
        "text": {"type": "string", "description": "the whole expected body"},
        "title": {"type": "string", "description": "the expected field (\"\" for none)"},
        "authors": strings,
        "source": {"type": "string"},
        "dateline": {"type": "string"},
        "published": {"type": "string"},
        "fixes": {"type": "array", "items": {"type": "array", "items": {"type": "string"}, "minItems": 2,
                                             "maxItems": 2},
                  "description": "[before, after] pairs expected among the fixes"},
    }
    assert set(example_values) == EXAMPLE_KEYS
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cleaner rule file",
        "description": "A file of cleaner rules (docs/rules.md): a [site] table for a site's pages, rules, examples.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "site": {"type": "object", "additionalProperties": False,
                     "description": "which pages the file applies to; without it, every page",
                     "properties": {"domains": {**strings, "description": "url host suffixes, \"www.\" ignored"},
                                    "signatures": {**strings, "description": "regular expressions searched in the"
                                                   f" page's first {SIGNATURE_WINDOW} non-blank lines"},
                                    "description": {"type": "string"},
                                    "learned": {"type": "boolean", "description": "written by `cleaner rules"
                                                " learn`: a hand-written file for the same site wins"}},
                     "anyOf": [{"required": ["domains"]}, {"required": ["signatures"]}]},
            "rules": {"type": "object", "description": "the rules, in the order they run",
                      "additionalProperties": rule_schema()},
            "examples": {"type": "array", "description": "pages and what the rules must make of them",
                         "items": {"type": "object", "additionalProperties": False, "required": ["input"],
                                   "properties": example_values}},
            "html": {"type": "object", "additionalProperties": False, "description": "HTML input: CSS selectors",
                     "properties": {"drop": {"type": "array", "items": selector,
                                             "description": "elements removed before anything reads the page"},
                                    **{name: selector for name in HTML_FIELDS}}},
        },
    }
