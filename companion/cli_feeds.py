"""``companion feeds …``: subscribe to calendar feeds, list them, remove them, refresh them.

``services/feeds/feed_commands.py`` does the work on an open store and returns what to print, so
the same code runs here or, when the app is running (it alone may write the store), inside it.
Exit status: 0 done (every feed refreshed), 1 some feed failed (each named), 2 bad input.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.i18n import _
from companion.services.instance.instance_messages import FEED_ACTIONS, Reply

# Only the parser is built at every start; the rest loads when a ``feeds`` command runs.
if TYPE_CHECKING:
    from companion.domain.feeds import Feed
    from companion.services.feeds.feed_apply import FeedOutcome
    from companion.storage.store import Store


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
    from companion.services.feeds.feed_commands import feeds_reply, listing

    action = options.feeds_action
    if action == "list" and not paths.store_file(data_dir).exists():
        return print_reply(Reply(stdout=listing([])))
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
