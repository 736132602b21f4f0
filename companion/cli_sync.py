"""``companion sync …``: add a CardDAV/CalDAV account, list the accounts, remove one, and
``companion sync [NAME]``: one round with every account or the named one.

``sync_reply`` does the work on an open store and returns what to print. While the app is
running it alone may write the store: a round is forwarded to it (as ``feeds refresh`` is);
the account commands are refused with a "close it first" message.
Exit status: 0 done, 1 a server is unreachable or refuses (named; nothing lost), 2 bad input.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.cli_sync_texts import added_text, calendar_lines, listing
from companion.cli_sync_upkeep import UPKEEP_ACTIONS, add_upkeep_parsers
from companion.i18n import _
from companion.services.instance.instance_messages import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    Reply,
    instance_lock_file,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from companion.services.changes import ChangeSet
    from companion.services.sync.sync_accounts import Discover
    from companion.storage.store import Store

PASSWORD_ENV = "COMPANION_SYNC_PASSWORD"
#: The hidden action ``companion sync [NAME]`` stands for.
RUN = "run"
_ACTIONS = frozenset({"add", "list", "remove", "allow-deletes", "calendars", RUN}) | UPKEEP_ACTIONS
#: Options of the whole program that take a value (so "sync" after them is no command).
_VALUED_OPTIONS = frozenset({"--data-dir", "--locale"})


def sync_arguments(arguments: Sequence[str]) -> list[str]:
    """``sync NAME`` as ``sync run NAME``, so argparse takes NAME for an account, not an action."""
    found = list(arguments)
    for index, argument in enumerate(found):
        if argument.startswith("-"):
            continue
        if index and found[index - 1] in _VALUED_OPTIONS:
            continue
        if argument != "sync":
            return found
        following = found[index + 1] if index + 1 < len(found) else ""
        if following and not following.startswith("-") and following not in _ACTIONS:
            found.insert(index + 1, RUN)
        return found
    return found


def add_sync_parser(subcommands: argparse._SubParsersAction[Any]) -> None:
    sync = subcommands.add_parser(
        "sync", help=_("sync people and calendars with a CardDAV/CalDAV server")
    )
    actions = sync.add_subparsers(dest="sync_action", metavar=_("ACTION | NAME"), required=False)
    add = actions.add_parser(
        "add",
        help=_("add a server account (password from COMPANION_SYNC_PASSWORD or asked for)"),
    )
    add.add_argument("name", metavar=_("NAME"))
    add.add_argument("--url", required=True, metavar=_("URL"), help=_("the server's address"))
    add.add_argument("--user", required=True, metavar=_("USER"), help=_("your user name there"))
    add.add_argument(
        "--share-notes",
        action="store_true",
        help=_("also send your private notes, and what people work on and look for"),
    )
    add.add_argument(
        "--no-interests",
        dest="share_interests",
        action="store_false",
        help=_("keep interests and tags here (they go as CATEGORIES by default)"),
    )
    actions.add_parser("list", help=_("show your sync accounts and how their last sync went"))
    remove = actions.add_parser(
        "remove", help=_("forget an account and its password (nothing is deleted)")
    )
    remove.add_argument("name", metavar=_("NAME"))
    allow = actions.add_parser(
        "allow-deletes",
        help=_("let people you delete here be deleted on this account's server too"),
    )
    allow.add_argument("name", metavar=_("NAME"))
    calendars = actions.add_parser(
        "calendars",
        help=_("show the account's calendars, or choose those whose events come in"),
    )
    calendars.add_argument("name", metavar=_("NAME"))
    calendars.add_argument(
        "calendars",
        nargs="*",
        metavar=_("CALENDAR"),
        help=_("a calendar's name or address (none: show them)"),
    )
    calendars.add_argument(
        "--default",
        dest="default_calendars",
        action="store_true",
        help=_("read the default calendars again"),
    )
    run = actions.add_parser(RUN, help=_("one round (the same as: companion sync [NAME])"))
    run.add_argument(
        "name", nargs="?", default="", metavar=_("NAME"), help=_("one account (default: all)")
    )
    add_upkeep_parsers(actions)
    assert set(actions.choices) == _ACTIONS


def sync_reply(
    store: Store,
    *,
    action: str,
    name: str = "",
    url: str = "",
    user: str = "",
    password: str = "",
    now: datetime,
    discover_with: Discover | None = None,
    share_notes: bool = False,
    share_interests: bool = True,
    calendars: Sequence[str] = (),
    default_calendars: bool = False,
) -> tuple[Reply, ChangeSet]:
    """Carry out one ``sync`` action on ``store``: what to print, and what changed."""
    from companion.domain.errors import ValidationError
    from companion.services.changes import ChangeSet
    from companion.services.sync import sync_accounts as service

    try:
        if action == "add":
            account, changes = service.add_account(
                store,
                name,
                url=url,
                user=user,
                password=password,
                now=now,
                discover_with=discover_with or service.discover_over_network,
                share_notes=share_notes,
                share_interests=share_interests,
            )
            return Reply(stdout=added_text(account)), changes
        if action == RUN:
            from companion.services.sync.sync_replies import round_reply

            return round_reply(store, name=name, now=now)
        if action == "calendars":
            return _calendars_reply(store, name, calendars, default=default_calendars)
        if action == "allow-deletes":
            account, changes = service.set_delete_on_server(store, name, allowed=True)
            text = _(
                "People you delete here will now be deleted on “{name}” too, from the next sync."
            ).format(name=account.name)
            return Reply(stdout=text + "\n"), changes
        if action == "remove":
            account, changes = service.remove_account(store, name)
            text = _(
                "Removed the sync account “{name}”; nothing was deleted here or on the server."
            ).format(name=account.name)
            return Reply(stdout=text + "\n"), changes
        return Reply(stdout=listing(service.list_accounts(store))), ChangeSet()
    except ValidationError as error:
        return Reply(exit_code=EXIT_BAD_INPUT, stderr=f"companion: {error.message}\n"), ChangeSet()
    except service.ServerProblem as problem:
        text = _("Sync account “{name}” was not added: {reason}").format(
            name=name.strip(), reason=problem.message
        )
        return Reply(exit_code=EXIT_FAILED, stderr=f"companion: {text}\n"), ChangeSet()


def _calendars_reply(
    store: Store, name: str, wanted: Sequence[str], *, default: bool
) -> tuple[Reply, ChangeSet]:
    """``sync calendars NAME [CALENDAR…]``: the account's calendars, or the ones chosen now.

    A calendar is named by its name on the server (case ignored) or its address.
    """
    from companion.domain.errors import ValidationError
    from companion.domain.sync_accounts import named
    from companion.services.changes import ChangeSet
    from companion.services.sync import sync_accounts as service

    account = service.find_account(store, name)
    changes = ChangeSet()
    if wanted or default:
        chosen: list[str] = []
        for asked in wanted:
            found = named(account.calendars, asked)
            if not found:
                raise ValidationError(
                    _(
                        "“{name}” offers no calendar “{calendar}” (companion sync look-again "
                        "“{name}” asks the server again)."
                    ).format(name=account.name, calendar=asked),
                    field="calendars",
                )
            chosen.extend(found)
        account, changes = service.update_choices(
            store, account.id, chosen_calendars=() if default else tuple(chosen)
        )
    if not account.calendars:
        return Reply(stdout=_("Found no calendar.") + "\n"), changes
    heading = _("Calendars of “{name}”:").format(name=account.name)
    return Reply(stdout="\n".join([heading, *calendar_lines(account)]) + "\n"), changes


def ask_password(user: str, prompt: str = "") -> str | None:
    """``COMPANION_SYNC_PASSWORD``, else ask on the terminal (``prompt``, else one naming
    ``user``); ``None`` when neither works."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(prompt or _("Password for {user}: ").format(user=user))
    except EOFError:
        return None


def _app_running(data_dir: Path) -> bool:
    if not instance_lock_file(data_dir).exists():
        return False
    # Qt (for its lock file) is loaded only when an app may be running, as for ``feeds``.
    from companion.ui.shell.single_instance import instance_running

    return instance_running(data_dir)


def run_sync(data_dir: Path, options: argparse.Namespace) -> int:
    """``companion sync …`` in this process."""
    from companion import paths
    from companion.cli_commands import ask_passphrase, open_session, print_reply
    from companion.services.clock import system_clock

    action = options.sync_action or RUN
    if action == "list" and not paths.store_file(data_dir).exists():
        return print_reply(Reply(stdout=listing([])))
    if action == RUN and _app_running(data_dir):
        forwarded = _forward_round(data_dir, getattr(options, "name", "") or "")
        if forwarded is not None:
            return print_reply(forwarded)
    if action != "list" and _app_running(data_dir):
        message = _(
            "Common Ground is open on this data and alone may change it: "
            "close it, then run this command again."
        )
        return print_reply(Reply(exit_code=EXIT_FAILED, stderr=f"companion: {message}\n"))
    password = ""
    with open_session(data_dir, ask_passphrase, read_only=action == "list") as session:
        if action in ("add", "password"):
            from companion.cli_sync_upkeep import input_mistake

            # A mistyped name or address is said first: no password asked for nothing.
            mistake = input_mistake(session.store, action, options)
            if mistake is not None:
                return print_reply(mistake)
            asked = _ask_new_password(action, options)
            if not asked:
                message = _("No password: set COMPANION_SYNC_PASSWORD or run this in a terminal.")
                return print_reply(
                    Reply(exit_code=EXIT_BAD_INPUT, stderr=f"companion: {message}\n")
                )
            password = asked
        if action in UPKEEP_ACTIONS:
            from companion.cli_sync_upkeep import options_of, upkeep_reply

            reply, _changes = upkeep_reply(
                session.store, action=action, password=password, **options_of(options)
            )
            return print_reply(reply)
        reply, _changes = sync_reply(
            session.store,
            action=action,
            name=getattr(options, "name", ""),
            url=getattr(options, "url", ""),
            user=getattr(options, "user", ""),
            password=password,
            now=system_clock(),
            share_notes=getattr(options, "share_notes", False),
            share_interests=getattr(options, "share_interests", True),
            calendars=getattr(options, "calendars", ()),
            default_calendars=getattr(options, "default_calendars", False),
        )
    return print_reply(reply)


def _ask_new_password(action: str, options: argparse.Namespace) -> str | None:
    from companion.cli_sync_upkeep import new_password_prompt

    if action == "add":
        return ask_password(options.user)
    return ask_password("", new_password_prompt(options.name))


def _forward_round(data_dir: Path, name: str) -> Reply | None:
    """The running app carries out the round; ``None`` when it is not there after all."""
    from companion.cli_forward import forward_until_answered
    from companion.services.instance.instance_messages import Command, Request

    return forward_until_answered(data_dir, Request(command=Command.SYNC, name=name))
