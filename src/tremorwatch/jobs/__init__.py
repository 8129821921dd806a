"""tremorwatch.jobs."""
