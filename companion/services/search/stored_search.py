"""Ctrl+K's search over a store: people and notes read from the stored documents, the events,
and the opener library in the user's language."""

from __future__ import annotations

from collections.abc import Callable

from companion.services.prepare.opener_library import LibraryView
from companion.services.search.everything_search import EverythingSearch
from companion.services.search.search_sources import StoredNotes, StoredPeople, stored_events
from companion.storage.store import Store


def stored_search(store: Store, locale: Callable[[], str]) -> EverythingSearch:
    """The window's search; build its index with ``warm_up`` while the app is idle."""
    return EverythingSearch(
        people=StoredPeople(store),
        events=stored_events(store),
        openers=LibraryView(store, locale),
        notes=StoredNotes(store),
    )
