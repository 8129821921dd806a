"""The analysis service (what the web job calls) and the --plot figure.

The plot test checks what a reader needs: axis labels with units, the episode label with its
frequency, the threshold line and the title's numbers, not merely that a file was written.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from tremorwatch.analysis.synthetic import GroundTruth, write_synthetic_accelerometer_csv
from tremorwatch.domain.codes import MotionPattern
from tremorwatch.domain.motion import MotionAnalysis
from tremorwatch.errors import InputError, RecordingError
from tremorwatch.reports.motion_plot import build_motion_figure, render_motion_plot
from tremorwatch.services.analysis import (
    analyse_recording_detail,
    analyse_recording_file,
    detect_kind,
    plot_analysis,
)

MakeClip = Callable[..., tuple[Path, GroundTruth]]


def test_video_through_the_service(make_clip: MakeClip) -> None:
    path, _ = make_clip("tremor5", pattern="tremor", frequency_hz=5.0)
    seen: list[float] = []
    result = analyse_recording_file(path, progress=seen.append)
    assert isinstance(result, MotionAnalysis)
    assert result.to_json_dict()["schema"] == "tremorwatch.motion-analysis/1"
    assert result.pattern == MotionPattern.TREMOR and seen[-1] == 1.0


def test_csv_without_suffix_is_detected_by_content(tmp_path: Path) -> None:
    path = tmp_path / "upload-123"
    write_synthetic_accelerometer_csv(path, pattern="clonic", frequency_hz=2.0)
    assert detect_kind(path) == "accelerometer"
    result = analyse_recording_file(path)
    assert result.pattern == MotionPattern.CLONIC and result.source.kind == "accelerometer"


def test_csv_options_are_passed_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    write_synthetic_accelerometer_csv(
        path, pattern="tremor", frequency_hz=6.0, units="g", columns=("t", "x", "y", "z")
    )
    result = analyse_recording_file(path, units="g", time_column="t", columns="x,y,z")
    assert result.dominant_frequency_hz == pytest.approx(6.0, abs=0.1)
    with pytest.raises(InputError, match="Unknown analysis option colour"):
        analyse_recording_file(path, colour="red")
    with pytest.raises(InputError, match="units must be one of"):
        analyse_recording_file(path, units="kg", time_column="t", columns="x,y,z")


def test_video_options_and_missing_files(make_clip: MakeClip, tmp_path: Path) -> None:
    path, _ = make_clip("tremor5", pattern="tremor", frequency_hz=5.0)
    with pytest.raises(InputError, match="accelerometer CSV"):
        analyse_recording_file(path, units="g")
    with pytest.raises(RecordingError, match="No recording file"):
        analyse_recording_file(tmp_path / "gone.mp4")


def test_plot_labels_numbers_and_units(make_clip: MakeClip) -> None:
    path, _ = make_clip("tremor9_shake", pattern="tremor", frequency_hz=9.0, camera_shake_hz=10.0)
    detail = analyse_recording_detail(path)
    figure = build_motion_figure(detail)
    signal_ax, speed_ax, freq_ax = figure.axes[:3]
    assert signal_ax.get_ylabel() == "Displacement (px)"
    assert speed_ax.get_ylabel() == "Speed (px/s)"
    assert freq_ax.get_ylabel() == "Frequency (Hz)"
    assert freq_ax.get_xlabel() == "Time (s)"
    texts = [t.get_text() for t in signal_ax.texts]
    assert texts == ["tremor 9.0 Hz"]
    title = figure._suptitle.get_text()
    assert "pattern tremor" in title and "9.0 Hz" in title and "camera shake" in title
    threshold_lines = [line for line in speed_ax.lines if line.get_label() == "threshold"]
    assert threshold_lines and threshold_lines[0].get_ydata()[0] == pytest.approx(detail.threshold)
    track = freq_ax.collections[-1].get_offsets()
    assert len(track) > 5 and abs(float(track[:, 1].mean()) - 9.0) < 0.3
    shaded = [p for p in signal_ax.patches]
    assert len(shaded) == 1
    buffer = io.BytesIO()
    render_motion_plot(detail, buffer, fmt="svg")
    assert b"Frequency (Hz)" in buffer.getvalue()


def test_plot_of_an_accelerometer_file(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    write_synthetic_accelerometer_csv(path, pattern="still")
    detail = analyse_recording_detail(path)
    out = tmp_path / "plot.png"
    plot_analysis(detail, out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    figure = build_motion_figure(detail)
    assert figure.axes[0].get_ylabel() == "Acceleration (m/s²)"
    assert figure.axes[2].texts[0].get_text() == "no rhythmic movement"
