"""``companion feeds …``: subscribe to calendar feeds, list them, remove them, refresh them.

``feeds_reply`` does the work on an open store and returns what to print, so the same code runs
here or, when the app is running (it alone may write the store), inside it.
Exit status: 0 done (every feed refreshed), 1 some feed failed (each named), 2 bad input.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.i18n import _, ngettext
from companion.services.instance.instance_messages import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    FEED_ACTIONS,
    Reply,
)

# Only the parser is built at every start; the rest loads when a ``feeds`` command runs.
if TYPE_CHECKING:
    from companion.domain.feeds import Feed
    from companion.services.changes import ChangeSet
    from companion.services.feeds.feed_apply import FeedOutcome
    from companion.storage.store import Store

RefreshFeeds = Callable[["Store", "list[Feed]"], "list[FeedOutcome]"]


def add_feeds_parser(subcommands: argparse._SubParsersAction[Any]) -> None:
    feeds = subcommands.add_parser(
        "feeds",
        help=_("subscribe to calendar feeds (Meetup, Google, lu.ma…) and refresh them"),
    )
    actions = feeds.add_subparsers(dest="feeds_action", metavar=_("ACTION"), required=True)
    add = actions.add_parser(
        "add", help=_("subscribe to a calendar feed (https://, http:// or webcal:// address)")
    )
    add.add_argument("url", metavar=_("URL"))
    add.add_argument("--name", default="", metavar=_("NAME"), help=_("what to call it"))
    actions.add_parser("list", help=_("show your feeds and how their last refresh went"))
    remove = actions.add_parser("remove", help=_("unsubscribe (its events stay)"))
    remove.add_argument("name", metavar=_("NAME"))
    refresh = actions.add_parser("refresh", help=_("fetch new and changed events now"))
    refresh.add_argument(
        "name", nargs="?", default="", metavar=_("NAME"), help=_("one feed (default: all)")
    )
    assert set(actions.choices) == FEED_ACTIONS


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
            return Reply(stdout=_listing(service.list_feeds(store))), ChangeSet()
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


def _listing(feeds: list[Feed]) -> str:
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


def refresh_here(store: Store, feeds: list[Feed]) -> list[FeedOutcome]:
    """The command line's refresh: fetch, read and store each feed in this process."""
    from companion.services.clock import system_clock
    from companion.services.feeds.feed_refresh import refresh_feeds
    from companion.services.profile.interests import interest_inference

    return refresh_feeds(
        store, feeds, now=system_clock(), infer_interests=interest_inference(store)
    )


def run_feeds(data_dir: Path, options: argparse.Namespace) -> int:
    """``companion feeds …`` in this process (no app is running on ``data_dir``)."""
    from companion import paths
    from companion.cli_commands import ask_passphrase, open_session, print_reply
    from companion.services.clock import system_clock

    action = options.feeds_action
    if action == "list" and not paths.store_file(data_dir).exists():
        return print_reply(Reply(stdout=_listing([])))
    with open_session(data_dir, ask_passphrase, read_only=action == "list") as session:
        reply, _changes = feeds_reply(
            session.store,
            action=action,
            url=getattr(options, "url", ""),
            name=getattr(options, "name", "") or "",
            now=system_clock(),
            refresh=refresh_here,
        )
    return print_reply(reply)
