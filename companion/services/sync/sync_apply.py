"""Writing a round's result into the store, in one batch (the store's own thread).

A server card is a person here through its link (the card's address in the status) first, then
the import's matching rules: the card's UID (our own id, or a UID imported before), the same
email, the same E.164 number with a compatible name; never a name alone. A card nobody matches
for certain is added, and one that may be someone already here is listed for the duplicates
review, as an import does. A card the server deleted never deletes the person: the link goes
and the person shows "removed from <account>".
"""

from __future__ import annotations

import contextlib
import dataclasses
import weakref
from dataclasses import dataclass
from datetime import datetime

from companion.domain.errors import ValidationError
from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount, SyncedCard, synced_card_id
from companion.i18n import _
from companion.i18n.formats import format_date
from companion.interop.vcard_details import card_details_filled
from companion.remote.carddav import FetchedCard, href_key
from companion.services.changes import ChangeSet
from companion.services.data.exporting import stable_interest_labels
from companion.services.people.contact_merge import merge_imported, refreshes
from companion.services.people.people_import import Categorize
from companion.services.people.people_matching import PeopleIndex
from companion.services.profile.interests import all_interests
from companion.services.sync.card_times import card_made_at
from companion.services.sync.sync_accounts import SYNC_ACCOUNTS_TABLE
from companion.services.sync.sync_cards import (
    field_values,
    fields_of_status,
    fingerprint,
    foreign_lines,
    merged,
    render,
    round_context,
    stored_fields,
    synced_fields,
    with_history,
    with_server_fields,
)
from companion.services.sync.sync_categories import card_categorizer, shown_interest_labels
from companion.services.sync.sync_read import ReadCard, read_card
from companion.services.sync.sync_round import RoundExchange, RoundSummary
from companion.storage.repositories import SYNCED_CARDS_TABLE
from companion.storage.store import Store

PEOPLE = "people"


@dataclass
class _Known:
    """What a slice knew when it was written: the next slice of the same round (the same plan)
    starts from it when nothing but that slice's own writes changed the people and the card
    status since, so the slices together match as one batch would.

    Building both reads every person and every status row: with 10,000 people here that is
    most of a slice's time, so the window's slices would each stall it for a second.
    """

    plan: object
    people_version: object
    cards_version: object
    status: dict[str, SyncedCard]
    index: PeopleIndex | None


#: Per store (held weakly) and account: what the last slice written knew.
_LAST: weakref.WeakKeyDictionary[Store, dict[str, _Known]] = weakref.WeakKeyDictionary()


def _versions(store: Store) -> tuple[object, object]:
    return store.table_version(PEOPLE), store.table_version(SYNCED_CARDS_TABLE)


def _known_before(store: Store, account_id: str, plan: object) -> _Known | None:
    """The last slice's knowledge if the store is as that slice left it (taken: a slice that
    fails half-way must not hand on what it changed in it)."""
    known = _LAST.get(store, {}).pop(account_id, None)
    if known is None or known.plan is not plan:
        return None
    people_version, cards_version = _versions(store)
    if known.people_version is not people_version or known.cards_version is not cards_version:
        return None  # the user (or another round) changed people meanwhile: read again
    return known


class _Applying:
    def __init__(
        self, store: Store, account: SyncAccount, now: datetime, known: _Known | None = None
    ) -> None:
        self.store = store
        self.account = account
        self.now = now
        # The card says what the user sees; the fingerprint's context stays the same whatever
        # the app's language, so switching it does not make every person look changed.
        self.labels = shown_interest_labels(store)
        self.names = synced_fields(account)
        self.context = round_context(account, stable_interest_labels(store))
        self._categorize: Categorize | None = None
        self.status = (
            known.status
            if known is not None
            else {
                href_key(card.href): card
                for card in store.synced_cards.all()
                if card.account_id == account.id
            }
        )
        self.people: dict[str, Person] = {}
        self.added: set[str] = set()
        self.updated: set[str] = set()
        self.pulled_in = 0
        self.conflicts: list[str] = []
        self.possible: list[str] = []
        self.problems: list[str] = []
        self.cards: list[SyncedCard] = []
        self.dropped: list[str] = []
        self._index: PeopleIndex | None = known.index if known is not None else None

    def categorize(self, labels: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        # Built on the first card read: a round that brings none need not build the matcher.
        if self._categorize is None:
            self._categorize = card_categorizer(all_interests(self.store))
        return self._categorize(labels)

    def person(self, person_id: str) -> Person | None:
        return self.people.get(person_id) or self.store.people.get(person_id)

    def keep(self, person: Person, *, new: bool = False) -> None:
        self.people[person.id] = person
        (self.added if new or person.id in self.added else self.updated).add(person.id)
        if self._index is not None:
            self._index.add(person)

    def link(self, person: Person, incoming: Person, card: FetchedCard, lines: list[str]) -> None:
        """Record that ``person`` is this card, as the server has it now."""
        server_view = with_server_fields(person, incoming, self.names)
        fresh = SyncedCard(
            id=synced_card_id(self.account.id, person.id),
            account_id=self.account.id,
            person_id=person.id,
            href=card.href,
            etag=card.etag,
            base=stored_fields(field_values(incoming, self.names)),
            card_version="3.0" if _version(lines) == "3.0" else "",
            uid=incoming.uid or person.uid,
            exchanged=self.now,
        )
        ours = render(incoming, self.account, fresh, labels=self.labels, now=self.now).lines
        fresh = dataclasses.replace(fresh, server_lines=foreign_lines(lines, ours))
        digest = render(server_view, self.account, fresh, labels=self.labels, now=self.now).digest
        # Where a merge kept something of ours, the person's card differs: drawn next round.
        ours_now = render(person, self.account, fresh, labels=self.labels, now=self.now).digest
        agreed = ours_now == digest
        self.cards.append(
            dataclasses.replace(
                fresh,
                card_hash=digest,
                person_hash=fingerprint(person, self.context) if agreed else "",
            )
        )

    def index(self) -> PeopleIndex:
        if self._index is None:
            linked = {card.person_id for card in self.status.values()}
            self._index = PeopleIndex(
                person for person in self.store.people if person.id not in linked
            )
        return self._index

    def pull(self, card: FetchedCard, read: ReadCard | None = None) -> None:
        if read is None:  # not read by the exchange (an older caller): read it here
            read = read_card(card.body, self.categorize)
        if read.group:
            # A contact group (vCard 4 KIND:group, Apple's group cards): no one to add here;
            # the card is left as it is on the server.
            return
        if read.problem or read.contact is None or read.person is None:
            self.problems.append(read.problem)
            return
        contact, incoming, lines = read.contact, read.person, list(read.lines)
        known = self.status.get(href_key(card.href))
        if known is not None:
            local = self.person(known.person_id)
            if local is None:
                # Deleted here and waiting to be deleted there: only the version moves on.
                self.cards.append(dataclasses.replace(known, etag=card.etag))
                return
            self.pull_linked(known, local, incoming, card, lines)
            return
        found = self.index().find(incoming, record_id=contact.record_id)
        if found is not None and found.certain:
            target = self.person(found.person.id) or found.person
            refresh = refreshes(target, incoming)
            person = card_details_filled(
                merge_imported(target, incoming, refresh=refresh), incoming
            )
            person = _not_removed(person, self.account.name)
            if person == target:
                # Linked again (the account added anew): nothing changes here, nothing "in".
                self.link(person, incoming, card, lines)
                return
        else:
            person = incoming
            if person.id in self.store.people or person.id in self.people:
                person = dataclasses.replace(incoming, id=Person(name=incoming.name).id)
            if found is not None:
                self.possible.append(
                    _("“{name}”: {reason}").format(name=person.name, reason=found.reason)
                )
            if self.account.last_sync is not None:
                # Added on the phone since the last round (the first round brings the whole
                # address book, nobody new): Home offers "Met at <the event of that day>".
                person = dataclasses.replace(
                    person,
                    arrived_from=self.account.id,
                    arrived_on=self.now.astimezone().date(),
                    # Met when the phone made the card, not when it came in here.
                    added_on_phone=card_made_at(lines, arrived=self.now),
                )
        self.keep(person, new=found is None or not found.certain)
        self.pulled_in += 1
        self.link(person, incoming, card, lines)

    def pull_linked(
        self,
        known: SyncedCard,
        local: Person,
        incoming: Person,
        card: FetchedCard,
        lines: list[str],
    ) -> None:
        ours_now = render(local, self.account, known, labels=self.labels, now=self.now)
        changed_here = ours_now.digest != known.card_hash
        base = fields_of_status(known) if changed_here else field_values(local, self.names)
        person, conflicts = merged(local, incoming, base=base, names=self.names)
        if conflicts:
            self.conflicts.append(person.name)
            # When the notes are full the local values stay and the note is left out.
            with contextlib.suppress(ValidationError):
                person = with_history(
                    person,
                    conflicts,
                    account=self.account.name,
                    on=format_date(self.now.date()),
                )
        if person != local:
            self.keep(person)
            self.pulled_in += 1
        self.link(person, incoming, card, lines)

    def remove(self, href: str) -> None:
        known = self.status.get(href_key(href))
        if known is None:
            return
        self.dropped.append(known.id)
        person = self.person(known.person_id)
        if person is not None and self.account.name not in person.removed_from:
            self.keep(
                dataclasses.replace(person, removed_from=(*person.removed_from, self.account.name))
            )


def apply_cards(
    store: Store, exchanged: RoundExchange, *, now: datetime
) -> tuple[RoundSummary, ChangeSet]:
    plan = exchanged.plan
    account = store.sync_accounts.get(plan.account.id)
    if account is None:
        # Removed while the exchange ran: nothing of it is kept (its status went with it).
        return RoundSummary(account_name=plan.account.name), ChangeSet()
    known = _known_before(store, account.id, plan) or _planned(store, exchanged)
    applying = _Applying(store, account, now, known)
    for sent in exchanged.sent:
        outgoing = sent.card
        applying.cards.append(
            SyncedCard(
                id=synced_card_id(account.id, outgoing.person_id),
                account_id=account.id,
                person_id=outgoing.person_id,
                href=outgoing.href,
                etag=sent.etag,
                card_hash=outgoing.card_hash,
                exchanged=now,
                base=outgoing.base,
                server_lines=outgoing.server_lines,
                card_version=outgoing.card_version,
                uid=outgoing.uid,
                person_hash=outgoing.person_hash,
            )
        )
    # What was sent is the server's state now: a pulled card of the same person comes later.
    applying.status.update({href_key(card.href): card for card in applying.cards})
    for person_id in exchanged.deleted:
        applying.dropped.append(synced_card_id(account.id, person_id))
    for href in exchanged.removed:
        applying.remove(href)
    read = exchanged.read if len(exchanged.read) == len(exchanged.pulled) else ()
    for number, card in enumerate(exchanged.pulled):
        applying.pull(card, read[number] if read else None)
    calendar_changes = ChangeSet()
    calendar_outcome = None
    if exchanged.calendar is not None:
        from companion.services.sync.sync_round import _calendar

        module = _calendar()
        if module is not None:
            calendar_outcome = module.apply_calendar(store, exchanged.calendar, now=now)
            calendar_changes = calendar_outcome.changes
    problem = exchanged.problem or (calendar_outcome.problem if calendar_outcome else "")
    if not problem and applying.problems:
        problem = applying.problems[0]
    with store.batch():
        store.people.put_many(list(applying.people.values()))
        dropped = set(applying.dropped)
        store.synced_cards.put_many([card for card in applying.cards if card.id not in dropped])
        for key in dropped:
            store.synced_cards.remove(key)
        if exchanged.problem:
            record = dataclasses.replace(account, last_error=exchanged.problem)
        else:
            record = dataclasses.replace(account, last_sync=now, last_error=problem)
        if exchanged.complete:
            record = dataclasses.replace(record, sync_token=exchanged.token)
        store.sync_accounts.put(record)
    summary = RoundSummary(
        account_name=account.name,
        people_in=applying.pulled_in,
        people_out=sum(not sent.unchanged for sent in exchanged.sent),
        conflicts=tuple(applying.conflicts),
        removed_on_server=len(exchanged.removed),
        events_in=getattr(calendar_outcome, "events_in", 0),
        tasks_out=getattr(calendar_outcome, "tasks_out", 0),
        promises_kept=getattr(calendar_outcome, "promises_kept", 0),
        problem=problem,
        offline=exchanged.offline or getattr(calendar_outcome, "offline", False),
        possible_duplicates=tuple(applying.possible),
        kept_on_server=plan.kept_on_server,
        deleted_on_server=len(exchanged.deleted),
        address_book_chosen=bool(plan.account.address_book),
    )
    changes = ChangeSet(
        added={PEOPLE: frozenset(applying.added)} if applying.added else {},
        updated={
            PEOPLE: frozenset(applying.updated - applying.added),
            SYNC_ACCOUNTS_TABLE: frozenset({account.id}),
        },
    )
    if not (exchanged.complete or exchanged.problem or exchanged.offline):
        _hand_on(store, account.id, plan, applying, dropped)  # more slices of this round follow
    return summary, changes.merged(calendar_changes)


def _planned(store: Store, exchanged: RoundExchange) -> _Known | None:
    """The matcher the exchange built and the plan's status, if the store is as planned."""
    plan = exchanged.plan
    if not exchanged.matcher:
        return None
    index = exchanged.matcher.pop()  # one slice only: it adds its people to it
    people_version, cards_version = _versions(store)
    if plan.people_version is not people_version or plan.cards_version is not cards_version:
        return None
    status = {href_key(card.href): card for card in plan.status}
    return _Known(plan, people_version, cards_version, status, index)


def _hand_on(
    store: Store, account_id: str, plan: object, applying: _Applying, dropped: set[str]
) -> None:
    """Keep what this slice knew, with what it wrote, for the round's next slice."""
    written = {href_key(card.href): card for card in applying.cards if card.id not in dropped}
    status = {
        key: card for key, card in applying.status.items() if card.id not in dropped
    } | written
    people_version, cards_version = _versions(store)
    _LAST.setdefault(store, {})[account_id] = _Known(
        plan, people_version, cards_version, status, applying._index
    )


def _not_removed(person: Person, account: str) -> Person:
    if account not in person.removed_from:
        return person
    return dataclasses.replace(
        person, removed_from=tuple(name for name in person.removed_from if name != account)
    )


def _version(lines: list[str]) -> str:
    for line in lines:
        if line.upper().startswith("VERSION:"):
            return line[8:].strip()
    return ""
