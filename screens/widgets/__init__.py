"""Widgets shared by screens: fitted tables, text charts, toggles, per-member forms."""
