"""Drafts part of the way through the walk, made through the core as the screens would."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from kiosk.base.database import session as make_session
from kiosk.cases import choices, household, membership
from models import Case
from tests.helpers.screens import registrable_kks


def draft_at_contact(engine: Engine) -> Case:
    with make_session(engine) as s:
        kk = registrable_kks(s, 1)[0]
        case = household.begin(s, kk, None, "training").case
        assert case is not None
        membership.finish_members(s, case)
        choices.set_class(s, case, 3)
        choices.choose_fktp(s, case, "0403P001")
        choices.confirm_fktp(s, case, None)
        assert case.step == "contact"
        return case
