"""The network half of a sync round (``sync_round.exchange``): no store, only the server.

The listing (``sync-collection`` with the token, a token-less one when it is refused, an ETag
listing without the report), the changed cards, the local changes written a few at a time, the
allowed deletions, and a last ``sync-collection`` that moves the token past our own writes.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from companion.remote.carddav import (
    FetchedCard,
    Listing,
    SyncTokenRefused,
    changes_since,
    delete_card,
    fetch_cards,
    href_key,
    list_cards,
    put_card,
)
from companion.remote.dav_discovery import DavError, DavProblem, collection_gone
from companion.services.sync.sync_accounts import server_problem_text
from companion.services.sync.sync_held import held_back
from companion.services.sync.sync_round import (
    OutgoingCard,
    RoundExchange,
    RoundPlan,
    SentCard,
)

#: Cards written at once: enough to hide a server's round trip, few enough to be polite.
PARALLEL_WRITES = 4
#: "Locked", "too many requests", "unavailable": a write refused for our other writes at once.
_BUSY = frozenset({423, 429, 503})
#: Problems that mean "not reachable now": the app retries later without a dialog.
OFFLINE = frozenset({DavProblem.UNREACHABLE, DavProblem.TIMEOUT})


if TYPE_CHECKING:
    from companion.services.sync.sync_calendar import CalendarExchange


@dataclass
class Progress:
    plan: RoundPlan
    pulled: list[FetchedCard] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    sent: list[SentCard] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    token: str = ""
    complete: bool = False
    problem: str = ""
    offline: bool = False
    calendar: CalendarExchange | None = None

    def fail(self, error: DavError) -> None:
        self.problem = server_problem_text(self.plan.account.url, error, self.plan.account)
        self.offline = error.kind in OFFLINE

    def done(self) -> RoundExchange:
        return RoundExchange(
            plan=self.plan,
            pulled=tuple(self.pulled),
            removed=tuple(self.removed),
            sent=tuple(self.sent),
            refused=tuple(self.refused),
            deleted=tuple(self.deleted),
            token=self.token,
            complete=self.complete and not self.problem,
            problem=self.problem,
            offline=self.offline,
            calendar=self.calendar,
        )


def _listing(session: Any, book: str, token: str) -> Listing:
    """Changes since ``token``; a refused token asks for all, no sync-collection lists all."""
    try:
        return changes_since(session, book, token)
    except SyncTokenRefused:
        pass
    if token:
        try:
            return changes_since(session, book, "")
        except SyncTokenRefused:
            pass
    return list_cards(session, book)


def exchange_cards(plan: RoundPlan, session: Any) -> Progress:
    progress = Progress(plan)
    book = plan.account.address_book
    known = {href_key(card.href): card for card in plan.status}
    try:
        try:
            listing = _listing(session, book, plan.token)
        except DavError as error:
            # The chosen address book moved or was deleted on the server: named as such.
            named = collection_gone(error, book)
            if named is error:
                raise
            raise named from error
        changed = [
            href
            for href, etag in listing.etags.items()
            if (status := known.get(href_key(href))) is None or status.etag != etag
        ]
        gone = {href_key(href) for href in listing.removed} & set(known)
        if listing.full:
            gone |= set(known) - {href_key(href) for href in listing.etags}
        fetched = fetch_cards(session, book, changed)
        progress.pulled.extend(fetched.cards)
        gone |= {href_key(href) for href in fetched.missing} & set(known)
        progress.removed.extend(known[key].href for key in sorted(gone))
        busy = {href_key(card.href) for card in fetched.cards} | gone
        # A person the server has under another address (the account added again, a card the
        # phone wrote) is linked through the card's UID when applied, never sent a second time.
        pulled_uids = {_uid_in(card.body) for card in fetched.cards} - {""}
        # A card read now that is the same person (email, number): linked, not sent twice.
        held = held_back(plan, fetched.cards)
        again: list[str] = []
        # A card changed on the server too is merged when applied and sent the next pass.
        _send_all(
            session,
            [
                card for card in plan.outgoing
                if href_key(card.href) not in busy
                and (card.etag or card.uid not in pulled_uids)
                and card.person_id not in held
            ],
            progress, again,
        )  # fmt: skip
        written = bool(progress.sent)
        progress.sent.extend(
            SentCard(card=card, etag=card.etag, unchanged=True)
            for card in plan.refreshed
            if href_key(card.href) not in busy
        )
        for pending in plan.deletes:
            if href_key(pending.href) in busy:
                continue
            try:
                delete_card(session, pending.href, etag=pending.etag)
            except DavError as error:
                if error.kind is not DavProblem.CHANGED_ON_SERVER:
                    raise
                again.append(pending.href)
                continue
            progress.deleted.append(pending.person_id)
        if again:
            # Changed on the server between the listing and our write (412): read it now.
            progress.pulled.extend(fetch_cards(session, book, again).cards)
        progress.token = listing.token
        if listing.token and (written or progress.deleted):
            _catch_up(session, progress, listing.token, busy | {href_key(h) for h in again})
        progress.complete = True
    except DavError as error:
        progress.fail(error)
    return progress


def _send_all(
    session: Any, cards: list[OutgoingCard], progress: Progress, again: list[str]
) -> None:
    """PUT ``cards``, a few at a time: a server's round trip, not our work, is the cost.

    Every card written is recorded before the first problem that ends the round is raised.
    """
    stop = threading.Event()
    # A server that refuses a write while another one runs (Xandikos: 423 for 9 of 10 cards
    # sent 4 at a time, each then sent again) gets the rest one at a time.
    busy = threading.Event()
    one_at_a_time = threading.Lock()

    def put(card: OutgoingCard) -> str:
        if not busy.is_set():
            return put_card(session, card.href, card.body, etag=card.etag)
        with one_at_a_time:
            return put_card(session, card.href, card.body, etag=card.etag)

    def send(card: OutgoingCard) -> str | DavError | None:
        if stop.is_set():
            return None
        try:
            return put(card)
        except DavError as error:
            if error.status in _BUSY:
                busy.set()
            elif error.kind is not DavProblem.CHANGED_ON_SERVER:
                stop.set()
            return error

    problem: DavError | None = None
    later: list[OutgoingCard] = []
    with ThreadPoolExecutor(max_workers=PARALLEL_WRITES) as pool:
        for card, result in zip(cards, pool.map(send, cards), strict=True):
            if isinstance(result, DavError) and result.status in _BUSY:
                later.append(card)  # the server is busy with our other writes: one by one
            elif isinstance(result, str):
                progress.sent.append(SentCard(card=card, etag=result))
            elif isinstance(result, DavError):
                if result.kind is DavProblem.CHANGED_ON_SERVER:
                    progress.refused.append(card.person_id)
                    if card.etag:
                        again.append(card.href)
                elif problem is None:
                    problem = result
    if problem is not None:
        raise problem
    for card in later:
        try:
            etag = put_card(session, card.href, card.body, etag=card.etag)
        except DavError as error:
            if error.kind is not DavProblem.CHANGED_ON_SERVER:
                raise
            progress.refused.append(card.person_id)
            if card.etag:
                again.append(card.href)
            continue
        progress.sent.append(SentCard(card=card, etag=etag))


def _catch_up(session: Any, progress: Progress, token: str, seen: set[str]) -> None:
    """Move the token past our own writes without missing anyone else's.

    The changes since the listing's token are our writes, and whatever the phone did
    meanwhile: a card we did not just write as it is now is read too, a removal noted.
    """
    book = progress.plan.account.address_book
    try:
        since = changes_since(session, book, token)
    except SyncTokenRefused:
        return
    ours = {href_key(sent.card.href): sent.etag for sent in progress.sent}
    others = [
        href
        for href, etag in since.etags.items()
        if href_key(href) not in seen and ours.get(href_key(href)) != etag
    ]
    if others:
        progress.pulled.extend(fetch_cards(session, book, others).cards)
    known = {href_key(card.href) for card in progress.plan.status} | set(ours)
    # Our own deletes are in the changes too; they are counted as deleted, not as removed.
    deleted = set(progress.deleted)
    known -= {href_key(gone.href) for gone in progress.plan.deletes if gone.person_id in deleted}
    progress.removed.extend(
        href for href in since.removed if href_key(href) in known and href_key(href) not in seen
    )
    progress.token = since.token or token


def _uid_in(body: bytes) -> str:
    """The ``UID`` of a card's text ("" without one); a folded UID is unfolded."""
    text = body.decode("utf-8", "replace").replace("\r\n ", "").replace("\n ", "")
    for line in text.splitlines():
        name, colon, value = line.partition(":")
        if colon and name.strip().upper() == "UID":
            return value.strip()
    return ""
