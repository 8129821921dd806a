"""The movement-analysis figure: motion signal, episodes, speed and frequency over time.

:func:`build_motion_figure` returns the matplotlib figure (tests and the clinician report
inspect or embed it); :func:`render_motion_plot` writes it as PNG or SVG. Matplotlib is
imported inside the functions with the Agg backend, so importing this module is cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any, Literal

from tremorwatch.analysis.pipeline import AnalysisDetail
from tremorwatch.domain.codes import MotionPattern

#: Shading colour of each episode pattern (colour-blind-safe Okabe-Ito palette).
PATTERN_COLOURS = {
    MotionPattern.CLONIC: "#D55E00",
    MotionPattern.TREMOR: "#0072B2",
    MotionPattern.IRREGULAR: "#999999",
    MotionPattern.NONE: "#FFFFFF",
}
UNIT_LABELS = {"px": "px", "m/s2": "m/s²", "px/s": "px/s"}


def _title(detail: AnalysisDetail) -> str:
    result = detail.result
    kind = "Video" if result.source.kind == "video" else "Accelerometer"
    head = f"{kind}, {result.source.duration_s:.1f} s: pattern {result.pattern.value}"
    if result.dominant_frequency_hz is not None:
        head += f", dominant frequency {result.dominant_frequency_hz:.1f} Hz"
    if not result.quality.usable:
        head += " (cannot be judged)"
    elif result.quality.issues:
        head += " (" + ", ".join(i.value.replace("_", " ") for i in result.quality.issues) + ")"
    return head


def build_motion_figure(detail: AnalysisDetail) -> Any:
    """The figure: three panels sharing the time axis (s).

    1. the motion signal (displacement in px for video, acceleration in m/s² for a sensor)
       with each episode shaded by pattern and labelled with its frequency;
    2. the movement speed envelope with the episode threshold;
    3. the dominant frequency (Hz) over time inside the episodes.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    result = detail.result
    figure = Figure(figsize=(9, 6.5), layout="constrained")
    signal_ax, speed_ax, freq_ax = figure.subplots(3, 1, sharex=True)
    figure.suptitle(_title(detail), fontsize=10)
    if detail.overview is not None:
        unit = UNIT_LABELS.get(detail.overview.unit, detail.overview.unit)
        quantity = "Displacement" if detail.overview.unit == "px" else "Acceleration"
        signal_ax.plot(detail.overview.times_s, detail.overview.samples, lw=0.7, color="#222222")
        signal_ax.set_ylabel(f"{quantity} ({unit})")
    for episode in result.episodes:
        colour = PATTERN_COLOURS[episode.pattern]
        for axis in (signal_ax, speed_ax, freq_ax):
            axis.axvspan(episode.start_s, episode.end_s, color=colour, alpha=0.18, lw=0)
        label = episode.pattern.value
        if episode.frequency_hz is not None:
            label += f" {episode.frequency_hz:.1f} Hz"
        signal_ax.annotate(
            label,
            xy=(episode.start_s, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, -2),
            textcoords="offset points",
            va="top",
            fontsize=8,
            color=colour if episode.pattern != MotionPattern.IRREGULAR else "#555555",
        )
    if detail.envelope is not None:
        unit = UNIT_LABELS.get(detail.envelope.unit, detail.envelope.unit)
        speed_ax.plot(detail.envelope.times_s, detail.envelope.samples, lw=0.9, color="#009E73")
        speed_ax.axhline(detail.threshold, ls="--", lw=0.8, color="#555555", label="threshold")
        quantity = "Speed" if detail.envelope.unit == "px/s" else "Movement"
        speed_ax.set_ylabel(f"{quantity} ({unit})")
        speed_ax.legend(loc="upper right", fontsize=7, frameon=False)
    if detail.frequency_track:
        times = [p.time_s for p in detail.frequency_track]
        freqs = [p.frequency_hz for p in detail.frequency_track]
        rhythm = [p.rhythmicity for p in detail.frequency_track]
        points = freq_ax.scatter(times, freqs, c=rhythm, s=9, cmap="viridis", vmin=0.0, vmax=1.0)
        colourbar = figure.colorbar(points, ax=freq_ax, pad=0.01)
        colourbar.set_label("Rhythmicity (0-1)", fontsize=8)
        freq_ax.set_ylim(0, max(freqs) * 1.2 + 0.5)
    else:
        freq_ax.text(0.5, 0.5, "no rhythmic movement", transform=freq_ax.transAxes, ha="center")
    freq_ax.set_ylabel("Frequency (Hz)")
    freq_ax.set_xlabel("Time (s)")
    freq_ax.set_xlim(0, max(result.source.duration_s, 1e-3))
    for axis in (signal_ax, speed_ax, freq_ax):
        axis.grid(alpha=0.3, lw=0.5)
    return figure


def render_motion_plot(
    detail: AnalysisDetail, out: Path | IO[bytes], *, fmt: Literal["png", "svg"] = "png"
) -> None:
    """Write the figure of :func:`build_motion_figure` to a path or binary file object."""
    figure = build_motion_figure(detail)
    figure.savefig(out, format=fmt, dpi=110)
