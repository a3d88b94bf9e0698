"""After the walk: follow-ups, reports, the call list."""
