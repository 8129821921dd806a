"""tremorwatch.export."""
