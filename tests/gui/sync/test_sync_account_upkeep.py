"""Keeping an account current in Preferences > Sync, against a real Radicale: Look Again after
collections were added or deleted on the server, Change Password… with a wrong and a right
password, the account's row, and the welcome's sentence once sync is set up — with screenshots
in English and German."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from companion.domain.people import Person
from companion.i18n.languages import activate
from companion.services.sync.sync_accounts import add_account
from companion.ui.settings.preferences_dialog import PreferencesDialog
from companion.ui.settings.welcome import WelcomeDialog
from companion.ui.sync.add_account_dialog import AddAccountDialog
from companion.ui.sync.password_dialog import PasswordDialog
from companion.ui.sync.sync_controller import SyncController
from companion.ui.sync.sync_runner import real_steps
from companion.ui.sync.sync_section import SyncSection
from companion.ui.sync.sync_wiring import connect_sync
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow
from tests.support.fake_sync_round import FakeRound
from tests.support.radicale_server import PASSWORD, USER, RadicaleServer, running_radicale
from tests.support.test_keyring import TestKeyring

KEYRING_SERVICE = "org.commonground.Companion"
NOW = datetime(2026, 11, 25, 18, 30, tzinfo=UTC)
SHOTS = os.environ.get("COMPANION_SCREENSHOTS", "")

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    with running_radicale(tmp_path) as (server, _allowed):
        server.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
        server.add_collection(f"{USER}/personal", tag="VCALENDAR", name="Personal")
        yield server


def _shot(widget: QWidget, name: str, tmp_path: Path) -> None:
    assert widget.grab().save(str((Path(SHOTS) if SHOTS else tmp_path) / f"{name}.png"))


def _open(
    qtbot: QtBot, running: RunningWindow, radicale: RadicaleServer, round_: FakeRound | None
) -> tuple[PreferencesDialog, SyncSection, SyncController]:
    """An account "Phone" on the Radicale, then Preferences > Sync; ``round_`` None: real."""
    add_account(running.store, "Phone", url=radicale.url, user=USER, password=PASSWORD, now=NOW)
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
    running.controller.open_preferences()
    dialog = running.controller.preferences_dialog
    assert dialog is not None and dialog.tabs is not None
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentIndex(1)
    section = dialog.tabs.currentWidget()
    assert isinstance(section, SyncSection)
    return dialog, section, sync


def test_look_again_offers_what_was_added_and_names_what_is_gone(
    qtbot: QtBot,
    running: RunningWindow,
    radicale: RadicaleServer,
    test_keyring: TestKeyring,
    tmp_path: Path,
) -> None:
    # Given an account that synced Ana, and later an address book and calendar added there
    running.store.people.put(Person(name="Ana López", notes="Climbs on Tuesdays"))
    dialog, section, sync = _open(qtbot, running, radicale, None)
    with qtbot.waitSignal(sync.runner.finished, timeout=30_000):
        qtbot.mouseClick(section.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not sync.runner.running, timeout=30_000)
    radicale.add_collection(f"{USER}/work", tag="VADDRESSBOOK", name="Work")
    radicale.add_collection(f"{USER}/holidays", tag="VCALENDAR", name="Holidays")
    assert section.address_book.count() == 2  # Contacts and "None"
    # Then the row names the account once, with who logs in where and how it went
    row = section.accounts.item(0).text()
    assert row.count("Phone") == 1
    assert row.startswith(f"Phone\nalice@127.0.0.1:{radicale.port} · Last synced ")
    # When Look Again is pressed
    qtbot.mouseClick(section.look_again_button, Qt.MouseButton.LeftButton)
    assert not section.look_again_button.isEnabled()  # asking, off the GUI thread
    qtbot.waitUntil(section.look_again_button.isEnabled, timeout=20_000)
    # Then both are offered, Contacts stays chosen, and the page says what is new
    assert [section.address_book.itemText(i) for i in range(3)] == [
        "Contacts",
        "Work",
        "None (do not sync people)",
    ]
    assert section.address_book.currentText() == "Contacts"
    assert [check.text() for check in section.calendar_checks] == ["Holidays", "Personal"]
    assert "New: Work, Holidays." in section.found.text()
    _shot(dialog, "sync-look-again", tmp_path)
    # When the address book is deleted on the server and a round runs
    shutil.rmtree(radicale.storage / "collection-root" / USER / "contacts")
    with qtbot.waitSignal(sync.runner.finished, timeout=30_000):
        qtbot.mouseClick(section.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not sync.runner.running, timeout=30_000)
    # Then the status names it and says what to do; Ana is kept as she was
    assert section.status.text().startswith("The address book “Contacts” is no longer on")
    assert section.status.property("role") == "error"
    (ana,) = running.store.people.all()
    assert ana.notes == "Climbs on Tuesdays"
    # (all of it: the label is laid out for its text, which takes several lines)
    status = section.status
    qtbot.waitUntil(lambda: status.height() >= status.heightForWidth(status.width()) > 20)
    assert (
        section.accounts.item(0)
        .text()
        .endswith(
            "· The address book “Contacts” is no longer on 127.0.0.1 (moved or deleted there)"
        )
    )
    _shot(dialog, "sync-book-gone", tmp_path)
    # And looking again lets the user choose another: none is chosen until they do
    qtbot.mouseClick(section.look_again_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(section.look_again_button.isEnabled, timeout=20_000)
    assert section.address_book.currentText() == "None (do not sync people)"
    assert "The address book you chose is gone" in section.found.text()
    assert section.found.property("role") == "error"
    dialog.reject()


def test_what_look_again_found_stays_when_a_round_begun_before_it_ends(
    qtbot: QtBot,
    running: RunningWindow,
    radicale: RadicaleServer,
    test_keyring: TestKeyring,
) -> None:
    # Given a round under way (the one at start, or the 15-minute one), held on the server
    gate = threading.Event()
    dialog, section, sync = _open(qtbot, running, radicale, FakeRound(gate=gate))
    qtbot.mouseClick(section.sync_button, Qt.MouseButton.LeftButton)
    assert sync.runner.running
    radicale.add_collection(f"{USER}/work", tag="VADDRESSBOOK", name="Work")
    # When Look Again answers, and only then the round ends
    qtbot.mouseClick(section.look_again_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(section.look_again_button.isEnabled, timeout=20_000)
    assert "New: Work." in section.found.text()
    with qtbot.waitSignal(sync.runner.finished, timeout=20_000):
        gate.set()
    # Then what was found is still there to read: that round began before the user asked
    assert "New: Work." in section.found.text()
    assert not section.found.isHidden()
    # And a round begun after it makes it old news
    with qtbot.waitSignal(sync.runner.finished, timeout=20_000):
        qtbot.mouseClick(section.sync_button, Qt.MouseButton.LeftButton)
    assert section.found.text() == ""
    dialog.reject()


def test_change_password_keeps_the_old_one_until_the_server_accepts_a_new_one(
    qtbot: QtBot,
    running: RunningWindow,
    radicale: RadicaleServer,
    test_keyring: TestKeyring,
    tmp_path: Path,
) -> None:
    # Given an account whose kept password the server no longer takes
    dialog, section, _sync = _open(qtbot, running, radicale, FakeRound())
    [account] = running.store.sync_accounts.all()
    test_keyring.set_password(KEYRING_SERVICE, f"sync-account-{account.id}", "old one")
    # When Change Password… gets a wrong one
    qtbot.mouseClick(section.password_button, Qt.MouseButton.LeftButton)
    change = next(
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, PasswordDialog) and widget.isVisible()
    )
    qtbot.keyClicks(change.password_edit, "wrong")
    qtbot.keyClick(change.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not change.busy and change.status.isVisible(), timeout=20_000)
    # Then it says so, stays open, and keeps the old one
    assert change.status.text() == "127.0.0.1 did not accept the user name or password."
    assert change.isVisible()
    assert test_keyring.get_password(KEYRING_SERVICE, f"sync-account-{account.id}") == "old one"
    _shot(change, "sync-password-wrong", tmp_path)
    # When the right one is typed
    change.password_edit.clear()
    qtbot.keyClicks(change.password_edit, PASSWORD)
    with qtbot.waitSignal(change.accepted, timeout=20_000):
        qtbot.keyClick(change.password_edit, Qt.Key.Key_Return)
    # Then it is in the keychain, where the old one was, and the page says so
    assert test_keyring.get_password(KEYRING_SERVICE, f"sync-account-{account.id}") == PASSWORD
    stored = running.store.sync_accounts.get(account.id)
    assert stored is not None and stored.in_keychain and not stored.stored_password
    assert section.found.text() == "The new password works and is kept."
    dialog.reject()


def test_the_sync_page_and_password_dialog_read_in_german(
    qtbot: QtBot,
    open_window: Callable[[], RunningWindow],
    radicale: RadicaleServer,
    test_keyring: TestKeyring,
    tmp_path: Path,
) -> None:
    assert activate("de") == "de"
    running = open_window()
    dialog, section, _sync = _open(qtbot, running, radicale, FakeRound())
    assert section.look_again_button.text() == "Neu &nachsehen"
    assert section.status.text() == "Noch nicht synchronisiert"
    assert "Nicht übernommen: Änderungen an der Notiz" in section.what_is_sent.text()
    _shot(dialog, "sync-upkeep-de", tmp_path)
    section.password_button.click()
    change = running.controller.preferences_dialog and next(
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, PasswordDialog) and widget.isVisible()
    )
    assert isinstance(change, PasswordDialog)
    assert change.windowTitle() == "Passwort ändern"
    _shot(change, "sync-password-de", tmp_path)
    change.reject()
    dialog.reject()


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_welcome_says_what_goes_to_the_sync_server(
    qtbot: QtBot,
    running: RunningWindow,
    radicale: RadicaleServer,
    test_keyring: TestKeyring,
    tmp_path: Path,
    language: str,
) -> None:
    # Given no sync account, the welcome promises that nothing leaves
    activate(language)
    before = WelcomeDialog(store=running.store, changes=running.changes)
    qtbot.addWidget(before)
    cloud = {"en": "No account, no cloud.", "de": "Kein Konto, keine Cloud."}[language]
    assert cloud in _texts(before)
    # When an account is set up, the welcome (opened again from the menu) names its server
    add_account(running.store, "Phone", url=radicale.url, user=USER, password=PASSWORD, now=NOW)
    after = WelcomeDialog(store=running.store, changes=running.changes)
    qtbot.addWidget(after)
    texts = _texts(after)
    assert cloud not in texts
    sends = {"en": "except what your sync account sends to 127.0.0.1", "de": "an 127.0.0.1 sendet"}
    assert sends[language] in texts
    after.show()
    qtbot.waitExposed(after)
    _shot(after, f"welcome-with-sync-{language}", tmp_path)
    activate("en")


def _texts(widget: QWidget) -> str:
    from PySide6.QtWidgets import QLabel

    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_after_a_wrong_password_enter_in_add_tries_again_instead_of_cancelling(
    qtbot: QtBot,
    running: RunningWindow,
    radicale: RadicaleServer,
    test_keyring: TestKeyring,
) -> None:
    # Given Add… refused a wrong password
    connect_sync(
        running.window,
        session=running.session,
        changes=running.changes,
        now=lambda: NOW,
        today=lambda: NOW.date(),
        preferences=running.controller.preferences,
        home=None,
        show_person=lambda _person_id: None,
        tray=None,
        steps=FakeRound().steps,
    )
    running.controller.open_preferences()
    dialog = running.controller.preferences_dialog
    assert dialog is not None and dialog.tabs is not None
    dialog.tabs.setCurrentIndex(1)
    section = dialog.tabs.currentWidget()
    assert isinstance(section, SyncSection)
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    add = next(
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, AddAccountDialog) and widget.isVisible()
    )
    for edit, text in ((add.name_edit, "Phone"), (add.url_edit, radicale.url)):
        qtbot.keyClicks(edit, text)
    qtbot.keyClicks(add.user_edit, USER)
    qtbot.keyClicks(add.password_edit, "wrong")
    qtbot.keyClick(add.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not add.busy and add.status.isVisible(), timeout=20_000)
    # When the right password is typed and Enter pressed, as the first time
    add.password_edit.clear()
    qtbot.keyClicks(add.password_edit, PASSWORD)
    with qtbot.waitSignal(add.added, timeout=20_000):
        qtbot.keyClick(add.password_edit, Qt.Key.Key_Return)
    # Then the account is added (Enter did not land on Cancel)
    assert [account.name for account in running.store.sync_accounts.all()] == ["Phone"]
    dialog.reject()
