"""The synthetic generator itself: deterministic, exact ground truth, the requested container."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from scipy.signal import sawtooth

from tremorwatch.analysis.synthetic import movement_waveform, write_synthetic_clip
from tremorwatch.errors import InputError


def test_waveforms_have_the_stated_shape() -> None:
    t = np.arange(0, 10, 0.001)
    tremor = movement_waveform(
        t, pattern="tremor", frequency_hz=6.0, amplitude=3.0, active_s=(2, 8)
    )
    assert np.all(tremor[(t < 1.9) | (t > 8.1)] == 0)
    assert 3.0 <= float(np.max(np.abs(tremor))) <= 3.0 * 1.15 + 1e-9
    spectrum = np.abs(np.fft.rfft(tremor))
    assert np.fft.rfftfreq(t.size, 0.001)[np.argmax(spectrum)] == pytest.approx(6.0, abs=0.1)
    clonic = movement_waveform(
        t, pattern="clonic", frequency_hz=2.0, amplitude=5.0, active_s=(0, 10)
    )
    slope = np.diff(clonic)
    # the fast phase (20 % of the cycle) falls 4x faster than the slow phase rises
    assert float(np.percentile(slope, 5)) / float(np.percentile(slope, 50)) < -3.0
    assert np.corrcoef(clonic[500:-500], sawtooth(2 * np.pi * 2.0 * t[500:-500], 0.8))[0, 1] != 0
    still = movement_waveform(
        t, pattern="still", frequency_hz=None, amplitude=3.0, active_s=(0, 10)
    )
    assert not np.any(still)


def test_clip_matches_its_ground_truth(tmp_path: Path) -> None:
    path = tmp_path / "c.mov"
    truth = write_synthetic_clip(
        path,
        pattern="clonic",
        frequency_hz=2.0,
        duration_s=2.0,
        fps=24.0,
        width=160,
        height=120,
        rotation_deg=270,
    )
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = list(container.decode(stream))
    assert len(frames) == truth.sample_times_s.size == 48
    assert frames[0].rotation == 270 or frames[0].rotation == -90
    assert (frames[0].width, frames[0].height) == (120, 160)  # stored rotated, displayed 160x120
    assert (truth.width, truth.height, truth.fps) == (160, 120, pytest.approx(24.0))
    assert truth.amplitude == pytest.approx(8.0 * 120 / 240)
    assert truth.episodes_s == [(0.5, 1.5)]


def test_same_seed_same_clip(tmp_path: Path) -> None:
    a, b = tmp_path / "a.mkv", tmp_path / "b.mkv"
    for path in (a, b):
        write_synthetic_clip(path, pattern="kicking", duration_s=1.0, width=96, height=64, seed=11)
    decoded = []
    for path in (a, b):
        with av.open(str(path)) as container:
            decoded.append([f.to_ndarray(format="gray") for f in container.decode(video=0)])
    assert len(decoded[0]) == len(decoded[1]) == 30
    assert all(np.array_equal(x, y) for x, y in zip(*decoded, strict=True))


def test_bad_options_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="suffix"):
        write_synthetic_clip(tmp_path / "a.gif", duration_s=1.0)
    with pytest.raises(InputError, match="rotation_deg"):
        write_synthetic_clip(tmp_path / "a.mp4", duration_s=1.0, rotation_deg=45)
