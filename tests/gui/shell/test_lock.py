"""File > Lock and the idle lock in the window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from companion.domain.people import Person
from companion.services.changes import ChangeSet
from companion.services.instance.instance_messages import Command, Request
from companion.storage.keys import PassphrasePrompt
from companion.ui.shell.instance_requests import InstanceRequests
from companion.ui.shell.lock_controller import MINUTE_MS, LockController
from companion.ui.shell.passphrase_dialog import PassphraseDialog
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow


def _controller(
    running: RunningWindow, *, answers: list[str | None], minutes: int = 0, quits: list[bool]
) -> LockController:
    asked: list[PassphrasePrompt] = []

    def ask(prompt: PassphrasePrompt) -> str | None:
        asked.append(prompt)
        return answers.pop(0) if answers else None

    return LockController(
        running.window,
        session=running.session,
        changes=running.changes,
        ask=ask,
        idle_minutes=lambda: minutes,
        quit_app=lambda: quits.append(True),
    )


def test_lock_forgets_the_data_and_unlocking_brings_it_back(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given a person on record
    running.store.people.put(Person(id="ada", name="Ada"))
    running.changes.announce(ChangeSet(reset=True))
    quits: list[bool] = []
    lock = _controller(running, answers=[], quits=quits)
    running.window.lock_action.triggered.connect(lock.lock)
    assert running.window.lock_action.shortcut().toString() == "Ctrl+L"
    # When File > Lock is chosen, the data leaves memory and the window is disabled
    unlocked: list[bool] = []
    lock.ask_to_unlock = lambda: unlocked.append(True)  # type: ignore[method-assign]
    running.window.lock_action.trigger()
    assert running.session.locked
    assert running.session.key is None
    assert len(running.store.people) == 0
    assert not running.window.isEnabled()
    # And a request forwarded from the command line is told so, not given empty data
    handler = InstanceRequests(
        window=running.window,
        session=running.session,
        changes=running.changes,
        open_capture=lambda: None,
        data_dir=running.data_dir,
    )
    reply = handler.handle(Request(command=Command.EXPORT, format="json"))
    assert reply.exit_code != 0 and "locked" in reply.stderr
    assert not reply.payload
    # When it is unlocked (the key comes from the keychain again)
    qtbot.waitUntil(lambda: bool(unlocked))
    LockController.ask_to_unlock(lock)
    assert not running.session.locked
    assert running.window.isEnabled()
    assert running.store.people.get("ada") is not None
    assert quits == []


@pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS, "This plugin does not support raise")
def test_a_quick_capture_half_typed_when_the_app_locks_comes_back_after_unlocking(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given quick capture open with a name and a note typed, not saved yet
    quits: list[bool] = []
    lock = LockController(
        running.window,
        session=running.session,
        changes=running.changes,
        ask=lambda _prompt: None,
        idle_minutes=lambda: 0,
        quit_app=lambda: quits.append(True),
        reopen_capture=running.controller.reopen_quick_capture,
    )
    unlocked: list[bool] = []
    lock.ask_to_unlock = lambda: unlocked.append(True)  # type: ignore[method-assign]
    running.controller.open_quick_capture()
    capture = running.controller.capture_dialog.dialog
    assert capture is not None
    capture.name_edit.setText("Grace Hopper")
    capture.note_edit.setText("Compilers, at the meetup")
    # When the app locks (File > Lock or the idle lock): the dialog goes with the data
    lock.lock()
    assert not capture.isVisible()
    assert running.store.people.get("grace") is None
    # And is unlocked again
    qtbot.waitUntil(lambda: bool(unlocked))
    LockController.ask_to_unlock(lock)
    # Then quick capture is back with what was typed, nothing saved behind the user's back
    reopened = running.controller.capture_dialog.dialog
    assert reopened is not None and reopened.isVisible()
    assert reopened.name_edit.text() == "Grace Hopper"
    assert reopened.note_edit.text() == "Compilers, at the meetup"
    assert [person.name for person in running.store.people] == []
    assert quits == []
    reopened.reject()


def test_the_idle_lock_follows_the_preference(running: RunningWindow) -> None:
    quits: list[bool] = []
    lock = _controller(running, answers=[], minutes=15, quits=quits)
    assert lock._idle.isActive() and lock._idle.interval() == 15 * MINUTE_MS
    lock.ask_to_unlock = lambda: None  # type: ignore[method-assign]
    # When the idle time runs out, the app locks
    lock._idle.timeout.emit()
    assert running.session.locked
    # And without the preference there is no countdown
    off = _controller(running, answers=[], minutes=0, quits=quits)
    assert not off._idle.isActive()


def test_the_passphrase_dialog_counts_down_after_wrong_passphrases(qtbot: QtBot) -> None:
    # Given the dialog after wrong passphrases, with 2 seconds to wait
    dialog = PassphraseDialog(new=False, retry=True, wait_seconds=1.5)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    # Then OK waits, and the dialog says for how long
    assert not ok.isEnabled()
    assert "2 seconds" in dialog.problem.text()
    dialog.tick()
    assert "1 second." in dialog.problem.text()
    dialog.tick()
    # When the time is up, OK can be used again
    assert ok.isEnabled()
    assert "Please try again" in dialog.problem.text()
