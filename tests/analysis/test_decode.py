"""Decoding details that the known-answer clips do not show: the frame shrink, the decoder's
threading and OpenCV's thread setting."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tremorwatch.analysis.synthetic import write_synthetic_clip
from tremorwatch.analysis.video.analyse import analyse_video
from tremorwatch.analysis.video.decode import (
    FRAME_THREADS_MIN_BITS_PER_PIXEL,
    VideoReader,
    frame_threads,
    shrink,
)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ((1280, 720), (320, 180)),  # halved twice
        ((1920, 1080), (320, 180)),  # halved once, then by 3
        ((3840, 2160), (320, 180)),  # halved twice, then by 3
        ((853, 481), (320, 180)),  # not a whole multiple: in one step
        ((1081, 1921), (180, 320)),  # portrait, odd
        ((320, 240), (320, 240)),  # nothing to do
    ],
)
def test_shrink_is_area_averaging(source: tuple[int, int], target: tuple[int, int]) -> None:
    """The staged shrink gives the picture a one-step area average gives, to within rounding
    (mean difference under 0.6 grey levels, 99 % of pixels within 2)."""
    import cv2

    rng = np.random.default_rng(0)
    width, height = source
    texture = cv2.GaussianBlur(rng.normal(128, 60, (height, width)), (0, 0), 2.0)
    image = np.clip(texture, 0, 255).astype(np.uint8)
    exact = cv2.resize(image.astype(np.float32), target, interpolation=cv2.INTER_AREA)
    small = shrink(image, *target)
    assert small.shape == (target[1], target[0])
    assert small.dtype == np.uint8
    difference = np.abs(small.astype(np.float32) - exact)
    assert float(difference.mean()) < 0.6
    assert float(np.percentile(difference, 99)) <= 2.0


def test_decoder_threads_follow_the_bit_rate(tmp_path: Path) -> None:
    """Slice threads only for a cheap, low-bit-rate stream; frame threads as well for a dense
    one (where decoding is the slower half of the analysis), more of them than FFmpeg's
    default."""
    light, dense = tmp_path / "light.mp4", tmp_path / "dense.mp4"
    write_synthetic_clip(light, duration_s=1.0, crf=40, noise_sigma=0.0)
    write_synthetic_clip(dense, duration_s=1.0, crf=8, noise_sigma=8.0)
    for path, expected in ((light, "SLICE"), (dense, "AUTO")):
        with VideoReader(path) as reader:
            stream = reader._stream
            bits = stream.bit_rate / (stream.width * stream.height * float(stream.average_rate))
            assert (bits < FRAME_THREADS_MIN_BITS_PER_PIXEL) == (expected == "SLICE")
            assert reader.thread_type == stream.thread_type.name == expected
            if expected == "AUTO":
                assert stream.thread_count == frame_threads() >= 6
            assert sum(1 for _ in reader.frames()) == 30


def test_opencv_runs_on_one_thread_during_the_analysis_only(tmp_path: Path) -> None:
    import cv2

    path = tmp_path / "clip.mp4"
    write_synthetic_clip(path, duration_s=2.0)
    cv2.setNumThreads(2)
    seen: list[int] = []
    try:
        analyse_video(path, progress=lambda _: seen.append(cv2.getNumThreads()))
        assert seen and set(seen[:-1]) == {1}
        assert cv2.getNumThreads() == 2
    finally:
        cv2.setNumThreads(-1)


def test_overlapping_analyses_share_the_opencv_setting(tmp_path: Path) -> None:
    """A starts, B starts, A ends while B runs, then B ends: B stays on one thread, and the
    setting from before A is what remains (not A's or B's own one-thread setting)."""
    import threading

    import cv2

    clip = tmp_path / "clip.mp4"
    write_synthetic_clip(clip, duration_s=6.0)
    a_started, b_started = threading.Event(), threading.Event()

    def a_progress(_: float) -> None:
        a_started.set()
        b_started.wait(timeout=30)

    first = threading.Thread(target=analyse_video, args=(clip,), kwargs={"progress": a_progress})
    seen_in_b: list[int] = []

    def b_progress(fraction: float) -> None:
        if not b_started.is_set():
            b_started.set()
            first.join(timeout=60)  # A ends while B is still decoding
        elif fraction < 1.0:
            seen_in_b.append(cv2.getNumThreads())

    cv2.setNumThreads(2)
    try:
        first.start()
        assert a_started.wait(timeout=30)
        analyse_video(clip, progress=b_progress)
        assert not first.is_alive()
        assert seen_in_b and set(seen_in_b) == {1}
        assert cv2.getNumThreads() == 2
    finally:
        b_started.set()
        first.join(timeout=60)
        cv2.setNumThreads(-1)
