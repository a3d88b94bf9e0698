"""What the person at the desk came for, when it is not a first registration (F2): a service
that opens a case of its own kind, or only an entry in the service log."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding

from kiosk.base.i18n import t
from screens import keys
from screens.form import FormModal
from screens.widgets.toggles import RadioButton, RadioSet

# Each choice and where it leads: a form over Home, or the first step of its case's walk.
CHOICES = (
    ("log", "form", "service"), ("newborn", "walk", "newborn"), ("arrears", "walk", "arrears"),
    ("update", "walk", "update"), ("fktp", "walk", "fktp_move"), ("class", "walk", "class_move"),
)  # fmt: skip


class ServicesMenu(FormModal):
    MESSAGE_ID = "services-message"
    HINT_KEY = "services.keys"
    TITLE_KEY = "services.title"
    # Enter chooses too: the list is the whole form.
    BINDINGS = [
        keys.back("cancel", "key.cancel"),
        keys.next_("save", "key.open_service"),
        keys.key("help", "app.help", "key.help"),
        Binding("enter", "save", show=False, priority=True),
    ]

    def __init__(self, logged: Callable[[bool], None] | None = None, kk: str = "") -> None:
        super().__init__()
        self.logged = logged  # told once a service-log entry is saved (Home says the count)
        self.kk = kk  # the family's, when opened from its case: the service begins with it

    def form(self) -> ComposeResult:
        with RadioSet(id="services-choice"):
            for n, (name, _, _) in enumerate(CHOICES):
                yield RadioButton(t(f"services.{name}"), value=n == 0, id=f"choice-{name}")

    def on_mount(self) -> None:
        self.query_one("#services-choice", RadioSet).focus()

    def action_save(self) -> None:
        pressed = self.query_one("#services-choice", RadioSet).pressed_index
        _, how, target = CHOICES[max(pressed, 0)]
        self.dismiss(False)
        if how == "form":
            self.kiosk.open_form(target, then=self.logged)
        else:
            self.kiosk.walk_to(target, kk=self.kk)
