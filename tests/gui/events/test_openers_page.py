"""The Openers page in the real main window: filters, favourite, hide, write/edit/delete + undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from companion.domain.openers import OpenerStage
from companion.ui.openers.opener_form import OpenerForm
from companion.ui.openers.openers_controller import OpenersController
from companion.ui.shell.pages import PageKey
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)
SCREENSHOT = Path("/tmp/prepui/openers-page.png")


@pytest.fixture(autouse=True)
def forget_undo_history(running: RunningWindow) -> Iterator[None]:
    yield
    running.window.undo_stack.clear()


@pytest.fixture
def openers(running: RunningWindow) -> OpenersController:
    running.window.show_page(PageKey.OPENERS)
    return running.controller.openers


def _shown_openers(controller: OpenersController) -> list[object]:
    proxy = controller.proxy
    return [
        controller.model.opener_at(proxy.mapToSource(proxy.index(row, 0)))
        for row in range(proxy.rowCount())
    ]


def _open_form(controller: OpenersController, qtbot: QtBot) -> OpenerForm:
    qtbot.waitUntil(
        lambda: controller.form.dialog is not None and controller.form.dialog.isVisible()
    )
    assert controller.form.dialog is not None
    return controller.form.dialog


def test_the_library_is_filtered_by_interest_stage_and_words(
    openers: OpenersController, running: RunningWindow
) -> None:
    # Given the built-in library
    page = openers.page
    total = openers.proxy.rowCount()
    assert total >= 100
    # When the interest filter is set to Board games
    page.interest_combo.setCurrentIndex(page.interest_combo.findData("board-games"))
    # Then only board game openers remain
    shown = _shown_openers(openers)
    assert shown and all("board-games" in opener.interests for opener in shown)  # type: ignore[attr-defined]
    # When the stage "Go deeper" is picked as well
    page.stage_button_of[OpenerStage.GO_DEEPER].click()
    shown = _shown_openers(openers)
    assert shown and all(opener.stage is OpenerStage.GO_DEEPER for opener in shown)  # type: ignore[attr-defined]
    # When the interest filter is cleared and a word typed without its accent
    page.interest_combo.setCurrentIndex(0)
    page.all_stages_button.click()
    page.search_edit.setText("GÄME")
    # Then only openers whose words or interests hold "game" remain
    proxy, model = openers.proxy, openers.model
    rows = [proxy.mapToSource(proxy.index(row, 0)).row() for row in range(proxy.rowCount())]
    assert 0 < len(rows) < total
    assert all("game" in model.search_text(row) for row in rows)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    running.window.grab().save(str(SCREENSHOT))
    # When nothing matches, the page says so
    page.search_edit.setText("zzzz-nothing")
    assert page.stack.currentWidget() is page.no_match


def test_favourite_and_hide_can_be_undone(
    openers: OpenersController, running: RunningWindow, qtbot: QtBot
) -> None:
    # Given an opener selected in the list
    page = openers.page
    target = _shown_openers(openers)[5]
    assert openers.select_opener(target.id)  # type: ignore[attr-defined]
    # When the user presses F in the list
    page.list_view.setFocus()
    qtbot.keyClick(page.list_view, Qt.Key.Key_F)
    # Then it is a favourite, listed first, and stored
    assert _shown_openers(openers)[0].id == target.id  # type: ignore[attr-defined]
    assert running.store.openers.get(target.id).favourite  # type: ignore[attr-defined,union-attr]
    # When it is hidden, it leaves the list unless hidden ones are shown
    openers.toggle_hidden()
    assert target.id not in {o.id for o in _shown_openers(openers)}  # type: ignore[attr-defined]
    page.show_hidden_check.setChecked(True)
    assert target.id in {o.id for o in _shown_openers(openers)}  # type: ignore[attr-defined]
    # When both are undone, it is neither favourite nor hidden
    running.window.undo_stack.undo()
    running.window.undo_stack.undo()
    stored = running.store.openers.get(target.id)  # type: ignore[attr-defined]
    assert stored is None or not (stored.favourite or stored.hidden)


def test_writing_editing_and_deleting_my_own_opener(
    openers: OpenersController, running: RunningWindow, qtbot: QtBot
) -> None:
    # Given the Openers page, when the user presses Ctrl+N
    qtbot.keyClick(running.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = _open_form(openers, qtbot)
    ok = form.buttons.button(QDialogButtonBox.StandardButton.Ok)
    # Then an emptied text gets a clear message and OK stays off
    qtbot.keyClicks(form.text_edit, "x")
    form.text_edit.clear()
    assert form.error_text() == "An opener needs some words."
    assert not ok.isEnabled()
    # And an absurdly long one is refused with the limit named
    form.text_edit.setPlainText("word " * 100)
    assert "at most 400 characters" in form.error_text()
    # When a real opener is written for "Offer help" about board games
    form.text_edit.setPlainText("Want me to teach you Azul in five minutes?")
    form.stage_combo.setCurrentIndex(form.stage_combo.findData(OpenerStage.OFFER_HELP.value))
    form.interest_checklist.set_checked(["board-games"])
    ok.click()
    # Then it is stored, listed and selected
    mine = openers.selected_opener()
    assert mine is not None and mine.text == "Want me to teach you Azul in five minutes?"
    assert not mine.builtin and running.store.openers.get(mine.id) is not None
    assert openers.page.edit_button.isEnabled()
    # When it is edited
    openers.open_edit_form(mine)
    form = _open_form(openers, qtbot)
    form.text_edit.setPlainText("Shall I teach you Azul in five minutes?")
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    edited = running.store.openers.get(mine.id)
    assert edited is not None and edited.text == "Shall I teach you Azul in five minutes?"
    # When it is deleted, it is gone; undo brings it back
    openers.select_opener(mine.id)
    openers.delete_selected()
    assert running.store.openers.get(mine.id) is None
    running.window.undo_stack.undo()
    back = running.store.openers.get(mine.id)
    assert back is not None and back.text == "Shall I teach you Azul in five minutes?"
    # And built-in openers cannot be edited or deleted
    builtin = next(o for o in openers.model.openers() if o.builtin)
    openers.select_opener(builtin.id)
    assert not openers.page.delete_button.isEnabled()
    assert not openers.page.edit_action.isEnabled()


def test_hiding_with_h_moves_on_to_the_next_opener(
    openers: OpenersController, running: RunningWindow, qtbot: QtBot
) -> None:
    # Given the fourth opener of the list selected, the list focused
    page = openers.page
    shown = _shown_openers(openers)
    target, following = shown[3], shown[4]
    assert openers.select_opener(target.id)  # type: ignore[attr-defined]
    page.list_view.setFocus()
    # When the user presses H
    qtbot.keyClick(page.list_view, Qt.Key.Key_H)
    # Then it leaves the list and the opener that took its place is selected
    assert running.store.openers.get(target.id).hidden  # type: ignore[attr-defined,union-attr]
    selected = openers.selected_opener()
    assert selected is not None and selected.id == following.id  # type: ignore[attr-defined]
    assert page.hide_button.isEnabled()
    # And H again hides that one too
    qtbot.keyClick(page.list_view, Qt.Key.Key_H)
    assert running.store.openers.get(following.id).hidden  # type: ignore[attr-defined,union-attr]
