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
    "board games", "Wine" -> "wine"), names and acronyms kept ("Python", "AI & machine
    learning", "LGBTQ+ community"); German nouns keep their capital, German adjectives lose it
    ("Psychische Gesundheit" -> "psychische Gesundheit")."""
    if not label:
        return label
    first = label.split(" ", 1)[0]
    if language == "de":
        # An adjective before its noun ("Psychische Gesundheit", "Kreatives Schreiben").
        adjective = " " in label and first.lower().endswith(("e", "es", "er", "en", "isch"))
        return label[:1].lower() + label[1:] if adjective and first[1:].islower() else label
    if language != "en":
        return label
    named = (
        first.rstrip("+&,").isupper()
        or first.casefold() in _NAMES
        or any(letter.isupper() for letter in first[1:])
    )
    return label if named else label[:1].lower() + label[1:]


#: The frame German cannot say with a bare label ("mit Brettspiele").
GERMAN_DATIVE_FRAME = 3
#: English labels whose first word is a name, kept capitalised mid-sentence.
_NAMES = frozenset({"python", "kotlin", "rust", "javascript", "linux", "german", "english"})
#: Interests too personal to announce as "I've been getting into …" to a stranger.
PRIVATE_INTERESTS = frozenset(
    {"mental-health", "lgbtq-community", "spirituality-faith", "refugee-support", "parenting",
     "babies-toddlers", "finance-investing"}
)  # fmt: skip


def sharing_openers(
    my_interests: Iterable[str], label_of: Callable[[str], str], *, language: str
) -> list[Opener]:
    """Go-deeper openers that share one of ``my_interests`` first, in the shown language."""
    openers = []
    for slug in dict.fromkeys(my_interests):
        if slug in PRIVATE_INTERESTS:
            continue
        interest = in_a_sentence(label_of(slug), language)
        for number, frame in enumerate(FRAMES, start=1):
            if language == "de" and number == GERMAN_DATIVE_FRAME:
                continue  # "mit {interest}" needs a dative the label does not have
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


def suggested_frame(opener_id: str) -> bool:
    """Whether a give-and-take line is the one of its interest that suggestions may use.

    One frame per interest (always the same one): the library's own lines, written for the
    interest, keep most of the go-deeper slot; the others stay to pick by hand.
    """
    if not is_give_and_take(opener_id):
        return True
    _prefix, number, slug = opener_id.split(".", 2)
    usable = [n for n in range(1, len(FRAMES) + 1) if n != GERMAN_DATIVE_FRAME]
    return number == str(usable[sum(map(ord, slug)) % len(usable)])
