"""Profile use cases: my interests and what I can offer."""

from __future__ import annotations

from collections.abc import Iterable

from companion.domain.profile import OfferItem, Profile
from companion.services.changes import ChangeSet, updated
from companion.storage.repositories import PROFILE_KEY
from companion.storage.store import Store

TABLE = "profile"


def get_profile(store: Store) -> Profile:
    """My profile; an empty one before I have saved anything."""
    return store.profile.get()


def save_profile(store: Store, profile: Profile) -> ChangeSet:
    """Store ``profile``; durable on return. Saving an unchanged profile writes nothing."""
    if store.profile.get() == profile:
        return ChangeSet()
    store.profile.put(profile)
    return updated(TABLE, PROFILE_KEY)


def set_my_interests(store: Store, slugs: Iterable[str]) -> ChangeSet:
    """Replace my interests (in the order given), keeping my offers."""
    current = store.profile.get()
    return save_profile(store, Profile(interests=tuple(slugs), offers=current.offers))


def set_my_offers(store: Store, offers: Iterable[OfferItem]) -> ChangeSet:
    """Replace what I can offer, keeping my interests."""
    current = store.profile.get()
    return save_profile(store, Profile(interests=current.interests, offers=tuple(offers)))
