"""tremorwatch.cli."""
