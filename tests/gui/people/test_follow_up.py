"""Write a follow-up from a person's page or from one promise: edit, open in the mail app
(a mailto: address) or copy."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from companion.domain.events import Event
from companion.domain.people import Encounter, Person, Promise
from companion.services.changes import ChangeSet
from companion.ui.people import follow_up_dialog
from companion.ui.shell.pages import PageKey
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, TODAY, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)


@pytest.fixture(autouse=True)
def forget_undo_history(running: RunningWindow) -> Iterator[None]:
    yield
    running.window.undo_stack.clear()


def _ada(running: RunningWindow) -> tuple[Person, Promise]:
    event = Event(title="Robotics meetup", start=datetime(2026, 11, 15, 18, tzinfo=UTC))
    ada = Person(name="Ada Lovelace", emails=("ada@example.org",))
    promise = Promise(person_id=ada.id, text="Send the Babbage paper", created=TODAY)
    store = running.store
    with store.batch():
        store.events.put(event)
        store.people.put(ada)
        store.encounters.put(
            Encounter(person_id=ada.id, on=TODAY - timedelta(days=3), event_id=event.id)
        )
        store.promises.put(promise)
    running.changes.announce(ChangeSet(added={"people": frozenset({ada.id})}))
    return ada, promise


def test_a_follow_up_about_a_promise_opens_in_the_mail_app(
    running: RunningWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(follow_up_dialog, "open_in_desktop", lambda url: opened.append(url) or True)
    # Given Ada's page with an open promise
    ada, promise = _ada(running)
    running.window.show_page(PageKey.PEOPLE)
    people = running.controller.people
    assert people.open_person(ada.id)
    page = people.page.person_page
    # When I press the promise's "Follow up…"
    qtbot.mouseClick(page.promise_follow_up_buttons[promise.id], Qt.MouseButton.LeftButton)
    dialog = people.person.follow_up_dialog.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # Then the message names where we met and what I promised, ready to edit
    assert dialog.to_edit.text() == "ada@example.org"
    assert dialog.subject_edit.text() == "As promised: Send the Babbage paper"
    assert "at Robotics meetup on" in dialog.body_edit.toPlainText()
    dialog.body_edit.setPlainText("Hi Ada, here it is: https://example.org/paper")
    # When I open it in the mail app, Then a mailto: address carries my words
    qtbot.mouseClick(dialog.mail_button, Qt.MouseButton.LeftButton)
    [url] = opened
    parts = urlsplit(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
    assert parts.scheme == "mailto" and parts.path == "ada@example.org"
    assert parse_qs(parts.query)["body"] == ["Hi Ada, here it is: https://example.org/paper"]
    assert dialog.status_label.text() == "Opened in your mail app."
    dialog.close()


def test_a_follow_up_from_the_page_can_be_copied(running: RunningWindow, qtbot: QtBot) -> None:
    ada, _promise = _ada(running)
    running.window.show_page(PageKey.PEOPLE)
    people = running.controller.people
    assert people.open_person(ada.id)
    page = people.page.person_page
    qtbot.mouseClick(page.write_follow_up_button, Qt.MouseButton.LeftButton)
    dialog = people.person.follow_up_dialog.dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert copied.startswith("As promised: Send the Babbage paper\n\nHi Ada,")
    assert dialog.status_label.text() == "Copied."
    dialog.close()
