"""A data folder on a drive that Deep Freeze restores at each restart is warned about."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.base.config import data_dir
from kiosk.desk import frozen


def test_the_drives_as_a_desk_types_them() -> None:
    assert frozen.volumes(" C:, e: ;/srv ") == ["C:", "e:", "/srv"]
    assert frozen.volumes("") == []


@pytest.mark.parametrize("typed", ["C", "c:", "C:\\"])
def test_a_drive_letter_is_its_root(typed: str) -> None:
    assert str(frozen._root(typed)) == "C:\\"


def test_the_data_folder_on_a_frozen_volume_is_found(tmp_path: Path) -> None:
    folder = data_dir()
    # The data folder's own volume (its parent is on it) among others that are not there.
    setting = f"Q:, /no/such/mount, {folder.parent}"
    assert frozen.frozen_volume(setting, folder) == str(folder.parent)
    assert "PERINGATAN" in frozen.warning(setting) and str(folder) in frozen.warning(setting)


def test_not_frozen_says_nothing() -> None:
    assert frozen.frozen_volume("", data_dir()) is None
    assert frozen.frozen_volume("/no/such/mount", data_dir()) is None
    assert frozen.warning("Q:") == ""


def test_another_volume_is_not_this_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Compared by volume, not by path: a folder that looks like it is under the frozen
    mount point but is on another volume is not warned about."""
    import os

    real = os.stat
    other = tmp_path / "thawspace"
    other.mkdir()

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        result = real(path)  # type: ignore[arg-type]
        if Path(str(path)) == other:
            fields = list(result)
            fields[2] = result.st_dev + 1  # st_dev: another volume mounted here
            return os.stat_result(fields)
        return result

    monkeypatch.setattr(os, "stat", stat)
    assert frozen.frozen_volume(str(tmp_path), other) is None
    assert frozen.frozen_volume(str(tmp_path), tmp_path) == str(tmp_path)
