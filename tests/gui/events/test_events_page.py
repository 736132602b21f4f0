"""The Events page in the real main window: the form, undoable edits, sorting and status."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from companion.domain.events import Event, EventStatus
from companion.services.changes import ChangeSet, added
from companion.services.events.events import save_event
from companion.services.profile.profile import set_my_interests
from companion.ui.events.event_form import EventForm
from companion.ui.events.events_controller import EventsController
from companion.ui.events.events_model import EventRole
from companion.ui.shell.pages import PageKey
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)


@pytest.fixture(autouse=True)
def forget_undo_history(running: RunningWindow) -> Iterator[None]:
    """The stack outlives the window (its parent is the app): leave it empty for the next test."""
    yield
    running.window.undo_stack.clear()


def _event(title: str, *, days: float, interests: tuple[str, ...] = ()) -> Event:
    start = (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0)
    return Event(title=title, start=start, end=start + timedelta(hours=2), interests=interests)


def _add(running: RunningWindow, *events: Event) -> None:
    for event in events:
        running.changes.announce(save_event(running.store, event))


def _events_page(running: RunningWindow) -> EventsController:
    running.window.show_page(PageKey.EVENTS)
    return running.controller.events


def _open_form(controller: EventsController, qtbot: QtBot) -> EventForm:
    qtbot.waitUntil(
        lambda: controller.form.dialog is not None and controller.form.dialog.isVisible()
    )
    assert controller.form.dialog is not None
    return controller.form.dialog


def _event_rows(controller: EventsController) -> list[QModelIndex]:
    proxy, rows = controller.proxy, []
    for group in range(proxy.rowCount()):
        parent = proxy.index(group, 0)
        rows += [proxy.index(row, 0, parent) for row in range(proxy.rowCount(parent))]
    return rows


def _titles(controller: EventsController) -> list[str]:
    return [str(index.data()) for index in _event_rows(controller)]


def test_without_events_the_page_shows_the_empty_state_with_import(running: RunningWindow) -> None:
    # Given an empty store, when the Events page is shown
    controller = _events_page(running)
    page = controller.page
    # Then it invites to import, and offers a new event in the toolbar
    assert page.stack.currentWidget() is page.empty_state
    assert page.new_button.isVisible() and page.import_button.isVisible()


def test_a_new_event_is_created_with_the_keyboard(running: RunningWindow, qtbot: QtBot) -> None:
    # Given the Events page
    controller = _events_page(running)
    # When the user presses Ctrl+N, types a title and presses Enter
    qtbot.keyClick(running.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = _open_form(controller, qtbot)
    qtbot.keyClicks(form.title_edit, "Board game night")
    with qtbot.waitSignal(running.changes.changed):
        qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)
    # Then the event is stored, listed and selected, and adding it can be undone
    (stored,) = running.store.events.all()
    assert stored.title == "Board game night" and stored.start.tzinfo is not None
    assert controller.page.stack.currentWidget() is controller.page.list_view
    assert _titles(controller) == ["Board game night"]
    selected = controller.selected_event()
    assert selected is not None and selected.id == stored.id
    assert running.window.undo_stack.count() == 1


def test_an_end_before_the_start_is_explained_and_blocks_ok(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given the new-event form with a title
    controller = _events_page(running)
    controller.open_new_form()
    form = _open_form(controller, qtbot)
    qtbot.keyClicks(form.title_edit, "Climbing meetup")
    ok = form.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and ok.isEnabled()
    # When the end is set an hour before the start
    form.end_edit.setDateTime(form.start_edit.dateTime().addSecs(-3600))
    # Then the field is marked, the domain's message shows, OK is off and Enter saves nothing
    assert form.error_text() == "The event cannot end before it starts."
    assert form.end_edit.property("invalid") is True
    assert not ok.isEnabled()
    qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)
    assert form.isVisible() and len(running.store.events) == 0
    # And fixing it clears the message
    form.end_edit.setDateTime(form.start_edit.dateTime().addSecs(3600))
    assert form.error_text() == "" and ok.isEnabled()
    form.reject()


def test_enter_on_an_event_opens_it_for_editing(running: RunningWindow, qtbot: QtBot) -> None:
    # Given a listed event, selected
    controller = _events_page(running)
    event = _event("Paper reading group", days=3)
    _add(running, event)
    assert controller.select_event(event.id)
    controller.page.list_view.setFocus()
    # When the user presses Enter, changes the title and saves
    qtbot.keyClick(controller.page.list_view, Qt.Key.Key_Return)
    form = _open_form(controller, qtbot)
    assert form.title_edit.text() == "Paper reading group"
    form.title_edit.selectAll()
    qtbot.keyClicks(form.title_edit, "AI paper reading group")
    with qtbot.waitSignal(running.changes.changed):
        qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)
    # Then the same event (same id and time) has the new title
    stored = running.store.events.get(event.id)
    assert stored is not None and stored.title == "AI paper reading group"
    assert stored.start == event.start and stored.end == event.end
    assert _titles(controller) == ["AI paper reading group"]


def test_delete_removes_the_event_and_undo_restores_it(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given two listed events, one selected
    controller = _events_page(running)
    keep, doomed = _event("Game night", days=1), _event("Jazz jam", days=2)
    _add(running, keep, doomed)
    controller.select_event(doomed.id)
    view = controller.page.list_view
    view.setFocus()
    # When the user presses Delete
    with qtbot.waitSignal(running.changes.changed):
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    # Then it is gone
    assert doomed.id not in running.store.events
    assert _titles(controller) == ["Game night"]
    # When the user presses Ctrl+Z
    with qtbot.waitSignal(running.changes.changed):
        qtbot.keyClick(running.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # Then it is back, exactly as it was
    assert running.store.events.get(doomed.id) == doomed
    assert _titles(controller) == ["Game night", "Jazz jam"]


def test_sorting_by_fit_puts_shared_interests_first_and_keeps_the_others_marked(
    running: RunningWindow,
) -> None:
    # Given my interests and an unrelated event sooner than one I share interests with
    set_my_interests(running.store, ["board-games", "climbing"])
    controller = _events_page(running)
    mixer = _event("Speed networking", days=1, interests=("startups",))
    games = _event("Board game night", days=4, interests=("board-games", "strategy-games"))
    _add(running, mixer, games)
    assert _titles(controller) == ["Speed networking", "Board game night"]
    # When the list is sorted by fit
    combo = controller.page.sort_combo
    combo.setCurrentIndex(combo.findData("fit"))
    # Then the shared event leads, and the other is still there, marked as sharing nothing
    rows = _event_rows(controller)
    assert [str(index.data()) for index in rows] == ["Board game night", "Speed networking"]
    assert rows[0].data(EventRole.FIT) > 0 and not rows[0].data(EventRole.NO_SHARED)
    assert rows[1].data(EventRole.NO_SHARED) is True
    assert "Board games" in str(rows[0].data(EventRole.EXPLANATION))


def test_the_status_changes_from_the_menu_and_can_be_undone(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given a selected event I am considering
    controller = _events_page(running)
    event = _event("Repair café", days=2)
    _add(running, event)
    controller.select_event(event.id)
    # When I mark it as going
    with qtbot.waitSignal(running.changes.changed):
        controller.page.status_actions[EventStatus.GOING].trigger()
    # Then it is stored and shown as going; undo makes it considering again
    stored = running.store.events.get(event.id)
    assert stored is not None and stored.status is EventStatus.GOING
    assert _event_rows(controller)[0].data(EventRole.STATUS) == "Going"
    with qtbot.waitSignal(running.changes.changed):
        running.window.undo_action.trigger()
    stored = running.store.events.get(event.id)
    assert stored is not None and stored.status is EventStatus.CONSIDERING


def test_the_filter_narrows_the_list_by_interest_label(running: RunningWindow) -> None:
    # Given two events
    controller = _events_page(running)
    _add(
        running,
        _event("Tuesday meetup", days=1, interests=("climbing",)),
        _event("Thursday meetup", days=2, interests=("chess",)),
    )
    # When the user types an interest's label, then something nothing matches
    controller.page.search_edit.setText("climb")
    matching = _titles(controller)
    controller.page.search_edit.setText("no such thing")
    # Then only the climbing event shows, then a note instead of the list
    assert matching == ["Tuesday meetup"]
    assert controller.page.stack.currentWidget() is controller.page.no_match


def test_a_thousand_events_load_into_the_model(running: RunningWindow) -> None:
    # Given 1,000 events, past and upcoming, stored in one batch
    controller = _events_page(running)
    events = [
        _event(f"Event {number}", days=number - 300, interests=("board-games",))
        for number in range(1000)
    ]
    running.store.events.put_many(events)
    # When the page hears about them
    running.changes.announce(added("events", *(event.id for event in events)))
    # Then every event is in the model, and the visible rows paint
    assert controller.model.event_count() == 1000
    assert len(_event_rows(controller)) == 1000
    assert not controller.page.list_view.grab().isNull()


def test_unrelated_changes_do_not_reload_the_list(running: RunningWindow) -> None:
    # Given a listed event
    controller = _events_page(running)
    _add(running, _event("Game night", days=1))
    resets: list[None] = []
    controller.model.modelReset.connect(lambda: resets.append(None))
    # When people change
    running.changes.announce(ChangeSet(added={"people": frozenset({"x"})}))
    # Then the events list is left alone
    assert resets == []


def test_ctrl_n_does_nothing_while_another_page_is_shown(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given the Home page is shown
    running.window.show_page(PageKey.HOME)
    # When the user presses Ctrl+N
    qtbot.keyClick(running.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    # Then no event form opens
    assert running.controller.events.form.dialog is None


def test_tab_from_the_navigation_reaches_the_import_button_of_an_empty_page(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given the empty Events page is shown and the navigation has the focus
    window = running.window
    controller = _events_page(running)
    window.navigation.setFocus()
    qtbot.waitUntil(window.navigation.hasFocus)
    # When the user presses Tab
    qtbot.keyClick(window.navigation, Qt.Key.Key_Tab)
    # Then a first action of the page has the focus (the filter and sort are off while empty)
    qtbot.waitUntil(controller.page.import_button.hasFocus)
