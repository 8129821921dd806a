"""The :class:`~tremorwatch.services.place.Place` of a page request, and its Jinja filters.

Computed once per request (kept on ``request.state``) from the instance setting, the signed-in
family, the visitor's chosen country (cookie :data:`COUNTRY_COOKIE`) and ``Accept-Language``.
Templates get ``place``, ``emergency_number`` and the filters ``local`` (a datetime in the
family's time zone, formatted) and ``temperature`` (°C or °F as the family prefers).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final

from fastapi import Request
from jinja2 import pass_context

from tremorwatch.services.place import Place, resolve_place

#: Cookie holding the country a visitor without an account chose on the result page.
COUNTRY_COOKIE: Final = "tw_country"


def place_of(request: Request) -> Place:
    """The place of this request (cached on ``request.state``)."""
    cached = getattr(request.state, "place", None)
    if isinstance(cached, Place):
        return cached
    from tremorwatch.web.pages._render import app_settings

    settings = app_settings(request)
    user = getattr(request.state, "user", None)
    place = resolve_place(
        override=settings.emergency_number,
        family_country=getattr(user, "country", None),
        family_timezone=getattr(user, "timezone", None),
        family_unit=getattr(user, "temperature_unit", None),
        chosen_country=request.cookies.get(COUNTRY_COOKIE),
        accept_language=request.headers.get("accept-language"),
    )
    request.state.place = place
    return place


def _place(context: Any) -> Place | None:
    value = context.get("place")
    return value if isinstance(value, Place) else None


@pass_context
def local_time(context: Any, moment: datetime | date | None, fmt: str = "%d %b %Y, %H:%M") -> str:
    """``moment`` in the page's time zone, formatted with ``fmt`` (``%Z`` gives CET/CEST).

    A plain date (a diary day) is already local and only formatted.
    """
    if moment is None:
        return ""
    if not isinstance(moment, datetime):
        return moment.strftime(fmt)
    place = _place(context)
    shown = place.local(moment) if place is not None else moment
    return shown.strftime(fmt)


@pass_context
def temperature(context: Any, value_c: float | None) -> str:
    """A temperature (stored in °C) in the page's unit, like ``38.2 °C`` or ``100.8 °F``."""
    place = _place(context)
    if value_c is None:
        return ""
    return place.temperature(value_c) if place is not None else f"{value_c:.1f} °C"


FILTERS: Final = {"local": local_time, "temperature": temperature}
