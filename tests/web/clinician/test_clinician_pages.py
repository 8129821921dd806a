"""Report and export downloads for family members, refused for everyone else."""

from __future__ import annotations

import io
import json

from clinician_web import sign_in
from fastapi.testclient import TestClient
from pypdf import PdfReader

import clinician_db
from tremorwatch.export.fhir import check_bundle

RANGE = {"from": "2026-01-05", "to": "2026-01-18"}


def test_report_page_pdf_and_html(member) -> None:  # type: ignore[no-untyped-def]
    page = member.client.get("/babies/baby-1/report")
    assert page.status_code == 200
    assert 'action="/babies/baby-1/report.pdf"' in page.text
    pdf = member.client.get("/babies/baby-1/report.pdf", params={**RANGE, "paper": "letter"})
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert "attachment" in pdf.headers["content-disposition"]
    reader = PdfReader(io.BytesIO(pdf.content))
    assert round(float(reader.pages[0].mediabox.height)) == 792
    assert "Episodes logged 14" in reader.pages[0].extract_text()
    html = member.client.get("/babies/baby-1/report.html", params=RANGE)
    assert html.status_code == 200 and "Episodes logged" in html.text
    bad = member.client.get(
        "/babies/baby-1/report.html", params={"from": "2026-02-01", "to": "2026-01-01"}
    )
    assert bad.status_code == 422


def test_exports(member) -> None:  # type: ignore[no-untyped-def]
    fhir = member.client.get("/babies/baby-1/export.fhir.json", params=RANGE)
    assert fhir.status_code == 200 and fhir.headers["content-type"].startswith(
        "application/fhir+json"
    )
    assert check_bundle(json.loads(fhir.text)) == []
    csv = member.client.get("/babies/baby-1/export.csv")
    assert csv.status_code == 200 and len(csv.text.strip().splitlines()) == 15
    family = member.client.get("/family/export.json")
    assert family.status_code == 200
    doc = json.loads(family.text)
    assert doc["schema"] == "tremorwatch.family-export/1" and doc["includes_files"] is True
    assert member.client.get("/babies/baby-1/export.docx").status_code == 422


def test_strangers_and_anonymous_visitors_get_nothing(member, api_app, runtime) -> None:  # type: ignore[no-untyped-def]
    with TestClient(api_app) as anonymous:
        r = anonymous.get("/babies/baby-1/report.pdf", params=RANGE, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        assert anonymous.get("/api/v1/infants/baby-1/export").status_code == 401
    clinician_db.seed(runtime, days=2, email="other.parent@example.org", infant_id="baby-9")
    with TestClient(api_app) as stranger:
        sign_in(stranger, "other.parent@example.org")
        for path in [
            "/babies/baby-1/report.pdf",
            "/babies/baby-1/export.csv",
            "/babies/baby-1/shares",
            "/babies/baby-1/milestones",
        ]:
            assert stranger.get(path, params=RANGE).status_code == 404, path
        # and their own family export holds only their baby
        doc = json.loads(stranger.get("/family/export.json").text)
        assert [i["profile"]["id"] for i in doc["infants"]] == ["baby-9"]
