"""The report's charts, drawn with matplotlib (Agg) as SVG documents.

Text stays text in the SVG (``svg.fonttype = none``), so WeasyPrint puts axis labels and units
in the PDF's text layer and the charts stay vector graphics. Every axis names its unit.
Figures are built with :class:`matplotlib.figure.Figure` (no pyplot state), so drawing is safe
in a web worker thread.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from tremorwatch.domain.motion import MotionAnalysis
from tremorwatch.reports.model import ClinicianReport, RecordingRow, TemperatureRow

WIDTH_IN = 7.0
#: Above this many points a series is drawn as one line instead of separate markers: each
#: marker is an SVG element, and hundreds of them slow the PDF down several-fold.
MAX_MARKERS = 90
HEIGHT_IN = 2.4
PATTERN_COLOURS = {
    "tremor": "#1f77b4",
    "clonic": "#d62728",
    "irregular": "#7f7f7f",
    "none": "#bbbbbb",
}


def _figure() -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), layout="constrained")
    return fig, fig.add_subplot()


def _to_svg(fig: Any) -> str:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "tremorwatch"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog so it can be inlined


def _date_axis(ax: Any) -> None:
    import matplotlib.dates

    mdates: Any = matplotlib.dates  # matplotlib's date helpers are untyped
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(True, axis="y", linewidth=0.4, alpha=0.6)


def episodes_per_day_svg(per_day: Mapping[date, int]) -> str:
    """Bar chart of episodes per calendar day."""
    fig, ax = _figure()
    days = list(per_day)
    counts = [per_day[d] for d in days]
    if len(days) <= MAX_MARKERS:
        ax.bar(days, counts, width=0.9, color="#1f77b4")
    else:  # one filled step path instead of hundreds of bars (keeps the PDF fast)
        ax.fill_between(days, counts, step="mid", color="#1f77b4", linewidth=0)
    ax.set_ylim(0, max(1, max(counts, default=0)) * 1.1)
    ax.set_ylabel("Episodes per day (count)")
    ax.set_xlabel("Date (day)")
    ax.yaxis.get_major_locator().set_params(integer=True)
    _date_axis(ax)
    return _to_svg(fig)


def duration_over_time_svg(points: Sequence[tuple[datetime, float]]) -> str:
    """Each episode's duration against its start time."""
    fig, ax = _figure()
    style = "o" if len(points) <= MAX_MARKERS else "-"
    ax.plot(
        [p[0] for p in points],
        [p[1] for p in points],
        style,
        markersize=3,
        linewidth=0.8,
        color="#2ca02c",
    )
    ax.set_ylabel("Episode duration (s)")
    ax.set_xlabel("Date of episode (day)")
    ax.set_ylim(0, max(1.0, max(p[1] for p in points) * 1.1))
    _date_axis(ax)
    return _to_svg(fig)


def frequency_per_recording_svg(rows: Sequence[RecordingRow]) -> str:
    """Measured dominant frequency of each analysed recording, coloured by pattern."""
    fig, ax = _figure()
    for pattern, colour in PATTERN_COLOURS.items():
        chosen = [r for r in rows if r.pattern and r.pattern.value == pattern]
        xs = [r.recorded_at for r in chosen if r.dominant_frequency_hz is not None]
        ys = [r.dominant_frequency_hz for r in chosen if r.dominant_frequency_hz is not None]
        if xs:
            style = "o" if len(xs) <= MAX_MARKERS else ".-"
            ax.plot(
                xs,
                ys,
                style,
                markersize=4 if style == "o" else 2,
                linewidth=0.6,
                color=colour,
                label=pattern,
            )
    ax.set_ylabel("Dominant frequency (Hz)")
    ax.set_xlabel("Date of recording (day)")
    top = max((r.dominant_frequency_hz or 0.0) for r in rows)
    ax.set_ylim(0, max(1.0, top * 1.15))
    ax.legend(
        title="Pattern",
        fontsize="small",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
    )
    _date_axis(ax)
    return _to_svg(fig)


def temperature_svg(rows: Sequence[TemperatureRow]) -> str:
    """Temperature readings over time, with the 38 °C fever line."""
    fig, ax = _figure()
    ax.plot(
        [r.at for r in rows], [r.temperature_c for r in rows], "o-", markersize=3, color="#9467bd"
    )
    ax.axhline(38.0, color="#d62728", linewidth=0.8, linestyle="--", label="38 °C")
    ax.set_ylabel("Temperature (°C)")
    ax.set_xlabel("Date of reading (day)")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    _date_axis(ax)
    return _to_svg(fig)


def report_charts(report: ClinicianReport) -> dict[str, str]:
    """All charts that have data, by name (``episodes_per_day`` is always present)."""
    charts = {"episodes_per_day": episodes_per_day_svg(report.episodes_per_day)}
    durations = [(e.started_at, e.duration_s) for e in report.episodes if e.duration_s is not None]
    if durations:
        charts["duration_over_time"] = duration_over_time_svg(durations)
    measured = [r for r in report.recordings if r.dominant_frequency_hz is not None]
    if measured:
        charts["frequency_per_recording"] = frequency_per_recording_svg(measured)
    if report.temperatures:
        charts["temperature"] = temperature_svg(report.temperatures)
    return charts


def recording_analysis_svg(analysis: MotionAnalysis) -> str:
    """One recording's analysis from its stored result: each movement episode as a bar from its
    start to its end (s), at its frequency (Hz; rhythmless movement at 0), coloured by pattern."""
    fig, ax = _figure()
    seen: set[str] = set()
    for episode in analysis.episodes:
        pattern = episode.pattern.value
        y = episode.frequency_hz or 0.0
        ax.plot(
            [episode.start_s, episode.end_s],
            [y, y],
            linewidth=6,
            solid_capstyle="butt",
            color=PATTERN_COLOURS.get(pattern, "#333333"),
            label=pattern if pattern not in seen else None,
        )
        seen.add(pattern)
    ax.set_xlim(0, max(analysis.source.duration_s, 1.0))
    top = max([e.frequency_hz or 0.0 for e in analysis.episodes] + [1.0])
    ax.set_ylim(-0.2, top * 1.2)
    ax.set_xlabel("Time in the recording (s)")
    ax.set_ylabel("Movement frequency (Hz)")
    title = f"Pattern: {analysis.pattern.value}"
    if analysis.dominant_frequency_hz is not None:
        title += f", dominant frequency {analysis.dominant_frequency_hz:.2f} Hz"
    if not analysis.quality.usable:
        title += " (recording cannot be judged)"
    ax.set_title(title, fontsize="medium")
    if seen:
        ax.legend(
            title="Pattern",
            fontsize="small",
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
        )
    ax.grid(True, axis="both", linewidth=0.4, alpha=0.6)
    return _to_svg(fig)
