"""The X11 harness works: under Xvfb and trayer, Qt finds a system tray and embeds an icon in it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.x11.conftest import X11Display, run_qt_script

TRAY_PROBE = Path(__file__).with_name("tray_probe.py")
SCREEN_WIDTH = 1280
TRAY_HEIGHT = 24


def test_qt_sees_the_tray_and_embeds_an_icon(
    x11_display: X11Display, x11_env: dict[str, str]
) -> None:
    # Given Xvfb with trayer running (session fixture)
    # When a Qt program on that display shows a tray icon
    result = run_qt_script(TRAY_PROBE, env=x11_env)
    # Then Qt saw a tray, and the icon got a place on screen in it
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stderr}"
    lines = result.stdout.strip().splitlines()
    assert lines, f"the probe printed nothing\n{result.stderr}"
    report = json.loads(lines[-1])
    details = f"{report}\nstderr:\n{result.stderr}"
    assert report["platform"] == "xcb", details
    assert report["available"] is True, details
    assert report["embedded"] is True, details
    assert report["visible"] is True, details
    x, y, width, height = report["geometry"]
    assert width > 0 and height > 0, details
    # trayer sits at the top edge of the 1280-pixel-wide screen, 24 pixels high
    assert 0 <= x < SCREEN_WIDTH and 0 <= y < TRAY_HEIGHT, details
