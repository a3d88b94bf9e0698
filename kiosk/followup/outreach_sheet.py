"""Door-to-door sheets (PESIAR's "Sisir"): for each RT, the families lacking cover with who
lacks it (names; NIKs masked), the way suggested and what to bring to the desk, boxes to tick
for what the visit found, a line for notes, and a QR that opens the family at the desk."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from pathlib import Path

from kiosk.base.i18n import t
from kiosk.followup.outreach import Household, Resident, VillageMap, route_words
from kiosk.papers.page import PageWriter, qr_matrix
from kiosk.rules import familyref, ids, regions, routes

QR_MODULE = 0.9  # mm: a version-1 QR is 26 mm with its quiet zone, read at 150 dpi
TEXT_MM = 148.0  # the family's lines, left of its QR
QR_X = 152.0


def bring_words(route: str) -> str:
    """What the family brings to the desk for the way suggested, on one line."""
    if route in routes.OFFICE_ROUTES:
        listed = t(f"letter.bring.{route}")
    else:
        listed = t(f"outreach.bring.{route}")
    return "; ".join(line.lstrip("- ").strip() for line in listed.splitlines() if line.strip())


def state_words(r: Resident) -> str:
    """A resident's gap as an agent reads it aloud."""
    if r.state == "inactive":
        return t(f"outreach.inactive.{r.why}")
    if r.state == "check":
        return t(f"outreach.check.{r.why}") if r.why else t("outreach.state.check")
    return t(f"outreach.state.{r.state}")


def area_words(region: str, dusun: str, rw: str, rt: str) -> str:
    village = regions.name(region) or region
    return t("outreach.area", village=village.title(), dusun=dusun or "-", rw=rw or "-",
             rt=rt or "-")  # fmt: skip


def _family(w: PageWriter, n: int, h: Household) -> None:
    lacking = h.lacking
    w.keep(8 + len(lacking))  # a family's block and its boxes on one page
    size = w.qr_at(qr_matrix(familyref.make(h.family_id)), QR_X, QR_MODULE)
    top = w.y
    cols = [TEXT_MM, 180 - TEXT_MM]
    w.row([f"{n}. {h.head or '-'}", ""], cols, bold=True)
    desil = str(h.desil) if h.desil is not None else t("outreach.desil_unknown")
    w.row([t("outreach.sheet.where", address=h.address or "-", rt=h.rt or "-", rw=h.rw or "-",
             desil=desil, count=len(lacking), of=len(h.residents)), ""], cols)  # fmt: skip
    for r in lacking:
        w.row([f"  - {r.name} ({ids.mask_nik(r.nik)}): {state_words(r)}", ""], cols)
    suggestion = route_words(h.route)
    if h.until is not None:
        suggestion += " " + t("outreach.until", date=h.until.strftime("%d-%m-%Y"))
    w.row([t("outreach.sheet.route", route=suggestion), ""], cols, bold=True)
    w.row([t("outreach.sheet.bring", items=bring_words(h.route)), ""], cols)
    if h.open_case:
        w.row([t("outreach.sheet.case", kind=t(f"kind.{h.open_kind}")), ""], cols)
    if h.visit is not None:
        said = t(f"visit.outcome.{h.visit.outcome}")
        w.row([t("outreach.sheet.last_visit", date=h.visit.day.strftime("%d-%m-%Y"),
                 outcome=said), ""], cols)  # fmt: skip
    w.y = max(w.y, top + size - w.line_h)  # the QR's bottom, before the boxes
    w.row([t("outreach.sheet.boxes1")], [180.0])
    w.row([t("outreach.sheet.boxes2")], [180.0])
    w.row([t("outreach.sheet.note")], [180.0])
    w.rule()


def render(village: VillageMap, targets: list[Household], desk: str, today: date) -> bytes:
    """The sheets of the families given, one RT after another, each RT from a new page."""
    w = PageWriter("a4")
    w.number_pages(desk, t("outreach.sheet.title"))
    if not targets:
        w.text(desk, bold=True, align="C")
        w.text(t("outreach.sheet.title"), bold=True, scale=1.3, align="C")
        w.text(t("outreach.none"))
        return w.output()
    for key, group in groupby(targets, key=lambda h: h.area("rt")):
        families = list(group)
        tally = village.areas[key]
        w.new_page()
        w.text(desk, bold=True, align="C")
        w.text(t("outreach.sheet.title"), bold=True, scale=1.3, align="C")
        w.text(area_words(*key), bold=True, align="C")
        w.text(t("outreach.sheet.counts", families=len(families), residents=tally.residents,
                 pct=f"{tally.coverage_pct:.1f}", printed=today.strftime("%d-%m-%Y")),
               align="C")  # fmt: skip
        w.text(t("outreach.sheet.agent"))
        w.rule()
        for n, h in enumerate(families, 1):
            _family(w, n, h)
    return w.output()


def save(
    village: VillageMap, targets: list[Household], desk: str, path: Path, *, replace: bool = False
) -> Path:
    from kiosk.base.exports import write_private

    write_private(path, render(village, targets, desk, village.today), replace=replace)
    return path
