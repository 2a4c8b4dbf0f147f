"""Normalize a stream of input items in input order, in this process or in worker processes.

The reading process only splits the input into items: whole documents, and JSONL lines not yet
parsed (:class:`cleaner.inputs.RawLine`), or for a plain file only where each lies
(:class:`cleaner.inputs.FileLine`: workers of this machine read it from the file). Workers parse
and normalize them in chunks of ``CHUNK`` items or ``CHUNK_BYTES`` of input, whichever comes
first, and send back one output line or one :class:`~cleaner.inputs.InputError` per item; the
results are yielded in input order. At most ``IN_FLIGHT`` chunks a worker are out at once, so
memory stays flat however long the input. Each worker loads the rules once, on its first chunk.

An input of one chunk or less runs in this process: starting workers costs more than it saves.
A worker that dies (a crash inside a C extension) does not end the run: the pool starts again,
the chunk is run again an item at a time, and only the item that kills a worker becomes an error
record naming it. Count in = articles out + errors, always.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypedDict

from cleaner.config import DEFAULT, Config
from cleaner.document import RejectedDocument
from cleaner.inputs import Columns, FileLine, InputError, RawLine, Record, row_record
from cleaner.pipeline import default_rulebook, normalize
from cleaner.rulebook import RuleBook, load_rulebook

if TYPE_CHECKING:  # normalize_batch's kinds of batch: extras, imported only where a batch is one of them
    import pandas as pd
    import pyarrow as pa

    # What normalize_batch takes, and gives back of the same kind (a Table for a RecordBatch).
    Batch: TypeAlias = list[dict[str, Any]] | pa.Table | pa.RecordBatch | pd.DataFrame
    BatchOut: TypeAlias = "list[OutputRow] | pa.Table | pd.DataFrame"

# Items a chunk at most: enough that passing them costs little beside normalizing them. Each chunk
# costs the reading process a future, a pickle and a wake-up of its threads, CPU taken from the
# workers' cores: on 100,000 short records with -j 2 it spent 1.3-1.5 s at 64 a chunk, 1.07-1.15 s
# at 128 (the run 13.84-14.12 s against 14.22-14.39). No more: a chunk of 128 records of a few KB
# (~2 ms each) is as long at work as one of CHUNK_BYTES of large ones (~0.3 s of text dumps), and
# a run's last chunk is its tail.
CHUNK = 128
# Input a chunk at most, in bytes (characters for text already decoded): large pages go a few at a
# time, so that no worker is left with a long last chunk while the others have finished (793 HTML
# pages averaging 190 KB made 13 chunks of 64 for two workers).
CHUNK_BYTES = 1 << 20
IN_FLIGHT = 4  # chunks a worker may have queued, for a flat memory

Item = Record | RawLine | FileLine | InputError  # an input item, as cleaner.inputs reads it
Result = str | InputError  # an item's output line, or the error record saying why there is none
Job = tuple[tuple[str, ...], str | None, Config]  # what every chunk is run with: rule_dirs, site, config


def process(item: Item, rulebook: RuleBook, site: str | None, config: Config = DEFAULT) -> Result:
    """One item's output line (article JSON and a newline), or the error record saying why not."""
    if isinstance(item, (RawLine, FileLine)):
        item = item.parse()
    if isinstance(item, InputError):
        return item
    try:
        article = normalize(item.doc, url=item.url, site=site, html=item.html, id=item.id, rules=rulebook,
                            config=config)
        line = article.to_json() + "\n"
        # A lone surrogate (a "\ud800" escape in the input) cannot be written as UTF-8: find out
        # now, rather than after half the line is in the output.
        line.encode("utf-8")
    except RejectedDocument as exc:  # its message is the whole reason: "binary data, not text: …"
        return InputError(item.id, item.source, item.line, str(exc))
    except Exception as exc:  # one bad document must not stop a batch of millions
        return InputError(item.id, item.source, item.line, f"{type(exc).__name__}: {exc}")
    return line


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Worker(TypedDict, total=False):
    """A worker process's rules, and the folders they were loaded from."""

    rules: RuleBook
    rule_dirs: tuple[str, ...]


_WORKER: _Worker = {}


def _process_chunk(items: list[Item], rule_dirs: tuple[str, ...], site: str | None, config: Config) -> list[Result]:
    """A worker's job: its rules load on its first chunk and stay (the parent has reported their
    problems already)."""
    if _WORKER.get("rule_dirs") != rule_dirs:
        _WORKER["rules"], _WORKER["rule_dirs"] = load_rulebook(extra_dirs=rule_dirs), rule_dirs
    return [process(item, _WORKER["rules"], site, config) for item in items]


def _died(item: Item, exc: BaseException) -> InputError:
    record = item.parse() if isinstance(item, (RawLine, FileLine)) else item
    return InputError(getattr(record, "id", None), record.source, record.line,
                      f"worker process died while normalizing its chunk: {type(exc).__name__}: {exc}")


class ChunkFuture(Protocol):
    """A chunk's results to come: a ``concurrent.futures.Future`` or a Dask one."""

    def result(self) -> list[Result]: ...


class Runner(Protocol):
    """Where chunks run (:class:`Processes`, :class:`DaskCluster`): what :func:`results` needs of it."""

    died: tuple[type[BaseException], ...]  # what a future raises when the worker running it died
    workers: int

    def submit(self, fn: Callable[..., list[Result]], *args: object) -> ChunkFuture: ...

    def restart(self) -> bool: ...

    def close(self) -> None: ...


# A worker is one of as many processes as there are cores: a thread pool of its own, a BLAS
# library's or OpenMP's, would wait for cores the other workers hold. Libraries read these when they
# load (numba loads SciPy's OpenBLAS on a worker's first page, when SciPy is installed, and its
# threads spun for ~0.05 s of the other worker's core), so each worker sets them before any work,
# as Dask's nanny does for its workers; a value the user set stays, and the reading process's
# environment is left alone.
_ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _start_worker() -> None:
    for name in _ONE_THREAD:
        os.environ.setdefault(name, "1")


class Processes:
    """Worker processes on this machine (a process pool), started again when one dies."""

    died: tuple[type[BaseException], ...] = (BrokenProcessPool,)

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool = ProcessPoolExecutor(workers, initializer=_start_worker)

    def submit(self, fn: Callable[..., list[Result]], *args: object) -> ChunkFuture:
        return self.pool.submit(fn, *args)

    def restart(self) -> bool:
        """Start a new pool; True: the futures of the old one are lost, to be submitted again."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = ProcessPoolExecutor(self.workers, initializer=_start_worker)
        return True

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskCluster:
    """A Dask cluster: the scheduler at ``address``, or a LocalCluster of ``workers`` processes.
    A worker that dies is the cluster's to replace; the chunk's items are then run one at a time,
    as with processes."""

    died: tuple[type[BaseException], ...]

    def __init__(self, address: str | None, workers: int) -> None:
        try:
            from distributed import Client, KilledWorker, LocalCluster
        except ImportError:  # pragma: no cover - depends on the install
            raise RuntimeError("--engine dask needs Dask: pip install 'cleaner[dask]'") from None
        self.died = (KilledWorker,)
        self.local = None if address else LocalCluster(n_workers=workers, threads_per_worker=1,
                                                        processes=True, dashboard_address=None)
        self.client = Client(address or self.local)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def submit(self, fn: Callable[..., list[Result]], *args: object) -> ChunkFuture:
        return self.client.submit(fn, *args, pure=False)

    def restart(self) -> bool:
        return False  # the cluster replaces its worker; other chunks' futures stand

    def close(self) -> None:
        self.client.close()
        if self.local is not None:
            self.local.close()


def results(items: Iterable[Item], rulebook: RuleBook, *, site: str | None = None, workers: int = 1,
            rule_dirs: Sequence[str] = (), engine: Callable[[int], Runner] | None = None,
            config: Config = DEFAULT) -> Generator[Result, None, None]:
    """Each item's result, in input order. ``rulebook`` serves this process; workers load
    ``rule_dirs`` as ``load_rulebook(extra_dirs=rule_dirs)`` does. ``engine`` is where chunks run:
    a function of ``workers`` giving :class:`Processes` (the default) or a :class:`DaskCluster`;
    it is only started for an input of more than one chunk, and always closed. ``config`` goes to
    :func:`cleaner.normalize` wherever it runs."""
    stream = iter(items)
    if engine is None and workers <= 1:
        for item in stream:
            yield process(item, rulebook, site, config)
        return
    chunks = _chunks(stream)
    first = next(chunks, [])
    second = next(chunks, None)
    if engine is None and second is None:
        for item in first:
            yield process(item, rulebook, site, config)
        return
    chunks = chain([first] if second is None else [first, second], chunks)
    runner: Runner = (engine or Processes)(workers)
    job: Job = (tuple(rule_dirs), site, config)
    pending: deque[tuple[list[Item], ChunkFuture]] = deque()  # (items, future), oldest first
    try:
        for chunk in chunks:
            pending.append((chunk, runner.submit(_process_chunk, chunk, *job)))
            while len(pending) >= runner.workers * IN_FLIGHT:
                yield from _next_results(pending, runner, job)
        while pending:
            yield from _next_results(pending, runner, job)
    finally:
        runner.close()


def _chunks(stream: Iterator[Item]) -> Iterator[list[Item]]:
    """The items in chunks of ``CHUNK`` items or ``CHUNK_BYTES`` of input, whichever comes first."""
    chunk: list[Item] = []
    size = 0
    for item in stream:
        chunk.append(item)
        size += _size(item)
        if len(chunk) >= CHUNK or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _size(item: Item) -> int:
    """An item's input, as its bytes or characters."""
    if isinstance(item, RawLine):
        return len(item.raw)
    if isinstance(item, FileLine):
        return item.size
    return len(item.doc) if isinstance(item, Record) else 0


def _next_results(pending: deque[tuple[list[Item], ChunkFuture]], runner: Runner, job: Job) -> Iterator[Result]:
    """Yield the oldest chunk's results. When a worker died under it, the chunk's items run again
    one at a time, and only an item that kills a worker too becomes an error record; the chunks
    queued behind go to the restarted workers."""
    chunk, future = pending.popleft()
    try:
        yield from future.result()
        return
    except runner.died:
        pass
    lost = runner.restart()
    for item in chunk:
        try:
            yield from runner.submit(_process_chunk, [item], *job).result()
        except runner.died as exc:
            yield _died(item, exc)
            lost = runner.restart() or lost
    if lost:
        for i, (items, _) in enumerate(pending):
            pending[i] = (items, runner.submit(_process_chunk, items, *job))


# --- one batch, for Spark, Ray and Dask ----------------------------------------------------------

OUTPUT_COLUMNS = ("id", "article", "error")


class OutputRow(TypedDict):
    """A row of :func:`normalize_batch`'s result: an article or the error saying why there is none."""

    id: str | None
    article: str | None  # the article's JSON
    error: str | None



def normalize_batch(batch: Batch, *, rules: RuleBook | None = None, site: str | None = None,
                    id_column: str = "id", url_column: str = "url", text_column: str = "text",
                    html_column: str = "html", config: Config = DEFAULT) -> BatchOut:
    """Normalize a batch of records, for the engines that hand a function one batch at a time:
    Spark's ``mapInArrow``, Ray Data's ``map_batches`` and Dask's ``map_partitions`` (recipes in
    docs/scale.md).

    ``batch`` is a list of dicts, a pyarrow ``Table`` or ``RecordBatch``, or a pandas
    ``DataFrame``; the result is the same kind of thing, one row per input row, in order, with
    the columns ``id``, ``article`` (the article's JSON, or None) and ``error`` (why there is no
    article, or None), so that rows in = articles + errors. A row's document is its
    ``html_column`` when that holds a string (read as HTML), else its ``text_column``. The
    rules default to the built-in ones plus ``CLEANER_RULES_PATH``, loaded once per process;
    ``config`` is :func:`cleaner.normalize`'s."""
    rulebook = rules if rules is not None else default_rulebook()
    rows, kind = _rows(batch)
    columns = Columns(id_column, url_column, text_column, html_column)
    out: list[OutputRow] = []
    for number, row in enumerate(rows, 1):
        item = row_record(row, columns, "batch", number)
        result = process(item, rulebook, site, config)
        if isinstance(result, str):
            out.append({"id": item.id, "article": result.rstrip("\n"), "error": None})
        else:
            out.append({"id": result.id, "article": None, "error": result.error})
    return _as_kind(out, kind)


def _rows(batch: Batch) -> tuple[list[dict[str, Any]], str]:
    if isinstance(batch, list):
        return batch, "list"
    module = type(batch).__module__.split(".")[0]
    if module == "pyarrow":
        return batch.to_pylist(), "arrow"
    if module == "pandas":
        return batch.to_dict("records"), "pandas"
    raise TypeError(f"normalize_batch() takes a list of dicts, a pyarrow Table or RecordBatch, or a pandas"
                    f" DataFrame, not {type(batch).__name__}")


def _as_kind(rows: list[OutputRow], kind: str) -> BatchOut:
    if kind == "arrow":
        import pyarrow as pa

        schema = pa.schema([(name, pa.string()) for name in OUTPUT_COLUMNS])
        return pa.Table.from_pylist(rows, schema=schema)
    if kind == "pandas":
        import pandas as pd

        return pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS))
    return rows
