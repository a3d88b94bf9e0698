"""The frame of an A4 paper about one case that the family takes along (the statement of its
choice, the arrears paper, a request to BPJS): the desk, the title, the case and the family's
head with the KK masked at the top; the signatures, the day printed and the case's QR below;
TRAINING at both ends of a practice case's paper."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.papers.page import PageWriter, qr_matrix
from kiosk.rules import casecode


@dataclass(frozen=True)
class Frame:
    desk_name: str
    title: str
    code: str
    created: date
    head_name: str
    kk_masked: str
    training: bool
    operator: str
    payload: str  # the case's QR
    printed_on: date


def head(f: Frame) -> PageWriter:
    """A new A4 page with the frame's top written."""
    w = PageWriter("a4")
    if f.training:
        w.text(t("slip.training"), bold=True, scale=1.2, align="C")
    w.text(f.desk_name, bold=True, align="C")
    w.text(f.title, bold=True, scale=1.3, align="C")
    w.rule()
    w.text(t("slip.case", code=casecode.display(f.code), date=f.created.strftime("%d-%m-%Y")))
    w.text(t("slip.head", name=f.head_name or "-", kk=f.kk_masked), bold=True)
    return w


def foot(w: PageWriter, f: Frame) -> bytes:
    """The frame's bottom written: the paper as PDF bytes."""
    w.signatures((t("statement.sign_family"), f.head_name),
                 (t("statement.sign_operator"), f.operator))  # fmt: skip
    w.gap()
    w.text(t("statement.printed", date=clock.day_text(f.printed_on)), scale=0.9)
    w.qr(qr_matrix(f.payload), t("slip.qr_caption"))
    if f.training:
        w.text(t("slip.training"), bold=True, align="C")
    return w.output()
