"""Read the CLI's inputs as a stream of records, or of errors that name the input and the reason.

A ``.txt``/``.html`` file is one document; a ``.jsonl``/``.ndjson`` file (gzipped or not) or
standard input holds one JSON record a line: ``{"id", "url", "text"}`` or ``{"id", "url",
"html"}``. Nothing here stops on bad input: a record that cannot be read becomes an
:class:`InputError`, so every input line is accounted for.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

STDIN = "-"
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
WALKED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES


@dataclass(frozen=True)
class Record:
    id: str | None
    url: str | None
    doc: str | bytes
    html: bool | None
    source: str
    line: int | None


@dataclass(frozen=True)
class InputError:
    id: str | None
    source: str
    line: int | None
    error: str

    def to_dict(self) -> dict:
        return {"id": self.id, "source": self.source, "line": self.line, "error": self.error}


def missing_paths(paths: Iterable[str]) -> list[str]:
    return [p for p in paths if p != STDIN and not os.path.exists(p)]


def iter_records(paths: Iterable[str]) -> Iterator[Record | InputError]:
    """Every record of every input, in order; no input means JSONL on standard input."""
    paths = list(paths) or [STDIN]
    for path in paths:
        if path == STDIN:
            yield from _jsonl_lines(sys.stdin.buffer, "<stdin>")
        elif os.path.isdir(path):
            for file in _walk(path):
                yield from _file_records(file)
        else:
            yield from _file_records(path)


def _walk(folder: str) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found.extend(os.path.join(root, name) for name in sorted(files) if name.lower().endswith(WALKED_SUFFIXES))
    return found


def _file_records(path: str) -> Iterator[Record | InputError]:
    name = path.lower()
    try:
        if name.endswith((".jsonl.gz", ".ndjson.gz")):
            with gzip.open(path, "rb") as stream:
                yield from _jsonl_lines(stream, path)
        elif name.endswith((".jsonl", ".ndjson")):
            with open(path, "rb") as stream:
                yield from _jsonl_lines(stream, path)
        else:
            yield Record(path, None, Path(path).read_bytes(), True if name.endswith(HTML_SUFFIXES) else None, path, None)
    except OSError as exc:
        yield InputError(path, path, None, f"cannot read: {exc.strerror or exc}")


def _jsonl_lines(stream: BinaryIO, source: str) -> Iterator[Record | InputError]:
    number = 0
    try:
        for number, raw in enumerate(stream, 1):
            if raw.strip():
                yield parse_record(raw, source, number)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield InputError(None, source, number + 1, f"truncated or corrupt gzip: {exc}")


def parse_record(raw: bytes | str, source: str, line: int | None) -> Record | InputError:
    """One JSONL line as a record; ids that are numbers become strings ("id": 7 gives "7")."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return InputError(None, source, line, f"bad JSON: {exc}")
    if not isinstance(data, dict):
        return InputError(None, source, line, f"record is not a JSON object (got {type(data).__name__})")
    record_id = data.get("id")
    if isinstance(record_id, (int, float)) and not isinstance(record_id, bool):
        record_id = str(record_id)
    if record_id is not None and not isinstance(record_id, str):
        return InputError(None, source, line, f"'id' must be a string or a number, not {type(record_id).__name__}")
    url = data.get("url")
    if url is not None and not isinstance(url, str):
        return InputError(record_id, source, line, f"'url' must be a string, not {type(url).__name__}")
    # A "text" field is still sniffed: scrapers often put HTML in it.
    for field, is_html in (("html", True), ("text", None)):
        if field in data and data[field] is not None:
            if not isinstance(data[field], str):
                return InputError(record_id, source, line, f"'{field}' must be a string, not {type(data[field]).__name__}")
            return Record(record_id, url, data[field], is_html, source, line)
    return InputError(record_id, source, line, "no 'text' or 'html' field")
