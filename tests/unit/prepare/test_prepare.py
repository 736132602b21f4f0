"""Preparing an event: the card's content, changing it slot by slot, saving it, feedback."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from companion.domain.events import Event, EventStatus, PrepPlan
from companion.domain.opener_suggestion import GENERAL, STAGES
from companion.domain.openers import Opener, OpenerStage
from companion.domain.people import Encounter, Person
from companion.domain.profile import OfferItem, OfferKind, Profile
from companion.services.prepare import prepare
from companion.storage.store import Store

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
OPEN = OpenerStage.OPEN


def _event(**values: object) -> Event:
    defaults: dict[str, object] = {
        "title": "Game night",
        "start": NOW + timedelta(days=3),
        "organizer": "Board game club",
        "interests": ("board-games", "chess"),
    }
    return Event(**{**defaults, **values})  # type: ignore[arg-type]


@pytest.fixture
def store(core_store: Store) -> Store:
    core_store.profile.put(
        Profile(
            interests=("board-games", "climbing"),
            offers=(
                OfferItem(kind=OfferKind.SKILL, text="Teach Go", interests=("board-games",)),
                OfferItem(kind=OfferKind.INTRO, text="Intro to a route setter", interests=()),
            ),
        )
    )
    return core_store


def test_card_has_four_distinct_openers_matching_offers_and_plan_text(store: Store) -> None:
    # Given an event with a saved intention and note
    event = _event(prep=PrepPlan(intention="Learn how they playtest", offer_notes=("Lend games",)))
    store.events.put(event)
    # When its card is made from the shipped library
    card = prepare.prep_card(store, event.id, locale="en", now=NOW)
    # Then every stage has an opener, none twice, the first about what we share
    assert [slot.stage for slot in card.slots] == list(STAGES)
    assert len({opener.id for opener in card.openers}) == 4
    assert "board-games" in card.slot(OPEN).opener.interests  # type: ignore[union-attr]
    # And only the matching offer is listed, with the plan's note and intention
    assert [offer.text for offer in card.offers] == ["Teach Go"]
    assert card.offers_match
    assert card.offer_notes == ("Lend games",)
    assert card.intention == "Learn how they playtest"
    assert card.interest_labels["board-games"]


def test_no_matching_offer_lists_all_marked_as_such(store: Store) -> None:
    event = _event(interests=("hiking",))
    store.events.put(event)
    card = prepare.prep_card(store, event.id, locale="en", now=NOW)
    assert len(card.offers) == 2
    assert not card.offers_match


def test_event_without_interests_gets_general_openers(store: Store) -> None:
    store.profile.put(Profile())
    event = _event(interests=())
    store.events.put(event)
    card = prepare.prep_card(store, event.id, locale="en", now=NOW)
    assert len(card.openers) == 4
    assert all(GENERAL in opener.interests for opener in card.openers)


def test_unknown_event_is_a_clear_error(store: Store) -> None:
    with pytest.raises(prepare.PrepareError, match="nope"):
        prepare.prep_card(store, "nope", locale="en", now=NOW)


def test_likely_there_met_with_the_group_first_then_shared_interests(store: Store) -> None:
    # Given someone met at an earlier event of the same club and someone sharing an interest
    earlier = _event(title="Last game night", start=NOW - timedelta(days=30))
    event = _event()
    met = Person(name="Zoe")
    chess = Person(name="Anna", interests=("chess",))
    stranger = Person(name="Bob", interests=("knitting",))
    for record in (met, chess, stranger):
        store.people.put(record)
    store.events.put_many([earlier, event])
    store.encounters.put(Encounter(person_id=met.id, on=date(2026, 5, 2), event_id=earlier.id))
    # When the card is made
    card = prepare.prep_card(store, event.id, locale="en", now=NOW)
    # Then both are listed, the one met with the group first, each with a reason
    assert [each.person.name for each in card.likely_there] == ["Zoe", "Anna"]
    assert "Board game club" in card.likely_there[0].reason
    assert "Chess" in card.likely_there[1].reason


def test_openers_used_with_the_group_are_not_suggested_first(store: Store) -> None:
    # Given the best opener for this event was used at the club's last event
    earlier = _event(title="Last game night", start=NOW - timedelta(days=30))
    event = _event()
    person = Person(name="Zoe")
    store.people.put(person)
    store.events.put_many([earlier, event])
    first = prepare.prep_card(store, event.id, locale="en", now=NOW).slot(OPEN).opener
    assert first is not None
    store.encounters.put(
        Encounter(
            person_id=person.id, on=date(2026, 5, 2), event_id=earlier.id, opener_ids=(first.id,)
        )
    )
    # When the card is made again, Then another opener opens
    again = prepare.prep_card(store, event.id, locale="en", now=NOW).slot(OPEN).opener
    assert again is not None and again.id != first.id


def test_shuffle_pin_and_choose(store: Store) -> None:
    event = _event()
    store.events.put(event)
    card = prepare.prep_card(store, event.id, locale="en", now=NOW)
    before = card.slot(OPEN).opener
    assert before is not None
    # When the open slot is shuffled, Then a new opener comes and the old one counts as skipped
    shuffled = prepare.shuffle(store, card, OPEN)
    assert shuffled.slot(OPEN).opener != before
    assert before.id in shuffled.skipped
    assert len({opener.id for opener in shuffled.openers}) == 4
    # When pinned, Then shuffling leaves it
    pinned = prepare.pin(shuffled, OPEN)
    assert prepare.shuffle(store, pinned, OPEN) == pinned
    # When another opener is picked by hand, Then it is in the slot, pinned
    pick = prepare.alternatives(store, pinned, OpenerStage.CLOSE, 5)[-1]
    chosen = prepare.choose(store, pinned, OpenerStage.CLOSE, pick.id)
    assert chosen.slot(OpenerStage.CLOSE).opener == pick
    assert chosen.slot(OpenerStage.CLOSE).pinned


def test_saved_plan_comes_back_on_the_card_and_survives_reopening(
    store: Store, core_data_dir: Path
) -> None:
    event = _event()
    store.events.put(event)
    card = prepare.pin(
        prepare.shuffle(store, prepare.prep_card(store, event.id, locale="en", now=NOW), OPEN), OPEN
    )
    card = replace(card, intention="Ask about playtests", offer_notes=("Lend Azul",))
    # When saved
    changes = prepare.save_card(store, card)
    # Then the event changed, durably, and the card comes back as it was
    assert changes.touches("events")
    with Store.open(core_data_dir, read_only=True) as reader:
        plan = reader.events.get(event.id).prep  # type: ignore[union-attr]
    assert plan.opener_ids == tuple(opener.id for opener in card.openers)
    assert plan.pinned_opener_ids == (card.slot(OPEN).opener.id,)  # type: ignore[union-attr]
    assert plan.intention == "Ask about playtests"
    again = prepare.prep_card(store, event.id, locale="en", now=NOW)
    assert again.openers == card.openers
    assert again.slot(OPEN).pinned
    assert prepare.save_card(store, again).empty


def test_feedback_is_stored_and_counted_once(store: Store, core_data_dir: Path) -> None:
    event = _event(start=NOW - timedelta(days=1), status=EventStatus.ATTENDED)
    store.events.put(event)
    card = prepare.prep_card(store, event.id, locale="en", now=NOW)
    prepare.save_card(store, card)
    first, second = card.openers[0].id, card.openers[1].id
    # When I say I used two openers and the first landed
    changes = prepare.record_feedback(
        store, event.id, used=[first, second], landed=[first], locale="en"
    )
    # Then the plan and the openers' counts say so, durably
    assert changes.touches("events") and changes.touches("openers")
    with Store.open(core_data_dir, read_only=True) as reader:
        plan = reader.events.get(event.id).prep  # type: ignore[union-attr]
        counts = {o.id: (o.used, o.landed) for o in reader.openers}
    assert plan.used_opener_ids == (first, second)
    assert plan.landed_opener_ids == (first,)
    assert counts[first] == (1, 1) and counts[second] == (1, 0)
    # When the second landed too, recorded again, Then nothing is counted twice
    prepare.record_feedback(
        store, event.id, used=[first, second], landed=[first, second], locale="en"
    )
    counts = {o.id: (o.used, o.landed) for o in store.openers}
    assert counts[first] == (1, 1) and counts[second] == (1, 1)


def test_next_event_is_the_soonest_not_ended_and_not_skipped(store: Store) -> None:
    past = _event(title="Past", start=NOW - timedelta(days=2))
    skipped = _event(title="Skipped", start=NOW + timedelta(hours=1), status=EventStatus.SKIPPED)
    soon = _event(title="Soon", start=NOW + timedelta(days=1))
    later = _event(title="Later", start=NOW + timedelta(days=9))
    store.events.put_many([past, skipped, soon, later])
    assert prepare.next_event(store, NOW) == soon
    assert prepare.next_event(store, NOW + timedelta(days=30)) is None


def test_hidden_and_own_openers(store: Store) -> None:
    # Given the user hid the best builtin and wrote an own favourite opener for the event
    event = _event()
    store.events.put(event)
    best = prepare.prep_card(store, event.id, locale="en", now=NOW).slot(OPEN).opener
    assert best is not None
    store.openers.put(replace(best, hidden=True))
    own = Opener(
        text="Which game would you save from a fire?",
        stage=OPEN,
        interests=("board-games",),
        favourite=True,
    )
    store.openers.put(own)
    card = prepare.prep_card(store, event.id, locale="en", now=NOW)
    # Then the hidden one is gone and the own favourite opens
    assert best.id not in {opener.id for opener in card.openers}
    assert card.slot(OPEN).opener == own


def test_unticking_every_offer_is_remembered_after_saving(store: Store) -> None:
    # Given an event whose interests match one of my offers, ticked on the card at first
    event = _event()
    store.events.put(event)
    card = prepare.prep_card(store, event.id, locale="en", now=NOW)
    assert [offer.text for offer in card.offers] == ["Teach Go"]
    # When every offer is unticked and the card saved
    prepare.save_card(store, prepare.set_offers(card, ()))
    # Then the card comes back with none ticked (not the matching ones again)
    again = prepare.prep_card(store, event.id, locale="en", now=NOW)
    assert again.offers == () and again.offers_match
    assert prepare.save_card(store, again).empty
    # And the offers about the event are still known, for the window to list them first
    about = prepare.offers_about(store.profile.get().offers, event)
    assert [offer.text for offer in about] == ["Teach Go"]
