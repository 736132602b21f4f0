"""Interests: what people share, and so what conversations can be about."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from companion.domain.errors import ValidationError
from companion.domain.folding import slugify
from companion.domain.validation import clean_tuple, limit_length, require_text
from companion.i18n import _

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slug_for_label(label: str) -> str:
    """The key of a new interest named ``label``: ``"Smørrebrød"`` → ``"smorrebrod"``.

    A label that folds to no ASCII at all ("囲碁") gets a short hash, so it is still a stable
    key. Interests made before issue 18 may carry other keys ("smrrebrd", "i-…"): they are
    never rewritten, and every lookup finds an interest by its label as well as by its key.
    """
    made = slugify(label)
    if made:
        return made
    digest = hashlib.sha1(label.strip().casefold().encode("utf-8")).hexdigest()[:10]
    return f"interest-{digest}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Interest:
    """A topic people can share: built in (translated label) or made by the user."""

    slug: str
    label: str
    group: str = "other"
    keywords: tuple[str, ...] = ()
    # Words that name this interest but are also venue amenities or boilerplate ("coffee",
    # "kids", "beer"): they count in a category or a title that names nothing else, never in a
    # description ("coffee and croissants" at a careers breakfast is not coffee tasting).
    weak_keywords: tuple[str, ...] = ()
    builtin: bool = False
    # The broader interest this one is part of ("python" -> "programming"); "" for none.
    parent: str = ""

    def __post_init__(self) -> None:
        label = require_text(self.label, field="label", message=_("An interest needs a name."))
        object.__setattr__(self, "label", limit_length(label, field="label", maximum=80))
        if not _SLUG_RE.match(self.slug):
            raise ValidationError(
                _("“{slug}” cannot be used as an interest key.").format(slug=self.slug),
                field="slug",
            )
        object.__setattr__(self, "keywords", clean_tuple(self.keywords))
        object.__setattr__(self, "weak_keywords", clean_tuple(self.weak_keywords))
        if self.parent == self.slug:
            raise ValidationError(_("An interest cannot be part of itself."), field="parent")


def shared_interests(
    mine: tuple[str, ...], theirs: tuple[str, ...], parents: Mapping[str, str] | None = None
) -> tuple[str, ...]:
    """The interest slugs both sides have, in the order of ``theirs``.

    With ``parents`` (the hierarchy), one of theirs that is part of one of mine counts too: my
    "programming" shares their "python".
    """
    own = set(mine)
    if not parents:
        return tuple(slug for slug in theirs if slug in own)
    return tuple(
        slug for slug in theirs if slug in own or own.intersection(ancestors(slug, parents))
    )


#: slug -> the slug of its broader interest, for the interests that have one.
Parents = Mapping[str, str]


def parents_of(interests: Iterable[Interest]) -> dict[str, str]:
    """The hierarchy of ``interests``: slug -> parent slug, for those that have a parent."""
    return {interest.slug: interest.parent for interest in interests if interest.parent}


def ancestors(slug: str, parents: Parents) -> tuple[str, ...]:
    """The broader interests of ``slug``, nearest first ("python" -> ("programming",))."""
    found: list[str] = []
    current = parents.get(slug, "")
    while current and current != slug and current not in found:  # a cycle in data ends here
        found.append(current)
        current = parents.get(current, "")
    return tuple(found)


def with_ancestors(slugs: Iterable[str], parents: Parents) -> frozenset[str]:
    """``slugs`` and every broader interest of them: what an event about them is also about.

    A Python meetup is about programming too, so broad programming lines suit it; a programming
    meetup is not about Python.
    """
    covered: set[str] = set()
    for slug in slugs:
        covered.add(slug)
        covered.update(ancestors(slug, parents))
    return frozenset(covered)


def narrowest(slugs: Iterable[str], parents: Parents) -> tuple[str, ...]:
    """``slugs`` without the ones that are broader than another of them, order kept.

    An opener tagged "game design" and "board games" is about game design: it suits a game
    design meetup, not every board-game night.
    """
    given = tuple(dict.fromkeys(slugs))
    broader = {ancestor for slug in given for ancestor in ancestors(slug, parents)}
    return tuple(slug for slug in given if slug not in broader)


def related(first: Iterable[str], second: Iterable[str], parents: Parents) -> bool:
    """Whether an interest of ``first`` is one of ``second``, or broader or narrower than one.

    An offer about Python suits a programming meetup, one about programming a Python meetup.
    """
    ours = with_ancestors(first, parents)
    theirs = with_ancestors(second, parents)
    return bool(set(first) & theirs or set(second) & ours)
