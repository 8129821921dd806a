"""Accelerometer CSV: reading other layouts, clear errors, and known answers on synthetic files.

Known answers: the synthetic writer moves the sensor along a fixed direction with an exact
displacement waveform (see ``tremorwatch.analysis.synthetic.accelerometer``), samples it with
+-20 % jitter, adds 0.03 m/s² noise and a slowly tilting gravity. Frequencies must be within
0.1 Hz (episodes of 16 s give 0.06 Hz resolution before refinement); episode edges within
0.5 s (the envelope is smoothed over 0.5 s).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tremorwatch.analysis.imu import (
    CsvLayout,
    analyse_accelerometer,
    analyse_accelerometer_csv,
    read_accelerometer_csv,
    resample_evenly,
)
from tremorwatch.analysis.signal import Signal
from tremorwatch.analysis.synthetic import write_synthetic_accelerometer_csv
from tremorwatch.domain.codes import MotionPattern
from tremorwatch.domain.motion import QualityIssue
from tremorwatch.errors import InputError, RecordingError


@pytest.mark.parametrize(
    ("pattern", "frequency"),
    [
        ("tremor", 4.5),
        ("tremor", 6.0),
        ("tremor", 11.0),
        ("clonic", 1.0),
        ("clonic", 2.5),
        ("clonic", 4.0),
    ],
)
def test_rhythmic_patterns_known_answer(tmp_path: Path, pattern: str, frequency: float) -> None:
    path = tmp_path / "a.csv"
    truth = write_synthetic_accelerometer_csv(path, pattern=pattern, frequency_hz=frequency, seed=2)  # type: ignore[arg-type]
    result = analyse_accelerometer_csv(path).result
    assert result.pattern == MotionPattern(pattern)
    assert result.dominant_frequency_hz == pytest.approx(frequency, abs=0.1)
    assert len(result.episodes) == 1
    episode = result.episodes[0]
    assert episode.amplitude_unit == "m/s2"
    assert episode.start_s == pytest.approx(truth.episodes_s[0][0], abs=0.5)
    assert episode.end_s == pytest.approx(truth.episodes_s[0][1], abs=0.5)
    assert episode.rhythmicity > 0.8


def test_tremor_amplitude_in_m_s2(tmp_path: Path) -> None:
    """1 mm at 6 Hz peaks at (2 pi 6)^2 * 1 mm = 1.42 m/s²; +-15 % for the +-15 % modulation."""
    path = tmp_path / "a.csv"
    write_synthetic_accelerometer_csv(path, pattern="tremor", frequency_hz=6.0, amplitude_mm=1.0)
    episode = analyse_accelerometer_csv(path).result.episodes[0]
    assert episode.amplitude == pytest.approx((2 * np.pi * 6.0) ** 2 * 1e-3, rel=0.15)


def test_kicking_is_irregular_and_stillness_is_none(tmp_path: Path) -> None:
    kicks, still = tmp_path / "k.csv", tmp_path / "s.csv"
    write_synthetic_accelerometer_csv(kicks, pattern="kicking", seed=4)
    write_synthetic_accelerometer_csv(still, pattern="still")
    kicking = analyse_accelerometer_csv(kicks).result
    assert kicking.pattern == MotionPattern.IRREGULAR
    assert all(e.frequency_hz is None for e in kicking.episodes)
    nothing = analyse_accelerometer_csv(still).result
    assert nothing.pattern == MotionPattern.NONE and nothing.episodes == []
    assert nothing.quality.usable


def test_gaps_are_flagged_and_episodes_split(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    write_synthetic_accelerometer_csv(
        path, pattern="tremor", frequency_hz=10.0, gaps_s=((8.0, 9.0),)
    )
    result = analyse_accelerometer_csv(path).result
    assert QualityIssue.SIGNAL_GAPS in result.quality.issues
    assert [e.frequency_hz for e in result.episodes] == [pytest.approx(10.0, abs=0.1)] * 2
    assert result.episodes[0].end_s <= 8.05 and result.episodes[1].start_s >= 8.95


def test_other_layout_g_units_iso_times_and_names(tmp_path: Path) -> None:
    path = tmp_path / "phone.csv"
    write_synthetic_accelerometer_csv(
        path,
        pattern="tremor",
        frequency_hz=7.0,
        units="g",
        time_format="iso",
        columns=("timestamp", "x", "y", "z"),
    )
    layout = CsvLayout(
        time_column="timestamp", time_format="iso", columns=("x", "y", "z"), units="g"
    )
    recording = read_accelerometer_csv(path, layout=layout)
    assert float(np.median(np.linalg.norm(recording.acceleration_m_s2, axis=1))) == pytest.approx(
        9.81, abs=0.1
    )
    result = analyse_accelerometer_csv(path, layout=layout).result
    assert result.dominant_frequency_hz == pytest.approx(7.0, abs=0.1)


def test_semicolon_milliseconds_and_unsorted_rows(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    rows = ["t_ms;ax;ay;az"] + [f"{i * 10};0;0;{9.81 + np.sin(i / 10):.4f}" for i in range(200)]
    rows[5], rows[6] = rows[6], rows[5]
    path.write_text("\n".join([*rows, rows[10]]), encoding="utf-8")  # one duplicate row too
    recording = read_accelerometer_csv(
        path, layout=CsvLayout(time_column="t_ms", time_format="milliseconds")
    )
    assert recording.times_s.size == 200
    assert np.all(np.diff(recording.times_s) > 0)
    signal, gaps = resample_evenly(recording)
    assert signal.fs_hz == pytest.approx(100.0) and not gaps


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "no data rows"),
        ("time_s,ax,ay\n0,1,2\n", "no column 'az'"),
        ("time_s,ax,ay,az\n0,1,2,3\n0.01,1,x,3\n", "Line 3"),
        ("time_s,ax,ay,az\nabc,1,2,3\n", "not a number"),
        ("time_s,ax,ay,az\n0,1,2,3\n0.01,1,2\n", "fields"),
        ("time_s,ax,ay,az\n" + "".join(f"{i / 100},1,2,3\n" for i in range(5)), "only 5"),
    ],
)
def test_bad_csv_files_give_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RecordingError, match=message):
        read_accelerometer_csv(path)


def test_binary_file_is_not_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\x00\xff\xfe" * 100)
    with pytest.raises(RecordingError, match="not a text CSV"):
        read_accelerometer_csv(path)


def test_short_recording_cannot_be_judged(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    write_synthetic_accelerometer_csv(path, pattern="tremor", duration_s=2.0, active_s=(0.2, 1.8))
    result = analyse_accelerometer_csv(path).result
    assert not result.quality.usable
    assert QualityIssue.TOO_SHORT in result.quality.issues
    assert result.episodes == []


def test_signal_shape_is_checked() -> None:
    with pytest.raises(InputError, match="n, 3"):
        analyse_accelerometer(Signal(np.zeros((100, 2)), 100.0, "m/s2", "accelerometer"))
