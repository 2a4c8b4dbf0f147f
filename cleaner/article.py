"""The article a document becomes, and its JSON (schema_version 1, see ``schema/article.schema.json``)."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Removal:
    """A non-blank input line that ends up nowhere in the article, and the rule that dropped it."""

    line: int
    text: str
    rule: str
    score: float | None = None  # the model's score (0 to 1) when a score decided; omitted otherwise


def removal(line: int, text: str, rule: str, score: float | None = None) -> Removal:
    """``Removal(line, text, rule, score)``, the same record, made without the frozen dataclass's
    ``__init__``, which sets each field through ``object.__setattr__`` (0.55 against 0.22 us a
    record; a page drops a hundred lines or more). Its fields are its ``__dict__``, as ``__init__``
    leaves them (tests/test_api.py holds the two alike), stored one by one (``dict.update`` with
    keywords first builds a dictionary of them: 0.3 us)."""
    made = _new(Removal)
    fields = made.__dict__
    fields["line"], fields["text"], fields["rule"], fields["score"] = line, text, rule, score
    return made


_new = object.__new__


@dataclass(frozen=True)
class Fix:
    """An in-place repair of one line: ``before`` became ``after`` by ``rule``."""

    line: int
    rule: str
    before: str
    after: str


@dataclass(frozen=True)
class Article:
    """A cleaned article. Field order is the JSON's key order."""

    schema_version: int = SCHEMA_VERSION
    id: str | None = None
    url: str | None = None
    site: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    dateline: str | None = None
    published: str | None = None
    lang: str | None = None
    text: str = ""
    captions: tuple[str, ...] = ()
    removed: tuple[Removal, ...] = ()
    fixes: tuple[Fix, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready dict; tuples become lists, nested records become dicts."""
        return {
            f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """One JSON object; keys in schema order, non-ASCII kept, byte-for-byte deterministic.

        U+0085, U+2028 and U+2029 are escaped wherever they occur, audit strings included, though
        JSON allows them raw: Python's ``str.splitlines``, JavaScript and several editors end a
        line at them, and would split a JSON Lines record in two."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
        for char, escape in _LINE_BREAKS:
            if char in text:
                text = text.replace(char, escape)
        return text


# Line breaks other than "\n" that JSON may hold raw, as JSON escapes (see Article.to_json).
_LINE_BREAKS = tuple((c, f"\\u{ord(c):04x}") for c in "\x85\u2028\u2029")


def escape_surrogates(text: str) -> str:
    """Audit strings quote the raw input, and a lone surrogate (a broken "\\ud83d" emoji escape in
    JSON input) cannot be written as UTF-8: it is kept visible as the escape ``\\ud83d``."""
    if text.isascii():
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    names = _AUDIT_FIELDS.get(type(value))
    if names is not None:  # a record of the audit trail; its fields hold no containers
        return {name: v for name in names if (v := getattr(value, name)) is not None or name != "score"}
    return value


# The fields of the audit trail's records, in order: read by name, where dataclasses.asdict, which
# copies each value deeply, took 9 us a record (a page drops a hundred lines or more).
_AUDIT_FIELDS: dict[type, tuple[str, ...]] = {cls: tuple(field.name for field in dataclasses.fields(cls))
                                               for cls in (Removal, Fix)}
