"""The built-in catalogue of interests, built from its parsed data (JSON read elsewhere).

Keywords are matched against event texts by ``companion.domain.inference``: whole words and
phrases, case and accents ignored; a trailing ``*`` makes the last word a prefix
(``"brettspiel*"`` matches "Brettspiele" and "Brettspielabend"). ``weak_keywords`` are words
events use for amenities and boilerplate too ("coffee", "kids", "beer"): they count only in a
category or a title that names nothing else. ``parent`` names the broader interest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from companion.domain.interests import Interest, ancestors, parents_of


class CatalogueError(ValueError):
    """The shipped catalogue data is malformed: a packaging bug, not a user error."""


@dataclass(frozen=True, slots=True, kw_only=True)
class InterestGroup:
    """A heading in the interest picker; ``label`` is English, translated when shown."""

    slug: str
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Catalogue:
    groups: tuple[InterestGroup, ...]
    interests: tuple[Interest, ...]

    def group(self, slug: str) -> InterestGroup | None:
        return next((group for group in self.groups if group.slug == slug), None)

    def in_group(self, slug: str) -> tuple[Interest, ...]:
        return tuple(interest for interest in self.interests if interest.group == slug)

    @property
    def parents(self) -> dict[str, str]:
        """slug -> broader interest, for the interests that are part of another."""
        return parents_of(self.interests)


def _text(entry: object, key: str, where: str) -> str:
    if not isinstance(entry, Mapping):
        raise CatalogueError(f"{where}: each entry must be an object")
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"{where}: {key!r} must be a non-empty string")
    return value


def _keywords(entry: Mapping[str, Any], where: str, key: str = "keywords") -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise CatalogueError(f"{where}: {key!r} must be a list of strings")
    if not all(isinstance(keyword, str) for keyword in value):
        raise CatalogueError(f"{where}: {key!r} must be a list of strings")
    return tuple(value)


def parse_catalogue(data: Mapping[str, Any]) -> Catalogue:
    """Build the catalogue from the parsed JSON (``{"groups": [...], "interests": [...]}``).

    Raises ``CatalogueError`` for missing fields, unknown groups and repeated slugs.
    """
    raw_groups = data.get("groups")
    raw_interests = data.get("interests")
    if not isinstance(raw_groups, list) or not isinstance(raw_interests, list):
        raise CatalogueError("the catalogue needs 'groups' and 'interests' lists")
    groups = tuple(
        InterestGroup(slug=_text(entry, "slug", "group"), label=_text(entry, "label", "group"))
        for entry in raw_groups
    )
    group_slugs = {group.slug for group in groups}
    if len(group_slugs) != len(groups):
        raise CatalogueError("group slugs repeat")
    interests: list[Interest] = []
    seen: set[str] = set()
    for entry in raw_interests:
        slug = _text(entry, "slug", "interest")
        where = f"interest {slug!r}"
        group = _text(entry, "group", where)
        if group not in group_slugs:
            raise CatalogueError(f"{where}: unknown group {group!r}")
        if slug in seen:
            raise CatalogueError(f"{where}: the slug repeats")
        seen.add(slug)
        interests.append(
            Interest(
                slug=slug,
                label=_text(entry, "label", where),
                group=group,
                keywords=_keywords(entry, where),
                weak_keywords=_keywords(entry, where, "weak_keywords"),
                builtin=True,
                parent=_parent(entry, where),
            )
        )
    _check_hierarchy(interests)
    return Catalogue(groups=groups, interests=tuple(interests))


def _parent(entry: Mapping[str, Any], where: str) -> str:
    value = entry.get("parent", "")
    if not isinstance(value, str):
        raise CatalogueError(f"{where}: 'parent' must be a slug")
    return value


def _check_hierarchy(interests: Sequence[Interest]) -> None:
    """Every parent is an interest of the catalogue, and no interest is its own ancestor."""
    parents = parents_of(interests)
    for slug, parent in parents.items():
        if parent not in {interest.slug for interest in interests}:
            raise CatalogueError(f"interest {slug!r}: unknown parent {parent!r}")
        if slug in ancestors(parent, parents) or parent == slug:
            raise CatalogueError(f"interest {slug!r}: the parents form a cycle")
