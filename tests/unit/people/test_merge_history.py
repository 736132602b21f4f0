"""Merges keep everything and are remembered: records, undo days later, search by other names."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from companion.domain.merge_records import MergeRecord, without_merge
from companion.domain.people import Encounter, Person, Promise
from companion.interop.parsed_contacts import ParsedContact, ParsedContacts
from companion.services.people.merge import merge_people, undo_merge
from companion.services.people.merge_history import (
    MergeError,
    find_merge,
    merge_records,
    undo_merge_record,
)
from companion.services.people.people_import import apply_people_import, plan_people_import
from companion.services.search.everything_search import EverythingSearch
from companion.services.search.search_sources import StoredPeople
from companion.storage.store import Store

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FRIDAY = datetime(2026, 3, 6, 17, 0, tzinfo=UTC)


def _ana_twice(store: Store) -> tuple[Person, Person]:
    keep = Person(
        name="Ana Lopez",
        emails=("ana@example.org",),
        phones=("+34 699 11 22 33",),
        notes="Bouldering on Thursdays.",
        tags=("climbing",),
    )
    other = Person(
        name="Ana López",
        emails=("ana.lopez@work.example",),
        phones=("+34 612 34 56 78",),
        links=("https://ana.example.org",),
        organization="Climbing Collective",
        notes="Lent me a belay device.",
        interests=("board-games",),
        tags=("work",),
    )
    store.people.put_many([keep, other])
    store.encounters.put(Encounter(person_id=other.id, on=date(2026, 1, 5), note="At the gym"))
    store.promises.put(Promise(person_id=other.id, text="Send the topo"))
    return keep, other


def test_a_merge_keeps_the_other_name_every_number_and_writes_a_record(core_store: Store) -> None:
    # Given two records of Ana whose phones end differently
    keep, other = _ana_twice(core_store)
    # When they are merged
    result = merge_people(core_store, keep_id=keep.id, remove_id=other.id, at=MONDAY)
    # Then the other name is kept as "also known as" and every contact detail is kept
    merged = result.merged
    assert merged.also_known_as == ("Ana López",)
    assert merged.phones == ("+34 699 11 22 33", "+34 612 34 56 78")
    assert merged.emails == ("ana@example.org", "ana.lopez@work.example")
    assert merged.links == ("https://ana.example.org",)
    assert "Lent me a belay device." in merged.notes
    # And a record says who absorbed whom, when, and keeps the absorbed person whole
    [record] = merge_records(core_store)
    assert (record.at, record.survivor_id, record.absorbed) == (MONDAY, keep.id, other)
    assert record.survivor_before == keep and record.survivor_after == merged
    assert len(record.moved_encounter_ids) == 1 and len(record.moved_promise_ids) == 1
    assert record.reason == "chosen by you"


def test_undo_in_the_same_session_removes_the_record(core_store: Store) -> None:
    # Given a merge
    keep, other = _ana_twice(core_store)
    result = merge_people(core_store, keep_id=keep.id, remove_id=other.id, at=MONDAY)
    # When it is undone with Ctrl+Z
    undo_merge(core_store, result.undo)
    # Then both people are back and no merge is listed
    assert core_store.people.get(other.id) == other
    assert merge_records(core_store) == []


def test_undo_days_later_keeps_the_later_edits(core_store: Store) -> None:
    # Given a merge, and later edits to the survivor
    keep, other = _ana_twice(core_store)
    merge_people(core_store, keep_id=keep.id, remove_id=other.id, at=MONDAY)
    merged = core_store.people.get(keep.id)
    assert merged is not None
    edited = dataclasses.replace(
        merged,
        name="Ana Lopez Ruiz",
        phones=(*merged.phones, "+34 600 000 001"),
        notes=merged.notes + "\n\nNow sets routes on Tuesdays.",
        job_title="Route setter",
    )
    core_store.people.put(edited)
    core_store.encounters.put(Encounter(person_id=keep.id, on=date(2026, 3, 4), note="Later"))
    [record] = merge_records(core_store)
    # When the merge is undone on Friday
    changes = undo_merge_record(core_store, record.id, at=FRIDAY)
    # Then the absorbed person is back as they were, with their encounter and promise
    assert core_store.people.get(other.id) == other
    assert {item.note for item in core_store.encounters if item.person_id == other.id} == {
        "At the gym"
    }
    assert [promise.person_id for promise in core_store.promises] == [other.id]
    # And the survivor keeps the later edits, losing only what the merge brought in
    survivor = core_store.people.get(keep.id)
    assert survivor is not None
    assert survivor.name == "Ana Lopez Ruiz" and survivor.job_title == "Route setter"
    assert survivor.phones == ("+34 699 11 22 33", "+34 600 000 001")
    assert survivor.emails == keep.emails and survivor.links == ()
    assert survivor.also_known_as == () and survivor.organization == ""
    assert survivor.notes == "Bouldering on Thursdays.\n\nNow sets routes on Tuesdays."
    assert {item.note for item in core_store.encounters if item.person_id == keep.id} == {"Later"}
    # And the record is kept, marked undone; the change set names both people
    assert find_merge(core_store, record.id).undone_at == FRIDAY
    assert changes.added == {"people": frozenset({other.id})}
    assert keep.id in changes.updated["people"]
    # And it cannot be undone twice
    with pytest.raises(MergeError, match="undone already"):
        undo_merge_record(core_store, record.id)


def test_undo_after_the_survivor_was_merged_again_says_what_to_undo_first(
    core_store: Store,
) -> None:
    # Given Ana's records merged, then the survivor merged into a third record
    keep, other = _ana_twice(core_store)
    third = Person(name="A. Lopez", emails=("al@example.org",))
    core_store.people.put(third)
    merge_people(core_store, keep_id=keep.id, remove_id=other.id, at=MONDAY)
    merge_people(core_store, keep_id=third.id, remove_id=keep.id, at=FRIDAY)
    first, second = sorted(merge_records(core_store), key=lambda record: record.at)
    # When the first merge is undone / Then the message names the later merge
    with pytest.raises(MergeError, match=f"undo that merge \\({second.id}\\) first"):
        undo_merge_record(core_store, first.id)
    # And undoing them newest first works
    undo_merge_record(core_store, second.id)
    undo_merge_record(core_store, first.id)
    assert {person.name for person in core_store.people} == {"Ana Lopez", "Ana López", "A. Lopez"}


def test_an_unknown_merge_id_is_a_clear_error(core_store: Store) -> None:
    with pytest.raises(MergeError, match="There is no merge with the id “nope”"):
        undo_merge_record(core_store, "nope")


def test_an_import_merge_is_recorded_and_undoing_it_separates_the_card(core_store: Store) -> None:
    # Given a stored person, and a card with her email under another spelling of her name
    ana = Person(name="Ana Lopez", emails=("ana@example.org",), notes="Mine.")
    core_store.people.put(ana)
    card = ParsedContact(
        name="Ana López", line=3, emails=("ANA@example.org",), organization="Climbing Collective",
        notes="From the phone.", source_id="vcard:apple-1",
    )  # fmt: skip
    plan = plan_people_import([ana], ParsedContacts((card,)), file_name="apple.vcf")
    # When it is imported
    summary = apply_people_import(core_store, plan, at=MONDAY)
    # Then the card is merged, the name kept as also known as, and the merge recorded
    assert summary.merges == ("merged “Ana López” into “Ana Lopez” (same email ANA@example.org)",)
    merged = core_store.people.get(ana.id)
    assert merged is not None and merged.also_known_as == ("Ana López",)
    [record] = merge_records(core_store)
    assert (record.reason, record.file_name) == ("same email ANA@example.org", "apple.vcf")
    # When the merge is undone
    undo_merge_record(core_store, record.id, at=FRIDAY)
    # Then Ana is as she was and the card is a person of its own
    assert core_store.people.get(ana.id) == ana
    assert {person.name for person in core_store.people} == {"Ana Lopez", "Ana López"}
    card_person = core_store.people.get(record.absorbed.id)
    assert card_person is not None and card_person.organization == "Climbing Collective"


def test_four_cards_of_two_people_are_two_added_and_two_merged(core_store: Store) -> None:
    # Given one file holding each of two people twice (same email; same phone and name)
    cards = ParsedContacts(
        (
            ParsedContact(name="Ben Okafor", line=1, emails=("ben@example.org",), source_id="v:1"),
            ParsedContact(name="Benjamin Okafor", line=7, emails=("BEN@example.org",),
                          source_id="v:2"),
            ParsedContact(name="Chen Wei", line=13, phones=("+49 151 2223334",), source_id="v:3"),
            ParsedContact(name="W. Chen", line=19, phones=("+49 (0)151 222 3334",),
                          source_id="v:4"),
        )
    )  # fmt: skip
    # When it is imported
    plan = plan_people_import([], cards, file_name="x.vcf", region="DE")
    summary = apply_people_import(core_store, plan, merge_similar_names=False)
    # Then the summary counts the merges inside the file, one line each
    assert (summary.added, summary.merged, summary.updated) == (2, 2, 0)
    assert len(summary.merges) == 2 and len(core_store.people) == 2


def test_other_names_are_found_by_search(core_store: Store) -> None:
    # Given "Anita Ruiz" merged into Ana Lopez
    keep = Person(name="Ana Lopez")
    other = Person(name="Anita Ruiz")
    core_store.people.put_many([keep, other, Person(name="Ben Okafor")])
    merge_people(core_store, keep_id=keep.id, remove_id=other.id, at=MONDAY)
    # When searching for the absorbed name in Ctrl+K
    search = EverythingSearch(people=StoredPeople(core_store), events=core_store.events, openers=())
    results = search.search("anita")
    # Then the survivor is found
    assert [result.id for result in results] == [keep.id]


def test_without_merge_takes_back_a_filled_in_value_only_if_unchanged() -> None:
    # Given a merge that filled in the organisation
    before = Person(name="Ana")
    after = dataclasses.replace(before, organization="Climbing Collective")
    record = MergeRecord(
        at=MONDAY, absorbed=Person(name="Ana L."), survivor_before=before, survivor_after=after
    )
    # Then undo empties it again, unless the user changed it since
    assert without_merge(after, record).organization == ""
    changed = dataclasses.replace(after, organization="Climbing Co-op")
    assert without_merge(changed, record).organization == "Climbing Co-op"
