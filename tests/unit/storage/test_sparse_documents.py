"""Stored documents leave out the fields equal to their default; a missing key means the default.

Every record type round-trips through the shorter documents, documents written before (every
field present) read the same, and what compares documents (sync fingerprints, a backup's merge)
sees no difference between the two.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from companion import paths
from companion.domain.errors import ValidationError
from companion.domain.events import Event
from companion.domain.feeds import Feed, FeedProblem
from companion.domain.merge_records import MergeRecord
from companion.domain.not_duplicates import NotDuplicates
from companion.domain.people import Encounter, FollowUp, Person, Promise
from companion.domain.stored_names import stored_key
from companion.domain.sync_accounts import (
    Collection,
    SyncAccount,
    SyncedCalendar,
    SyncedCalendarItem,
    SyncedCard,
)
from companion.services.data.backup import export_backup, import_backup
from companion.services.promises.promises import due_promises
from companion.services.sync.sync_cards import fingerprint
from companion.storage.ciphers import PlainCipher
from companion.storage.codec import (
    from_document,
    to_document,
    to_full_document,
    with_defaults,
    without_defaults,
)
from companion.storage.migrations import META_KEY, META_TABLE
from companion.storage.repositories import Repository
from companion.storage.store import Store
from companion.storage.store_file import read_tables
from companion.storage.stored_records import TABLE_RECORDS
from tests.unit.conftest import sample_records

WHEN = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def _every_record() -> list[Any]:
    """One record (or more) of every stored type, nested parts included, fields filled."""
    core = sample_records()
    records: list[Any] = [core["profile"]]
    for table in ("interests", "openers", "events", "people", "encounters", "offers"):
        records.extend(core[table])
    zoe, sam = core["people"]
    account = SyncAccount(
        name="Phone",
        url="https://dav.example.org/",
        user="me",
        added=WHEN,
        address_book="/books/me/",
        address_books=(Collection(href="/books/me/", name="Me"),),
        calendars=(Collection(href="/cal/me/"),),
        chosen_calendars=("/cal/me/",),
        share_notes=True,
        share_interests=False,
        delete_on_server=False,
    )
    records += [
        account,
        SyncedCard(
            id="c1",
            account_id=account.id,
            person_id=zoe.id,
            href="/books/me/zoe.vcf",
            etag='"1"',
            base=("name\x1fZoë",),
            exchanged=WHEN,
            person_hash="abc",
        ),
        SyncedCalendarItem(
            id="i1", account_id=account.id, kind="event", collection="/cal/me/", href="/x.ics"
        ),
        SyncedCalendar(id="k1", account_id=account.id, href="/cal/me/", task_list=True),
        Feed(
            name="Meetups",
            url="https://example.org/feed.ics",
            added=WHEN,
            event_count=3,
            problem=FeedProblem.UNREACHABLE,
            listed=("uid-1",),
            named=True,
        ),
        NotDuplicates(first_id=zoe.id, second_id=sam.id, on=date(2026, 12, 1)),
        MergeRecord(
            at=WHEN,
            absorbed=sam,
            survivor_before=zoe,
            survivor_after=zoe,
            moved_promise_ids=("p1",),
        ),
    ]
    return records


RECORDS = _every_record()


def _defaulted(record: Any) -> list[str]:
    """The names of ``record``'s fields that have a default."""
    return [
        field.name
        for field in dataclasses.fields(record)
        if field.default is not dataclasses.MISSING
        or field.default_factory is not dataclasses.MISSING
    ]


@st.composite
def records(draw: st.DrawFn) -> Any:
    """A record of any stored type with any of its defaulted fields set back to the default."""
    record = draw(st.sampled_from(RECORDS))
    reset = draw(st.sets(st.sampled_from(_defaulted(record))))
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        if field.name in reset and field.name != "id":
            if field.default is not dataclasses.MISSING:
                changes[field.name] = field.default
            else:
                changes[field.name] = field.default_factory()  # type: ignore[misc]
    try:
        return dataclasses.replace(record, **changes)
    except ValidationError:
        assume(False)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_every_record_round_trips_through_the_shorter_documents(record: Any) -> None:
    kind = type(record)
    # Given a record's document, through real JSON bytes
    document = orjson.loads(orjson.dumps(to_document(record)))
    # Then a field equal to its default is not written, and every other field is
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        default = field.default
        if field.default_factory is not dataclasses.MISSING and field.name != "id":
            default = field.default_factory()
        is_default = type(value) is type(default) and value == default
        assert (stored_key(field) not in document) is is_default, field.name
    # And it decodes to the same record
    assert from_document(kind, document) == record
    # And the same document with every field (as written before) decodes the same
    full = orjson.loads(orjson.dumps(to_full_document(record)))
    assert from_document(kind, full) == record
    # And both fill out to exactly what was written before
    assert with_defaults(kind, document) == full
    assert with_defaults(kind, full) == full


def test_a_plain_person_is_stored_without_its_empty_fields() -> None:
    # Given a person with a name only
    person = Person(id="p1", name="Sam")
    # When stored / Then only the name and id are written
    assert to_document(person) == {"name": "Sam", "id": "p1"}
    # And an event's untouched preparation (a nested record) is left out too
    event = Event(id="e1", title="Talk", start=WHEN)
    assert set(to_document(event)) == {"title", "start", "id"}


def test_a_false_value_is_not_mistaken_for_a_zero_default() -> None:
    # Given fields whose default is True, or an int 0 (False == 0 in Python)
    account = SyncAccount(name="Phone", url="https://dav.example.org/", user="me")
    feed = Feed(name="Feed", url="https://example.org/f.ics", event_count=0)
    # Then a non-default False is written, and the int default left out
    assert to_document(dataclasses.replace(account, share_interests=False))["share_interests"] is (
        False
    )
    assert "share_interests" not in to_document(account)
    assert "event_count" not in to_document(feed)


def test_field_values_read_a_left_out_field_as_its_default(tmp_path: Path) -> None:
    # Given an open promise and a plain person, stored without their default fields
    with Store.open(tmp_path / "data") as store:
        store.people.put(Person(id="p1", name="Sam"))
        store.promises.put(Promise(id="o1", person_id="p1", text="Call", due=date(2026, 1, 1)))
        assert "status" not in store.table("offers")["o1"]
        # When their fields are read without decoding
        statuses = store.promises.field_values("status")
        emails = store.people.field_values("emails")
        follow_ups = store.people.field_values("follow_up")
        # Then each reads as its default, as it was stored before
        assert statuses == {"o1": "open"}
        assert emails == {"p1": []}
        assert follow_ups == {"p1": None}
        # And the due promise is found as open
        assert [due.promise_id for due in due_promises(store, date(2026, 2, 1))] == ["o1"]


def _write_old_format(folder: Path, records: list[Any], table: str) -> None:
    """Documents with every field, as every earlier version wrote them."""
    with Store.open(folder) as store:
        store.put_documents(table, {record.id: to_full_document(record) for record in records})


def test_a_store_written_with_every_field_opens_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    people = sample_records()["people"]
    # Given a store file whose documents carry every field (an older version wrote it)
    _write_old_format(folder, people, "people")
    # When it is opened again
    with Store.open(folder) as store:
        # Then every record reads as it was
        assert sorted(store.people, key=lambda person: person.id) == sorted(
            people, key=lambda person: person.id
        )
        assert store.people.field_values("emails")[people[1].id] == []
        # And a person saved again without a change keeps their sync fingerprint
        context = "[false, true, []]"
        before = {key: fingerprint(doc, context) for key, doc in store.table("people").items()}
        store.people.put_many(people)
        after = {key: fingerprint(doc, context) for key, doc in store.table("people").items()}
        assert after == before
        assert before[people[0].id] == fingerprint(people[0], context)
        # (the document stored now is the shorter one)
        assert "tags" not in store.table("people")[people[1].id]


def test_the_fingerprint_is_the_one_of_every_field(tmp_path: Path) -> None:
    # Given a person (a follow-up nested in it)
    person = sample_records()["people"][0]
    context = "[true, true, []]"
    # Then the fingerprint of their stored document is the hash of every field, as it was
    # computed before documents left their defaults out (and stored with each card)
    encoded = orjson.dumps(to_full_document(person), option=orjson.OPT_SORT_KEYS)
    import hashlib

    old = hashlib.blake2b(encoded + context.encode("utf-8"), digest_size=16).hexdigest()
    assert fingerprint(to_document(person), context) == old
    assert fingerprint(person, context) == old


def test_the_journal_and_compaction_keep_the_shorter_documents(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    records = sample_records()
    # Given records written to the journal only (the writer died before compacting)
    store = Store.open(folder)
    store.people.put_many(records["people"])
    store.encounters.put_many(records["encounters"])
    store._lock.release()  # type: ignore[union-attr]
    # When the store is opened (journal replayed), then closed (compacted) and opened again
    for _ in range(2):
        with Store.open(folder) as reopened:
            # Then every record reads as written
            assert {person.id: person for person in reopened.people} == {
                person.id: person for person in records["people"]
            }
            assert {item.id: item for item in reopened.encounters} == {
                item.id: item for item in records["encounters"]
            }
    assert paths.store_file(folder).exists()


def test_a_backup_of_unchanged_records_merges_as_unchanged(tmp_path: Path) -> None:
    # Given a store holding documents with every field (an older version wrote them)
    folder = tmp_path / "data"
    people = sample_records()["people"]
    _write_old_format(folder, people, "people")
    with Store.open(folder) as store:
        backup = export_backup(store)
        # When its own backup is imported again (its documents come back shorter)
        summary = import_backup(store, backup)
        # Then nothing counts as changed
        assert (summary.added, summary.updated, summary.skipped) == (0, 0, len(people))


def test_encounter_documents_keep_their_required_fields() -> None:
    # Given an encounter with nothing but what it must have
    encounter = Encounter(id="x1", person_id="p1", on=date(2026, 1, 2))
    # Then its document still names the person and the day (readers use them undecoded)
    assert to_document(encounter) == {"person_id": "p1", "on": "2026-01-02", "id": "x1"}


def _stored_people(folder: Path) -> dict[str, Any]:
    """The people documents in the store file itself (no journal)."""
    tables = read_tables(paths.store_file(folder), PlainCipher())
    assert tables is not None
    return tables["people"]


def test_a_store_written_with_every_field_is_written_again_shorter(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    people = sample_records()["people"]
    # Given a store file whose documents carry every field (an older version wrote it)
    _write_old_format(folder, people, "people")
    assert "tags" in _stored_people(folder)[people[1].id]
    # When a reader opens it, the documents it holds are the shorter ones, the file untouched
    with Store.open(folder, read_only=True) as reader:
        assert reader.table("people")[people[1].id] == {"name": "Sam", "id": people[1].id}
        assert not reader.compact_if_due()
    assert "tags" in _stored_people(folder)[people[1].id]
    # When the app opens it and is idle / Then it writes the shorter documents back
    with Store.open(folder) as store:
        assert store.compact_if_due()
        assert not store.compact_if_due()
        assert [person.id for person in store.people] == [person.id for person in people]
    assert _stored_people(folder)[people[1].id] == {"name": "Sam", "id": people[1].id}
    # And closed without being idle, it writes them back too
    _write_old_format(folder, people, "people")
    Store.open(folder).close()
    assert "tags" not in _stored_people(folder)[people[1].id]
    # And the records read back are the ones written
    with Store.open(folder) as store:
        assert {person.id: person for person in store.people} == {
            person.id: person for person in people
        }


def test_nested_records_written_with_every_field_are_shortened() -> None:
    # Given an event written with every field, its untouched preparation included
    event = Event(id="e1", title="Talk", start=WHEN)
    full = to_full_document(event)
    # Then shortened it is the document written now (the same record)
    assert without_defaults(Event, full) == to_document(event)
    assert from_document(Event, without_defaults(Event, full)) == event
    # And a document already short is given back as it is
    short = to_document(event)
    assert without_defaults(Event, short) is short


def test_a_store_written_now_is_not_written_again(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        store.people.put_many(sample_records()["people"])
    # When it is opened again / Then there is nothing to shorten and nothing to compact
    with Store.open(folder) as store:
        assert not store.compact_if_due()


def test_every_repository_table_is_known_with_its_record_type(tmp_path: Path) -> None:
    # Given the store's repositories
    with Store.open(tmp_path / "data") as store:
        repositories = [value for value in vars(store).values() if isinstance(value, Repository)]
        # Then reading the file knows each table's record type (to shorten old documents)
        assert len(repositories) >= 10
        for repository in repositories:
            assert TABLE_RECORDS[repository.table_name] is repository._record_type


def test_the_json_backup_keeps_every_field(tmp_path: Path) -> None:
    # Given a plain person, stored without their empty fields
    with Store.open(tmp_path / "data") as store:
        store.people.put(Person(id="p1", name="Sam"))
        # When the JSON backup is exported / Then it writes every field, as it always did
        tables = orjson.loads(export_backup(store))["tables"]
    assert tables["people"]["p1"] == to_full_document(Person(id="p1", name="Sam"))


def _write_previous_release(folder: Path, records: list[Any], table: str) -> None:
    """A store as the previous release left it: schema version 2, every field written."""
    with Store.open(folder) as store:
        store.put_documents(table, {record.id: to_full_document(record) for record in records})
        store.put_documents(META_TABLE, {META_KEY: {"schema_version": 2}})
    assert "tags" in _stored_people(folder)[records[1].id]


def test_a_store_of_the_previous_release_is_shortened_on_its_first_start(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    people = sample_records()["people"]
    # Given a store the previous release wrote (version 2: every field, migrated on open)
    _write_previous_release(folder, people, "people")
    # When a reader opens it / Then it holds the shorter documents
    with Store.open(folder, read_only=True) as reader:
        assert reader.table("people")[people[1].id] == {"name": "Sam", "id": people[1].id}
    # When the app opens it (the upgrade's first start) / Then it holds the shorter documents
    # and the file it writes for the new version has them too, not only the next start's
    with Store.open(folder) as store:
        assert store.table("people")[people[1].id] == {"name": "Sam", "id": people[1].id}
        assert _stored_people(folder)[people[1].id] == {"name": "Sam", "id": people[1].id}
        assert {person.id: person for person in store.people} == {
            person.id: person for person in people
        }


def test_set_values_list_only_the_records_that_set_the_field(tmp_path: Path) -> None:
    # Given two people, one with a follow-up and one without
    with Store.open(tmp_path / "data") as store:
        store.people.put(Person(id="p1", name="Sam"))
        store.people.put(
            Person(id="p2", name="Kim", follow_up=FollowUp(cadence_days=30, next_date=None))
        )
        # When the follow-ups that are set are read
        set_follow_ups = store.people.set_values("follow_up")
        # Then only Kim's is there, as field_values reads it
        assert set_follow_ups == {"p2": store.people.field_values("follow_up")["p2"]}
        assert set_follow_ups["p2"]["cadence_days"] == 30
