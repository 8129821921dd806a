"""The decode-ahead thread: order kept, errors re-raised, an early stop ends the producer."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from tremorwatch.analysis.video.prefetch import prefetch
from tremorwatch.errors import RecordingError


def test_items_arrive_in_order() -> None:
    assert list(prefetch(iter(range(100)), depth=3)) == list(range(100))


def test_producer_error_is_raised_in_the_consumer() -> None:
    def broken() -> Iterator[int]:
        yield 1
        raise RecordingError("cut short")

    with pytest.raises(RecordingError, match="cut short"):
        list(prefetch(broken()))


def test_stopping_early_stops_the_producer() -> None:
    produced: list[int] = []

    def endless() -> Iterator[int]:
        n = 0
        while True:
            produced.append(n)
            yield n
            n += 1

    for item in prefetch(endless(), depth=2):
        if item == 5:
            break
    assert len(produced) <= 5 + 1 + 2 + 1  # consumed, the one in hand, the queue, one blocked
    assert not any(t.name == "tremorwatch-decode" for t in threading.enumerate())
