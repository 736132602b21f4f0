"""Calendar feeds the user subscribed to: add, list, remove, and their status in words.

Refreshing them is ``services.feed_refresh``; what a feed is, ``domain.feeds``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from companion.domain.errors import ValidationError
from companion.domain.events import Event
from companion.domain.feeds import MAX_FEEDS, Feed, FeedProblem, check_feed_url, suggested_name
from companion.domain.fit import Fit
from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.services.events.stored_times import events_ending_between, reflected_events
from companion.storage.store import Store

if TYPE_CHECKING:
    pass

FEEDS_TABLE = "feeds"


class FeedNotFound(ValidationError):
    """No feed has that name."""


# --- subscriptions -------------------------------------------------------------------------


def list_feeds(store: Store) -> list[Feed]:
    """Every feed, by name."""
    return sorted(store.feeds.all(), key=lambda feed: (feed.name.casefold(), feed.id))


def find_feed(store: Store, name: str) -> Feed:
    """The feed called ``name`` (case does not matter); ``FeedNotFound`` when there is none."""
    wanted = name.strip().casefold()
    for feed in store.feeds.all():
        if feed.name.casefold() == wanted or feed.id == name.strip():
            return feed
    raise FeedNotFound(_("There is no feed called “{name}”.").format(name=name.strip()))


def add_feed(store: Store, url: str, *, name: str = "", now: datetime) -> tuple[Feed, ChangeSet]:
    """Subscribe to ``url`` (``webcal://``, https or http); refreshing it is a separate step."""
    address = check_feed_url(url)
    feeds = store.feeds.all()
    if len(feeds) >= MAX_FEEDS:
        raise ValidationError(
            _("You can subscribe to at most {count} feeds.").format(count=MAX_FEEDS), field="url"
        )
    if any(_same_address(feed.url, address) for feed in feeds):
        raise ValidationError(_("You are already subscribed to this feed."), field="url")
    wanted = name.strip() or suggested_name(address)
    taken = {feed.name.casefold() for feed in feeds}
    if name.strip() and wanted.casefold() in taken:
        raise ValidationError(
            _("There is already a feed called “{name}”.").format(name=wanted), field="name"
        )
    chosen, number = wanted, 2
    while chosen.casefold() in taken:
        chosen, number = f"{wanted} ({number})", number + 1
    feed = Feed(name=chosen, url=address, added=now, named=bool(name.strip()))
    store.feeds.put(feed)
    return feed, ChangeSet(added={FEEDS_TABLE: frozenset({feed.id})})


def remove_feed(store: Store, name: str) -> tuple[Feed, ChangeSet]:
    """Unsubscribe; the events it brought stay (they may hold the user's prep and people)."""
    feed = find_feed(store, name)
    events = [event for event in store.events.all() if event.feed_id == feed.id]
    # An evening on two feeds (my Meetup feed and the group's own) stays looked after by the
    # other one; the rest become ordinary events.
    others = [other for other in store.feeds.all() if other.id != feed.id]
    listed_by = {uid: other.id for other in others for uid in other.listed}
    with store.batch():
        store.feeds.remove(feed.id)
        if events:
            store.events.put_many(
                [
                    dataclasses.replace(event, feed_id=listed_by.get(event.source_uid, ""))
                    for event in events
                ]
            )
    changes = ChangeSet(removed={FEEDS_TABLE: frozenset({feed.id})})
    if events:
        changes = changes.merged(
            ChangeSet(updated={"events": frozenset(event.id for event in events)})
        )
    return feed, changes


def _same_address(first: str, second: str) -> bool:
    def key(url: str) -> str:
        parts = urlsplit(url.strip())
        return f"{parts.netloc.lower()}{parts.path}?{parts.query}"

    return key(first) == key(second)


# --- words ---------------------------------------------------------------------------------


def problem_text(feed: Feed) -> str:
    """The last refresh's problem in words ("" when it worked)."""
    # The fetching module (where the limits live) loads with the first refresh, not at start.
    from companion.remote.feed_http import MAX_FEED_BYTES, MAX_REDIRECTS

    host = urlsplit(feed.url).hostname or ""
    detail = feed.problem_detail
    words: dict[FeedProblem, Callable[[], str]] = {
        FeedProblem.UNREACHABLE: lambda: _(
            "could not reach {host}; it will be tried again later"
        ).format(host=host),
        FeedProblem.TIMEOUT: lambda: _("{host} took too long to answer").format(host=host),
        FeedProblem.TLS: lambda: _(
            "the security certificate of {host} could not be verified, so nothing was read"
        ).format(host=host),
        FeedProblem.NOT_FOUND: lambda: _(
            "there is no calendar at this address (any more); copy the feed link again"
        ),
        FeedProblem.NEEDS_LOGIN: lambda: _(
            "this address needs a login; copy the calendar's private iCal link instead"
        ),
        FeedProblem.SERVER_ERROR: lambda: _(
            "{host} had a problem (error {status}); it will be tried again later"
        ).format(host=host, status=detail),
        FeedProblem.HTTP_STATUS: lambda: _("{host} answered with error {status}").format(
            host=host, status=detail
        ),
        FeedProblem.TOO_LARGE: lambda: _(
            "the feed is larger than {size} MB, so it was not read"
        ).format(size=MAX_FEED_BYTES // (1024 * 1024)),
        FeedProblem.TOO_MANY_REDIRECTS: lambda: _(
            "the address sends the app elsewhere more than {count} times"
        ).format(count=MAX_REDIRECTS),
        FeedProblem.OTHER_HOST: lambda: _(
            "the feed moved to {host}; add that address if you trust it"
        ).format(host=detail or _("another site")),
        FeedProblem.WEB_PAGE: lambda: _(
            "this address returns a web page, not a calendar — copy the iCal link"
        ),
        FeedProblem.NOT_CALENDAR: lambda: _(
            "this is not a calendar the app can read: {detail}"
        ).format(detail=detail),
        FeedProblem.TOO_MANY_EVENTS: lambda: _("the feed lists too many events: {detail}").format(
            detail=detail
        ),
        FeedProblem.BAD_ADDRESS: lambda: _("the feed's address cannot be used"),
    }
    if feed.problem is None:
        return ""
    return words[feed.problem]()


def new_events_since(store: Store, since: datetime | None, now: datetime) -> list[Event]:
    """Upcoming feed events first listed after ``since`` (all upcoming ones when ``None``)."""
    # Only the events that may still come are decoded: Home asks on every start.
    return [
        event
        for _key, _document, event in events_ending_between(store, now, None)
        if event is not None
        and event.feed_id
        and event.listed_on is not None
        and (since is None or event.listed_on > since)
        and event.start > now
        and not event.cancelled
        and not event.unlisted
    ]


#: A new event this good is worth a tray notification (one shared interest out of one: 0.7).
HIGH_FIT = 0.65


def new_fitting_events(
    store: Store, since: datetime | None, now: datetime
) -> list[tuple[Event, Fit]]:
    """New upcoming feed events that share an interest with me, best fit first."""
    from companion.domain.fit import rank_events
    from companion.services.profile.interests import interest_parents
    from companion.services.profile.profile import get_profile

    events = new_events_since(store, since, now)
    if not events:
        return []
    ranked = rank_events(
        events, get_profile(store), reflected_events(store), now, parents=interest_parents(store)
    )
    # A weekly series is one new thing, not eight: its soonest new date stands for it.
    soonest: dict[str, tuple[Event, Fit]] = {}
    for event, fit in ranked:
        if fit.score <= 0:
            continue
        series = event.source_uid.split("#", 1)[0] or event.id
        if series not in soonest or event.start < soonest[series][0].start:
            soonest[series] = (event, fit)
    chosen = {event.id for event, _fit in soonest.values()}
    return [(event, fit) for event, fit in ranked if event.id in chosen]
