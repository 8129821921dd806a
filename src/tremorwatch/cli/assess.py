"""``tremorwatch assess``: the triage interview in the terminal, or assess JSON answers.

* No ``--input``: an interview with prompts - emergency questions first, then only questions
  that can still change the answer; it stops as soon as the answer is an emergency and says
  what to do (with the emergency number from ``TREMORWATCH_EMERGENCY_NUMBER``, else the
  country of ``LANG``).
* ``--input FILE`` (or ``-`` for standard input): one JSON assessment, or JSON Lines (one
  assessment per line, one result per line out; a ``.jsonl``/``.ndjson`` file is always read
  as JSON Lines, otherwise more than one line of JSON is). A bad line prints an error line naming its line
  number; the other lines are still assessed, and the exit code is 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from tremorwatch.cli._output import format_option, print_json, print_json_line
from tremorwatch.domain.codes import Disposition, Likelihood
from tremorwatch.domain.triage_result import TriageResult
from tremorwatch.errors import InputError
from tremorwatch.i18n import N_, translate
from tremorwatch.i18n import gettext as _

_SHORT_ANSWERS = {"y": "yes", "n": "no", "?": "unsure", "u": "unsure", "not sure": "unsure"}
# Spanish answers (the interview follows LANG): "sí", "si", "s", "no sé", "no se"
_SHORT_ANSWERS |= {"sí": "yes", "si": "yes", "s": "yes", "no sé": "unsure", "no se": "unsure"}
_AGE_UNITS = {"d": 1.0, "day": 1.0, "days": 1.0, "w": 7.0, "week": 7.0, "weeks": 7.0}
_AGE_UNITS |= {"m": 30.44, "month": 30.44, "months": 30.44}
_AGE_UNITS |= {"día": 1.0, "días": 1.0, "dia": 1.0, "dias": 1.0, "s": 7.0, "semana": 7.0}
_AGE_UNITS |= {"semanas": 7.0, "mes": 30.44, "meses": 30.44}

_COLOURS = {
    Disposition.EMERGENCY: "red",
    Disposition.SAME_DAY: "magenta",
    Disposition.WITHIN_DAYS: "yellow",
    Disposition.ROUTINE: "blue",
    Disposition.HOME_CARE: "green",
}
_LABELS = {
    Disposition.EMERGENCY: N_("EMERGENCY"),
    Disposition.SAME_DAY: N_("SEE A DOCTOR TODAY"),
    Disposition.WITHIN_DAYS: N_("SEE A DOCTOR WITHIN 1-3 DAYS"),
    Disposition.ROUTINE: N_("ROUTINE APPOINTMENT"),
    Disposition.HOME_CARE: N_("WATCH AT HOME"),
}


_LIKELIHOODS = {
    "likely": N_("likely"),
    "possible": N_("possible"),
    "less_likely": N_("less likely"),
}


def render_result(result: TriageResult, *, emergency_number: str) -> None:
    """Print ``result`` for a person: the answer first, then why, causes, advice, questions.

    The engine's texts are shown in the language of ``LANG`` (English when untranslated)."""
    colour = _COLOURS[result.disposition]
    label = _(_LABELS[result.disposition])
    click.secho(f"{label}: {translate(result.headline)}", fg=colour, bold=True)
    if result.disposition is Disposition.EMERGENCY:
        click.secho(_("Call %(number)s now.") % {"number": emergency_number}, fg=colour, bold=True)
    if result.notice:
        click.secho(translate(result.notice), dim=True)
    if result.reasons:
        click.echo("\n" + _("Why:"))
        for reason in result.reasons:
            click.echo(f"  - {translate(reason.text)}")
    if result.possible_causes:
        click.echo("\n" + _("Possible causes:"))
        for cause in result.possible_causes:
            # for a less likely cause, ``why`` lists what counts against it
            joiner = (
                ", " + _("because of") + ": "
                if cause.likelihood is Likelihood.LESS_LIKELY
                else ": "
            )
            why = f"{joiner}{'; '.join(translate(w) for w in cause.why)}" if cause.why else ""
            likelihood = _(_LIKELIHOODS.get(cause.likelihood.value, cause.likelihood.value))
            click.echo(f"  - {translate(cause.label)} [{likelihood}{why}]")
    if result.advice:
        click.echo("\n" + _("What to do:"))
        for item in result.advice:
            click.echo(f"  - {translate(item)}")
    if result.next_questions:
        from tremorwatch.domain.triage.questions import QUESTIONS

        prompts = {q.field: q.prompt for q in QUESTIONS}
        click.echo("\n" + _("Questions that could change this answer:"))
        for question in result.next_questions[:5]:
            prompt = translate(prompts.get(question.field, question.field))
            click.echo(f"  - {prompt} {translate(question.why)}")
    if result.suggested_evaluation:
        click.echo("\n" + _("For the clinician:"))
        for item in result.suggested_evaluation:
            click.echo(f"  - {translate(item)}")
    click.secho("\n" + _("Ruleset %(version)s") % {"version": result.ruleset_version}, dim=True)


def _read_input(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            f"No such file: {source}. Give a JSON file, or - for standard input.", field="input"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"Cannot read {source}: {exc}.", field="input") from None


def _is_json_lines(text: str) -> bool:
    stripped = text.strip()
    try:
        json.loads(stripped)
    except json.JSONDecodeError:
        return sum(1 for line in stripped.splitlines() if line.strip()) > 1
    return False


def _assess_input(text: str, fmt: str, emergency_number: str, *, lines: bool = False) -> int:
    from tremorwatch.services.triage import assess, assess_lines

    if not lines and not _is_json_lines(text):
        result = assess(text)
        if fmt == "json":
            print_json(result.to_json_dict())
        else:
            render_result(result, emergency_number=emergency_number)
        return 0
    failed = 0
    for item in assess_lines(text.splitlines()):
        if isinstance(item, InputError):
            failed += 1
            if fmt == "json":
                print_json_line({"error": item.to_dict()})
            else:
                click.secho(_("Error: %(message)s") % {"message": item.message}, fg="red")
            continue
        if fmt == "json":
            print_json_line(item.to_json_dict())
        else:
            render_result(item, emergency_number=emergency_number)
            click.echo("")
    return InputError.exit_code if failed else 0


def parse_age_days(text: str) -> int:
    """``"10"``, ``"10 days"``, ``"6w"``, ``"3 months"`` -> whole days (0-1095)."""
    raw = text.strip().lower()
    number = raw.rstrip("abcdefghijklmnopqrstuvwxyz ").strip()
    unit = raw[len(number) :].strip() or "d"
    try:
        days = float(number) * _AGE_UNITS[unit]
    except (ValueError, KeyError):
        raise click.BadParameter(
            _("give the age as a number of days, weeks or months, e.g. 10, 6w or 3 months")
        ) from None
    if not 0 <= days <= 1095:
        raise click.BadParameter(_("the age must be between 0 days and 3 years"))
    return round(days)


def _ask(question: Any) -> Any:
    click.echo("")
    click.secho(translate(question.prompt), bold=True)
    click.secho("  " + _("How to check: %(help)s") % {"help": translate(question.help)}, dim=True)
    kind = question.kind
    if kind == "yes_no_unsure":

        def yes_no(value: str) -> str:
            value = _SHORT_ANSWERS.get(value.strip().lower(), value.strip().lower())
            if value not in ("yes", "no", "unsure"):
                raise click.BadParameter(_("answer yes, no or unsure (y / n / ?)"))
            return value

        return click.prompt("  " + _("yes / no / unsure"), value_proc=yes_no)
    if kind == "number":
        unit = f" ({translate(question.unit)})" if question.unit else ""
        while True:
            raw = click.prompt(
                "  " + _("Number%(unit)s, or Enter to skip") % {"unit": unit},
                default="",
                show_default=False,
            )
            if not raw.strip():
                return None
            try:
                value = float(raw)
            except ValueError:
                click.echo("  " + _("Please type a number, or press Enter to skip."))
                continue
            low = question.minimum if question.minimum is not None else float("-inf")
            high = question.maximum if question.maximum is not None else float("inf")
            if low <= value <= high:
                return value
            click.echo(
                "  "
                + _("Please give a number from %(low)s to %(high)s.")
                % {"low": f"{low:g}", "high": f"{high:g}"}
            )
    for index, choice in enumerate(question.choices, start=1):
        click.echo(f"  {index}. {translate(choice.label)}")
    multiple = kind in ("multi_choice", "findings")
    hint = _("numbers separated by commas, or 0 for none of these") if multiple else _("a number")
    # A checklist of warning signs must be answered (skipping it must not count as "none");
    # other choices may be skipped with Enter ("don't know").
    skippable = kind != "findings"
    suffix = _(", or Enter to skip") if skippable else ""
    while True:
        raw = click.prompt(
            "  " + _("Choose (%(hint)s)") % {"hint": hint + suffix}, default="", show_default=False
        ).strip()
        if not raw and skippable:
            return None
        picks = [p for p in raw.replace(" ", ",").split(",") if p]
        if multiple and picks == ["0"]:
            return []
        try:
            chosen = [question.choices[int(p) - 1].value for p in picks if int(p) >= 1]
        except (ValueError, IndexError):
            chosen = []
        if chosen and (multiple or len(chosen) == 1):
            return chosen if multiple else chosen[0]
        click.echo("  " + _("Please type %(hint)s.") % {"hint": hint})


def _interview(emergency_number: str) -> int:
    from tremorwatch.domain.triage.questions import next_questions_for
    from tremorwatch.services.triage import assess

    click.secho(_("tremorwatch - is this shaking normal?"), bold=True)
    click.echo(
        _(
            "If your baby is not breathing, turning blue or cannot be woken, stop and call "
            "%(number)s now."
        )
        % {"number": emergency_number}
    )
    age = click.prompt(
        _("How old is your baby? (e.g. 10 days, 6w, 3 months)"), value_proc=parse_age_days
    )
    partial: dict[str, Any] = {"infant": {"age_days": age}}
    asked: set[str] = set()
    result = assess(partial)
    # as the web interview: stop at an emergency, and at home care (given only when no open
    # question could still raise the level)
    while result.disposition not in (Disposition.EMERGENCY, Disposition.HOME_CARE):
        pending = next_questions_for(partial, asked=asked)
        if not pending:
            break
        question = pending[0]
        partial = question.apply(partial, _ask(question))
        asked.add(question.field)
        result = assess(partial)
    click.echo("")
    render_result(result, emergency_number=emergency_number)
    return 0


@click.command(help=__doc__.split("\n\n")[0].replace("``", "'") if __doc__ else None)
@click.option(
    "--input",
    "source",
    metavar="FILE|-",
    default=None,
    help="A JSON assessment or a JSON Lines file ('-' reads standard input). "
    "Without it, an interview asks the questions.",
)
@format_option()
@click.pass_context
def app(ctx: click.Context, source: str | None, fmt: str) -> None:
    """Triage: an interview, or assess JSON answers."""
    if source is None:
        code = _interview(_emergency_number())
    else:
        # JSON output shows no phone number: skip loading the settings (faster start-up).
        number = _emergency_number() if fmt == "text" else ""
        lines = source.endswith((".jsonl", ".ndjson"))
        code = _assess_input(_read_input(source), fmt, number, lines=lines)
    ctx.exit(code)


def _emergency_number() -> str:
    """``TREMORWATCH_EMERGENCY_NUMBER``, else the number of the country in ``LANG``.

    ``LANG=es_ES.UTF-8`` gives Spain's 112; no region gives the fallback country's number.
    """
    import os

    from tremorwatch.config import get_settings
    from tremorwatch.services.place import resolve_place

    lang = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    tag = lang.split(".", 1)[0].replace("_", "-")
    return resolve_place(
        override=get_settings().emergency_number, accept_language=tag or None
    ).emergency_number
