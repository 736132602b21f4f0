"""Situations beside the four stages of a conversation: joining a group already talking,
leaving gracefully, reconnecting, knowing no one, being an introvert, and the event's format
(a talk, a workshop, a run or walk, a breakfast, online). Each is a handful of lines to say.

A situation tied to a format names the words that reveal it ("workshop", "Vortrag", "zoom");
an event whose title or description says one of them gets that situation first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from companion.domain.inference import build_matcher, infer_interests
from companion.domain.interests import Interest

ONLINE_FORMAT = "online"


@dataclass(frozen=True, slots=True, kw_only=True)
class SituationLine:
    id: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Situation:
    """One situation: its label and lines in one language; ``format`` for the format ones."""

    id: str
    label: str
    lines: tuple[SituationLine, ...]
    format: str = ""
    match: tuple[str, ...] = ()


def event_formats(
    situations: Iterable[Situation], *, title: str, description: str, online: bool = False
) -> tuple[str, ...]:
    """The formats an event has, by whole words of its title and description (see inference)."""
    by_format: dict[str, set[str]] = {}
    for situation in situations:
        if situation.format:
            by_format.setdefault(situation.format, set()).update(situation.match)
    if not by_format:
        return ()
    matcher = build_matcher(
        Interest(slug=name, label=name, keywords=tuple(words)) for name, words in by_format.items()
    )
    found = infer_interests(matcher, title=title, description=description, limit=len(by_format))
    if online and ONLINE_FORMAT in by_format and ONLINE_FORMAT not in found:
        found = (*found, ONLINE_FORMAT)
    return found


def ordered_for_event(
    situations: Sequence[Situation], formats: Sequence[str]
) -> tuple[Situation, ...]:
    """The event's formats first (in the order found), then the general situations, then the
    other formats, each group in the order of the data."""
    rank = {name: position for position, name in enumerate(formats)}

    def key(item: tuple[int, Situation]) -> tuple[int, int, int]:
        position, situation = item
        if situation.format in rank:
            return (0, rank[situation.format], position)
        return (1 if not situation.format else 2, 0, position)

    return tuple(situation for _position, situation in sorted(enumerate(situations), key=key))
