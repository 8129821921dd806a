"""``tremorwatch sys-info``: versions, settings and optional parts of this installation."""

from __future__ import annotations

import platform
import shutil
import sys
from importlib import metadata
from typing import Any

import click

from tremorwatch import __version__
from tremorwatch.cli._output import format_option, print_json
from tremorwatch.config import get_settings

#: distribution name -> what it is needed for
OPTIONAL_PACKAGES = {
    "numpy": "movement analysis",
    "scipy": "movement analysis",
    "opencv-python-headless": "video motion tracking",
    "av": "video decoding",
    "matplotlib": "charts and plots",
    "fastapi": "web app",
    "sqlalchemy": "storage",
    "alembic": "database migrations",
    "huey": "background jobs",
    "redis": "distributed job queue",
    "psycopg": "PostgreSQL",
    "weasyprint": "PDF reports",
    "fhir.resources": "FHIR export",
}


def _mask_url(url: str) -> str:
    """Hide a password in a database URL."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        if ":" in creds:
            creds = creds.split(":", 1)[0] + ":***"
        return f"{scheme}://{creds}@{host}"
    return url


def collect() -> dict[str, Any]:
    """Everything ``sys-info`` reports, as a JSON-ready dict."""
    settings = get_settings()
    packages: dict[str, Any] = {}
    for dist, purpose in OPTIONAL_PACKAGES.items():
        try:
            version: str | None = metadata.version(dist)
        except metadata.PackageNotFoundError:
            version = None
        packages[dist] = {"version": version, "for": purpose}
    return {
        "tremorwatch": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "settings": {
            "data_dir": str(settings.data_dir),
            "database_url": _mask_url(settings.resolved_database_url),
            "media_dir": str(settings.resolved_media_dir),
            "queue": settings.queue,
            "redis_url": _mask_url(settings.redis_url) if settings.queue == "redis" else None,
        },
        "packages": packages,
        "tools": {"chromium": shutil.which("chromium") or shutil.which("chromium-browser")},
    }


@click.command()
@format_option()
def app(fmt: str) -> None:
    """Show versions, settings and which optional parts are installed."""
    info = collect()
    if fmt == "json":
        print_json(info)
        return
    click.echo(f"tremorwatch {info['tremorwatch']} on Python {info['python']} ({info['platform']})")
    click.echo("Settings:")
    for key, value in info["settings"].items():
        if value is not None:
            click.echo(f"  {key:14} {value}")
    click.echo("Packages:")
    for dist, row in info["packages"].items():
        shown = row["version"] or "not installed"
        click.echo(f"  {dist:24} {shown:12} ({row['for']})")
    click.echo(f"Chromium: {info['tools']['chromium'] or 'not found'}")
