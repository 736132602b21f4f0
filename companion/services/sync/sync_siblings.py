"""Accounts that share one address book: the same server added twice, or a phone's and a
laptop's account on one Nextcloud book, both set up here.

On one address book a person needs one card, whichever account wrote it. So an account does
not write a *new* card for someone another account on the same book has linked already (it
links that card when it reads it), nor for someone whose card the server deleted as seen
through any of them: the phone's delete would otherwise be undone by the account that had not
noticed it yet. Each account still keeps its own link (status row) per person.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount
from companion.storage.store import Store

__all__ = ["SharedBook", "same_book", "shared_book"]


def _book(account: SyncAccount) -> tuple[str, str]:
    # The host as typed and the book's unquoted path: one collection. (Not carddav's href_key:
    # Home asks this on start, before any HTTP module is loaded.)
    parts = urlsplit(account.address_book)
    return parts.netloc.lower(), unquote(parts.path).rstrip("/")


def same_book(account: SyncAccount, other: SyncAccount) -> bool:
    """Whether ``other`` is another account on ``account``'s address book."""
    return (
        other.id != account.id
        and bool(account.address_book and other.address_book)
        and _book(account) == _book(other)
    )


@dataclass(frozen=True, slots=True)
class SharedBook:
    """What the other accounts on this account's address book know."""

    #: The account's name and those of the others on the same book.
    names: frozenset[str] = frozenset()
    #: People another account on the same book has a card for.
    linked: frozenset[str] = frozenset()

    def removed(self, person: Person) -> bool:
        """Whether the server deleted the person's card, as seen through any of the accounts."""
        return bool(self.names.intersection(person.removed_from))


def shared_book(store: Store, account: SyncAccount) -> SharedBook:
    others = [other for other in store.sync_accounts if same_book(account, other)]
    if not others:
        return SharedBook(names=frozenset({account.name}))
    ids = {other.id for other in others}
    return SharedBook(
        names=frozenset({account.name, *(other.name for other in others)}),
        linked=frozenset(
            card.person_id for card in store.synced_cards.all() if card.account_id in ids
        ),
    )
