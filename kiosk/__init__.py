"""JKN Kiosk core: domain rules, storage and workflow, free of any user interface."""

__version__ = "0.1.0"
