"""Which of my offers suit an event: "What I can offer here" on the prep card.

An offer carries interests (chosen in the welcome and the profile; suggested from its words);
one written before offers had interests is judged by its words. The interest hierarchy counts:
"Teach Python to beginners" suits a Python meetup and a programming one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from companion.domain.events import Event, PrepPlan
from companion.domain.interests import Parents, related
from companion.domain.profile import OfferItem
from companion.services.profile.interests import interest_parents, offer_interest_inference
from companion.storage.store import Store


def offers_about(
    offers: Iterable[OfferItem],
    event: Event,
    *,
    parents: Parents | None = None,
    infer: Callable[[str], tuple[str, ...]] | None = None,
) -> tuple[OfferItem, ...]:
    """The offers of my inventory that are about one of the event's interests.

    Args:
        parents: the interest hierarchy: an offer about Python suits a programming meetup.
        infer: guesses the interests of an offer that carries none from its words ("Teach
            Python to beginners"), as offers written before they had interests.
    """
    hierarchy = parents or {}
    return tuple(
        offer
        for offer in offers
        if related(_offer_interests(offer, infer), event.interests, hierarchy)
    )


def _offer_interests(
    offer: OfferItem, infer: Callable[[str], tuple[str, ...]] | None
) -> tuple[str, ...]:
    if offer.interests or infer is None:
        return offer.interests
    return infer(offer.text)


def offers_for_event(
    store: Store, offers: Iterable[OfferItem], event: Event
) -> tuple[OfferItem, ...]:
    """``offers_about`` with the store's interest hierarchy and inference."""
    return offers_about(
        offers, event, parents=interest_parents(store), infer=offer_interest_inference(store)
    )


def offers_on_card(
    store: Store, offers: tuple[OfferItem, ...], event: Event, plan: PrepPlan
) -> tuple[tuple[OfferItem, ...], bool]:
    """The offers for the card and whether they match the event (else: all of them)."""
    if plan.offer_texts or plan.opener_ids:
        # A saved plan (it always has openers) says what I chose, even when I chose none:
        # offers unticked on purpose must not come back ticked.
        chosen = set(plan.offer_texts)
        picked = tuple(offer for offer in offers if offer.text in chosen)
        if picked or plan.opener_ids:
            return picked, True
    matching = offers_for_event(store, offers, event)
    if matching:
        return matching, True
    return offers, False
