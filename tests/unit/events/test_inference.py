"""Inferring an event's interests from its categories, title and description."""

from __future__ import annotations

import pytest

from companion.domain.inference import (
    InterestMatcher,
    build_matcher,
    infer_interests,
    score_interests,
)
from companion.domain.interests import Interest
from companion.services.profile.interests import builtin_catalogue

ART = Interest(slug="art", label="Art", keywords=("art", "painting"))
BOARD_GAMES = Interest(slug="board-games", label="Board games", keywords=("brettspiel*", "catan"))
CAFE = Interest(slug="coffee", label="Coffee", keywords=("café", "kaffee"))
TENNIS = Interest(slug="tennis", label="Tennis", keywords=("table tennis", "tischtennis"))


@pytest.fixture
def matcher() -> InterestMatcher:
    return build_matcher([ART, BOARD_GAMES, CAFE, TENNIS])


def test_whole_words_only_art_does_not_match_start_or_artificial(matcher: InterestMatcher) -> None:
    # Given texts where "art" only appears inside other words
    # When interests are inferred
    found = infer_interests(matcher, title="Start-up night", description="Artificial party")
    # Then art is not among them
    assert found == ()


def test_a_word_matches_in_any_case_and_in_its_plural(matcher: InterestMatcher) -> None:
    # Given a title with the keyword in capitals and a plural label
    # When interests are inferred
    found = infer_interests(matcher, title="ART and BOARD GAMES")
    # Then both interests are found
    assert set(found) == {"art", "board-games"}


def test_german_compounds_match_a_prefix_keyword(matcher: InterestMatcher) -> None:
    # Given a German title with a compound of "Brettspiel"
    # When interests are inferred
    found = infer_interests(matcher, title="Großer Brettspielabend im Viertel")
    # Then board games are found
    assert found == ("board-games",)


def test_accents_are_ignored_on_both_sides(matcher: InterestMatcher) -> None:
    # Given "cafe" without accent in the text and "café" with one in the keyword
    # When interests are inferred
    found = infer_interests(matcher, title="Meet at the CAFE")
    # Then coffee is found
    assert found == ("coffee",)


def test_phrases_need_all_their_words_in_order(matcher: InterestMatcher) -> None:
    # Given "table" and "tennis" apart, then together
    apart = infer_interests(matcher, title="A table by the tennis court")
    together = infer_interests(matcher, title="Table tennis evening")
    # Then only the text with the phrase counts (the label "Tennis" matches the second too)
    assert together == ("tennis",)
    assert apart == ("tennis",)  # the label "Tennis" alone is a keyword as well
    scores = dict(score_interests(matcher, title="Table tennis evening"))
    # And the label inside the longer phrase does not count as a second keyword of it
    alone = dict(score_interests(matcher, title="A table by the tennis"))["tennis"]
    assert scores["tennis"] == alone


def test_categories_beat_title_and_title_beats_description(matcher: InterestMatcher) -> None:
    # Given one interest in the categories, one in the title, one in the description
    ranked = score_interests(
        matcher, categories=["Coffee"], title="Painting", description="Bring Catan"
    )
    # Then they rank categories > title > description
    assert [slug for slug, _ in ranked] == ["coffee", "art", "board-games"]
    assert [score for _, score in ranked] == [3.0, 2.0, 1.0]


def test_the_result_is_capped_and_low_scores_are_dropped(matcher: InterestMatcher) -> None:
    # Given a text touching all four interests
    text = "Art, Catan and café"
    # When inferred with a cap of two, and with a minimum above a description mention
    capped = infer_interests(matcher, title=text, limit=2)
    strict = infer_interests(matcher, description=text, min_score=1.5)
    # Then at most two come back, in catalogue order on equal scores; none pass the minimum
    assert capped == ("art", "board-games")
    assert strict == ()


def test_user_made_interests_match_by_their_label() -> None:
    # Given a user-made interest without keywords
    matcher = build_matcher([Interest(slug="lindy-hop", label="Lindy Hop")])
    # When an event mentions it
    found = infer_interests(matcher, description="Social dancing: lindy hop for beginners")
    # Then it is found
    assert found == ("lindy-hop",)


@pytest.mark.parametrize(
    ("categories", "title", "description", "expected_first"),
    [
        ((), "Spieleabend: Brettspiele und Catan", "Wir spielen bis Mitternacht.", "board-games"),
        (("Outdoors",), "Bouldern für Anfänger", "Treffpunkt an der Kletterhalle", "climbing"),
        ((), "PyData Meetup", "Talks on machine learning.", "python"),
        (("Machine learning",), "PyData Meetup", "", "ai-machine-learning"),
        ((), "Wanderung im Grunewald", "Eine schöne Art, den Tag zu starten.", "hiking"),
        ((), "Fußball im Park", "Alle sind willkommen", "team-sports"),
        (
            ("Tech",),
            "Künstliche Intelligenz im Alltag",
            "Vortrag und Diskussion",
            "ai-machine-learning",
        ),
    ],
)
def test_the_shipped_catalogue_recognises_real_titles(
    categories: tuple[str, ...], title: str, description: str, expected_first: str
) -> None:
    # Given the shipped catalogue
    matcher = build_matcher(builtin_catalogue().interests)
    # When a realistic English or German event is inferred
    found = infer_interests(matcher, categories=categories, title=title, description=description)
    # Then the expected interest comes first, and German "Art" (kind) is not taken for art
    assert found[0] == expected_first
    assert "art-museums" not in found


def test_a_typical_description_with_amenities_is_only_about_its_topic() -> None:
    # Given the shipped catalogue and a game night whose description lists the usual amenities
    # (its speed is measured by ``make bench``, not asserted here)
    matcher = build_matcher(builtin_catalogue().interests)
    description = (
        "Join us for a relaxed evening of board games, coffee and conversation. Beginners are "
        "welcome; we explain every game. Wir spielen auch auf Deutsch – bring your favourite "
        "Brettspiel! Snacks available, the venue is step-free. "
    ) * 3
    # When it is inferred
    found = infer_interests(matcher, title="Game night #7 at Café Müller", description=description)
    # Then it is about board games alone
    assert found == ("board-games",)


@pytest.mark.parametrize(
    ("title", "description", "expected", "never"),
    [
        (
            "Growth Hacking Breakfast for Founders",
            "Growth hacking tactics for startups. Coffee and croissants included.",
            {"marketing-sales", "startups"},
            {"it-security", "coffee-tea"},
        ),
        (
            "Tech Talks & Tacos",
            "Three talks on software engineering. Everyone welcome, newcomers especially!",
            {"programming"},
            {"refugee-support"},
        ),
        (
            "Careers Breakfast: Switching into Tech",
            "Coffee and croissants from 8:00, talks at 8:30. Bring your CV.",
            {"career-development"},
            {"coffee-tea", "baking"},
        ),
        (
            "Expat Meetup: New in Munich",
            "Meet other expats. Drinks at the beer garden. Kids welcome.",
            {"expats-internationals"},
            {"beer-brewing", "gardening", "family-outings"},
        ),
        (
            "Kubernetes Meetup",
            "Talks: 'Running Postgres on Kubernetes'. Pizza and beer provided.",
            {"devops-cloud"},
            {"running", "beer-brewing"},
        ),
    ],
)
def test_boilerplate_and_amenities_do_not_count(
    title: str, description: str, expected: set[str], never: set[str]
) -> None:
    # Given the shipped catalogue, When an event with amenities and boilerplate is inferred
    matcher = build_matcher(builtin_catalogue().interests)
    found = set(infer_interests(matcher, title=title, description=description))
    # Then its topics are found and the amenities are not
    assert expected <= found
    assert not (never & found)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Specialty Coffee Cupping", "coffee-tea"),
        ("Wine Tasting: Natural Wines from the Loire", "wine"),
        ("Vegan Potluck", "vegan-vegetarian"),
    ],
)
def test_a_weak_word_counts_in_a_title_that_names_nothing_else(title: str, expected: str) -> None:
    matcher = build_matcher(builtin_catalogue().interests)
    assert infer_interests(matcher, title=title)[:1] == (expected,)


def test_a_weak_word_beside_a_real_topic_in_the_title_does_not_count() -> None:
    matcher = build_matcher(builtin_catalogue().interests)
    assert infer_interests(matcher, title="Gravel Ride & Coffee") == ("cycling",)
    # but it does as a category the organiser chose
    assert "coffee-tea" in infer_interests(
        matcher, categories=("Coffee",), title="Gravel Ride & Coffee"
    )


def test_the_longest_match_wins() -> None:
    # Given "mental health" (mental health) around "health" (healthy living)
    matcher = build_matcher(builtin_catalogue().interests)
    found = infer_interests(matcher, title="Mental Health Peer Support Circle")
    # Then only the longer phrase counts
    assert found == ("mental-health",)


def test_whole_programming_languages_count_as_programming_not_as_python() -> None:
    matcher = build_matcher(builtin_catalogue().interests)
    found = infer_interests(matcher, title="Kotlin User Group: Coroutines Deep Dive")
    assert found == ("programming",)


@pytest.mark.parametrize(
    "description",
    [
        "A two-day mountain walk. Good fitness required.",
        "Moderate pace, picnic at the lake. Dogs welcome.",
        "Wir wandern 12 Kilometer. Kinder willkommen.",
    ],
)
def test_a_keyword_right_before_welcome_or_required_is_boilerplate(description: str) -> None:
    # Given a hike whose description says who may come and what is needed
    matcher = build_matcher(builtin_catalogue().interests)
    # When it is inferred, Then only hiking counts
    found = infer_interests(matcher, title="Hike: Zugspitze", description=description)
    assert found == ("hiking",)
