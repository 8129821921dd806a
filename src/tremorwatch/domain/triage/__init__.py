"""tremorwatch.domain.triage."""
