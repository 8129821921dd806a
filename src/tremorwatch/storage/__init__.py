"""tremorwatch.storage."""
