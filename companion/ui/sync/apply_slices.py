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

#: Pulled cards written per turn of the event loop (about 2 ms each on a laptop).
SLICE = 15


def slices(exchanged: Any, size: int = SLICE) -> list[Any]:
    """``exchanged`` as a list of exchanges to apply one after the other (itself when small)."""
    pulled = getattr(exchanged, "pulled", None)
    if not dataclasses.is_dataclass(exchanged) or pulled is None or len(pulled) <= size:
        return [exchanged]
    chunks = [tuple(pulled[start : start + size]) for start in range(0, len(pulled), size)]
    # Only the last slice ends the round: the token, the problem and the calendar go there;
    # what was sent, deleted and removed goes with the first.
    before_end = {"complete": False, "token": "", "problem": "", "offline": False, "calendar": None}
    nothing_sent = {"sent": (), "deleted": (), "removed": ()}
    parts = [dataclasses.replace(exchanged, pulled=chunks[0], **before_end)]  # type: ignore[type-var]
    parts.extend(
        dataclasses.replace(exchanged, pulled=chunk, **before_end, **nothing_sent)  # type: ignore[type-var]
        for chunk in chunks[1:-1]
    )
    parts.append(dataclasses.replace(exchanged, pulled=chunks[-1], **nothing_sent))  # type: ignore[type-var]
    return parts


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
