"""tremorwatch.web."""
