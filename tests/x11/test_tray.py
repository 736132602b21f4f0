"""The real app under a real tray host: the icon shows, its menu works, and the app lives on in
the tray until it is told to quit (then it saves the window layout)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from companion import paths, settings
from tests.x11.conftest import run_qt_script

APP_TRAY_PROBE = Path(__file__).with_name("app_tray_probe.py")
MENU = [
    "Quick capture…",
    "No upcoming events",
    "Promises due (0)",
    "Reconnect (0)",
    "",
    "Open Common Ground",
    "",
    "Quit",
]
SCREENSHOT_ENV = "COMPANION_SCREENSHOT_DIR"


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
    assert ready["separators"] == [False, False, False, False, True, False, True, False], details
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


def test_tray_menu_shows_the_next_event_promises_and_reconnects_and_reminds(
    tmp_path: Path, x11_env: dict[str, str]
) -> None:
    # Given the app running with a tray icon, empty at first
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    shots = Path(os.environ.get(SCREENSHOT_ENV, tmp_path))
    env = {**x11_env, "COMPANION_TRAY_SCREENSHOT": str(shots / "tray-menu.png")}
    # When an event in two days, one that ended 30 minutes ago, an overdue promise to Ada and a
    # reconnect with Ben are added, and the tray menu's entries and a reminder are used
    report = _run_app("agenda", data_dir, env)
    details = json.dumps(report, indent=1)
    ids = report["ids"]
    # Then before the data the menu said so, without counts to open (the promises submenu
    # still leads to the Promises page)
    assert report["menu_before"][1:4] == [
        "No upcoming events",
        ["Promises due (0)", True, ["", "All promises…"]],
        ["Reconnect (0)", False, ["", "Show all on Home"]],
    ], details
    # And afterwards the icon is visible and its menu names the next event and counts
    assert report["tray_visible"] is True, details
    menu = report["menu"]
    assert menu[0] == "Quick capture…", details
    assert menu[1] == "Next: Go club (in 2 days)", details
    assert menu[2] == [
        "Promises due (1)",
        True,
        ["Ada Lovelace: Send the route map (3 days overdue)", "", "All promises…"],
    ], details
    assert menu[3] == ["Reconnect (1)", True, ["Ben Okri", "", "Show all on Home"]], details
    assert menu[4:] == ["", "Open Common Ground", "", "Quit"], details
    # And "Next: …" asked for the event's prep card
    assert report["after_next_event"] == [["prepare_event", ids["next"]]], details
    # And the scheduler requested one notification: the event that just ended
    assert report["messages"] == [
        [
            "Board game night",
            "Just ended. Who did you meet? Click to note them while you remember.",
        ]
    ], details
    # And clicking it asked to log who I met there
    assert report["after_click"][-1] == ["log_who_i_met", ids["ended"]], details
    # And the promise in the submenu opened Ada
    assert report["after_promise"][-1] == ["show_person", ids["ada"]], details
    assert report["exit_status"] == 0, details
    # And the reminder is remembered, so a restart today does not repeat it
    saved = settings.load(paths.settings_file(data_dir))
    assert any(key.startswith("event-ended:") for key in saved.shown_reminders), details
