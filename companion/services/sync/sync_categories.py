"""Interests on a card's CATEGORIES, both ways.

Out: as the user sees them, a built-in interest's label in the app's language ("Wandern" in
German), the user's own interests as typed, then the tags. A card keeps the words it was sent
with while the person's interests and tags stay the same (``sync_apply`` remembers the line),
so switching the app's language does not rewrite every card.

In: a category is an interest only when it *is* one: its key, its English label, its label in
any language the app ships, or the label of an interest of the user's own (case and accents
aside). So "Wandern", "Hiking" and "hiking" all come back as the one interest, whatever language
the app ran in when the card was sent. Anything else (a phone's contact groups written as
categories, "Family", "Work", "Running club") stays a tag: kept on the person, shown, written
back, and never guessed into an interest the way a file import's categories are.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from functools import cache

from companion.domain.folding import fold
from companion.domain.interests import Interest
from companion.i18n.languages import load_translations, shipped_locales
from companion.services.people.people_import import Categorize
from companion.services.profile.interests import all_interests, interest_label
from companion.storage.store import Store

__all__ = ["card_categorizer", "shown_interest_labels"]


def shown_interest_labels(store: Store) -> dict[str, str]:
    """Slug → the label the user sees: translated for built-in interests, own ones as typed."""
    return {interest.slug: interest_label(interest) for interest in all_interests(store)}


@cache
def _translations() -> tuple[gettext.NullTranslations, ...]:
    # Each shipped catalogue once per process (a few milliseconds each).
    return tuple(load_translations(locale) for locale in shipped_locales())


def _names(interest: Interest) -> Iterable[str]:
    yield interest.slug
    yield interest.label
    if interest.builtin:
        for translations in _translations():
            yield translations.gettext(interest.label)


def card_categorizer(interests: Iterable[Interest]) -> Categorize:
    """Maps a card's categories to interests by exact name (any language); the rest are tags.

    Any thread may build and use it (``interests`` were read from the store before).
    """
    by_name: dict[str, str] = {}
    for interest in interests:
        for name in _names(interest):
            # The first interest to claim a name keeps it: built-in before the user's own.
            by_name.setdefault(fold(" ".join(name.split())), interest.slug)

    def categorize(labels: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        found: list[str] = []
        tags: list[str] = []
        for label in labels:
            slug = by_name.get(fold(" ".join(label.split())))
            if slug is None:
                tags.append(label)
            elif slug not in found:
                found.append(slug)
        return tuple(found), tuple(tags)

    return categorize
