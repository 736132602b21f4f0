"""Give and take: go-deeper lines that share something of my own first, from my profile.

Closeness grows when both sides disclose, a little at a time (Aron et al., "The experimental
generation of interpersonal closeness", 1997): "I've been getting into bouldering lately –
what's pulling you in at the moment?" asks after I have given something.

The lines are made per interest of my profile from a few frames, with stable ids
(``give.<frame>.<slug>``) so a saved plan finds them again. They rank like any opener about
that interest: shared with the event, they compete with the library's own go-deeper lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from companion.domain.errors import ValidationError
from companion.domain.openers import Opener, OpenerStage
from companion.i18n import N_, _

ID_PREFIX = "give"
FRAMES = (
    N_("I've been getting into {interest} lately – what's pulling you in at the moment?"),
    N_(
        "For me, {interest} has been the bright spot of the last few weeks. "
        "What's been good for you there?"
    ),
    N_("I'm still working out where I want to go with {interest}. Where are you with it?"),
)


def is_give_and_take(opener_id: str) -> bool:
    return opener_id.startswith(f"{ID_PREFIX}.")


def in_a_sentence(label: str, language: str) -> str:
    """A label as it reads mid-sentence: English common nouns lower-cased ("Board games" ->
    "board games"), names and acronyms kept ("Python", "AI & machine learning", "LGBTQ+
    community"); German nouns keep their capital."""
    if language != "en" or not label:
        return label
    first = label.split(" ", 1)[0]
    common = first[:1].isupper() and first[1:] == first[1:].lower() and first[1:].isalpha()
    # A one-word name ("Python", "Chess") might be a proper noun; plural and -ing words are not.
    looks_common = " " in label or label.endswith(("s", "ing"))
    return label[:1].lower() + label[1:] if common and looks_common else label


def sharing_openers(
    my_interests: Iterable[str], label_of: Callable[[str], str], *, language: str
) -> list[Opener]:
    """Go-deeper openers that share one of ``my_interests`` first, in the shown language."""
    openers = []
    for slug in dict.fromkeys(my_interests):
        interest = in_a_sentence(label_of(slug), language)
        for number, frame in enumerate(FRAMES, start=1):
            try:
                openers.append(
                    Opener(
                        id=f"{ID_PREFIX}.{number}.{slug}",
                        text=_(frame).format(interest=interest),
                        stage=OpenerStage.GO_DEEPER,
                        interests=(slug,),
                        locale=language,
                        builtin=True,
                    )
                )
            except ValidationError:
                continue  # a label too long to say in one breath: no line for it
    return openers
