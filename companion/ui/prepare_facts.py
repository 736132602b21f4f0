"""Why an event fits me, in one line for the Prepare dialog's header (same words as Home).

"You share: Board games; Events about Board games have felt natural to you – 4.5/5 over 3
events": numbers in the user's locale, through Babel.
"""

from __future__ import annotations

from datetime import datetime

from babel.numbers import format_decimal

from companion.domain.events import Event
from companion.domain.fit import explain, rank_events
from companion.i18n.translate import current_locale
from companion.services.interests import interest_parents, label_for_slug
from companion.services.profile import get_profile
from companion.storage.store import Store


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
