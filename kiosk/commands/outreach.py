"""Subcommands for the village's road to universal cover: the map and target list with the
door-to-door sheets, and the coverage report a village head shows."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from kiosk.base.i18n import t
from kiosk.commands.common import export_files, session_for

if TYPE_CHECKING:
    from kiosk.followup.outreach import Filter, Tally


def _filter(args: argparse.Namespace, dusun_known: list[str]) -> Filter | str:
    """The target list's filter from the flags, or the refusal to say (a dusun not known)."""
    from kiosk.followup.outreach import Filter
    from kiosk.rules import regions

    dusun = regions.dusun_name(args.dusun) if args.dusun else None
    if dusun is not None and dusun not in dusun_known:
        return t("outreach.cli.no_dusun", dusun=dusun[:40], known=", ".join(dusun_known) or "-")
    return Filter(
        dusun=dusun, rw=regions.rt_rw(args.rw) if args.rw else None,
        rt=regions.rt_rw(args.rt) if args.rt else None, route=args.route,
        desil_max=args.desil_max, has_case={"yes": True, "no": False}.get(args.open_case or ""),
    )  # fmt: skip


def _line(name: str, tally: Tally) -> str:
    return (f"  {name[:24]:<24} {tally.residents:>7} {tally.coverage_pct:>7.1f}% "
            f"{tally.active_pct:>7.1f}% {tally.families_lacking:>8}")  # fmt: skip


def cmd_outreach(args: argparse.Namespace) -> int:
    """The map (village, then each dusun) and the families to visit; files on request."""
    from kiosk.desk import settings
    from kiosk.followup import coverage_history, outreach
    from kiosk.rules import regions
    from kiosk.rules.outreach import VILLAGE_RECOGNISED_PCT

    with session_for(args) as session:
        known = outreach.dusun_names(session)
        wanted = _filter(args, known)
        if isinstance(wanted, str):
            print(wanted, file=sys.stderr)
            return 2
        village = outreach.build(session)
        coverage_history.record_month(session, village)
        desk = settings.get(session, "desk_name")
    targets = village.targets(wanted)
    print(t("outreach.cli.header"))
    for key, tally in village.level("region"):
        print(_line(regions.name(key[0]) or key[0], tally))
        for (_, dusun), part in village.level("dusun", key):
            print(_line(f"  {dusun or '-'}", part))
    total = village.total
    print(t("outreach.cli.total", residents=total.residents, pct=f"{total.coverage_pct:.1f}",
            active=f"{total.active_pct:.1f}", goal=VILLAGE_RECOGNISED_PCT))  # fmt: skip
    print(t("outreach.cli.targets", count=len(targets)))
    from kiosk.followup import outreach_files, outreach_sheet

    export_files(
        args, "outreach",
        csv=lambda path, replace, excel: outreach_files.write_csv(targets, path, replace=replace,
                                                                  excel=excel),
        xlsx=lambda path, replace: outreach_files.write_xlsx(village, targets, path,
                                                             replace=replace),
        pdf=lambda _, path, replace: outreach_sheet.save(village, targets, desk, path,
                                                         replace=replace),
        pdf_said="outreach.cli.pdf",
    )  # fmt: skip
    return 0


def cmd_coverage_report(args: argparse.Namespace) -> int:
    """The village's coverage now and over the period, the agents' weeks; files on request."""
    from kiosk.desk import settings
    from kiosk.followup import coverage_files, coverage_report
    from kiosk.followup.reports import reversed_period

    reversed_ = reversed_period(args.start, args.end)
    if reversed_ is not None:
        print(reversed_.message, file=sys.stderr)
        return 2
    with session_for(args) as session:
        report = coverage_report.build(session, args.start, args.end)
        desk = settings.get(session, "desk_name")
    print(t("coverage.title", village=report.villages))
    print(t("coverage.period", start=report.start.strftime("%d-%m-%Y"),
            end=report.end.strftime("%d-%m-%Y")))  # fmt: skip
    for title, header, rows in coverage_files.tables(report):
        print(f"{title}:")
        print("  " + "  ".join(f"{h:>12}" for h in header))
        for row in rows:
            print("  " + "  ".join(f"{coverage_files.shown(c)[:12]:>12}" for c in row))
    from kiosk.followup import coverage_pdf

    export_files(
        args, "coverage",
        csv=lambda path, replace, excel: coverage_files.write_csv(report, path, replace=replace,
                                                                  excel=excel),
        xlsx=lambda path, replace: coverage_files.write_xlsx(report, path, replace=replace),
        pdf=lambda _, path, replace: coverage_pdf.save(report, desk, path, replace=replace),
    )  # fmt: skip
    return 0
