"""The fit of an event for my profile, its explanation, and learning from reflections."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from companion.domain.events import Event, EventStatus, Reflection
from companion.domain.fit import (
    MAX_LEARNING,
    Fit,
    FitReason,
    FitReasonKind,
    explain,
    fit_event,
    learn_from_reflections,
    rank_events,
)
from companion.domain.profile import Profile

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
ME = Profile(interests=("board-games", "strategy-games", "climbing"))
LABELS = {"board-games": "board games", "strategy-games": "strategy games", "climbing": "climbing"}


def upcoming(title: str, *interests: str, days: int = 3, organizer: str = "") -> Event:
    return Event(
        title=title, start=NOW + timedelta(days=days), interests=interests, organizer=organizer
    )


def reflected(title: str, felt: int, *interests: str, organizer: str = "", days: int = 10) -> Event:
    return Event(
        title=title,
        start=NOW - timedelta(days=days),
        interests=interests,
        organizer=organizer,
        status=EventStatus.ATTENDED,
        reflection=Reflection(felt_natural=felt),
    )


def fit_of(event: Event, past: list[Event]) -> Fit:
    return fit_event(event, ME, learn_from_reflections(past, NOW))


def test_more_shared_interests_rank_higher_and_ties_go_by_start() -> None:
    # Given events sharing two, one (twice, on different days) and no interest with me
    two = upcoming("Strategy board games", "board-games", "strategy-games", days=5)
    one_late = upcoming("Bouldering", "climbing", days=4)
    one_early = upcoming("Climbing", "climbing", days=2)
    none = upcoming("Business breakfast", "startups", days=1)
    # When they are ranked
    ranked = rank_events([none, one_late, two, one_early], ME, [], NOW)
    # Then two shared > one shared (earlier first) > none, which is kept with score 0
    assert [event for event, _ in ranked] == [two, one_early, one_late, none]
    assert ranked[-1][1].score == 0.0
    assert 0 < ranked[1][1].score < ranked[0][1].score <= 1


def test_an_event_mostly_about_my_interests_fits_better_than_one_about_many_things() -> None:
    # Given two events sharing one interest, one of them about four other things too
    focused = upcoming("Climbing", "climbing")
    broad = upcoming("Festival", "climbing", "wine", "jazz-blues", "film", "dance")
    # Then the focused one fits better
    assert fit_of(focused, []).score > fit_of(broad, []).score


def test_the_explanation_names_the_shared_interests_or_says_there_are_none() -> None:
    # Given an event sharing two interests and one sharing none
    shared = fit_of(upcoming("Games", "board-games", "strategy-games"), [])
    unshared = fit_of(upcoming("Pitch night", "startups"), [])
    # Then the reasons and their words say so
    assert shared.reasons == (
        FitReason(kind=FitReasonKind.SHARED, slugs=("board-games", "strategy-games")),
    )
    assert shared.shared == ("board-games", "strategy-games")
    assert explain(shared, LABELS.__getitem__) == ("You share: board games, strategy games",)
    assert unshared.reasons == (FitReason(kind=FitReasonKind.NO_SHARED),)
    assert explain(unshared, LABELS.__getitem__) == ("No shared interest",)


def test_events_like_ones_that_felt_natural_rise_and_say_so() -> None:
    # Given two past board-game events that felt natural (5 and 4)
    past = [reflected("Game night", 5, "board-games"), reflected("Catan", 4, "board-games")]
    event = upcoming("Game night", "board-games")
    # When the upcoming board-game event is fitted with and without that experience
    plain = fit_of(event, [])
    learned = fit_of(event, past)
    # Then it scores higher and explains why with the average rating
    assert learned.score > plain.score
    assert learned.reasons[1] == FitReason(
        kind=FitReasonKind.FELT_NATURAL, rating=4.5, count=2, organizer="", about=("board-games",)
    )
    assert explain(learned, LABELS.__getitem__)[1] == (
        "Events about board games have felt natural to you – 4.5/5 over 2 events"
    )


def test_events_by_an_organizer_that_felt_forced_sink_and_say_so() -> None:
    # Given a past event by the same organizer (different interests) that felt forced
    past = [reflected("Mixer", 1, "startups", organizer="Berlin Games Club")]
    event = upcoming("Strategy night", "strategy-games", organizer="berlin games club ")
    # When the upcoming event is fitted
    plain = fit_of(event, [])
    learned = fit_of(event, past)
    # Then it scores lower, still above an event with nothing shared, and names the organizer
    assert 0 < learned.score < plain.score
    assert learned.reasons[1].kind is FitReasonKind.FELT_FORCED
    assert explain(learned, LABELS.__getitem__)[1] == (
        "An event by berlin games club felt forced (1.0/5)"
    )


def test_learning_is_bounded_however_many_reflections_agree() -> None:
    # Given a hundred past climbing events that all felt perfectly natural, or all forced
    event = upcoming("Climbing", "climbing", "strategy-games", "wine")
    best = [reflected(f"C{n}", 5, "climbing", days=n + 1) for n in range(100)]
    worst = [reflected(f"C{n}", 1, "climbing", days=n + 1) for n in range(100)]
    plain = fit_of(event, [])
    # Then the score moves by no more than MAX_LEARNING either way
    up = fit_of(event, best)
    down = fit_of(event, worst)
    assert plain.score < up.score <= plain.score + MAX_LEARNING
    assert plain.score - MAX_LEARNING <= down.score < plain.score
    assert up.learned == pytest.approx(-down.learned)


def test_neutral_unreflected_unended_and_unrelated_events_teach_nothing() -> None:
    # Given past events: neutral (3), unrelated interests, not yet ended, without reflection
    neutral = reflected("Neutral", 3, "climbing")
    unrelated = reflected("Wine", 5, "wine")
    not_ended = reflected("Future", 5, "climbing", days=-2)
    unreflected = Event(title="Old", start=NOW - timedelta(days=3), interests=("climbing",))
    event = upcoming("Climbing", "climbing")
    # When the event is fitted with them
    fit = fit_of(event, [neutral, unrelated, not_ended, unreflected])
    # Then only the shared-interest reason remains and nothing was learned
    assert [reason.kind for reason in fit.reasons] == [FitReasonKind.SHARED]
    assert fit.learned == 0.0


def test_no_shared_interest_scores_zero_even_after_natural_events_by_the_organizer() -> None:
    # Given a natural past event by the organizer of an event that shares nothing with me
    past = [reflected("Pitch", 5, "startups", organizer="Founders")]
    # When it is fitted
    fit = fit_of(upcoming("Pitch again", "startups", organizer="Founders"), past)
    # Then it is marked as sharing nothing, score 0
    assert fit.score == 0.0
    assert fit.reasons == (FitReason(kind=FitReasonKind.NO_SHARED),)


def test_ranking_is_deterministic() -> None:
    # Given the same events in two different orders, with reflections
    past = [reflected("G", 4, "board-games"), reflected("C", 2, "climbing")]
    events = [upcoming(f"E{n}", "board-games" if n % 2 else "climbing", days=n) for n in range(8)]
    # When ranked twice
    first = rank_events(events, ME, past, NOW)
    second = rank_events(list(reversed(events)), ME, list(reversed(past)), NOW)
    # Then the result is the same, board games (felt natural) before climbing (felt forced)
    assert first == second
    assert [e.interests[0] for e, _ in first] == ["board-games"] * 4 + ["climbing"] * 4


def test_one_similar_event_is_named_without_a_count_and_numbers_use_the_formatters() -> None:
    # Given one past board-game event that felt natural
    past = [reflected("Game night", 5, "board-games")]
    learned = fit_of(upcoming("Game night", "board-games"), past)
    # Then the words name it without "over 1 events", the rating formatted by the caller
    assert explain(learned, LABELS.__getitem__, number=lambda v: f"{v:.1f}".replace(".", ",")) == (
        "You share: board games",
        "An event about board games felt natural to you (5,0/5)",
    )


def test_my_broad_interest_shares_a_narrow_event_with_the_hierarchy() -> None:
    # Given I like programming and a Python meetup
    profile = Profile(interests=("programming",))
    event = upcoming("PyData", "python")
    experience = learn_from_reflections([], NOW)
    # Then without the hierarchy nothing is shared, with it Python is
    assert fit_event(event, profile, experience).shared == ()
    parents = {"python": "programming"}
    fit = fit_event(event, profile, experience, parents=parents)
    assert fit.shared == ("python",)
    assert fit.score > 0


def test_the_fit_in_german_says_it_in_natural_words() -> None:
    from companion.i18n.languages import activate

    past = [reflected("Spieleabend", 5, "board-games"), reflected("Catan", 4, "board-games")]
    learned = fit_of(upcoming("Spieleabend", "board-games"), past)
    activate("de")
    try:
        words = explain(learned, {"board-games": "Brettspiele"}.__getitem__)
    finally:
        activate("en")
    assert words[1] == (
        "Veranstaltungen zu Brettspiele haben sich für dich natürlich angefühlt – 4.5/5 bei 2 "
        "Veranstaltungen"
    )
