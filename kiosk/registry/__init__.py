"""What the desk holds: families and their lookup, coverage, facilities."""
