"""Command line: `kiosk` starts the kiosk; subcommands administer it.

argv is parsed before anything heavy is imported, and each command imports only what it
needs: the database layer for most, fpdf and qrcode only for `slip`, Textual only for
the kiosk itself.
"""

from __future__ import annotations

import argparse  # stdlib: cheap, and skipped entirely for a plain start
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from kiosk.base.i18n import set_language, t


def _date(text: str) -> date:
    """The date forms imports accept: YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY."""
    from kiosk.base.clock import parse_date

    found = parse_date(text.strip())
    if found is None:
        raise argparse.ArgumentTypeError(t("cli.bad_date", value=text))
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description=t("cli.description"), allow_abbrev=False
    )
    parser.add_argument("--db", metavar="URL", help=t("cli.help.db"))
    parser.add_argument("--lang", choices=("id", "en"), help=t("cli.help.lang"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help=t("cli.help.demo"))
    demo.add_argument("--families", type=int, default=300, metavar="N")

    imp = sub.add_parser("import", help=t("cli.help.import"))
    imp.add_argument("kind", choices=("families", "coverage", "facilities"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help=t("cli.help.dry_run"))
    imp.add_argument("--skip-bad", action="store_true", help=t("cli.help.skip_bad"))
    imp.add_argument("--kode-wilayah", default="", metavar="CODE", help=t("cli.help.region"))

    op = sub.add_parser("operator", help=t("cli.help.operator"))
    op_sub = op.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = op_sub.add_parser("add", help=t("cli.help.operator_add"))
    add.add_argument("name")
    add.add_argument("--role", choices=("operator", "supervisor"), default="operator")
    op_sub.add_parser("list", help=t("cli.help.operator_list"))
    for action in ("disable", "enable", "reset-pin", "unlock", "change-pin"):
        named = op_sub.add_parser(action, help=t(f"cli.help.operator_{action.replace('-', '_')}"))
        named.add_argument("name")

    verify = sub.add_parser("verify", help=t("cli.help.verify"))
    verify.add_argument("payload")

    slip = sub.add_parser("slip", help=t("cli.help.slip"))
    slip.add_argument("case_code")
    slip.add_argument("--format", choices=("a4", "a5", "80mm", "58mm"), default="a4")
    slip.add_argument("-o", "--output", type=Path)
    slip.add_argument("--force", action="store_true", help=t("cli.help.force"))

    report = sub.add_parser("report", help=t("cli.help.report"))
    report.add_argument("--from", dest="start", type=_date, metavar="DATE")
    report.add_argument("--to", dest="end", type=_date, metavar="DATE")
    report.add_argument("--csv", type=Path, metavar="FILE")
    report.add_argument("--pdf", type=Path, metavar="FILE", help=t("cli.help.report_pdf"))
    report.add_argument("--force", action="store_true", help=t("cli.help.force"))
    report.add_argument("--training", action="store_true", help=t("cli.help.training"))

    backup = sub.add_parser("backup", help=t("cli.help.backup"))
    backup.add_argument("file", type=Path)
    backup.add_argument("--key-file", type=Path, metavar="KEY", help=t("cli.help.key_file"))

    restore = sub.add_parser("restore", help=t("cli.help.restore"))
    restore.add_argument("file", type=Path)
    restore.add_argument("--key-file", type=Path, metavar="KEY", help=t("cli.help.key_file"))
    restore.add_argument("--force", action="store_true", help=t("cli.help.restore_force"))

    sub.add_parser("migrate", help=t("cli.help.migrate"))

    purge = sub.add_parser("purge", help=t("cli.help.purge"))
    purge.add_argument("--dry-run", action="store_true", help=t("cli.help.purge_dry_run"))

    export_family = sub.add_parser("export-family", help=t("cli.help.export_family"))
    export_family.add_argument("kk")
    export_family.add_argument("-o", "--output", type=Path, metavar="FILE")
    export_family.add_argument("--force", action="store_true", help=t("cli.help.force"))

    forget = sub.add_parser("forget-family", help=t("cli.help.forget_family"))
    forget.add_argument("kk")
    forget.add_argument("--yes", action="store_true", help=t("cli.help.forget_yes"))

    keys = sub.add_parser("keys", help=t("cli.help.keys"))
    keys_sub = keys.add_subparsers(dest="action", required=True, metavar="ACTION")
    keys_sub.add_parser("list", help=t("cli.help.keys_list"))
    keys_sub.add_parser("rotate", help=t("cli.help.keys_rotate"))

    audit = sub.add_parser("audit", help=t("cli.help.audit"))
    audit_sub = audit.add_subparsers(dest="action", required=True, metavar="ACTION")
    audit_sub.add_parser("verify", help=t("cli.help.audit_verify"))
    return parser


def _engine(args: argparse.Namespace):
    from kiosk.base.config import database_url
    from kiosk.base.database import open_database

    return open_database(database_url(args.db))


def _session(args: argparse.Namespace):
    from kiosk.base.database import session

    return session(_engine(args))


def cmd_demo(args: argparse.Namespace) -> int:
    from kiosk import demo

    if args.families < 1:
        print(t("cli.demo.families"), file=sys.stderr)
        return 2
    with _session(args) as session:
        try:
            summary = demo.load(session, args.families)
        except demo.DemoRefused:
            print(t("cli.demo.refused"), file=sys.stderr)
            return 1
    print(t("cli.demo.done", **summary.__dict__))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from kiosk.desk import settings
    from kiosk.importing import run
    from kiosk.importing.cells import FileProblem

    with _session(args) as session:
        region = args.kode_wilayah or settings.get(session, "village_code")
        try:
            report = run.import_file(
                session, args.kind, args.file, dry_run=args.dry_run, skip_bad=args.skip_bad,
                default_region=region,
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
    return 0


def _read_pin(prompt: str = "cli.operator.pin", confirm: bool = True) -> str:
    """A PIN from the terminal (typed twice, not shown) or one line of piped input."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    import getpass

    first = getpass.getpass(t(prompt))
    if confirm and getpass.getpass(t("cli.operator.pin_again")) != first:
        from kiosk.base.errors import fail

        raise fail("cli.operator.pin_differs")
    return first


def _operator_line(operator, now) -> str:
    state = t("cli.operator.active") if operator.active else t("cli.operator.disabled")
    if operator.locked_until is not None and operator.locked_until > now:
        from kiosk.base.clock import to_local

        state += " " + t(
            "cli.operator.locked", until=f"{to_local(operator.locked_until):%d-%m %H:%M}"
        )
    return f"  {operator.name:<20} {operator.role:<11} {state}"


def cmd_operator(args: argparse.Namespace) -> int:
    """add, list, disable, enable, reset-pin, unlock, change-pin. Run at the machine itself:
    the audit names no operator for these (the terminal is the authority)."""
    from kiosk.base import clock
    from kiosk.desk import operators

    if args.action == "list":
        with _session(args) as session:
            rows = operators.list_all(session)
        now = clock.utcnow()
        for operator in rows:
            print(_operator_line(operator, now))
        return 0
    if args.action == "add":
        pin = _read_pin()
        with _session(args) as session:
            operators.add(session, args.name, pin, args.role)
        print(t("cli.operator.added", name=args.name.strip(), role=args.role))
        return 0
    if args.action == "change-pin":
        old = _read_pin("cli.operator.old_pin", confirm=False)
        new = _read_pin("cli.operator.new_pin")
        with _session(args) as session:
            operators.change_pin(session, operators.named(session, args.name).id, old, new)  # type: ignore[arg-type]
    elif args.action == "reset-pin":
        pin = _read_pin("cli.operator.new_pin")
        with _session(args) as session:
            operators.reset_pin(session, args.name, pin)
    else:
        with _session(args) as session:
            if args.action == "unlock":
                operators.unlock(session, args.name)
            else:
                operators.set_active(session, args.name, args.action == "enable")
    print(t(f"cli.operator.done_{args.action.replace('-', '_')}", name=args.name.strip()))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from kiosk.desk import qrtoken
    from kiosk.rules import casecode, ids

    with _session(args) as session:
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


def cmd_slip(args: argparse.Namespace) -> int:
    from kiosk.cases import store
    from kiosk.desk import audit
    from kiosk.papers import slip

    with _session(args) as session:
        case = store.find_case(session, args.case_code)
        if case is None:
            print(t("cli.case_unknown", code=args.case_code), file=sys.stderr)
            return 1
        path = slip.save_slip(session, case, args.format, args.output, replace=args.force)
        audit.exported(session, f"slip {case.code} {args.format}", path)
    print(path)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from kiosk.desk import audit
    from kiosk.followup import reports

    with _session(args) as session:
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
    print(t("cli.report.operators"))
    for name, count in report.by_operator.most_common():
        print(f"  {name or '-':<14} {count:>5}")
    print(t("cli.report.pending", count=len(report.payments_pending)))
    print(t("cli.report.mismatch", count=len(report.fktp_mismatches)))
    if args.csv:
        rows = reports.write_csv(report, args.csv, replace=args.force)
        with _session(args) as session:
            audit.exported(session, "report_csv", args.csv)
        print(t("cli.report.csv", rows=rows, file=args.csv))
    if args.pdf:
        from kiosk.desk import settings
        from kiosk.followup import report_pdf

        with _session(args) as session:
            desk = settings.get(session, "desk_name")
        report_pdf.save(report, desk, args.pdf, replace=args.force)
        with _session(args) as session:
            audit.exported(session, "report_pdf", args.pdf)
        print(t("cli.report.pdf", file=args.pdf))
    return 0


def _backup_secret(args: argparse.Namespace, confirm: bool) -> bytes:
    """The backup's passphrase: a key file, the terminal (typed twice, not shown), or one
    line of piped input."""
    if args.key_file is not None:
        return args.key_file.read_bytes()
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip().encode()
    import getpass

    first = getpass.getpass(t("cli.backup.passphrase"))
    if confirm and getpass.getpass(t("cli.backup.passphrase_again")) != first:
        from kiosk.desk.backup import BackupProblem

        raise BackupProblem(t("cli.backup.passphrase_differs"))
    return first.encode()


def cmd_backup(args: argparse.Namespace) -> int:
    from kiosk.base.database import session
    from kiosk.desk import audit, backup

    engine = _engine(args)
    try:
        backup.backup(engine, args.file, _backup_secret(args, confirm=True))
    except backup.BackupProblem as exc:
        print(str(exc), file=sys.stderr)
        return 2
    with session(engine) as s:
        audit.exported(s, "backup", args.file)
    print(t("cli.backup.done", file=args.file))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Put an encrypted backup in place of this kiosk's SQLite database (kiosks stopped)."""
    from sqlalchemy.engine import make_url

    from kiosk.base.config import database_url
    from kiosk.base.database import open_database, session
    from kiosk.desk import audit, backup

    url = make_url(database_url(args.db))
    if url.get_backend_name() != "sqlite" or not url.database:
        print(t("backup.not_sqlite"), file=sys.stderr)
        return 2
    target = Path(url.database)
    try:
        backup.restore(args.file, _backup_secret(args, confirm=False), target, force=args.force)
    except backup.BackupProblem as exc:
        print(str(exc), file=sys.stderr)
        return 2
    engine = open_database(str(url))  # a backup from an older kiosk is brought up to date
    with session(engine) as s:
        audit.record(s, "restore", detail=args.file.name[:300])
        s.commit()
        chain = audit.verify(s)
    print(t("cli.restore.done", file=args.file, db=target))
    if not chain.ok:
        assert chain.problem is not None
        print(
            t("cli.audit.broken", why=chain.problem.message, count=chain.checked), file=sys.stderr
        )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """Bring a shared database up to date with a role that may change its schema."""
    from kiosk.base.config import database_url
    from kiosk.base.database import HEAD_REVISION, make_engine, migrate

    applied = migrate(make_engine(database_url(args.db)))
    print(t("cli.migrate.done" if applied else "cli.migrate.current", revision=HEAD_REVISION))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """verify: exit 0 when the chain is intact, 1 naming the first break."""
    from kiosk.desk import audit

    with _session(args) as session:
        check = audit.verify(session)
    if not check.ok:
        assert check.problem is not None
        print(
            t("cli.audit.broken", why=check.problem.message, count=check.checked), file=sys.stderr
        )
        return 1
    print(t("cli.audit.intact", count=check.checked, seq=check.head_seq, hash=check.head_hash[:16]))
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    """The personal data of cases past the retention period; --dry-run only lists them."""
    from kiosk.cases import retention
    from kiosk.desk import settings
    from kiosk.rules import casecode

    with _session(args) as session:
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

    with _session(args) as session:
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
    with _session(args) as session:
        count = retention.forget_family(session, args.kk)
    print(t("cli.forget.done", count=count))
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    """list: every kiosk's public key and whether it still signs; rotate: a new key here."""
    from kiosk.base.clock import to_local
    from kiosk.desk import signing

    with _session(args) as session:
        if args.action == "rotate":
            print(t("cli.keys.rotated", kid=signing.rotate(session)))
            return 0
        for key in signing.keys(session):
            state = (
                t("cli.keys.retired", at=f"{to_local(key.retired_at):%d-%m-%Y}")
                if key.retired_at else t("cli.keys.signing")
            )  # fmt: skip
            print(f"  {key.kid}  {key.kiosk:<24} {to_local(key.created_at):%d-%m-%Y}  {state}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from kiosk.app import run

    return run(args.db)


COMMANDS = {
    "demo": cmd_demo, "import": cmd_import, "operator": cmd_operator, "verify": cmd_verify,
    "slip": cmd_slip, "report": cmd_report, "backup": cmd_backup, "restore": cmd_restore,
    "migrate": cmd_migrate,
    "audit": cmd_audit, "keys": cmd_keys, "purge": cmd_purge,
    "export-family": cmd_export_family, "forget-family": cmd_forget_family, None: cmd_run,
}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        # Plain `kiosk`, the everyday start: straight to the screen, no parser to build.
        return cmd_run(argparse.Namespace(db=None))
    if "--lang" in argv[:-1]:
        set_language(argv[argv.index("--lang") + 1])
    args = build_parser().parse_args(argv)
    if args.lang:
        os.environ["KIOSK_LANG"] = args.lang
    from kiosk.base.errors import WorkflowError
    from kiosk.base.exports import ExportProblem, file_problem

    try:
        return COMMANDS[args.command](args)
    except WorkflowError as exc:  # a refusal in the operator's words: exit 1, as for rows
        print(exc.message, file=sys.stderr)
        return 1
    except ExportProblem as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `kiosk report | head`: the reader left. Nothing more goes to the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(t("cli.broken_pipe"), file=sys.stderr)
        return 2
    except OSError as exc:
        if exc.filename is not None:
            print(file_problem(Path(exc.filename), exc).message, file=sys.stderr)
        else:
            print(t("cli.file_error", why=exc.strerror or type(exc).__name__), file=sys.stderr)
        return 2
    except Exception as exc:
        from sqlalchemy.exc import SQLAlchemyError

        if not isinstance(exc, SQLAlchemyError):
            raise
        from kiosk.base.database import safe_error

        # Never the database's own message: it may repeat a NIK or KK number.
        print(t("cli.db_error", why=safe_error(exc)), file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
