"""Keeping an account current: looking again at what the server offers, a new password.

Both talk to the server first and change nothing when it cannot be used. Each comes in two
halves so the window asks the server off the GUI thread: the network half (``discover`` with
the account's address and user) and the store half (``take_discovery`` / ``keep_password``);
``look_again`` and ``change_password`` run both in one thread for the command line.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from companion.domain.errors import ValidationError
from companion.domain.sync_accounts import Collection, SyncAccount, display_server
from companion.i18n import _, ngettext
from companion.remote.dav_discovery import DavError, DavProblem, Discovery
from companion.services.changes import ChangeSet
from companion.services.sync.sync_accounts import (
    SYNC_ACCOUNTS_TABLE,
    Discover,
    ServerProblem,
    SyncAccountNotFound,
    discover_over_network,
    find_account,
    password_of,
    server_problem_text,
    update_choices,
)
from companion.storage import keychain
from companion.storage.store import Store


@dataclass(frozen=True, slots=True)
class LookedAgain:
    """What a fresh look found, compared with what the account knew."""

    account: SyncAccount
    changes: ChangeSet
    new: tuple[str, ...] = ()
    gone: tuple[str, ...] = ()
    #: The chosen address book is gone and no other has its name: the user chooses.
    book_gone: bool = False
    #: The chosen address book was found under a new address (the same name) and followed.
    book_moved: bool = False

    def text(self) -> str:
        """In words: what there is now, and what changed."""
        account = self.account
        what = _("{books} and {calendars}").format(
            books=ngettext(
                "{count} address book", "{count} address books", len(account.address_books)
            ).format(count=len(account.address_books)),
            calendars=ngettext(
                "{count} calendar", "{count} calendars", len(account.calendars)
            ).format(count=len(account.calendars)),
        )
        found = _("{server} offers {what}.").format(server=display_server(account.url), what=what)
        lines = [found]
        if self.new:
            lines.append(_("New: {names}.").format(names=", ".join(self.new)))
        if self.gone:
            lines.append(_("No longer there: {names}.").format(names=", ".join(self.gone)))
        if self.book_moved:
            lines.append(_("Your address book moved on the server; sync follows it."))
        if self.book_gone:
            lines.append(
                _("The address book you chose is gone: choose another, or none.")
                if account.address_books
                else _("There is no address book any more: people are not synced.")
            )
        return " ".join(lines)


def _label(collection: Collection) -> str:
    return collection.name or display_server(collection.href)


def take_discovery(store: Store, account_id: str, found: Discovery) -> LookedAgain:
    """Store what the server offers now; keep the choices that are still there.

    A chosen calendar that is gone is no longer chosen (none left: the default ones). A chosen
    address book that is gone is followed to one of the same name at a new address, else
    none is chosen (people are not synced) until the user chooses: another book is another
    set of cards, which the user should choose knowingly.
    """
    account = store.sync_accounts.get(account_id)
    if account is None:
        raise SyncAccountNotFound(_("That sync account no longer exists."))
    books = tuple(Collection(href=book.href, name=book.name) for book in found.address_books)
    calendars = tuple(Collection(href=cal.href, name=cal.name) for cal in found.calendars)
    before = {*account.address_books, *account.calendars}
    after = {*books, *calendars}
    chosen_book = account.address_book
    book_gone = book_moved = False
    if chosen_book and chosen_book not in {book.href for book in books}:
        old_name = next(
            (book.name for book in account.address_books if book.href == chosen_book), ""
        )
        same_name = [book.href for book in books if old_name and book.name == old_name]
        if len(same_name) == 1:
            chosen_book, book_moved = same_name[0], True
        else:
            chosen_book, book_gone = "", True
    # A book that moved is said once, as moved: not also as new and as no longer there.
    moved = {account.address_book, chosen_book} if book_moved else set()
    hrefs_before = {collection.href for collection in before} | moved
    hrefs_after = {collection.href for collection in after} | moved
    new = tuple(_label(c) for c in (*books, *calendars) if c.href not in hrefs_before)
    gone = tuple(
        _label(c) for c in (*account.address_books, *account.calendars) if c.href not in hrefs_after
    )
    refreshed = dataclasses.replace(
        account,
        address_books=books,
        calendars=calendars,
        chosen_calendars=tuple(
            href for href in account.chosen_calendars if href in {c.href for c in calendars}
        ),
        # The problem a round noted (a collection gone) is answered by this look.
        last_error=""
        if account.last_error and (book_gone or book_moved or gone)
        else account.last_error,
    )
    store.sync_accounts.put(refreshed)
    updated, changes = update_choices(store, account.id, address_book=chosen_book)
    return LookedAgain(
        account=updated,
        changes=changes.merged(ChangeSet(updated={SYNC_ACCOUNTS_TABLE: frozenset({account.id})})),
        new=new,
        gone=gone,
        book_gone=book_gone,
        book_moved=book_moved,
    )


def ask_server(account: SyncAccount, password: str, discover_with: Discover) -> Discovery:
    """The network half: what the server offers this account's user with ``password``.

    ``ServerProblem`` (in words) when the server cannot be used or refuses the password.
    """
    try:
        found = discover_with(account.url, account.user, password)
    except DavError as error:
        raise ServerProblem(server_problem_text(account.url, error), error.kind) from error
    if not found.address_books and not found.calendars:
        raise ServerProblem(
            _("{server} has no address book or calendar for {user}.").format(
                server=display_server(account.url), user=account.user
            ),
            DavProblem.NOT_DAV,
        )
    return found


def look_again(
    store: Store, name: str, *, discover_with: Discover = discover_over_network
) -> LookedAgain:
    """Ask the account's server again what it offers (the command line: one thread)."""
    account = find_account(store, name)
    found = ask_server(account, password_of(account), discover_with)
    return take_discovery(store, account.id, found)


def keep_password(store: Store, account_id: str, password: str) -> tuple[SyncAccount, ChangeSet]:
    """Store a password the server accepted where the old one was (keychain or the record).

    A keychain that is gone meanwhile leaves it in the record, inside the encrypted store.
    """
    account = store.sync_accounts.get(account_id)
    if account is None:
        raise SyncAccountNotFound(_("That sync account no longer exists."))
    if not password:
        raise ValidationError(_("A sync account needs a password."), field="password")
    updated = account
    if account.in_keychain:
        try:
            keychain.store_sync_password(account.id, password)
        except keychain.KeychainUnavailable:
            updated = dataclasses.replace(account, in_keychain=False, stored_password=password)
    else:
        updated = dataclasses.replace(account, stored_password=password)
    if updated.last_error:
        # The last problem was most likely this password; the next round says if not.
        updated = dataclasses.replace(updated, last_error="")
    store.sync_accounts.put(updated)
    return updated, ChangeSet(updated={SYNC_ACCOUNTS_TABLE: frozenset({account.id})})


def change_password(
    store: Store, name: str, password: str, *, discover_with: Discover = discover_over_network
) -> tuple[SyncAccount, ChangeSet]:
    """Check ``password`` with the server, then keep it; refused: ``ServerProblem``, the old
    one stays."""
    account = find_account(store, name)
    if not password:
        raise ValidationError(_("A sync account needs a password."), field="password")
    ask_server(account, password, discover_with)
    return keep_password(store, account.id, password)
