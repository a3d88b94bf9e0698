"""The kiosk's stylesheets: the look every screen shares, read before the first frame, and
each screen's own rules, read just after it.

Textual parses a stylesheet's every rule and matches it against every widget shown; the
screens' own rules are most of the kiosk's (59 of 74) and none is the login screen's. Read
after its first frame, they cost the start nothing the operator waits for (56 M
instructions of 1,270 M, ~12 ms here), and they are in place long before the first screen
that needs them (the database is opened after that frame too, and the login waits for it).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App

SHARED = Path(__file__).resolve().parent / "kiosk.tcss"
SCREENS = Path(__file__).resolve().parent / "screens.tcss"


def add_screen_rules(app: App) -> None:
    """Read screens.tcss after kiosk.tcss, as if one file; restyle what is shown."""
    if app.stylesheet.has_source(str(SCREENS)):
        return
    app.stylesheet.read(SCREENS)
    app.stylesheet.parse()  # the rules already read are not parsed again: Textual keeps them
    app.stylesheet.update(app)
