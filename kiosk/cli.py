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
from kiosk.commands.desk import (
    cmd_audit,
    cmd_backup,
    cmd_keys,
    cmd_migrate,
    cmd_operator,
    cmd_restore,
)
from kiosk.commands.families import (
    cmd_demo,
    cmd_export_family,
    cmd_forget_family,
    cmd_import,
    cmd_office_form,
    cmd_purge,
    cmd_report,
    cmd_slip,
    cmd_verify,
)
from kiosk.commands.outreach import cmd_coverage_report, cmd_outreach


def _date(text: str) -> date:
    """The date forms imports accept: YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY."""
    from kiosk.base.clock import parse_date

    found = parse_date(text.strip())
    if found is None:
        raise argparse.ArgumentTypeError(t("cli.bad_date", value=text))
    return found


class _Version(argparse.Action):
    """--version, looked up only when asked: importlib.metadata costs every other command
    ~30 ms to import."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("jkn-kiosk")
        except PackageNotFoundError:  # run from a source tree that was never installed
            found = "unknown"
        print(f"{parser.prog} {found}")  # on stdout, as argparse's own version action
        parser.exit()


def _export_flags(command: argparse.ArgumentParser, pdf_help: str) -> None:
    """The files a report command writes (kiosk.commands.common.export_files)."""
    command.add_argument("--csv", type=Path, metavar="FILE")
    command.add_argument("--pdf", type=Path, metavar="FILE", help=pdf_help)
    command.add_argument("--xlsx", type=Path, metavar="FILE", help=t("cli.help.report_xlsx"))
    command.add_argument("--excel", action="store_true", help=t("cli.help.report_excel"))
    command.add_argument("--force", action="store_true", help=t("cli.help.force"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description=t("cli.description"), allow_abbrev=False
    )
    parser.add_argument("--db", metavar="URL", help=t("cli.help.db"))
    parser.add_argument("--lang", choices=("id", "en"), help=t("cli.help.lang"))
    parser.add_argument("--version", action=_Version, nargs=0, help=t("cli.help.version"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help=t("cli.help.demo"))
    demo.add_argument("--families", type=int, default=300, metavar="N")

    imp = sub.add_parser("import", help=t("cli.help.import"))
    imp.add_argument("kind", choices=("families", "coverage", "facilities", "desil"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help=t("cli.help.dry_run"))
    imp.add_argument("--skip-bad", action="store_true", help=t("cli.help.skip_bad"))
    imp.add_argument("--kode-wilayah", default="", metavar="CODE", help=t("cli.help.region"))
    imp.add_argument("--as-of", type=_date, metavar="DATE", help=t("cli.help.as_of"))

    op = sub.add_parser("operator", help=t("cli.help.operator"))
    op_sub = op.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = op_sub.add_parser("add", help=t("cli.help.operator_add"))
    add.add_argument("name")
    add.add_argument("--role", choices=("operator", "supervisor"), default="operator")
    add.add_argument("--by", metavar="SUPERVISOR", help=t("cli.help.operator_by"))
    op_sub.add_parser("list", help=t("cli.help.operator_list"))
    for action in ("disable", "enable", "reset-pin", "unlock", "change-pin"):
        named = op_sub.add_parser(action, help=t(f"cli.help.operator_{action.replace('-', '_')}"))
        named.add_argument("name")
        if action in ("enable", "reset-pin"):
            named.add_argument("--by", metavar="SUPERVISOR", help=t("cli.help.operator_by"))

    verify = sub.add_parser("verify", help=t("cli.help.verify"))
    verify.add_argument("payload")

    slip = sub.add_parser("slip", help=t("cli.help.slip"))
    slip.add_argument("case_code")
    slip.add_argument("--format", choices=("a4", "a5", "80mm", "58mm"), default="a4")
    slip.add_argument("-o", "--output", type=Path)
    slip.add_argument("--force", action="store_true", help=t("cli.help.force"))

    office = sub.add_parser("office-form", help=t("cli.help.office_form"))
    office.add_argument("case_code")
    office.add_argument("-o", "--output", type=Path)
    office.add_argument("--force", action="store_true", help=t("cli.help.force"))

    report = sub.add_parser("report", help=t("cli.help.report"))
    report.add_argument("--from", dest="start", type=_date, metavar="DATE")
    report.add_argument("--to", dest="end", type=_date, metavar="DATE")
    _export_flags(report, t("cli.help.report_pdf"))
    report.add_argument("--training", action="store_true", help=t("cli.help.training"))

    from kiosk.rules.routes import ROUTES  # small, and only its names

    reach = sub.add_parser("outreach", help=t("cli.help.outreach"))
    reach.add_argument("--dusun", metavar="NAME")
    reach.add_argument("--rw", metavar="N")
    reach.add_argument("--rt", metavar="N")
    reach.add_argument("--route", choices=(*ROUTES, "check"), help=t("cli.help.outreach_route"))
    reach.add_argument("--desil-max", type=int, choices=range(1, 11), metavar="N",
                       help=t("cli.help.outreach_desil"))  # fmt: skip
    reach.add_argument("--open-case", choices=("yes", "no"), help=t("cli.help.outreach_case"))
    _export_flags(reach, t("cli.help.outreach_pdf"))

    cover = sub.add_parser("coverage-report", help=t("cli.help.coverage_report"))
    cover.add_argument("--from", dest="start", type=_date, metavar="DATE")
    cover.add_argument("--to", dest="end", type=_date, metavar="DATE")
    _export_flags(cover, t("cli.help.report_pdf"))

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
    revoke = keys_sub.add_parser("revoke", help=t("cli.help.keys_revoke"))
    revoke.add_argument("kid", metavar="KID")
    revoke.add_argument("--from", dest="since", required=True, metavar="DATE")

    audit = sub.add_parser("audit", help=t("cli.help.audit"))
    audit_sub = audit.add_subparsers(dest="action", required=True, metavar="ACTION")
    audit_sub.add_parser("verify", help=t("cli.help.audit_verify"))
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    from kiosk.app import run

    return run(args.db)


COMMANDS = {
    "demo": cmd_demo, "import": cmd_import, "operator": cmd_operator, "verify": cmd_verify,
    "slip": cmd_slip, "office-form": cmd_office_form, "report": cmd_report, "outreach": cmd_outreach,
    "coverage-report": cmd_coverage_report, "backup": cmd_backup, "restore": cmd_restore,
    "migrate": cmd_migrate,
    "audit": cmd_audit, "keys": cmd_keys, "purge": cmd_purge,
    "export-family": cmd_export_family, "forget-family": cmd_forget_family, None: cmd_run,
}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        # Plain `kiosk`, the everyday start: straight to the screen, no parser to build.
        args = argparse.Namespace(db=None, command=None)
    else:
        if "--lang" in argv[:-1]:
            set_language(argv[argv.index("--lang") + 1])
        args = build_parser().parse_args(argv)
        if args.lang:
            os.environ["KIOSK_LANG"] = args.lang
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    """The command, its refusals and faults said in one line each: never a traceback."""
    from kiosk.base.errors import WorkflowError
    from kiosk.base.exports import ExportProblem, file_problem

    if args.command is not None:  # a command's work is logged too (the kiosk starts its own)
        from kiosk.base import logs

        logs.start()
        logs.log.info("command %s", args.command)
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
        from kiosk.base import config
        from kiosk.base.database import is_database_error
        from kiosk.base.db_problems import is_known, said

        if not (is_database_error(exc) or is_known(exc)):
            # A fault of the kiosk's own: said in one line, its frames in the log.
            from kiosk.base import logs

            logs.start()
            logs.log_fault(exc, f"kiosk {args.command or ''}".strip())
            print(logs.fault_report(exc), file=sys.stderr)
            return logs.EXIT_FAULT

        # Never the database's own message: it may repeat a NIK or KK number.
        print(said(exc, config.database_url(getattr(args, "db", None)), "cli.db_error"),
              file=sys.stderr)  # fmt: skip
        return 3


if __name__ == "__main__":
    sys.exit(main())
