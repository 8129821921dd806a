"""tremorwatch.reports."""
