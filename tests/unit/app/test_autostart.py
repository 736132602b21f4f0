"""Start at login: the XDG autostart entry written, read back and removed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from companion import autostart


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """XDG_CONFIG_HOME in a temp folder, so nothing touches the real ~/.config."""
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def _values(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


pytestmark = pytest.mark.skipif(not autostart.is_supported(), reason="XDG autostart is Unix")


def test_enable_writes_the_entry_into_the_xdg_autostart_folder(config_home: Path) -> None:
    # Given no autostart entry
    assert not autostart.is_enabled()

    # When start at login is switched on
    path = autostart.enable(command="companion")

    # Then the entry is in $XDG_CONFIG_HOME/autostart and starts the app in the background
    assert path == config_home / "autostart" / "org.commonground.Companion.desktop"
    values = _values(path)
    assert values["Exec"] == "companion --background"
    assert values["Type"] == "Application"
    assert values["Icon"] == "org.commonground.Companion"
    assert autostart.is_enabled()


def test_disable_removes_the_entry_and_is_idempotent(config_home: Path) -> None:
    # Given start at login is on
    path = autostart.enable(command="companion")

    # When it is switched off twice
    autostart.disable()
    autostart.disable()

    # Then the entry is gone and no error was raised
    assert not path.exists()
    assert not autostart.is_enabled()


def test_enable_twice_replaces_the_entry_without_leaving_temp_files(config_home: Path) -> None:
    # Given an existing entry
    autostart.enable(command="/old/companion")

    # When it is enabled again
    autostart.enable(command="companion")

    # Then there is exactly one, current entry in the folder
    folder = config_home / "autostart"
    assert [entry.name for entry in folder.iterdir()] == ["org.commonground.Companion.desktop"]
    assert _values(folder / "org.commonground.Companion.desktop")["Exec"].startswith("companion ")


def test_failed_write_leaves_the_previous_entry_intact(
    config_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an entry, and a disk that fails while writing
    path = autostart.enable(command="companion")
    before = path.read_bytes()

    def failing_write(descriptor: int, data: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("companion.storage.atomic.os.write", failing_write)

    # When enabling again fails
    with pytest.raises(OSError):
        autostart.enable(command="/somewhere/else/companion")

    # Then the old entry is untouched and no temp file is left behind
    assert path.read_bytes() == before
    assert len(list(path.parent.iterdir())) == 1


@pytest.mark.parametrize("switched_off_line", ["Hidden=true", "X-GNOME-Autostart-enabled=false"])
def test_entry_switched_off_by_the_desktop_counts_as_disabled(
    config_home: Path, switched_off_line: str
) -> None:
    # Given our entry, switched off by a desktop settings tool without deleting it
    path = autostart.enable(command="companion")
    text = path.read_text(encoding="utf-8").replace("X-GNOME-Autostart-enabled=true\n", "")
    path.write_text(text + switched_off_line + "\n", encoding="utf-8")

    # When / Then it is reported as off
    assert not autostart.is_enabled()


def test_command_with_spaces_is_quoted_as_the_desktop_entry_spec_requires(
    config_home: Path,
) -> None:
    # Given a launcher in a folder whose name has a space and a percent sign
    # When start at login is switched on with it
    path = autostart.enable(command="/opt/my apps/100%/companion")

    # Then the Exec key quotes the path and doubles the percent sign
    assert _values(path)["Exec"] == '"/opt/my apps/100%%/companion" --background'


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="needs desktop-file-utils"
)
def test_written_entry_is_a_valid_desktop_file(config_home: Path) -> None:
    # Given an entry with a quoted command
    path = autostart.enable(command="/opt/my apps/companion")

    # When the freedesktop validator checks it
    result = subprocess.run(
        ["desktop-file-validate", str(path)], capture_output=True, text=True, check=False
    )

    # Then it reports no error
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout


def test_default_command_runs_an_existing_launcher(config_home: Path) -> None:
    # Given the installed project (the `companion` script is on PATH or beside the interpreter)
    # When the launch command is chosen
    command = autostart.launch_command()

    # Then it names a program that exists
    assert shutil.which(command) or Path(command).is_file(), (command, sys.executable)
