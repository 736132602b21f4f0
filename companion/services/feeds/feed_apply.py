"""A feed refresh's last step, on the thread that owns the store: what the plan found written in
one durable change, the feed's status recorded, and a line saying what happened.

What the feed owns is what a file import owns; the user's own fields are never overwritten. An
event the feed marks cancelled is kept as cancelled; one that disappears before it happens is
kept as "no longer listed" when the user prepared it or met people there, else removed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from companion.domain.events import Event, EventStatus, PrepPlan
from companion.domain.feeds import Feed
from companion.i18n import _, ngettext
from companion.services.changes import ChangeSet
from companion.services.feeds.feed_plan import FeedPlan
from companion.services.feeds.feeds import FEEDS_TABLE, problem_text
from companion.storage.store import Store


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedOutcome:
    """What one refresh did, for the summary line, the dialog and Home."""

    feed: Feed
    ok: bool
    not_modified: bool = False
    added: int = 0
    updated: int = 0
    cancelled: int = 0
    unlisted: int = 0
    removed: int = 0
    changes: ChangeSet = field(default_factory=ChangeSet)

    def describe(self) -> str:
        """One line: "Meetup: 3 new, 1 changed, 1 cancelled" or the problem in words."""
        if not self.ok:
            return _("{feed}: {problem}").format(
                feed=self.feed.name, problem=problem_text(self.feed)
            )
        if self.not_modified:
            return _("{feed}: unchanged since the last refresh").format(feed=self.feed.name)
        events = ngettext("{count} event", "{count} events", self.feed.event_count).format(
            count=self.feed.event_count
        )
        parts = [
            text.format(count=count)
            for count, text in (
                (self.added, _("{count} new")),
                (self.updated, _("{count} changed")),
                (self.cancelled, _("{count} cancelled")),
                (self.removed, _("{count} removed")),
                (self.unlisted, _("{count} no longer listed, kept for you")),
            )
            if count
        ]
        if not parts:
            return _("{feed}: {events}, nothing changed").format(feed=self.feed.name, events=events)
        return _("{feed}: {events} ({changes})").format(
            feed=self.feed.name, events=events, changes=", ".join(parts)
        )


def _series_uid(source_uid: str) -> str:
    return source_uid.split("#", 1)[0]


def _is_cancelled(source_uid: str, cancelled: frozenset[str]) -> bool:
    return source_uid in cancelled or _series_uid(source_uid) in cancelled


def _user_touched(event: Event, met_at: set[str]) -> bool:
    return (
        event.id in met_at
        or event.prep != PrepPlan()
        or event.reflection is not None
        or event.status is not EventStatus.CONSIDERING
    )


def apply_feed(store: Store, feed: Feed, plan: FeedPlan, *, now: datetime) -> FeedOutcome:
    """Write what the refresh found in one durable change, and record the feed's status.

    ``feed`` is the stored feed now (it may have been renamed since the plan was made). Stored
    events are re-read here, so a change the user made while the feed was being fetched is kept.
    """
    if plan.problem is not None:
        failed = dataclasses.replace(
            feed, last_attempt=now, problem=plan.problem, problem_detail=plan.detail[:300]
        )
        store.feeds.put(failed)
        return FeedOutcome(
            feed=failed, ok=False, changes=ChangeSet(updated={FEEDS_TABLE: frozenset({feed.id})})
        )
    fetched = plan.fetch.fetched
    if plan.events is None or fetched is None:
        kept = dataclasses.replace(
            feed,
            last_attempt=now,
            last_success=now,
            problem=None,
            problem_detail="",
            etag=fetched.etag if fetched else feed.etag,
            last_modified=fetched.last_modified if fetched else feed.last_modified,
        )
        store.feeds.put(kept)
        return FeedOutcome(
            feed=kept,
            ok=True,
            not_modified=True,
            changes=ChangeSet(updated={FEEDS_TABLE: frozenset({feed.id})}),
        )
    writer = _FeedWriter(store, feed, plan, now=now)
    writer.collect()
    refreshed = dataclasses.replace(
        feed,
        name=_calendar_named(store, feed, plan.calendar_name),
        last_attempt=now,
        last_success=now,
        problem=None,
        problem_detail="",
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        event_count=len(writer.listed),
        listed=tuple(sorted(writer.listed)),
    )
    with store.batch():
        if writer.to_write:
            store.events.put_many(list(writer.to_write.values()))
        for event_id in writer.to_remove:
            store.events.remove(event_id)
        store.feeds.put(refreshed)
    return FeedOutcome(
        feed=refreshed,
        ok=True,
        added=len(writer.added),
        updated=len(writer.updated),
        cancelled=len(writer.cancelled),
        unlisted=len(writer.unlisted),
        removed=len(writer.to_remove),
        changes=writer.changes(),
    )


def _calendar_named(store: Store, feed: Feed, calendar_name: str) -> str:
    """A feed added without a name takes the calendar's own ("Berlin AI Builders") instead of
    its host, unless another feed is called that already."""
    if feed.named or not calendar_name or calendar_name == feed.name:
        return feed.name
    taken = {other.name.casefold() for other in store.feeds.all() if other.id != feed.id}
    return feed.name if calendar_name.casefold() in taken else calendar_name


class _FeedWriter:
    """Works out, from a plan and the store as it is now, which events to write or remove."""

    def __init__(self, store: Store, feed: Feed, plan: FeedPlan, *, now: datetime) -> None:
        self._store = store
        self._feed = feed
        self._plan = plan
        self._now = now
        self.to_write: dict[str, Event] = {}
        self.to_remove: list[str] = []
        self.added: set[str] = set()
        self.updated: set[str] = set()
        self.cancelled: set[str] = set()
        self.unlisted: set[str] = set()
        self.listed: set[str] = set()

    def collect(self) -> None:
        from companion.services.events.event_import import SOURCE_FIELDS, ImportDecision

        assert self._plan.events is not None
        current = {event.id: event for event in self._store.events.all()}
        for item in self._plan.events.items:
            parsed = item.event
            if parsed is None:
                continue
            if item.decision is ImportDecision.ADD:
                event = dataclasses.replace(parsed, feed_id=self._feed.id, listed_on=self._now)
                self.to_write[event.id] = event
                self.added.add(event.id)
                self.listed.add(event.source_uid)
                continue
            existing = current.get(item.existing.id) if item.existing is not None else None
            if existing is None:
                continue
            self.listed.add(existing.source_uid)
            source: dict[str, Any] = {name: getattr(parsed, name) for name in SOURCE_FIELDS}
            event = dataclasses.replace(
                existing,
                **source,
                feed_id=self._feed.id,
                listed_on=existing.listed_on or self._now,
                unlisted=False,
                cancelled=False,
            )
            if event != existing:
                self.to_write[event.id] = event
                if item.decision is ImportDecision.UPDATE:
                    self.updated.add(event.id)
        self._cancel_and_unlist(list(current.values()))

    def _cancel_and_unlist(self, events: Iterable[Event]) -> None:
        plan = self._plan
        met_at = {
            encounter.event_id for encounter in self._store.encounters.all() if encounter.event_id
        }
        # A series the feed still lists but that gave no date this time (its rule could not be
        # read): its stored dates are kept, the import's problems say why.
        readable_series = {_series_uid(uid) for uid in self.listed}
        for stored in events:
            event = self.to_write.get(stored.id, stored)
            if not event.source_uid or (
                event.feed_id != self._feed.id
                and _series_uid(event.source_uid) not in plan.listed_uids
            ):
                continue
            if _is_cancelled(event.source_uid, plan.cancelled_uids):
                self.listed.add(event.source_uid)
                if not event.cancelled:
                    self.to_write[event.id] = dataclasses.replace(
                        event, feed_id=self._feed.id, cancelled=True
                    )
                    self.cancelled.add(event.id)
                continue
            if event.feed_id != self._feed.id or event.source_uid in self.listed:
                continue
            if event.start <= self._now:
                continue  # past events stay as they are: they happened
            series = _series_uid(event.source_uid)
            if series in plan.listed_uids and series not in readable_series:
                continue
            if _user_touched(event, met_at):
                if not event.unlisted:
                    self.to_write[event.id] = dataclasses.replace(event, unlisted=True)
                    self.unlisted.add(event.id)
            else:
                self.to_write.pop(event.id, None)
                self.to_remove.append(event.id)

    def changes(self) -> ChangeSet:
        touched = set(self.to_write) - self.added
        events: dict[str, frozenset[str]] = {}
        return ChangeSet(
            added={"events": frozenset(self.added)} if self.added else events,
            updated=(
                {"events": frozenset(touched), FEEDS_TABLE: frozenset({self._feed.id})}
                if touched
                else {FEEDS_TABLE: frozenset({self._feed.id})}
            ),
            removed={"events": frozenset(self.to_remove)} if self.to_remove else {},
        )
