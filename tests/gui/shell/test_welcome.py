"""The first-run welcome: three steps, skippable, saving my interests and offers, then what next."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion.domain.profile import OfferItem, OfferKind, Profile
from companion.services.profile.profile import get_profile
from companion.settings import Settings
from companion.storage.store import Store
from companion.ui.settings.welcome import WelcomeDialog
from companion.ui.shell.data_changes import DataChanges
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "data")
    yield opened
    opened.close()


def _welcome(store: Store, qtbot: QtBot) -> WelcomeDialog:
    dialog = WelcomeDialog(store=store, changes=DataChanges())
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_welcome_is_not_yet_shown_in_fresh_settings() -> None:
    assert Settings().welcome_shown is False


def test_walking_through_the_welcome_saves_interests_and_offers(store: Store, qtbot: QtBot) -> None:
    # Given the welcome on its first step
    dialog = _welcome(store, qtbot)
    assert dialog.step() == 0 and dialog.back_button.isHidden()
    assert dialog.step_label.text() == "Step 1 of 3"
    # When I go on, pick two interests, go on, note an offer and press Next
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.step() == 1
    dialog.picker.set_check("board-games", True)
    dialog.picker.set_check("python", True)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.step() == 2 and dialog.next_button.text() == "Next"
    qtbot.keyClicks(dialog.offers.rows[0].text_edit, "Review a CV")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    # Then the last page offers the next step; "Later" closes
    assert dialog.step() == 3 and dialog.next_button.text() == "Import your events…"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    # Then my profile holds them, the offer with the interest suggested from its words
    assert get_profile(store) == Profile(
        interests=("board-games", "python"),
        offers=(
            OfferItem(kind=OfferKind.SKILL, text="Review a CV", interests=("career-development",)),
        ),
    )


def test_skipping_at_once_saves_nothing(store: Store, qtbot: QtBot) -> None:
    dialog = _welcome(store, qtbot)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == 0
    assert get_profile(store) == Profile()


def test_skipping_the_rest_keeps_the_interests_picked_so_far(store: Store, qtbot: QtBot) -> None:
    # Given interests picked on the second step
    dialog = _welcome(store, qtbot)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    dialog.picker.set_check("climbing", True)
    # When I skip the rest
    assert dialog.skip_button.text() == "Skip the rest"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    # Then they are saved, with no offers
    assert get_profile(store) == Profile(interests=("climbing",))


def test_escape_after_picking_keeps_what_was_picked(store: Store, qtbot: QtBot) -> None:
    # Given the welcome on the interests step, with one interest picked
    dialog = _welcome(store, qtbot)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    dialog.picker.set_check("climbing", True)
    # When I press Esc
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    # Then the interest is kept, as "Skip the rest" would
    assert get_profile(store) == Profile(interests=("climbing",))


def test_back_returns_to_the_previous_step(store: Store, qtbot: QtBot) -> None:
    dialog = _welcome(store, qtbot)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialog.step() == 0
    dialog.reject()


def test_enter_on_every_step_means_next_and_ends_with_importing_events(
    store: Store, qtbot: QtBot
) -> None:
    # Given the welcome, with no events yet
    dialog = _welcome(store, qtbot)
    # When Enter is pressed on the first step
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    # Then the second step shows (Enter did not skip the onboarding)
    assert dialog.isVisible() and dialog.step() == 1
    # When Enter is pressed on the offers step too, and on the last page
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.step() == 2
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    assert dialog.step() == 3
    with qtbot.waitSignal(dialog.next_step_chosen) as chosen:
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    # Then the welcome ends with the next step: importing events
    assert chosen.args == ["import-events"]
    assert not dialog.isVisible()


def test_with_an_upcoming_event_the_welcome_ends_with_preparing_it(
    store: Store, qtbot: QtBot
) -> None:
    # Given the welcome told an event is coming up
    dialog = WelcomeDialog(store=store, changes=DataChanges(), has_upcoming_event=True)
    qtbot.addWidget(dialog)
    dialog.open()
    # When I go through it
    for _step in range(3):
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    # Then its last button prepares that event
    assert dialog.next_button.text() == "Prepare your next event"
    with qtbot.waitSignal(dialog.next_step_chosen) as chosen:
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert chosen.args == ["prepare-event"]


def test_help_shows_the_welcome_again(running: RunningWindow, qtbot: QtBot) -> None:
    # Given the main window, the welcome seen long ago
    profile = running.controller.profile
    # When Help > Show Welcome Again… is chosen
    assert profile.welcome_action in running.window.help_menu.actions()
    profile.welcome_action.trigger()
    # Then the welcome opens on its first step
    dialog = profile.welcome_dialog.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.step() == 0
    dialog.reject()
    qtbot.waitUntil(lambda: profile.welcome_dialog.dialog is None)


def test_typing_on_the_offers_step_goes_into_the_offer(store: Store, qtbot: QtBot) -> None:
    # Given the welcome walked by Enter to "What could you offer?"
    dialog = _welcome(store, qtbot)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.step() == 2
    # When I type
    qtbot.keyClicks(dialog.focusWidget(), "Review a CV")
    # Then the offer holds it, and the welcome is still on that step
    assert dialog.offers.rows[0].text_edit.text() == "Review a CV"
    assert dialog.step() == 2
