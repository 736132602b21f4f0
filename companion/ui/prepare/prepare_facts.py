"""The Prepare dialog's header: the event's facts, its interests (the ones I share filled),
why it fits me in one line ("You share: Board games; Events about Board games have felt natural
to you – 4.5/5 over 3 events", numbers through Babel), its link and its description.
"""

from __future__ import annotations

from datetime import datetime

from babel.numbers import format_decimal

from companion.domain.events import Event
from companion.domain.fit import explain, rank_events
from companion.domain.interests import shared_interests
from companion.i18n.translate import current_locale
from companion.services.prepare.prep_card import when_text, where_text
from companion.services.prepare.prepare import PrepCard
from companion.services.profile.interests import interest_parents, label_for_slug
from companion.services.profile.profile import get_profile
from companion.storage.store import Store
from companion.ui.prepare.prepare_sections import EventHeader


def fit_text(store: Store, event: Event, now: datetime) -> str:
    """The fit's reasons joined in one line ("" when there is nothing to say)."""
    locale = current_locale()

    def number(value: float) -> str:
        return format_decimal(value, format="0.0", locale=locale)

    def count_text(count: int) -> str:
        return format_decimal(count, locale=locale)

    ranked = rank_events(
        [event], get_profile(store), store.events, now, parents=interest_parents(store)
    )
    if not ranked:
        return ""
    _event, fit = ranked[0]
    reasons = explain(
        fit, lambda slug: label_for_slug(store, slug), number=number, count_text=count_text
    )
    return "; ".join(reasons)


def show_header(header: EventHeader, store: Store, card: PrepCard, now: datetime) -> None:
    """Fill ``header`` for ``card``'s event."""
    event = card.event
    facts = [when_text(card), where_text(card), event.organizer]
    # Python is filled for someone who likes programming (the interest hierarchy).
    mine = set(shared_interests(card.context.my_interests, event.interests, card.context.parents))
    header.show_event(
        title=event.title,
        facts="  ·  ".join(part for part in facts if part),
        chips=[(card.interest_labels.get(slug, slug), slug in mine) for slug in event.interests],
        fit=fit_text(store, event, now),
        url=event.url,
        description=event.description,
    )
