"""Subcommands for the village's road to universal cover: the map and target list with the
door-to-door sheets, and the coverage report a village head shows."""

from __future__ import annotations

import argparse
import sys

from kiosk.base.i18n import t
from kiosk.commands.common import session_for


def _filter(args: argparse.Namespace, dusun_known: list[str]) -> object:
    """The target list's filter from the flags, or the refusal to say (a dusun not known)."""
    from kiosk.followup.outreach import Filter
    from kiosk.rules import regions

    dusun = " ".join(args.dusun.split()).upper() if args.dusun else None
    if dusun is not None and dusun.startswith("DUSUN "):
        dusun = dusun[6:].strip()
    if dusun is not None and dusun not in dusun_known:
        return t("outreach.cli.no_dusun", dusun=dusun[:40], known=", ".join(dusun_known) or "-")
    return Filter(
        dusun=dusun, rw=regions.rt_rw(args.rw) if args.rw else None,
        rt=regions.rt_rw(args.rt) if args.rt else None, route=args.route,
        desil_max=args.desil_max,
    )  # fmt: skip


def _line(name: str, tally: object) -> str:
    from kiosk.followup.outreach import Tally

    assert isinstance(tally, Tally)
    return (f"  {name[:24]:<24} {tally.residents:>7} {tally.coverage_pct:>7.1f}% "
            f"{tally.active_pct:>7.1f}% {tally.families_lacking:>8}")  # fmt: skip


def cmd_outreach(args: argparse.Namespace) -> int:
    """The map (village, then each dusun) and the families to visit; files on request."""
    from kiosk.desk import settings
    from kiosk.followup import coverage_history, outreach
    from kiosk.followup.outreach import Filter
    from kiosk.rules import regions
    from kiosk.rules.outreach import VILLAGE_RECOGNISED_PCT

    with session_for(args) as session:
        known = outreach.dusun_names(session)
        wanted = _filter(args, known)
        if not isinstance(wanted, Filter):
            print(wanted, file=sys.stderr)
            return 2
        village = outreach.build(session)
        coverage_history.keep_monthly(session, village)
        desk = settings.get(session, "desk_name")
        excel = args.excel or settings.get(session, "csv_excel") == "1"
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
    if args.csv:
        from kiosk.followup import outreach_files

        rows = outreach_files.write_csv(targets, args.csv, replace=args.force, excel=excel)
        with session_for(args) as session:
            from kiosk.desk import audit

            audit.exported(session, "outreach_csv", args.csv)
        print(t("cli.report.csv", rows=rows, file=args.csv))
    if args.xlsx:
        from kiosk.followup import outreach_files

        outreach_files.write_xlsx(village, targets, args.xlsx, replace=args.force)
        with session_for(args) as session:
            from kiosk.desk import audit

            audit.exported(session, "outreach_xlsx", args.xlsx)
        print(t("cli.report.xlsx", file=args.xlsx))
    if args.pdf:
        from kiosk.followup import outreach_sheet
        from kiosk.papers.issue import issue

        outreach_sheet.save(village, targets, desk, args.pdf, replace=args.force)
        with session_for(args) as session:
            issue(session, "outreach_pdf", args.pdf)
        print(t("outreach.cli.pdf", file=args.pdf))
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
        excel = args.excel or settings.get(session, "csv_excel") == "1"
    print(t("coverage.title", village=report.villages))
    print(t("coverage.period", start=report.start.strftime("%d-%m-%Y"),
            end=report.end.strftime("%d-%m-%Y")))  # fmt: skip
    for title, header, rows in coverage_files.tables(report):
        print(f"{title}:")
        print("  " + "  ".join(f"{h:>12}" for h in header))
        for row in rows:
            print("  " + "  ".join(f"{coverage_files.shown(c)[:12]:>12}" for c in row))
    if args.csv:
        coverage_files.write_csv(report, args.csv, replace=args.force, excel=excel)
        with session_for(args) as session:
            from kiosk.desk import audit

            audit.exported(session, "coverage_csv", args.csv)
        print(t("cli.report.csv", rows=len(report.dusun) + 1, file=args.csv))
    if args.xlsx:
        coverage_files.write_xlsx(report, args.xlsx, replace=args.force)
        with session_for(args) as session:
            from kiosk.desk import audit

            audit.exported(session, "coverage_xlsx", args.xlsx)
        print(t("cli.report.xlsx", file=args.xlsx))
    if args.pdf:
        from kiosk.followup import coverage_pdf
        from kiosk.papers.issue import issue

        coverage_pdf.save(report, desk, args.pdf, replace=args.force)
        with session_for(args) as session:
            issue(session, "coverage_pdf", args.pdf)
        print(t("cli.report.pdf", file=args.pdf))
    return 0
