"""Import events from an ``.ics`` file: first a plan (the preview), then one all-or-nothing write.

Re-importing a file updates the events it brought before instead of adding them twice: an
event is the same when its UID matches (per occurrence for repeating events) or, when the
file gives no UID, when its web address or its title and start match. The user's own fields
(status, preparation, reflection, interests they set) survive an update.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

from companion.domain.events import Event
from companion.i18n import N_, _
from companion.interop.icalendar_events import (
    SOURCE_PREFIX,
    ImportCancelled,
    ParsedEvent,
    Progress,
    ShouldCancel,
    SkippedEvent,
    parse_events,
)
from companion.interop.ics_export import EntryKind, own_record
from companion.services.changes import ChangeSet
from companion.services.data.backup import ImportSummary
from companion.storage.store import Store

__all__ = [
    "EventImportPlan",
    "EventImportSummary",
    "ImportCancelled",
    "ImportDecision",
    "InferInterests",
    "PlannedEvent",
    "apply_event_import",
    "plan_event_import",
]

InferInterests = Callable[[tuple[str, ...], str, str], tuple[str, ...]]
"""``infer(categories, title, description)`` → interest slugs from the catalogue."""

# What the file owns; everything else on an event (status, prep, reflection, id) is the user's.
SOURCE_FIELDS = (
    "title",
    "start",
    "end",
    "venue",
    "online",
    "url",
    "organizer",
    "description",
    "source",
    "source_uid",
    "all_day",
)

_UNCHANGED = N_("already imported, nothing changed")
_TWICE = N_("the file has this event twice; the first one is used")
_OWN_REMINDER = N_("a promise or reconnect reminder exported by Common Ground, not an event")
_USER_SKIPPED = N_("left out in the preview")


class ImportDecision(StrEnum):
    ADD = "add"
    UPDATE = "update"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class PlannedEvent:
    """One row of the preview.

    ``event`` is what would be written (for UPDATE: the existing record with the file's
    fields); ``None`` when the file's event could not be read. ``existing`` is the record an
    UPDATE (or an "unchanged" SKIP) replaces.
    """

    decision: ImportDecision
    title: str
    line: int | None
    event: Event | None = None
    existing: Event | None = None
    reason: str = ""
    problem: bool = False
    """True for a SKIP because of the file (unreadable, cancelled, twice), not "unchanged"."""

    def describe(self) -> str:
        return SkippedEvent(self.line, self.title, self.reason).describe()


@dataclass(frozen=True, slots=True)
class EventImportPlan:
    file_name: str
    items: tuple[PlannedEvent, ...]
    warnings: tuple[str, ...] = ()

    def count(self, decision: ImportDecision) -> int:
        return sum(1 for item in self.items if item.decision is decision)

    @property
    def added(self) -> int:
        return self.count(ImportDecision.ADD)

    @property
    def updated(self) -> int:
        return self.count(ImportDecision.UPDATE)

    @property
    def skipped(self) -> int:
        return self.count(ImportDecision.SKIP)

    @property
    def rejected(self) -> tuple[PlannedEvent, ...]:
        """Skipped because they could not be read (not because they are already there)."""
        return tuple(item for item in self.items if item.problem)


@dataclass(frozen=True, slots=True)
class EventImportSummary(ImportSummary):
    """``ImportSummary`` plus one line per event that was not imported, and file warnings."""

    problems: tuple[str, ...] = ()


def _title_key(event: Event) -> tuple[str, datetime]:
    return (event.title.casefold(), event.start)


class _Matcher:
    """Finds the stored event a parsed event is the same as."""

    def __init__(self, events: list[Event]) -> None:
        # Events this app exported carry their own id in their UID (see interop.ics_export).
        self.by_id = {event.id: event for event in events}
        imported = [event for event in events if event.source.startswith(SOURCE_PREFIX)]
        self.by_uid = {event.source_uid: event for event in imported if event.source_uid}
        self.by_url: dict[str, list[Event]] = {}
        self.by_title: dict[tuple[str, datetime], Event] = {}
        for event in imported:
            if event.url:
                self.by_url.setdefault(event.url, []).append(event)
            self.by_title.setdefault(_title_key(event), event)
        self.claimed: set[str] = set()

    def find(self, parsed: Event) -> Event | None:
        found: Event | None = None
        own = own_record(parsed.source_uid) if parsed.source_uid else None
        if own is not None and own[0] is EntryKind.EVENT and own[1] in self.by_id:
            found = self.by_id[own[1]]
        elif parsed.source_uid:
            found = self.by_uid.get(parsed.source_uid)
        else:
            with_url = [
                event
                for event in self.by_url.get(parsed.url, [])
                if parsed.url
                if event.id not in self.claimed and not event.source_uid
            ]
            found = with_url[0] if len(with_url) == 1 else self.by_title.get(_title_key(parsed))
        if found is None or found.id in self.claimed:
            return None
        self.claimed.add(found.id)
        return found


def _merged(existing: Event, parsed: Event, interests: tuple[str, ...]) -> Event:
    changes: dict[str, object] = {name: getattr(parsed, name) for name in SOURCE_FIELDS}
    # Interests on a stored event were either inferred before or fixed by the user; they are
    # kept, and only an event without any gets the inferred ones.
    changes["interests"] = existing.interests or interests
    return dataclasses.replace(existing, **changes)  # type: ignore[arg-type]


def _fresh_copy(event: Event) -> Event:
    """The file's side of ``event`` as a new record: new id, none of the user's fields."""
    fields: dict[str, object] = {name: getattr(event, name) for name in SOURCE_FIELDS}
    return Event(**fields, interests=event.interests)  # type: ignore[arg-type]


def _seen_key(event: Event) -> tuple[str, ...]:
    if event.source_uid:
        return ("uid", event.source_uid)
    return ("title", event.title.casefold(), event.start.isoformat())


def plan_event_import(
    store: Store | None,
    data: bytes,
    *,
    file_name: str,
    now: datetime,
    infer_interests: InferInterests | None = None,
    local_zone: tzinfo | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    known_events: list[Event] | None = None,
) -> EventImportPlan:
    """What importing ``data`` would add, update and skip; writes nothing.

    ``progress(done, total)`` is called as events are read; ``should_cancel()`` is asked as
    often and raises ``ImportCancelled`` when it returns True. Raises ``FormatError`` when the
    file is not a readable calendar.
    """
    parsed = parse_events(
        data, now=now, local_zone=local_zone, progress=progress, should_cancel=should_cancel
    )
    # ``known_events``: the stored events as read on the thread that owns the store, for a
    # plan made on another thread (a feed refresh) that must not read the live tables.
    # ``store`` may be None only then.
    if known_events is None:
        known_events = store.events.all() if store is not None else []
    matcher = _Matcher(known_events)
    items: list[PlannedEvent] = [
        PlannedEvent(
            ImportDecision.SKIP, skipped.title, skipped.line, reason=skipped.reason, problem=True
        )
        for skipped in parsed.skipped
    ]
    seen: set[tuple[str, ...]] = set()
    for index, entry in enumerate(parsed.events):
        if should_cancel is not None and index % 500 == 0 and should_cancel():
            raise ImportCancelled()
        items.append(_planned(entry, matcher, seen, infer_interests))
    items.sort(key=lambda item: item.line if item.line is not None else 0)
    return EventImportPlan(file_name=file_name, items=tuple(items), warnings=parsed.warnings)


def _planned(
    entry: ParsedEvent,
    matcher: _Matcher,
    seen: set[tuple[str, ...]],
    infer_interests: InferInterests | None,
) -> PlannedEvent:
    parsed = entry.event
    key = _seen_key(parsed)
    if key in seen:
        return PlannedEvent(
            ImportDecision.SKIP,
            parsed.title,
            entry.line,
            event=parsed,
            reason=_(_TWICE),
            problem=True,
        )
    seen.add(key)
    own = own_record(parsed.source_uid) if parsed.source_uid else None
    if own is not None and own[0] is not EntryKind.EVENT:
        return PlannedEvent(
            ImportDecision.SKIP, parsed.title, entry.line, event=None, reason=_(_OWN_REMINDER)
        )
    interests = (
        infer_interests(entry.categories, parsed.title, parsed.description)
        if infer_interests is not None
        else ()
    )
    existing = matcher.find(parsed)
    if existing is None:
        event = dataclasses.replace(parsed, interests=interests)
        return PlannedEvent(ImportDecision.ADD, parsed.title, entry.line, event=event)
    # An event this app exported comes back with its prep in the description: the stored
    # event is the original, so it is left as it is.
    merged = existing if own is not None else _merged(existing, parsed, interests)
    if merged == existing:
        return PlannedEvent(
            ImportDecision.SKIP,
            parsed.title,
            entry.line,
            event=merged,
            existing=existing,
            reason=_(_UNCHANGED),
        )
    return PlannedEvent(
        ImportDecision.UPDATE, parsed.title, entry.line, event=merged, existing=existing
    )


def apply_event_import(
    store: Store,
    plan: EventImportPlan,
    *,
    decisions_override: Mapping[int, ImportDecision] | None = None,
) -> EventImportSummary:
    """Write the plan in one durable change (all or nothing).

    ``decisions_override`` maps an index of ``plan.items`` to what the user chose in the
    preview: SKIP leaves an event out, ADD imports an UPDATE as a new event instead. An
    event the file could not give is skipped whatever the override says.
    """
    overrides = decisions_override or {}
    to_write: list[Event] = []
    added: set[str] = set()
    updated: set[str] = set()
    problems = list(plan.warnings)
    skipped = 0
    for index, item in enumerate(plan.items):
        decision = overrides.get(index, item.decision)
        event = item.event
        if event is None or decision is ImportDecision.SKIP:
            # "Skipped" counts what was already there (or left out on purpose); events the
            # file could not give are reported one by one in ``problems`` instead.
            if item.problem:
                problems.append(item.describe())
                continue
            skipped += 1
            if item.decision is not ImportDecision.SKIP:
                problems.append(SkippedEvent(item.line, item.title, _(_USER_SKIPPED)).describe())
            continue
        if decision is ImportDecision.UPDATE and item.existing is None:
            decision = ImportDecision.ADD
        if decision is ImportDecision.ADD and item.existing is not None:
            # Imported as a new event next to the one already there.
            event = _fresh_copy(event)
        (added if decision is ImportDecision.ADD else updated).add(event.id)
        to_write.append(event)
    if to_write:
        with store.batch():
            store.events.put_many(to_write)
    return EventImportSummary(
        added=len(added),
        updated=len(updated),
        skipped=skipped,
        changes=ChangeSet(
            added={"events": frozenset(added)} if added else {},
            updated={"events": frozenset(updated)} if updated else {},
        ),
        problems=tuple(problems),
    )
