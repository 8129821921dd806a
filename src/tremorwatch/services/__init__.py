"""tremorwatch.services."""
