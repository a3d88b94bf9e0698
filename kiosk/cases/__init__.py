"""One case, from the first key to its outcome: lifecycle, members, choices, answers."""
