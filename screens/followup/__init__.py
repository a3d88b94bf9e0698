"""After the walk: the case screen and the reports."""
