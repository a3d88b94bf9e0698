"""Subcommands for the families' data: the demo village, imports, slips, reports, checking a slip,
retention and a family's own copy."""

from __future__ import annotations

import argparse  # stdlib: cheap, and skipped entirely for a plain start
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.base.i18n import t
from kiosk.commands.common import export_files, session_for

if TYPE_CHECKING:
    from sqlmodel import Session

    from models import Case


def cmd_demo(args: argparse.Namespace) -> int:
    from kiosk.demo import village

    if args.families < 1:
        print(t("cli.demo.families"), file=sys.stderr)
        return 2
    with session_for(args, may_create=True) as session:
        try:
            summary = village.load(session, args.families)
        except village.DemoRefused:
            print(t("cli.demo.refused"), file=sys.stderr)
            return 1
    print(t("cli.demo.done", **summary.__dict__))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from kiosk.commands import progress
    from kiosk.desk import settings
    from kiosk.importing import run
    from kiosk.importing.cells import FileProblem

    total = progress.count_lines(args.file)
    label = t("cli.progress.import", file=args.file.name)
    with session_for(args) as session, progress.rows(label, total) as advance:
        region = args.kode_wilayah or settings.get(session, "village_code")
        try:
            report = run.import_file(
                session, args.kind, args.file, dry_run=args.dry_run, skip_bad=args.skip_bad,
                default_region=region, as_of=args.as_of, progress=advance,
            )  # fmt: skip
        except FileProblem as exc:
            print(exc.problem.message, file=sys.stderr)
            return 2
    for line in report.lines:
        print(line)
    print(report.summary())
    if report.rejected and not args.skip_bad:
        print(t("cli.import.nothing"), file=sys.stderr)
        return 1
    if args.dry_run:
        print(t("cli.import.dry_run"))
    elif args.kind in ("families", "coverage", "desil"):
        from kiosk.followup import coverage_history

        with session_for(args) as session:  # where the village stood once the list was in
            coverage_history.take(session, "import")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from kiosk.desk import qrtoken
    from kiosk.rules import casecode, ids

    with session_for(args) as session:
        case = qrtoken.open_case(session, args.payload)
    if case is None:
        print(t("cli.verify.invalid"))
        return 1
    if not qrtoken.slip_stands(case.status):
        print(t("cli.verify.cancelled", code=casecode.display(case.code)))
        return 1
    print(t("cli.verify.ok", code=casecode.display(case.code), status=t(f"status.{case.status}"),
            head=ids.mask_name(case.head_name)))  # fmt: skip
    return 0


def _case_paper(args: argparse.Namespace, make: Callable[[Session, Case], tuple[Path, str]]) -> int:
    """A paper for the case whose code was given: `make` saves it and says what it is; it
    is then audited and its path printed. An unknown code is said, exit 1."""
    from kiosk.cases import store
    from kiosk.papers.issue import issue

    with session_for(args) as session:
        case = store.find_case(session, args.case_code)
        if case is None:
            print(t("cli.case_unknown", code=args.case_code), file=sys.stderr)
            return 1
        path, what = make(session, case)
        issue(session, what, path)
    print(path)
    return 0


def cmd_slip(args: argparse.Namespace) -> int:
    from kiosk.papers import slip

    def make(session: Session, case: Case) -> tuple[Path, str]:
        path = slip.save_slip(session, case, args.format, args.output, replace=args.force)
        return path, f"slip {case.code} {args.format}"

    return _case_paper(args, make)


def cmd_office_form(args: argparse.Namespace) -> int:
    """BPJS's registration form filled in for the office, NIKs and numbers whole (said)."""
    from kiosk.papers import office_form

    def make(session: Session, case: Case) -> tuple[Path, str]:
        path = office_form.save(session, case, args.output, replace=args.force)
        return path, f"office_form {case.code}"

    made = _case_paper(args, make)
    if made == 0:
        print(t("office.whole_numbers"), file=sys.stderr)
    return made


def cmd_report(args: argparse.Namespace) -> int:
    from kiosk.followup import reports
    from kiosk.followup.route_report import route_lines
    from kiosk.followup.service_report import service_lines

    reversed_ = reports.reversed_period(args.start, args.end)
    if reversed_ is not None:  # said before the database is opened
        print(reversed_.message, file=sys.stderr)
        return 2
    with session_for(args) as session:
        report = reports.build(session, args.start, args.end, training=args.training)
    print(t("cli.report.title", count=len(report.counted)))
    if report.other_kind:
        other = "report.other.real" if report.training else "report.other.training"
        print(t(other, count=report.other_kind))
    for status, count in report.statuses():
        print(f"  {t(f'status.{status}'):<14} {count:>5}")
    if report.abandoned:
        print(f"  {t('report.abandoned')}: {report.abandoned}")
    if report.by_reason:
        print(t("cli.report.reasons"))
        for reason, count in report.by_reason.most_common():
            print(f"  {t(f'reason.{reason}'):<50} {count:>5}")
    routed = route_lines(report.counted)
    if routed:
        print(t("cli.report.routes"))
        for what, n, who in routed:
            print(f"  {what:<50} {n:>5}  {who}")
    served = service_lines(report.services, report.kinds)
    if served:
        print(t("report.sec.services") + ":")
        for what, n, who in served:
            print(f"  {what:<50} {n:>5}  {who}")
    print(t("cli.report.operators"))
    for name, count in report.by_operator.most_common():
        print(f"  {name or '-':<14} {count:>5}")
    print(t("cli.report.pending", count=len(report.payments_pending)))
    print(t("cli.report.mismatch", count=len(report.fktp_mismatches)))
    from kiosk.followup import report_files

    def page(session: Session, path: Path, replace: bool) -> None:
        from kiosk.desk import settings
        from kiosk.followup import report_pdf

        report_pdf.save(report, settings.get(session, "desk_name"), path, replace=replace,
                        trail=report_pdf.trail_line(session))  # fmt: skip

    export_files(
        args, "report",
        csv=lambda path, replace, excel: report_files.write_csv(report, path, replace=replace,
                                                                excel=excel),
        xlsx=lambda path, replace: report_files.write_xlsx(report, path, replace=replace),
        pdf=page,
    )  # fmt: skip
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    """The personal data of cases past the retention period; --dry-run only lists them."""
    from kiosk.cases import retention
    from kiosk.desk import settings
    from kiosk.rules import casecode

    with session_for(args) as session:
        codes = retention.purge(session, dry_run=args.dry_run)
        months = settings.get_int(session, "retention_months")
    key = "cli.purge.would" if args.dry_run else "cli.purge.done"
    print(t(key, count=len(codes), months=months))
    for code in codes:
        print(f"  {casecode.display(code)}")
    return 0


def cmd_export_family(args: argparse.Namespace) -> int:
    """What the desk holds about one family, as JSON for the family: owner-only, unmasked."""
    import json

    from kiosk.base.config import slips_dir
    from kiosk.base.exports import write_private
    from kiosk.cases import retention
    from kiosk.desk import audit
    from kiosk.rules import ids

    with session_for(args) as session:
        record = retention.export_family(session, args.kk)
        path = args.output or slips_dir() / f"data-keluarga-{record.kk[-4:]}.json"
        body = json.dumps(record.data, ensure_ascii=False, indent=2).encode("utf-8")
        write_private(path, body, replace=args.force or args.output is None)
        audit.exported(session, f"family {ids.mask_kk(record.kk)}", path)
    print(t("cli.export_family.done", file=path))
    return 0


def cmd_forget_family(args: argparse.Namespace) -> int:
    from kiosk.cases import retention

    if not args.yes:
        print(t("cli.forget.confirm"), file=sys.stderr)
        return 2
    with session_for(args) as session:
        count = retention.forget_family(session, args.kk)
    print(t("cli.forget.done", count=count))
    return 0
