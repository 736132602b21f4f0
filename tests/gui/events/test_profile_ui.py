"""My interests and offers: picking with the filter, adding my own, offers, saving."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from companion.domain.profile import OfferItem, OfferKind, Profile
from companion.services.changes import ChangeSet
from companion.services.profile.profile import get_profile, save_profile
from companion.storage.store import Store
from companion.ui.settings.interest_picker import InterestPicker
from companion.ui.settings.profile_dialog import ProfileDialog
from companion.ui.shell.data_changes import DataChanges
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "data")
    yield opened
    opened.close()


def test_the_filter_ignores_accents_and_finds_keywords_and_groups(
    store: Store, qtbot: QtBot
) -> None:
    # Given the interest picker
    picker = InterestPicker(store=store, changes=DataChanges())
    qtbot.addWidget(picker)
    everything = picker.visible_slugs()
    assert len(everything) >= 60
    # When I type a keyword without its accent ("töpfern" is a crafts keyword)
    qtbot.keyClicks(picker.filter_edit, "TOPFERN")
    # Then only the matching interest shows
    assert picker.visible_slugs() == ["crafts"]
    # And a group's name shows the whole group, and nonsense shows nothing but a hint
    picker.filter_edit.setText("games")
    assert {"board-games", "chess", "video-games"} <= set(picker.visible_slugs())
    picker.filter_edit.setText("zzzz no such thing")
    assert picker.visible_slugs() == []
    assert not picker.no_match_label.isHidden()
    picker.filter_edit.clear()
    assert picker.visible_slugs() == everything


def test_pick_interests_add_my_own_and_an_offer_then_save(store: Store, qtbot: QtBot) -> None:
    # Given the profile dialog over a store with one interest and one offer saved
    save_profile(
        store,
        Profile(interests=("chess",), offers=(OfferItem(kind=OfferKind.TIME, text="An hour"),)),
    )
    changes = DataChanges()
    announced: list[ChangeSet] = []
    changes.changed.connect(announced.append)
    dialog = ProfileDialog(store=store, changes=changes)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    assert dialog.picker.checked_slugs() == ("chess",)
    # When I filter for climbing and tick it
    qtbot.keyClicks(dialog.picker.filter_edit, "klettern")
    assert dialog.picker.visible_slugs() == ["climbing"]
    dialog.picker.set_check("climbing", True)
    # And add an interest of my own through "Add your own…"
    qtbot.mouseClick(dialog.picker.add_button, Qt.MouseButton.LeftButton)
    add_dialog = dialog.picker.add_dialog.dialog
    assert add_dialog is not None
    qtbot.waitExposed(add_dialog)
    assert add_dialog.textValue() == "klettern"  # the filter text, ready to be changed
    add_dialog.setTextValue("Urban sketching")
    add_dialog.accept()
    # And add an offer on the second tab
    dialog.tabs.setCurrentWidget(dialog.offers)
    qtbot.mouseClick(dialog.offers.add_button, Qt.MouseButton.LeftButton)
    row = dialog.offers.rows[-1]
    row.set_kind(OfferKind.INTRO)
    qtbot.keyClicks(row.text_edit, "People at the climbing gym")
    # And press OK
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    # Then the profile is stored: the old interest first, then the new ones in picking order
    assert get_profile(store) == Profile(
        interests=("chess", "climbing", "urban-sketching"),
        offers=(
            OfferItem(kind=OfferKind.TIME, text="An hour"),
            OfferItem(
                kind=OfferKind.INTRO, text="People at the climbing gym", interests=("climbing",)
            ),
        ),
    )
    # And the new interest and the profile change were announced
    assert any(change.added.get("interests") for change in announced)
    assert announced[-1].touches("profile")


def test_a_duplicate_interest_of_my_own_is_refused_with_a_reason(
    store: Store, qtbot: QtBot
) -> None:
    picker = InterestPicker(store=store, changes=DataChanges())
    qtbot.addWidget(picker)
    assert not picker.add_custom("board games")
    assert "already an interest" in picker.error_label.text()
    assert len(store.interests) == 0


def test_removing_an_offer_row_and_cancelling_changes_nothing(store: Store, qtbot: QtBot) -> None:
    # Given a saved offer
    offer = OfferItem(kind=OfferKind.SKILL, text="Review a CV")
    save_profile(store, Profile(offers=(offer,)))
    dialog = ProfileDialog(store=store, changes=DataChanges())
    qtbot.addWidget(dialog)
    # When I remove it in the dialog, the editor no longer has it
    qtbot.mouseClick(dialog.offers.rows[0].remove_button, Qt.MouseButton.LeftButton)
    assert dialog.offers.offers() == ()
    # But cancelling leaves the stored profile alone
    dialog.reject()
    assert get_profile(store).offers == (offer,)
