"""The per-page bound counts CPU time: a runaway computation is stopped, a wait is not."""

from __future__ import annotations

import time

import pytest

from newsloom.errors import InputError
from newsloom.limits import time_limit


def test_a_block_that_burns_cpu_past_the_limit_is_stopped_with_its_source_named() -> None:
    with pytest.raises(InputError, match=r"runaway\.html: took more than 0\.2 s of CPU time"), time_limit(0.2, "runaway.html"):
        deadline = time.process_time() + 5
        while time.process_time() < deadline:
            pass


def test_waiting_is_not_charged_to_the_page() -> None:
    with time_limit(0.2, "patient.txt"):
        time.sleep(0.5)  # wall time over the limit, CPU time far under it


def test_the_timer_is_off_after_the_block() -> None:
    with time_limit(0.2, "quick.txt"):
        pass
    deadline = time.process_time() + 0.4
    while time.process_time() < deadline:
        pass  # no stray signal arrives
