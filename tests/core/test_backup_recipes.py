"""The backup recipe in docs/deployment.md, run exactly as written: the key line, then the
crontab line as cron runs it (a bare environment: HOME, LOGNAME, SHELL and PATH=/usr/bin:/bin,
no profile read, `\\%` turned into `%`), twice, and the backup it made restored."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.base.database import open_database
from kiosk.base.database import session as make_session
from kiosk.demo import village
from models import Case
from tests.helpers.cli import kiosk
from tests.helpers.paths import ROOT

pytestmark = pytest.mark.posix_only


def recipe(name: str) -> str:
    """The code block under `<!-- recipe: NAME -->` in the deployment guide."""
    guide = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- recipe: {name} -->\n```\n(.*?)```", guide, re.S)
    assert found, f"no recipe {name} in docs/deployment.md"
    return found.group(1)


def as_cron_runs(line: str) -> str:
    """The command of a crontab line, as cron hands it to /bin/sh."""
    fields = line.split(None, 5)
    assert len(fields) == 6 and all(re.fullmatch(r"[\d*/,-]+", f) for f in fields[:5]), line
    command = fields[5]
    assert not re.search(r"(?<!\\)%", command), "an unescaped % ends a crontab command"
    return command.replace("\\%", "%")


def cron_env(home: Path) -> dict[str, str]:
    return {"HOME": str(home), "LOGNAME": "kiosk", "SHELL": "/bin/sh", "PATH": "/usr/bin:/bin"}


def test_the_documented_cron_backup_runs_as_written_and_restores(tmp_path: Path) -> None:
    home = tmp_path / "home"
    installed = home / ".local" / "bin"
    installed.mkdir(parents=True)
    # Where `uv tool install` puts the command: this environment's own kiosk.
    own = Path(sys.executable).parent / "kiosk"
    assert own.exists(), own
    (installed / "kiosk").symlink_to(own)
    # The desk's database where a desk keeps it (the platform's data folder under HOME).
    data = home / ".local" / "share" / "jkn-kiosk"
    data.mkdir(parents=True, mode=0o700)
    engine = open_database(f"sqlite:///{data / 'kiosk.db'}")
    with make_session(engine) as s:
        village.load(s)
        cases = len(s.exec(Case.__table__.select()).all())  # type: ignore[attr-defined]
    engine.dispose()
    assert cases > 0

    key = subprocess.run(
        ["/bin/sh", "-c", recipe("backup-key").strip()], env=cron_env(home),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert key.returncode == 0, key.stderr
    assert (home / ".config" / "jkn-kiosk-backup.key").stat().st_size == 32

    lines = [line for line in recipe("backup-cron").splitlines() if not line.startswith("#")]
    assert len(lines) == 1
    command = as_cron_runs(lines[0])
    for _night in (1, 2):  # the second night: the folder is there, today's file too
        ran = subprocess.run(
            ["/bin/sh", "-c", command], env=cron_env(home), capture_output=True, text=True,
            check=False, timeout=300,
        )  # fmt: skip
        if _night == 1:
            assert ran.returncode == 0, ran.stderr
    backups = sorted((home / "cadangan").glob("kiosk-*.bak"))
    assert len(backups) == 1 and backups[0].stat().st_mode & 0o077 == 0
    assert (home / "cadangan").stat().st_mode & 0o077 == 0
    # The second night's run refused to overwrite today's backup and said why.
    assert ran.returncode != 0 and "Traceback" not in ran.stderr

    restored = tmp_path / "restored.db"
    result = kiosk(
        "restore", str(backups[0]), "--key-file", str(home / ".config" / "jkn-kiosk-backup.key"),
        db=f"sqlite:///{restored}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    back = open_database(f"sqlite:///{restored}")
    with make_session(back) as s:
        assert len(s.exec(Case.__table__.select()).all()) == cases  # type: ignore[attr-defined]
    back.dispose()


def test_old_backups_go_after_thirty_days(tmp_path: Path) -> None:
    """The line's own clean-up, run with a backup 31 days old and one of yesterday."""
    home = tmp_path / "home"
    folder = home / "cadangan"
    folder.mkdir(parents=True)
    old, recent = folder / "kiosk-2026-10-01.bak", folder / "kiosk-2026-11-30.bak"
    for path, days in ((old, 32), (recent, 1)):
        path.write_bytes(b"x")
        then = path.stat().st_mtime - days * 86400
        os.utime(path, (then, then))
    command = as_cron_runs(recipe("backup-cron").splitlines()[-1])
    clean_up = command[command.index("find ") :]
    assert shutil.which("find", path="/usr/bin:/bin")
    subprocess.run(["/bin/sh", "-c", clean_up], env=cron_env(home), check=True)
    assert not old.exists() and recent.exists()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is absent")
def test_the_documented_systemd_timer_passes_systemd_s_own_check(tmp_path: Path) -> None:
    service = tmp_path / "kiosk-backup.service"
    timer = tmp_path / "kiosk-backup.timer"
    service.write_text(recipe("backup-service"), encoding="utf-8")
    timer.write_text(recipe("backup-timer"), encoding="utf-8")
    assert "%h/cadangan" in service.read_text() and "Persistent=true" in timer.read_text()
    # Checked as a system unit: the user manager needs a logged-in session this test lacks.
    done = subprocess.run(
        ["systemd-analyze", "verify", str(service), str(timer)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    broken = tmp_path / "broken.service"  # the check does refuse a command it cannot run
    broken.write_text(recipe("backup-service").replace("/usr/bin/find", str(tmp_path / "no")))
    refused = subprocess.run(
        ["systemd-analyze", "verify", str(broken)], capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0
    guide = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    for step in ("daemon-reload", "enable --now kiosk-backup.timer", "loginctl enable-linger"):
        assert step in guide
