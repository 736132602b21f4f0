"""One sync round with an account, in three steps so the window never waits on the network.

1. ``plan_round`` (the thread that owns the store; no network): the people's stored documents,
   the stored status of each card, the sync token and the password; nothing is drawn there.
2. ``exchange`` (a worker thread; network only, never the store): the cards to send drawn from
   the plan (``sync_outgoing``), what changed on the server
   (``sync-collection`` with the token, else an ETag listing), the changed cards
   (``addressbook-multiget``), then the local changes sent with ``If-Match``/``If-None-Match``
   and the deletions the user allowed, each with ``If-Match``.
   The pulled cards are read there too (``sync_read``: the vCard reader, the person each makes).
3. ``apply_round`` (the store's thread, one batch): the server's cards come in through the
   import's matching rules, against the store as it is then; conflicts are merged field by
   field, and the status (vdirsyncer's model: per card href, ETag and hash; per account the
   token) is written.

A problem on the way (offline, a wrong password, a server error) ends the exchange; what was
done before it is still applied, so nothing is lost and nothing is sent twice.
``run_round_here`` does all three in one thread, for the command line.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from companion.domain.interests import Interest
from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount, SyncedCard
from companion.i18n import _, ngettext
from companion.remote.carddav import FetchedCard
from companion.remote.dav_discovery import new_dav_session
from companion.services.changes import ChangeSet
from companion.services.data.exporting import stable_interest_labels
from companion.services.people.people_matching import PeopleIndex
from companion.services.profile.interests import all_interests
from companion.services.sync.sync_accounts import (
    ServerProblem,
    SyncAccountNotFound,
    find_account,
    list_accounts,
    password_of,
)
from companion.services.sync.sync_categories import card_categorizer, shown_interest_labels
from companion.services.sync.sync_read import ReadCard, read_cards
from companion.services.sync.sync_siblings import SharedBook, shared_book
from companion.storage.codec import from_document
from companion.storage.repositories import SYNCED_CARDS_TABLE
from companion.storage.store import Store

if TYPE_CHECKING:
    from companion.services.sync.sync_calendar import CalendarExchange, CalendarPlan


__all__ = [
    "OutgoingCard",
    "PendingDelete",
    "RoundExchange",
    "RoundPlan",
    "RoundSummary",
    "SentCard",
    "SyncAccountNotFound",
    "accounts_to_sync",
    "apply_round",
    "exchange",
    "plan_round",
    "run_round_here",
    "warm_up",
]


@dataclass(frozen=True, slots=True)
class OutgoingCard:
    """A person's card to send: new (no ``etag``) or replacing the version ``etag``."""

    person_id: str
    href: str
    etag: str
    body: bytes = field(repr=False)
    card_hash: str
    #: The person's synced fields as sent (the next merge's common ancestor).
    base: tuple[str, ...]
    server_lines: tuple[str, ...]
    card_version: str
    uid: str
    person_hash: str = ""


@dataclass(frozen=True, slots=True)
class PendingDelete:
    """A person deleted here whose card the user allowed us to delete on the server."""

    person_id: str
    href: str
    etag: str


@dataclass(frozen=True, slots=True)
class SentCard:
    card: OutgoingCard
    etag: str
    #: Not sent: the server has this card as drawn already, only the person's fingerprint moved
    #: (a field the card is not made from, e.g. one a newer version added). Its status row is
    #: written with the new fingerprint so later rounds skip the person again.
    unchanged: bool = False


@dataclass(frozen=True, slots=True)
class RoundPlan:
    """Everything the exchange needs, read from the store on its own thread."""

    account: SyncAccount
    password: str = field(repr=False)
    outgoing: tuple[OutgoingCard, ...] = ()
    #: Cards the server has as drawn whose status rows get the person's new fingerprint.
    refreshed: tuple[OutgoingCard, ...] = ()
    status: tuple[SyncedCard, ...] = ()
    deletes: tuple[PendingDelete, ...] = ()
    #: People deleted here whose cards stay on the server until the user allows deleting.
    kept_on_server: int = 0
    token: str = ""
    #: The calendar side's plan (``services/sync/sync_calendar.py``), when there is one.
    calendar: CalendarPlan | None = None
    #: Set when the round cannot start (no address book, the password lost): no network then.
    problem: str = ""
    #: Every interest as the store had them: the exchange reads the cards' CATEGORIES with them.
    interests: tuple[Interest, ...] = field(default=(), repr=False)
    #: The people's stored documents (never changed in place) and the versions of the people
    #: and status tables then: the exchange builds the matcher from them off the GUI thread.
    people: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)
    people_version: object = field(default=None, repr=False, compare=False)
    cards_version: object = field(default=None, repr=False, compare=False)
    #: ``outgoing`` is drawn by the exchange (``sync_outgoing.draw_cards``), off the GUI
    #: thread, from ``people`` and ``status`` with ``labels`` as of ``now``.
    drawn: bool = False
    #: Interest labels for the fingerprint (stable: English) and as the card shows them (the
    #: user's language): a change of language alone re-sends nobody.
    labels: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    shown: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    #: What other accounts on the same address book know (no new card for people they linked,
    #: none for people whose card the server deleted through any of them).
    shared: SharedBook = field(default_factory=SharedBook, repr=False, compare=False)
    now: datetime | None = None


@dataclass(frozen=True, slots=True)
class RoundExchange:
    """What the server said and what was sent; ``problem`` ends the round where it happened."""

    plan: RoundPlan
    pulled: tuple[FetchedCard, ...] = ()
    removed: tuple[str, ...] = ()
    sent: tuple[SentCard, ...] = ()
    #: Person ids whose write the server refused (its copy changed since): merged next round.
    refused: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    token: str = ""
    #: The listing came complete and the token is worth keeping.
    complete: bool = False
    problem: str = ""
    offline: bool = False
    calendar: CalendarExchange | None = None
    #: ``pulled`` read on the worker thread, card for card (empty: ``apply_round`` reads them).
    read: tuple[ReadCard, ...] = field(default=(), repr=False)
    #: The matcher over the plan's people, built on the worker; taken by the first slice
    #: applied (``sync_apply``) if the store is still as planned.
    matcher: list[Any] = field(default_factory=list, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class RoundSummary:
    account_name: str
    people_in: int = 0
    people_out: int = 0
    conflicts: tuple[str, ...] = ()
    removed_on_server: int = 0
    events_in: int = 0
    tasks_out: int = 0
    promises_kept: int = 0
    problem: str = ""
    offline: bool = False
    #: New people that may be someone already here (for the duplicates review).
    possible_duplicates: tuple[str, ...] = ()
    #: People deleted here whose cards stay on the server until deleting is allowed.
    kept_on_server: int = 0
    deleted_on_server: int = 0
    #: False when the account has no address book chosen: its people are not synced at all.
    address_book_chosen: bool = True

    def moved_anything(self) -> bool:
        """Whether the round changed anything on either side."""
        return any(
            (
                self.people_in,
                self.people_out,
                self.conflicts,
                self.removed_on_server,
                self.deleted_on_server,
                self.events_in,
                self.tasks_out,
                self.promises_kept,
            )
        )

    def text(self) -> str:
        """ "Phone: 3 in, 2 out, 1 conflict" (and the calendar's figures when there are any)."""
        parts = [
            _("{count} in").format(count=self.people_in),
            _("{count} out").format(count=self.people_out),
        ]
        if self.conflicts:
            parts.append(
                ngettext("{count} conflict", "{count} conflicts", len(self.conflicts)).format(
                    count=len(self.conflicts)
                )
            )
        if self.removed_on_server:
            parts.append(
                ngettext(
                    "{count} removed on the server",
                    "{count} removed on the server",
                    self.removed_on_server,
                ).format(count=self.removed_on_server)
            )
        if self.deleted_on_server:
            parts.append(
                ngettext(
                    "{count} deleted there too", "{count} deleted there too", self.deleted_on_server
                ).format(count=self.deleted_on_server)
            )
        if self.events_in:
            parts.append(
                ngettext("{count} event in", "{count} events in", self.events_in).format(
                    count=self.events_in
                )
            )
        if self.tasks_out:
            parts.append(
                ngettext("{count} task out", "{count} tasks out", self.tasks_out).format(
                    count=self.tasks_out
                )
            )
        if self.promises_kept:
            parts.append(
                ngettext(
                    "{count} promise kept", "{count} promises kept", self.promises_kept
                ).format(count=self.promises_kept)
            )
        return f"{self.account_name}: {', '.join(parts)}"


def accounts_to_sync(store: Store, name: str | None) -> list[SyncAccount]:
    """Every account, or the one called ``name`` (``SyncAccountNotFound`` if none is)."""
    if name is None or not name.strip():
        return list_accounts(store)
    return [find_account(store, name)]


def _calendar() -> Any:
    # The calendar side (sync-calendar) may not be there yet; the people round runs without it.
    if importlib.util.find_spec("companion.services.sync.sync_calendar") is None:
        return None
    return importlib.import_module("companion.services.sync.sync_calendar")


def warm_up() -> None:
    """Import what a round imports on its first run (a worker thread calls this beforehand)."""
    _calendar()
    importlib.import_module("companion.services.sync.sync_exchange")
    importlib.import_module("companion.services.sync.sync_outgoing")
    importlib.import_module("companion.services.sync.sync_apply")


def plan_round(store: Store, account: SyncAccount, *, now: datetime) -> RoundPlan:
    """What this round will send and what it knows; reads the store, opens no socket."""
    account = store.sync_accounts.get(account.id) or account
    try:
        password = password_of(account)
    except ServerProblem as problem:
        return RoundPlan(account=account, password="", problem=problem.message)
    calendar_module = _calendar()
    calendar = (
        calendar_module.plan_calendar(store, account, now=now)
        if calendar_module is not None
        else None
    )
    status = tuple(card for card in store.synced_cards.all() if card.account_id == account.id)
    if not account.address_book:
        return RoundPlan(account=account, password=password, calendar=calendar)
    # The cards are drawn by the exchange (``sync_outgoing``), off the GUI thread, from these
    # documents: fingerprinting 10,000 people, or drawing 9,000 new cards (1.4 s), stalled it.
    documents = store.people.documents()
    gone = [card for card in status if card.person_id not in store.people]
    allowed = account.delete_on_server is True
    return RoundPlan(
        account=account,
        password=password,
        interests=tuple(all_interests(store)),
        people=documents,
        people_version=store.table_version("people"),
        cards_version=store.table_version(SYNCED_CARDS_TABLE),
        status=status,
        deletes=tuple(
            PendingDelete(person_id=card.person_id, href=card.href, etag=card.etag)
            for card in gone
            if allowed
        ),
        kept_on_server=0 if allowed or account.delete_on_server is False else len(gone),
        token=account.sync_token,
        calendar=calendar,
        labels=dict(stable_interest_labels(store)),
        shown=shown_interest_labels(store),
        shared=shared_book(store, account),
        now=now,
    )


def exchange(plan: RoundPlan) -> RoundExchange:
    """Talk to the server (a worker thread may run this; it never touches the store)."""
    if plan.problem:
        return RoundExchange(plan=plan, problem=plan.problem)
    account = plan.account
    from companion.services.sync.sync_exchange import Progress, exchange_cards
    from companion.services.sync.sync_outgoing import draw_cards

    plan = draw_cards(plan)
    session = new_dav_session(account.user, plan.password)
    try:
        result = exchange_cards(plan, session) if account.address_book else Progress(plan)
        calendar_module = _calendar()
        if plan.calendar is not None and calendar_module is not None and not result.problem:
            result.calendar = calendar_module.exchange_calendar(plan.calendar, session)
    finally:
        session.close()
    # Reading the cards needs no store: done here, so the GUI thread only matches and writes.
    done = result.done()
    read = read_cards(done.pulled, card_categorizer(plan.interests))
    matcher: list[Any] = []
    if any(card.person is not None for card in read) and plan.people:
        # Reading every person for matching is most of a first round's apply with many here.
        linked = {card.person_id for card in plan.status}
        matcher.append(
            PeopleIndex(
                from_document(Person, document)
                for key, document in plan.people.items()
                if key not in linked
            )
        )
    return dataclasses.replace(done, read=read, matcher=matcher)


def apply_round(
    store: Store, exchanged: RoundExchange, *, now: datetime
) -> tuple[RoundSummary, ChangeSet]:
    """Write what the exchange brought and did, in one batch; records last sync or error."""
    from companion.services.sync.sync_apply import apply_cards

    return apply_cards(store, exchanged, now=now)


def run_round_here(
    store: Store, account: SyncAccount, *, now: datetime
) -> tuple[RoundSummary, ChangeSet]:
    """One round in this thread (the command line). A conflict merged here goes out at once."""
    summary, changes = apply_round(store, exchange(plan_round(store, account, now=now)), now=now)
    if summary.problem or not (summary.conflicts or summary.people_in):
        return summary, changes
    # What a merge kept of ours is sent in a short second pass, so the server agrees now.
    again, more = apply_round(store, exchange(plan_round(store, account, now=now)), now=now)
    return (
        RoundSummary(
            account_name=summary.account_name,
            people_in=summary.people_in + again.people_in,
            people_out=summary.people_out + again.people_out,
            conflicts=summary.conflicts + again.conflicts,
            removed_on_server=summary.removed_on_server + again.removed_on_server,
            events_in=summary.events_in + again.events_in,
            tasks_out=summary.tasks_out + again.tasks_out,
            promises_kept=summary.promises_kept + again.promises_kept,
            problem=again.problem,
            offline=again.offline,
            possible_duplicates=summary.possible_duplicates + again.possible_duplicates,
            kept_on_server=again.kept_on_server,
            deleted_on_server=summary.deleted_on_server + again.deleted_on_server,
        ),
        changes.merged(more),
    )
