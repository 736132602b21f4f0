"""The tray's dynamic entries and the reminder scheduler, with an injected clock (offscreen).

The real tray host is exercised in ``tests/x11/test_tray.py``; here time is moved by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu, QWidget
from pytestqt.qtbot import QtBot

from companion.domain.events import Event, EventStatus
from companion.domain.people import Person, Promise
from companion.services.changes import added
from companion.storage.store import Store
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.saved_settings import SavedSettings
from companion.ui.tray.notifications import ReminderScheduler, ReminderTargets
from companion.ui.tray.tray import Tray
from companion.ui.tray.tray_agenda import TrayAgenda, connect_tray
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS

#: Choosing a tray entry brings the window to the front, which offscreen Qt cannot do.
OFFSCREEN_RAISE = "This plugin does not support raise()"
pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS, OFFSCREEN_RAISE)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def today(self) -> date:
        return self.now.date()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "data")
    opened.people.put(Person(id="ada", name="Ada"))
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _tray(window: QWidget, tmp_path: Path) -> Tray:
    return Tray(window, settings=SavedSettings(tmp_path / "settings.json"))


def _submenu_title(menu: QMenu) -> str:
    return menu.menuAction().text()


def test_counts_follow_data_changes_and_the_day(
    store: Store, window: QWidget, tmp_path: Path, qtbot: QtBot
) -> None:
    # Given a promise due in a week and the tray's agenda today
    clock = Clock()
    store.promises.put(
        Promise(person_id="ada", text="Send the map", due=clock.today() + timedelta(7))
    )
    tray = _tray(window, tmp_path)
    changes = DataChanges()
    opened: list[str] = []
    agenda = TrayAgenda(
        tray,
        store=store,
        changes=changes,
        today=clock.today,
        now=clock,
        prepare_event=opened.append,
        show_person=opened.append,
        show_home=lambda: opened.append("home"),
        show_promises=lambda: opened.append("promises"),
    )
    assert _submenu_title(tray.promises_menu) == "Promises due (0)"
    # (still enabled: it leads to all promises)
    assert tray.promises_menu.actions()[-1].text() == "All promises…"
    # When another promise due today is added and announced
    promise = Promise(person_id="ada", text="Lend the book", due=clock.today())
    store.promises.put(promise)
    changes.announce(added("offers", promise.id))
    # Then the count follows
    qtbot.waitUntil(lambda: _submenu_title(tray.promises_menu) == "Promises due (1)")
    # When four midnights pass
    clock.now += timedelta(days=4)
    agenda.tick()
    # Then the week's promise, now due in three days, counts too (as on Home)
    assert _submenu_title(tray.promises_menu) == "Promises due (2)"
    tray.promises_menu.actions()[0].trigger()
    tray.promises_menu.actions()[-1].trigger()
    assert opened == ["ada", "promises"]


def test_next_event_text_moves_with_the_clock(
    store: Store, window: QWidget, tmp_path: Path
) -> None:
    # Given an event in three hours
    clock = Clock()
    event = Event(title="Go & chess", start=clock.now + timedelta(hours=3))
    store.events.put(event)
    tray = _tray(window, tmp_path)
    prepared: list[str] = []
    agenda = TrayAgenda(
        tray,
        store=store,
        changes=DataChanges(),
        today=clock.today,
        now=clock,
        prepare_event=prepared.append,
        show_person=prepared.append,
        show_home=lambda: None,
    )
    assert tray.next_event_action.text() == "Next: Go && chess (in 3 hours)"
    # When an hour passes and the minute timer ticks
    clock.now += timedelta(hours=1)
    agenda.tick()
    # Then the text says so, and choosing it prepares that event
    assert tray.next_event_action.text() == "Next: Go && chess (in 2 hours)"
    tray.next_event_action.trigger()
    assert prepared == [event.id]
    # When the event has started, nothing is next
    clock.now += timedelta(hours=3)
    agenda.tick()
    assert tray.next_event_action.text() == "No upcoming events"
    assert not tray.next_event_action.isEnabled()


def test_scheduler_shows_each_reminder_once_even_after_a_restart(
    store: Store, window: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an event starting in 40 minutes, a visible tray icon and a spy on its messages
    clock = Clock()
    event = Event(
        title="Go club", start=clock.now + timedelta(minutes=40), status=EventStatus.GOING
    )
    store.events.put(event)
    tray = _tray(window, tmp_path)
    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(tray.icon, "isVisible", lambda: True)
    monkeypatch.setattr(tray.icon, "showMessage", lambda t, m, *_a: messages.append((t, m)))
    calls: list[tuple[str, str]] = []
    targets = ReminderTargets(
        prepare_event=lambda i: calls.append(("prepare", i)),
        log_who_i_met=lambda i: calls.append(("log", i)),
        show_person=lambda i: calls.append(("person", i)),
        show_home=lambda: calls.append(("home", "")),
    )
    settings = SavedSettings(tmp_path / "settings.json")

    def scheduler() -> ReminderScheduler:
        return ReminderScheduler(
            tray.icon, store=store, settings=settings, today=clock.today, now=clock,
            targets=targets,
        )  # fmt: skip

    first = scheduler()
    # When it checks twice
    shown = first.check()
    again = first.check()
    # Then one notification was requested, naming the event and when it starts
    assert shown is not None and again is None
    assert messages == [
        ("Go club", "Starts in 40 minutes. Click to look at your openers and what you can offer.")
    ]
    # And clicking it opens the prep card
    tray.icon.messageClicked.emit()
    assert calls == [("prepare", event.id)]
    # When the app restarts the same day (settings read again from disk)
    settings = SavedSettings(tmp_path / "settings.json")
    # Then the reminder is not repeated
    assert scheduler().check() is None
    assert len(messages) == 1


def test_reminders_can_be_switched_off(
    store: Store, window: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a due promise and reminders switched off in the preferences
    clock = Clock()
    store.promises.put(Promise(person_id="ada", text="Send the map", due=clock.today()))
    tray = _tray(window, tmp_path)
    monkeypatch.setattr(tray.icon, "isVisible", lambda: True)
    messages: list[str] = []
    monkeypatch.setattr(tray.icon, "showMessage", lambda t, *_a: messages.append(t))
    settings = SavedSettings(tmp_path / "settings.json")
    settings.update(show_reminders=False)
    targets = ReminderTargets(
        prepare_event=print, log_who_i_met=print, show_person=print, show_home=lambda: None
    )
    scheduler = ReminderScheduler(
        tray.icon, store=store, settings=settings, today=clock.today, now=clock, targets=targets
    )
    # When it checks, and again once they are switched on
    off = scheduler.check()
    settings.update(show_reminders=True)
    on = scheduler.check()
    # Then only the second check says something: one promise due
    assert off is None and on is not None
    assert messages == ["1 promise due"]


class _Controller:
    """Stands in for the window (a ``TrayActions``): records what a click asks it to open."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.calls: list[tuple[str, str]] = []

    def prepare_event(self, event_id: str) -> None:
        self.calls.append(("prepare", event_id))

    def log_who_i_met(self, event_id: str) -> None:
        self.calls.append(("log", event_id))

    def show_person(self, person_id: str) -> None:
        self.calls.append(("person", person_id))

    def show_promises(self) -> None:
        self.calls.append(("promises", ""))

    def show_home(self) -> None:
        self.calls.append(("home", ""))

    def sync_now(self) -> None:
        self.calls.append(("sync", ""))


def test_clicking_the_tray_hint_after_a_reminder_does_not_act_on_the_reminder(
    store: Store, window: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a reminder just popped up from the tray (an event starting within the hour)
    clock = Clock()
    event = Event(title="Go club", start=clock.now + timedelta(minutes=40))
    store.events.put(event)
    settings = SavedSettings(tmp_path / "settings.json")
    tray = Tray(window, settings=settings)
    monkeypatch.setattr(tray.icon, "isVisible", lambda: True)
    messages: list[str] = []
    monkeypatch.setattr(tray.icon, "showMessage", lambda title, *_a: messages.append(title))
    controller = _Controller(window)
    _agenda, scheduler = connect_tray(
        tray, controller,
        store=store, changes=DataChanges(), settings=settings, today=clock.today, now=clock,
    )  # fmt: skip
    scheduler.timer.stop()
    assert scheduler.check() is not None
    # When the window is closed, so the tray shows its "keeps running" hint, and that is clicked
    window.show()
    window.close()
    assert messages == ["Go club", "Common Ground"]
    tray.icon.messageClicked.emit()
    # Then the reminder's action is not performed
    assert controller.calls == []
