"""tremorwatch: make sense of leg tremors in infants.

Triage and guidance, movement analysis of phone videos, a caregivers' diary and reports for the
doctor. Decision support, not a diagnosis.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
