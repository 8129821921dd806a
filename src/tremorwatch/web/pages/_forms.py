"""Form parsing for the pages: every field checked, every message kept, values re-shown.

A :class:`FormState` collects the raw values (to re-render the form exactly as the person
typed it) and one message per field. Parsers return the typed value, or ``None`` after noting
an error, so a page can check all fields and show every problem at once. Messages say what
was wrong and how to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from starlette.datastructures import FormData

from tremorwatch.errors import TremorwatchError

E = TypeVar("E", bound=StrEnum)


def plain_message(message: str, field_name: str | None) -> str:
    """A service message made fit for a parent: no leading ``field_name:`` and a capital.

    The API keeps the field names (a developer reads them); beside a form field they are
    noise, and ``date_of_birth`` is not how a parent names it.
    """
    text = message
    if field_name:
        prefix = f"{field_name}: "
        if text.startswith(prefix):
            text = text[len(prefix) :]
            text = "This " + text if text.startswith(("is ", "must ")) else text
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    if text and text[-1] not in ".!?":
        text += "."
    return text


@dataclass
class FormState:
    """Raw values and per-field error messages of one submitted form."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_form(cls, form: FormData, *, multi: Iterable[str] = ()) -> FormState:
        """Keep every submitted value (lists for the ``multi`` names), files left out."""
        multi_names = set(multi)
        values: dict[str, Any] = {}
        for key in form:
            if key == "csrf_token":
                continue
            if key in multi_names:
                values[key] = [v for v in form.getlist(key) if isinstance(v, str)]
            else:
                raw = form.get(key)
                if isinstance(raw, str):
                    values[key] = raw
        for name in multi_names:
            values.setdefault(name, [])
        return cls(values=values)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, name: str, message: str) -> None:
        """Note ``message`` for field ``name`` (the first message of a field wins)."""
        self.errors.setdefault(name, message)

    def add_service_error(
        self, exc: TremorwatchError, *, field_map: dict[str, str] | None = None
    ) -> None:
        """Attach a service's error to the form field it names (or to the whole form)."""
        name = exc.field or "__all__"
        if field_map:
            name = field_map.get(name, name.rsplit(".", 1)[-1] if name != "__all__" else name)
        self.add_error(name, plain_message(exc.message, exc.field))

    def raw(self, name: str) -> str:
        value = self.values.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    def text(self, name: str, *, label: str, required: bool = False, max_length: int = 2000) -> str:
        value = self.raw(name)
        if required and not value:
            self.add_error(name, f"Enter {label}.")
        elif len(value) > max_length:
            self.add_error(name, f"{label.capitalize()} must be at most {max_length} characters.")
        return value

    def number(
        self,
        name: str,
        *,
        label: str,
        minimum: float,
        maximum: float,
        unit: str = "",
        required: bool = False,
    ) -> float | None:
        value = self.raw(name).replace(",", ".")
        unit_text = f" {unit}" if unit else ""
        if not value:
            if required:
                self.add_error(name, f"Enter {label}.")
            return None
        try:
            number = float(value)
        except ValueError:
            self.add_error(name, f"{label.capitalize()} must be a number, like {minimum:g}.")
            return None
        if not minimum <= number <= maximum:
            self.add_error(
                name,
                f"{label.capitalize()} must be between {minimum:g} and {maximum:g}{unit_text}; "
                f"you entered {value}.",
            )
            return None
        return number

    def date(self, name: str, *, label: str, required: bool = False) -> date | None:
        value = self.raw(name)
        if not value:
            if required:
                self.add_error(name, f"Enter {label}.")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.add_error(name, f"Enter {label} as a date, like 2026-03-14.")
            return None

    def datetime_local(
        self, name: str, *, label: str, required: bool = False, timezone: str = "UTC"
    ) -> datetime | None:
        """A ``datetime-local`` value, read as wall-clock time in ``timezone`` (IANA name).

        A time that did not exist there (the hour skipped when clocks go forward) is refused
        with a message; in the hour that happens twice when clocks go back, the first one is
        taken.
        """
        value = self.raw(name)
        if not value:
            if required:
                self.add_error(name, f"Enter {label}.")
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.add_error(name, f"Enter {label} as a date and time, like 2026-03-14 21:30.")
            return None
        if parsed.tzinfo is not None:
            return parsed
        zone = ZoneInfo(timezone)
        aware = parsed.replace(tzinfo=zone)
        if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != parsed:
            self.add_error(
                name,
                f"{parsed:%H:%M} did not exist on {parsed:%d %b %Y} in {timezone}: the clocks "
                "went forward that night. Check the time.",
            )
            return None
        return aware

    def choice(self, name: str, enum: type[E], *, label: str, required: bool = False) -> E | None:
        value = self.raw(name)
        if not value:
            if required:
                self.add_error(name, f"Choose {label}.")
            return None
        try:
            return enum(value)
        except ValueError:
            self.add_error(name, f"Choose one of the options for {label}.")
            return None

    def choices(self, name: str, enum: type[E], *, label: str) -> list[E]:
        raw = self.values.get(name, [])
        picked: list[E] = []
        for value in raw if isinstance(raw, list) else [raw]:
            try:
                picked.append(enum(value))
            except ValueError:
                self.add_error(name, f"Choose only from the listed options for {label}.")
        return picked
