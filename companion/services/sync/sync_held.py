"""New cards held back because the server already has the person (the exchange's worker).

A person here that an account has no card for yet goes out as a new card. But the account's
address book may hold them already under another card: the same person in the laptop's and the
phone's books, the same server added twice, a contact made on both sides. Such a card comes in
this round and is linked to the person when applied (the import's rules: UID, same email, same
E.164 number and name); sending ours as well would put the person in that book twice. So a new
card is held back when a card read this round certainly is the same person. When the apply
does not link them after all, the person has no card there still and goes out next round.
"""

from __future__ import annotations

from collections.abc import Sequence

from companion.domain.people import Person
from companion.remote.carddav import FetchedCard, href_key
from companion.services.people.people_matching import PeopleIndex
from companion.services.sync.sync_categories import card_categorizer
from companion.services.sync.sync_read import read_cards
from companion.services.sync.sync_round import RoundPlan
from companion.storage.codec import from_document

__all__ = ["held_back"]


def held_back(plan: RoundPlan, pulled: Sequence[FetchedCard]) -> frozenset[str]:
    """Ids of the people whose new card is not to be sent: a pulled card is them."""
    new = [card for card in plan.outgoing if not card.etag and card.person_id in plan.people]
    if not new:
        return frozenset()
    known = {href_key(card.href) for card in plan.status}
    fresh = [card for card in pulled if href_key(card.href) not in known]
    if not fresh:
        return frozenset()
    # Read here as the apply will read them; only when there are new cards and unknown ones
    # (a first round with people on both sides, or a few cards later on).
    read = read_cards(fresh, card_categorizer(plan.interests))
    index = PeopleIndex(card.person for card in read if card.person is not None)
    held: set[str] = set()
    for card in new:
        person = from_document(Person, plan.people[card.person_id])
        found = index.find(person, record_id=person.id)
        if found is not None and found.certain:
            held.add(card.person_id)
    return frozenset(held)
