"""Files that are not analysable videos give a RecordingError with a clear message."""

from __future__ import annotations

import fractions
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
import pytest

from tremorwatch.analysis.synthetic import GroundTruth
from tremorwatch.analysis.video.analyse import analyse_video
from tremorwatch.errors import RecordingError

MakeClip = Callable[..., tuple[Path, GroundTruth]]


def _audio_only(path: Path) -> None:
    container = av.open(str(path), "w")
    stream = container.add_stream("aac", rate=44100)
    for index in range(20):
        samples = np.zeros((1, 1024), dtype=np.float32)
        frame = av.AudioFrame.from_ndarray(samples, format="fltp", layout="mono")
        frame.sample_rate = 44100
        frame.pts = index * 1024
        frame.time_base = fractions.Fraction(1, 44100)
        for packet in stream.encode(frame):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RecordingError, match="No file"):
        analyse_video(tmp_path / "nothing.mp4")


def test_zero_length_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    with pytest.raises(RecordingError, match="empty"):
        analyse_video(path)


def test_random_bytes_are_not_a_video(tmp_path: Path) -> None:
    path = tmp_path / "noise.mp4"
    path.write_bytes(np.random.default_rng(0).integers(0, 256, 50_000, dtype=np.uint8).tobytes())
    with pytest.raises(RecordingError, match="not a video tremorwatch can read"):
        analyse_video(path)


def test_text_file_is_not_a_video(tmp_path: Path) -> None:
    path = tmp_path / "notes.mov"
    path.write_text("time_s,ax,ay,az\n0,0,0,9.8\n", encoding="utf-8")
    with pytest.raises(RecordingError, match=r"notes\.mov"):
        analyse_video(path)


def test_audio_only_file(tmp_path: Path) -> None:
    path = tmp_path / "voice.mp4"
    _audio_only(path)
    with pytest.raises(RecordingError, match=r"no video track.*audio"):
        analyse_video(path)


def test_truncated_mp4(make_clip: MakeClip, tmp_path: Path) -> None:
    """An MP4 cut short before its index (moov at the end, as a broken upload leaves it)."""
    source, _ = make_clip("tremor5", pattern="tremor", frequency_hz=5.0)
    data = source.read_bytes()
    path = tmp_path / "cut.mp4"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(RecordingError, match="damaged or cut short"):
        analyse_video(path)


def test_truncated_streamable_file(make_clip: MakeClip, tmp_path: Path) -> None:
    """A Matroska file cut in the middle decodes up to the cut: the missing part is reported."""
    source, _ = make_clip("mkv", suffix=".mkv", pattern="tremor", frequency_hz=6.0)
    data = source.read_bytes()
    path = tmp_path / "cut.mkv"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(RecordingError, match="cut short"):
        analyse_video(path)
