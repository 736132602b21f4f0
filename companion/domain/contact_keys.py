"""Comparison keys for contact details: the same person written two ways gets the same key.

Import matching, the duplicate finder and merge all compare people through these functions, so
"Ana.Lopez@Example.org " and "ana.lopez@example.org" or "+49 170 1234567" and "0170/1234567"
(for someone in Germany) are recognised as the same without ever changing what the user typed.

Phones are identified by ``phonenumbers`` (Google's libphonenumber): a number is placed in its
country (E.164, "+491701234567") with the user's default region for numbers written without a
country code. Only an exact E.164 match says two numbers are one; the same national number
where a country is unknown is a hint; a common suffix says nothing ("+31 6 12345678" and
"+33 6 12 34 56 78" are two people in two countries).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

import phonenumbers

from companion.domain.folding import fold, former_fold
from companion.i18n.translate import phone_region

# Only for the stable source id of a card without UID (``interop``): the last digits of its
# first phone. Never evidence that two people are one.
_SOURCE_KEY_DIGITS = 9
#: National numbers shorter than this are extensions or short codes: never even a hint.
MIN_NATIONAL_DIGITS = 6

_NOT_DIGIT = re.compile(r"\D+")
_NAME_SEPARATORS = re.compile(r"[\s\-‐‑‒–—,.;:/\\()\"'’`]+")


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
    """The last nine digits, for the stable source id of a card without UID; "" if shorter.

    Not an identity: two numbers with the same ending in two countries are two people. Compare
    phones with ``phone_identity`` / ``phones_match``.
    """
    digits = normalize_phone(phone).lstrip("+")
    if len(digits) < _SOURCE_KEY_DIGITS:
        return ""
    return digits[-_SOURCE_KEY_DIGITS:]


@dataclass(frozen=True, slots=True)
class PhoneIdentity:
    """A phone number as compared: its E.164 form and its national number.

    ``e164`` is "" when the number cannot be placed in a country (no "+" and no default
    region) or is not a possible number there; ``national`` is the national significant
    number (the digits after the country code and trunk "0"), "" when too short to mean much.
    """

    e164: str
    national: str


def phone_identity(phone: str, region: str | None = None) -> PhoneIdentity:
    """``phone`` placed in its country; ``region`` ("DE") for numbers without a country code.

    ``None`` takes the user's default region (``companion.i18n.regions``).
    """
    return _phone_identity(phone, (phone_region() if region is None else region).upper())


@lru_cache(maxsize=65_536)
def _phone_identity(phone: str, region: str) -> PhoneIdentity:
    text = phone.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    try:
        number = phonenumbers.parse(text, region or None)
    except phonenumbers.NumberParseException:
        digits = normalize_phone(phone).lstrip("+").lstrip("0")
        return PhoneIdentity("", digits if len(digits) >= MIN_NATIONAL_DIGITS else "")
    national = phonenumbers.national_significant_number(number)
    if len(national) < MIN_NATIONAL_DIGITS:
        national = ""
    if not phonenumbers.is_possible_number(number):
        return PhoneIdentity("", national)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return PhoneIdentity(e164, national)


def phone_key(phone: str, region: str | None = None) -> str:
    """What two spellings of one number share: its E.164 form, else its digits.

    For keeping a list of numbers free of repeats; "" when the text has no digits.
    """
    return phone_identity(phone, region).e164 or normalize_phone(phone)


def phones_match(first: str, second: str, *, region: str | None = None) -> bool:
    """Whether both are the same number: the same E.164 form (evidence)."""
    key = phone_identity(first, region).e164
    return bool(key) and key == phone_identity(second, region).e164


def phones_hint(first: str, second: str, *, region: str | None = None) -> bool:
    """The same national number where at least one country is unknown: a hint, not evidence."""
    one, other = phone_identity(first, region), phone_identity(second, region)
    if one.e164 and other.e164:
        return False
    return bool(one.national) and one.national == other.national


def name_tokens(name: str) -> tuple[str, ...]:
    """The folded words of a name, sorted: word order and punctuation do not matter."""
    return tuple(sorted(token for token in _NAME_SEPARATORS.split(fold(name)) if token))


def folded_name_key(name: str) -> str:
    """Order-insensitive name key: "Müller, Jürgen" and "jurgen muller" -> "jurgen muller"."""
    return " ".join(name_tokens(name))


def former_folded_name_key(name: str) -> str:
    """``folded_name_key`` as it was before 2026-12 ("Þórðr" kept its "ð"): ``""`` when the
    same. Source ids of contacts without UID were made from it, and must still be recognised.
    """
    tokens = sorted(token for token in _NAME_SEPARATORS.split(former_fold(name)) if token)
    former = " ".join(tokens)
    return "" if former == folded_name_key(name) else former


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

    LinkedIn exports its profiles as https, older vCards carry the same profile as http; an
    export writes "søren" as "s%C3%B8ren" (IRI to URI), which is the same link too.
    """
    text = unquote(link.strip()).casefold()
    for scheme in ("https://", "http://"):
        if text.startswith(scheme):
            text = text[len(scheme) :]
            break
    text = text.removeprefix("www.")
    return text.rstrip("/")


def names_compatible(first: str, second: str) -> bool:
    """Whether two names can be one person's, when other evidence (a phone) joins them.

    The rule: after folding (case, accents, punctuation, word order), every word of the name
    with fewer words pairs with a different word of the other, either the same word or as an
    initial ("J." with "John"), and at least one pair is a whole word of two letters or more.
    So "Ana" and "López, Ana" are compatible, as are "J. Smith" and "John Smith"; "Maria
    Rossi" and "Mario Rossi" (a family's landline), "Bob" and "Robert", or two names sharing
    no word are not: no fuzzy matching, a typo makes a possible duplicate instead.
    """
    one, other = list(name_tokens(first)), list(name_tokens(second))
    if len(one) > len(other):
        one, other = other, one
    if not one:
        return False
    unpaired: list[str] = []
    whole_word = False
    for token in one:
        if token in other:
            other.remove(token)
            whole_word = whole_word or len(token) >= 2
        else:
            unpaired.append(token)
    for token in unpaired:
        partner = next(
            (
                candidate
                for candidate in other
                if (len(token) == 1 or len(candidate) == 1) and candidate[0] == token[0]
            ),
            None,
        )
        if partner is None:
            return False
        other.remove(partner)
    return whole_word
