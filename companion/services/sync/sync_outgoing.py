"""The cards a round sends, drawn by the exchange (a worker thread) from what the plan read.

The plan (GUI thread) only takes the people's stored documents, the card status and the
interest labels; everything computed from them is here, where the window does not wait: each
person's fingerprint (remembered per document, ``sync_fingerprints``), and the card of everyone
new or changed since the last exchange. Stored documents are never changed in place, so the
cards are the people as planned; a person edited meanwhile differs from the status written for
this round and goes out the next one.
"""

from __future__ import annotations

import dataclasses

from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount, SyncedCard
from companion.services.sync.sync_cards import (
    Rendered,
    field_values,
    render,
    round_context,
    stored_fields,
    synced_fields,
)
from companion.services.sync.sync_fingerprints import fingerprints_of
from companion.services.sync.sync_push import card_href
from companion.services.sync.sync_round import OutgoingCard, RoundPlan
from companion.storage.codec import from_document


def draw_cards(plan: RoundPlan) -> RoundPlan:
    """``plan`` with ``outgoing``: the card of each person new or changed for this account."""
    if plan.drawn or plan.now is None or plan.problem or not plan.account.address_book:
        return plan
    account = plan.account
    names = synced_fields(account)
    context = round_context(account, plan.labels)
    by_person = {card.person_id: card for card in plan.status}
    outgoing: list[OutgoingCard] = []
    refreshed: list[OutgoingCard] = []
    with fingerprints_of(account.id).round() as fingerprints:
        for person_id in sorted(plan.people):
            document = plan.people[person_id]
            known = by_person.get(person_id)
            person_hash = fingerprints.of(document, context)
            if known is not None and known.person_hash == person_hash:
                continue  # not changed since the last exchange: no card to draw
            person = from_document(Person, document)
            if plan.shared.removed(person) or account.name in person.removed_from:
                continue
            if known is None and person_id in plan.shared.linked:
                continue  # another account on this address book has their card: linked when read
            shown = plan.shown or plan.labels
            rendered = render(person, account, known, labels=shown, now=plan.now)
            if known is not None and known.card_hash == rendered.digest:
                # The card is as the server has it: only the fingerprint moved. Remembered, or
                # every later round would draw this person's card again.
                drawn = _outgoing(person, account, known, rendered, names, person_hash)
                refreshed.append(dataclasses.replace(drawn, base=known.base))
                continue
            outgoing.append(_outgoing(person, account, known, rendered, names, person_hash))
    return dataclasses.replace(
        plan,
        outgoing=plan.outgoing + tuple(outgoing),
        refreshed=plan.refreshed + tuple(refreshed),
        drawn=True,
    )


def _outgoing(
    person: Person,
    account: SyncAccount,
    known: SyncedCard | None,
    rendered: Rendered,
    names: tuple[str, ...],
    person_hash: str,
) -> OutgoingCard:
    uid = next(line[4:] for line in rendered.lines if line.startswith("UID:"))
    return OutgoingCard(
        person_id=person.id,
        href=known.href if known is not None else card_href(account, person, uid),
        etag=known.etag if known is not None else "",
        body=rendered.body(),
        card_hash=rendered.digest,
        base=stored_fields(field_values(person, names)),
        server_lines=known.server_lines if known is not None else (),
        card_version=known.card_version if known is not None else "",
        uid=uid,
        person_hash=person_hash,
    )
