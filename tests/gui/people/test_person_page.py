"""The person page: details, timeline, promises done in one click, cadence, delete with undo."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion.domain.events import Event
from companion.domain.people import Encounter, FollowUp, Person, Promise, PromiseStatus
from companion.services.changes import ChangeSet
from companion.services.people.people import save_person
from companion.services.promises.promises import reconnects
from companion.ui.people.people_controller import PeopleController
from companion.ui.shell.pages import PageKey
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, TODAY, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)


@pytest.fixture(autouse=True)
def forget_undo_history(running: RunningWindow) -> Iterator[None]:
    yield
    running.window.undo_stack.clear()


def _ada(running: RunningWindow) -> tuple[Person, Promise]:
    """Ada, met at a meetup ten days ago, with one open promise due yesterday."""
    event = Event(title="Robotics meetup", start=datetime(2026, 11, 15, 18, tzinfo=UTC))
    ada = Person(
        name="Ada Lovelace",
        emails=("ada@example.org",),
        phones=("+44 20 1234",),
        links=("https://example.org/ada",),
        organization="Engines Ltd",
        job_title="Analyst",
        interests=("go",),
        working_on="A difference engine",
        notes="Likes poetry",
    )
    promise = Promise(
        person_id=ada.id,
        text="Send the Babbage paper",
        due=TODAY - timedelta(days=1),
        created=TODAY - timedelta(days=10),
    )
    store = running.store
    with store.batch():
        store.events.put(event)
        store.people.put(ada)
        store.encounters.put(
            Encounter(
                person_id=ada.id,
                on=TODAY - timedelta(days=10),
                event_id=event.id,
                note="Talked about looms",
            )
        )
        store.promises.put(promise)
    running.changes.announce(ChangeSet(added={"people": frozenset({ada.id})}))
    return ada, promise


def _open(running: RunningWindow, person: Person) -> PeopleController:
    running.window.show_page(PageKey.PEOPLE)
    controller = running.controller.people
    assert controller.open_person(person.id)
    return controller


def test_the_page_shows_details_promises_and_the_timeline(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given Ada with an encounter at an event and an overdue promise
    ada, promise = _ada(running)
    # When her page is opened through the window (as Home or the tray would)
    running.controller.show_person(ada.id)
    controller = running.controller.people
    page = controller.page.person_page
    # Then the header, contacts and timeline show her, newest first
    assert controller.page.showing_person()
    assert page.name_label.text() == "Ada Lovelace"
    assert page.role_label.text() == "Analyst · Engines Ltd"
    assert 'href="mailto:ada@example.org"' in page.about_column.contacts_label.text()
    assert page.about_column.working_on_label.text() == "A difference engine"
    lines = [page.timeline_list.item(row).text() for row in range(page.timeline_list.count())]
    assert len(lines) == 2
    # (the promise was made at that meeting: on the same day it reads as the later event)
    assert "Promised" in lines[0] and "Send the Babbage paper" in lines[0]
    assert "Robotics meetup" in lines[1] and "Talked about looms" in lines[1]
    assert (promise.id, "done") in page.promise_buttons
    if os.environ.get("PERSON_PAGE_GRAB"):
        running.window.resize(1200, 800)
        page.grab().save(os.environ["PERSON_PAGE_GRAB"])


def test_done_in_one_click_is_stored_on_the_timeline_and_undoable(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given Ada's page with her open promise
    ada, promise = _ada(running)
    page = _open(running, ada).page.person_page
    # When Done is clicked
    with qtbot.waitSignal(running.changes.changed):
        page.promise_buttons[(promise.id, "done")].click()
    # Then the promise is done today, the timeline says so, and Reopen is offered
    stored = running.store.promises.get(promise.id)
    assert stored is not None and (stored.status, stored.done_on) == (PromiseStatus.DONE, TODAY)
    assert "Kept a promise" in page.timeline_list.item(0).text()
    assert (promise.id, "reopen") in page.promise_buttons
    # When the change is undone
    with qtbot.waitSignal(running.changes.changed):
        running.window.undo_stack.undo()
    # Then it is open again, exactly as before
    assert running.store.promises.get(promise.id) == promise


def test_a_cadence_is_set_in_one_click(running: RunningWindow, qtbot: QtBot) -> None:
    # Given Ada's page without a follow-up
    ada, _promise = _ada(running)
    page = _open(running, ada).page.person_page
    assert page.follow_up_label.text() == "No reconnect planned."
    # When "Every 3 months" is clicked
    with qtbot.waitSignal(running.changes.changed):
        page.cadence_buttons[91].click()
    # Then it is stored, shown checked, and the next date counts from the last encounter
    stored = running.store.people.get(ada.id)
    assert stored is not None and stored.follow_up == FollowUp(cadence_days=91)
    assert page.cadence_buttons[91].isChecked()
    assert "Every 3 months" in page.follow_up_label.text()
    # When a date is picked instead, then None
    with qtbot.waitSignal(running.changes.changed):
        page.follow_up_date_button.pick(date(2027, 1, 4))
    stored = running.store.people.get(ada.id)
    assert stored is not None and stored.follow_up == FollowUp(next_date=date(2027, 1, 4))
    with qtbot.waitSignal(running.changes.changed):
        page.no_follow_up_button.click()
    stored = running.store.people.get(ada.id)
    assert stored is not None and stored.follow_up is None


def test_a_promise_and_an_encounter_are_added(running: RunningWindow, qtbot: QtBot) -> None:
    # Given Ada's page
    ada, _promise = _ada(running)
    page = _open(running, ada).page.person_page
    # When a promise with a due day and a call are added
    qtbot.keyClicks(page.new_promise_edit, "Intro to Grace")
    qtbot.keyClicks(page.new_promise_due_edit, "tomorrow")
    with qtbot.waitSignal(running.changes.changed):
        qtbot.keyClick(page.new_promise_due_edit, Qt.Key.Key_Return)
    page.encounter_kind_combo.setCurrentIndex(1)
    qtbot.keyClicks(page.encounter_note_edit, "Quick call")
    with qtbot.waitSignal(running.changes.changed):
        page.add_encounter_button.click()
    # Then both are stored and today's two entries top the timeline
    texts = {(o.text, o.due) for o in running.store.promises}
    assert ("Intro to Grace", TODAY + timedelta(days=1)) in texts
    newest = {page.timeline_list.item(row).text() for row in (0, 1)}
    assert newest == {"Nov 25, 2026 · Promised\nIntro to Grace", "Nov 25, 2026 · Call\nQuick call"}
    assert len([e for e in running.store.encounters if e.person_id == ada.id]) == 2


def test_delete_returns_to_the_list_and_undo_brings_them_back(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given Ada's page
    ada, _promise = _ada(running)
    controller = _open(running, ada)
    # When Delete is clicked
    with qtbot.waitSignal(running.changes.changed):
        controller.page.person_page.delete_button.click()
    # Then she is gone and the table is back
    assert ada.id not in running.store.people
    assert not controller.page.showing_person()
    # When Ctrl+Z is pressed
    with qtbot.waitSignal(running.changes.changed):
        qtbot.keyClick(running.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # Then she is back as she was
    assert running.store.people.get(ada.id) == ada


def test_escape_goes_back_to_the_table(running: RunningWindow, qtbot: QtBot) -> None:
    # Given a person's page with the focus on it
    person = Person(name="Grace")
    running.changes.announce(save_person(running.store, person))
    controller = _open(running, person)
    controller.page.person_page.back_button.setFocus()
    # When Esc is pressed
    qtbot.keyClick(controller.page.person_page.back_button, Qt.Key.Key_Escape)
    # Then the table shows again
    qtbot.waitUntil(lambda: not controller.page.showing_person())
    assert controller.selected_person() == person


def test_a_cadence_for_an_imported_contact_counts_from_today(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given Grace, imported from an address book: never met, no encounter logged
    grace = Person(name="Grace Hopper", emails=("grace@example.org",))
    running.store.people.put(grace)
    running.changes.announce(ChangeSet(added={"people": frozenset({grace.id})}))
    page = _open(running, grace).page.person_page
    # When "Every month" is clicked on her page
    with qtbot.waitSignal(running.changes.changed):
        page.cadence_buttons[30].click()
    # Then the page names a date a month from today, the cadence shown checked
    assert page.cadence_buttons[30].isChecked()
    assert "Reconnect on" in page.follow_up_label.text()
    # And on that day she is among the people to reconnect with (she was never, before)
    assert [item.person_id for item in reconnects(running.store, TODAY + timedelta(days=30))] == [
        grace.id
    ]
    # When the checked cadence is clicked again, nothing changes
    before = running.store.people.get(grace.id)
    page.cadence_buttons[30].click()
    assert running.store.people.get(grace.id) == before
    assert page.cadence_buttons[30].isChecked()


def test_a_person_removed_on_a_sync_server_says_so(running: RunningWindow, qtbot: QtBot) -> None:
    # Given a person whose card the phone's server deleted (the person stays here)
    gone = Person(name="Grace Hopper", removed_from=("Phone",))
    running.store.people.put(gone)
    running.changes.announce(ChangeSet(added={"people": frozenset({gone.id})}))
    # When her page is opened
    page = _open(running, gone).page.person_page
    # Then one line says where she was removed from; someone else's page has no such line
    assert page.removed_from_label.text() == "Removed from Phone"
    assert page.removed_from_label.isVisibleTo(page)
    if os.environ.get("PERSON_PAGE_GRAB"):
        page.grab().save(os.environ["PERSON_PAGE_GRAB"])
    ada, _promise = _ada(running)
    _open(running, ada)
    assert not page.removed_from_label.isVisibleTo(page)


def test_a_phones_groups_show_beside_the_interests(running: RunningWindow, qtbot: QtBot) -> None:
    # Given a contact whose phone put her in two groups, and one of her categories an interest
    carla = Person(name="Carla Díaz", interests=("photography",), tags=("Family", "Running club"))
    running.store.people.put(carla)
    running.changes.announce(ChangeSet(added={"people": frozenset({carla.id})}))
    # When her page is opened
    page = _open(running, carla).page.person_page
    # Then her groups are shown as they are, under their own heading
    about = page.about_column
    assert about.tags_label.text() == "Family, Running club"
    assert about.tags_label.isVisibleTo(page)
    if os.environ.get("PERSON_PAGE_GRAB"):
        page.grab().save(os.environ["PERSON_PAGE_GRAB"])
    # And someone without any has no such heading
    ada, _promise = _ada(running)
    _open(running, ada)
    assert not about.tags_label.isVisibleTo(page)
