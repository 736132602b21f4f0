"""Which openers to suggest for an event: one per stage, about what we share, varied, tuned.

The ranking is a score per opener, highest first:

1. What the opener is about, as a tier: interests both the event and I have, then the event's
   alone, then general openers (about nothing in particular), then mine alone, then the rest.
   Interests form a hierarchy (Python is part of programming): an opener is about the
   narrowest interests it is tagged with, and an event is about its interests and every
   broader one. So a Python meetup gets programming lines, a Kotlin (programming) meetup
   never gets Python lines, and a board-game night never gets game-design lines.
2. Variety: openers I already used with the same group or with people likely there, or that I
   put on a recent prep plan, lose points, so the card does not repeat itself.
3. Feedback: the share of uses that landed well (smoothed, so one use is weak evidence),
   favourites rise, openers that never landed and ones I often shuffled away sink. Hidden
   openers never appear.
4. A small jitter derived from a seed breaks ties, so the same seed always gives the same card.

Penalties are smaller than the gap between two tiers, except together: an opener about a shared
interest that I used with this very group and these people may fall behind one about the event
alone. That is the intent: the card should feel fresh.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from companion.domain.interests import Parents, narrowest, with_ancestors
from companion.domain.openers import Opener, OpenerStage

GENERAL = "general"
#: The stages of a card, in the order a conversation goes through them.
STAGES: tuple[OpenerStage, ...] = (
    OpenerStage.OPEN,
    OpenerStage.GO_DEEPER,
    OpenerStage.OFFER_HELP,
    OpenerStage.CLOSE,
)

TIER_POINTS = 100.0
EXTRA_INTEREST_POINTS = 8.0
#: Among openers about the event (not mine), ones about its main (first) interest, then its
#: second, come first: a careers breakfast that also mentions data is mostly about careers.
EVENT_FOCUS_POINTS = (12.0, 6.0)
USED_WITH_GROUP_PENALTY = 60.0
USED_WITH_PEOPLE_PENALTY = 45.0
RECENTLY_PREPARED_PENALTY = 30.0
FAVOURITE_BONUS = 35.0
#: Points for a landed-well share of 1.0 against one of 0.0 (smoothed, see ``_feedback``).
LANDED_SPAN = 50.0
NEVER_LANDED_PENALTY = 20.0
SKIP_PENALTY = 8.0
MAX_SKIP_PENALTY = 40.0
JITTER_POINTS = 6.0


class Match(IntEnum):
    """What an opener is about, relative to the event and me; higher ranks first."""

    OTHER = 0
    # Below general openers: my own hobby is off-topic for a crowd that gathers for another.
    MINE = 1
    GENERAL = 2
    EVENT = 3
    SHARED = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class SuggestionContext:
    """Everything the ranking needs to know besides the openers themselves.

    Attributes:
        my_interests: slugs from my profile.
        event_interests: slugs of the event.
        used_with_group: opener ids I used at earlier events of the same organizer.
        used_with_people: opener ids I used with people likely to be there.
        recently_prepared: opener ids on prep plans of other recent events.
        skip_counts: how often each opener was shuffled away on earlier plans.
        seed: tie-breaker; the same seed gives the same card.
        parents: the interest hierarchy (slug -> broader slug).
    """

    my_interests: tuple[str, ...] = ()
    event_interests: tuple[str, ...] = ()
    used_with_group: frozenset[str] = frozenset()
    used_with_people: frozenset[str] = frozenset()
    recently_prepared: frozenset[str] = frozenset()
    skip_counts: Mapping[str, int] = field(default_factory=dict)
    seed: int = 0
    parents: Parents = field(default_factory=dict)
    #: The event's interests and every broader one (computed).
    event_covers: frozenset[str] = field(init=False, compare=False, repr=False)
    #: My interests and every broader one (computed).
    mine_covers: frozenset[str] = field(init=False, compare=False, repr=False)
    #: slug -> position of the first event interest it is (or is broader than) (computed).
    event_focus: Mapping[str, int] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "event_covers", with_ancestors(self.event_interests, self.parents))
        object.__setattr__(self, "mine_covers", with_ancestors(self.my_interests, self.parents))
        focus: dict[str, int] = {}
        for position, slug in enumerate(self.event_interests):
            for covered in with_ancestors((slug,), self.parents):
                focus.setdefault(covered, position)
        object.__setattr__(self, "event_focus", focus)

    @property
    def shared(self) -> frozenset[str]:
        return frozenset(self.my_interests) & frozenset(self.event_interests)


def about(opener: Opener, parents: Parents) -> frozenset[str]:
    """The interests ``opener`` is about: its narrowest tags ("general" left out)."""
    tags = [slug for slug in opener.interests if slug != GENERAL]
    return frozenset(narrowest(tags, parents))


def match_of(opener: Opener, context: SuggestionContext) -> Match:
    """The best tier ``opener`` reaches for this event."""
    topics = about(opener, context.parents)
    event = context.event_covers
    mine = context.mine_covers
    if topics & event & mine:
        return Match.SHARED
    if topics & event:
        return Match.EVENT
    if topics & mine:
        return Match.MINE
    if not topics or GENERAL in opener.interests:
        return Match.GENERAL
    return Match.OTHER


def _feedback(opener: Opener, context: SuggestionContext) -> float:
    # Laplace smoothing: an opener never used sits at 0; 1 landed of 1 is +LANDED_SPAN/6;
    # 9 of 10 approaches +LANDED_SPAN/2.
    share = (opener.landed + 1) / (opener.used + 2)
    points = (share - 0.5) * LANDED_SPAN
    if opener.used >= 2 and opener.landed == 0:
        points -= NEVER_LANDED_PENALTY
    if opener.favourite:
        points += FAVOURITE_BONUS
    skips = context.skip_counts.get(opener.id, 0)
    return points - min(MAX_SKIP_PENALTY, SKIP_PENALTY * skips)


def _variety(opener: Opener, context: SuggestionContext) -> float:
    penalty = 0.0
    if opener.id in context.used_with_group:
        penalty += USED_WITH_GROUP_PENALTY
    if opener.id in context.used_with_people:
        penalty += USED_WITH_PEOPLE_PENALTY
    if opener.id in context.recently_prepared:
        penalty += RECENTLY_PREPARED_PENALTY
    return penalty


def _jitter(opener: Opener, seed: int) -> float:
    # crc32 rather than hash(): str hashes change between processes (PYTHONHASHSEED).
    bucket = zlib.crc32(f"{seed}:{opener.id}".encode()) % 1000
    return JITTER_POINTS * bucket / 1000


def score(opener: Opener, context: SuggestionContext) -> float:
    """How well ``opener`` suits this event; only the order of scores means anything."""
    tier = match_of(opener, context)
    points = TIER_POINTS * tier
    if tier is not Match.GENERAL and tier is not Match.OTHER:
        relevant = context.event_covers | context.mine_covers
        topics = about(opener, context.parents)
        extra = len(topics & relevant) - 1
        points += EXTRA_INTEREST_POINTS * max(0, extra)
        positions = [context.event_focus[slug] for slug in topics if slug in context.event_focus]
        # Only among the event's own lines: shared ones are already first, and the variety
        # penalties must still be able to move a much-used shared line below them.
        if tier is Match.EVENT and positions and min(positions) < len(EVENT_FOCUS_POINTS):
            points += EVENT_FOCUS_POINTS[min(positions)]
    return (
        points
        + _feedback(opener, context)
        - _variety(opener, context)
        + _jitter(opener, context.seed)
    )


def rank(
    openers: Iterable[Opener],
    context: SuggestionContext,
    stage: OpenerStage,
    *,
    exclude: Collection[str] = (),
) -> list[Opener]:
    """The openers of ``stage``, best first; hidden ones and ``exclude`` ids left out."""
    candidates = [
        opener
        for opener in openers
        if opener.stage is stage and not opener.hidden and opener.id not in exclude
    ]
    scored = [(score(opener, context), opener.id, opener) for opener in candidates]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [opener for _score, _id, opener in scored]


def alternatives(
    openers: Iterable[Opener],
    context: SuggestionContext,
    stage: OpenerStage,
    n: int,
    *,
    exclude: Collection[str] = (),
) -> list[Opener]:
    """Up to ``n`` openers of ``stage`` to pick from by hand, best first."""
    return rank(openers, context, stage, exclude=exclude)[: max(0, n)]


Card = dict[OpenerStage, Opener | None]


def suggest_card(
    openers: Sequence[Opener],
    context: SuggestionContext,
    *,
    pinned: Mapping[OpenerStage, Opener] | None = None,
    skipped: Collection[str] = (),
) -> Card:
    """One opener per stage (``None`` when a stage has none), never the same one twice.

    ``pinned`` slots are kept as they are. ``skipped`` ids (shuffled away while preparing) are
    chosen only when nothing else is left for a stage.
    """
    pinned = dict(pinned or {})
    taken = {opener.id for opener in pinned.values()}
    card: Card = {}
    for stage in STAGES:
        if stage in pinned:
            card[stage] = pinned[stage]
            continue
        choice = _best(openers, context, stage, taken=taken, skipped=skipped)
        card[stage] = choice
        if choice is not None:
            taken.add(choice.id)
    return card


def _best(
    openers: Sequence[Opener],
    context: SuggestionContext,
    stage: OpenerStage,
    *,
    taken: Collection[str],
    skipped: Collection[str],
) -> Opener | None:
    fresh = rank(openers, context, stage, exclude={*taken, *skipped})
    if fresh:
        return fresh[0]
    # Everything was shuffled away once: start over rather than leave the slot empty.
    again = rank(openers, context, stage, exclude=taken)
    return again[0] if again else None


def shuffle_slot(
    openers: Sequence[Opener],
    context: SuggestionContext,
    card: Mapping[OpenerStage, Opener | None],
    stage: OpenerStage,
    *,
    skipped: Collection[str] = (),
) -> Opener | None:
    """The next-best opener for ``stage``: not on the card, not shuffled away yet.

    The caller adds the replaced opener to ``skipped`` before asking again, so repeated shuffles
    walk down the ranking; once all were skipped it starts over from the best.
    """
    current = card.get(stage)
    taken = {opener.id for key, opener in card.items() if opener is not None and key is not stage}
    away = {*skipped, *([current.id] if current is not None else [])}
    fresh = rank(openers, context, stage, exclude={*taken, *away})
    if fresh:
        return fresh[0]
    again = rank(openers, context, stage, exclude={*taken, *([current.id] if current else [])})
    return again[0] if again else current
