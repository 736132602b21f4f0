"""What each ``companion feeds`` action does on an open store, and what it says.

The command line runs it in its own process; the running app (it alone may write the store)
runs it for a forwarded request. Exit status: 0 done (every feed refreshed), 1 some feed failed
(each named), 2 bad input.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from companion.i18n import _, ngettext
from companion.services.instance.instance_messages import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    Reply,
)

if TYPE_CHECKING:
    from companion.domain.feeds import Feed
    from companion.services.changes import ChangeSet
    from companion.services.feeds.feed_apply import FeedOutcome
    from companion.storage.store import Store

#: Fetches, reads and stores the given feeds (here, or on the window's worker thread).
RefreshFeeds = Callable[["Store", "list[Feed]"], "list[FeedOutcome]"]


def feeds_reply(
    store: Store,
    *,
    action: str,
    url: str = "",
    name: str = "",
    now: datetime,
    refresh: RefreshFeeds,
) -> tuple[Reply, ChangeSet]:
    """Carry out one ``feeds`` action on ``store``: what to print, and what changed.

    ``add`` refreshes the new feed straight away; ``refresh`` fetches the named feed or all.
    """
    from companion.domain.errors import ValidationError
    from companion.domain.feeds import display_url
    from companion.services.changes import ChangeSet
    from companion.services.feeds import feeds as service

    try:
        if action == "add":
            feed, changes = service.add_feed(store, url, name=name, now=now)
            text = _("Subscribed to “{name}” ({address}).").format(
                name=feed.name, address=display_url(feed.url)
            )
            # Fetched at once, so a wrong address shows now rather than at the next refresh;
            # the subscription stays either way (a server may be down for a moment).
            first = outcome_reply(refresh(store, [feed]))
            reply = Reply(stdout=text + "\n" + first.stdout, stderr=first.stderr)
            return reply, changes
        if action == "remove":
            feed, changes = service.remove_feed(store, name)
            text = (
                _("Unsubscribed from “{name}”; its events stay in your calendar.")
                if feed.event_count
                else _("Unsubscribed from “{name}”.")
            ).format(name=feed.name)
            return Reply(stdout=text + "\n"), changes
        if action == "list":
            return Reply(stdout=listing(service.list_feeds(store))), ChangeSet()
        feeds = [service.find_feed(store, name)] if name else service.list_feeds(store)
    except ValidationError as error:
        return Reply(exit_code=EXIT_BAD_INPUT, stderr=f"companion: {error.message}\n"), ChangeSet()
    if not feeds:
        return Reply(stdout=_("You have no feeds yet: companion feeds add URL") + "\n"), ChangeSet()
    outcomes = refresh(store, feeds)
    changes = ChangeSet()
    for outcome in outcomes:
        changes = changes.merged(outcome.changes)
    return outcome_reply(outcomes), changes


def outcome_reply(outcomes: list[FeedOutcome]) -> Reply:
    """One line per feed; failures on stderr, and exit status 1 when any feed failed."""
    good = "".join(outcome.describe() + "\n" for outcome in outcomes if outcome.ok)
    bad = "".join(f"companion: {outcome.describe()}\n" for outcome in outcomes if not outcome.ok)
    return Reply(exit_code=EXIT_FAILED if bad else EXIT_OK, stdout=good, stderr=bad)


def listing(feeds: list[Feed]) -> str:
    """One aligned row per feed: name, address, when it last worked, events, status."""
    if not feeds:
        return _("You have no feeds yet: companion feeds add URL") + "\n"
    from companion.domain.feeds import display_url
    from companion.i18n.formats import format_datetime
    from companion.services.feeds.feeds import problem_text

    rows = [
        (
            feed.name,
            display_url(feed.url),
            format_datetime(feed.last_success) if feed.last_success else _("never"),
            ngettext("{count} event", "{count} events", feed.event_count).format(
                count=feed.event_count
            ),
            problem_text(feed) or (_("OK") if feed.last_success else ""),
        )
        for feed in feeds
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True))
        + (f"  {row[4]}" if row[4] else "")
        + "\n"
        for row in rows
    ).replace(" \n", "\n")
