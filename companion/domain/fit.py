"""How well an event fits me: the interests we share, and how similar events felt.

The score is in [0, 1]. An event that shares none of my interests scores 0 and says so (it is
marked, not hidden). Otherwise the score grows with the number of shared interests and with the
share of the event's interests that are mine, and then moves up or down, by at most
``MAX_LEARNING``, with the reflections on similar past events: same organizer, or overlapping
interests. Everything here is deterministic: same inputs, same order, same words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from companion.domain.events import Event
from companion.domain.interests import Parents, shared_interests
from companion.domain.profile import Profile
from companion.i18n import _, ngettext

MAX_LEARNING = 0.25
NEUTRAL_RATING = 3.0
# How much evidence it takes before a reflection moves the score fully: with total similarity
# w the effect is scaled by w / (w + EVIDENCE_HALF), so one similar event counts half.
EVIDENCE_HALF = 1.0
ORGANIZER_SIMILARITY = 1.0
# Below this the learned effect is too small to mention (and is not applied, so the words and
# the numbers always agree).
MIN_NOTICEABLE = 0.01


class FitReasonKind(StrEnum):
    SHARED = "shared"  # slugs: the interests we share
    NO_SHARED = "no_shared"
    FELT_NATURAL = "felt_natural"  # rating, count, organizer ("" when only interests matched)
    FELT_FORCED = "felt_forced"


@dataclass(frozen=True, slots=True, kw_only=True)
class FitReason:
    """One part of the explanation; the UI turns it into words with ``describe_reason``."""

    kind: FitReasonKind
    slugs: tuple[str, ...] = ()
    rating: float = 0.0  # the weighted average felt-natural rating, 1–5
    count: int = 0  # how many reflected events were similar
    organizer: str = ""  # set when the similar events were by this event's organizer
    # The event's interests the similar events were about (when not matched by organizer).
    about: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Fit:
    score: float
    shared: tuple[str, ...]
    reasons: tuple[FitReason, ...]
    learned: float = 0.0  # the part of the score that came from reflections (may be negative)


@dataclass(frozen=True, slots=True)
class _Reflected:
    event_id: str
    organizer: str
    interests: frozenset[str]
    rating: int


@dataclass(frozen=True, slots=True)
class Experience:
    """The reflected past events, indexed for quick lookup by organizer and interest."""

    by_organizer: dict[str, tuple[_Reflected, ...]]
    by_interest: dict[str, tuple[_Reflected, ...]]


def _organizer_key(organizer: str) -> str:
    return " ".join(organizer.casefold().split())


def learn_from_reflections(past_events: Iterable[Event], now: datetime) -> Experience:
    """Collect the events that have ended and carry a reflection (felt natural, 1–5)."""
    by_organizer: dict[str, list[_Reflected]] = {}
    by_interest: dict[str, list[_Reflected]] = {}
    for event in past_events:
        if event.reflection is None or not event.has_ended(now):
            continue
        reflected = _Reflected(
            event.id,
            _organizer_key(event.organizer),
            frozenset(event.interests),
            event.reflection.felt_natural,
        )
        if reflected.organizer:
            by_organizer.setdefault(reflected.organizer, []).append(reflected)
        for slug in reflected.interests:
            by_interest.setdefault(slug, []).append(reflected)
    return Experience(
        by_organizer={key: tuple(items) for key, items in by_organizer.items()},
        by_interest={key: tuple(items) for key, items in by_interest.items()},
    )


def _similarity(event: Event, organizer: str, past: _Reflected) -> tuple[float, bool]:
    """(similarity 0–1, whether the organizer matched) of ``event`` and a reflected event."""
    if organizer and organizer == past.organizer:
        return ORGANIZER_SIMILARITY, True
    mine = set(event.interests)
    union = mine | past.interests
    overlap = len(mine & past.interests) / len(union) if union else 0.0
    return overlap, False


def _learned(event: Event, experience: Experience) -> tuple[float, FitReason | None]:
    organizer = _organizer_key(event.organizer)
    candidates: dict[str, _Reflected] = {}
    for past in experience.by_organizer.get(organizer, ()) if organizer else ():
        candidates[past.event_id] = past
    for slug in event.interests:
        for past in experience.by_interest.get(slug, ()):
            candidates[past.event_id] = past
    candidates.pop(event.id, None)
    total = weighted = 0.0
    count = 0
    by_organizer = False
    overlap: set[str] = set()
    for past in sorted(candidates.values(), key=lambda item: item.event_id):
        similarity, same_organizer = _similarity(event, organizer, past)
        if similarity <= 0:
            continue
        total += similarity
        weighted += similarity * past.rating
        count += 1
        by_organizer = by_organizer or same_organizer
        overlap.update(past.interests)
    if not count:
        return 0.0, None
    rating = weighted / total
    confidence = total / (total + EVIDENCE_HALF)
    effect = MAX_LEARNING * (rating - NEUTRAL_RATING) / 2 * confidence
    if abs(effect) < MIN_NOTICEABLE:
        return 0.0, None
    kind = FitReasonKind.FELT_NATURAL if effect > 0 else FitReasonKind.FELT_FORCED
    reason = FitReason(
        kind=kind,
        rating=round(rating, 1),
        count=count,
        organizer=event.organizer.strip() if by_organizer else "",
        about=() if by_organizer else tuple(s for s in event.interests if s in overlap),
    )
    return effect, reason


def _interest_score(shared: int, total: int) -> float:
    # More shared interests fit better (0.5, 0.75, 0.875 …), and so does an event that is
    # mostly about my interests rather than about many things with one of mine among them.
    return 0.6 * (1 - 0.5**shared) + 0.4 * (shared / total)


def fit_event(
    event: Event, profile: Profile, experience: Experience, *, parents: Parents | None = None
) -> Fit:
    """The fit of one event for my profile, with the reasons that explain it.

    ``parents``: the interest hierarchy; with it, my "programming" shares a Python meetup.
    """
    shared = shared_interests(profile.interests, event.interests, parents)
    if not shared:
        return Fit(score=0.0, shared=(), reasons=(FitReason(kind=FitReasonKind.NO_SHARED),))
    base = _interest_score(len(shared), len(event.interests))
    reasons = [FitReason(kind=FitReasonKind.SHARED, slugs=shared)]
    effect, learned_reason = _learned(event, experience)
    if learned_reason is not None:
        reasons.append(learned_reason)
    score = min(1.0, max(0.0, base + effect))
    return Fit(score=score, shared=shared, reasons=tuple(reasons), learned=effect)


def rank_events(
    events: Iterable[Event],
    profile: Profile,
    past_events: Iterable[Event],
    now: datetime,
    *,
    parents: Parents | None = None,
) -> list[tuple[Event, Fit]]:
    """Events with their fit, best fit first; equal fits by start time, then title and id."""
    experience = learn_from_reflections(past_events, now)
    fitted = [(event, fit_event(event, profile, experience, parents=parents)) for event in events]
    fitted.sort(key=lambda pair: (-pair[1].score, pair[0].start, pair[0].title, pair[0].id))
    return fitted


def _one_decimal(value: float) -> str:
    return f"{value:.1f}"


def _counted(count: int) -> str:
    return str(count)


def describe_reason(
    reason: FitReason,
    label_of: Callable[[str], str],
    *,
    number: Callable[[float], str] = _one_decimal,
    count_text: Callable[[int], str] = _counted,
) -> str:
    """One reason in words ("Events about Board games have felt natural to you – 4.5/5 over
    3 events").

    ``label_of`` turns a slug into its translated label; ``number`` formats the rating and
    ``count_text`` the count in the user's locale (the UI passes Babel's formatters; the domain
    may not import Babel).
    """
    if reason.kind is FitReasonKind.SHARED:
        labels = ", ".join(label_of(slug) for slug in reason.slugs)
        return _("You share: {interests}").format(interests=labels)
    if reason.kind is FitReasonKind.NO_SHARED:
        return _("No shared interest")
    values = {
        "rating": number(reason.rating),
        "count": count_text(reason.count),
        "organizer": reason.organizer,
        "interests": ", ".join(label_of(slug) for slug in reason.about),
    }
    natural = reason.kind is FitReasonKind.FELT_NATURAL
    if reason.organizer:
        words = (
            ngettext(
                "An event by {organizer} felt natural to you ({rating}/5)",
                "Events by {organizer} have felt natural to you – {rating}/5 over {count} events",
                reason.count,
            )
            if natural
            else ngettext(
                "An event by {organizer} felt forced ({rating}/5)",
                "Events by {organizer} have felt forced – {rating}/5 over {count} events",
                reason.count,
            )
        )
    elif reason.about:
        words = (
            ngettext(
                "An event about {interests} felt natural to you ({rating}/5)",
                "Events about {interests} have felt natural to you – {rating}/5 over {count} "
                "events",
                reason.count,
            )
            if natural
            else ngettext(
                "An event about {interests} felt forced ({rating}/5)",
                "Events about {interests} have felt forced – {rating}/5 over {count} events",
                reason.count,
            )
        )
    elif natural:
        words = ngettext(
            "A similar event felt natural ({rating}/5)",
            "Events like this felt natural ({rating}/5)",
            reason.count,
        )
    else:
        words = ngettext(
            "A similar event felt forced ({rating}/5)",
            "Events like this felt forced ({rating}/5)",
            reason.count,
        )
    return words.format(**values)


def explain(
    fit: Fit,
    label_of: Callable[[str], str],
    *,
    number: Callable[[float], str] = _one_decimal,
    count_text: Callable[[int], str] = _counted,
) -> tuple[str, ...]:
    """Every reason of ``fit`` in words, in order."""
    return tuple(
        describe_reason(reason, label_of, number=number, count_text=count_text)
        for reason in fit.reasons
    )
