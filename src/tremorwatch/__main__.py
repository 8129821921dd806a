"""``python -m tremorwatch`` runs the CLI."""

from tremorwatch.cli.main import run

run()
