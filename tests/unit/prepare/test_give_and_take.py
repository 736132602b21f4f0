"""Give and take: some go-deeper suggestions share something of my own first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from companion.domain.events import Event
from companion.domain.give_and_take import in_a_sentence, sharing_openers
from companion.domain.openers import OpenerStage
from companion.domain.profile import Profile
from companion.i18n.languages import activate
from companion.services.prepare import prepare
from companion.storage.store import Store

START = datetime(2026, 5, 4, 18, tzinfo=UTC)
LABELS = {"climbing": "Climbing", "board-games": "Board games", "python": "Python"}


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("Board games", "board games"),
        ("Climbing", "climbing"),
        ("Python", "Python"),
        ("AI & machine learning", "AI & machine learning"),
        ("LGBTQ+ community", "LGBTQ+ community"),
        ("DevOps & cloud", "DevOps & cloud"),
    ],
)
def test_labels_read_naturally_mid_sentence(label: str, shown: str) -> None:
    assert in_a_sentence(label, "en") == shown
    assert in_a_sentence(label, "de") == label


def test_each_of_my_interests_gets_lines_that_give_before_they_ask() -> None:
    openers = sharing_openers(("climbing", "python"), LABELS.__getitem__, language="en")
    assert len(openers) == 6
    assert all(opener.stage is OpenerStage.GO_DEEPER for opener in openers)
    first = openers[0]
    assert first.id == "give.1.climbing" and first.interests == ("climbing",)
    assert first.text == (
        "I've been getting into climbing lately – what's pulling you in at the moment?"
    )
    # Every line says something of mine first, then asks
    assert all(opener.text.startswith("I") or "For me" in opener.text for opener in openers)
    assert all(opener.text.rstrip().endswith("?") for opener in openers)


def test_the_lines_speak_german_with_du() -> None:
    activate("de")
    try:
        [opener, *_rest] = sharing_openers(
            ("climbing",), {"climbing": "Klettern"}.__getitem__, language="de"
        )
    finally:
        activate("en")
    assert (
        opener.text
        == "Bei mir dreht sich gerade viel um Klettern – was reizt dich im Moment daran?"
    )


def test_some_go_deeper_suggestions_on_cards_share_first(core_store: Store) -> None:
    # Given I like bouldering and many climbing evenings
    core_store.profile.put(Profile(interests=("climbing",)))
    start = START
    shared = 0
    runs = 60
    for number in range(runs):
        event = Event(
            title=f"Bouldering {number}",
            start=start + timedelta(days=number),
            end=start + timedelta(days=number, hours=2),
            interests=("climbing",),
        )
        core_store.events.put(event)
        card = prepare.prep_card(core_store, event.id, locale="en", now=START)
        opener = card.slot(OpenerStage.GO_DEEPER).opener
        assert opener is not None
        shared += opener.id.startswith("give.")
    # Then some of the go-deeper suggestions give first, not all of them
    assert 0 < shared < runs


def test_a_chosen_give_and_take_line_stays_on_the_saved_plan(core_store: Store) -> None:
    core_store.profile.put(Profile(interests=("climbing",)))
    event = Event(
        title="Bouldering", start=START, end=START + timedelta(hours=2), interests=("climbing",)
    )
    core_store.events.put(event)
    card = prepare.prep_card(core_store, event.id, locale="en", now=START)
    card = prepare.choose(core_store, card, OpenerStage.GO_DEEPER, "give.2.climbing")
    prepare.save_card(core_store, card)
    again = prepare.prep_card(core_store, event.id, locale="en", now=START)
    opener = again.slot(OpenerStage.GO_DEEPER).opener
    assert opener is not None and opener.id == "give.2.climbing"


def test_feedback_on_a_give_and_take_line_is_counted_and_learned_from(core_store: Store) -> None:
    # Given a climbing evening that is over, with a give-and-take line on its plan
    core_store.profile.put(Profile(interests=("climbing",)))
    event = Event(
        title="Bouldering", start=START, end=START + timedelta(hours=2), interests=("climbing",)
    )
    core_store.events.put(event)
    card = prepare.prep_card(core_store, event.id, locale="en", now=START)
    card = prepare.choose(core_store, card, OpenerStage.GO_DEEPER, "give.1.climbing")
    prepare.save_card(core_store, card)
    # When I say it landed well
    prepare.record_feedback(core_store, event.id, used=[], landed=["give.1.climbing"], locale="en")
    # Then it is counted, and the next card knows it landed
    stored = core_store.openers.get("give.1.climbing")
    assert stored is not None and (stored.used, stored.landed) == (1, 1)
    later = prepare.prep_card(core_store, event.id, locale="en", now=START)
    same = [
        opener
        for opener in prepare.alternatives(core_store, later, OpenerStage.GO_DEEPER, 400)
        + list(later.openers)
        if opener.id == "give.1.climbing"
    ]
    assert same and same[0].landed == 1


def test_private_interests_are_never_announced_and_one_frame_per_interest_is_suggested() -> None:
    from companion.domain.give_and_take import PRIVATE_INTERESTS, suggested_frame

    labels = {"mental-health": "Mental health", "wine": "Wine", "board-games": "Board games"}
    lines = sharing_openers(labels, labels.__getitem__, language="en")
    assert not {line.interests[0] for line in lines} & PRIVATE_INTERESTS
    suggestable = [line for line in lines if suggested_frame(line.id)]
    assert sorted(line.interests[0] for line in suggestable) == ["board-games", "wine"]
    assert all("Wine" not in line.text for line in lines)


def test_german_labels_read_as_german_mid_sentence() -> None:
    assert in_a_sentence("Psychische Gesundheit", "de") == "psychische Gesundheit"
    assert in_a_sentence("Brettspiele", "de") == "Brettspiele"
    assert all(
        ".3." not in line.id
        for line in sharing_openers(["board-games"], lambda _slug: "Brettspiele", language="de")
    )
