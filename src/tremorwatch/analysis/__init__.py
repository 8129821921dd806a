"""tremorwatch.analysis."""
