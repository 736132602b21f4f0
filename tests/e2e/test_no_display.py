"""Starting the window where there is no screen (an SSH session, a cron job)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from subprocess import CompletedProcess

import pytest

NO_SCREEN = {"QT_QPA_PLATFORM": None, "DISPLAY": None, "WAYLAND_DISPLAY": None}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland only")
@pytest.mark.parametrize("command", [(), ("capture",)])
def test_the_window_without_a_screen_says_so_instead_of_aborting(
    companion_cli: Callable[..., CompletedProcess[str]], command: tuple[str, ...]
) -> None:
    # Given a terminal with no DISPLAY and no WAYLAND_DISPLAY, and no app running
    # When the user starts the window (or quick capture, which starts it)
    result = companion_cli(*command, env=NO_SCREEN)
    # Then they read why, in one line, and the command fails normally (no core dump)
    assert result.returncode == 1, result.stderr
    assert "no screen to open the window on" in result.stderr
    assert "qt.qpa" not in result.stderr
