"""Run a frame iterator in a background thread so decoding overlaps the optical flow.

PyAV's decoder and OpenCV's DIS both release the GIL, so on two cores decoding the next frames
while the flow of the current pair is computed hides most of one behind the other. The queue is
bounded (``depth`` frames), so memory stays flat; an error in the producer is re-raised in the
consumer, and a consumer that stops early stops the producer.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")

_DONE = object()


def prefetch(items: Iterator[T], *, depth: int = 8) -> Iterator[T]:
    """Yield ``items`` as produced by a background thread (at most ``depth`` ahead)."""
    buffer: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        buffer.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            outcome: object = _DONE
        except Exception as exc:  # noqa: BLE001 - handed over and re-raised in the consumer
            outcome = exc
        while not stop.is_set():
            try:
                buffer.put(outcome, timeout=0.1)
                return
            except queue.Full:
                continue

    worker = threading.Thread(target=produce, name="tremorwatch-decode", daemon=True)
    worker.start()
    try:
        while True:
            item = buffer.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        worker.join(timeout=5.0)
