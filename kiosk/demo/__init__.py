"""The synthetic demo village: its residents, facilities and sample cases, for a first run and
training."""
