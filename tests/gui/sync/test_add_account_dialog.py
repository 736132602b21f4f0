"""Add… while the server takes its time: the form stays responsive, and an answer that comes
after the user cancelled (or closed Preferences) stores nothing and breaks nothing."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from companion.remote.dav_discovery import Discovery
from companion.storage.store import Store
from companion.ui.sync import add_account_dialog
from companion.ui.sync.add_account_dialog import AddAccountDialog
from tests.gui.conftest import RunningWindow

NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)


def _slow_server(gate: threading.Event) -> object:
    def discover(_url: str, _user: str, _password: str) -> Discovery:
        assert gate.wait(20)
        raise AssertionError("unreachable in these tests: the answer is never used")

    return discover


def _ask(qtbot: QtBot, store: Store, parent: QWidget, gate: threading.Event) -> AddAccountDialog:
    dialog = AddAccountDialog(
        store=store,
        now=lambda: NOW,
        discover=_slow_server(gate),
        parent=parent,  # type: ignore[arg-type]
    )
    dialog.open()
    qtbot.keyClicks(dialog.name_edit, "Phone")
    qtbot.keyClicks(dialog.url_edit, "https://dav.example.org/")
    qtbot.keyClicks(dialog.user_edit, "alice")
    qtbot.keyClicks(dialog.password_edit, "secret")
    dialog.add_button.click()
    assert dialog.busy and dialog.name_edit.isReadOnly()
    assert dialog.status.text() == "Asking dav.example.org…"
    return dialog


def test_cancelling_while_the_server_is_asked_drops_its_answer(
    qtbot: QtBot, running: RunningWindow
) -> None:
    gate = threading.Event()
    dialog = _ask(qtbot, running.store, running.window, gate)
    dialog.reject()
    gate.set()
    qtbot.waitUntil(lambda: not add_account_dialog._IN_FLIGHT, timeout=10_000)
    assert not running.store.sync_accounts.all()


def test_closing_preferences_while_the_server_is_asked_breaks_nothing(
    qtbot: QtBot, running: RunningWindow
) -> None:
    gate = threading.Event()
    parent = QWidget()
    _ask(qtbot, running.store, parent, gate)
    parent.deleteLater()  # the dialog goes with it, unanswered
    qtbot.waitUntil(lambda: not parent.isVisible(), timeout=1_000)
    gate.set()
    qtbot.waitUntil(lambda: not add_account_dialog._IN_FLIGHT, timeout=10_000)
    assert not running.store.sync_accounts.all()
