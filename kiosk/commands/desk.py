"""Subcommands for the desk itself: operators, backups and restore, migrations, the audit trail,
signing keys."""

from __future__ import annotations

import argparse  # stdlib: cheap, and skipped entirely for a plain start
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.base.i18n import t
from kiosk.commands.common import interactive, read_line, read_pin, session_for

if TYPE_CHECKING:
    from sqlmodel import Session


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
        with session_for(args) as session:
            rows = operators.list_all(session)
        now = clock.utcnow()
        for operator in rows:
            print(_operator_line(operator, now))
        return 0
    if args.action == "add":
        pin = read_pin()
        approval = _approval_pin(args)
        with session_for(args) as session:
            operators.add(session, args.name, pin, args.role, _approver(session, args, approval))
        print(t("cli.operator.added", name=args.name.strip(), role=args.role))
        return 0
    if args.action == "change-pin":
        old = read_pin("cli.operator.old_pin", confirm=False)
        new = read_pin("cli.operator.new_pin")
        with session_for(args) as session:
            operators.change_pin(session, operators.named(session, args.name).id, old, new)  # type: ignore[arg-type]
    elif args.action == "reset-pin":
        pin = read_pin("cli.operator.new_pin")
        approval = _approval_pin(args)
        with session_for(args) as session:
            operators.reset_pin(session, args.name, pin, _approver(session, args, approval))
    else:
        approval = _approval_pin(args)
        with session_for(args) as session:
            if args.action == "unlock":
                operators.unlock(session, args.name)
            else:
                by = _approver(session, args, approval)
                operators.set_active(session, args.name, args.action == "enable", by)
    print(t(f"cli.operator.done_{args.action.replace('-', '_')}", name=args.name.strip()))
    return 0


def _approval_pin(args: argparse.Namespace) -> str:
    """The approving supervisor's PIN (`--by NAME`), asked after the new PIN, once."""
    if getattr(args, "by", None) is None:
        return ""
    return read_pin("cli.operator.by_pin", confirm=False)


def _approver(session: Session, args: argparse.Namespace, pin: str) -> int | None:
    """The id of the supervisor named with --by, once their PIN is checked (as at login);
    None without --by (the core then refuses what only a supervisor may approve)."""
    from kiosk.desk import operators

    if getattr(args, "by", None) is None:
        return None
    return operators.approver(session, args.by, pin).id


def _backup_secret(args: argparse.Namespace, confirm: bool) -> bytes:
    """The backup's passphrase: a key file, the terminal (typed twice, not shown), or one
    line of piped input."""
    if args.key_file is not None:
        from kiosk.desk.backup import read_key_file

        return read_key_file(args.key_file, new=confirm)
    if not interactive():
        return read_line().encode()
    import getpass

    first = getpass.getpass(t("cli.backup.passphrase"))
    if confirm and getpass.getpass(t("cli.backup.passphrase_again")) != first:
        from kiosk.desk.backup import BackupProblem

        raise BackupProblem(t("cli.backup.passphrase_differs"))
    return first.encode()


def cmd_backup(args: argparse.Namespace) -> int:
    from kiosk.commands import progress
    from kiosk.desk import anchor, audit, backup

    with session_for(args) as s:
        try:
            secret = _backup_secret(args, confirm=True)  # asked before the spinner starts
            with progress.step(t("cli.progress.backup")):
                backup.backup(s.get_bind(), args.file, secret)
        except backup.BackupProblem as exc:
            print(str(exc), file=sys.stderr)
            return 2
        audit.exported(s, "backup", args.file)
        anchor.write(s, "backup")
    print(t("cli.backup.done", file=args.file))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Put an encrypted backup in place of this kiosk's SQLite database (kiosks stopped)."""
    from sqlalchemy.engine import make_url

    from kiosk.base.config import database_url
    from kiosk.base.database import open_database, session
    from kiosk.desk import anchor, audit, backup

    url = make_url(database_url(args.db))
    if url.get_backend_name() != "sqlite" or not url.database:
        print(t("backup.not_sqlite"), file=sys.stderr)
        return 2
    target = Path(url.database)
    from kiosk.commands import progress

    try:
        secret = _backup_secret(args, confirm=False)
        with progress.step(t("cli.progress.restore")):
            backup.restore(args.file, secret, target, force=args.force)
    except backup.BackupProblem as exc:
        print(str(exc), file=sys.stderr)
        return 2
    engine = open_database(str(url))  # a backup from an older kiosk is brought up to date
    with session(engine) as s:
        # Against the anchors from before, ahead of the restore's own event: what the
        # restore took back, or what is wrong in the backup itself.
        chain = audit.verify(s)
        audit.record(s, "restore", detail=audit.file_name(args.file)[:300])
        s.commit()
        anchor.write(s, "restore")  # from here on, the restored trail is the one held to
    engine.dispose()
    print(t("cli.restore.done", file=args.file, db=target))
    problem = chain.problem
    if problem is not None and problem.key == "audit.check.truncated":
        # What every restore does: the events recorded after the backup (the backup's own
        # event at least) are not in it. Said as that, not as a damaged trail.
        later = int(str(problem.params["seq"])) - int(str(problem.params["head"]))
        print(t("cli.restore.rolled_back", head=problem.params["head"], later=later))
    elif problem is not None:
        print(t("cli.audit.broken", why=problem.message, count=chain.checked), file=sys.stderr)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """Bring a shared database up to date with a role that may change its schema."""
    from kiosk.base.config import database_url
    from kiosk.base.database import HEAD_REVISION, make_engine, migrate

    applied = migrate(make_engine(database_url(args.db)))  # makes the database if need be
    print(t("cli.migrate.done" if applied else "cli.migrate.current", revision=HEAD_REVISION))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """verify: exit 0 when the chain is intact, 1 naming the first break."""
    from kiosk.desk import anchor, audit

    with session_for(args) as session:
        check = audit.verify(session)
        if check.ok:  # what was found whole is anchored: a later cut shows against it
            anchor.write(session, "verify")
    if not check.ok:
        assert check.problem is not None
        print(
            t("cli.audit.broken", why=check.problem.message, count=check.checked), file=sys.stderr
        )
        return 1
    print(t("cli.audit.intact", count=check.checked, seq=check.head_seq, hash=check.head_hash[:16]))
    if check.anchor is not None:
        print(t("cli.audit.anchored", seq=check.anchor.seq, at=check.anchor.at[:10]))
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    """list: every kiosk's public key and whether it still signs; rotate: a new key here."""
    from kiosk.base.clock import to_local
    from kiosk.desk import signing

    with session_for(args) as session:
        if args.action == "rotate":
            print(t("cli.keys.rotated", kid=signing.rotate(session)))
            return 0
        if args.action == "revoke":
            from kiosk.base import clock

            since = clock.parse_date(args.since)
            if since is None:
                print(t("cli.keys.bad_date", date=args.since), file=sys.stderr)
                return 2
            replaced = signing.revoke(session, args.kid.upper(), since)
            print(t("cli.keys.revoked", kid=args.kid.upper(), date=f"{since:%d-%m-%Y}"))
            if replaced:
                print(t("cli.keys.rotated", kid=replaced))
            return 0
        for key in signing.keys(session):
            state = (
                t("cli.keys.revoked_state", date=f"{key.revoked_from:%d-%m-%Y}")
                if key.revoked_from else
                t("cli.keys.retired", at=f"{to_local(key.retired_at):%d-%m-%Y}")
                if key.retired_at else t("cli.keys.signing")
            )  # fmt: skip
            print(f"  {key.kid}  {key.kiosk:<24} {to_local(key.created_at):%d-%m-%Y}  {state}")
    return 0
