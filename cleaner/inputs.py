"""Read inputs as a stream of records, or of errors that name the input, the line and the reason.

What each input is:

- ``.txt`` — one document, read as bytes (``normalize`` decodes it); HTML is sniffed, since
  scrapers save pages as ``.txt`` too.
- ``.html``/``.htm`` — one HTML document.
- ``.jsonl``/``.ndjson``, or gzip-compressed ``.jsonl.gz``/``.ndjson.gz`` — one record a line:
  ``{"id", "url", "text"}`` or ``{"id", "url", "html"}``. ``id`` and ``url`` are optional; an
  integer id becomes a string (``7`` gives ``"7"``); a record with both ``html`` and ``text`` is
  read from ``html``, the page itself. Blank lines are skipped but still counted, so ``line`` is
  the line number an editor shows.
- ``.warc``/``.warc.gz`` — a web archive: each ``response`` record is one document, its payload
  read as HTML, its id the ``WARC-Record-ID``, its url the ``WARC-Target-URI`` and its ``line``
  the record's number in the file (1 for the first record, whatever its type). A response that
  is not HTML (an image, a script) is an error record saying what it is; requests, metadata and
  warcinfo records are not documents and are passed over. Needs ``warcio`` (``cleaner[warc]``).
- ``.parquet`` — one record a row, from the columns ``id``, ``url``, ``text`` and ``html`` (or
  those :class:`Columns` names; a row's ``html`` wins when it holds a string, as in JSONL);
  ``line`` is the row's number. Read a batch of rows at a time. Needs ``pyarrow``
  (``cleaner[parquet]``).
- ``-`` — JSONL on standard input (also what no input at all means).
- a folder — walked recursively in name order, taking only files with the suffixes above; folders
  whose names start with "." are not entered (:func:`cleaner.files.walk`).

What each suffix means is :data:`cleaner.files.SUFFIXES`, shared with ``cleaner check``.

Nothing here raises on bad data: a record that cannot be read becomes an :class:`InputError`, so
every input line is accounted for (records in = articles out + errors). Everything is read
lazily, one line or one file at a time, so a dump of any size streams through.

A document over ``max_size`` bytes (``Config.max_document_size``) is an error record before it is
read whole: a file by its size on disk, a JSONL line or a WARC payload by reading it in pieces
that are counted and let go. One 2 GB line in a dump, or a disk image named .txt, costs no memory.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import stat
import sys
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cleaner import files
from cleaner.config import DEFAULT
from cleaner.document import too_large

PIECE = 1 << 20  # bytes read at a time from a document over the size limit, to count them
STDIN = "-"
STDIN_SOURCE = "<stdin>"
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Record:
    """One document to normalize. ``line`` is the 1-based JSONL line, None for a whole file."""

    id: str | None
    url: str | None
    doc: str | bytes
    html: bool | None
    source: str
    line: int | None


@dataclass(frozen=True)
class Columns:
    """Where a table's records keep their fields (Parquet input, :func:`cleaner.normalize_batch`)."""

    id: str = "id"
    url: str = "url"
    text: str = "text"
    html: str = "html"


def row_record(row: dict, columns: Columns, source: str, number: int) -> Record | InputError:
    """A table row as a :class:`Record`: its ``html`` column when that holds a string (the page),
    else its ``text`` column; an :class:`InputError` when neither does, or when the row is not a
    dict (a list of rows given to ``normalize_batch`` can hold anything)."""
    if not isinstance(row, dict):
        return InputError(None, source, number, f"row is not a dict of columns (got {type(row).__name__})")
    record_id = row.get(columns.id)
    record_id = None if record_id is None else str(record_id)
    url = row.get(columns.url)
    url = url if isinstance(url, str) else None
    for column, is_html in ((columns.html, True), (columns.text, None)):
        if isinstance(row.get(column), str):
            return Record(record_id, url, row[column], is_html, source, number)
    return InputError(record_id, source, number, f"no string in '{columns.text}' or '{columns.html}'")


@dataclass(frozen=True)
class RawLine:
    """A JSONL line not parsed yet: the CLI's workers parse it (:func:`parse_record`), so that the
    reading process only splits lines."""

    raw: bytes
    source: str
    line: int

    def parse(self) -> Record | InputError:
        return parse_record(self.raw, self.source, self.line)


FileId = tuple[int, int]  # a file's device and inode: which file a path named when it was read


@dataclass(frozen=True)
class FileLine:
    """A JSONL line of a plain file by where it lies, ``size`` bytes from ``offset``: a worker
    process on this machine reads it from the file and parses it, so that the lines do not pass
    through the pipes to the workers. The reading process still finds the lines; for WCXB-dev's
    148 MB of HTML pages, pickling them (0.08 s) and writing them into the pipes (0.15-0.35 s in
    the kernel) took CPU that the two cores of ``-j 2`` shared with the workers."""

    source: str  # the file's path
    offset: int
    size: int
    line: int
    file: FileId  # the file the reading process read, which the path must still name when it is opened

    def parse(self) -> Record | InputError:
        try:
            raw = _read_span(self.source, self.file, self.offset, self.size)
        except OSError as exc:
            return InputError(None, self.source, self.line, files.cannot_read(exc))
        if raw is None or len(raw) != self.size:
            return InputError(None, self.source, self.line, "cannot read: the file changed while it was read")
        return parse_record(raw, self.source, self.line)


# The files FileLine reads, kept open in each process (the last few: a folder can hold thousands),
# by path and file: a file put in place of another at the same path is another file.
_OPEN: dict[tuple[str, FileId], int] = {}
_MOST_OPEN = 8


def _file_id(fd: int) -> FileId | None:
    """The device and inode of an open regular file; None for anything else (a pipe, a device)."""
    st = os.fstat(fd)
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def _read_span(path: str, file: FileId, offset: int, size: int) -> bytes | None:
    """``size`` bytes of the file ``file`` at ``path`` from ``offset`` (fewer where the file ends
    first); None when ``path`` no longer names that file."""
    fd = _OPEN.get((path, file))
    if fd is None:
        fd = os.open(path, os.O_RDONLY)
        if _file_id(fd) != file:
            os.close(fd)
            return None
        if len(_OPEN) >= _MOST_OPEN:
            os.close(_OPEN.pop(next(iter(_OPEN))))
        _OPEN[(path, file)] = fd
    parts = [os.pread(fd, size, offset)]
    got = len(parts[0])
    while parts[-1] and got < size:  # a read may return less than asked before the end
        parts.append(os.pread(fd, size - got, offset + got))
        got += len(parts[-1])
    return b"".join(parts)


@dataclass(frozen=True)
class InputError:
    """A record that could not be read (or, in the CLI, normalized); ``error`` is a short reason."""

    id: str | None
    source: str
    line: int | None
    error: str

    def to_dict(self) -> dict:
        return {"id": self.id, "source": self.source, "line": self.line, "error": self.error}


def path_problems(paths: Iterable[str]) -> list[str]:
    """Why these inputs cannot be read at all, checked before anything is processed
    (:func:`cleaner.files.path_problems`; ``-`` is standard input)."""
    return files.path_problems([path for path in paths if path != STDIN], files.NORMALIZE)


def parquet_column_problems(paths: Iterable[str], columns: Columns = Columns()) -> list[str]:
    """The Parquet inputs (named, or in a named folder) that have neither the text nor the html
    column: each would give an error record a row, when one usage error says it all."""
    problems = []
    for path in paths:
        if path == STDIN:
            continue
        found = ([name for name in files.walk(path, files.NORMALIZE) if isinstance(name, str)]
                 if os.path.isdir(path) else [path])
        for name in found:
            kind = files.file_type(name)
            if kind is not None and kind.format == "parquet":
                problem = _parquet_columns_problem(name, columns)
                if problem:
                    problems.append(problem)
    return problems


def _parquet_columns_problem(path: str, columns: Columns) -> str | None:
    try:
        import pyarrow.parquet as pq

        names = pq.ParquetFile(path).schema_arrow.names
    except Exception:  # no pyarrow, or a damaged file: reading it says so, a record at a time
        return None
    if columns.text in names or columns.html in names:
        return None
    return (f"{path}: no column {columns.text!r} or {columns.html!r} (its columns: {', '.join(names) or 'none'});"
            " name the document's column with --text-column or --html-column")


def iter_records(paths: Iterable[str], *, skip: Collection[str] = (), raw: bool = False, spans: bool = False,
                 columns: Columns = Columns(), max_size: int = DEFAULT.max_document_size,
                 skipped: list[str] | None = None, stdin_format: str = "auto",
                 notify: Callable[[str], None] | None = None) -> Iterator[Record | InputError | RawLine | FileLine]:
    """Every record of every input, in order; no input means JSONL on standard input.

    ``skip`` holds real paths (``os.path.realpath``) that a folder walk leaves out: the CLI's own
    output files, which must not be read back as input when they sit in an input folder. With
    ``raw``, JSONL lines come as :class:`RawLine`, to be parsed where they are processed; with
    ``spans`` too, those of a plain file (not compressed, not standard input) as :class:`FileLine`,
    for processes of this machine to read.
    ``columns`` names a Parquet file's columns. A document over ``max_size`` bytes (0: no limit)
    is an error record. (A Parquet row is read with its batch; ``normalize`` rejects it.) A file a
    folder walk passes over, not being of a kind read as documents (``notes.md``, ``README``), is
    appended to ``skipped`` when given. Standard input is JSON Lines, or with ``stdin_format``
    "text" one document; "auto" reads it as JSON Lines when its first character other than white
    space is "{", else as one document, and then says so through ``notify``.
    """
    for path in list(paths) or [STDIN]:
        if path == STDIN:
            yield from _stdin_records(sys.stdin.buffer, raw, max_size, stdin_format, notify)
        elif os.path.isdir(path):
            yield from _folder_records(path, skip, raw, columns, max_size, skipped, spans)
        else:
            yield from _file_records(path, raw, columns, max_size, spans)


def _folder_records(folder: str, skip: Collection[str], raw: bool, columns: Columns, max_size: int,
                    skipped: list[str] | None = None,
                    spans: bool = False) -> Iterator[Record | InputError | RawLine | FileLine]:
    for found in files.walk(folder, files.NORMALIZE, skipped):
        if isinstance(found, files.Unreadable):
            yield InputError(None, found.path, None, found.reason)
        elif os.path.realpath(found) not in skip:  # not the run's own output files
            yield from _file_records(found, raw, columns, max_size, spans)


def skipped_summary(skipped: list[str]) -> str:
    """"3 files skipped: .md 2, no suffix 1": the files a folder walk passed over, by suffix
    (the commonest first, then by name)."""
    kinds: dict[str, int] = {}
    for path in skipped:
        suffix = os.path.splitext(os.path.basename(path))[1].lower() or "no suffix"
        kinds[suffix] = kinds.get(suffix, 0) + 1
    parts = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{len(skipped)} file{'s' if len(skipped) != 1 else ''} skipped: {parts}"


def _file_records(path: str, raw: bool, columns: Columns, max_size: int,
                  spans: bool = False) -> Iterator[Record | InputError | RawLine | FileLine]:
    kind = files.file_type(path)
    form = kind.format if kind is not None else None  # None: a path named outside a walk, read as a document
    if form == "parquet":
        yield from _parquet_records(path, columns)
        return
    if form == "warc":
        yield from _warc_records(path, max_size, compressed=kind is not None and kind.gzip)
        return
    if form == "jsonl":
        try:
            stream = files.open_file(path)
        except OSError as exc:
            yield InputError(None, path, None, files.cannot_read(exc))
            return
        with stream:
            # Places only in a plain file: a regular one, not compressed (which file, for the workers).
            plain = raw and spans and not (kind is not None and kind.gzip) and hasattr(os, "pread")
            yield from _jsonl_records(stream, path, raw, max_size, _file_id(stream.fileno()) if plain else None)
        return
    try:
        data = files.read_file(path, max_size)  # a disk image named .txt is rejected without being read
    except OSError as exc:
        yield InputError(path, path, None, files.cannot_read(exc))
        return
    if isinstance(data, int):
        yield InputError(path, path, None, too_large(data, max_size))
        return
    # .txt is sniffed (None), not assumed plain: scrapers save whole pages as .txt too.
    yield Record(path, None, data, True if form == "html" else None, path, None)


STDIN_FORMATS = ("auto", "jsonl", "text")


def _read_some(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes, what is there now (``read1``) when the stream can say so: a pipe is
    not waited on for more."""
    return stream.read1(size) if hasattr(stream, "read1") else stream.read(size)


class _Prefixed(io.RawIOBase):
    """A stream that gives ``head`` and then the rest of ``stream``: standard input after the
    bytes read to tell JSON Lines from a document."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self.head, self.stream = head, stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        data = _read_some(self.stream, len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _content(head: bytes) -> bytes:
    """``head`` from its first byte that is neither white space nor part of a UTF-8 BOM."""
    return head.lstrip(b" \t\r\n\f\v").removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n\f\v")


def _stdin_records(stream: BinaryIO, raw: bool, max_size: int, stdin_format: str,
                   notify: Callable[[str], None] | None) -> Iterator[Record | InputError | RawLine | FileLine]:
    if stdin_format == "jsonl":
        yield from _jsonl_records(stream, STDIN_SOURCE, raw, max_size)
        return
    if stdin_format == "auto":
        # Up to the first byte that is not white space (a BOM counts as white space here); a
        # megabyte of nothing but white space is read on as JSON Lines, which skips blank lines.
        head = b""
        while len(head) < PIECE and (piece := _read_some(stream, PIECE)):
            head += piece
            if _content(head):
                break
        whole = io.BufferedReader(_Prefixed(head, stream))
        if not _content(head) or _content(head).startswith(b"{"):
            yield from _jsonl_records(whole, STDIN_SOURCE, raw, max_size)
            return
        if notify is not None:
            notify("standard input does not start with a JSON object: read as one document"
                   " (--input-format jsonl reads it as JSON Lines)")
        stream = whole
    data = _read_at_most(stream, max_size)
    if isinstance(data, int):
        yield InputError(STDIN_SOURCE, STDIN_SOURCE, None, too_large(data, max_size))
    elif data.strip():
        yield Record(STDIN_SOURCE, None, data, None, STDIN_SOURCE, None)


def _jsonl_records(stream: BinaryIO, source: str, raw: bool, max_size: int,
                   file: FileId | None = None) -> Iterator[Record | InputError | RawLine | FileLine]:
    """Each line of ``stream`` parsed, or as a :class:`RawLine` with ``raw``, or given the ``file``
    a plain file's stream reads, as a :class:`FileLine`: where it lies, told by the stream's place."""
    number = 0
    spans = file is not None
    try:
        start = stream.tell() if spans else 0
        for number, text in enumerate(_lines(stream, max_size), 1):
            end = stream.tell() if spans else 0
            if isinstance(text, int):
                yield InputError(None, source, number, too_large(text, max_size))
            elif not text.isspace():  # a blank line is skipped (no b"" comes; strip() would copy the line)
                yield (FileLine(source, start, len(text), number, file) if file is not None
                       else RawLine(text, source, number) if raw else parse_record(text, source, number))
            start = end
    except (OSError, EOFError, zlib.error) as exc:
        # A truncated or corrupt .gz fails mid-stream: the lines before it are already out, and
        # the rest becomes one error record at the line that could not be read.
        corrupt = isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile))
        what = "truncated or corrupt gzip" if corrupt else "cannot read"
        yield InputError(None, source, number + 1, f"{what}: {exc}")


def _lines(stream: BinaryIO, max_size: int) -> Iterator[bytes | int]:
    """Each line of ``stream``; a line over ``max_size`` bytes (its "\\n" not counted) comes as its
    size instead, counted a piece at a time and never held whole."""
    if not max_size:
        yield from stream
        return
    while line := stream.readline(max_size + 1):
        if len(line) <= max_size or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while line and not line.endswith(b"\n"):
            line = stream.readline(PIECE)
            size += len(line)
        yield size - 1 if line.endswith(b"\n") else size


def _read_at_most(stream: BinaryIO, max_size: int) -> bytes | int:
    """All of ``stream``, or when it holds more than ``max_size`` bytes (0: no limit), its size,
    counted a piece at a time and never held whole."""
    data = stream.read(max_size + 1 if max_size else -1)
    if not max_size or len(data) <= max_size:
        return data
    return len(data) + sum(len(piece) for piece in iter(lambda: stream.read(PIECE), b""))


def _parquet_records(path: str, columns: Columns) -> Iterator[Record | InputError]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield InputError(None, path, None, "reading Parquet needs pyarrow: pip install 'cleaner[parquet]'")
        return
    number = 0
    try:
        table = pq.ParquetFile(path)
        names = set(table.schema_arrow.names)
        if columns.text not in names and columns.html not in names:  # one error, not one a row
            yield InputError(None, path, None, _parquet_columns_problem(path, columns) or "no document column")
            return
        wanted = [c for c in (columns.id, columns.url, columns.text, columns.html) if c in names]
        for batch in table.iter_batches(batch_size=1024, columns=wanted):
            for row in batch.to_pylist():
                number += 1
                yield row_record(row, columns, path, number)
    except Exception as exc:  # a damaged file: the rows before the damage are out
        yield InputError(None, path, number + 1, f"cannot read Parquet: {type(exc).__name__}: {exc}")


def _warc_records(path: str, max_size: int, compressed: bool) -> Iterator[Record | InputError]:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        yield InputError(None, path, None, "reading WARC needs warcio: pip install 'cleaner[warc]'")
        return
    number = 0
    try:
        with open(path, "rb") as stream:
            for number, record in enumerate(ArchiveIterator(stream), 1):
                if record.rec_type != "response":
                    continue
                record_id = record.rec_headers.get_header("WARC-Record-ID")
                url = record.rec_headers.get_header("WARC-Target-URI")
                http = record.http_headers
                kind = (http.get_header("Content-Type") or "").split(";")[0].strip().lower() if http else ""
                if kind not in HTML_TYPES:
                    what = kind or "of no content type"
                    yield InputError(record_id, path, number, f"response is {what}, not HTML")
                    continue
                payload = _read_at_most(record.content_stream(), max_size)
                if isinstance(payload, int):
                    yield InputError(record_id, path, number, too_large(payload, max_size))
                    continue
                yield Record(record_id, url, payload, True, path, number)
        if compressed:
            # warcio ends quietly at a gzip member cut short, and the record in it is lost: a
            # second pass through the gzip stream (C zlib, fast) finds the damage.
            with gzip.open(path, "rb") as check:
                while check.read(1 << 20):
                    pass
    except OSError as exc:
        if isinstance(exc, gzip.BadGzipFile):
            yield InputError(None, path, number + 1, f"truncated or corrupt WARC: {exc}")
        else:
            yield InputError(None, path, number + 1, files.cannot_read(exc))
    except Exception as exc:  # warcio meets damage with any exception (AttributeError included)
        # As with .jsonl.gz: the records before the damage are out, the rest is one error record.
        yield InputError(None, path, number + 1, f"truncated or corrupt WARC: {type(exc).__name__}: {exc}")


def parse_record(raw: bytes | str, source: str, line: int | None) -> Record | InputError:
    """One JSONL line as a :class:`Record`, or an :class:`InputError` saying what is wrong with it."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        # Each line is its own JSON text, so json's "line 1" would only mislead; and a line cut
        # short fails past its "\n", which json calls "line 2 column 1": say the line's end.
        column = min(exc.pos, len(exc.doc.rstrip("\r\n"))) + 1
        # (json's own "Invalid control character at" carries an "at" already.)
        return InputError(None, source, line, f"bad JSON: {exc.msg.removesuffix(' at')} at column {column}")
    except UnicodeDecodeError as exc:
        return InputError(None, source, line, f"bad JSON: not UTF-8 ({exc.reason} at byte {exc.start + 1})")
    except RecursionError:
        return InputError(None, source, line, "bad JSON: nested too deeply")
    if not isinstance(data, dict):
        return InputError(None, source, line, f"record is not a JSON object (got {_json_type(data)})")

    record_id = data.get("id")
    # Integer ids (database keys) are common and unambiguous; a float or bool id is not an id
    # anyone could join on again ("7.0"), so it is an error rather than a silent rewrite.
    if isinstance(record_id, int) and not isinstance(record_id, bool):
        record_id = str(record_id)
    elif record_id is not None and not isinstance(record_id, str):
        return InputError(None, source, line, f"'id' must be a string or an integer, not {_json_type(record_id)}")

    url = data.get("url")
    if url is not None and not isinstance(url, str):
        return InputError(record_id, source, line, f"'url' must be a string, not {_json_type(url)}")

    # "html" first: with both, it is the page itself and "text" a scraper's own extraction.
    # "text" is sniffed (html=None): scrapers often put a whole page in it.
    for field, is_html in (("html", True), ("text", None)):
        value = data.get(field)
        if value is None:
            continue
        if not isinstance(value, str):
            return InputError(record_id, source, line, f"'{field}' must be a string, not {_json_type(value)}")
        return Record(record_id, url, value, is_html, source, line)
    return InputError(record_id, source, line, "no 'text' or 'html' field")


def _json_type(value: object) -> str:
    """The JSON name of a parsed value's type, as the person who wrote the record knows it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    names: dict[type, str] = {dict: "object", list: "array", str: "string"}
    return names[type(value)]
