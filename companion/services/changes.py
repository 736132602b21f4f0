"""What a use case changed, so every view can decide whether to refresh."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Ids added, updated and removed, per table ("people", "events", …).

    ``reset`` means everything may have changed (a restore): views reload completely.
    """

    added: dict[str, frozenset[str]] = field(default_factory=dict)
    updated: dict[str, frozenset[str]] = field(default_factory=dict)
    removed: dict[str, frozenset[str]] = field(default_factory=dict)
    reset: bool = False

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(self.added) | frozenset(self.updated) | frozenset(self.removed)

    def touches(self, table: str) -> bool:
        return self.reset or table in self.tables

    @property
    def empty(self) -> bool:
        return not self.reset and not self.tables

    def merged(self, other: ChangeSet) -> ChangeSet:
        def union(
            a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]
        ) -> dict[str, frozenset[str]]:
            return {key: a.get(key, frozenset()) | b.get(key, frozenset()) for key in a | b}

        return ChangeSet(
            added=union(self.added, other.added),
            updated=union(self.updated, other.updated),
            removed=union(self.removed, other.removed),
            reset=self.reset or other.reset,
        )


def added(table: str, *ids: str) -> ChangeSet:
    return ChangeSet(added={table: frozenset(ids)})


def updated(table: str, *ids: str) -> ChangeSet:
    return ChangeSet(updated={table: frozenset(ids)})


def removed(table: str, *ids: str) -> ChangeSet:
    return ChangeSet(removed={table: frozenset(ids)})
