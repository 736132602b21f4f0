"""Windows and macOS installer scripts agree with the bundle the spec builds (not built here)."""

from __future__ import annotations

import plistlib
import re
from pathlib import Path

from companion import APP_ID

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGING = REPO_ROOT / "packaging"


def test_macos_info_plist_declares_a_normal_high_dpi_app() -> None:
    # Given the Info.plist the spec's BUNDLE step reads
    with (PACKAGING / "macos" / "Info.plist").open("rb") as handle:
        info = plistlib.load(handle)

    # When / Then it names our bundle id, executable and icon, and is a Dock app
    assert info["CFBundleIdentifier"] == APP_ID
    assert info["CFBundleExecutable"] == "companion"
    assert info["CFBundleIconFile"] == "companion.icns"
    assert info["LSUIElement"] is False
    assert info["NSHighResolutionCapable"] is True


def test_macos_launch_agent_starts_the_app_in_the_background() -> None:
    # Given the LaunchAgent example
    with (PACKAGING / "macos" / f"{APP_ID}.plist").open("rb") as handle:
        agent = plistlib.load(handle)

    # When / Then it runs the bundled executable with --background at login
    assert agent["ProgramArguments"][-1] == "--background"
    assert agent["ProgramArguments"][0].endswith(".app/Contents/MacOS/companion")
    assert agent["RunAtLoad"] is True


def test_inno_setup_script_installs_the_spec_output_with_an_autostart_task() -> None:
    # Given the Inno Setup script and the PyInstaller spec
    script = (PACKAGING / "windows" / "common-ground.iss").read_text(encoding="utf-8")
    spec = (PACKAGING / "pyinstaller" / "companion.spec").read_text(encoding="utf-8")

    # When / Then the script packs the folder the spec collects into
    assert 'name="companion",\n)' in spec
    assert '#define BundleDir "dist\\companion"' in script
    # and registers start at login only as an opt-in task, with --background
    assert re.search(r'Name: "startatlogin";.*Flags: unchecked', script)
    run_key = next(line for line in script.splitlines() if "CurrentVersion\\Run" in line)
    assert "--background" in run_key
    assert "Tasks: startatlogin" in run_key
    assert "uninsdeletevalue" in run_key
    # and installs under Program Files (per user or machine) with a fixed AppId
    assert "DefaultDirName={autopf}\\{#AppName}" in script
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", script, re.MULTILINE)
