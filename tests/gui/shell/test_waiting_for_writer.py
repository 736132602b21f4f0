"""The window started while a ``companion import`` holds the data waits for it, then opens."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from companion.services.instance.instance_messages import Command, Reply, Request
from companion.storage.store import Store
from companion.ui.shell.single_instance import forward_request
from companion.ui.shell.starting_up import StartingUp
from companion.ui.shell.waiting_for_writer import WaitingForWriter, store_is_free


def _cancel_button(waiting: WaitingForWriter) -> QPushButton:
    button = waiting.dialog.findChild(QPushButton)
    assert isinstance(button, QPushButton) and button.text() == "Cancel"
    return button


def test_the_wait_ends_once_the_data_is_free(qtbot: QtBot) -> None:
    # Given data held for three more checks
    answers = iter([False, False, False, True])
    waiting = WaitingForWriter(None, is_free=lambda: next(answers), interval_ms=5)
    # When the window waits
    # Then it says so while it waits, and the wait ends with the data free
    QTimer.singleShot(0, lambda: shown.append(waiting.dialog.labelText()))
    shown: list[str] = []
    assert waiting.wait() is True
    assert shown == ["Waiting for an import to finish…"]


def test_the_wait_can_be_cancelled(qtbot: QtBot) -> None:
    # Given data that stays held
    waiting = WaitingForWriter(None, is_free=lambda: False, interval_ms=5)
    # When the user presses Cancel while the window waits
    QTimer.singleShot(20, lambda: _cancel_button(waiting).click())
    # Then the wait ends, and says it was not granted
    assert waiting.wait() is False


def test_the_waiting_dialog_looks_right(qtbot: QtBot, tmp_path: Path) -> None:
    waiting = WaitingForWriter(None, is_free=lambda: False, interval_ms=5)
    QTimer.singleShot(30, lambda: waiting.dialog.grab().save(str(tmp_path / "waiting.png")))
    QTimer.singleShot(60, waiting.dialog.reject)  # Escape
    assert waiting.wait() is False
    assert (tmp_path / "waiting.png").read_bytes().startswith(b"\x89PNG")


def test_the_store_is_free_only_without_another_writer(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder):
        assert not store_is_free(folder)
    assert store_is_free(folder)
    assert store_is_free(tmp_path / "never-made")


def test_requests_meanwhile_are_told_it_is_busy_and_why() -> None:
    starting = StartingUp()
    starting.waiting_for_writer = True
    reply = starting.handle(Request(command=Command.IMPORT, paths=(Path("/x.vcf"),)))
    assert reply.busy and reply.exit_code == 1
    assert "waiting for another import to finish" in reply.stderr
    # The flag travels: an older reply without it is not busy
    assert Reply.encode(reply).count(b'"busy":true') == 1


# A real window app in a child process (its event loop must not run inside this one).
_WINDOW_APP = """
import argparse, sys
from pathlib import Path
from companion.app import run_app
options = argparse.Namespace(background=False, smoke_test=False, quit_when_shown=False)
sys.exit(run_app(options, data_dir=Path(sys.argv[1]), locale_requested="en"))
"""


@pytest.mark.e2e
@pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="ends the app with SIGTERM")
def test_the_window_waits_for_a_cli_import_then_opens(qtbot: QtBot, tmp_path: Path) -> None:
    # Given a store held by another process's import (here: this test holds its writer lock)
    data_dir = tmp_path / "data"
    Store.open(data_dir).close()
    replies: list[Reply] = []

    def ask(*, busy: bool) -> bool:
        reply = forward_request(data_dir, Request(command=Command.EXPORT, format="json"))
        replies.append(reply or Reply(exit_code=99))
        return reply is not None and reply.busy is busy and (busy or reply.exit_code == 0)

    with Store.open(data_dir):
        # When the window app starts on the same folder
        app = subprocess.Popen(
            [sys.executable, "-c", _WINDOW_APP, str(data_dir)],
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            # Then an export asked meanwhile is answered "busy", saying the window waits
            qtbot.waitUntil(
                lambda: ask(busy=True) and "waiting for another import" in replies[-1].stderr,
                timeout=60_000,
            )
        except BaseException:
            app.kill()
            raise
    try:
        # And once the import is done, the window opens the data and does the export
        qtbot.waitUntil(lambda: ask(busy=False), timeout=60_000)
        assert orjson.loads(replies[-1].payload)["format"] == "common-ground-backup"
    finally:
        app.send_signal(signal.SIGTERM)
        _out, errors = app.communicate(timeout=60)
    assert app.returncode == 0, errors
    assert "Traceback" not in errors
