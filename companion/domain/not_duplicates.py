"""Pairs of people the user said are two different people, remembered in the store.

Kept apart from ``duplicates`` (which needs rapidfuzz) because the store loads this record
type when it opens, and start-up should not pay for the fuzzy matcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PairKey = tuple[str, str]


def pair_key(first_id: str, second_id: str) -> PairKey:
    """The same key whichever way round the pair is given."""
    return (first_id, second_id) if first_id <= second_id else (second_id, first_id)


@dataclass(frozen=True, slots=True, kw_only=True)
class NotDuplicates:
    """Two people the user said are different: never offered as a likely pair again."""

    first_id: str
    second_id: str
    on: date | None = None

    def __post_init__(self) -> None:
        first, second = pair_key(self.first_id, self.second_id)
        object.__setattr__(self, "first_id", first)
        object.__setattr__(self, "second_id", second)

    @property
    def id(self) -> str:
        """The record key: both ids in order."""
        return f"{self.first_id}|{self.second_id}"

    @property
    def key(self) -> PairKey:
        return (self.first_id, self.second_id)
