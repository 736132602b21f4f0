"""Interests form a hierarchy: narrow lines only for narrow events, broad lines for broad ones."""

from __future__ import annotations

import pytest

from companion.domain.catalogue import CatalogueError, parse_catalogue
from companion.domain.interests import ancestors, narrowest, with_ancestors
from companion.domain.opener_suggestion import (
    STAGES,
    Match,
    SuggestionContext,
    match_of,
    suggest_card,
)
from companion.domain.openers import Opener, OpenerStage
from companion.services.prepare.opener_library import builtin_openers, clear_cache
from companion.services.profile.interests import builtin_catalogue

PARENTS = {"game-design": "board-games", "python": "programming", "jazz-blues": "live-music"}


def _opener(opener_id: str, *interests: str, stage: OpenerStage = OpenerStage.OPEN) -> Opener:
    return Opener(id=opener_id, text=f"Line {opener_id}?", stage=stage, interests=interests)


def test_ancestors_and_narrowest_follow_the_parents() -> None:
    # Given a small hierarchy, Then Python is part of programming, and a line tagged with both
    # game design and board games is about game design only
    assert ancestors("python", PARENTS) == ("programming",)
    assert ancestors("programming", PARENTS) == ()
    assert with_ancestors(("python", "chess"), PARENTS) == {"python", "programming", "chess"}
    assert narrowest(("game-design", "board-games"), PARENTS) == ("game-design",)
    assert narrowest(("board-games", "chess"), PARENTS) == ("board-games", "chess")


def test_a_cycle_in_the_parents_ends_instead_of_looping() -> None:
    assert set(ancestors("a", {"a": "b", "b": "a"})) == {"b"}


@pytest.mark.parametrize(
    ("tags", "event", "expected"),
    [
        # A board-game night never gets game-design lines; a game-design meetup gets both
        (("game-design", "board-games"), ("board-games",), Match.OTHER),
        (("game-design", "board-games"), ("game-design",), Match.EVENT),
        (("board-games",), ("game-design",), Match.EVENT),
        # A Kotlin (programming) meetup never gets Python lines; a Python one gets both
        (("python", "programming"), ("programming",), Match.OTHER),
        (("programming",), ("python",), Match.EVENT),
        # A jazz jam gets live-music lines, a concert in general no jazz lines
        (("live-music",), ("jazz-blues",), Match.EVENT),
        (("jazz-blues",), ("live-music",), Match.OTHER),
    ],
)
def test_a_narrow_line_needs_the_narrow_interest_and_broad_lines_suit_narrow_events(
    tags: tuple[str, ...], event: tuple[str, ...], expected: Match
) -> None:
    # Given an event and the hierarchy
    context = SuggestionContext(event_interests=event, parents=PARENTS)
    # When an opener's tier is judged, Then it follows the narrowest tag
    assert match_of(_opener("x", *tags), context) is expected


def test_my_broad_interest_makes_a_narrow_event_line_shared() -> None:
    # Given I like programming and the event is a Python meetup
    context = SuggestionContext(
        my_interests=("programming",), event_interests=("python",), parents=PARENTS
    )
    # Then a programming line is about what we share
    assert match_of(_opener("x", "programming"), context) is Match.SHARED


def test_the_shipped_catalogue_places_narrow_interests_under_broad_ones() -> None:
    parents = builtin_catalogue().parents
    assert parents["game-design"] == "board-games"
    assert parents["python"] == "programming"
    assert parents["web-development"] == "programming"
    assert parents["jazz-blues"] == "live-music"
    assert parents["electronic-music"] == "making-music"
    assert "board-games" not in parents and "programming" not in parents


def test_a_parent_must_exist_and_never_form_a_cycle() -> None:
    groups = [{"slug": "g", "label": "G"}]
    unknown = {
        "groups": groups,
        "interests": [{"slug": "a", "label": "A", "group": "g", "parent": "z"}],
    }
    with pytest.raises(CatalogueError, match="unknown parent"):
        parse_catalogue(unknown)
    cycle = {
        "groups": groups,
        "interests": [
            {"slug": "a", "label": "A", "group": "g", "parent": "b"},
            {"slug": "b", "label": "B", "group": "g", "parent": "a"},
        ],
    }
    with pytest.raises(CatalogueError, match="cycle"):
        parse_catalogue(cycle)


@pytest.mark.parametrize(
    ("event", "never"),
    [
        (("board-games",), {"game-design"}),
        (("programming",), {"python", "web-development", "devops-cloud"}),
        (("making-music", "jazz-blues"), {"electronic-music"}),
    ],
)
def test_cards_from_the_shipped_library_keep_narrow_lines_off_broad_events(
    event: tuple[str, ...], never: set[str]
) -> None:
    # Given the shipped English library and the catalogue's hierarchy
    clear_cache()
    library = builtin_openers("en")
    parents = builtin_catalogue().parents
    # When cards are suggested for a broad event over many seeds
    for seed in range(200):
        context = SuggestionContext(event_interests=event, parents=parents, seed=seed)
        card = suggest_card(library, context)
        # Then no line tagged with a narrower interest the event lacks appears
        for stage in STAGES:
            opener = card[stage]
            assert opener is not None
            assert not (never & set(opener.interests)), (seed, stage, opener.id)


def _lines_tagged_beside_a_broader_interest() -> list[str]:
    clear_cache()
    parents = builtin_catalogue().parents
    return [
        opener.id
        for opener in builtin_openers("en")
        if set(opener.interests) - set(narrowest(opener.interests, parents))
    ]


def test_shipped_lines_are_tagged_with_the_narrowest_interest_only() -> None:
    # A line tagged "game design" and "board games" is treated as game design only (see
    # ``narrowest``); the data should say so itself.
    assert _lines_tagged_beside_a_broader_interest() == []


def test_a_line_tagged_beside_a_broader_interest_counts_as_the_narrow_one() -> None:
    # Whatever the data says, such a line never reaches a broad event
    parents = builtin_catalogue().parents
    for opener_id in _lines_tagged_beside_a_broader_interest():
        opener = next(o for o in builtin_openers("en") if o.id == opener_id)
        narrow = narrowest(opener.interests, parents)
        broad = set(opener.interests) - set(narrow)
        context = SuggestionContext(event_interests=tuple(broad), parents=parents)
        assert match_of(opener, context) is not Match.EVENT, opener_id
