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
#: runs on the worker thread), so a slice only matches and writes: about 1–2 ms a card with
#: 10,000 people here, plus the batch itself (see ``benchmarks/sync.py``).
SLICE = 10


def slices(exchanged: Any, size: int = SLICE) -> list[Any]:
    """``exchanged`` as a list of exchanges to apply one after the other (itself when small).

    The calendar's part (events, tasks, their status) comes last, in its own slice and so in its
    own turn of the event loop, cut further by ``calendar_slices`` where it is big.
    """
    pulled = getattr(exchanged, "pulled", None)
    calendar = getattr(exchanged, "calendar", None)
    if not dataclasses.is_dataclass(exchanged) or pulled is None:
        return [exchanged]
    if len(pulled) <= size and calendar is None:
        return [exchanged]
    read = tuple(getattr(exchanged, "read", ()))
    starts = range(0, len(pulled), size) if pulled else range(1)
    chunks = [
        {"pulled": tuple(pulled[start : start + size])}
        | ({"read": read[start : start + size]} if len(read) == len(pulled) and read else {})
        for start in starts
    ]
    # Only the last slice ends the round: the token, the problem and the calendar go there;
    # what was sent, deleted and removed goes with the first.
    before_end = {"complete": False, "token": "", "problem": "", "offline": False, "calendar": None}
    nothing_sent = {"sent": (), "deleted": (), "removed": ()}
    parts: list[Any] = [
        dataclasses.replace(exchanged, **chunk, **before_end, **(nothing_sent if number else {}))  # type: ignore[type-var]
        for number, chunk in enumerate(chunks)
    ]
    if calendar is None:
        parts[-1] = dataclasses.replace(
            exchanged, **chunks[-1], **(nothing_sent if len(chunks) > 1 else {})
        )  # type: ignore[type-var]
        return parts
    nothing_pulled = {"pulled": ()} | ({"read": ()} if hasattr(exchanged, "read") else {})
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
