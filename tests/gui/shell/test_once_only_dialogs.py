"""Every dialog that should exist once: asked for twice, there is still one, and it is raised."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from operator import attrgetter

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from companion.domain.events import Event
from companion.domain.people import Person
from companion.services.changes import ChangeSet
from companion.ui.feeds.feeds_controller import FeedsController
from companion.ui.home.home_page import HomePage
from companion.ui.shell.pages import PageKey
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow

#: Offscreen windows cannot be raised (a non-modal window is raised when first shown too).
OFFSCREEN_RAISE = "This plugin does not support raise"
pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS, OFFSCREEN_RAISE)


@dataclass(frozen=True)
class Room:
    """What the test needs of the window: an event and a person to open dialogs about."""

    running: RunningWindow
    event: Event
    person: Person


Open = Callable[[Room], object]
Shown = Callable[[Room], QDialog | None]


def _on_controller(opener: str, dialog: str, *, about_event: bool = False) -> tuple[Open, Shown]:
    """The window controller's ``opener`` (given the event's id) and where the dialog is kept."""

    def open_it(room: Room) -> object:
        open_it = attrgetter(opener)(room.running.controller)
        return open_it(room.event.id) if about_event else open_it()

    return open_it, lambda room: attrgetter(dialog)(room.running.controller)


def _home(room: Room) -> HomePage:
    home = room.running.window.pages.widget(0)
    assert isinstance(home, HomePage)
    return home


def _write_follow_up(room: Room) -> None:
    room.running.window.show_page(PageKey.PEOPLE)
    assert room.running.controller.people.open_person(room.person.id)
    room.running.controller.people.person.write_follow_up()


def _feeds(room: Room) -> FeedsController:
    """The feeds' controller (built by the app, not the window controller), one per window."""
    running = room.running
    if id(running) not in _FEEDS:
        _FEEDS[id(running)] = FeedsController(
            running.window,
            session=running.session,
            changes=running.changes,
            settings=running.settings,
            now=lambda: datetime.now(UTC),
        )
    return _FEEDS[id(running)]


_FEEDS: dict[int, FeedsController] = {}

ONCE_ONLY: dict[str, tuple[Open, Shown]] = {
    "about": _on_controller("open_about", "about_dialog.dialog"),
    "quick capture": _on_controller("open_quick_capture", "capture_dialog.dialog"),
    "search": _on_controller("open_search", "search_dialog.dialog"),
    "duplicates": _on_controller("open_duplicates", "duplicates_dialog.dialog"),
    "merges": _on_controller("open_merges", "merges_dialog.dialog"),
    "log who I met": _on_controller("log_who_i_met", "log_met_dialog.dialog", about_event=True),
    "preferences": _on_controller("open_preferences", "preferences_dialog"),
    "restore": _on_controller("open_restore", "restore_dialog"),
    "export": _on_controller("transfer.ask_and_export", "transfer.export_dialog.dialog"),
    "interests and offers": _on_controller("profile.open_profile", "profile.profile_dialog.dialog"),
    "welcome": _on_controller("profile.open_welcome", "profile.welcome_dialog.dialog"),
    "prepare": (
        lambda room: room.running.controller.prepare_event(room.event.id),
        lambda room: room.running.controller.prepare_windows.dialogs.get(room.event.id),
    ),
    "how did the openers go": (
        lambda room: room.running.controller.prepare_windows.review_openers(room.event.id),
        lambda room: room.running.controller.prepare_windows.feedback_dialog,
    ),
    "new person": _on_controller("people.open_new_form", "people.form.dialog"),
    "new event": _on_controller("events.open_new_form", "events.form.dialog"),
    "new opener": _on_controller("openers.open_new_form", "openers.form.dialog"),
    "follow-up message": (
        _write_follow_up,
        lambda room: room.running.controller.people.person.follow_up_dialog.dialog,
    ),
    "how was it": (
        lambda room: _home(room).reflections.open_reflection(room.event),
        lambda room: _home(room).reflections.dialog.dialog,
    ),
    "subscriptions": (
        lambda room: _feeds(room).open_subscriptions(),
        lambda room: _feeds(room).subscriptions.dialog,
    ),
}


@pytest.fixture
def room(running: RunningWindow) -> Room:
    start = datetime.now(UTC) - timedelta(days=1)
    event = Event(title="Board game night", start=start, end=start + timedelta(hours=3))
    person = Person(name="Ada Lovelace", emails=("ada@example.org",))
    with running.store.batch():
        running.store.events.put(event)
        running.store.people.put(person)
    running.changes.announce(
        ChangeSet(added={"events": frozenset({event.id}), "people": frozenset({person.id})})
    )
    return Room(running, event, person)


@pytest.mark.parametrize("name", ONCE_ONLY)
def test_a_once_only_dialog_asked_for_twice_is_one_window_raised(
    qtbot: QtBot, room: Room, name: str
) -> None:
    open_it, shown = ONCE_ONLY[name]
    # Given the dialog, opened once
    open_it(room)
    first = shown(room)
    assert first is not None, name
    qtbot.waitUntil(first.isVisible)
    raised: list[bool] = []
    first.raise_ = lambda: raised.append(True)  # type: ignore[method-assign]
    # When it is asked for again while it is up
    open_it(room)
    # Then the same one is raised, and no second window of its kind appeared
    assert shown(room) is first
    assert raised == [True]
    alike = [
        widget
        for widget in QApplication.topLevelWidgets()
        if type(widget) is type(first) and widget.isVisible()
    ]
    assert alike == [first]
    first.reject()
    qtbot.waitUntil(lambda: not first.isVisible())
    _FEEDS.pop(id(room.running), None)
