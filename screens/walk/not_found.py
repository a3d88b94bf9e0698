"""KK not found: in the kiosk's own data, or by BPJS although the civil registry has it.

The two need different words and remedies: a number the kiosk's data lacks may be mistyped
or new (type another, or copy the family from the paper KK); a KK that BPJS cannot find
although Dukcapil issued it is re-checked at Dukcapil (which may issue a new KK) or taken
to the BPJS office, with a referral note.
"""

from __future__ import annotations

from textual.app import ComposeResult

from kiosk.base.i18n import t
from kiosk.rules import ids
from screens import keys
from screens.plain import Static
from screens.step import WalkScreen


class NotFoundScreen(WalkScreen):
    NAME = "not_found"
    TITLE_KEY = "nf.title"
    # F-keys only: an operator still typing digits must not land in a remedy by accident.
    BINDINGS = [
        keys.back(),
        keys.key("again", "retry", "key.nf_retry"),
        keys.key("new", "by_hand", "key.nf_by_hand"),
        keys.key("cancel", "refer", "key.nf_refer"),
    ]

    @property
    def by_bpjs(self) -> bool:
        return self.reason == "bpjs"

    def content(self) -> ComposeResult:
        kk = ids.mask_kk(self.kk) if self.kk else ""
        if self.by_bpjs:
            yield Static(t("nf.explain_bpjs", kk=kk), classes="box")
            yield Static(t("nf.options_bpjs"), classes="summary")
        else:
            yield Static(t("nf.explain", kk=kk), classes="box")
            yield Static(t("nf.options"), classes="summary")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return False  # nothing to go on to here: a remedy is chosen with F5-F7
        if action == "by_hand":
            return not self.by_bpjs  # Dukcapil has this family; typing it again helps nobody
        return True

    def action_retry(self) -> None:
        self.go("kk", kk="")

    def action_by_hand(self) -> None:
        if not self.by_bpjs:
            self.go("manual", kk=self.kk, reason=self.reason)

    def action_refer(self) -> None:
        self.go("refer", kk=self.kk, reason=self.reason)
