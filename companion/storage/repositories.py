"""Repositories: the only way records reach the TinyDB tables.

Writes put or delete single documents in the in-memory tables of ``AtomicStorage`` (which
journals them): a write costs the size of the change, not of the table. Reads come straight
from those tables with a cache of decoded records keyed by document identity (a replaced
document is a new object, and stored documents refuse changes in place, so the cache can never
serve a stale record). TinyDB stays the document store and query layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

from tinydb import TinyDB
from tinydb.table import Table

from companion.domain.events import Event
from companion.domain.feeds import Feed
from companion.domain.interests import Interest
from companion.domain.merge_records import MergeRecord
from companion.domain.not_duplicates import NotDuplicates
from companion.domain.openers import Opener
from companion.domain.people import Encounter, Person, Promise
from companion.domain.profile import Profile
from companion.domain.sync_accounts import (
    SyncAccount,
    SyncedCalendar,
    SyncedCalendarItem,
    SyncedCard,
)
from companion.storage.codec import from_document, stored_defaults, to_document
from companion.storage.documents import all_immutable, freeze, read_only
from companion.storage.file_storage import AtomicStorage

R = TypeVar("R")


class RecordTable(Table):
    # Record ids are opaque strings (stable across export/import), not TinyDB's counters.
    # TinyDB only calls its int-only id generator when a document comes without an id, and
    # every write below passes one.
    document_id_class = str  # type: ignore[assignment]

    # Documents are replaced whole (repositories do) and never edited in place (TinyDB's
    # update/upsert would, and stored documents refuse it).
    def update(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("store records through a Repository, which replaces documents whole")

    update_multiple = update
    upsert = update


class Repository(Generic[R]):
    """Records of one type, keyed by the string found in ``key_field``."""

    def __init__(
        self,
        db: TinyDB,
        storage: AtomicStorage,
        *,
        table: str,
        record_type: type[R],
        key_field: str = "id",
    ) -> None:
        self._table: Table = db.table(table, cache_size=0)
        self._storage = storage
        self._name = table
        self._record_type = record_type
        self._key_field = key_field
        self._decoded: dict[str, tuple[dict[str, Any], R]] = {}

    @property
    def table_name(self) -> str:
        return self._name

    def _raw(self) -> dict[str, dict[str, Any]]:
        # Documents read from disk may not be frozen yet: read fields from them, hand out
        # only ``read_only`` values (or frozen documents: ``_storage.document``).
        return self._storage.raw_table(self._name)

    def _read_only(self, values: dict[str, Any]) -> dict[str, Any]:
        if not self._storage.thawed(self._name) or all_immutable(values.values()):
            return values  # every document frozen, or only texts, numbers and the like
        return {key: read_only(value) for key, value in values.items()}

    def _decode(self, key: str, document: dict[str, Any]) -> R:
        cached = self._decoded.get(key)
        if cached is not None and cached[0] is document:
            return cached[1]
        record = from_document(self._record_type, document)
        self._decoded[key] = (document, record)
        return record

    def key_of(self, record: R) -> str:
        return str(getattr(record, self._key_field))

    def get(self, key: str) -> R | None:
        document = self._storage.document(self._name, key)
        return None if document is None else self._decode(key, document)

    def field_values(self, field: str) -> dict[str, Any]:
        """``field`` of every stored record, by key, without decoding the records (fast).

        A document leaves out the fields equal to their default: those read as the default,
        as stored (a list for a tuple, an enum's value), read-only."""
        defaults = stored_defaults(self._record_type)  # type: ignore[arg-type]
        default = freeze(defaults.get(field))
        # A copy taken in one step (safe beside a writer), walked without a tuple per document.
        documents = dict(self._raw())
        return self._read_only(
            {key: document.get(field, default) for key, document in documents.items()}
        )

    def set_values(self, field: str) -> dict[str, Any]:
        """``field`` of the stored records that set it, by key: a record whose ``field`` is at
        its default leaves it out of its document, and out of this (read-only values).

        For the few records with a field most leave empty (a follow-up, a phone it came
        from): no entry is made for the others, about three times quicker than
        ``field_values`` at 10,000 people."""
        documents = dict(self._raw())  # as field_values: one step, safe beside a writer
        return self._read_only(
            {key: document[field] for key, document in documents.items() if field in document}
        )

    def fields_of(self, keys: Iterable[str], field: str) -> dict[str, Any]:
        """``field`` of the stored records among ``keys`` (the others are left out), read-only."""
        defaults = stored_defaults(self._record_type)  # type: ignore[arg-type]
        default = freeze(defaults.get(field))
        raw = self._raw()
        return self._read_only(
            {
                key: document.get(field, default)
                for key in keys
                if (document := raw.get(key)) is not None
            }
        )

    def latest_text(self, group: str, value: str) -> dict[str, str]:
        """Per value of the text field ``group``, the greatest value of the text field
        ``value`` (ISO dates and times compare so), over every stored record, in one pass and
        without decoding: texts only, so nothing stored is handed out."""
        latest: dict[str, str] = {}
        for document in list(self._raw().values()):  # one step, safe beside a writer
            grouped = document.get(group)
            found = document.get(value)
            if (
                grouped
                and type(grouped) is str
                and type(found) is str
                and found > latest.get(grouped, "")
            ):
                latest[grouped] = found
        return latest

    def read_all(self) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """Every stored document by key, without decoding or copying: for a pass that takes
        some fields of each (a page's rows, a tally).

        Each is the stored document itself, perhaps not frozen yet, typed read-only (the type
        checker refuses a change): read what it holds, never keep it or a list or mapping in it.
        A view refusing changes at run time made the People page's 10,000 rows a tenth slower."""
        # A copy of the table taken in one step (safe beside a writer), walked without making a
        # tuple per document: 30,000 fresh tuples set off the cyclic garbage collector.
        return iter(dict(self._raw()).items())

    def documents(self) -> dict[str, dict[str, Any]]:
        """Every stored document by key, as stored (read-only; no record is decoded)."""
        return dict(self._storage.table(self._name))

    def __contains__(self, key: str) -> bool:
        return key in self._raw()

    def __len__(self) -> int:
        return len(self._raw())

    def __iter__(self) -> Iterator[R]:
        raw = self._storage.table(self._name)
        # A list of keys (plain strings) rather than (key, document) tuples: 10,000 fresh
        # tuples per pass set off the cyclic garbage collector in the middle of a keystroke.
        for key in list(raw):
            document = raw.get(key)
            if document is not None:  # removed meanwhile (the import preview reads on a thread)
                yield self._decode(key, document)

    def all(self) -> list[R]:
        return list(self)

    def put(self, record: R) -> bool:
        """Insert or replace ``record``; returns True when it was new."""
        return self._storage.put(self._name, self.key_of(record), to_document(record))

    def put_many(self, records: list[R]) -> None:
        """Insert or replace ``records`` as one durable change."""
        documents = {self.key_of(record): to_document(record) for record in records}
        if documents:
            self._storage.put_many(self._name, documents)

    def remove(self, key: str) -> R | None:
        """Delete the record with ``key``; returns what was removed (for undo)."""
        existing = self.get(key)
        if existing is not None:
            self._storage.delete(self._name, key)
            self._decoded.pop(key, None)
        return existing

    def clear_cache(self) -> None:
        self._decoded.clear()


PROFILE_KEY = "me"


class ProfileRepository:
    """The single profile record."""

    def __init__(self, db: TinyDB, storage: AtomicStorage) -> None:
        self._table: Table = db.table("profile", cache_size=0)
        self._storage = storage

    def get(self) -> Profile:
        document = self._storage.table("profile").get(PROFILE_KEY)
        return Profile() if document is None else from_document(Profile, document)

    def put(self, profile: Profile) -> None:
        self._storage.put("profile", PROFILE_KEY, to_document(profile))


def people(db: TinyDB, storage: AtomicStorage) -> Repository[Person]:
    return Repository(db, storage, table="people", record_type=Person)


def events(db: TinyDB, storage: AtomicStorage) -> Repository[Event]:
    return Repository(db, storage, table="events", record_type=Event)


def encounters(db: TinyDB, storage: AtomicStorage) -> Repository[Encounter]:
    return Repository(db, storage, table="encounters", record_type=Encounter)


def promises(db: TinyDB, storage: AtomicStorage) -> Repository[Promise]:
    return Repository(db, storage, table="offers", record_type=Promise)


def openers(db: TinyDB, storage: AtomicStorage) -> Repository[Opener]:
    return Repository(db, storage, table="openers", record_type=Opener)


def interests(db: TinyDB, storage: AtomicStorage) -> Repository[Interest]:
    return Repository(db, storage, table="interests", record_type=Interest, key_field="slug")


#: Underscored like the other bookkeeping tables: it is no record to back up as JSON, and an
#: older app that does not know it ignores it (rotating snapshots still keep it).
NOT_DUPLICATES_TABLE = "_not_duplicates"


def not_duplicates(db: TinyDB, storage: AtomicStorage) -> Repository[NotDuplicates]:
    """Pairs of people the duplicate finder must not offer again."""
    return Repository(db, storage, table=NOT_DUPLICATES_TABLE, record_type=NotDuplicates)


#: Underscored: feed addresses may carry personal tokens, so they stay in the encrypted store and
#: its encrypted snapshots, never in the plain JSON backup.
FEEDS_TABLE = "_feeds"


def feeds(db: TinyDB, storage: AtomicStorage) -> Repository[Feed]:
    """The calendar feeds the user subscribed to, with what their last refresh found."""
    return Repository(db, storage, table=FEEDS_TABLE, record_type=Feed)


#: Underscored like ``_feeds``: server addresses (and, without a keychain, passwords) stay in the
#: encrypted store and its encrypted snapshots, never in the plain JSON backup.
SYNC_ACCOUNTS_TABLE = "_sync_accounts"


def sync_accounts(db: TinyDB, storage: AtomicStorage) -> Repository[SyncAccount]:
    """The CardDAV/CalDAV accounts the user added, with what discovery and sync found."""
    return Repository(db, storage, table=SYNC_ACCOUNTS_TABLE, record_type=SyncAccount)


#: Per account and person: where the card is on the server and which version was exchanged.
SYNCED_CARDS_TABLE = "_synced_cards"


def synced_cards(db: TinyDB, storage: AtomicStorage) -> Repository[SyncedCard]:
    """The sync status of each person's card on each account (href, ETag, hash)."""
    return Repository(db, storage, table=SYNCED_CARDS_TABLE, record_type=SyncedCard)


#: Per account: the calendar objects read and the tasks written (href, ETag, what was sent).
SYNCED_CALENDAR_ITEMS_TABLE = "_synced_calendar_items"


def synced_calendar_items(db: TinyDB, storage: AtomicStorage) -> Repository[SyncedCalendarItem]:
    """The sync status of each calendar object and task on each account."""
    return Repository(
        db, storage, table=SYNCED_CALENDAR_ITEMS_TABLE, record_type=SyncedCalendarItem
    )


#: Per account and calendar: the sync token, and which collection is the app's task list.
SYNCED_CALENDARS_TABLE = "_synced_calendars"


def synced_calendars(db: TinyDB, storage: AtomicStorage) -> Repository[SyncedCalendar]:
    """Each account's calendars as of the last round (sync tokens, the task list)."""
    return Repository(db, storage, table=SYNCED_CALENDARS_TABLE, record_type=SyncedCalendar)


#: Merges that can be undone later (People > Merges…); bookkeeping like ``_not_duplicates``.
MERGES_TABLE = "_merges"


def merges(db: TinyDB, storage: AtomicStorage) -> Repository[MergeRecord]:
    """What each merge of two people did, so it can be undone later."""
    return Repository(db, storage, table=MERGES_TABLE, record_type=MergeRecord)
