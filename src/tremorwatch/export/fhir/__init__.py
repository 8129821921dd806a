"""FHIR R4 export: a ``collection`` Bundle of one baby's diary, validated twice."""

from tremorwatch.export.fhir.bundle import build_bundle, validate_bundle
from tremorwatch.export.fhir.checks import check_bundle

__all__ = ["build_bundle", "check_bundle", "validate_bundle"]
