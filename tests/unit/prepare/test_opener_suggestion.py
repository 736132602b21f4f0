"""Ranking openers for an event: what we share first, one per stage, varied, tuned by feedback."""

from __future__ import annotations

from dataclasses import replace

from companion.domain.opener_suggestion import (
    GENERAL,
    STAGES,
    Match,
    SuggestionContext,
    alternatives,
    match_of,
    rank,
    shuffle_slot,
    suggest_card,
)
from companion.domain.openers import Opener, OpenerStage

OPEN = OpenerStage.OPEN


def _opener(opener_id: str, *interests: str, stage: OpenerStage = OPEN, **extra: object) -> Opener:
    return Opener(
        id=opener_id,
        text=f"Opener {opener_id} about {', '.join(interests) or 'anything'}?",
        stage=stage,
        interests=interests,
        builtin=True,
        **extra,  # type: ignore[arg-type]
    )


def _library() -> list[Opener]:
    """Per stage: one opener per tier (shared, event only, mine only, general, unrelated)."""
    openers = []
    for stage in STAGES:
        prefix = stage.value
        openers += [
            _opener(f"{prefix}-shared", "board-games", stage=stage),
            _opener(f"{prefix}-event", "chess", stage=stage),
            _opener(f"{prefix}-mine", "climbing", stage=stage),
            _opener(f"{prefix}-general", GENERAL, stage=stage),
            _opener(f"{prefix}-other", "knitting", stage=stage),
        ]
    return openers


CONTEXT = SuggestionContext(
    my_interests=("board-games", "climbing"), event_interests=("board-games", "chess"), seed=7
)


def test_tiers_follow_what_the_event_and_i_share() -> None:
    # Given one opener per tier, When they are ranked for an event
    ranked = [opener.id for opener in rank(_library(), CONTEXT, OPEN)]
    # Then shared interests come first, then the event's, general ones, mine (off-topic for
    # this crowd), and unrelated last
    assert ranked == ["open-shared", "open-event", "open-general", "open-mine", "open-other"]
    assert match_of(_library()[0], CONTEXT) is Match.SHARED


def test_card_covers_every_stage_with_the_best_opener_and_no_repeats() -> None:
    card = suggest_card(_library(), CONTEXT)
    assert list(card) == list(STAGES)
    assert [opener.id for opener in card.values() if opener] == [
        f"{stage.value}-shared" for stage in STAGES
    ]
    ids = [opener.id for opener in card.values() if opener]
    assert len(ids) == len(set(ids))


def test_an_opener_is_never_on_a_card_twice_even_when_the_library_repeats_it() -> None:
    # Given the same opener object listed twice for the open stage
    only = _opener("only", "board-games")
    card = suggest_card([only, only], CONTEXT)
    # Then it fills the open stage once, and other stages stay empty rather than repeat it
    assert card[OPEN] == only
    assert all(card[stage] is None for stage in STAGES[1:])


def test_event_without_interests_gets_general_openers() -> None:
    context = SuggestionContext(my_interests=("climbing",), event_interests=(), seed=1)
    library = [opener for opener in _library() if not opener.id.endswith("-mine")]
    card = suggest_card(library, context)
    assert all(opener is not None and opener.id.endswith("-general") for opener in card.values())


def test_hidden_openers_never_appear() -> None:
    library = [
        replace(opener, hidden=True) if opener.id == "open-shared" else opener
        for opener in _library()
    ]
    assert "open-shared" not in [opener.id for opener in rank(library, CONTEXT, OPEN)]
    assert suggest_card(library, CONTEXT)[OPEN].id == "open-event"  # type: ignore[union-attr]


def test_openers_used_with_the_same_group_and_people_sink() -> None:
    # Given the shared opener was used with this group and with people likely there
    varied = replace(
        CONTEXT,
        used_with_group=frozenset({"open-shared"}),
        used_with_people=frozenset({"open-shared"}),
    )
    # When ranked, Then a fresh opener about the event's interest comes first
    ranked = [opener.id for opener in rank(_library(), varied, OPEN)]
    assert ranked[0] == "open-event"
    assert ranked.index("open-shared") < ranked.index("open-general")


def test_openers_on_recent_prep_plans_yield_to_equal_fresh_ones() -> None:
    twins = [_opener("a", "board-games"), _opener("b", "board-games")]
    for recent in ("a", "b"):
        context = replace(CONTEXT, recently_prepared=frozenset({recent}))
        assert rank(twins, context, OPEN)[0].id != recent


def test_feedback_landed_rise_never_landed_and_skipped_sink_favourites_rise() -> None:
    plain = _opener("plain", "board-games")
    landed = _opener("landed", "board-games", used=4, landed=4)
    flop = _opener("flop", "board-games", used=4, landed=0)
    skipped = _opener("skipped", "board-games")
    favourite = _opener("favourite", "board-games", favourite=True)
    context = replace(CONTEXT, skip_counts={"skipped": 3})
    ranked = [o.id for o in rank([plain, landed, flop, skipped, favourite], context, OPEN)]
    assert ranked.index("landed") < ranked.index("plain")
    assert ranked.index("favourite") < ranked.index("plain")
    assert ranked.index("plain") < ranked.index("flop")
    assert ranked.index("plain") < ranked.index("skipped")


def test_pinned_slots_stay() -> None:
    pinned = _opener("mine-pinned", "climbing")
    card = suggest_card(_library(), CONTEXT, pinned={OPEN: pinned})
    assert card[OPEN] == pinned
    assert card[OpenerStage.GO_DEEPER].id == "go_deeper-shared"  # type: ignore[union-attr]


def test_same_seed_same_card_and_shuffle_walks_down_the_ranking() -> None:
    # Given ten equally good openers
    twins = [_opener(f"t{number}", "board-games") for number in range(10)]
    first = suggest_card(twins, CONTEXT)
    assert suggest_card(twins, CONTEXT) == first
    # When shuffling again and again, remembering what was shuffled away
    seen = [first[OPEN].id]  # type: ignore[union-attr]
    card = dict(first)
    for _ in range(9):
        card[OPEN] = shuffle_slot(twins, CONTEXT, card, OPEN, skipped=seen[:-1])
        seen.append(card[OPEN].id)  # type: ignore[union-attr]
    # Then every shuffle brings a new opener, in ranking order, the same every time
    assert len(set(seen)) == 10
    assert seen == [opener.id for opener in rank(twins, CONTEXT, OPEN)]
    # And once all were seen it starts over rather than leave the slot empty
    again = shuffle_slot(twins, CONTEXT, card, OPEN, skipped=seen)
    assert again is not None and again.id != card[OPEN].id  # type: ignore[union-attr]


def test_a_different_seed_may_reorder_ties_but_never_tiers() -> None:
    twins = [_opener(f"t{number}", "board-games") for number in range(10)]
    orders = {
        tuple(o.id for o in rank(twins, replace(CONTEXT, seed=seed), OPEN)) for seed in range(5)
    }
    assert len(orders) > 1
    for seed in range(5):
        ranked = rank(_library(), replace(CONTEXT, seed=seed), OPEN)
        assert ranked[0].id == "open-shared"


def test_alternatives_for_picking_by_hand() -> None:
    picks = alternatives(_library(), CONTEXT, OPEN, 3, exclude={"open-shared"})
    assert [opener.id for opener in picks] == ["open-event", "open-general", "open-mine"]
    assert all(opener.stage is OPEN for opener in picks)
    assert alternatives(_library(), CONTEXT, OPEN, 0) == []
