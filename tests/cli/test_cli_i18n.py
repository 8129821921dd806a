"""The command line in Spanish: ``LANG`` / ``LC_ALL`` choose the language of the text output.

Known answers: the Spanish catalogue's texts; the JSON output keeps the codes and English texts
whatever the locale (a machine format). A locale that is not shipped (``fr_FR``, ``C``) gives
English.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tremorwatch.analysis.synthetic import write_synthetic_accelerometer_csv
from tremorwatch.cli.main import cli
from tremorwatch.i18n import from_environment

EMERGENCY = {"infant": {"age_days": 40}, "findings": ["breathing_pause"]}


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "es_ES.UTF-8"}, "es"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "es_MX.UTF-8"}, "es"),
        ({"LANG": "es_ES.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LANGUAGE": "es:en", "LANG": "en_GB.UTF-8"}, "es"),
        ({"LC_MESSAGES": "es_AR.UTF-8"}, "es"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_from_the_environment(environ: dict[str, str], language: str) -> None:
    assert from_environment(environ) == language


def test_assess_text_output_follows_lang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(EMERGENCY), encoding="utf-8")
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    result = CliRunner().invoke(cli, ["assess", "--input", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("URGENCIA: ")
    assert "Llame ahora al 112." in result.stdout
    assert "Por qué:" in result.stdout
    assert "Las pausas en la respiración o un color azulado o grisáceo" in result.stdout
    as_json = CliRunner().invoke(cli, ["assess", "--input", str(path), "--format", "json"])
    body = json.loads(as_json.stdout)
    assert body["disposition"] == "emergency"
    assert "Call emergency services" in body["headline"]


def test_the_interview_in_spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "es_ES.UTF-8")
    # 3 weeks old; then answer every question with its first choice ("sí", or the first sign
    # of a checklist) until the engine stops at an emergency
    result = CliRunner().invoke(cli, ["assess"], input="3 semanas\n" + "s\n1\n" * 20)
    assert result.exit_code == 0, result.output
    assert "¿Qué edad tiene su bebé?" in result.output
    assert "Cómo comprobarlo: " in result.output
    assert "URGENCIA: " in result.output
    assert "Llame ahora al 112." in result.output


def test_learn_follows_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    listing = CliRunner().invoke(cli, ["learn"])
    assert "Signos de alarma" in listing.stdout
    assert "Muestre una página con: tremorwatch learn TEMA" in listing.stdout
    page = CliRunner().invoke(cli, ["learn", "gentle_hold_test"])
    assert page.stdout.startswith("La prueba de sujetar con suavidad")
    assert "Fuentes" in page.stdout
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    english = CliRunner().invoke(cli, ["learn", "gentle_hold_test"])
    assert english.stdout.startswith("The gentle-hold test")


def test_analyze_text_follows_lang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    csv_path = tmp_path / "sensor.csv"
    write_synthetic_accelerometer_csv(csv_path, pattern="clonic", frequency_hz=2.0)
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    result = CliRunner().invoke(cli, ["analyze", str(csv_path)])
    assert result.exit_code == 0, result.output
    assert "Patrón: clónico, frecuencia dominante 2.0 Hz" in result.stdout
    assert "Calidad: válida" in result.stdout
    assert "Grabación: acelerómetro" in result.stdout
    as_json = CliRunner().invoke(cli, ["analyze", str(csv_path), "--format", "json"])
    assert json.loads(as_json.stdout)["pattern"] == "clonic"
