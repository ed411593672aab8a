"""Bounds on the work one input may cost, so a pathological page can never hang a batch.

`time_limit` uses the interval timer where it can (the main thread on Unix); elsewhere the size limits of
`Config` are the bound, since a page's cost grows with its size.
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
    """Raise `InputError` for `source` when the block runs longer than `seconds`."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise InputError(source, f"took longer than {seconds:g} s to process; skipped")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
