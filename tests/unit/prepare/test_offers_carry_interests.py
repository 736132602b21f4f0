"""Offers carry interests: matched against an event's (with the hierarchy), said aloud."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from companion.domain.events import Event
from companion.domain.offer_lines import offer_line
from companion.domain.profile import OfferItem, OfferKind, Profile
from companion.services.prepare import prepare
from companion.services.profile.interests import offer_interest_inference
from companion.storage.store import Store

START = datetime(2026, 5, 4, 18, tzinfo=UTC)
TEACH_PYTHON = OfferItem(kind=OfferKind.SKILL, text="Teach Python to beginners")
TAGGED = OfferItem(kind=OfferKind.INTRO, text="Someone I know", interests=("climbing",))


def _event(*interests: str) -> Event:
    return Event(title="Meetup", start=START, end=START + timedelta(hours=2), interests=interests)


@pytest.mark.parametrize(
    ("interests", "matches"),
    [
        (("python",), True),  # the offer's own interest
        (("programming",), True),  # a broader one: Python is programming
        (("board-games",), False),
    ],
)
def test_an_offer_without_interests_is_matched_by_its_words(
    core_store: Store, interests: tuple[str, ...], matches: bool
) -> None:
    # Given an offer written before offers carried interests, When an event is prepared
    found = prepare.offers_for_event(core_store, (TEACH_PYTHON, TAGGED), _event(*interests))
    # Then "Teach Python to beginners" suits a Python and a programming meetup, nothing else
    assert (TEACH_PYTHON in found) is matches
    assert TAGGED not in found


def test_an_offers_chosen_interests_win_over_its_words(core_store: Store) -> None:
    offer = OfferItem(kind=OfferKind.SKILL, text="Teach Python", interests=("board-games",))
    assert prepare.offers_for_event(core_store, (offer,), _event("python")) == ()
    assert prepare.offers_for_event(core_store, (offer,), _event("board-games")) == (offer,)


def test_the_card_lists_the_matching_offer_instead_of_saying_none_matches(
    core_store: Store,
) -> None:
    # Given my offers and a Python meetup
    core_store.profile.put(Profile(offers=(TAGGED, TEACH_PYTHON)))
    event = _event("python")
    core_store.events.put(event)
    # When its card is made
    card = prepare.prep_card(core_store, event.id, locale="en", now=START)
    # Then the Python offer is on it, as matching
    assert card.offers_match is True
    assert card.offers == (TEACH_PYTHON,)


def test_offer_interests_are_suggested_from_the_words(core_store: Store) -> None:
    suggest = offer_interest_inference(core_store)
    assert suggest("Teach Python to beginners") == ("python",)
    assert suggest("Review a CV") == ("career-development",)
    assert suggest("People at the climbing gym") == ("climbing",)
    assert suggest("An hour") == ()


@pytest.mark.parametrize(
    ("offer", "line"),
    [
        (TEACH_PYTHON, "I could teach Python to beginners – would that help with what"),
        (
            OfferItem(kind=OfferKind.INTRO, text="People at the climbing gym"),
            "I might be able to introduce you: People at the climbing gym.",
        ),
        (
            OfferItem(kind=OfferKind.RESOURCE, text="A spare projector."),
            "I might have something that helps: A spare projector. Want me",
        ),
    ],
)
def test_an_offer_is_said_aloud_giving_first(offer: OfferItem, line: str) -> None:
    assert offer_line(offer, language="en").startswith(line)


def test_an_offer_line_in_german_is_framed_not_verb_first() -> None:
    # A German offer is not a verb phrase "I could" can take; its kind frames it
    said = offer_line(OfferItem(kind=OfferKind.SKILL, text="Teach Python"), language="de")
    assert said.startswith("Something I could help with: Teach Python.")
