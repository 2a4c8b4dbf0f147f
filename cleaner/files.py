"""The files the commands take: what a suffix means, how a folder is walked, which paths cannot be
read at all, how a file is opened, and how ``cleaner check --fix`` rewrites one safely.

``cleaner normalize`` (:mod:`cleaner.inputs`) and ``cleaner check`` (:mod:`cleaner.check`) both go
through this module, so that a suffix means the same format in both, a folder is walked in the
same order with the same files left out, and a bad path gets the same words.

What a suffix means (:data:`SUFFIXES`; case does not matter, ``page.HTM`` is HTML):

- ``.txt`` — one document (text, or a page saved as text);
- ``.html``, ``.htm`` — one HTML page;
- ``.jsonl``, ``.ndjson``, and gzip-compressed ``.jsonl.gz``, ``.ndjson.gz`` — JSON Lines, one
  record a line;
- ``.warc``, ``.warc.gz`` — a web archive;
- ``.parquet`` — a table, one record a row.

``normalize`` reads them all. ``check`` reads what one rule, :attr:`FileType.checkable`, allows:
uncompressed text and JSON Lines (``.txt``, ``.jsonl``, ``.ndjson``). It reads article text, not
pages, and ``--fix`` rewrites a file in place keeping every byte it does not fix, which a gzip
stream or a Parquet table would not allow. A path with another suffix is a usage error in either
command (:func:`path_problems`), because reading ``dump.json`` or ``dump.jsonl.bz2`` as one text
document would give garbage quietly.

A folder walk (:func:`walk`) goes in name order, a subfolder's files where the subfolder's name
falls, so the same folder gives the same order on every machine. It takes regular files and
symlinks to them; it does not enter symlinked folders (a link loop cannot recurse forever) or
folders whose names start with "." (``.git``, ``.venv``, a tool's cache: their files are a tool's,
not documents, and a ``.venv`` is full of ``LICENSE.txt``), while files whose names start with "."
are read like any other.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Literal, cast, overload

Format = Literal["text", "html", "jsonl", "warc", "parquet"]
Command = Literal["normalize", "check"]
NORMALIZE: Command = "normalize"
CHECK: Command = "check"


@dataclass(frozen=True)
class FileType:
    """What a suffix says a file is: its format, and whether it is gzip-compressed."""

    format: Format
    gzip: bool = False

    @property
    def checkable(self) -> bool:
        """Whether ``cleaner check`` reads it: text and JSON Lines, uncompressed. The one rule that
        sets check's suffixes apart from normalize's (see the module's docstring for why)."""
        return self.format in ("text", "jsonl") and not self.gzip


# Every suffix a command reads, in the order messages list them.
SUFFIXES: dict[str, FileType] = {
    ".txt": FileType("text"),
    ".html": FileType("html"),
    ".htm": FileType("html"),
    ".jsonl": FileType("jsonl"),
    ".ndjson": FileType("jsonl"),
    ".jsonl.gz": FileType("jsonl", gzip=True),
    ".ndjson.gz": FileType("jsonl", gzip=True),
    ".parquet": FileType("parquet"),
    ".warc": FileType("warc"),
    ".warc.gz": FileType("warc", gzip=True),
}
# So that a suffix that ends another (".gz", were it added) cannot shadow it.
_LONGEST_FIRST = sorted(SUFFIXES, key=len, reverse=True)


def suffix_of(path: str) -> str | None:
    """The suffix of :data:`SUFFIXES` that ``path`` ends with, in its lower-case spelling, or None.

    >>> suffix_of("crawl/Dump.NDJSON.gz"), suffix_of("dump.json"), suffix_of("dump.jsonl.bz2")
    ('.ndjson.gz', None, None)
    """
    name = path.lower()
    return next((suffix for suffix in _LONGEST_FIRST if name.endswith(suffix)), None)


def file_type(path: str) -> FileType | None:
    """What ``path``'s suffix says it is, or None for a suffix no command reads.

    >>> file_type("page.HTM")
    FileType(format='html', gzip=False)
    >>> file_type("notes.md") is None
    True
    """
    suffix = suffix_of(path)
    return None if suffix is None else SUFFIXES[suffix]


def reads(command: Command, path: str) -> bool:
    """Whether ``command`` reads a file named ``path``, by its suffix.

    >>> [reads(command, "dump.jsonl.gz") for command in (NORMALIZE, CHECK)]
    [True, False]
    >>> reads(CHECK, "corpus/a.NDJSON"), reads(CHECK, "page.html")
    (True, False)
    """
    kind = file_type(path)
    return kind is not None and (command == NORMALIZE or kind.checkable)


def suffixes(command: Command) -> tuple[str, ...]:
    """The suffixes ``command`` reads, in the table's order.

    >>> suffixes(CHECK)
    ('.txt', '.jsonl', '.ndjson')
    """
    return tuple(suffix for suffix, kind in SUFFIXES.items() if command == NORMALIZE or kind.checkable)


def suffix_names(command: Command) -> str:
    """The suffixes ``command`` reads, for a message.

    >>> suffix_names(CHECK)
    '.txt, .jsonl or .ndjson'
    """
    names = suffixes(command)
    return ", ".join(names[:-1]) + " or " + names[-1]


def path_problems(paths: Iterable[str], command: Command) -> list[str]:
    """Why each of ``paths`` cannot be read by ``command`` at all, found before anything is read:
    a path that does not exist, or a file whose suffix the command does not read. A folder is
    always fine; what is in it is the walk's business.

    >>> import shutil
    >>> folder = tempfile.mkdtemp()
    >>> for name in ("a.txt", "dump.json", "dump.jsonl.gz"):
    ...     Path(folder, name).touch()
    >>> names = ("a.txt", "dump.json", "dump.jsonl.gz", "gone.txt")
    >>> for problem in path_problems([folder] + [os.path.join(folder, name) for name in names], CHECK):
    ...     print(problem.replace(folder + os.sep, ""))
    dump.json: not a .txt, .jsonl or .ndjson file
    dump.jsonl.gz: not a .txt, .jsonl or .ndjson file (only cleaner normalize reads .jsonl.gz files)
    no such file or folder: gone.txt
    >>> shutil.rmtree(folder)
    """
    problems = []
    for path in paths:
        if os.path.isdir(path):
            continue
        if not os.path.exists(path):
            problems.append(f"no such file or folder: {path}")
        elif not reads(command, path):
            problems.append(_not_read(path, command))
    return problems


def _not_read(path: str, command: Command) -> str:
    problem = f"{path}: not a {suffix_names(command)} file"
    suffix = suffix_of(path)
    if suffix is not None:  # one that normalize reads and check does not (FileType.checkable)
        problem += f" (only cleaner normalize reads {suffix} files)"
    return problem


@dataclass(frozen=True)
class Unreadable:
    """A folder a walk could not list, and why: ``reason`` is "cannot read folder: " and the
    system's words. The walk goes on past it."""

    path: str
    reason: str


def walk(folder: str, command: Command, passed_over: list[str] | None = None) -> Iterator[str | Unreadable]:
    """The files under ``folder`` that ``command`` reads, as paths joined to ``folder`` as given
    (``scrapes/sub/a.txt``), in name order with a subfolder's files where its name falls; and an
    :class:`Unreadable` for each folder that cannot be listed. Every other file the walk meets (a
    suffix the command does not read, something that is not a regular file, a symlinked folder)
    is appended to ``passed_over`` when that is given. Folders whose names start with "." are not
    entered. One folder is listed at a time, so the walk streams through a tree of any size.

    >>> import shutil
    >>> root = tempfile.mkdtemp()
    >>> for name in ("b.txt", "a/c.jsonl", "a/d.jsonl.gz", ".git/e.txt", ".f.txt", "notes.md"):
    ...     os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
    ...     _ = Path(root, name).write_text("x")
    >>> passed_over = []
    >>> [os.path.relpath(path, root) for path in walk(root, CHECK, passed_over)]
    ['.f.txt', 'a/c.jsonl', 'b.txt']
    >>> [os.path.relpath(path, root) for path in passed_over]
    ['a/d.jsonl.gz', 'notes.md']
    >>> shutil.rmtree(root)
    """
    listing = _listing(folder)
    if isinstance(listing, Unreadable):
        yield listing
        return
    # A stack of the folders being listed, not recursion: a tree deeper than Python's recursion
    # limit is walked too.
    pending: list[tuple[str, Iterator[os.DirEntry[str]]]] = [(folder, iter(listing))]
    while pending:
        parent, entries = pending[-1]
        entry = next(entries, None)
        if entry is None:
            pending.pop()
            continue
        path = os.path.join(parent, entry.name)
        if entry.is_dir(follow_symlinks=False):
            if entry.name.startswith("."):
                continue
            listing = _listing(path)
            if isinstance(listing, Unreadable):
                yield listing
            else:
                pending.append((path, iter(listing)))
        elif reads(command, path) and entry.is_file():  # is_file follows a symlink to a file
            yield path
        elif passed_over is not None:
            passed_over.append(path)


def _listing(folder: str) -> list[os.DirEntry[str]] | Unreadable:
    try:
        with os.scandir(folder) as scan:
            return sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        return Unreadable(folder, f"cannot read folder: {exc.strerror or exc}")


def find(paths: Iterable[str], command: Command) -> Iterator[str | Unreadable]:
    """Each of ``paths`` that is not a folder, as given, and where a folder is named, what
    :func:`walk` finds in it."""
    for path in paths:
        if os.path.isdir(path):
            yield from walk(path, command)
        else:
            yield path


def cannot_read(exc: OSError) -> str:
    """The reason given for a file that could not be opened or read.

    >>> cannot_read(PermissionError(13, "Permission denied"))
    'cannot read: Permission denied'
    """
    return f"cannot read: {exc.strerror or exc}"


# The buffer a plain file is read through. A JSON Lines record of an HTML page is one line of some
# 200 KB, which ``readline`` on the default 8 KB buffer gathers in 25 pieces and joins: the 148 MB
# of WCXB-dev's pages as JSONL split into lines in 0.13 s that way, in 0.05 s through this one.
# (A gzip stream keeps its own: read ahead a megabyte at a time, a damaged one would lose up to a
# megabyte of the good lines before the damage to the error.)
READ_BUFFER = 1 << 20


def open_file(path: str) -> BinaryIO:
    """``path`` opened to read bytes, decompressed as it is read when :data:`SUFFIXES` says it is
    gzip-compressed. Raises :class:`OSError` when it cannot be opened; a damaged gzip stream raises
    as it is read (``EOFError``, ``zlib.error`` or :class:`gzip.BadGzipFile`)."""
    kind = file_type(path)
    if kind is not None and kind.gzip:
        return cast(BinaryIO, gzip.open(path, "rb"))
    return open(path, "rb", buffering=READ_BUFFER)


@overload
def read_file(path: str) -> bytes: ...


@overload
def read_file(path: str, max_size: int) -> bytes | int: ...


def read_file(path: str, max_size: int = 0) -> bytes | int:
    """All of ``path``'s bytes; or, when it holds more than ``max_size`` bytes (0: no limit), its
    size, judged on disk before anything is read, so that a disk image named .txt costs no memory.
    Raises :class:`OSError` when it cannot be read."""
    if max_size:
        size = os.stat(path).st_size
        if size > max_size:
            return size
    return Path(path).read_bytes()


class Rewrite:
    """A file's new contents, written to a temporary file in the same folder (so that the rename
    stays on one file system); :meth:`commit` flushes it to disk, gives it the original's
    permission bits and renames it over the original, so a reader sees the old file or the new one,
    never half of one. :meth:`discard` (a no-op after a commit) removes the temporary file; leaving
    the ``with`` block discards, so an error before the commit leaves the original as it was and no
    temporary file behind.

    >>> import shutil
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "a.txt")
    >>> _ = Path(path).write_bytes(b"old")
    >>> with Rewrite(path) as rewrite:
    ...     rewrite.write(b"new")
    ...     rewrite.commit()
    >>> Path(path).read_bytes(), os.listdir(folder)
    (b'new', ['a.txt'])
    >>> shutil.rmtree(folder)
    """

    def __init__(self, path: str) -> None:
        self.path = path
        handle, self.temporary = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), prefix=".cleaner-",
                                                  suffix=".tmp")
        self.committed = False
        self.out = os.fdopen(handle, "wb")

    def write(self, data: bytes) -> None:
        self.out.write(data)

    def commit(self) -> None:
        self.out.flush()
        os.fsync(self.out.fileno())
        self.out.close()
        os.chmod(self.temporary, os.stat(self.path).st_mode & 0o7777)
        os.replace(self.temporary, self.path)
        self.committed = True

    def discard(self) -> None:
        self.out.close()
        if not self.committed and os.path.exists(self.temporary):
            os.unlink(self.temporary)

    def __enter__(self) -> Rewrite:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.discard()


def replace_file(path: str, data: bytes) -> None:
    """Write ``data`` over ``path`` atomically (see :class:`Rewrite`)."""
    with Rewrite(path) as rewrite:
        rewrite.write(data)
        rewrite.commit()
