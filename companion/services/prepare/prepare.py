"""Prepare an event: the prep card (openers, offers, intention, people likely there), changed
slot by slot, saved on the event, and the feedback after it.

A ``PrepCard`` is an immutable value: ``shuffle``, ``pin`` and ``choose`` return a new card,
``dataclasses.replace(card, intention=..., offer_notes=...)`` changes the free text. Nothing is
written until ``save_card``/``save_plan``; each write is one durable change with a ``ChangeSet``.

Who is likely there lives in ``likely_there``, what the suggestions learn from in
``prep_context``; this module puts them together on the card.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from companion.domain import opener_suggestion as suggestion
from companion.domain.events import Event, EventStatus, PrepPlan
from companion.domain.give_and_take import sharing_openers, suggested_frame
from companion.domain.opener_suggestion import STAGES, SuggestionContext
from companion.domain.openers import Opener, OpenerStage
from companion.domain.profile import OfferItem
from companion.i18n import _
from companion.services.changes import ChangeSet, updated
from companion.services.prepare.likely_there import LikelyPerson, group_event_ids, likely_there
from companion.services.prepare.opener_library import (
    opener_language,
    opener_library,
    record_usage,
    with_stored_state,
)
from companion.services.prepare.prep_context import suggestion_context
from companion.services.prepare.prepare_offers import offers_about, offers_for_event, offers_on_card
from companion.services.profile.interests import label_for_slug
from companion.storage.store import Store

__all__ = ["offers_about", "offers_for_event"]  # kept importable from here

EVENTS_TABLE = "events"
OPENERS_TABLE = "openers"


class PrepareError(LookupError):
    """The event to prepare does not exist, or there is none coming; ``str()`` says which."""


@dataclass(frozen=True, slots=True)
class StageSlot:
    """One stage of the card: the suggested (or chosen) opener and whether I pinned it."""

    stage: OpenerStage
    opener: Opener | None
    pinned: bool = False


@dataclass(frozen=True, slots=True)
class PrepCard:
    """Everything on one event's prep card.

    Attributes:
        event: the event being prepared.
        slots: one per stage, in conversation order (``STAGES``).
        offers: items of my offer inventory for this event: the chosen ones when a saved plan
            picked some, else the ones whose interests meet the event's.
        offers_match: ``False`` when none of my offers meets the event's interests and
            ``offers`` therefore lists all of them.
        offer_notes: free notes ("I can intro people to the climbing gym owner").
        intention: one line ("learn how they run playtests").
        likely_there: people I know who may come, most likely first.
        interest_labels: slug -> label to show, for the event's and my interests.
        skipped: opener ids shuffled away (they sink next time).
        locale: the opener library's locale.
    """

    event: Event
    slots: tuple[StageSlot, ...]
    offers: tuple[OfferItem, ...] = ()
    offers_match: bool = True
    offer_notes: tuple[str, ...] = ()
    intention: str = ""
    likely_there: tuple[LikelyPerson, ...] = ()
    interest_labels: dict[str, str] = field(default_factory=dict, compare=False)
    skipped: frozenset[str] = frozenset()
    locale: str = "en"
    context: SuggestionContext = field(default_factory=SuggestionContext, compare=False)

    def slot(self, stage: OpenerStage) -> StageSlot:
        return next(slot for slot in self.slots if slot.stage is stage)

    @property
    def openers(self) -> tuple[Opener, ...]:
        """The openers on the card, in stage order (empty slots left out)."""
        return tuple(slot.opener for slot in self.slots if slot.opener is not None)

    def plan(self) -> PrepPlan:
        """The card as the event's prep plan (keeps feedback already recorded)."""
        previous = self.event.prep
        return replace(
            previous,
            opener_ids=tuple(opener.id for opener in self.openers),
            pinned_opener_ids=tuple(
                slot.opener.id for slot in self.slots if slot.pinned and slot.opener is not None
            ),
            skipped_opener_ids=tuple(sorted(self.skipped)),
            offer_texts=tuple(offer.text for offer in self.offers) if self.offers_match else (),
            offer_notes=self.offer_notes,
            intention=self.intention,
        )


# --- Reading -----------------------------------------------------------------------------------


def next_event(store: Store, now: datetime) -> Event | None:
    """The soonest event that has not ended (still running counts), skipped ones left out."""
    coming = [
        event
        for event in store.events
        if not event.has_ended(now) and event.status is not EventStatus.SKIPPED
    ]
    return min(coming, key=lambda event: (event.start, event.title, event.id), default=None)


def prep_card(
    store: Store,
    event_id: str,
    *,
    locale: str,
    now: datetime,
    library: Sequence[Opener] | None = None,
) -> PrepCard:
    """The card for ``event_id``: its saved plan, with empty stages suggested.

    Args:
        locale: the opener library's language (English when it has none).
        now: the current time (the injected clock), for "recent" plans.
        library: the openers to choose from; default: ``opener_library(store, locale)``.

    Raises:
        PrepareError: no event has that id.
    """
    del now  # reserved: "recent" is measured from the event's own date for now
    event = _event(store, event_id)
    openers = _openers(store, locale, library)
    profile = store.profile.get()
    group_events = group_event_ids(store, event)
    likely = likely_there(store, event, group_events=group_events)
    context = suggestion_context(
        store, event, my_interests=profile.interests, likely=likely, group_events=group_events
    )
    plan = event.prep
    kept = _kept_openers(openers, plan)
    suggested = suggestion.suggest_card(_suggestable(openers, kept), context, pinned=kept)
    pinned_ids = set(plan.pinned_opener_ids)
    slots = tuple(
        StageSlot(stage, opener, pinned=opener is not None and opener.id in pinned_ids)
        for stage, opener in ((stage, suggested[stage]) for stage in STAGES)
    )
    offers, matching = offers_on_card(store, profile.offers, event, plan)
    slugs = [*event.interests, *profile.interests]
    return PrepCard(
        event=event,
        slots=slots,
        offers=offers,
        offers_match=matching,
        offer_notes=plan.offer_notes,
        intention=plan.intention,
        likely_there=tuple(likely),
        interest_labels={slug: label_for_slug(store, slug) for slug in dict.fromkeys(slugs)},
        skipped=frozenset(plan.skipped_opener_ids),
        locale=locale,
        context=context,
    )


def alternatives(
    store: Store,
    card: PrepCard,
    stage: OpenerStage,
    n: int = 20,
    *,
    library: Sequence[Opener] | None = None,
) -> list[Opener]:
    """Up to ``n`` openers for ``stage`` to pick by hand, best first (ones on the card left out)."""
    openers = _openers(store, card.locale, library)
    on_card = {opener.id for opener in card.openers}
    return suggestion.alternatives(openers, card.context, stage, n, exclude=on_card)


# --- Changing the card (no writes) ------------------------------------------------------------


def shuffle(
    store: Store,
    card: PrepCard,
    stage: OpenerStage,
    *,
    library: Sequence[Opener] | None = None,
) -> PrepCard:
    """Replace the opener of ``stage`` by the next-best one; a pinned slot stays as it is."""
    slot = card.slot(stage)
    if slot.pinned:
        return card
    current = {each.stage: each.opener for each in card.slots}
    openers = _suggestable(
        _openers(store, card.locale, library),
        {each_stage: each for each_stage, each in current.items() if each is not None},
    )
    choice = suggestion.shuffle_slot(openers, card.context, current, stage, skipped=card.skipped)
    skipped = card.skipped | ({slot.opener.id} if slot.opener is not None else set())
    if choice is not None:
        skipped = skipped - {choice.id}
    return replace(card, slots=_with_slot(card, StageSlot(stage, choice)), skipped=skipped)


def pin(card: PrepCard, stage: OpenerStage, pinned: bool = True) -> PrepCard:
    """Pin (or unpin) the opener of ``stage`` so suggesting again keeps it."""
    slot = card.slot(stage)
    if slot.opener is None or slot.pinned == pinned:
        return card
    return replace(card, slots=_with_slot(card, replace(slot, pinned=pinned)))


def choose(
    store: Store,
    card: PrepCard,
    stage: OpenerStage,
    opener_id: str,
    *,
    library: Sequence[Opener] | None = None,
) -> PrepCard:
    """Put the opener ``opener_id`` (picked by hand) in ``stage``'s slot, pinned.

    An opener already on the card in another slot moves here (a card never repeats one).

    Raises:
        PrepareError: no opener has that id.
    """
    openers = _openers(store, card.locale, library)
    opener = next((each for each in openers if each.id == opener_id), None)
    if opener is None:
        raise PrepareError(_("There is no opener with the id “{id}”.").format(id=opener_id))
    slots = tuple(
        StageSlot(each.stage, None)
        if each.opener is not None and each.opener.id == opener_id and each.stage is not stage
        else each
        for each in card.slots
    )
    card = replace(card, slots=slots)
    return replace(card, slots=_with_slot(card, StageSlot(stage, opener, pinned=True)))


def set_offers(card: PrepCard, offers: Iterable[OfferItem]) -> PrepCard:
    """Choose which of my offers go on the card."""
    return replace(card, offers=tuple(offers), offers_match=True)


def _with_slot(card: PrepCard, new: StageSlot) -> tuple[StageSlot, ...]:
    return tuple(new if slot.stage is new.stage else slot for slot in card.slots)


# --- Writing -----------------------------------------------------------------------------------


def save_plan(store: Store, event_id: str, plan: PrepPlan) -> ChangeSet:
    """Store ``plan`` on the event; one durable write. Unchanged or unknown event: nothing."""
    event = store.events.get(event_id)
    if event is None or event.prep == plan:
        return ChangeSet()
    store.events.put(replace(event, prep=plan))
    return updated(EVENTS_TABLE, event_id)


def save_card(store: Store, card: PrepCard) -> ChangeSet:
    """Store the card as its event's prep plan."""
    return save_plan(store, card.event.id, card.plan())


def record_feedback(
    store: Store,
    event_id: str,
    *,
    used: Iterable[str],
    landed: Iterable[str],
    locale: str,
) -> ChangeSet:
    """After the event: which openers I used and which landed well; one durable write.

    Stored on the event's prep plan, and counted on the openers (used/landed) so suggestions
    learn. Recording again only counts what is new (a landed opener counts as used).

    Raises:
        PrepareError: no event has that id.
    """
    event = _event(store, event_id)
    landed_ids = tuple(dict.fromkeys(landed))
    used_ids = tuple(dict.fromkeys([*used, *landed_ids]))
    plan = replace(event.prep, used_opener_ids=used_ids, landed_opener_ids=landed_ids)
    new_used = [opener_id for opener_id in used_ids if opener_id not in event.prep.used_opener_ids]
    new_landed = [
        opener_id for opener_id in landed_ids if opener_id not in event.prep.landed_opener_ids
    ]
    if plan == event.prep:
        return ChangeSet()
    # record_usage counts a landed opener as used too; one already counted as used that now
    # landed only gains a "landed".
    landed_only = [opener_id for opener_id in new_landed if opener_id not in new_used]
    with store.batch():
        store.events.put(replace(event, prep=plan))
        changes = record_usage(
            store,
            used=new_used,
            landed=[opener_id for opener_id in new_landed if opener_id in new_used],
            locale=locale,
            extra={opener.id: opener for opener in _give_and_take(store, locale)},
        )
        for opener_id in landed_only:
            stored = store.openers.get(opener_id)
            if stored is not None and stored.landed < stored.used:
                store.openers.put(replace(stored, landed=stored.landed + 1))
                changes = changes.merged(updated(OPENERS_TABLE, opener_id))
    return updated(EVENTS_TABLE, event_id).merged(changes)


# --- Helpers ------------------------------------------------------------------------------------


def _event(store: Store, event_id: str) -> Event:
    event = store.events.get(event_id)
    if event is None:
        raise PrepareError(_("There is no event with the id “{id}”.").format(id=event_id))
    return event


def _openers(store: Store, locale: str, library: Sequence[Opener] | None) -> list[Opener]:
    """``library`` when the caller has it already, else the library in ``locale``; with the
    give-and-take lines made from my profile's interests (see ``domain.give_and_take``)."""
    openers = list(library) if library is not None else opener_library(store, locale)
    known = {opener.id for opener in openers}
    mine = [opener for opener in _give_and_take(store, locale) if opener.id not in known]
    return [*openers, *with_stored_state(store, mine)]


def _suggestable(openers: Sequence[Opener], kept: Mapping[OpenerStage, Opener]) -> list[Opener]:
    """What suggestions choose from: one give-and-take line per interest (and any on the card)."""
    on_card = {opener.id for opener in kept.values()}
    return [o for o in openers if o.id in on_card or suggested_frame(o.id)]


def _give_and_take(store: Store, locale: str) -> list[Opener]:
    return sharing_openers(
        store.profile.get().interests,
        lambda slug: label_for_slug(store, slug),
        language=opener_language(locale),
    )


def _kept_openers(openers: Sequence[Opener], plan: PrepPlan) -> dict[OpenerStage, Opener]:
    """The saved plan's openers that still exist and are not hidden, the first per stage."""
    by_id = {opener.id: opener for opener in openers}
    kept: dict[OpenerStage, Opener] = {}
    for opener_id in plan.opener_ids:
        opener = by_id.get(opener_id)
        if opener is not None and not opener.hidden and opener.stage not in kept:
            kept[opener.stage] = opener
    return kept
