"""Tables derived from the data cleaner runs on, kept on disk so that a process reads them instead
of deriving them again: py3langid's language model (its LZMA file unpacked and cut to ISO 639-1,
:mod:`cleaner.lang`), jusText's stoplists as hashes (:mod:`cleaner.linefeatures`), smaller
ones by code point (the character classes of :mod:`cleaner.codepoints`, the decimal digits), and
the prefilter plans of long patterns (:mod:`cleaner.prefilter`, an entry a pattern). Deriving
them cost about 1.4 s of every process's start (of the 2.5 s `cleaner normalize` took for one
page), paid again by each worker of ``-j N``; reading them costs a few milliseconds.

An entry is a folder of ``.npy`` files, named by the table's name and a digest of what it was
derived from (the data's package versions, the code that derives it): a change to either makes a
new entry, and never reads a stale one. The arrays are mapped into memory read-only, so the
workers of one machine share one copy of them (the language model's are 85 MB). An entry is
written to a temporary folder and renamed into place, so a reader never sees half of one, and
two processes deriving the same table at once both succeed; older entries of the same table are
then removed.

The folder is ``$CLEANER_CACHE_DIR`` when that is set (empty: no cache at all), else the user's
cache folder (``~/.cache/cleaner`` on Linux, by platformdirs). Where it cannot be written (a
read-only home on a cluster), the tables are derived in each process, as before: the cache only
ever saves time, and a broken entry is derived again.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

CACHE_ENV = "CLEANER_CACHE_DIR"

Arrays = dict[str, np.ndarray]
_ENTRY = re.compile("-[0-9a-f]{16}")  # what follows a table's name in its entry's name


def cache_dir() -> Path | None:
    """Where the tables are kept: ``$CLEANER_CACHE_DIR`` (None when it is set empty), else the
    user's cache folder for cleaner."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    import platformdirs  # on first use: `import cleaner` stays light for commands that read no table

    return Path(platformdirs.user_cache_dir("cleaner", appauthor=False))


def digest(sources: Iterable[str | Path]) -> str:
    """A short digest of what a table is derived from: strings (versions) as they are, paths (the
    code deriving it) by their bytes, and this module's code."""
    h = hashlib.sha256(Path(__file__).read_bytes())  # this code writes and reads the entries
    for source in sources:
        h.update(b"\0")
        h.update(Path(source).read_bytes() if isinstance(source, Path) else source.encode())
    return h.hexdigest()[:16]


def cached_arrays(name: str, sources: Iterable[str | Path], derive: Callable[[], Arrays]) -> Arrays:
    """The arrays ``derive()`` gives, read from the cache when an entry of ``name`` derived from
    ``sources`` (:func:`digest`) is there, else derived and written there for the next process.
    Read-only arrays mapped from the entry's files either way, but when the cache is off or
    cannot be written: then ``derive()``'s own arrays."""
    folder = cache_dir()
    if folder is None:
        return derive()
    entry = folder / f"{name}-{digest(sources)}"
    found = _read(entry)
    if found is not None:
        return found
    if entry.exists():  # broken: derived again, and written again in its place
        shutil.rmtree(entry, ignore_errors=True)
    arrays = derive()
    try:
        _write(folder, entry, arrays)
    except OSError:  # no room, no permission: derive it in each process
        return arrays
    _remove_others(folder, name, entry)
    return _read(entry) or arrays


def _read(entry: Path) -> Arrays | None:
    """An entry's arrays, mapped read-only; None when it is missing or broken (a file cut short,
    a header numpy cannot read)."""
    try:
        files = sorted(entry.glob("*.npy"))
        if not files:
            return None
        return {path.stem: np.asarray(np.load(path, mmap_mode="r", allow_pickle=False)) for path in files}
    except (OSError, ValueError):
        return None


def _write(folder: Path, entry: Path, arrays: Arrays) -> None:
    """Write an entry whole under a temporary name, then rename it into place; when another
    process has put the same entry there first, ours is dropped."""
    folder.mkdir(parents=True, exist_ok=True)
    temporary = _new_folder(folder, f".{entry.name}-")
    try:
        for key, array in arrays.items():
            np.save(temporary / f"{key}.npy", array, allow_pickle=False)  # (its order kept, C or Fortran)
        try:
            temporary.rename(entry)
        except OSError:
            if not entry.is_dir():  # not another process's entry: a real failure
                raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _new_folder(parent: Path, prefix: str) -> Path:
    """A new folder of a name no other process has, with the permissions the user's umask gives
    (``tempfile.mkdtemp``'s are 0700: in a cache folder shared by the users of a machine,
    ``CLEANER_CACHE_DIR``, the others could not read the entry and would each derive it again)."""
    while True:
        candidate = parent / f"{prefix}{secrets.token_hex(8)}"
        try:
            candidate.mkdir()
        except FileExistsError:  # pragma: no cover - 64 random bits taken already
            continue
        return candidate


def _remove_others(folder: Path, name: str, keep: Path) -> None:
    """Remove the entries of ``name`` other than ``keep``: derived from older code or data, they
    would never be read again. A process still reading one keeps its mapping (POSIX); where
    removing fails, the entry stays."""
    for other in folder.glob(f"{name}-*"):
        if other != keep and _ENTRY.fullmatch(other.name[len(name):]) and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
