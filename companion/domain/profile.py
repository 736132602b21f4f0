"""My profile: what I care about and what I can give."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from companion.domain.validation import clean_tuple, limit_length, require_text
from companion.i18n import N_, _


class OfferKind(StrEnum):
    SKILL = "skill"
    KNOWLEDGE = "knowledge"
    INTRO = "intro"
    RESOURCE = "resource"
    TIME = "time"


OFFER_KIND_LABELS = {
    OfferKind.SKILL: N_("Skill"),
    OfferKind.KNOWLEDGE: N_("Knowledge"),
    OfferKind.INTRO: N_("Introduction"),
    OfferKind.RESOURCE: N_("Resource"),
    OfferKind.TIME: N_("Time"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class OfferItem:
    """Something I can give, e.g. a skill ("review a CV") or an introduction."""

    kind: OfferKind
    text: str
    interests: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        text = require_text(self.text, field="text", message=_("Say what you can offer."))
        object.__setattr__(self, "text", limit_length(text, field="text", maximum=500))
        object.__setattr__(self, "interests", clean_tuple(self.interests))


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    interests: tuple[str, ...] = ()
    offers: tuple[OfferItem, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "interests", clean_tuple(self.interests))
