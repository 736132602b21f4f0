"""Merging two records of one person: nothing lost, one change, exact undo."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

from companion.domain.people import Encounter, FollowUp, Person, Promise
from companion.services.people.merge import (
    MergeError,
    dismiss_pair,
    dismissed_pairs,
    merge_people,
    merged_person,
    restore_pair,
    undo_merge,
)
from companion.storage.store import Store


def _two(store: Store) -> tuple[Person, Person]:
    keep = Person(
        name="Ada Lovelace",
        emails=("ada@example.org",),
        phones=("+44 20 7946 0018",),
        organization="Engines Ltd",
        interests=("board-games",),
        tags=("friends",),
        notes="Likes poetry.",
        working_on="The engine",
        event_ids=("e1",),
        first_met=date(2026, 3, 1),
        follow_up=FollowUp(next_date=date(2026, 6, 1)),
        source_ids=("vcard:1",),
    )
    other = Person(
        name="Ada King",
        emails=("ADA@example.org", "countess@example.net"),
        phones=("020 7946 0018", "+44 7700 900123"),
        organization="Royal Society",
        job_title="Countess",
        birthday="1815-12-10",
        interests=("ai", "board-games"),
        tags=("Friends", "london"),
        notes="Met at the salon.",
        working_on="Notes on Menabrea",
        looking_for="A patron",
        event_ids=("e2",),
        first_met=date(2025, 11, 2),
        follow_up=FollowUp(next_date=date(2026, 5, 1), cadence_days=30),
        source_ids=("linkedin:ada",),
    )
    store.people.put_many([keep, other])
    return keep, other


def test_merged_person_keeps_every_detail_and_text() -> None:
    # Given two records of one person
    keep = Person(
        name="Ada Lovelace",
        emails=("ada@example.org",),
        organization="Engines Ltd",
        notes="Likes poetry.",
        working_on="The engine",
        first_met=date(2026, 3, 1),
    )
    other = Person(
        name="Ada King",
        emails=("ADA@example.org", "countess@example.net"),
        organization="Royal Society",
        job_title="Countess",
        notes="Met at the salon.",
        working_on="Notes on Menabrea",
        first_met=date(2025, 11, 2),
    )
    # When merged
    merged = merged_person(keep, other)
    # Then the kept id and name stay, contacts are united without spelling twins
    assert (merged.id, merged.name) == (keep.id, keep.name)
    assert merged.emails == ("ada@example.org", "countess@example.net")
    assert merged.job_title == "Countess"
    assert merged.first_met == date(2025, 11, 2)
    # And no text is lost: the other name and organisation and both notes are in the notes
    assert merged.organization == "Engines Ltd"
    for text in ("Likes poetry.", "Met at the salon.", "Ada King", "Royal Society"):
        assert text in merged.notes
    assert merged.working_on == "The engine\n\nNotes on Menabrea"


def test_merge_moves_encounters_and_promises_and_removes_the_other(
    core_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given someone in Britain, and two records with encounters and promises of their own
    monkeypatch.setattr("companion.i18n.translate._phone_region", "GB")
    keep, other = _two(core_store)
    core_store.encounters.put_many(
        [
            Encounter(person_id=keep.id, on=date(2026, 3, 1)),
            Encounter(person_id=other.id, on=date(2025, 11, 2), note="salon"),
        ]
    )
    core_store.promises.put(
        Promise(person_id=other.id, text="Send the notes", due=date(2026, 5, 2))
    )
    # When the other is merged into the kept one
    result = merge_people(core_store, keep_id=keep.id, remove_id=other.id)
    # Then one person remains with everything united
    assert [person.id for person in core_store.people] == [keep.id]
    merged = core_store.people.get(keep.id)
    assert merged == result.merged
    assert merged is not None
    assert merged.phones == ("+44 20 7946 0018", "+44 7700 900123")
    assert merged.interests == ("board-games", "ai")
    assert merged.tags == ("friends", "london")
    assert merged.event_ids == ("e1", "e2")
    assert merged.source_ids == ("vcard:1", "linkedin:ada")
    assert merged.follow_up == FollowUp(next_date=date(2026, 5, 1), cadence_days=30)
    assert merged.birthday == "1815-12-10"
    # And every encounter and promise now belongs to the kept person
    assert {item.person_id for item in core_store.encounters} == {keep.id}
    assert [promise.person_id for promise in core_store.promises] == [keep.id]
    # And the change set names what changed
    assert result.changes.removed == {"people": frozenset({other.id})}
    assert result.changes.updated["people"] == frozenset({keep.id})
    assert len(result.changes.updated["encounters"]) == 1


def test_undo_restores_the_store_exactly(core_store: Store) -> None:
    # Given two records with an encounter and a promise each
    keep, other = _two(core_store)
    core_store.encounters.put(Encounter(person_id=other.id, on=date(2025, 11, 2)))
    core_store.promises.put(Promise(person_id=other.id, text="Send the notes"))
    core_store.promises.put(Promise(person_id=keep.id, text="Lend a book"))
    before = copy.deepcopy(core_store.record_tables())
    # When merged and the merge undone
    result = merge_people(core_store, keep_id=keep.id, remove_id=other.id)
    changes = undo_merge(core_store, result.undo)
    # Then every table is exactly as before
    assert core_store.record_tables() == before
    assert changes.added == {"people": frozenset({other.id})}


def test_merge_is_one_durable_change(tmp_path: Path) -> None:
    # Given two records in a store, merged, and the store closed
    store = Store.open(tmp_path / "data")
    keep, other = _two(store)
    merge_people(store, keep_id=keep.id, remove_id=other.id)
    store.close()
    # When the store is opened again
    reopened = Store.open(tmp_path / "data")
    try:
        # Then the merge is there
        assert [person.id for person in reopened.people] == [keep.id]
    finally:
        reopened.close()


@pytest.mark.parametrize("same", [True, False])
def test_merging_a_missing_or_same_person_is_refused(core_store: Store, same: bool) -> None:
    keep, _other = _two(core_store)
    with pytest.raises(MergeError):
        merge_people(core_store, keep_id=keep.id, remove_id=keep.id if same else "gone")
    assert len(core_store.people) == 2


def test_not_duplicates_is_kept_in_the_store_across_a_restart(tmp_path: Path) -> None:
    # Given two people the user marked as not duplicates
    with Store.open(tmp_path / "data") as store:
        dismiss_pair(store, "b" * 32, "a" * 32, on=date(2026, 3, 1))
    # When the store is opened again
    with Store.open(tmp_path / "data") as store:
        # Then the pair is still remembered, in a bookkeeping table the JSON backup leaves out
        assert dismissed_pairs(store) == {("a" * 32, "b" * 32)}
        assert store.record_tables() == {}
        # When the mark is taken back / Then the pair may be offered again
        changes = restore_pair(store, "a" * 32, "b" * 32)
        assert changes.touches("not_duplicates")
        assert dismissed_pairs(store) == set()
        assert restore_pair(store, "a" * 32, "b" * 32).empty
