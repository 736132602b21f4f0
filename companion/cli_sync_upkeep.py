"""``companion sync look-again | address-book | password NAME``: keeping an account current.

Looking again asks the server which address books and calendars it offers now (one added
later, one moved or deleted there) and lists them; ``address-book`` chooses the one people
sync with; ``password`` checks a new password with the server before keeping it.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, NoReturn

from companion.cli_sync_texts import collection_lines
from companion.i18n import _
from companion.services.instance.instance_messages import EXIT_BAD_INPUT, EXIT_FAILED, Reply

if TYPE_CHECKING:
    from companion.domain.sync_accounts import SyncAccount
    from companion.services.changes import ChangeSet
    from companion.services.sync.sync_accounts import Discover
    from companion.storage.store import Store

#: The actions this module answers.
UPKEEP_ACTIONS = frozenset({"look-again", "address-book", "password"})


def add_upkeep_parsers(actions: argparse._SubParsersAction[Any]) -> None:
    look = actions.add_parser(
        "look-again",
        help=_("ask the server again for its address books and calendars (added or moved there)"),
    )
    look.add_argument("name", metavar=_("NAME"))
    book = actions.add_parser(
        "address-book",
        help=_("show the account's address books, or choose the one people sync with"),
    )
    book.add_argument("name", metavar=_("NAME"))
    # One choice: a book, or --none (argparse refuses both at once).
    choice = book.add_mutually_exclusive_group()
    choice.add_argument(
        "book", nargs="?", default="", metavar=_("BOOK"), help=_("its name or address")
    )
    choice.add_argument(
        "--none", dest="no_book", action="store_true", help=_("sync no people with this account")
    )
    password = actions.add_parser(
        "password",
        help=_(
            "change the account's password (from COMPANION_SYNC_PASSWORD or asked for); "
            "checked with the server first"
        ),
    )
    password.add_argument("name", metavar=_("NAME"))


def upkeep_reply(
    store: Store,
    *,
    action: str,
    name: str,
    password: str = "",
    book: str = "",
    no_book: bool = False,
    discover_with: Discover | None = None,
) -> tuple[Reply, ChangeSet]:
    """Carry out one of ``UPKEEP_ACTIONS``: what to print, and what changed."""
    from companion.domain.errors import ValidationError
    from companion.services.changes import ChangeSet
    from companion.services.sync import account_upkeep
    from companion.services.sync.sync_accounts import (
        ServerProblem,
        discover_over_network,
        find_account,
    )

    discover = discover_with or discover_over_network
    try:
        if action == "password":
            account, changes = account_upkeep.change_password(
                store, name, password, discover_with=discover
            )
            text = _("The new password for “{name}” works and is kept ({where}).").format(
                name=account.name, where=_where(account)
            )
            return Reply(stdout=text + "\n"), changes
        if action == "look-again":
            looked = account_upkeep.look_again(store, name, discover_with=discover)
            lines = [looked.text(), *collection_lines(looked.account)]
            return Reply(stdout="\n".join(lines) + "\n"), looked.changes
        account = find_account(store, name)
        changes = ChangeSet()
        if book or no_book:
            account, changes = _choose_book(store, account, "" if no_book else book)
        return Reply(stdout="\n".join(collection_lines(account)) + "\n"), changes
    except ValidationError as error:
        return Reply(exit_code=EXIT_BAD_INPUT, stderr=f"companion: {error.message}\n"), ChangeSet()
    except ServerProblem as problem:
        text = (
            _("The password for “{name}” was not changed: {reason}")
            if action == "password"
            else _("Could not look at “{name}” again: {reason}")
        ).format(name=name.strip(), reason=problem.message)
        return Reply(exit_code=EXIT_FAILED, stderr=f"companion: {text}\n"), ChangeSet()


def _choose_book(store: Store, account: SyncAccount, wanted: str) -> tuple[SyncAccount, ChangeSet]:
    from companion.domain.errors import ValidationError
    from companion.domain.sync_accounts import named
    from companion.services.sync.sync_accounts import update_choices

    href = ""
    if wanted:
        found = named(account.address_books, wanted)
        if not found:
            raise ValidationError(
                _(
                    "“{name}” offers no address book “{book}” (companion sync look-again "
                    "“{name}” asks the server again)."
                ).format(name=account.name, book=wanted),
                field="address",
            )
        href = found[0]
    return update_choices(store, account.id, address_book=href)


def _where(account: SyncAccount) -> str:
    return _("in your keychain") if account.in_keychain else _("in your encrypted data")


def options_of(options: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of ``upkeep_reply`` given on the command line."""
    return {
        "name": getattr(options, "name", ""),
        "book": getattr(options, "book", ""),
        "no_book": getattr(options, "no_book", False),
    }


def new_password_prompt(name: str) -> str:
    return _("New password for “{name}”: ").format(name=name)


class _InputChecked(Exception):
    """Raised in place of asking the server: the new account's input passed the checks."""


def input_mistake(store: Store, action: str, options: argparse.Namespace) -> Reply | None:
    """What is wrong with the account named (``password``) or described (``add``), if anything."""
    from companion.domain.errors import ValidationError
    from companion.services.clock import system_clock
    from companion.services.sync.sync_accounts import add_account, find_account

    def stop(*_args: object) -> NoReturn:
        raise _InputChecked

    try:
        if action == "password":
            find_account(store, options.name)
        else:
            # add_account checks the input before it asks the server; stopped there.
            add_account(
                store,
                options.name,
                url=options.url,
                user=options.user,
                password="-",
                now=system_clock(),
                discover_with=stop,
            )
    except ValidationError as error:
        return Reply(exit_code=EXIT_BAD_INPUT, stderr=f"companion: {error.message}\n")
    except _InputChecked:
        pass
    return None
