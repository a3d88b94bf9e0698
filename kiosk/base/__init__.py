"""plumbing that knows nothing of JKN: clock, config, database and migrations, errors, words and
keys."""
