"""Numbers for the diary page: the bar chart geometry of episodes per day.

Words stay in the template; this module only lays out the chart (SVG user units).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tremorwatch.services.diary import DayCount, Timeline, Trend

#: Chart size in SVG user units (the SVG scales to the screen width).
CHART_WIDTH = 350
CHART_HEIGHT = 120
_BASELINE = CHART_HEIGHT - 16
_TOP = 14


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    day_label: str


@dataclass(frozen=True)
class DiaryView:
    timeline: Timeline
    counts: list[DayCount]
    trend: Trend
    bars: list[Bar]
    chart_width: int = CHART_WIDTH
    chart_height: int = CHART_HEIGHT

    @property
    def total_in_chart(self) -> int:
        return sum(c.episodes for c in self.counts)

    def as_context(self) -> dict[str, Any]:
        return {"timeline": self.timeline, "counts": self.counts, "trend": self.trend}


def build_diary_view(timeline: Timeline, counts: list[DayCount], trend: Trend) -> DiaryView:
    """Lay out one bar per day, scaled to the busiest day."""
    slot = CHART_WIDTH / max(1, len(counts))
    peak = max((c.episodes for c in counts), default=0) or 1
    bars = []
    for i, c in enumerate(counts):
        height = (_BASELINE - _TOP) * c.episodes / peak
        bars.append(
            Bar(
                x=round(i * slot + slot * 0.15, 1),
                y=round(_BASELINE - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                count=c.episodes,
                day_label=c.day.strftime("%d"),
            )
        )
    return DiaryView(timeline=timeline, counts=counts, trend=trend, bars=bars)
