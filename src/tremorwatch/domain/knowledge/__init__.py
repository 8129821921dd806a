"""tremorwatch.domain.knowledge."""
