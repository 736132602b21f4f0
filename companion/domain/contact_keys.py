"""Comparison keys for contact details: the same person written two ways gets the same key.

Import matching, the duplicate finder and merge all compare people through these functions, so
"Ana.Lopez@Example.org " and "ana.lopez@example.org" or "+49 170 1234567" and "0170/1234567"
are recognised as the same without ever changing what the user typed.
"""

from __future__ import annotations

import re
import unicodedata

# Phones are compared by their last digits: country codes and trunk prefixes ("+49 170…" vs
# "0170…") differ at the front only. Nine digits are enough to tell real numbers apart and short
# enough that a national and an international form of one number agree.
PHONE_MATCH_DIGITS = 9

_NOT_DIGIT = re.compile(r"\D+")
_NAME_SEPARATORS = re.compile(r"[\s\-‐‑‒–—,.;:/\\()\"'’`]+")
# Letters that do not decompose into base + accent under NFKD.
_SPECIAL_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "þ": "th", "ı": "i"}
)


def normalize_email(email: str) -> str:
    """Lowercase, surrounding blanks and angle brackets removed; "" when it is no address."""
    cleaned = email.strip().strip("<>").strip()
    if cleaned.lower().startswith("mailto:"):
        cleaned = cleaned[len("mailto:") :]
    cleaned = cleaned.strip().lower()
    if "@" not in cleaned or cleaned.startswith("@") or cleaned.endswith("@"):
        return ""
    return cleaned


def normalize_phone(phone: str) -> str:
    """Digits only, with a leading "+" kept when the number had one (or "00"): "" when no digits.

    "tel:" URIs (vCard 4.0), extensions and punctuation are handled: "+49 (0)170 123-45 67"
    becomes "+4901701234567", which still matches "0170 1234567" through `phone_match_key`.
    """
    text = phone.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    # An extension ("x12", "ext. 12", ";ext=12") is not part of the number to compare.
    text = re.split(r"(?i)\s*(?:;ext=|ext\.?|x)\s*\d", text, maxsplit=1)[0]
    digits = _NOT_DIGIT.sub("", text)
    if not digits:
        return ""
    if text.lstrip().startswith("+"):
        return "+" + digits
    if digits.startswith("00") and len(digits) > 4:
        return "+" + digits[2:]
    return digits


def phone_match_key(phone: str) -> str:
    """The last `PHONE_MATCH_DIGITS` digits; "" for numbers too short to compare safely."""
    digits = normalize_phone(phone).lstrip("+")
    if len(digits) < PHONE_MATCH_DIGITS:
        return ""
    return digits[-PHONE_MATCH_DIGITS:]


def phones_match(first: str, second: str) -> bool:
    key = phone_match_key(first)
    return bool(key) and key == phone_match_key(second)


def fold_text(text: str) -> str:
    """Casefolded, accents stripped: "Zoë Ångström" -> "zoe angstrom"."""
    folded = text.casefold().translate(_SPECIAL_LETTERS)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def name_tokens(name: str) -> tuple[str, ...]:
    """The folded words of a name, sorted: word order and punctuation do not matter."""
    return tuple(sorted(token for token in _NAME_SEPARATORS.split(fold_text(name)) if token))


def folded_name_key(name: str) -> str:
    """Order-insensitive name key: "Müller, Jürgen" and "jurgen muller" -> "jurgen muller"."""
    return " ".join(name_tokens(name))


def name_blocking_keys(name: str) -> tuple[str, ...]:
    """Cheap keys two spellings of one name very likely share, so fuzzy matching is not all-pairs.

    One key per pair of words: their first two folded letters ("jo|sm" for "John Smyth" and for
    "Jon Smith"); a name of one word gets that word's two letters. Names that share no key are
    never compared, which splits 10,000 names into thousands of small blocks.
    """
    prefixes = sorted({token[:2] for token in name_tokens(name)})
    if len(prefixes) < 2:
        return tuple(prefixes)
    return tuple(
        f"{first}|{second}"
        for index, first in enumerate(prefixes)
        for second in prefixes[index + 1 :]
    )


def link_key(link: str) -> str:
    """A web link as compared for duplicates: scheme, "www." and a trailing slash ignored.

    LinkedIn exports its profiles as https, older vCards carry the same profile as http.
    """
    text = link.strip().casefold()
    for scheme in ("https://", "http://"):
        if text.startswith(scheme):
            text = text[len(scheme) :]
            break
    text = text.removeprefix("www.")
    return text.rstrip("/")
