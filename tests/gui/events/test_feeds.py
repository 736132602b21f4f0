"""Calendar feeds in the window: subscribing in the dialog, Home's new events that fit, the
tray's note, and a ``feeds`` request forwarded from a terminal — against a real local server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from companion.domain.profile import Profile
from companion.services.instance.instance_messages import Command, PendingReply, Request
from companion.ui.feeds.feeds_controller import FeedsController, fitting_message
from companion.ui.home.home_page import HomePage
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow
from tests.support.feed_server import FeedServer, Route, running_feed_server

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def _calendar(*titles: str) -> bytes:
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:e{n}@meetup.com\r\nDTSTAMP:20270101T000000Z\r\n"
        f"DTSTART:{(NOW + timedelta(days=n + 1)).strftime('%Y%m%dT%H%M%SZ')}\r\n"
        f"SUMMARY:{title}\r\nCATEGORIES:Board games\r\nEND:VEVENT\r\n"
        for n, title in enumerate(titles)
    )
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Meetup//EN\r\n" + events + "END:VCALENDAR\r\n"
    ).encode()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with running_feed_server() as (feed_server, _allowed):
        yield feed_server


@pytest.fixture
def feeds(running: RunningWindow) -> FeedsController:
    controller = FeedsController(
        running.window,
        session=running.session,
        changes=running.changes,
        settings=running.settings,
        now=lambda: NOW,
    )
    home = running.window.pages.widget(0)
    assert isinstance(home, HomePage)
    controller.add_home_section(home)
    return controller


@pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)
def test_given_the_dialog_when_a_feed_is_subscribed_then_its_events_arrive(
    qtbot: QtBot, running: RunningWindow, feeds: FeedsController, server: FeedServer
) -> None:
    # Given a group's feed and the Subscriptions dialog (from the Events menu)
    server.routes["/group.ics"] = Route(body=_calendar("Board game night", "Go club"))
    running.window.subscriptions_action.triggered.connect(feeds.open_subscriptions)
    running.window.subscriptions_action.trigger()
    dialog = feeds.subscriptions.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # When the user pastes its address, names it and presses Enter
    qtbot.keyClicks(dialog.name_edit, "Board games Berlin")
    qtbot.keyClicks(dialog.url_edit, server.url("/group.ics"))
    with qtbot.waitSignal(feeds.refresher.refreshed, timeout=20_000):
        qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Return)
    # Then the feed is listed with its status, and its events are in the store
    item = dialog.list.topLevelItem(0)
    assert item is not None
    assert item.text(0) == "Board games Berlin"
    assert item.text(3) == "2 events"
    assert item.text(4) == "OK"
    assert sorted(event.title for event in running.store.events.all()) == [
        "Board game night",
        "Go club",
    ]
    assert dialog.url_edit.text() == ""


@pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)
def test_given_a_bad_address_then_the_dialog_says_why_and_keeps_it(
    qtbot: QtBot, running: RunningWindow, feeds: FeedsController
) -> None:
    feeds.open_subscriptions()
    dialog = feeds.subscriptions.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.url_edit, "ftp://example.org/cal.ics")
    qtbot.mouseClick(dialog.subscribe_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible()
    assert "webcal://" in dialog.error.text()
    assert dialog.url_edit.text() == "ftp://example.org/cal.ics"
    assert running.store.feeds.all() == []


@pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)
def test_given_a_failing_feed_then_the_dialog_shows_the_problem_in_words(
    qtbot: QtBot, running: RunningWindow, feeds: FeedsController, server: FeedServer
) -> None:
    server.routes["/login"] = Route(body=b"<html>Sign in</html>", content_type="text/html")
    feeds.open_subscriptions()
    dialog = feeds.subscriptions.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.url_edit, server.url("/login"))
    with qtbot.waitSignal(feeds.refresher.refreshed, timeout=20_000):
        qtbot.mouseClick(dialog.subscribe_button, Qt.MouseButton.LeftButton)
    item = dialog.list.topLevelItem(0)
    assert item is not None
    assert "web page, not a calendar" in item.text(4)


@pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)
def test_given_new_fitting_events_then_home_shows_them_until_marked_seen_and_the_tray_hears(
    qtbot: QtBot,
    running: RunningWindow,
    feeds: FeedsController,
    server: FeedServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given I like board games, and a feed of board-game evenings
    running.store.profile.put(Profile(interests=("board-games",)))
    server.routes["/games.ics"] = Route(body=_calendar("Board game night"))
    from companion.services.feeds.feeds import add_feed

    _feed, changes = add_feed(running.store, server.url("/games.ics"), name="Games", now=NOW)
    running.changes.announce(changes)
    section = feeds.home_section
    assert not section.isVisibleTo(running.window)
    # When the feed is refreshed
    with (
        qtbot.waitSignal(feeds.fitting_found, timeout=20_000) as told,
        qtbot.waitSignal(feeds.refresher.refreshed, timeout=20_000),
    ):
        feeds.refresher.refresh()
    # Then Home lists the new event with why it fits, and the tray is told once
    assert section.isVisibleTo(running.window)
    [card] = section.cards
    assert card.title_label.text() == "Board game night"
    assert "Board games" in card.fit_label.text()
    title, text = fitting_message(told.args[0])
    assert title == "A new event that fits you" and text == "Board game night"
    # And a second refresh does not tell the tray again
    with (
        qtbot.assertNotEmitted(feeds.fitting_found),
        qtbot.waitSignal(feeds.refresher.refreshed, timeout=20_000),
    ):
        feeds.refresher.refresh()
    # When the user marks them as seen, the section goes away
    qtbot.mouseClick(section.seen_button, Qt.MouseButton.LeftButton)
    assert not section.isVisibleTo(running.window)
    assert running.settings.current.fitting_events_seen == NOW.isoformat()


@pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)
def test_given_a_forwarded_refresh_then_it_runs_in_the_window_and_reports_each_feed(
    qtbot: QtBot, running: RunningWindow, feeds: FeedsController, server: FeedServer
) -> None:
    server.routes["/good.ics"] = Route(body=_calendar("Go club"))
    server.routes["/gone.ics"] = Route(status=404)
    for name, path in (("Good", "/good.ics"), ("Gone", "/gone.ics")):
        added = feeds.handle_request(
            Request(command=Command.FEEDS, feeds_action="add", url=server.url(path), name=name)
        )
        assert isinstance(added, PendingReply)
        qtbot.waitUntil(lambda added=added: added.reply is not None, timeout=20_000)
        assert added.reply is not None and added.reply.exit_code == 0
        assert f"Subscribed to “{name}”" in added.reply.stdout
    pending = feeds.handle_request(Request(command=Command.FEEDS, feeds_action="refresh"))
    # The refresh runs on the worker thread: the answer comes once it is over
    assert isinstance(pending, PendingReply)
    qtbot.waitUntil(lambda: pending.reply is not None, timeout=20_000)
    reply = pending.reply
    assert reply is not None
    assert reply.exit_code == 1
    assert "Good: 1 event, nothing changed" in reply.stdout
    assert "Gone: there is no calendar at this address" in reply.stderr
    assert [event.title for event in running.store.events.all()] == ["Go club"]


@pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)
def test_given_a_feed_when_unsubscribed_after_confirming_then_it_goes_and_its_events_stay(
    qtbot: QtBot,
    running: RunningWindow,
    feeds: FeedsController,
    server: FeedServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server.routes["/g.ics"] = Route(body=_calendar("Go club"))
    feeds.open_subscriptions()
    dialog = feeds.subscriptions.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.url_edit, server.url("/g.ics"))
    with qtbot.waitSignal(feeds.refresher.refreshed, timeout=20_000):
        qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Return)
    item = dialog.list.topLevelItem(0)
    assert item is not None
    dialog.list.setCurrentItem(item)
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_args, **_kwargs: QMessageBox.StandardButton.Yes
    )
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.list.topLevelItemCount() == 0
    assert [event.title for event in running.store.events.all()] == ["Go club"]
