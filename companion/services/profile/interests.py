"""Interests use cases: the built-in catalogue merged with the user's own interests.

Built-in labels are English in the data and translated when shown (``interest_label``); labels
the user typed are shown as typed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from companion import paths
from companion.domain.catalogue import Catalogue, InterestGroup, parse_catalogue
from companion.domain.errors import ValidationError
from companion.domain.folding import fold
from companion.domain.interests import Interest, parents_of, slug_for_label
from companion.i18n import _
from companion.services.changes import ChangeSet, added, removed
from companion.storage.store import Store

if TYPE_CHECKING:
    from companion.domain.inference import InterestMatcher

TABLE = "interests"
CATALOGUE_FILE = ("interests", "catalogue.json")
OFFER_INTEREST_LIMIT = 3  # an offer is about one thing or two, rarely more


@cache
def builtin_catalogue() -> Catalogue:
    """The catalogue shipped with the app (read once per process)."""
    path = paths.resources_dir().joinpath(*CATALOGUE_FILE)
    return parse_catalogue(json.loads(path.read_text(encoding="utf-8")))


def all_interests(store: Store) -> list[Interest]:
    """Built-in interests in catalogue order, then the user's own in the order they were made."""
    catalogue = builtin_catalogue().interests
    known = {interest.slug for interest in catalogue}
    own = [interest for interest in store.interests if interest.slug not in known]
    return [*catalogue, *own]


def custom_interests(store: Store) -> list[Interest]:
    known = {interest.slug for interest in builtin_catalogue().interests}
    return [interest for interest in store.interests if interest.slug not in known]


def interest_by_slug(store: Store, slug: str) -> Interest | None:
    for interest in builtin_catalogue().interests:
        if interest.slug == slug:
            return interest
    return store.interests.get(slug)


def interest_label(interest: Interest) -> str:
    """The label to show: translated for built-in interests, as typed for the user's own."""
    return _(interest.label) if interest.builtin else interest.label


def group_label(group: InterestGroup) -> str:
    return _(group.label)


def label_for_slug(store: Store, slug: str) -> str:
    """The label to show for ``slug``; an unknown slug (e.g. from an import) is shown as is."""
    interest = interest_by_slug(store, slug)
    return slug if interest is None else interest_label(interest)


def interest_parents(store: Store) -> dict[str, str]:
    """The interest hierarchy: slug -> broader slug (built in, and any of my own that have one)."""
    return parents_of(all_interests(store))


def interest_matcher(store: Store) -> InterestMatcher:
    """A matcher over every interest, for ``companion.domain.inference.infer_interests``."""
    # Imported when first matched: Home's start shows labels only.
    from companion.domain.inference import build_matcher

    return build_matcher(all_interests(store))


def interest_inference(
    store: Store,
) -> Callable[[tuple[str, ...], str, str], tuple[str, ...]]:
    """Infers an imported event's interests from its categories, title and description."""
    from companion.domain.inference import infer_interests

    matcher = interest_matcher(store)

    def infer(categories: tuple[str, ...], title: str, description: str) -> tuple[str, ...]:
        return infer_interests(matcher, categories=categories, title=title, description=description)

    return infer


def offer_interest_inference(store: Store) -> Callable[[str], tuple[str, ...]]:
    """Suggests the interests of an offer from its words ("Teach Python to beginners")."""
    from companion.domain.inference import infer_interests

    matcher = interest_matcher(store)

    def infer(text: str) -> tuple[str, ...]:
        return infer_interests(matcher, title=text, limit=OFFER_INTEREST_LIMIT)

    return infer


def add_custom_interest(store: Store, label: str) -> ChangeSet:
    """Add an interest of my own; the new slug is the only id in ``added["interests"]``.

    Raises ``ValidationError`` for an empty label or one that names an existing interest (its
    key, English label or label in the current language).
    """
    cleaned = " ".join(label.split())
    if not cleaned:
        raise ValidationError(_("An interest needs a name."), field="label")
    slug = slug_for_label(cleaned)
    wanted = fold(cleaned)
    for existing in all_interests(store):
        names = {fold(existing.label), fold(interest_label(existing))}
        if existing.slug == slug or wanted in names:
            raise ValidationError(
                _("“{label}” is already an interest: {existing}.").format(
                    label=cleaned, existing=interest_label(existing)
                ),
                field="label",
            )
    store.interests.put(Interest(slug=slug, label=cleaned, builtin=False))
    return added(TABLE, slug)


def remove_custom_interest(store: Store, slug: str) -> tuple[ChangeSet, Interest | None]:
    """Remove one of my own interests (built-in ones cannot be removed); returned for undo."""
    if any(interest.slug == slug for interest in builtin_catalogue().interests):
        return ChangeSet(), None
    gone = store.interests.remove(slug)
    return (removed(TABLE, slug) if gone else ChangeSet()), gone
