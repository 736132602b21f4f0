"""Refreshing calendar feeds through the same path as an ``.ics`` import.

A refresh has three steps so the window can keep its GUI thread free: :func:`fetch_feed_data`
(network only, any thread), :func:`plan_feed` (parses and reads the store, any thread) and
:func:`apply_feed` (one durable write, on the thread that owns the store). The command line
runs the three in a row through :func:`refresh_feeds`.

What the feed owns is what a file import owns (title, times, place, description…); the user's
status, prep, reflection, interests and the people they logged are never overwritten. An event
the feed marks cancelled is kept and shown as cancelled; one that disappears before it happens
is kept as "no longer listed" when the user prepared it or met people there, else removed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from companion.domain.events import Event, EventStatus, PrepPlan
from companion.domain.feeds import MAX_NAME_LENGTH, Feed, FeedProblem
from companion.i18n import _, ngettext
from companion.interop.errors import FormatError
from companion.remote.feed_http import (
    FeedFetchError,
    FetchedFeed,
    FetchLimits,
    FetchProblem,
    HttpSession,
)
from companion.services.changes import ChangeSet
from companion.services.feeds.feeds import FEEDS_TABLE, problem_text
from companion.storage.store import Store

if TYPE_CHECKING:
    from companion.services.events.event_import import EventImportPlan, InferInterests


# --- refreshing ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedFetch:
    """What the network gave for one feed: a body, "not modified", or a problem."""

    feed_id: str
    fetched: FetchedFeed | None = None
    problem: FeedProblem | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class FeedPlan:
    """A fetched feed, read and matched against the store; nothing written yet."""

    feed_id: str
    fetch: FeedFetch
    events: EventImportPlan | None = None
    #: Every UID the feed lists (series UIDs too), and the cancelled ones.
    listed_uids: frozenset[str] = frozenset()
    cancelled_uids: frozenset[str] = frozenset()
    #: The calendar's own name, for a feed the user did not name.
    calendar_name: str = ""
    problem: FeedProblem | None = None
    detail: str = ""


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


_FETCH_PROBLEMS = {
    FetchProblem.UNREACHABLE: FeedProblem.UNREACHABLE,
    FetchProblem.TIMEOUT: FeedProblem.TIMEOUT,
    FetchProblem.TLS: FeedProblem.TLS,
    FetchProblem.TOO_LARGE: FeedProblem.TOO_LARGE,
    FetchProblem.TOO_MANY_REDIRECTS: FeedProblem.TOO_MANY_REDIRECTS,
    FetchProblem.OTHER_HOST: FeedProblem.OTHER_HOST,
    FetchProblem.BAD_ADDRESS: FeedProblem.BAD_ADDRESS,
}


def _status_problem(status: int) -> FeedProblem:
    if status in (404, 410):
        return FeedProblem.NOT_FOUND
    if status in (401, 403):
        return FeedProblem.NEEDS_LOGIN
    if status >= 500:
        return FeedProblem.SERVER_ERROR
    return FeedProblem.HTTP_STATUS


def fetch_feed_data(
    feed: Feed,
    session: HttpSession,
    *,
    limits: FetchLimits | None = None,
) -> FeedFetch:
    """Fetch one feed (conditional GET); never raises for network or server trouble."""
    from companion.remote.feed_http import fetch_feed

    try:
        fetched = fetch_feed(
            session,
            feed.url,
            etag=feed.etag,
            last_modified=feed.last_modified,
            limits=limits or FetchLimits(),
        )
    except FeedFetchError as error:
        if error.kind is FetchProblem.HTTP_STATUS:
            return FeedFetch(
                feed.id, problem=_status_problem(error.status), detail=str(error.status)
            )
        detail = urlsplit(error.location).hostname or "" if error.location else ""
        return FeedFetch(feed.id, problem=_FETCH_PROBLEMS[error.kind], detail=detail)
    return FeedFetch(feed.id, fetched=fetched)


def _looks_like_web_page(body: bytes, content_type: str) -> bool:
    start = body.lstrip()[:512].lower()
    return "html" in content_type.lower() or start.startswith((b"<!doctype", b"<html", b"<"))


@dataclass(frozen=True, slots=True)
class _Listing:
    """What the feed's raw calendar says beyond its events: every UID, the cancelled ones,
    and the calendar's own name (``X-WR-CALNAME``)."""

    uids: frozenset[str]
    cancelled: frozenset[str]
    name: str


def _listing(body: bytes) -> _Listing | None:
    """``None`` when the body is no calendar at all.

    A master marked cancelled cancels the whole series; a cancelled override only its date
    (its UID then carries the ``#`` occurrence key the import gives occurrences).
    """
    import icalendar

    listed: set[str] = set()
    cancelled: set[str] = set()
    name = ""
    try:
        calendars = icalendar.Calendar.from_ical(body.decode("utf-8", "replace"), multiple=True)
    except Exception:  # the import reports what is wrong with the file in its own words
        return None
    for calendar in calendars:
        name = name or " ".join(str(calendar.get("X-WR-CALNAME", "")).split())
        for component in calendar.walk("VEVENT"):
            uid = str(component.get("UID", "")).strip()
            if not uid:
                continue
            listed.add(uid)
            if str(component.get("STATUS", "")).upper() != "CANCELLED":
                continue
            recurrence = component.get("RECURRENCE-ID")
            moment = getattr(recurrence, "dt", None)
            cancelled.add(f"{uid}#{moment.isoformat()}" if moment is not None else uid)
    return _Listing(frozenset(listed), frozenset(cancelled), name[:MAX_NAME_LENGTH])


def plan_feed(
    store: Store,
    feed: Feed,
    fetch: FeedFetch,
    *,
    now: datetime,
    infer_interests: InferInterests | None = None,
    local_zone: tzinfo | None = None,
    known_events: list[Event] | None = None,
) -> FeedPlan:
    """Read a fetched feed and match it against the store; reads, never writes.

    On a worker thread, pass ``known_events`` (read on the store's own thread) so the live
    tables are not read while they may change.
    """
    if fetch.problem is not None or fetch.fetched is None:
        return FeedPlan(feed.id, fetch, problem=fetch.problem, detail=fetch.detail)
    fetched = fetch.fetched
    if fetched.not_modified:
        return FeedPlan(feed.id, fetch)
    if _looks_like_web_page(fetched.body, fetched.content_type):
        return FeedPlan(feed.id, fetch, problem=FeedProblem.WEB_PAGE)
    from companion.services.events.event_import import EventImportPlan, plan_event_import

    raw = _listing(fetched.body)
    try:
        plan = plan_event_import(
            store,
            fetched.body,
            file_name=feed.name,
            now=now,
            infer_interests=infer_interests,
            local_zone=local_zone,
            known_events=known_events,
        )
    except FormatError as error:
        if raw is None or raw.uids:
            return FeedPlan(feed.id, fetch, problem=FeedProblem.NOT_CALENDAR, detail=str(error))
        # A group with nothing planned publishes an empty calendar: every event left it.
        plan = EventImportPlan(file_name=feed.name, items=(), warnings=())
    if raw is None:
        return FeedPlan(feed.id, fetch, events=plan)
    return FeedPlan(
        feed.id,
        fetch,
        events=plan,
        listed_uids=raw.uids,
        cancelled_uids=raw.cancelled,
        calendar_name=raw.name,
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


def new_http_session() -> HttpSession:
    """One HTTP session for a round of refreshes (the window's refresher uses this too)."""
    from companion.remote.feed_http import new_session

    return new_session()


#: Feeds fetched at the same time by the command line.
PARALLEL_FETCHES = 4


def refresh_feeds(
    store: Store,
    feeds: list[Feed],
    *,
    now: datetime,
    session: HttpSession | None = None,
    limits: FetchLimits | None = None,
    infer_interests: InferInterests | None = None,
    local_zone: tzinfo | None = None,
) -> list[FeedOutcome]:
    """Fetch the feeds (a few at a time, so a slow one holds up no other), then read and
    store each in turn: the command line's way. One failing feed never stops the others.

    With ``session`` given, the feeds are fetched one after the other through it.
    """
    from concurrent.futures import ThreadPoolExecutor

    from companion.remote.feed_http import new_session

    if session is not None or len(feeds) < 2:
        http = session or new_session()
        fetched = [fetch_feed_data(feed, http, limits=limits) for feed in feeds]
    else:
        with ThreadPoolExecutor(max_workers=min(PARALLEL_FETCHES, len(feeds))) as pool:
            # A session per feed: sessions are not shared between threads.
            fetched = list(
                pool.map(lambda feed: fetch_feed_data(feed, new_session(), limits=limits), feeds)
            )
    outcomes: list[FeedOutcome] = []
    for feed, fetch in zip(feeds, fetched, strict=True):
        plan = plan_feed(
            store, feed, fetch, now=now, infer_interests=infer_interests, local_zone=local_zone
        )
        outcomes.append(apply_feed(store, store.feeds.get(feed.id) or feed, plan, now=now))
    return outcomes
