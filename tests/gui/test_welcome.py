"""The first-run welcome: three steps, skippable, saving my interests and offers at the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion.domain.profile import OfferItem, OfferKind, Profile
from companion.services.profile import get_profile
from companion.settings import Settings
from companion.storage.store import Store
from companion.ui.data_changes import DataChanges
from companion.ui.welcome import WelcomeDialog
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS

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
    # When I go on, pick two interests, go on, note an offer and press Done
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.step() == 1
    dialog.picker.set_check("board-games", True)
    dialog.picker.set_check("python", True)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.step() == 2 and dialog.next_button.text() == "Done"
    qtbot.keyClicks(dialog.offers.rows[0].text_edit, "Review a CV")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
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


def test_back_returns_to_the_previous_step(store: Store, qtbot: QtBot) -> None:
    dialog = _welcome(store, qtbot)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialog.step() == 0
    dialog.reject()
