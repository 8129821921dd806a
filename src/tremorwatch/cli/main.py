"""The ``tremorwatch`` command: a lazy group of thin click sub-commands.

Each sub-command lives in its own module and is imported only when it runs, so
``tremorwatch --help`` and ``tremorwatch assess`` start fast. Errors from the
:mod:`tremorwatch.errors` tree are printed as one clear sentence (never a traceback) and mapped
to the error's exit code. Set ``TREMORWATCH_DEBUG=1`` to see tracebacks.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from tremorwatch import __version__
from tremorwatch.errors import TremorwatchError

#: name -> ("module:attribute", one-line help). The attribute is a click command or group.
COMMANDS: dict[str, tuple[str, str]] = {
    "assess": ("tremorwatch.cli.assess:app", "Triage: an interview, or assess JSON answers."),
    "rules": ("tremorwatch.cli.rules:app", "List, show and check the triage rules."),
    "learn": ("tremorwatch.cli.learn:app", "Read the plain-language knowledge pages."),
    "analyze": ("tremorwatch.cli.analyze:app", "Measure the shaking in a video or sensor CSV."),
    "serve": ("tremorwatch.cli.serve:serve", "Run the web app (SQLite by default)."),
    "worker": ("tremorwatch.cli.serve:worker", "Run background-job consumers."),
    "demo": ("tremorwatch.cli.demo:app", "Fill the database with a synthetic demo family."),
    "db": ("tremorwatch.cli.db:app", "Database migrations (upgrade, downgrade, current)."),
    "report": ("tremorwatch.cli.report:report", "Clinician report for a baby (HTML or PDF)."),
    "export": ("tremorwatch.cli.export:export", "Export a baby's diary (FHIR, JSON, CSV)."),
    "import": ("tremorwatch.cli.export:import_", "Import a family's JSON export."),
    "sys-info": ("tremorwatch.cli.sysinfo:app", "Versions, settings and what this machine has."),
}


def _load(name: str) -> click.Command | None:
    spec = COMMANDS.get(name)
    if spec is None:
        return None
    module_name, attr = spec[0].split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("tremorwatch"):
            return None  # a command of a part that is not built yet
        raise click.ClickException(
            f"'tremorwatch {name}' needs the package '{exc.name}', which is not installed. "
            "Install tremorwatch with its extras: pip install 'tremorwatch[all]'."
        ) from None
    command = getattr(module, attr)
    if not isinstance(command, click.Command):
        raise TypeError(f"{spec[0]} is not a click command")
    command.name = name
    return command


class LazyGroup(click.Group):
    """A click group whose sub-commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return _load(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_, help_text) in sorted(COMMANDS.items())]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TremorwatchError as exc:
            if os.environ.get("TREMORWATCH_DEBUG"):
                raise
            click.secho(f"Error: {exc.message}", err=True, fg="red")
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # output piped into `head` and closed: not an error
            sys.stderr.close()
            ctx.exit(0)
        except Exception as exc:
            if os.environ.get("TREMORWATCH_DEBUG"):
                raise
            click.secho(
                f"Error: something went wrong that tremorwatch did not expect "
                f"({type(exc).__name__}: {exc}). Nothing you saved was changed. "
                "Run again with TREMORWATCH_DEBUG=1 for details, and please report it.",
                err=True,
                fg="red",
            )
            ctx.exit(70)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="tremorwatch: make sense of leg tremors in infants.\n\n"
    "Decision support for caregivers and clinicians, not a diagnosis. "
    "If your baby is unwell or you are worried, call your doctor or emergency services.",
)
@click.version_option(__version__, "-V", "--version", prog_name="tremorwatch")
def cli() -> None:
    """Root group: text output follows LANGUAGE / LC_ALL / LC_MESSAGES / LANG."""
    from tremorwatch.i18n import from_environment, set_language

    set_language(from_environment())


def run() -> None:
    """Console-script entry point."""
    cli(prog_name="tremorwatch")


if __name__ == "__main__":  # pragma: no cover
    run()
