"""Numbers and per-entry words for the diary page: the bar chart and the timeline's lines.

The chart's geometry is laid out here (SVG user units). The timeline's per-entry words (the
local time, the length, the body parts and states, the check result's label) are formatted
here too, once per entry in plain Python, from the same catalogue messages and label tables
the template used: a Jinja2 call (``_()``, a filter, a global) costs several times the work it
dispatches, and the diary makes seven of them per entry (``benchmarks/diary_profile.py``:
rendering was about 40 % of a fresh page's CPU). The template keeps every fixed word and the
markup; ``tests/web/pages/test_page_diary_bytes.py`` proves the page's bytes unchanged against
the template that formatted everything itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from tremorwatch.i18n import gettext, strftime
from tremorwatch.services.diary import DayCount, Timeline, TimelineItem, Trend
from tremorwatch.services.place import Place
from tremorwatch.web.pages._labels import label, label_list

#: Chart size in SVG user units (the SVG scales to the screen width).
CHART_WIDTH = 350
CHART_HEIGHT = 120
_BASELINE = CHART_HEIGHT - 16
_TOP = 14
#: How an entry's moment is shown (day and month names in the page's language).
WHEN_FORMAT = "%a %d %b, %H:%M"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    day_label: str


@dataclass(frozen=True, slots=True)
class EntryWords:
    """The formatted words of one timeline entry (``None``: the entry has no such part).

    ``length`` is :class:`~markupsafe.Markup` as Jinja2's ``_()`` gives it under autoescape
    (the translation is trusted, the number escaped); the others are plain text, escaped
    when the template writes them.
    """

    when: str
    length: str | None = None
    body_parts: str | None = None
    states: str | None = None
    disposition: str | None = None


def _jinja_gettext(message: str, **variables: Any) -> Markup:
    """``_(message, **variables)`` exactly as Jinja2's newstyle gettext gives it with
    autoescape on (``jinja2.ext._make_new_gettext``): the translation as markup, formatted with
    the variables escaped."""
    return Markup(gettext(message)) % variables


def entry_words(items: Sequence[TimelineItem], place: Place) -> list[EntryWords]:
    """The words of each timeline entry, in the current language and the page's time zone.

    What ``diary.html`` wrote per entry before: ``at|local("%a %d %b, %H:%M")``,
    ``_("%(seconds)s seconds", seconds="%g"|format(d))`` or ``_("Length not noted")``,
    ``label_list("body_parts", ...)``, ``label_list("states", ...)`` and
    ``label("dispositions", ...)``.
    """
    no_length = _jinja_gettext("Length not noted")
    words = []
    for item in items:
        disposition = label("dispositions", item.disposition.value) if item.disposition else None
        episode = item.episode
        if episode is None:
            at = item.assessment.created_at if item.assessment is not None else item.at
            words.append(
                EntryWords(when=strftime(place.local(at), WHEN_FORMAT), disposition=disposition)
            )
            continue
        seconds = episode.duration_s
        # "%g" % seconds is what the template's "%g"|format(seconds) computes
        words.append(
            EntryWords(
                when=strftime(place.local(episode.started_at), WHEN_FORMAT),
                length=no_length
                if seconds is None
                else _jinja_gettext("%(seconds)s seconds", seconds="%g" % seconds),  # noqa: UP031
                body_parts=label_list("body_parts", episode.body_parts)
                if episode.body_parts
                else None,
                states=label_list("states", episode.states) if episode.states else None,
                disposition=disposition,
            )
        )
    return words


@dataclass(frozen=True)
class DiaryView:
    timeline: Timeline
    counts: list[DayCount]
    trend: Trend
    bars: list[Bar]
    #: ``(item, its words)`` for each entry of the timeline page, in order.
    entries: list[tuple[TimelineItem, EntryWords]] = field(default_factory=list)
    chart_width: int = CHART_WIDTH
    chart_height: int = CHART_HEIGHT

    @property
    def total_in_chart(self) -> int:
        return sum(c.episodes for c in self.counts)

    def as_context(self) -> dict[str, Any]:
        return {"timeline": self.timeline, "counts": self.counts, "trend": self.trend}


def build_diary_view(
    timeline: Timeline, counts: list[DayCount], trend: Trend, *, place: Place
) -> DiaryView:
    """Lay out one bar per day, scaled to the busiest day, and word each timeline entry."""
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
    items = timeline.items
    return DiaryView(
        timeline=timeline,
        counts=counts,
        trend=trend,
        bars=bars,
        entries=list(zip(items, entry_words(items, place), strict=True)),
    )
