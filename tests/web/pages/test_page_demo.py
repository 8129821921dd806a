"""``tremorwatch demo``: a synthetic family whose diary, videos and checks show on the pages."""

from __future__ import annotations

import json
import re
from typing import Any

from click.testing import CliRunner
from fastapi.testclient import TestClient
from page_helpers import csrf_of

from tremorwatch.cli.main import cli
from tremorwatch.services.demo import create_demo_family


def test_demo_family_shows_in_the_diary_with_an_analysed_video(
    api_app: Any, runtime: Any, worker: Any
) -> None:
    summary = create_demo_family(runtime, password="demo password 1", days=7, videos=1)
    assert summary.episodes >= 7
    assert list(summary.recordings.values()) == ["done"]
    with TestClient(api_app) as client:
        token = csrf_of(client.get("/login").text)
        client.post(
            "/login",
            data={"csrf_token": token, "email": summary.email, "password": "demo password 1"},
        )
        diary = client.get(f"/babies/{summary.infant_id}")
        assert diary.status_code == 200
        assert "Noa's diary" in diary.text
        assert len(re.findall(r'href="/episodes/', diary.text)) == summary.episodes
        assert len(re.findall(r'href="/assessments/', diary.text)) == summary.checks
        assert "6.0 Hz tremor" in diary.text  # the analysed synthetic 6 Hz clip
        episode_id = re.search(r'href="/episodes/([^"]+)">', diary.text)
        assert episode_id
        family = client.get("/family").text
        assert summary.partner_email in family


def test_demo_command_prints_the_login_and_refuses_to_run_twice() -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["demo", "--videos", "0", "--days", "3", "--format", "json"])
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert data["login"]["email"] == "parent@demo.tremorwatch.example"
    assert len(data["login"]["password"]) >= 10
    assert data["episodes"] >= 3
    second = runner.invoke(cli, ["demo", "--videos", "0"])
    assert second.exit_code == 9
    assert "already exists" in second.stderr
