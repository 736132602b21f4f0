"""Likely duplicate people: the same email, the same phone, or a very similar name.

Phones follow the import's rule (``contact_keys.phone_identity``): the same E.164 number is a
likely pair; the same national number where one country is unknown ("0170 1234567" without a
region next to "+49 170 1234567") a weaker one; numbers that only end alike are no pair.

Never all pairs (10,000 people would be 50 million comparisons): emails and phones are grouped
by their comparison key, and names are compared only within blocks of people whose name words
start alike (``name_blocking_keys``), with rapidfuzz's ``cdist`` doing each block in C.

A similar name alone needs two words on both sides ("Anna" and "Anna" met at two events are
usually two people), a ``token_sort_ratio`` of at least ``NAME_THRESHOLD`` and at most one
edit per ten letters: "Jon Smith"/"John Smith" match, "Chris Lee"/"Chris Li" or two people
who share a common first name do not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from companion.domain.contact_keys import (
    folded_name_key,
    name_blocking_keys,
    normalize_email,
    phone_identity,
)
from companion.domain.not_duplicates import PairKey, pair_key
from companion.domain.people import Person
from companion.i18n import N_

__all__ = [
    "DUPLICATE_REASON_LABELS",
    "DuplicatePair",
    "DuplicateReason",
    "PairKey",
    "find_duplicates",
    "pair_key",
]

NAME_THRESHOLD = 90.0
#: A key shared by more people than this is a switchboard or a team inbox, not a duplicate.
MAX_GROUP = 25
#: Name blocks larger than this are split further by the first letters of the other words.
MAX_BLOCK = 2_000


class DuplicateReason(StrEnum):
    SAME_EMAIL = "same-email"
    SAME_PHONE = "same-phone"
    SAME_NATIONAL_NUMBER = "same-national-number"
    SIMILAR_NAME = "similar-name"


DUPLICATE_REASON_LABELS = {
    DuplicateReason.SAME_EMAIL: N_("Same email"),
    DuplicateReason.SAME_PHONE: N_("Same phone"),
    DuplicateReason.SAME_NATIONAL_NUMBER: N_("Same number, country unknown"),
    DuplicateReason.SIMILAR_NAME: N_("Similar name"),
}

_REASON_SCORE = {
    DuplicateReason.SAME_EMAIL: 100.0,
    DuplicateReason.SAME_PHONE: 97.0,
    DuplicateReason.SAME_NATIONAL_NUMBER: 85.0,
}
# A name, however close, ranks below a shared email or phone.
_NAME_WEIGHT = 0.95


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    first_id: str
    second_id: str
    reasons: tuple[DuplicateReason, ...]
    #: 0–100; a shared email scores 100, a shared phone 97, a name at most 95, the same
    #: national number with a country unknown 85.
    score: float

    @property
    def key(self) -> PairKey:
        return pair_key(self.first_id, self.second_id)

    @property
    def reason(self) -> DuplicateReason:
        """The strongest reason."""
        return self.reasons[0]


class _Found:
    def __init__(self) -> None:
        self.reasons: dict[PairKey, dict[DuplicateReason, float]] = {}

    def add(self, first: str, second: str, reason: DuplicateReason, score: float) -> None:
        if first == second:
            return
        scores = self.reasons.setdefault(pair_key(first, second), {})
        scores[reason] = max(score, scores.get(reason, 0.0))


def _group_pairs(
    found: _Found, groups: dict[str, list[str]], reason: DuplicateReason, score: float
) -> None:
    for members in groups.values():
        unique = list(dict.fromkeys(members))
        if 2 <= len(unique) <= MAX_GROUP:
            for index, first in enumerate(unique):
                for second in unique[index + 1 :]:
                    found.add(first, second, reason, score)


def _name_pairs(found: _Found, names: dict[str, str]) -> None:
    blocks: dict[str, list[str]] = {}
    for person_id, key in names.items():
        for block in name_blocking_keys(key):
            blocks.setdefault(block, []).append(person_id)
    for members in blocks.values():
        if len(members) > MAX_BLOCK:
            _split_block(found, members, names)
        elif len(members) > 1:
            _compare_block(found, members, names)


def _split_block(found: _Found, members: list[str], names: dict[str, str]) -> None:
    # A block of one very common word ("jo" in a store of Johns): compare only names whose
    # words all start alike, i.e. the same set of blocking keys.
    sub_blocks: dict[tuple[str, ...], list[str]] = {}
    for person_id in members:
        sub_blocks.setdefault(name_blocking_keys(names[person_id]), []).append(person_id)
    for sub in sub_blocks.values():
        if 1 < len(sub) <= MAX_BLOCK:
            _compare_block(found, sub, names)


def _compare_block(found: _Found, members: Sequence[str], names: dict[str, str]) -> None:
    keys = [names[person_id] for person_id in members]
    for row, first in enumerate(keys):
        # The keys are sorted words already, so plain ``ratio`` is ``token_sort_ratio``.
        matches = process.extract(
            first, keys, scorer=fuzz.ratio, score_cutoff=NAME_THRESHOLD, limit=None
        )
        for second, score, column in matches:
            if column <= row:
                continue
            allowed = max(1, min(len(first), len(second)) // 10)
            if Levenshtein.distance(first, second, score_cutoff=allowed) > allowed:
                continue
            found.add(
                members[row], members[column], DuplicateReason.SIMILAR_NAME, score * _NAME_WEIGHT
            )


def _national_pairs(found: _Found, numbers: dict[str, list[tuple[str, str]]]) -> None:
    for members in numbers.values():
        if not 2 <= len(members) <= MAX_GROUP:
            continue
        for index, (first, first_e164) in enumerate(members):
            for second, second_e164 in members[index + 1 :]:
                if not (first_e164 and second_e164):
                    found.add(
                        first,
                        second,
                        DuplicateReason.SAME_NATIONAL_NUMBER,
                        _REASON_SCORE[DuplicateReason.SAME_NATIONAL_NUMBER],
                    )


def find_duplicates(
    people: Iterable[Person], *, dismissed: Iterable[PairKey] = (), region: str | None = None
) -> list[DuplicatePair]:
    """Likely duplicate pairs, strongest first; pairs in ``dismissed`` are left out.

    ``region`` is the country of numbers without a country code (``None``: the user's).
    """
    emails: dict[str, list[str]] = {}
    phones: dict[str, list[str]] = {}
    nationals: dict[str, list[tuple[str, str]]] = {}
    names: dict[str, str] = {}
    for person in people:
        for email in person.emails:
            key = normalize_email(email)
            if key:
                emails.setdefault(key, []).append(person.id)
        for phone in person.phones:
            identity = phone_identity(phone, region)
            if identity.e164:
                phones.setdefault(identity.e164, []).append(person.id)
            if identity.national:
                nationals.setdefault(identity.national, []).append((person.id, identity.e164))
        name = folded_name_key(person.name)
        if " " in name:
            names[person.id] = name
    found = _Found()
    _group_pairs(
        found, emails, DuplicateReason.SAME_EMAIL, _REASON_SCORE[DuplicateReason.SAME_EMAIL]
    )
    _group_pairs(
        found, phones, DuplicateReason.SAME_PHONE, _REASON_SCORE[DuplicateReason.SAME_PHONE]
    )
    _national_pairs(found, nationals)
    _name_pairs(found, names)
    skip = {pair_key(*pair) for pair in dismissed}
    pairs = []
    for found_key, reasons in found.reasons.items():
        if found_key in skip:
            continue
        ordered = tuple(sorted(reasons, key=lambda reason: -reasons[reason]))
        # Each further reason adds a little, so email + name ranks above email alone.
        score = max(reasons.values()) + 0.1 * (len(reasons) - 1)
        pairs.append(DuplicatePair(found_key[0], found_key[1], ordered, min(score, 100.0)))
    pairs.sort(key=lambda pair: (-pair.score, pair.key))
    return pairs
