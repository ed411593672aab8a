"""Bounds on the work one input may cost, so a pathological page can never hang a batch.

`time_limit` bounds the CPU time the block uses (the profiling interval timer, on the main thread on Unix),
not the wall-clock time: every stage is CPU-bound, so a page that runs away (a regex backtracking, a parse
exploding) is caught just the same, while a slow machine or a busy neighbour does not turn ordinary pages into
refusals. Elsewhere (threads, other systems) the size limits of `Config` are the bound, since a page's cost
grows with its size.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from newsloom.errors import InputError


@contextmanager
def time_limit(seconds: float, source: str) -> Iterator[None]:
    """Raise `InputError` for `source` when the block uses more than `seconds` of CPU time."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise InputError(source, f"took more than {seconds:g} s of CPU time to process; skipped")

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
