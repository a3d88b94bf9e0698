"""The FKTP printed on each issued card: the kiosk flags any that differs from the family's choice."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input, Static

from kiosk.i18n import t
from kiosk.reference import FACILITY_CODE
from screens.base import show_message
from screens.per_member_form import PerMemberForm


def _save(session, case_id: int, codes: dict[int, str], operator_id: int) -> int:  # type: ignore[no-untyped-def]
    from kiosk import registration
    from models import Case

    return len(registration.record_cards(session, session.get(Case, case_id), codes, operator_id))


class CardForm(PerMemberForm):
    TITLE_KEY = "cards.title"
    MESSAGE_ID = "cards-message"
    BINDINGS = [
        Binding("escape,f3", "cancel", t("key.cancel"), id="cards.cancel"),
        Binding("f10", "save", t("key.save"), id="cards.save"),
    ]

    def member_input(self, member) -> Input:  # type: ignore[no-untyped-def]
        return Input(member.card_fktp or member.chosen_fktp, id=f"fktp-{member.id}", max_length=8)

    def action_save(self) -> None:
        codes = {
            m.id: self.query_one(f"#fktp-{m.id}", Input).value.strip().upper() for m in self.new
        }
        bad = [m for m in self.new if not FACILITY_CODE.match(codes[m.id])]
        if bad:
            show_message(
                self.query_one("#cards-message", Static),
                f"{bad[0].name}: {t('import.facility_code')}",
            )
            self.query_one(f"#fktp-{bad[0].id}", Input).focus()
            return
        self.app.db(
            _save, self.case_id, codes, self.app.operator.id, then=lambda _: self.dismiss(True)
        )  # type: ignore[attr-defined]
