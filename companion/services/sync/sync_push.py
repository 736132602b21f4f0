"""A first one-way push: every person as a vCard 4.0 into the account's chosen address book.

Private by default (issue 14): the notes and what someone is working on or looking for never
leave the machine; interests go as CATEGORIES. Each card keeps its UID and the properties the
app does not manage (``interop.vcard_write``). A new card is written with ``If-None-Match: *``,
a changed one with ``If-Match``; where the server refuses (its copy changed, or a card with that
name exists already) the card is left alone and counted, never overwritten. The href and ETag
of each card written are stored at once, so a round cut short loses nothing already done.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount, SyncedCard, synced_card_id
from companion.i18n import _
from companion.interop.vcard_text import VCardVersion, fold_line
from companion.interop.vcard_write import card_lines
from companion.remote.carddav import put_card
from companion.remote.dav_discovery import DavError, DavProblem
from companion.remote.feed_http import HttpSession
from companion.services.data.exporting import stable_interest_labels
from companion.services.sync.sync_accounts import server_problem_text
from companion.storage.store import Store

_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
#: Problems that stop the round: every later card would fail the same way.
_ROUND_ENDING = frozenset(
    {
        DavProblem.UNREACHABLE,
        DavProblem.TIMEOUT,
        DavProblem.TLS,
        DavProblem.WRONG_LOGIN,
        DavProblem.BAD_ADDRESS,
    }
)


@dataclass(frozen=True, slots=True)
class PushOutcome:
    sent: int = 0
    unchanged: int = 0
    #: Left alone because the server's copy is not the one we knew (412).
    refused: int = 0
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def shared_card(person: Person, *, labels: dict[str, str], revised: datetime) -> list[str]:
    """The card the server gets: the person without their private notes."""
    public = dataclasses.replace(person, notes="", working_on="", looking_for="")
    return card_lines(
        public,
        version=VCardVersion.V4,
        interest_label=lambda slug: labels.get(slug, slug),
        revised=revised,
    )


def card_hash(lines: list[str]) -> str:
    """What identifies a card's content: every line but REV (which changes with every write)."""
    content = "\r\n".join(line for line in lines if not line.startswith("REV:"))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def card_href(account: SyncAccount, person: Person, uid: str) -> str:
    """Where a new card goes: the address book plus a file name made from its UID."""
    name = _UNSAFE_IN_NAME.sub("-", uid).strip("-.")[:100] or person.id
    base = (
        account.address_book if account.address_book.endswith("/") else account.address_book + "/"
    )
    return base + quote(name) + ".vcf"


def push_people(
    store: Store, account: SyncAccount, *, session: HttpSession, now: datetime
) -> PushOutcome:
    """Send every new or changed person to ``account``'s address book; the outcome in numbers."""
    if not account.address_book:
        problem = _("“{name}” has no address book to sync people with.").format(name=account.name)
        _record(store, account, now=now, problem=problem)
        return PushOutcome(problem=problem)
    labels = stable_interest_labels(store)
    known = {
        card.person_id: card for card in store.synced_cards.all() if card.account_id == account.id
    }
    sent = unchanged = refused = 0
    problem = ""
    for person in sorted(store.people, key=lambda person: person.id):
        lines = shared_card(person, labels=labels, revised=now)
        digest = card_hash(lines)
        status = known.get(person.id)
        if status is not None and status.card_hash == digest:
            unchanged += 1
            continue
        uid = next(line[4:] for line in lines if line.startswith("UID:"))
        href = status.href if status is not None else card_href(account, person, uid)
        body = "".join(fold_line(line) for line in lines).encode("utf-8")
        try:
            etag = put_card(session, href, body, etag=status.etag if status else "")
        except DavError as error:
            if error.kind is DavProblem.CHANGED_ON_SERVER:
                refused += 1
                continue
            problem = server_problem_text(account.url, error)
            if error.kind in _ROUND_ENDING:
                break
            continue
        store.synced_cards.put(
            SyncedCard(
                id=synced_card_id(account.id, person.id),
                account_id=account.id,
                person_id=person.id,
                href=href,
                etag=etag,
                card_hash=digest,
                exchanged=now,
            )
        )
        sent += 1
    _record(store, account, now=now, problem=problem)
    return PushOutcome(sent=sent, unchanged=unchanged, refused=refused, problem=problem)


def _record(store: Store, account: SyncAccount, *, now: datetime, problem: str) -> None:
    base = store.sync_accounts.get(account.id) or account
    if problem:
        store.sync_accounts.put(dataclasses.replace(base, last_error=problem))
    else:
        store.sync_accounts.put(dataclasses.replace(base, last_sync=now, last_error=""))
