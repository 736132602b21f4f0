"""An offer of mine said aloud: the line for the "offer help" slot of a prep card.

Offers are written in many ways ("Teach Python to beginners", "people at the climbing gym", "a
spare projector"). An English offer that starts with a verb of giving reads as "I could …";
anything else gets a frame by its kind. The line is only a start: the user edits it before it
goes on the card.
"""

from __future__ import annotations

from companion.domain.profile import OfferItem, OfferKind
from companion.i18n import N_, _, current_locale

# English verbs an offer often starts with ("Review a CV"): the offer can follow "I could".
_GIVING_VERBS = frozenset(
    {
        "teach",
        "review",
        "help",
        "show",
        "introduce",
        "intro",
        "lend",
        "share",
        "explain",
        "give",
        "proofread",
        "mentor",
        "fix",
        "host",
        "coach",
        "walk",
        "pair",
        "tutor",
        "read",
        "lead",
        "run",
        "check",
        "look",
        "connect",
        "translate",
        "repair",
        "bring",
        "cook",
        "bake",
        "design",
        "draw",
        "record",
        "photograph",
        "edit",
    }
)

#: A frame per kind for offers that are not a verb phrase; ``{offer}`` is the offer as written.
_FRAMES = {
    OfferKind.SKILL: N_(
        "Something I could help with: {offer}. Is that any use for what you're working on?"
    ),
    OfferKind.KNOWLEDGE: N_(
        "I know a bit about {offer} – happy to share if you're stuck on something there."
    ),
    OfferKind.INTRO: N_("I might be able to introduce you: {offer}. Would that be useful?"),
    OfferKind.RESOURCE: N_("I might have something that helps: {offer}. Want me to send it over?"),
    OfferKind.TIME: N_("I'd be glad to give some time: {offer}. Would that help you?"),
}
_VERB_FRAME = N_("I could {offer} – would that help with what you're working on?")


def offer_line(offer: OfferItem, *, language: str | None = None) -> str:
    """What I could say to offer ``offer`` ("I could teach Python to beginners – …").

    ``language``: the language the offer is written in (default: the one shown).
    """
    language = language or current_locale().replace("-", "_").split("_")[0]
    text = offer.text.strip().rstrip(".!")
    first, _space, _rest = text.partition(" ")
    if language == "en" and first.casefold() in _GIVING_VERBS:
        return _(_VERB_FRAME).format(offer=first.casefold() + text[len(first) :])
    return _(_FRAMES[offer.kind]).format(offer=text)
