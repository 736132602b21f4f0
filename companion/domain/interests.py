"""Interests: what people share, and so what conversations can be about."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from companion.domain.errors import ValidationError
from companion.domain.validation import clean_tuple, limit_length, require_text
from companion.i18n import _

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(label: str) -> str:
    """``"Board Games!"`` -> ``"board-games"``; accents folded, ASCII only."""
    folded = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


@dataclass(frozen=True, slots=True, kw_only=True)
class Interest:
    """A topic people can share: built in (translated label) or made by the user."""

    slug: str
    label: str
    group: str = "other"
    keywords: tuple[str, ...] = ()
    builtin: bool = False

    def __post_init__(self) -> None:
        label = require_text(self.label, field="label", message=_("An interest needs a name."))
        object.__setattr__(self, "label", limit_length(label, field="label", maximum=80))
        if not _SLUG_RE.match(self.slug):
            raise ValidationError(
                _("“{slug}” cannot be used as an interest key.").format(slug=self.slug),
                field="slug",
            )
        object.__setattr__(self, "keywords", clean_tuple(self.keywords))


def shared_interests(mine: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[str, ...]:
    """The interest slugs both sides have, in the order of ``theirs``."""
    own = set(mine)
    return tuple(slug for slug in theirs if slug in own)
