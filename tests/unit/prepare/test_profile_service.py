"""Profile and interest use cases against a real store: change sets, validation, merging."""

from __future__ import annotations

import gettext

import pytest

from companion.domain.errors import ValidationError
from companion.domain.profile import OfferItem, OfferKind, Profile
from companion.i18n.translate import set_translations
from companion.services.changes import ChangeSet
from companion.services.profile.interests import (
    add_custom_interest,
    all_interests,
    builtin_catalogue,
    interest_by_slug,
    interest_label,
    label_for_slug,
    remove_custom_interest,
)
from companion.services.profile.profile import (
    get_profile,
    save_profile,
    set_my_interests,
    set_my_offers,
)
from companion.storage.store import Store


class _German(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return {"Board games": "Brettspiele"}.get(message, message)


def test_a_new_store_has_an_empty_profile_and_saving_reports_the_change(
    core_store: Store,
) -> None:
    # Given an empty store
    assert get_profile(core_store) == Profile()
    profile = Profile(
        interests=("board-games", "climbing"),
        offers=(OfferItem(kind=OfferKind.SKILL, text="Teach Go"),),
    )
    # When a profile is saved, then saved again unchanged
    first = save_profile(core_store, profile)
    again = save_profile(core_store, profile)
    # Then the first save reports the profile table, the second changes nothing
    assert first == ChangeSet(updated={"profile": frozenset({"me"})})
    assert again.empty
    assert get_profile(core_store) == profile


def test_interests_and_offers_are_replaced_separately(core_store: Store) -> None:
    # Given a saved profile
    offer = OfferItem(kind=OfferKind.INTRO, text="Intro to the climbing gym")
    save_profile(core_store, Profile(interests=("chess",), offers=(offer,)))
    # When my interests, then my offers are replaced
    set_my_interests(core_store, ["yoga", "hiking"])
    changes = set_my_offers(core_store, [])
    # Then each kept the other part
    assert get_profile(core_store) == Profile(interests=("yoga", "hiking"), offers=())
    assert changes.touches("profile")


def test_a_custom_interest_is_added_with_a_slug_and_merged_after_the_catalogue(
    core_store: Store,
) -> None:
    # Given the built-in catalogue
    builtin_count = len(builtin_catalogue().interests)
    # When I add an interest of my own
    changes = add_custom_interest(core_store, "  Lindy   Hop ")
    # Then it is stored under its slug, shown as typed, and listed after the built-in ones
    assert changes == ChangeSet(added={"interests": frozenset({"lindy-hop"})})
    interests = all_interests(core_store)
    assert len(interests) == builtin_count + 1
    assert interests[-1].slug == "lindy-hop"
    assert interests[-1].builtin is False
    assert label_for_slug(core_store, "lindy-hop") == "Lindy Hop"


@pytest.mark.parametrize("label", ["", "   ", "board games", "BOARD GAMES", "Board-Games!"])
def test_empty_or_existing_interests_are_refused(core_store: Store, label: str) -> None:
    # Given the catalogue with "Board games"
    # When I add an empty label or one naming it again
    with pytest.raises(ValidationError) as raised:
        add_custom_interest(core_store, label)
    # Then a clear message says why, and nothing was stored
    assert raised.value.field == "label"
    assert "Board games" in raised.value.message or "name" in raised.value.message
    assert len(core_store.interests) == 0


def test_a_label_in_the_current_language_counts_as_existing(core_store: Store) -> None:
    # Given the German interface, where "Board games" is "Brettspiele"
    set_translations(_German(), "de")
    # When I type the German name
    with pytest.raises(ValidationError) as raised:
        add_custom_interest(core_store, "brettspiele")
    # Then it is refused, naming the existing interest in German
    assert "Brettspiele" in raised.value.message
    board_games = interest_by_slug(core_store, "board-games")
    assert board_games is not None and interest_label(board_games) == "Brettspiele"


def test_a_label_without_latin_letters_still_gets_a_stable_slug(core_store: Store) -> None:
    # Given a label that folds to no ASCII
    # When it is added
    changes = add_custom_interest(core_store, "囲碁")
    # Then it has a slug of its own and keeps its label
    (slug,) = changes.added["interests"]
    assert slug.startswith("interest-")
    assert label_for_slug(core_store, slug) == "囲碁"


def test_custom_interests_can_be_removed_but_built_in_ones_cannot(core_store: Store) -> None:
    # Given one interest of my own
    add_custom_interest(core_store, "Lindy hop")
    # When I remove it and try to remove a built-in one
    changes, gone = remove_custom_interest(core_store, "lindy-hop")
    builtin_changes, builtin_gone = remove_custom_interest(core_store, "chess")
    # Then mine is gone (returned for undo) and the built-in one stays
    assert changes == ChangeSet(removed={"interests": frozenset({"lindy-hop"})})
    assert gone is not None and gone.label == "Lindy hop"
    assert builtin_changes.empty and builtin_gone is None
    assert interest_by_slug(core_store, "chess") is not None
