"""The registry of rule kinds: each kind declares, in one place, its keys (type, default, meaning),
which of them are required, the code ``cleaner check`` reports it under and the function that
applies it. Everything else is generated from that declaration: the rule-file validator
(:func:`compile_params`), the JSON Schema of rule files (:func:`rule_schema`, printed by ``cleaner
rules schema``) and the table of kinds in docs/rules.md (:func:`kinds_markdown`, written by ``make
docs``).

A kind is a function ``apply(rule, doc)`` registered with :func:`rule_kind`::

    @rule_kind("drop", check="CL101", summary="drops each matching line",
               keys=(Key("text", "strlist", "whole lines to drop"), Key("pattern", "regex", "lines matching it")),
               required=(("text", "pattern"),))
    def drop(rule: Rule, doc: Document) -> None: ...

When a rule loads, its params hold every key of its kind: the value the file gives, else the
key's default, else ``None``. So a kind reads ``rule.params["min_run"]`` and never states a
default of its own.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.config import DEFAULT
from cleaner.document import Document
from cleaner.errors import RuleError
from cleaner.guard import time_limit
from cleaner.patterns import may_match

FIELD_GROUPS = ("authors", "dateline", "published", "source", "title")  # an extract pattern's named groups

# A key's type, and how the docs and the JSON Schema say it.
TYPES: dict[str, tuple[str, dict[str, Any]]] = {
    "str": ("string", {"type": "string"}),
    "regex": ("regular expression", {"type": "string", "format": "regex"}),
    "path": ("file name, beside the rule file", {"type": "string"}),
    "int": ("integer ≥ 0", {"type": "integer", "minimum": 0}),
    "float": ("number", {"type": "number"}),
    "bool": ("true or false", {"type": "boolean"}),
    "strlist": ("string or list of strings",
                {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
    "floatlist": ("list of numbers", {"type": "array", "items": {"type": "number"}}),
}


@dataclass(frozen=True)
class Key:
    """One key a kind takes. ``type`` is a name in :data:`TYPES` or choices as ``"a|b|c"``;
    ``default`` is the value a rule that leaves the key out gets (``None``: none), or, with
    ``same_as``, the value of that other key; ``minimum``/``maximum`` bound a number."""

    name: str
    type: str
    help: str
    default: Any = None
    same_as: str | None = None
    minimum: float | None = None
    maximum: float | None = None

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self.type.split("|")) if "|" in self.type else ()

    def type_text(self) -> str:
        if self.choices:
            return "one of " + ", ".join(f"`{c}`" for c in self.choices)
        text = TYPES[self.type][0]
        if self.minimum is not None and self.maximum is not None:
            text += f", {self.minimum:g} to {self.maximum:g}"
        return text

    def default_text(self) -> str:
        if self.same_as:
            return f"as `{self.same_as}`"
        if self.default is None or self.default == ():
            return ""
        if isinstance(self.default, bool):
            return "true" if self.default else "false"
        return f"`{self.default}`" if isinstance(self.default, str) else f"{self.default:g}"


# Keys every kind takes.
COMMON_KEYS = (
    Key("kind", "str", "the rule's kind (required)"),
    Key("description", "str", "what the rule is for, for people reading the file"),
    Key("window", "int", "only look at the first N lines after the headline, or after the top of the page while no"
                         " headline is known; without it, every line"),
    Key("ignore_case", "bool", "match `text`, `lines` and patterns in any case", default=False),
)


@dataclass(frozen=True)
class Rule:
    """A loaded rule: ``params`` holds every key of its kind (see the module docstring), its
    patterns compiled and its files loaded."""

    id: str
    name: str
    kind: str
    params: dict[str, Any] = field(hash=False, compare=False)
    description: str = ""
    guarded: bool = False  # a user's rule with a regular expression: it runs under a time limit


Apply = Callable[[Rule, Document], None]
Prepare = Callable[[dict[str, Any], Path], None]


@dataclass(frozen=True)
class Kind:
    """A kind of rule: see :func:`rule_kind`."""

    name: str
    apply: Apply
    keys: tuple[Key, ...]
    summary: str
    required: tuple[tuple[str, ...], ...] = ()
    check: str | None = None  # the code of `cleaner check` findings (docs/check.md); None: check leaves it out
    prepare: Prepare | None = None  # checks between keys and loads files, once the keys are typed and compiled
    generic: bool = False  # written for the generic rules (docs say so)

    @property
    def all_keys(self) -> dict[str, Key]:
        return {key.name: key for key in (*COMMON_KEYS, *self.keys)}


KINDS: dict[str, Kind] = {}


def rule_kind(name: str, *, keys: tuple[Key, ...] = (), summary: str, required: tuple[tuple[str, ...], ...] = (),
              check: str | None = None, prepare: Prepare | None = None,
              generic: bool = False) -> Callable[[Apply], Apply]:
    """Register ``apply`` as the kind ``name``; ``required`` lists groups of keys of which a rule
    must give at least one each. Returns the function unchanged."""

    def register(apply: Apply) -> Apply:
        if name in KINDS:
            raise ValueError(f"rule kind {name!r} is registered twice")
        declared = [key.name for key in (*COMMON_KEYS, *keys)]
        if len(set(declared)) != len(declared):
            raise ValueError(f"rule kind {name!r} declares a key twice")
        for key in keys:
            if key.same_as is not None and key.same_as not in declared[: declared.index(key.name)]:
                raise ValueError(f"rule kind {name!r}: key {key.name!r} defaults to a key not declared before it")
        if any(k not in declared for group in required for k in group):
            raise ValueError(f"rule kind {name!r} requires a key it does not declare")
        KINDS[name] = Kind(name, apply, keys, summary, required, check, prepare, generic)
        return apply

    return register


def kind_named(name: object) -> Kind:
    """The kind a rule's ``kind`` key names; :class:`RuleError` for any other value."""
    if not isinstance(name, str) or name not in KINDS:
        raise RuleError(f"key 'kind': {name!r} is not a rule kind (one of {', '.join(sorted(KINDS))})")
    return KINDS[name]


# --- validation ------------------------------------------------------------------------------------

def compile_params(kind_name: str, spec: Mapping[str, Any], base: Path | None = None) -> dict[str, Any]:
    """Validate a rule's keys against its kind, fill the defaults, compile its patterns and load
    the files it names (``base`` is the rule file's folder). Raises :class:`RuleError` naming the key.

    >>> params = compile_params("drop-block", {"kind": "drop-block", "pattern": "^(XS|SM|MD|LG)$"})
    >>> params["min_run"], params["ignore_case"], params["window"]
    (2, False, None)
    >>> compile_params("drop", {"kind": "drop", "txt": "Share"})
    Traceback (most recent call last):
    cleaner.errors.RuleError: key 'txt': unknown for kind 'drop' (expected description, ignore_case, kind, pattern, \
text, window)
    """
    kind = kind_named(kind_name)
    allowed = kind.all_keys
    given: dict[str, Any] = {}
    for name, value in spec.items():
        if name not in allowed:
            raise RuleError(f"key {name!r}: unknown for kind {kind.name!r} (expected {', '.join(sorted(allowed))})")
        given[name] = _typed(allowed[name], value)
    for group in kind.required:
        if not any(k in given for k in group):
            raise RuleError(f"key {group[0]!r}: required for kind {kind.name!r}"
                            + (f" (or {', '.join(group[1:])})" if len(group) > 1 else ""))
    params = with_defaults(kind.name, given)
    flags = re.IGNORECASE if params["ignore_case"] else 0
    for key in allowed.values():
        if key.type == "regex" and params[key.name] is not None:
            try:
                params[key.name] = re.compile(params[key.name], flags)
            except re.error as exc:
                raise RuleError(f"key {key.name!r}: bad regex {params[key.name]!r}: {exc}") from None
    if kind.prepare is not None:
        kind.prepare(params, base or Path.cwd())
    return params


def with_defaults(kind_name: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """Every key of the kind: the given value, else its default (or the value of the key it
    defaults to), else ``None``. Values are taken as they are, not checked.

    >>> settings = with_defaults("line-model", {"threshold": 0.7})
    >>> settings["extend"], settings["bridge"], settings["keep_best"]
    (0.7, 0.7, 0.9)
    """
    params: dict[str, Any] = {}
    for key in KINDS[kind_name].all_keys.values():
        if key.name in given:
            params[key.name] = given[key.name]
        elif key.same_as is not None:
            params[key.name] = params[key.same_as]
        else:
            params[key.name] = key.default
    return params


def _typed(key: Key, value: Any) -> Any:
    """The value, checked against the key's type (a lone string for a ``strlist`` becomes a list)."""
    if key.choices:
        if value not in key.choices:
            raise RuleError(f"key {key.name!r}: must be one of {', '.join(key.choices)} (got {value!r})")
        return value
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    ok = {
        "str": isinstance(value, str),
        "regex": isinstance(value, str),
        "path": isinstance(value, str),
        "int": isinstance(value, int) and not isinstance(value, bool) and value >= 0,
        "float": number,
        "bool": isinstance(value, bool),
        "strlist": isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)),
        "floatlist": isinstance(value, list) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                     for v in value),
    }[key.type]
    if not ok:
        expected = {"strlist": "a string or a list of strings", "floatlist": "a list of numbers",
                    "regex": "a regular expression string",
                    "int": "a non-negative integer"}.get(key.type, f"a {key.type}")
        raise RuleError(f"key {key.name!r}: must be {expected} (got {type(value).__name__} {value!r})")
    if number and not ((key.minimum is None or value >= key.minimum) and (key.maximum is None or value <= key.maximum)):
        if key.minimum is not None and key.maximum is not None:
            bounds = f"between {key.minimum:g} and {key.maximum:g}"
        else:
            bounds = f"at least {key.minimum:g}" if key.minimum is not None else f"at most {key.maximum:g}"
        raise RuleError(f"key {key.name!r}: must be {bounds} (got {value})")
    if key.type == "strlist" and isinstance(value, str):
        return [value]
    return value


def prepare_text(params: dict[str, Any], base: Path) -> None:
    """For the kinds that match lines by ``text``, ``lines`` or ``pattern``: texts trimmed and
    folded as the rule folds lines (``fold``), ``text`` as a set, and a quick test that passes
    over lines the pattern cannot match (``may_match``, or ``None``)."""
    pattern = params.get("pattern")
    params["may_match"] = may_match(pattern) if pattern is not None else None
    fold = str.casefold if params["ignore_case"] else str
    params["fold"] = fold
    if params.get("lines") is not None:
        params["lines"] = [fold(t.strip()) for t in params["lines"]]
    if params.get("text") is not None:
        params["text"] = frozenset(fold(t.strip()) for t in params["text"])  # looked up, line by line
        params["text_longest"] = max(map(len, params["text"]), default=0)  # (cleaner.kinds.scope.short_folds)


# --- running ---------------------------------------------------------------------------------------

def apply_rule(rule: Rule, doc: Document, seconds: float = DEFAULT.rule_seconds) -> None:
    """Run one rule on a document; a user's rule with a regular expression (``rule.guarded``)
    under a time limit of ``seconds`` of CPU time, since its pattern may backtrack without end."""
    if rule.guarded:
        with time_limit(seconds, f"rule {rule.id!r}"):
            KINDS[rule.kind].apply(rule, doc)
    else:
        KINDS[rule.kind].apply(rule, doc)


# --- what is generated from the declarations ---------------------------------------------------------

def rule_schema() -> dict[str, Any]:
    """The JSON Schema of one rule (a table under ``[rules]``): one branch a kind, told apart by
    ``kind``, each with its keys, their types, defaults and meanings, and its required keys."""
    branches = []
    for kind in KINDS.values():
        properties: dict[str, Any] = {}
        for key in kind.all_keys.values():
            prop: dict[str, Any] = dict(TYPES[key.type][1]) if not key.choices else {"enum": list(key.choices)}
            if key.minimum is not None:
                prop["minimum"] = key.minimum
            if key.maximum is not None:
                prop["maximum"] = key.maximum
            if key.default is not None:
                prop["default"] = key.default
            prop["description"] = key.help + (f" (default: as {key.same_as})" if key.same_as else "")
            properties[key.name] = prop
        properties["kind"] = {"const": kind.name, "description": _one_line(kind.summary)}
        branch: dict[str, Any] = {"title": kind.name, "type": "object", "properties": properties,
                                  "required": ["kind"], "additionalProperties": False}
        if kind.required:
            branch["allOf"] = [{"anyOf": [{"required": [k]} for k in group]} for group in kind.required]
        branches.append(branch)
    return {"type": "object", "required": ["kind"], "properties": {"kind": {"enum": list(KINDS)}},
            "oneOf": branches}


def kinds_markdown() -> str:
    """The kinds and their keys as Markdown, for docs/rules.md (``make docs`` writes it there)."""
    out = ["Keys every kind takes:", "", "| key | type | default | meaning |", "|---|---|---|---|"]
    out += [_key_row(key) for key in COMMON_KEYS]
    out += ["", "| kind | what it does | `cleaner check` code |", "|---|---|---|"]
    for kind in KINDS.values():
        code = f"`{kind.check}`" if kind.check else "not checked"
        first = re.match(r"(.+?[.!?])(?:\s|$)", _cell(kind.summary))
        what = first.group(1) if first else _cell(kind.summary)
        out.append(f"| [`{kind.name}`](#kind-{kind.name}) | {what} | {code} |")
    for kind in KINDS.values():
        made_for = " Made for the generic rules (`rules/generic.toml`)." if kind.generic else ""
        out += ["", f'<a id="kind-{kind.name}"></a>', f"### `{kind.name}`", "", kind.summary + made_for, ""]
        if kind.required:
            needs = "; ".join(" or ".join(f"`{k}`" for k in group) for group in kind.required)
            out += [f"Required: {needs}.", ""]
        out += ["| key | type | default | meaning |", "|---|---|---|---|"]
        out += [_key_row(key) for key in kind.keys]
    return "\n".join(out) + "\n"


def _key_row(key: Key) -> str:
    return f"| `{key.name}` | {key.type_text()} | {key.default_text()} | {_cell(key.help)} |"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _one_line(text: str) -> str:
    return " ".join(inspect.cleandoc(text).split())


_DOCS_BLOCK = re.compile(r"(<!-- kinds: generated[^\n]*-->\n).*?(<!-- kinds: end -->)", re.DOTALL)


def with_kinds_docs(page: str) -> str:
    """docs/rules.md with its generated block (between the ``<!-- kinds: ... -->`` markers) made
    anew from the declarations: ``make docs`` writes it, and a test checks the file is current."""
    new, count = _DOCS_BLOCK.subn(lambda m: m[1] + kinds_markdown() + m[2], page)
    if count != 1:
        raise ValueError("no generated kinds block (<!-- kinds: generated ... --> ... <!-- kinds: end -->)")
    return new
