"""Restore-on-reboot tools (Deep Freeze, Windows' Unified Write Filter, an overlay root) put
back a frozen drive at every restart: a desk whose data folder is on one loses every case
registered since. The desk names its frozen drives in Settings; the kiosk warns while its
data folder is on one of them."""

from __future__ import annotations

import os
import re
from pathlib import Path

_DRIVE = re.compile(r"^([A-Za-z]):?\\?$")


def volumes(setting: str) -> list[str]:
    """The frozen drives as typed: "C:", "C:, E:" on Windows, mount points on Linux."""
    return [part.strip() for part in re.split(r"[;,]", setting) if part.strip()]


def _root(volume: str) -> Path:
    drive = _DRIVE.match(volume)
    # "C" or "C:" is the drive's root, not the current folder on drive C.
    return Path(f"{drive.group(1).upper()}:\\") if drive else Path(volume)


def frozen_volume(setting: str, data: Path) -> str | None:
    """The frozen drive (as typed in the setting) the data folder is on, or None. Compared by
    the volume the file system says each is on, so a folder mounted or linked elsewhere
    counts where it really lives."""
    try:
        here = os.stat(data).st_dev
    except OSError:
        return None
    for volume in volumes(setting):
        try:
            if os.stat(_root(volume)).st_dev == here:
                return volume
        except OSError:  # a drive not there today (a USB disk, a typo)
            continue
    return None


def warning(setting: str) -> str:
    """What the operator is told while the data folder is on a frozen drive; "" if it is not."""
    from kiosk.base.config import data_dir
    from kiosk.base.i18n import t

    folder = data_dir()
    drive = frozen_volume(setting, folder)
    return t("frozen.warning", folder=folder, drive=drive) if drive else ""
