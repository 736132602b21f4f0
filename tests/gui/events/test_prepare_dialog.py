"""Preparing an event end to end in the real main window: suggestions for four stages, shuffle,
pin, pick by hand, write my own, offers, notes, intention, save, export, feedback afterwards."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from companion.domain.events import Event
from companion.domain.openers import OpenerStage
from companion.domain.people import Person
from companion.domain.profile import OfferItem, OfferKind
from companion.services.data.session import open_session
from companion.services.events.events import save_event
from companion.services.people.people import save_person
from companion.services.profile.profile import set_my_interests, set_my_offers
from companion.ui.prepare.prepare_dialog import PrepareDialog
from companion.ui.shell.pages import PageKey
from tests.gui.conftest import GUI_PASSPHRASE, OFFSCREEN_SIZE_HINTS, RunningWindow

#: Offscreen windows cannot be raised; the dialogs raise themselves when opened again.
OFFSCREEN_RAISE = "This plugin does not support raise"
pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS, OFFSCREEN_RAISE)
SCREENSHOT = Path("/tmp/prepui/prepare.png")


@pytest.fixture(autouse=True)
def forget_undo_history(running: RunningWindow) -> Iterator[None]:
    yield
    running.window.undo_stack.clear()


def _event(*, days: float, interests: tuple[str, ...] = ("board-games",)) -> Event:
    start = (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0)
    return Event(
        title="Board game night",
        start=start,
        end=start + timedelta(hours=3),
        venue="Café Meeple",
        organizer="Tabletop Berlin",
        interests=interests,
    )


@pytest.fixture
def game_night(running: RunningWindow) -> Event:
    store = running.store
    event = _event(days=3)
    set_my_interests(store, ("board-games", "climbing"))
    set_my_offers(
        store,
        (
            OfferItem(
                kind=OfferKind.SKILL,
                text="Teach a game in five minutes",
                interests=("board-games",),
            ),
            OfferItem(
                kind=OfferKind.INTRO,
                text="Intro to the climbing gym owner",
                interests=("climbing",),
            ),
        ),
    )
    save_person(store, Person(name="Zoë Adler", interests=("board-games",)))
    running.changes.announce(save_event(store, event))
    return event


def _open(running: RunningWindow, qtbot: QtBot, event_id: str, tmp_path: Path) -> PrepareDialog:
    windows = running.controller.prepare_windows
    windows._choose_file = lambda _parent, _caption, name, _filter: tmp_path / name
    running.controller.prepare_event(event_id)
    dialog = windows.dialogs[event_id]
    qtbot.waitExposed(dialog)
    return dialog


def _slot_texts(dialog: PrepareDialog) -> dict[OpenerStage, str]:
    return {stage: view.text_label.text() for stage, view in dialog.slot_views.items()}


def _answer(
    qtbot: QtBot, box_of: Callable[[], QWidget | None], button: QMessageBox.StandardButton
) -> None:
    qtbot.waitUntil(lambda: box_of() is not None and box_of().isVisible())  # type: ignore[union-attr]
    box = box_of()
    assert isinstance(box, QMessageBox)
    box.button(button).click()


def test_preparing_an_event_end_to_end(
    running: RunningWindow, qtbot: QtBot, game_night: Event, tmp_path: Path
) -> None:
    # Given an upcoming game night, when the user prepares it
    dialog = _open(running, qtbot, game_night.id, tmp_path)
    card = dialog.card
    # Then one opener is suggested per stage, none twice, and the header names the event
    assert dialog.windowTitle() == "Prepare: Board game night"
    assert all(slot.opener is not None for slot in card.slots)
    assert len({opener.id for opener in card.openers}) == 4
    assert "Café Meeple" in dialog.header.facts_label.text()
    assert [chip.text() for chip in dialog.header.chip_labels] == ["Board games"]
    assert "Zoë Adler" in dialog.panel.likely_list.item(0).text()

    # When the first slot is pinned and everything shuffled
    first = card.slot(OpenerStage.OPEN).opener
    dialog.slot_views[OpenerStage.OPEN].pin_button.click()
    before = _slot_texts(dialog)
    dialog.openers.shuffle_all_button.click()
    # Then the pinned opener stays and the others change
    assert dialog.card.slot(OpenerStage.OPEN).opener == first
    after = _slot_texts(dialog)
    assert after[OpenerStage.GO_DEEPER] != before[OpenerStage.GO_DEEPER]

    # When one slot is shuffled on its own, it changes
    previous = after[OpenerStage.CLOSE]
    dialog.slot_views[OpenerStage.CLOSE].shuffle_button.click()
    assert _slot_texts(dialog)[OpenerStage.CLOSE] != previous

    # When an opener is picked by hand for "Offer help"
    dialog.slot_views[OpenerStage.OFFER_HELP].pick_button.click()
    qtbot.waitUntil(
        lambda: dialog.slot_actions.picker is not None and dialog.slot_actions.picker.isVisible()
    )
    picker = dialog.slot_actions.picker
    assert picker is not None
    qtbot.keyClicks(picker.filter_edit, "game")
    picked = picker.chosen_id()
    assert picked is not None
    picker.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    # Then it is in the slot, pinned
    slot = dialog.card.slot(OpenerStage.OFFER_HELP)
    assert slot.opener is not None and slot.opener.id == picked and slot.pinned

    # When the user writes their own opener into "Go deeper"
    dialog.slot_views[OpenerStage.GO_DEEPER].write_button.click()
    qtbot.waitUntil(
        lambda: dialog.slot_actions.form is not None and dialog.slot_actions.form.isVisible()
    )
    form = dialog.slot_actions.form
    assert form is not None
    assert form.stage_combo.currentData() == OpenerStage.GO_DEEPER.value
    qtbot.keyClicks(form.text_edit, "Which game do you teach to people who never play?")
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    own = dialog.card.slot(OpenerStage.GO_DEEPER).opener
    assert own is not None and own.text == "Which game do you teach to people who never play?"
    assert not own.builtin

    # When an offer is ticked, a free note added and an intention typed
    offers = dialog.panel.offers_list
    assert offers.item(0).text().endswith("Teach a game in five minutes")
    offers.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.keyClicks(dialog.panel.notes_edit, "Bring my copy of Azul")
    qtbot.keyClicks(dialog.panel.intention_edit, "learn how they run playtests")
    assert dialog.is_dirty()

    # Then exporting writes Markdown with the title and openers, and a PDF
    markdown = dialog.export_markdown()
    assert markdown is not None
    text = markdown.read_text(encoding="utf-8")
    assert "Board game night" in text and own.text in text and "Bring my copy of Azul" in text
    pdf = dialog.export_pdf()
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
    # Readable by the user alone, and said to be unencrypted, like every other export
    assert stat.S_IMODE(markdown.stat().st_mode) == 0o600
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    assert "not encrypted" in dialog.status_label.text()

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SCREENSHOT))

    # When the user saves with Ctrl+S
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(running.changes.changed):
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.is_dirty()
    saved_openers = [opener.id for opener in dialog.card.openers]
    # Then Esc closes without asking
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    # And the plan is on disk: a fresh session over the same folder reads it back
    running.session.close()
    session = open_session(running.data_dir, lambda _prompt: GUI_PASSPHRASE)
    try:
        stored = session.store.events.get(game_night.id)
        assert stored is not None
        assert list(stored.prep.opener_ids) == saved_openers
        assert stored.prep.offer_texts == ("Teach a game in five minutes",)
        assert stored.prep.offer_notes == ("Bring my copy of Azul",)
        assert stored.prep.intention == "learn how they run playtests"
        assert own.id in {opener.id for opener in session.store.openers}
    finally:
        session.close()
        running.session = open_session(running.data_dir, lambda _prompt: GUI_PASSPHRASE)


def test_closing_with_unsaved_changes_offers_to_save(
    running: RunningWindow, qtbot: QtBot, game_night: Event, tmp_path: Path
) -> None:
    # Given a prepared event with a typed intention
    dialog = _open(running, qtbot, game_night.id, tmp_path)
    qtbot.keyClicks(dialog.panel.intention_edit, "meet two new people")
    # When the user presses Esc and then Cancel, the dialog stays open
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    _answer(qtbot, lambda: dialog.confirm_box, QMessageBox.StandardButton.Cancel)
    assert dialog.isVisible()
    # When Esc again and Save, the plan is saved and the dialog closes
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    with qtbot.waitSignal(running.changes.changed):
        _answer(qtbot, lambda: dialog.confirm_box, QMessageBox.StandardButton.Save)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    stored = running.store.events.get(game_night.id)
    assert stored is not None and stored.prep.intention == "meet two new people"


def test_an_event_without_interests_gets_general_openers(
    running: RunningWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    # Given an event that names no interest
    event = _event(days=2, interests=())
    running.changes.announce(save_event(running.store, event))
    # When it is prepared, then every stage still has an opener
    dialog = _open(running, qtbot, event.id, tmp_path)
    assert all(slot.opener is not None for slot in dialog.card.slots)
    assert not dialog.feedback_button.isVisible()


def test_the_exported_card_lists_the_offers_ticked_in_the_window(
    running: RunningWindow, qtbot: QtBot, game_night: Event, tmp_path: Path
) -> None:
    # Given an event none of my offers is about: the window ticks none of them
    event = _event(days=2, interests=("cooking",))
    running.changes.announce(save_event(running.store, event))
    dialog = _open(running, qtbot, event.id, tmp_path)
    assert dialog.panel.checked_offer_numbers() == []
    # When the card is exported as it is
    exported = dialog.export_markdown()
    # Then it lists none of them either (what you see is what you print)
    assert exported is not None
    text = exported.read_text(encoding="utf-8")
    assert "Teach a game in five minutes" not in text
    assert "Intro to the climbing gym owner" not in text
    # And once one is ticked, that one is on the card, and nothing was made unsaved before
    assert not dialog.is_dirty()
    dialog.panel.offers_list.item(1).setCheckState(Qt.CheckState.Checked)
    exported = dialog.export_markdown()
    assert exported is not None
    text = exported.read_text(encoding="utf-8")
    assert "Intro to the climbing gym owner" in text
    assert "Teach a game in five minutes" not in text


def test_after_the_event_the_openers_get_feedback(
    running: RunningWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    # Given an event that ended yesterday, prepared and saved
    event = _event(days=-1)
    running.changes.announce(save_event(running.store, event))
    dialog = _open(running, qtbot, event.id, tmp_path)
    assert dialog.save()
    first, second = dialog.card.openers[:2]
    # When the user says which openers they used and which landed well
    assert dialog.feedback_button.isVisible()
    dialog.feedback_button.click()
    qtbot.waitUntil(
        lambda: dialog.feedback_dialog is not None and dialog.feedback_dialog.isVisible()
    )
    feedback = dialog.feedback_dialog
    assert feedback is not None
    feedback.used_checks[first.id].setChecked(True)
    feedback.landed_checks[second.id].setChecked(True)
    with qtbot.waitSignal(running.changes.changed):
        feedback.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    # Then it is stored on the plan and counted on the openers
    stored = running.store.events.get(event.id)
    assert stored is not None
    assert set(stored.prep.used_opener_ids) == {first.id, second.id}
    assert stored.prep.landed_opener_ids == (second.id,)
    counted = running.store.openers.get(second.id)
    assert counted is not None and (counted.used, counted.landed) == (1, 1)
    # And closing the Prepare dialog asks nothing (the feedback did not make it unsaved)
    assert not dialog.is_dirty()


def test_the_events_page_and_home_open_the_prepare_dialog(
    running: RunningWindow, qtbot: QtBot, game_night: Event
) -> None:
    # Given the event selected on the Events page
    running.window.show_page(PageKey.EVENTS)
    events = running.controller.events
    assert events.select_event(game_night.id)
    # When Prepare… is clicked, the event's Prepare window opens
    events.page.prepare_button.click()
    windows = running.controller.prepare_windows
    qtbot.waitUntil(
        lambda: game_night.id in windows.dialogs and windows.dialogs[game_night.id].isVisible()
    )
    windows.dialogs[game_night.id].close()
    qtbot.waitUntil(lambda: game_night.id not in windows.dialogs)
    # And Home's next-event card has a Prepare… button doing the same
    running.window.show_page(PageKey.HOME)
    home = running.window.findChild(QWidget, "prepareButton")
    assert home is not None
    home.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: game_night.id in windows.dialogs)


def _ticked_offers(dialog: PrepareDialog) -> list[str]:
    offers = dialog.panel.offers_list
    return [
        offers.item(row).text()
        for row in range(offers.count())
        if offers.item(row).checkState() == Qt.CheckState.Checked
    ]


def test_offers_unticked_and_saved_stay_unticked_when_reopened(
    running: RunningWindow, qtbot: QtBot, game_night: Event, tmp_path: Path
) -> None:
    # Given the Prepare window with the offer about board games ticked
    dialog = _open(running, qtbot, game_night.id, tmp_path)
    assert _ticked_offers(dialog) == ["Skill: Teach a game in five minutes"]
    # When the user unticks it, saves and closes
    dialog.panel.offers_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.save()
    dialog.close()
    dialogs = running.controller.prepare_windows.dialogs
    qtbot.waitUntil(lambda: game_night.id not in dialogs)
    # Then reopened, nothing is ticked, the matching offer is still listed first, and the
    # window has nothing unsaved
    again = _open(running, qtbot, game_night.id, tmp_path)
    assert _ticked_offers(again) == []
    assert again.panel.offers_list.item(0).text() == "Skill: Teach a game in five minutes"
    assert again.panel.offers_hint.text() == "Tick what you could give at this event."
    assert not again.is_dirty()


def test_reviewing_the_openers_of_an_ended_event_opens_one_feedback_dialog(
    running: RunningWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    # Given an event that ended yesterday, prepared and saved
    event = _event(days=-1)
    running.changes.announce(save_event(running.store, event))
    prepared = _open(running, qtbot, event.id, tmp_path)
    assert prepared.save()
    prepared.close()
    windows = running.controller.prepare_windows
    # When its openers are reviewed twice
    first = windows.review_openers(event.id)
    assert first is not None
    qtbot.waitUntil(first.isVisible)
    # Then the second time raises the same dialog, listing the saved openers
    assert windows.review_openers(event.id) is first
    assert set(first.used_checks) == {opener.id for opener in prepared.card.openers}
    # And once cancelled, the next review opens a new one
    with qtbot.waitSignal(first.finished):
        first.reject()
    again = windows.review_openers(event.id)
    assert again is not None and again is not first
    again.reject()
