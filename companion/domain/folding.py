"""Text without case and accents, and slugs made from it: one way for the whole app.

Search ("zoe" finds "Zoë"), name matching on import and in the duplicate finder, interest
keywords, CSV headers, due-date words and slugs all fold text here, so "Þórðr Ħal" is
"thordr hal" everywhere. Before issue 18 three functions did this and disagreed (one kept ð and
ħ, one dropped ø and ł from slugs).

Stored values made by the older foldings keep working: interests are found by their label as
well as by their stored slug, and the source id of a contact without UID is read in both
forms (``former_fold``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_BMP_END = 0x10000
# Letters that NFKD does not decompose but that people type without the stroke ("soren" for
# "Søren", "lodz" for "Łódź"). Applied after casefold (which already makes "ß" "ss"), so only
# the lowercase forms are needed.
_UNDECOMPOSED_LETTERS = str.maketrans(
    {
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ħ": "h",
        "ŧ": "t",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@cache
def _bmp_combining_marks() -> re.Pattern[str]:
    # One regex pass is ~20x faster than testing every character in Python, which matters
    # when 10,000 notes are folded; built on first use (a few ms), not at import.
    marks = "".join(
        chr(code) for code in range(0x300, _BMP_END) if unicodedata.combining(chr(code))
    )
    return re.compile(f"[{re.escape(marks)}]+")


def fold(text: str) -> str:
    """``text`` without case and accents: "Þórðr Ħal, Straße" → "thordr hal, strasse".

    Casefold, NFKD, the letters NFKD keeps whole (ø, ł, ð, ħ, æ…) spelled in ASCII, combining
    marks dropped. Folding twice gives the same text; ASCII only loses its case.
    """
    folded = text.casefold()
    if folded.isascii():
        return folded
    # NFKD can make capitals ("ℌ" is "H"), so case is folded again after it.
    decomposed = unicodedata.normalize("NFKD", folded).casefold()
    stripped = _bmp_combining_marks().sub("", decomposed)
    if stripped.isascii():
        return stripped  # "é" was "e" and a mark: most accented names end here, untranslated
    # The marks and the letters spelled in ASCII are apart, so the order of the two steps
    # does not matter.
    spelled = stripped.translate(_UNDECOMPOSED_LETTERS)
    if spelled.isascii() or max(spelled) < chr(_BMP_END):
        return spelled
    return "".join(char for char in spelled if not unicodedata.combining(char))


def slugify(text: str) -> str:
    """``"Smørrebrød & Øl!"`` → ``"smorrebrod-ol"``: folded, ASCII letters and digits, hyphens.

    "" when nothing ASCII is left ("囲碁"); the caller decides what stands in for it.
    """
    return _NOT_SLUG.sub("-", fold(text)).strip("-")


def former_fold(text: str) -> str:
    """The folding contact source ids were made with before 2026-12: only to recognise those.

    It kept ð, ħ and ŧ, and spelled ø, æ… before decomposing (so "ǿ" stayed "ø").
    """
    folded = text.casefold().translate(_FORMER_LETTERS)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_FORMER_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "þ": "th", "ı": "i"}
)
