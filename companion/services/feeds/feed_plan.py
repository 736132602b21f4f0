"""A feed refresh's second step, on any thread: the fetched calendar read through the ``.ics``
import's planner and matched against the store; it reads, never writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from companion.domain.events import Event
from companion.domain.feeds import MAX_NAME_LENGTH, Feed, FeedProblem
from companion.interop.errors import FormatError
from companion.services.feeds.feed_fetch import FeedFetch
from companion.storage.store import Store

if TYPE_CHECKING:
    from companion.services.events.event_import import EventImportPlan, InferInterests


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
