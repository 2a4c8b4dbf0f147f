"""Normalize a stream of input items in input order, in this process or in worker processes.

The reading process only splits the input into items: whole documents, and JSONL lines not yet
parsed (:class:`cleaner.inputs.RawLine`). Workers parse and normalize them in chunks of ``CHUNK``
items and send back one output line or one :class:`~cleaner.inputs.InputError` per item; the
results are yielded in input order. At most ``IN_FLIGHT`` chunks a worker are out at once, so
memory stays flat however long the input. Each worker loads the rules once, when it starts.

An input of one chunk or less runs in this process: starting workers costs more than it saves.
A worker that dies (a crash inside a C extension) does not end the run: the pool starts again,
the chunk is run again an item at a time, and only the item that kills a worker becomes an error
record naming it. Count in = articles out + errors, always.
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import Iterable, Iterator, Sequence

from cleaner.inputs import InputError, RawLine, Record
from cleaner.pipeline import normalize
from cleaner.rulebook import RuleBook, load_rulebook

CHUNK = 64  # items a chunk: large enough that passing them costs little beside normalizing them
IN_FLIGHT = 4  # chunks a worker may have queued, for a flat memory


def process(item: Record | RawLine | InputError, rulebook: RuleBook, site: str | None) -> str | InputError:
    """One item's output line (article JSON and a newline), or the error record saying why not."""
    if isinstance(item, RawLine):
        item = item.parse()
    if isinstance(item, InputError):
        return item
    try:
        article = normalize(item.doc, url=item.url, site=site, html=item.html, id=item.id, rules=rulebook)
        line = article.to_json() + "\n"
        # A lone surrogate (a "\ud800" escape in the input) cannot be written as UTF-8: find out
        # now, rather than after half the line is in the output.
        line.encode("utf-8")
    except Exception as exc:  # one bad document must not stop a batch of millions
        return InputError(item.id, item.source, item.line, f"{type(exc).__name__}: {exc}")
    return line


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_WORKER: dict = {}


def _start_worker(rule_dirs: Sequence[str], site: str | None) -> None:
    # The parent has reported the rules' problems already; a worker loads the same files quietly.
    _WORKER["rules"] = load_rulebook(extra_dirs=rule_dirs)
    _WORKER["site"] = site


def _process_chunk(items: list) -> list[str | InputError]:
    return [process(item, _WORKER["rules"], _WORKER["site"]) for item in items]


def _died(item, exc: BaseException) -> InputError:
    record = item.parse() if isinstance(item, RawLine) else item
    return InputError(getattr(record, "id", None), record.source, record.line,
                      f"worker process died while normalizing its chunk: {exc}")


def results(items: Iterable, rulebook: RuleBook, *, site: str | None = None, workers: int = 1,
            rule_dirs: Sequence[str] = ()) -> Iterator[str | InputError]:
    """Each item's result, in input order. ``rulebook`` serves this process; workers load
    ``rule_dirs`` as ``load_rulebook(extra_dirs=rule_dirs)`` does."""
    stream = iter(items)
    first = list(islice(stream, CHUNK))
    if workers <= 1 or len(first) < CHUNK:
        for item in chain(first, stream):
            yield process(item, rulebook, site)
        return
    chunks = chain([first], iter(lambda: list(islice(stream, CHUNK)), []))

    def start() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(tuple(rule_dirs), site))

    pool = start()
    pending: deque = deque()  # (items, future), oldest first
    try:
        for chunk in chunks:
            pending.append((chunk, pool.submit(_process_chunk, chunk)))
            while len(pending) >= workers * IN_FLIGHT:
                pool = yield from _next_results(pending, pool, start)
        while pending:
            pool = yield from _next_results(pending, pool, start)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _next_results(pending: deque, pool: ProcessPoolExecutor, start):
    """Yield the oldest chunk's results and return the pool to go on with. When a worker died, the
    pool is started again and the chunk's items are run one at a time, each in a pool of its own
    making if it kills one too: only an item that kills a worker becomes an error record. The
    chunks queued behind go to the new pool."""
    chunk, future = pending.popleft()
    try:
        yield from future.result()
        return pool
    except BrokenProcessPool:
        pass
    pool.shutdown(wait=True, cancel_futures=True)
    pool = start()
    for item in chunk:
        try:
            yield from pool.submit(_process_chunk, [item]).result()
        except BrokenProcessPool as exc:
            yield _died(item, exc)
            pool.shutdown(wait=True, cancel_futures=True)
            pool = start()
    for i, (items, _) in enumerate(pending):
        pending[i] = (items, pool.submit(_process_chunk, items))
    return pool
