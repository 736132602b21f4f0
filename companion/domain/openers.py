"""Conversation openers about the substance people share."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from companion.domain.errors import ValidationError
from companion.domain.ids import new_id
from companion.domain.validation import clean_tuple, require_text
from companion.i18n import N_, _

MAX_OPENER_LENGTH = 400


class OpenerStage(StrEnum):
    OPEN = "open"
    GO_DEEPER = "go_deeper"
    OFFER_HELP = "offer_help"
    CLOSE = "close"


OPENER_STAGE_LABELS = {
    OpenerStage.OPEN: N_("Open the conversation"),
    OpenerStage.GO_DEEPER: N_("Go deeper"),
    OpenerStage.OFFER_HELP: N_("Offer help"),
    OpenerStage.CLOSE: N_("Close and follow up"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Opener:
    text: str
    stage: OpenerStage
    id: str = field(default_factory=new_id)
    interests: tuple[str, ...] = ()
    locale: str = "en"
    builtin: bool = False
    favourite: bool = False
    hidden: bool = False
    used: int = 0
    landed: int = 0

    def __post_init__(self) -> None:
        text = require_text(self.text, field="text", message=_("An opener needs some words."))
        if len(text) > MAX_OPENER_LENGTH:
            raise ValidationError(
                _("An opener should fit in one breath: at most {maximum} characters.").format(
                    maximum=MAX_OPENER_LENGTH
                ),
                field="text",
            )
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "interests", clean_tuple(self.interests))
        if self.used < 0 or self.landed < 0 or self.landed > self.used:
            raise ValidationError(_("Opener usage counts are inconsistent."), field="used")
