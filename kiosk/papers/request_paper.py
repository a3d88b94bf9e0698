"""The request a family takes to the BPJS office (or keeps, when it is asked in Mobile JKN or by
the care centre) for a change asked of BPJS: a data update, an FKTP or class change, a new
member. Who asks, what changes, from when, what to bring. The KK and NIKs are masked; a new
phone, email or address is printed whole (it is what is asked)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from kiosk.base import clock, i18n
from kiosk.base.config import slips_dir
from kiosk.base.i18n import t
from kiosk.desk import qrtoken, settings
from kiosk.papers import case_paper
from kiosk.papers.case_paper import Frame
from kiosk.rules import casecode, ids, rates
from models import Case, CaseStatus, Operator

# The saved file's name, by kind (it holds the case code: a purge removes it with the case).
PREFIX = {
    "data_update": "ubah-data", "fktp_change": "ganti-faskes", "class_change": "ganti-kelas",
    "add_member": "anggota-baru",
}  # fmt: skip


def asked(session: Session, case: Case) -> list[tuple[str, str]]:
    """(what, value) rows of what the family asks of BPJS, by the case's kind."""
    from kiosk.cases.change_request import facility_name
    from kiosk.cases.store import members_of

    day = clock.day_text
    if case.kind == "data_update":
        rows = [("update.phone", ids.format_phone(case.phone)), ("update.email", case.email),
                ("update.address", case.new_address)]  # fmt: skip
    elif case.kind == "fktp_change":
        rows = [
            ("change.fktp_from", f"{case.change_from} {facility_name(session, case.change_from)}"),
            ("change.fktp_to", f"{case.change_to} {facility_name(session, case.change_to)}"),
            ("change.since_label", day(case.change_since)),
            ("change.exception_title",
             t(f"exception.{case.change_exception}") if case.change_exception else ""),
            ("change.effective_label", day(case.follow_up_on)),
        ]  # fmt: skip
    elif case.kind == "class_change":
        rows = [
            ("change.class_from", rates.roman(int(case.change_from or 0))),
            ("change.class_to", rates.roman(int(case.change_to or 0))),
            ("change.monthly_label", rates.rupiah(case.monthly_amount)),
            ("change.effective_label", day(case.follow_up_on)),
        ]  # fmt: skip
    else:  # a new member
        rows = []
        for m in members_of(session, case)[:1]:
            rows += [
                ("newborn.name", m.name), ("newborn.sex_title", t(f"sex.{m.sex}")),
                ("newborn.birth", m.birth_date.strftime("%d-%m-%Y")),
                ("label.nik", ids.mask_nik(m.nik) if m.nik else t("newborn.no_nik")),
            ]  # fmt: skip
        if case.route or case.reason:
            rows.append(("newborn.way", t(f"route.{case.route}") if case.route
                         else t(f"reason.{case.reason}")))  # fmt: skip
        else:
            rows += [("change.monthly_label", f"{rates.rupiah(case.monthly_amount)} "
                      f"({t('arrears.kelas_title')} {rates.roman(case.kelas)})"),
                     ("newborn.pay_by", day(case.follow_up_on))]  # fmt: skip
            rows += _owed_from_birth(session, case)
    return [(key, value) for key, value in rows if value]


def _owed_from_birth(session: Session, case: Case) -> list[tuple[str, str]]:
    """A newborn registered past its 28 days owes from the birth month, as on the day asked."""
    from kiosk.cases.store import members_of
    from kiosk.rules import newborn

    asked_on = clock.to_local(case.submitted_at or case.created_at).date()
    for m in members_of(session, case)[:1]:
        if case.member_kind == "newborn" and asked_on > newborn.deadline(m.birth_date):
            months = newborn.months_from_birth(m.birth_date, asked_on)
            owed = rates.rupiah(months * case.monthly_amount)
            return [("newborn.owed_label", t("newborn.owed_value", months=months, owed=owed))]
    return []


def render(session: Session, case: Case) -> bytes:
    operator = session.get(Operator, case.operator_id) if case.operator_id else None
    frame = Frame(
        settings.get(session, "desk_name"), t(f"request.paper_title.{case.kind}"), case.code,
        clock.to_local(case.created_at).date(), case.head_name, ids.mask_kk(case.kk_number),
        case.gateway == "training", operator.name if operator else "",
        qrtoken.make(session, case.code, settings.get(session, "qr_url_prefix")), clock.today(),
    )  # fmt: skip
    w = case_paper.head(frame)
    if case.status == CaseStatus.CANCELLED:
        w.text(t("update.paper_cancelled"), bold=True, scale=1.2)
    w.gap()
    w.text(t("update.paper_asks"), bold=True)
    for key, value in asked(session, case):
        w.row([t(key), value], [55.0, 125.0])
    w.gap()
    if case.channel:
        w.text(t("update.paper_via", channel=t(f"channel.{case.channel}")))
    w.text(t(f"request.bring.{case.kind}"))
    return case_paper.foot(w, frame)


def save(
    session: Session, case: Case, output: Path | None = None, *, replace: bool = False
) -> Path:
    """The request as an owner-only PDF, in the family's (slip) language."""
    from kiosk.base.exports import write_private

    with i18n.speaking(settings.get(session, "slip_language")):
        pdf = render(session, case)
    path = output or slips_dir() / f"{PREFIX[case.kind]}-{casecode.display(case.code)}.pdf"
    write_private(path, pdf, replace=replace or output is None)
    return path
