"""Exports: FHIR R4 (``export.fhir``), the full family JSON (``family_json``) and episodes CSV."""
