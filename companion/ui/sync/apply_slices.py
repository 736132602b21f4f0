"""Writing a big round in small slices, so the window never stalls for long.

The first round with an address book of 1,000 cards reads, matches and writes 1,000 people on
the GUI thread (seconds). Split by pulled cards, each slice is one short batch in its own turn
of the event loop: slices before the last keep neither the sync token nor the round's problem,
so a round stopped half-way (the app quit) starts over from the token before, and the cards
already written are known by then (their status was written with them). Nothing here knows the
round's types beyond their field names.
"""

from __future__ import annotations

import dataclasses
from typing import Any

#: Pulled cards written per turn of the event loop. The exchange has read them (the vCard reader
#: runs on the worker thread), so a slice only matches and writes: about 0.5 ms a card with
#: 10,000 people here, plus the batch itself (see ``benchmarks/sync.py``).
SLICE = 10
#: Cards sent whose status is written per turn: a first round out sends every person, and
#: 1,000 status rows in one batch took 46 ms (about 45 µs a row) on the GUI thread.
SENT_SLICE = 100


def slices(exchanged: Any, size: int = SLICE, sent_size: int = SENT_SLICE) -> list[Any]:
    """``exchanged`` as a list of exchanges to apply one after the other (itself when small).

    What was sent comes first (a card pulled in the same round may be of the same person, and
    must find the status the send wrote), then the pulled cards; the calendar's part (events,
    tasks, their status) comes last, in its own slices and so in its own turns of the event
    loop, cut further by ``calendar_slices`` where it is big.
    """
    pulled = getattr(exchanged, "pulled", None)
    calendar = getattr(exchanged, "calendar", None)
    if not dataclasses.is_dataclass(exchanged) or pulled is None:
        return [exchanged]
    sent = tuple(getattr(exchanged, "sent", ()))
    if len(pulled) <= size and len(sent) <= sent_size and calendar is None:
        return [exchanged]
    read = tuple(getattr(exchanged, "read", ()))
    nothing_pulled = {"pulled": ()} | ({"read": ()} if hasattr(exchanged, "read") else {})
    if len(sent) > sent_size:
        chunks = [
            nothing_pulled | {"sent": sent[start : start + sent_size]}
            for start in range(0, len(sent), sent_size)
        ]
        with_first: tuple[Any, ...] = ()
    else:
        chunks, with_first = [], sent  # few: they go with the first pulled cards
    chunks += [
        {"pulled": tuple(pulled[start : start + size]), "sent": () if start else with_first}
        | ({"read": read[start : start + size]} if len(read) == len(pulled) and read else {})
        for start in range(0, len(pulled), size)
    ]
    if not chunks:
        chunks = [nothing_pulled | {"sent": sent}]
    # Only the last slice ends the round: the token, the problem and the calendar go there;
    # what was deleted and removed goes with the first.
    before_end = {"complete": False, "token": "", "problem": "", "offline": False, "calendar": None}
    nothing_else = {"deleted": (), "removed": ()}
    nothing_sent = {"sent": ()} | nothing_else
    parts: list[Any] = [
        dataclasses.replace(exchanged, **chunk, **before_end, **(nothing_else if number else {}))  # type: ignore[type-var]
        for number, chunk in enumerate(chunks)
    ]
    if calendar is None:
        parts[-1] = dataclasses.replace(
            exchanged, **chunks[-1], **(nothing_else if len(chunks) > 1 else {})
        )  # type: ignore[type-var]
        return parts
    pieces = calendar_slices(calendar)
    ends: list[Any] = [
        dataclasses.replace(exchanged, **nothing_pulled, **nothing_sent, **before_end)  # type: ignore[type-var]
        for _piece in pieces
    ]
    ends[-1] = dataclasses.replace(exchanged, **nothing_pulled, **nothing_sent)  # type: ignore[type-var]
    ends = [
        dataclasses.replace(end, calendar=piece) for end, piece in zip(ends, pieces, strict=True)
    ]
    return [*parts, *ends]


def halved(part: Any) -> list[Any]:
    """``part`` cut in two where it can be (its pulled cards, else what it sent), else itself.

    The window cuts the slices still to come when one took too long (a slow disk, a busy
    machine), so a slice stays short whatever a card costs here.
    """
    if not dataclasses.is_dataclass(part) or getattr(part, "calendar", None) is not None:
        return [part]
    pulled = getattr(part, "pulled", ())
    sent = getattr(part, "sent", ())
    if len(pulled) > 1:
        return slices(part, size=(len(pulled) + 1) // 2, sent_size=max(len(sent), 1))
    if len(sent) > 1 and not pulled:
        return slices(part, size=1, sent_size=(len(sent) + 1) // 2)
    return [part]


class SliceQueue:
    """The slices of one exchange, cut smaller while they take longer than ``BUDGET``.

    A slice's cost is not known in advance (a slow disk, a busy machine, a big store): each
    one that took longer than the budget halves the ones after it (up to ``MOST_CUTS`` times),
    and one that took less than a quarter of it lets them grow back.
    """

    #: Seconds a slice may take; the window's budget for a stall is 50 ms.
    BUDGET = 0.020
    #: At most 2**4 = 16 times smaller than ``SLICE``: one card a slice.
    MOST_CUTS = 4

    def __init__(self, exchanged: Any) -> None:
        self._parts = slices(exchanged)
        self.cuts = 0

    def __bool__(self) -> bool:
        return bool(self._parts)

    def __len__(self) -> int:
        return len(self._parts)

    def clear(self) -> None:
        self._parts.clear()

    def next(self) -> Any:
        """The next slice, halved ``cuts`` times; the rest of it goes back in front."""
        part = self._parts.pop(0)
        for _cut in range(self.cuts):
            pieces = halved(part)
            if len(pieces) == 1:
                break
            part = pieces[0]
            self._parts[0:0] = pieces[1:]
        return part

    def took(self, seconds: float) -> None:
        """How long the slice ``next`` gave took to write."""
        if seconds > self.BUDGET:
            self.cuts = min(self.cuts + 1, self.MOST_CUTS)
        elif seconds < self.BUDGET / 4:
            self.cuts = max(self.cuts - 1, 0)


def calendar_slices(calendar: Any) -> list[Any]:
    """The calendar's part of a round, as one piece (see ``CalendarExchange.slices``)."""
    cut = getattr(calendar, "slices", None)
    return list(cut()) if callable(cut) else [calendar]


def combined(summaries: list[Any]) -> Any:
    """One summary for the slices of a round: counts added up, lists joined, the rest (the
    problem, what waits on the server) as the last slice says."""
    last = summaries[-1]
    if len(summaries) == 1 or not dataclasses.is_dataclass(last):
        return last
    totals: dict[str, Any] = {}
    for field in dataclasses.fields(last):
        value = getattr(last, field.name)
        if field.name == "kept_on_server":
            continue  # a count of the plan, the same in every slice
        if isinstance(value, bool) or not isinstance(value, int | tuple):
            continue
        if isinstance(value, int):
            totals[field.name] = sum(getattr(summary, field.name) for summary in summaries)
        else:
            totals[field.name] = tuple(
                item for summary in summaries for item in getattr(summary, field.name)
            )
    result: Any = dataclasses.replace(summaries[-1], **totals)
    return result
