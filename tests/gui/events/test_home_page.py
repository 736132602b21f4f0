"""Home with data: the next events that fit, and "How was it?" cards that lead to a reflection."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from companion.domain.events import Event, EventStatus
from companion.domain.profile import OfferItem, OfferKind, Profile
from companion.services.profile.profile import save_profile
from companion.storage.store import Store
from companion.ui.home.home_page import HomePage
from companion.ui.shell.data_changes import DataChanges
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "data")
    yield opened
    opened.close()


def _event(
    title: str,
    *,
    days: float,
    interests: tuple[str, ...] = (),
    status: EventStatus = EventStatus.CONSIDERING,
) -> Event:
    start = NOW + timedelta(days=days)
    return Event(
        title=title,
        start=start,
        end=start + timedelta(hours=2),
        interests=interests,
        venue="Spielwiese",
        status=status,
    )


def _home(store: Store, qtbot: QtBot, opened: list[str] | None = None) -> HomePage:
    changes = DataChanges()
    home = HomePage(
        today=lambda: date(2026, 11, 25),
        record_counts=lambda: {"people": 0, "events": len(store.events)},
        changes=changes,
        import_file=lambda: None,
        store=store,
        now=lambda: NOW,
        open_event=None if opened is None else opened.append,
        edit_profile=lambda: None,
    )
    qtbot.addWidget(home)
    home.resize(1000, 700)
    home.show()
    qtbot.waitExposed(home)
    return home


def test_next_events_show_in_fit_order_with_the_reason(store: Store, qtbot: QtBot) -> None:
    # Given my interests and upcoming events that fit more or less (and one I skipped)
    save_profile(
        store,
        Profile(
            interests=("board-games", "strategy-games", "climbing"),
            offers=(OfferItem(kind=OfferKind.SKILL, text="Teach Go"),),
        ),
    )
    for event in (
        _event("Networking breakfast", days=1),
        _event("Bouldering evening", days=2, interests=("climbing",)),
        _event("Game night", days=5, interests=("board-games", "strategy-games")),
        _event("Outdoor day", days=3, interests=("climbing", "hiking", "cycling")),
        _event("Skipped", days=1, interests=("board-games",), status=EventStatus.SKIPPED),
    ):
        store.events.put(event)
    opened: list[str] = []
    # When Home is shown
    home = _home(store, qtbot, opened)
    # Then the three best fits come first, best first, each saying why and when
    cards = home.next_events.cards
    assert [card.title_label.text() for card in cards] == [
        "Game night",
        "Bouldering evening",
        "Outdoor day",
    ]
    assert cards[0].fit_label.text() == "You share: Board games, Strategy games"
    assert cards[0].when_label.text().startswith("in 5 days · ")
    assert "Spielwiese" in cards[0].when_label.text()
    # And my interests are summed up
    assert home.interests.interests_label.text() == "Board games, Strategy games, Climbing"
    assert home.interests.offers_label.text() == "1 thing you can offer"
    # When I click the first card, Home asks to show that event
    qtbot.mouseClick(cards[0], Qt.MouseButton.LeftButton)
    assert opened == [cards[0].event_id]


def test_a_reflection_card_opens_the_dialog_and_disappears_once_saved(
    store: Store, qtbot: QtBot
) -> None:
    # Given an event that ended yesterday, not reflected on
    store.events.put(_event("Board game night", days=-1, interests=("board-games",)))
    home = _home(store, qtbot)
    assert [card.title_label.text() for card in home.reflections.cards] == ["Board game night"]
    assert (
        home.reflections.cards[0].when_label.text() == "22 hours ago"
    )  # it ended at 14:00 yesterday
    # When I press "How was it?", rate it 4 and say what worked and whom I met
    qtbot.mouseClick(home.reflections.cards[0].reflect_button, Qt.MouseButton.LeftButton)
    dialog = home.reflections.dialog.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save is not None and not save.isEnabled()
    qtbot.mouseClick(dialog.rating_buttons[4], Qt.MouseButton.LeftButton)
    assert save.isEnabled()
    qtbot.keyClicks(dialog.worked_edit, "Teaching a game")
    qtbot.keyClicks(dialog.met_edit, "Ana")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    # Then the event is attended with its reflection, and the card is gone
    stored = next(iter(store.events))
    assert stored.status is EventStatus.ATTENDED
    assert stored.reflection is not None and stored.reflection.felt_natural == 4
    assert stored.reflection.note == "Teaching a game\nMet: Ana"
    assert home.reflections.cards == []
    assert home.reflections.isHidden()


def test_without_a_store_home_stays_as_before(qtbot: QtBot) -> None:
    home = HomePage(
        today=lambda: date(2026, 11, 25),
        record_counts=lambda: {},
        changes=DataChanges(),
        import_file=lambda: None,
    )
    qtbot.addWidget(home)
    assert home.headline.text() == "Welcome to Common Ground"
    assert home.overview.isHidden() and not home.intro.isHidden()


def test_an_event_i_am_going_to_comes_before_better_fits(store: Store, qtbot: QtBot) -> None:
    # Given three events that fit well and one I said yes to that fits less
    save_profile(store, Profile(interests=("board-games", "strategy-games", "climbing")))
    for event in (
        _event("Game night", days=5, interests=("board-games", "strategy-games")),
        _event("Bouldering evening", days=2, interests=("climbing",)),
        _event("Strategy club", days=6, interests=("strategy-games",)),
        _event("Neighbours' dinner", days=3, status=EventStatus.GOING),
    ):
        store.events.put(event)
    # When Home is shown
    home = _home(store, qtbot)
    # Then the event I am going to is first, and the best fits follow
    assert [card.title_label.text() for card in home.next_events.cards] == [
        "Neighbours' dinner",
        "Game night",
        "Bouldering evening",
    ]


def test_a_narrow_home_stacks_its_columns(store: Store, qtbot: QtBot) -> None:
    # Given Home with data, wide enough for two columns
    store.events.put(_event("Game night", days=5, interests=("board-games",)))
    home = _home(store, qtbot)
    left, right = home.promises, home.reconnects
    assert left is not None and right is not None
    assert right.x() > left.x()
    # When the window gets narrow
    home.resize(600, 700)
    # Then the right column moves below the left one
    qtbot.waitUntil(lambda: right.x() == left.x() and right.y() > left.y())
