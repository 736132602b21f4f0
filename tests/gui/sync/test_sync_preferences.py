"""Preferences > Sync driven as a user would: adding an account against a real Radicale,
choosing what is read and sent, a wrong password, removing — and screenshots to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from companion.ui.settings.preferences_dialog import PreferencesDialog
from companion.ui.sync.add_account_dialog import AddAccountDialog
from companion.ui.sync.sync_controller import SyncController
from companion.ui.sync.sync_runner import real_steps
from companion.ui.sync.sync_section import SyncSection
from companion.ui.sync.sync_wiring import connect_sync
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow
from tests.support.dav_phone import Phone
from tests.support.fake_sync_round import FakeRound
from tests.support.radicale_server import PASSWORD, USER, RadicaleServer, running_radicale
from tests.support.test_keyring import TestKeyring

KEYRING_SERVICE = "org.commonground.Companion"
NOW = datetime(2026, 11, 25, 18, 30, tzinfo=UTC)
#: Set to a folder to keep the screenshots (they are always taken, so taking them is tested).
SHOTS = os.environ.get("COMPANION_SCREENSHOTS", "")

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)

ANA = """
BEGIN:VCARD
VERSION:4.0
UID:urn:uuid:ana-1
FN:Ana from the phone
TEL:+49 30 1234567
END:VCARD
"""


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    with running_radicale(tmp_path) as (server, _allowed):
        server.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
        server.add_collection(f"{USER}/personal", tag="VCALENDAR", name="Personal")
        server.add_collection(f"{USER}/holidays", tag="VCALENDAR", name="Holidays")
        yield server


def _shot(widget: QWidget, name: str, tmp_path: Path) -> None:
    folder = Path(SHOTS) if SHOTS else tmp_path
    assert widget.grab().save(str(folder / f"{name}.png"))


def _open_sync_tab(
    qtbot: QtBot, running: RunningWindow, round_: FakeRound | None
) -> tuple[PreferencesDialog, SyncSection, SyncController]:
    """Preferences > Sync over the window; ``round_`` None: the real round."""
    sync = connect_sync(
        running.window,
        session=running.session,
        changes=running.changes,
        now=lambda: NOW,
        today=lambda: NOW.date(),
        preferences=running.controller.preferences,
        home=None,
        show_person=lambda _person_id: None,
        tray=None,
        steps=real_steps if round_ is None else round_.steps,
    )
    running.window.preferences_action.trigger()
    dialog = running.controller.preferences_dialog
    assert dialog is not None and dialog.tabs is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    # Alt+Y is the tab's shortcut: the keyboard gets there like the mouse.
    qtbot.keyClick(dialog, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    section = dialog.tabs.currentWidget()
    assert isinstance(section, SyncSection)
    return dialog, section, sync


def _fill_and_add(qtbot: QtBot, section: SyncSection, url: str, password: str) -> AddAccountDialog:
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    dialog = next(
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, AddAccountDialog) and widget.isVisible()
    )
    qtbot.keyClicks(dialog.name_edit, "Phone")
    qtbot.keyClicks(dialog.url_edit, url)
    qtbot.keyClicks(dialog.user_edit, USER)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    return dialog


def test_an_account_is_added_chosen_and_removed_in_preferences(
    qtbot: QtBot,
    running: RunningWindow,
    radicale: RadicaleServer,
    test_keyring: TestKeyring,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a phone that has Ana in its address book, and Preferences > Sync with no account
    phone = Phone(f"{radicale.url}{USER}/contacts/")
    phone.put("ana.vcf", ANA)
    dialog, section, sync = _open_sync_tab(qtbot, running, None)
    assert section.empty_note.isVisible() and not section.details.isVisible()
    _shot(dialog, "sync-empty", tmp_path)
    assert dialog.tabs is not None
    _shot(dialog.tabs.widget(0), "preferences-general", tmp_path)
    # When Add… is filled in with the Radicale's address and the right password
    add = _fill_and_add(qtbot, section, radicale.url, PASSWORD)
    # Then the server is asked off the GUI thread (the form says so meanwhile), the account is
    # stored with its password in the keychain, and the first (real) round runs
    assert add.busy
    with qtbot.waitSignal(sync.runner.finished, timeout=30_000):
        pass
    qtbot.waitUntil(lambda: not sync.runner.running, timeout=30_000)
    [account] = running.store.sync_accounts.all()
    assert account.in_keychain and not account.stored_password
    assert [person.name for person in running.store.people] == ["Ana from the phone"]
    # And the page shows it: the address book, the main calendar ticked, not the holidays
    assert section.accounts.count() == 1 and section.details.isVisible()
    assert section.address_book.currentText() == "Contacts"
    assert [(check.text(), check.isChecked()) for check in section.calendar_checks] == [
        ("Holidays", False),
        ("Personal", True),
    ]
    assert not section.share_notes.isChecked() and section.share_interests.isChecked()
    assert "go to 127.0.0.1." in section.what_is_sent.text()
    assert "Your notes and encounters stay on this computer." in section.what_is_sent.text()
    assert section.status.text().startswith("Last synced ")
    _shot(dialog, "sync-account", tmp_path)
    # When the phone adds Carla, and Sync now is pressed
    phone.put("carla.vcf", ANA.replace("ana-1", "carla-2").replace("Ana from the phone", "Carla"))
    boxes = list(section.calendar_checks)
    with qtbot.waitSignal(sync.runner.finished, timeout=30_000):
        qtbot.mouseClick(section.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not sync.runner.running, timeout=30_000)
    # Then she is here, marked as new from the phone (for Home's "New from your phone")
    carla = next(person for person in running.store.people if person.name == "Carla")
    assert carla.arrived_from == account.id and carla.arrived_on is not None
    ana = next(person for person in running.store.people if person.name != "Carla")
    assert not ana.arrived_from  # the first round brings the address book: nobody new
    # And the page showed the new status without rebuilding the boxes (the focus stays put)
    assert section.calendar_checks == boxes
    # When the notes box is ticked by keyboard (Alt+N) and the holidays ticked too
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(section.share_notes.isChecked)  # a mnemonic clicks after a short flash
    section.calendar_checks[0].click()
    # Then the account keeps the choices, and the sentence says the notes go too
    account = running.store.sync_accounts.get(account.id)
    assert account is not None and account.share_notes
    assert len(account.chosen_calendars) == 2
    assert "and your notes go to 127.0.0.1." in section.what_is_sent.text()
    # When it is removed (and the question answered Yes)
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(section.remove_button, Qt.MouseButton.LeftButton)
    # Then it is gone, and so is its password; the person it brought stays
    assert not running.store.sync_accounts.all()
    assert test_keyring.get_password(KEYRING_SERVICE, f"sync-account-{account.id}") is None
    assert section.empty_note.isVisible()
    assert len(running.store.people) == 2


def test_a_wrong_password_is_said_in_the_form_and_nothing_is_stored(
    qtbot: QtBot,
    running: RunningWindow,
    radicale: RadicaleServer,
    test_keyring: TestKeyring,
    tmp_path: Path,
) -> None:
    _dialog, section, _sync = _open_sync_tab(qtbot, running, FakeRound())
    add = _fill_and_add(qtbot, section, radicale.url, "wrong")
    qtbot.waitUntil(lambda: not add.busy, timeout=20_000)
    assert add.status.text() == "127.0.0.1 did not accept the user name or password."
    assert add.isVisible()
    assert not running.store.sync_accounts.all()
    assert not any("sync-account" in user for user in test_keyring.secrets()[KEYRING_SERVICE])
    _shot(add, "sync-add-wrong-password", tmp_path)
    add.reject()


def test_bad_input_is_said_before_any_server_is_asked(
    qtbot: QtBot, running: RunningWindow, tmp_path: Path
) -> None:
    _dialog, section, _sync = _open_sync_tab(qtbot, running, FakeRound())
    add = _fill_and_add(qtbot, section, "dav.example.org", PASSWORD)
    assert not add.busy
    assert add.status.text().startswith("“dav.example.org” is no server address")
    add.reject()
