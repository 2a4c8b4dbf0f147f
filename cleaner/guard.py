"""A CPU-time limit on the regular expressions of rule files that users add, so that a pattern
that backtracks catastrophically (``(a+)+$``, ``(\\w+\\s?)*$`` on a long line) cannot hang a batch:
the document becomes an error record naming the rule, and the run goes on.

The built-in patterns run without it: ``tests/test_regex_safety.py`` checks each of them on
adversarial lines. A user's pattern cannot be checked that way in advance, so it runs under a
timer: Python's ``re`` engine checks for signals while it backtracks, and a handler for the
``setitimer(ITIMER_VIRTUAL)`` timer (SIGVTALRM) raises :class:`RuleTimeout` out of the match.

Why a timer around ``re`` rather than the ``regex`` module and its ``timeout=``: ``regex``
gives ``\\w`` another meaning (it disagrees with ``re``'s on 30,468 code points, combining
accents among them), so a user's pattern would match differently; a search with ``timeout=``
costs several times one with ``re``, and its timeout fired late here. Arming and disarming the
timer costs next to nothing a rule and document (figures: docs/benchmarks.md, "Figures that
were in the code"). Rejecting nested quantifiers at load time would refuse safe patterns
(``(?:\\s+\\w+)*``) and let slow ones through (``\\s*x`` searched in a run of spaces).

Limits: the timer works in a process's main thread on a system with ``setitimer`` (Linux,
macOS), which is where ``cleaner normalize`` and its worker processes run rules. Elsewhere (a
thread of a threaded server, Dask's threads, Windows) rules run without a limit, and it is not
set up when the application handles SIGVTALRM itself.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from cleaner.errors import CleanerError

if TYPE_CHECKING:
    from types import FrameType


class RuleTimeout(CleanerError):
    """A user's rule ran longer than its time limit on one document."""


_running: str | None = None  # what the timer is on; a signal that comes once it is done is ignored


def _on_timer(signum: int, frame: FrameType | None) -> None:
    if _running is not None:
        raise RuleTimeout(_running)


def _timer_ready() -> bool:
    """Whether this thread can use the timer; sets up its handler the first time."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    handler = signal.getsignal(signal.SIGVTALRM)
    if handler is signal.SIG_DFL:
        signal.signal(signal.SIGVTALRM, _on_timer)
        return True
    return handler is _on_timer


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise :class:`RuleTimeout` (with a message naming ``what``) once the block has used
    ``seconds`` of CPU time; 0 is no limit."""
    global _running
    if seconds <= 0 or not _timer_ready():
        yield
        return
    _running = (f"{what} used more than {seconds:g} s of CPU time on this document; a regular"
                f" expression of it may backtrack catastrophically (docs/rules.md, 'Time limit')")
    # The interval repeats the signal, should a broad `except` in the block swallow the first.
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds, seconds)
    try:
        yield
    finally:
        _running = None
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
