"""Prepare beyond the four openers: offers said aloud, the event's words, situations; and the
offer editor suggesting interests from an offer's words."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from companion.domain.events import Event, Reflection
from companion.domain.openers import OpenerStage
from companion.domain.people import Person
from companion.domain.profile import OfferItem, OfferKind, Profile
from companion.services.prepare import prepare
from companion.storage.store import Store
from companion.ui.prepare.prepare_dialog import PrepareDialog
from companion.ui.settings.offer_editor import OfferEditor
from companion.ui.shell.data_changes import DataChanges
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)
NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
SCREENSHOT = Path("/tmp/prepui/prepare-extras.png")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "data")
    yield opened
    opened.close()


def _python_meetup(store: Store) -> Event:
    start = NOW + timedelta(days=3)
    event = Event(
        title="Python User Group",
        start=start,
        end=start + timedelta(hours=3),
        venue="Betahaus",
        url="https://www.meetup.com/pug/events/1",
        description="Lightning talks on typing and packaging. Pizza provided.",
        interests=("python",),
    )
    store.events.put(event)
    return event


def _dialog(store: Store, qtbot: QtBot, event: Event) -> PrepareDialog:
    card = prepare.prep_card(store, event.id, locale="en", now=NOW)
    dialog = PrepareDialog(store=store, changes=DataChanges(), card=card, now=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_ticked_offer_fills_the_offer_help_slot_in_words_i_can_edit(
    store: Store, qtbot: QtBot
) -> None:
    # Given an offer written without interests and a Python meetup
    store.profile.put(
        Profile(offers=(OfferItem(kind=OfferKind.SKILL, text="Teach Python to beginners"),))
    )
    event = _python_meetup(store)
    dialog = _dialog(store, qtbot, event)
    # Then "What I can offer here" matches it (ticked), and the button to say it is enabled
    item = dialog.panel.offers_list.item(0)
    assert item.checkState() == Qt.CheckState.Checked
    assert "None of your offers" not in dialog.panel.offers_hint.text()
    assert dialog.panel.say_offer_button.isEnabled()
    # When I ask to say it, edit the words and accept
    qtbot.mouseClick(dialog.panel.say_offer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.slot_actions.form is not None)
    form = dialog.slot_actions.form
    assert form is not None
    assert form.text_edit.toPlainText().startswith("I could teach Python to beginners")
    assert form.stage_combo.currentData() == OpenerStage.OFFER_HELP.value
    form.text_edit.setPlainText("I could teach you Python basics – want to pair on something?")
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    # Then the offer-help slot holds my words, pinned
    slot = dialog.card.slot(OpenerStage.OFFER_HELP)
    assert slot.pinned and slot.opener is not None
    assert slot.opener.text.startswith("I could teach you Python basics")
    assert slot.opener.interests == ("python",)
    view = dialog.slot_views[OpenerStage.OFFER_HELP]
    assert view.text_label.text().startswith("I could teach you Python basics")


def test_unticking_every_offer_disables_saying_one(store: Store, qtbot: QtBot) -> None:
    store.profile.put(Profile(offers=(OfferItem(kind=OfferKind.SKILL, text="Teach Python"),)))
    dialog = _dialog(store, qtbot, _python_meetup(store))
    dialog.panel.offers_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert not dialog.panel.say_offer_button.isEnabled()


def test_the_offer_editor_suggests_interests_until_i_pick_them(qtbot: QtBot) -> None:
    # Given the offer editor with one empty row
    editor = OfferEditor()
    qtbot.addWidget(editor)
    editor.set_offers(())
    row = editor.rows[0]
    # When I type an offer, Then its interests are suggested from the words
    qtbot.keyClicks(row.text_edit, "Teach Python to beginners")
    assert row.interests() == ("python",)
    assert row.interests_button.text() == "Python"
    # When I pick an interest by hand, Then typing no longer changes them
    row.set_interests(("programming",))
    row.text_edit.setText("Review a CV")
    assert editor.offers() == (
        OfferItem(kind=OfferKind.SKILL, text="Review a CV", interests=("programming",)),
    )


def test_the_interests_menu_ticks_the_offers_interests(qtbot: QtBot) -> None:
    editor = OfferEditor()
    qtbot.addWidget(editor)
    editor.set_offers((OfferItem(kind=OfferKind.INTRO, text="x", interests=("climbing",)),))
    row = editor.rows[0]
    checked = [
        action.data()
        for submenu in row.interests_menu.actions()
        if submenu.menu() is not None
        for action in submenu.menu().actions()  # type: ignore[union-attr]
        if action.isChecked()
    ]
    assert checked == ["climbing"]
    # Toggling one in the menu adds it
    board = next(
        action
        for submenu in row.interests_menu.actions()
        if submenu.menu() is not None
        for action in submenu.menu().actions()  # type: ignore[union-attr]
        if action.data() == "board-games"
    )
    board.setChecked(True)
    assert row.interests() == ("climbing", "board-games")


def test_prepare_shows_the_fit_in_words_the_link_and_the_description(
    store: Store, qtbot: QtBot
) -> None:
    # Given I like programming, two past Python evenings felt natural (5 and 4)
    store.profile.put(Profile(interests=("programming",)))
    for days, felt in ((30, 5), (60, 4)):
        start = NOW - timedelta(days=days)
        store.events.put(
            Event(
                title=f"Python evening {days}",
                start=start,
                end=start + timedelta(hours=2),
                interests=("python",),
                reflection=Reflection(felt_natural=felt),
            )
        )
    event = _python_meetup(store)
    # When the Python meetup is prepared
    dialog = _dialog(store, qtbot, event)
    header = dialog.header
    # Then the fit says why in words, shares Python through programming, numbers via Babel
    assert header.fit_label.text() == (
        "You share: Python; Events about Python have felt natural to you – 4.5/5 over 2 events"
    )
    # And the event's link and description are there
    assert "https://www.meetup.com/pug/events/1" in header.link_label.text()
    assert header.description_label.text().startswith("Lightning talks on typing")
    assert not header.description_label.isHidden()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SCREENSHOT))


def test_a_long_description_is_cut_with_the_whole_text_in_the_tooltip(
    store: Store, qtbot: QtBot
) -> None:
    event = _python_meetup(store)
    long = "Talks and more talks. " * 60
    store.events.put(replace(event, description=long))
    dialog = _dialog(store, qtbot, event)
    shown = dialog.header.description_label.text()
    assert shown.endswith("…") and len(shown) <= 600
    assert dialog.header.description_label.toolTip() == long.strip()


def test_situations_sit_beside_the_stages_with_the_events_format_first(
    store: Store, qtbot: QtBot
) -> None:
    # Given a Python meetup with lightning talks, and someone I met working on a parser
    event = _python_meetup(store)
    zoe = Person(name="Zoë Adler", interests=("python",), working_on="a parser for Markdown")
    store.people.put(zoe)
    # When it is prepared
    dialog = _dialog(store, qtbot, event)
    panel = dialog.situations
    # Then "At a talk" comes first and says it fits this event
    assert panel.combo.itemText(0) == "At a talk – fits this event"
    assert len(panel.current_lines()) >= 10
    # And reconnecting starts with a line for Zoë from what I noted
    index = panel.combo.findData("reconnecting")
    panel.combo.setCurrentIndex(index)
    assert panel.current_lines()[0] == (
        "Zoë Adler: Last time you told me you were working on a parser for Markdown"
        " – how is it going?"
    )
    # And double-clicking a line copies it
    item = panel.lines_list.item(1)
    panel.lines_list.itemActivated.emit(item)
    assert QApplication.clipboard().text() == item.text()
    assert panel.copied_label.text() == "Copied."
