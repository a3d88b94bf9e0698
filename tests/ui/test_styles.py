"""The screens' own rules are read just after the login screen's first frame, and change
nothing on it: the login screen is drawn whole from the shared look alone."""

from __future__ import annotations

from kiosk.app import KioskApp
from screens import styles
from screens.plain import Static
from tests.helpers.screens import screen_name, settle


def login_styles(app: KioskApp) -> dict[str, str]:
    return {f"{type(w).__name__}#{w.id}": w.styles.css for w in app.screen.query("*")}


async def test_the_screens_rules_come_after_the_first_frame_and_leave_the_login_as_drawn(
    demo_url: str,
) -> None:
    app = KioskApp(demo_url)
    seen: dict[str, object] = {}
    after_first_frame = app._after_first_frame

    def first_frame() -> None:
        seen["read"] = app.stylesheet.has_source(str(styles.SCREENS))
        seen["before"] = login_styles(app)
        after_first_frame()
        seen["after"] = login_styles(app)

    app._after_first_frame = first_frame  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert screen_name(app) == "LoginScreen"
        assert seen["read"] is False and app.stylesheet.has_source(str(styles.SCREENS))
        assert len(seen["before"]) > 8  # type: ignore[arg-type]
        assert seen["after"] == seen["before"]
        # and they are in force: screens.tcss hides the line under a table until it is needed
        line = Static("", classes="full-text")
        await app.screen.mount(line)
        assert line.styles.display == "none"
