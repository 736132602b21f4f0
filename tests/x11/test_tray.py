"""The real app under a real tray host: the icon shows, its menu works, and the app lives on in
the tray until it is told to quit (then it saves the window layout)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from companion import paths, settings
from tests.x11.conftest import run_qt_script

APP_TRAY_PROBE = Path(__file__).with_name("app_tray_probe.py")
MENU = ["Quick capture…", "Open Common Ground", "", "Quit"]


def _run_app(mode: str, data_dir: Path, env: dict[str, str], *arguments: str) -> dict[str, Any]:
    # The first-run welcome would cover the window; these tests are about the tray.
    settings.save(settings.Settings(welcome_shown=True), paths.settings_file(data_dir))
    result = run_qt_script(
        APP_TRAY_PROBE, mode, "--data-dir", str(data_dir), *arguments, env=env, timeout=90
    )
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stderr}"
    lines = result.stdout.strip().splitlines()
    assert lines, f"the probe printed nothing\n{result.stderr}"
    report: dict[str, Any] = json.loads(lines[-1])
    assert not report.get("timed_out"), f"{report}\nstderr:\n{result.stderr}"
    return report


def _steps(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {step["step"]: step for step in report["steps"]}


def test_tray_icon_shows_with_its_menu_and_closing_the_window_hides_it(
    tmp_path: Path, x11_env: dict[str, str]
) -> None:
    # Given a new data folder and a desktop with a tray
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    # When the app starts, its window is closed, reopened from the tray, the icon is clicked
    # twice, and the tray menu's Quit is chosen
    report = _run_app("tray", data_dir, x11_env)
    # Then the icon was in the tray with its menu, and the window followed each step
    steps = _steps(report)
    details = json.dumps(report, indent=1)
    ready = steps["ready"]
    assert ready["tray_visible"] is True, details
    assert ready["tooltip"] == "Common Ground", details
    assert ready["menu"] == MENU, details
    assert ready["separators"] == [False, False, True, False], details
    assert ready["capture_enabled"] is True, details
    _x, _y, width, height = ready["geometry"]
    assert width > 0 and height > 0, details
    assert ready["window_visible"] is True, details
    assert steps["closed"]["window_visible"] is False, details
    assert steps["opened"]["window_visible"] is True, details
    assert steps["clicked"]["window_visible"] is False, details
    assert steps["clicked again"]["window_visible"] is True, details
    # And Quit ended the app normally, having saved the layout and told about the tray once
    assert report["exit_status"] == 0, details
    saved = settings.load(paths.settings_file(data_dir))
    assert saved.window_geometry, details
    assert saved.tray_hint_shown is True, details


def test_background_start_with_a_tray_keeps_the_window_hidden(
    tmp_path: Path, x11_env: dict[str, str]
) -> None:
    # Given a new data folder and a desktop with a tray
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    # When the app starts with --background, is opened from the tray, then File > Quit is chosen
    report = _run_app("background", data_dir, x11_env, "--background")
    # Then the data loaded with no window on screen, only the tray icon
    steps = _steps(report)
    details = json.dumps(report, indent=1)
    assert steps["ready"]["window_visible"] is False, details
    assert steps["ready"]["visible_top_levels"] == [], details
    assert steps["ready"]["tray_visible"] is True, details
    # And "Open Common Ground" showed it, and File > Quit really quit (not just hid it)
    assert steps["opened"]["window_visible"] is True, details
    assert report["exit_status"] == 0, details
    assert settings.load(paths.settings_file(data_dir)).window_geometry, details


def test_sigterm_with_a_tray_quits_and_saves_the_layout(
    tmp_path: Path, x11_env: dict[str, str]
) -> None:
    # Given the app running with a tray icon
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    # When it gets SIGTERM (log-out, kill)
    report = _run_app("sigterm", data_dir, x11_env)
    # Then it quits normally instead of hiding in the tray, and the layout is saved
    details = json.dumps(report, indent=1)
    assert report["exit_status"] == 0, details
    saved = settings.load(paths.settings_file(data_dir))
    assert saved.window_geometry, details
    # And quitting is not closing: nobody was told the app stays in the tray
    assert saved.tray_hint_shown is False, details
