"""Sync accounts: add (after discovering what the server offers), list, remove (issue 14).

Adding an account talks to the server first, so a wrong password, a typo in the address or a
web page instead of a CardDAV server is said at once and nothing is stored. The password goes to
the OS keychain when there is a safe one, else into the account record inside the encrypted
store; it is never written anywhere else and never appears in a message.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from companion.domain.errors import ValidationError
from companion.domain.sync_accounts import (
    MAX_ACCOUNTS,
    RESERVED_NAMES,
    Collection,
    SyncAccount,
    check_server_url,
    display_server,
)
from companion.i18n import _
from companion.remote.dav_discovery import DavError, DavProblem, Discovery, discover
from companion.remote.dav_discovery import new_dav_session as _new_session
from companion.services.changes import ChangeSet
from companion.storage import keychain
from companion.storage.store import Store

SYNC_ACCOUNTS_TABLE = "sync_accounts"

#: Asks the server what it offers, given address, user and password (tests pass their own).
Discover = Callable[[str, str, str], Discovery]


class SyncAccountNotFound(ValidationError):
    """No account has that name."""


class ServerProblem(Exception):
    """The server could not be used; ``str(error)`` names the server and the reason in words."""

    def __init__(self, message: str, kind: DavProblem) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind


def discover_over_network(url: str, user: str, password: str) -> Discovery:
    session = _new_session(user, password)
    try:
        return discover(session, url)
    finally:
        session.close()


def list_accounts(store: Store) -> list[SyncAccount]:
    """Every account, by name."""
    return sorted(
        store.sync_accounts.all(), key=lambda account: (account.name.casefold(), account.id)
    )


#: Quotation marks a message puts around a name, in the languages the app speaks and the plain ones.
_QUOTES = "“”„‟‘’‚‛«»‹›\"'"


def find_account(store: Store, name: str) -> SyncAccount:
    """The account called ``name`` (case does not matter); ``SyncAccountNotFound`` if none.

    The messages name accounts in quotes (“Phone”, „Handy“) next to the command to type; a
    name copied with those quotes is the account without them.
    """
    wanted = name.strip().casefold()
    unquoted = wanted.strip(_QUOTES).strip()
    accounts = store.sync_accounts.all()
    for candidate in (wanted, unquoted):
        for account in accounts:
            if account.name.casefold() == candidate:
                return account
    raise SyncAccountNotFound(
        _("There is no sync account called “{name}”.").format(name=name.strip())
    )


def add_account(
    store: Store,
    name: str,
    *,
    url: str,
    user: str,
    password: str,
    now: datetime,
    discover_with: Discover = discover_over_network,
    share_notes: bool = False,
    share_interests: bool = True,
) -> tuple[SyncAccount, ChangeSet]:
    """Check the input, discover the server's address books and calendars, then store it all.

    Raises ``ValidationError`` for bad input and ``ServerProblem`` when the server cannot be
    used; in both cases nothing is stored.
    """
    address = check_server_url(url)
    accounts = store.sync_accounts.all()
    if len(accounts) >= MAX_ACCOUNTS:
        raise ValidationError(
            _("You can add at most {count} sync accounts.").format(count=MAX_ACCOUNTS),
            field="name",
        )
    if any(account.name.casefold() == name.strip().casefold() for account in accounts):
        raise ValidationError(
            _("There is already a sync account called “{name}”.").format(name=name.strip()),
            field="name",
        )
    if name.strip().casefold() in RESERVED_NAMES:
        raise ValidationError(
            _("“{name}” is a word of the sync command; choose another name.").format(
                name=name.strip()
            ),
            field="name",
        )
    if not password:
        raise ValidationError(_("A sync account needs a password."), field="password")
    # Built before the network is asked, so a bad name or user fails without a request.
    account = SyncAccount(
        name=name,
        url=address,
        user=user,
        added=now,
        share_notes=share_notes,
        share_interests=share_interests,
    )
    try:
        found = discover_with(address, account.user, password)
    except DavError as error:
        raise ServerProblem(server_problem_text(address, error), error.kind) from error
    if not found.address_books and not found.calendars:
        raise ServerProblem(
            _("{server} has no address book or calendar for {user}.").format(
                server=display_server(address), user=account.user
            ),
            DavProblem.NOT_DAV,
        )
    books = tuple(Collection(href=book.href, name=book.name) for book in found.address_books)
    calendars = tuple(Collection(href=cal.href, name=cal.name) for cal in found.calendars)
    account = dataclasses.replace(
        account,
        address_books=books,
        address_book=books[0].href if books else "",
        calendars=calendars,
    )
    try:
        keychain.store_sync_password(account.id, password)
        account = dataclasses.replace(account, in_keychain=True)
    except keychain.KeychainUnavailable:
        account = dataclasses.replace(account, stored_password=password)
    store.sync_accounts.put(account)
    return account, ChangeSet(added={SYNC_ACCOUNTS_TABLE: frozenset({account.id})})


def remove_account(store: Store, name: str) -> tuple[SyncAccount, ChangeSet]:
    """Forget the account and its password; nothing on the server or here is deleted."""
    account = find_account(store, name)
    with store.batch():
        store.sync_accounts.remove(account.id)
        for card in store.synced_cards.all():
            if card.account_id == account.id:
                store.synced_cards.remove(card.id)
        for table in (store.synced_calendar_items, store.synced_calendars):
            for row in table.all():
                if row.account_id == account.id:
                    table.remove(row.id)
    if account.in_keychain:
        keychain.delete_sync_password(account.id)
    return account, ChangeSet(removed={SYNC_ACCOUNTS_TABLE: frozenset({account.id})})


def set_delete_on_server(
    store: Store, name: str, *, allowed: bool
) -> tuple[SyncAccount, ChangeSet]:
    """Remember whether people deleted here may delete their cards on this account's server."""
    account = dataclasses.replace(find_account(store, name), delete_on_server=allowed)
    store.sync_accounts.put(account)
    return account, ChangeSet(updated={SYNC_ACCOUNTS_TABLE: frozenset({account.id})})


def update_choices(
    store: Store,
    account_id: str,
    *,
    address_book: str | None = None,
    chosen_calendars: tuple[str, ...] | None = None,
    share_notes: bool | None = None,
    share_interests: bool | None = None,
    delete_on_server: bool | None = None,
) -> tuple[SyncAccount, ChangeSet]:
    """What the user chose for an account (only the arguments given change).

    Only address books and calendars the server offered can be chosen. No calendar chosen
    means the default ones (``calendars_to_read``).
    """
    account = store.sync_accounts.get(account_id)
    if account is None:
        raise SyncAccountNotFound(_("That sync account no longer exists."))
    chosen: dict[str, object] = {}
    if address_book is not None:
        if address_book and address_book not in {book.href for book in account.address_books}:
            raise ValidationError(_("The server offers no such address book."), field="address")
        chosen["address_book"] = address_book
        if address_book != account.address_book:
            # Another address book: its cards are not the old one's. The card status and the
            # token start over, so the first round links the cards by UID, email or phone
            # (nobody doubled) instead of counting every old card as deleted there; and its
            # contacts are not "new from your phone".
            chosen.update(sync_token="", last_sync=None)
    if chosen_calendars is not None:
        promised = [calendar.href for calendar in account.calendars]
        if set(chosen_calendars) - set(promised):
            raise ValidationError(_("The server offers no such calendar."), field="calendars")
        chosen["chosen_calendars"] = tuple(href for href in promised if href in chosen_calendars)
    for name, value in (
        ("share_notes", share_notes),
        ("share_interests", share_interests),
        ("delete_on_server", delete_on_server),
    ):
        if value is not None:
            chosen[name] = value
    moved_book = "sync_token" in chosen
    account = dataclasses.replace(account, **chosen)  # type: ignore[arg-type]
    with store.batch():
        store.sync_accounts.put(account)
        if moved_book:
            for card in store.synced_cards.all():
                if card.account_id == account.id:
                    store.synced_cards.remove(card.id)
    return account, ChangeSet(updated={SYNC_ACCOUNTS_TABLE: frozenset({account.id})})


def accounts_of_person(store: Store, person_id: str) -> list[SyncAccount]:
    """The accounts whose address book holds the person's card (as of the last exchange)."""
    ids = {card.account_id for card in store.synced_cards.all() if card.person_id == person_id}
    return [account for account in list_accounts(store) if account.id in ids]


def password_of(account: SyncAccount) -> str:
    """The account's password, from the keychain or the store; ``ServerProblem`` if it is lost."""
    if not account.in_keychain:
        return account.stored_password
    try:
        password = keychain.load_sync_password(account.id)
    except keychain.KeychainUnavailable:
        password = None
    if not password:
        raise ServerProblem(
            _(
                "The password for “{name}” is no longer in your keychain; "
                "remove the account and add it again."
            ).format(name=account.name),
            DavProblem.WRONG_LOGIN,
        )
    return password


def server_problem_text(url: str, error: DavError, account: SyncAccount | None = None) -> str:
    """What went wrong, naming the server; never the password or the full address.

    With ``account``, a collection that is gone is named by the name it had there.
    """
    server = display_server(url)
    host = urlsplit(url).hostname or server
    if error.kind is DavProblem.COLLECTION_GONE:
        return _collection_gone_text(host, error.location, account)
    if error.kind is DavProblem.WRONG_LOGIN and account is not None:
        # A round of a stored account: the password most likely changed on the server.
        return _(
            "{host} did not accept the user name or password; if it changed, give the new one: "
            "Preferences > Sync > Change Password…, or companion sync password “{name}”."
        ).format(host=host, name=account.name)
    words: dict[DavProblem, Callable[[], str]] = {
        DavProblem.UNREACHABLE: lambda: _("Could not reach {host}.").format(host=host),
        DavProblem.TIMEOUT: lambda: _("{host} did not answer in time.").format(host=host),
        DavProblem.TLS: lambda: _(
            "The secure connection to {host} failed: its certificate could not be verified, "
            "or it does not speak https at this address."
        ).format(host=host),
        DavProblem.WRONG_LOGIN: lambda: _(
            "{host} did not accept the user name or password."
        ).format(host=host),
        DavProblem.NOT_DAV: lambda: _(
            "{server} is no CardDAV or CalDAV server (it answered with a web page or nothing "
            "useful). Check the address: your provider's help names the one for contacts."
        ).format(server=server),
        DavProblem.HTTP_STATUS: lambda: _("{host} refused the request (HTTP {status}).").format(
            host=host, status=error.status
        ),
        DavProblem.OTHER_HOST: lambda: _(
            "{host} sent us on to another server ({location}); add the account with that "
            "address if you trust it."
        ).format(host=host, location=display_server(error.location)),
        DavProblem.TOO_MANY_REDIRECTS: lambda: _(
            "{host} sent us from one address to the next without end."
        ).format(host=host),
        DavProblem.TOO_LARGE: lambda: _("{host} answered with far too much data.").format(
            host=host
        ),
        DavProblem.BAD_ADDRESS: lambda: _("“{server}” is no usable server address.").format(
            server=server
        ),
        DavProblem.CHANGED_ON_SERVER: lambda: _(
            "A card on {host} changed since the last sync; it was left as it is."
        ).format(host=host),
    }
    return words[error.kind]()


def _collection_gone_text(host: str, href: str, account: SyncAccount | None) -> str:
    books = {book.href: book.name for book in account.address_books} if account else {}
    calendars = {calendar.href: calendar.name for calendar in account.calendars} if account else {}
    account_name = account.name if account else ""
    if href in books or (account is not None and href == account.address_book):
        return _(
            "The address book “{collection}” is no longer on {host} (moved or deleted there); "
            "nothing here was changed. Choose one again: Preferences > Sync > Look Again, or "
            "companion sync look-again “{name}”."
        ).format(collection=books.get(href) or display_server(href), host=host, name=account_name)
    return _(
        "The calendar “{collection}” is no longer on {host} (moved or deleted there); nothing "
        "here was changed. Choose again: Preferences > Sync > Look Again, or "
        "companion sync look-again “{name}”."
    ).format(collection=calendars.get(href) or display_server(href), host=host, name=account_name)
