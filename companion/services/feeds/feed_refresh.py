"""Refreshing calendar feeds through the same path as an ``.ics`` import.

A refresh has three steps so the window can keep its GUI thread free: ``fetch_feed_data``
(``feed_fetch``: network only, any thread), ``plan_feed`` (``feed_plan``: parses and reads the
store, any thread) and ``apply_feed`` (``feed_apply``: one durable write, on the thread that
owns the store). The command line runs the three in a row through :func:`refresh_feeds`.

What the feed owns is what a file import owns (title, times, place, description…); the user's
status, prep, reflection, interests and the people they logged are never overwritten. An event
the feed marks cancelled is kept and shown as cancelled; one that disappears before it happens
is kept as "no longer listed" when the user prepared it or met people there, else removed.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from companion.domain.feeds import Feed
from companion.remote.feed_http import FetchLimits, HttpSession
from companion.services.feeds.feed_apply import FeedOutcome, apply_feed
from companion.services.feeds.feed_fetch import fetch_feed_data
from companion.services.feeds.feed_plan import plan_feed
from companion.storage.store import Store

if TYPE_CHECKING:
    from companion.services.events.event_import import InferInterests


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
