"""The People page in the real main window: the table, the form, undoable edits and sorting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from companion.domain.people import Encounter, Person
from companion.services.changes import added
from companion.services.people.people import save_person
from companion.ui.people.people_controller import PeopleController
from companion.ui.people.people_model import Column
from companion.ui.people.person_form import PersonForm
from companion.ui.shell.pages import PageKey
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)


@pytest.fixture(autouse=True)
def forget_undo_history(running: RunningWindow) -> Iterator[None]:
    """The stack outlives the window (its parent is the app): leave it empty for the next test."""
    yield
    running.window.undo_stack.clear()


def _add(running: RunningWindow, *people: Person) -> None:
    for person in people:
        running.changes.announce(save_person(running.store, person))


def _people_page(running: RunningWindow) -> PeopleController:
    running.window.show_page(PageKey.PEOPLE)
    return running.controller.people


def _open_form(controller: PeopleController, qtbot: QtBot) -> PersonForm:
    qtbot.waitUntil(
        lambda: controller.form.dialog is not None and controller.form.dialog.isVisible()
    )
    assert controller.form.dialog is not None
    return controller.form.dialog


def _names(controller: PeopleController) -> list[str]:
    proxy = controller.proxy
    return [str(proxy.index(row, Column.NAME).data()) for row in range(proxy.rowCount())]


def test_without_people_the_page_shows_the_empty_state_with_import(running: RunningWindow) -> None:
    # Given no people / When the People page is shown
    controller = _people_page(running)
    # Then the empty state offers the import
    page = controller.page
    assert page.stack.currentWidget() is page.empty_state
    assert page.empty_state.action_button.text() == "Import people…"
    assert not page.search_edit.isEnabled()


def test_the_filter_ignores_case_and_accents(running: RunningWindow) -> None:
    # Given three people
    controller = _people_page(running)
    _add(
        running,
        Person(name="Zoë Müller", organization="Atelier Nord"),
        Person(name="Jonas Berg"),
        Person(name="Ana Lima"),
    )
    # When the filter is typed without accents, in capitals
    controller.page.search_edit.setText("ZOE mull")
    # Then only the matching person is listed
    assert _names(controller) == ["Zoë Müller"]
    # When the filter matches the organization / matches nobody
    controller.page.search_edit.setText("atelier")
    assert _names(controller) == ["Zoë Müller"]
    controller.page.search_edit.setText("nobody at all")
    # Then the page says so instead of showing an empty table
    assert controller.page.stack.currentWidget() is controller.page.no_match


def test_clicking_a_header_sorts_by_that_column(running: RunningWindow, qtbot: QtBot) -> None:
    # Given three people with different last contacts, listed by name
    controller = _people_page(running)
    people = [Person(name="Ana"), Person(name="Ben"), Person(name="Cleo")]
    _add(running, *people)
    days = {people[0].id: date(2026, 5, 1), people[1].id: date(2026, 11, 1)}
    for person_id, day in days.items():
        encounter = Encounter(person_id=person_id, on=day)
        running.store.encounters.put(encounter)
    running.changes.announce(added("encounters", "any"))
    assert _names(controller) == ["Ana", "Ben", "Cleo"]
    # When the "Last contact" header is clicked, then clicked again
    header = controller.page.table_view.horizontalHeader()
    x = header.sectionViewportPosition(Column.LAST_CONTACT) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    first = _names(controller)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    # Then the rows follow the raw dates (never contacted first), then the reverse
    assert first == ["Cleo", "Ana", "Ben"]
    assert _names(controller) == ["Ben", "Ana", "Cleo"]
    assert controller.proxy.index(0, Column.LAST_CONTACT).data() == "Nov 1, 2026"


def test_a_new_person_is_created_with_the_form(running: RunningWindow, qtbot: QtBot) -> None:
    # Given the People page
    controller = _people_page(running)
    # When the user presses Ctrl+N, fills in the form and presses Enter
    qtbot.keyClick(running.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = _open_form(controller, qtbot)
    qtbot.keyClicks(form.name_edit, "Ada Lovelace")
    qtbot.keyClicks(form.emails_edit, "ada@example.org, ada@work.example")
    form.links_edit.setPlainText("https://ada.example\n\nhttps://blog.example")
    form.interest_checklist.items.item(0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(running.changes.changed):
        qtbot.keyClick(form.name_edit, Qt.Key.Key_Return)
    # Then the person is stored, listed and selected, and adding them can be undone
    (stored,) = running.store.people.all()
    assert stored.name == "Ada Lovelace"
    assert stored.emails == ("ada@example.org", "ada@work.example")
    assert stored.links == ("https://ada.example", "https://blog.example")
    assert len(stored.interests) == 1
    assert _names(controller) == ["Ada Lovelace"]
    selected = controller.selected_person()
    assert selected is not None and selected.id == stored.id
    assert running.window.undo_stack.count() == 1


def test_a_bad_email_is_explained_and_blocks_ok(running: RunningWindow, qtbot: QtBot) -> None:
    # Given the new person form with a name
    controller = _people_page(running)
    controller.open_new_form()
    form = _open_form(controller, qtbot)
    qtbot.keyClicks(form.name_edit, "Ben")
    # When an email without an @ is typed
    qtbot.keyClicks(form.emails_edit, "ben.example.org")
    # Then the field is marked, the reason shown, OK disabled and nothing stored
    assert form.emails_edit.property("invalid") is True
    assert "ben.example.org" in form.error_text()
    ok = form.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and not ok.isEnabled()
    form.reject()
    assert len(running.store.people) == 0


def test_enter_on_a_person_opens_their_page_and_edit_opens_the_form(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given a listed person, selected, the table focused
    controller = _people_page(running)
    person = Person(name="Cleo", notes="Met at the pottery class")
    _add(running, person)
    controller.select_person(person.id)
    view = controller.page.table_view
    view.setFocus()
    # When Enter is pressed, their page shows; Edit there opens the form
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert controller.page.showing_person()
    assert controller.page.person_page.name_label.text() == "Cleo"
    controller.page.person_page.edit_button.click()
    form = _open_form(controller, qtbot)
    # When the organization is changed
    assert form.name_edit.text() == "Cleo"
    qtbot.keyClicks(form.organization_edit, "Kiln & Co")
    with qtbot.waitSignal(running.changes.changed):
        form.accept()
    # Then the edit is stored with everything else kept, and undo brings the old record back
    stored = running.store.people.get(person.id)
    assert stored is not None
    assert (stored.organization, stored.notes) == ("Kiln & Co", "Met at the pottery class")
    with qtbot.waitSignal(running.changes.changed):
        running.window.undo_action.trigger()
    assert running.store.people.get(person.id) == person


def test_edit_on_a_row_reads_the_whole_person_and_a_reload_keeps_the_selection(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given two listed people, the one with an email and notes (no column shows them) selected
    controller = _people_page(running)
    ben = Person(name="Ben", emails=("ben@example.org",), notes="Knows the kiln")
    _add(running, Person(name="Ana"), ben)
    controller.select_person(ben.id)
    # When someone is added (the rows are read again)
    _add(running, Person(name="Aaron"))
    # Then Ben is still the one selected
    assert controller.selected_person_id() == ben.id
    assert controller.selected_person() == ben
    # When Edit is chosen for him
    controller.page.edit_action.trigger()
    form = _open_form(controller, qtbot)
    # Then the form holds his stored record, not only what the table shows
    assert (form.name_edit.text(), form.emails_edit.text()) == ("Ben", "ben@example.org")
    assert form.notes_edit.toPlainText() == "Knows the kiln"
    form.reject()


def test_delete_removes_the_person_and_ctrl_z_restores_them(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given two listed people, one selected
    controller = _people_page(running)
    keep, doomed = Person(name="Ana"), Person(name="Ben", emails=("ben@example.org",))
    _add(running, keep, doomed)
    controller.select_person(doomed.id)
    view = controller.page.table_view
    view.setFocus()
    # When the user presses Delete
    with qtbot.waitSignal(running.changes.changed):
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    # Then they are gone
    assert doomed.id not in running.store.people
    assert _names(controller) == ["Ana"]
    # When the user presses Ctrl+Z
    with qtbot.waitSignal(running.changes.changed):
        qtbot.keyClick(running.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # Then they are back, exactly as they were
    assert running.store.people.get(doomed.id) == doomed
    assert _names(controller) == ["Ana", "Ben"]


def test_ctrl_n_opens_only_the_form_of_the_page_shown(running: RunningWindow, qtbot: QtBot) -> None:
    # Given the Events page is shown
    running.window.show_page(PageKey.EVENTS)
    # When the user presses Ctrl+N
    qtbot.keyClick(running.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    # Then the event form opens, not the person form
    qtbot.waitUntil(lambda: running.controller.events.form.dialog is not None)
    assert running.controller.people.form.dialog is None
    assert running.controller.events.form.dialog is not None
    running.controller.events.form.dialog.reject()


def test_a_long_list_filters_once_typing_pauses(running: RunningWindow, qtbot: QtBot) -> None:
    # Given more people than the page filters key by key
    many = [Person(name=f"Person {number:04d}") for number in range(2_100)]
    running.store.people.put_many([*many, Person(name="Zoë Müller")])
    running.changes.announce(added("people", *(person.id for person in many)))
    controller = _people_page(running)
    assert controller.proxy.rowCount() == 2_101
    # When a name is typed
    qtbot.keyClicks(controller.page.search_edit, "zoe")
    # Then the rows stay until typing pauses, and then only the match is left
    assert controller.proxy.rowCount() == 2_101
    qtbot.waitUntil(lambda: _names(controller) == ["Zoë Müller"])


def test_from_the_filter_down_goes_into_the_list_and_enter_opens_a_single_match(
    qtbot: QtBot, running: RunningWindow
) -> None:
    # Given two people on the People page
    controller = _people_page(running)
    _add(running, Person(name="Bob Builder"), Person(name="Ada Lovelace"))
    page = controller.page
    # When I press Down in the filter, the list takes the keys on its first row
    page.search_edit.setFocus()
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)
    assert page.table_view.currentIndex().row() == 0
    # And when a filter leaves one person, Enter opens their page
    page.search_edit.setFocus()
    qtbot.keyClicks(page.search_edit, "bob")
    qtbot.waitUntil(lambda: page.table_view.model().rowCount() == 1)
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(page.showing_person)
    assert page.person_page.name_label.text() == "Bob Builder"
