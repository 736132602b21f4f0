"""People Merges…: the merges listed newest first, one undone days later from the dialog."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from companion.domain.people import Encounter, Person
from companion.services.people.merge import merge_people
from companion.ui.shell.pages import PageKey
from tests.gui.conftest import RunningWindow

SCREENSHOTS = Path("/tmp")


def test_a_merge_is_undone_from_the_merges_dialog(running: RunningWindow, qtbot: QtBot) -> None:
    # Given two merges made earlier, and an edit to Ana after hers
    store = running.store
    ana = Person(name="Ana Lopez", emails=("ana@example.org",), notes="Bouldering.")
    twin = Person(name="Ana López", emails=("ana@work.example",), notes="Belay device.")
    ben = Person(name="Ben Okafor", emails=("ben@example.org",))
    benjamin = Person(name="Benjamin Okafor", emails=("BEN@example.org",))
    store.people.put_many([ana, twin, ben, benjamin])
    store.encounters.put(Encounter(person_id=twin.id, on=date(2026, 1, 5), note="Gym"))
    monday = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    merge_people(store, keep_id=ana.id, remove_id=twin.id, at=monday)
    merge_people(store, keep_id=ben.id, remove_id=benjamin.id, at=datetime(2026, 3, 3, tzinfo=UTC))
    merged = store.people.get(ana.id)
    assert merged is not None
    store.people.put(dataclasses.replace(merged, job_title="Route setter"))
    # When People Merges… is opened from the Edit menu
    running.window.merges_action.trigger()
    dialog = running.controller.merges_dialog.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # Then both merges are listed, newest first, with who was merged into whom and why
    rows = [
        [dialog.merge_list.topLevelItem(row).text(column) for column in range(1, 4)]  # type: ignore[union-attr]
        for row in range(dialog.merge_list.topLevelItemCount())
    ]
    assert rows == [
        ["Benjamin Okafor", "Ben Okafor", "chosen by you"],
        ["Ana López", "Ana Lopez", "chosen by you"],
    ]
    dialog.grab().save(str(SCREENSHOTS / "merges-dialog.png"))
    # When the user selects Ana's merge and presses Undo Merge
    dialog.merge_list.setCurrentItem(dialog.merge_list.topLevelItem(1))
    assert dialog.undo_button.isEnabled()
    with qtbot.waitSignal(running.changes.changed):
        dialog.undo_button.click()
    # Then both Anas are back, the encounter is the twin's again, the later edit is kept
    assert store.people.get(twin.id) == twin
    survivor = store.people.get(ana.id)
    assert survivor is not None
    assert (survivor.job_title, survivor.notes, survivor.also_known_as) == (
        "Route setter",
        "Bouldering.",
        (),
    )
    assert [item.person_id for item in store.encounters] == [twin.id]
    # And the row says it was undone, and cannot be undone again
    row = dialog.merge_list.topLevelItem(1)
    assert row is not None and row.text(dialog.STATE).startswith("undone")
    assert dialog.merge_list.currentItem() is row
    assert not dialog.undo_button.isEnabled()
    dialog.grab().save(str(SCREENSHOTS / "merges-dialog-undone.png"))


def test_the_dialog_says_when_nothing_was_merged(running: RunningWindow, qtbot: QtBot) -> None:
    running.window.merges_action.trigger()
    dialog = running.controller.merges_dialog.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.empty_label.isVisible() and not dialog.merge_list.isVisible()
    assert not dialog.undo_button.isEnabled()


def test_other_names_show_on_the_person_page_and_filter_the_people_list(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given "Anita López Ruiz" merged into Ana Lopez
    store = running.store
    ana = Person(name="Ana Lopez", emails=("ana@example.org",))
    twin = Person(name="Anita López Ruiz", emails=("ana@work.example",))
    store.people.put_many([ana, twin, Person(name="Ben Okafor")])
    running.changes.announce(merge_people(store, keep_id=ana.id, remove_id=twin.id).changes)
    # When the People list is filtered by the other spelling
    running.window.show_page(PageKey.PEOPLE)
    people = running.controller.people
    people.page.search_edit.setText("anita")
    # Then Ana is found by it
    qtbot.waitUntil(lambda: people.proxy.rowCount() == 1)
    assert people.proxy.index(0, 0).data() == "Ana Lopez"
    # When her page is opened
    assert people.open_person(ana.id)
    page = people.page.person_page
    # Then it says whom else she was known as
    assert page.also_known_as_label.text() == "Also known as Anita López Ruiz"
    assert page.also_known_as_label.isVisibleTo(page)


def test_a_merge_in_find_duplicates_is_listed_with_its_reason(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given two records of Ada with one email in two spellings, merged in Find Duplicate People
    store = running.store
    store.people.put_many(
        [
            Person(name="Ada Lovelace", emails=("ada@example.org",)),
            Person(name="Ada King", emails=("ADA@example.org",)),
        ]
    )
    running.window.find_duplicates_action.trigger()
    duplicates = running.controller.duplicates_dialog.dialog
    assert duplicates is not None
    qtbot.waitExposed(duplicates)
    with qtbot.waitSignal(running.changes.changed):
        duplicates.merge_button.click()
    duplicates.reject()
    # When People Merges… is opened
    running.window.merges_action.trigger()
    dialog = running.controller.merges_dialog.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # Then the merge is listed with why it was made
    row = dialog.merge_list.topLevelItem(0)
    assert row is not None
    assert row.text(dialog.WHY) == "chosen by you in Find Duplicate People (Same email)"
