"""Finding the stored person an imported contact is the same as, and saying why.

Matching rules, strongest first (the reason is shown in the preview):

0. the same Common Ground person: the record was exported from this store (a vCard UID or
   the CSV id column holding the person's id) — certain;
1. the same source id ("vcard:<UID>", "linkedin:<URL>") as a person imported before — certain;
2. the same email address, or 3. the same phone number (last nine digits) — certain;
4. a very similar name (two or more words, folded, rapidfuzz ratio >= 90) — not certain.

Names are compared only within a blocking key (``name_blocking_keys``), so a file of thousands
of cards does not compare every name with every other.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from companion.domain.contact_keys import (
    folded_name_key,
    name_blocking_keys,
    name_tokens,
    normalize_email,
    phone_match_key,
)
from companion.domain.people import Person
from companion.i18n import _

__all__ = ["SIMILAR_NAME_SCORE", "Match", "PeopleIndex"]

SIMILAR_NAME_SCORE = 90.0

Match = tuple[Person, str, bool]
"""The matching person, the reason to show, and whether the match is certain."""


class PeopleIndex:
    """Finds the stored (or earlier planned) person an imported one is the same as."""

    def __init__(self, people: Iterable[Person]) -> None:
        self.by_id: dict[str, Person] = {}
        self.by_source: dict[str, Person] = {}
        self.by_email: dict[str, Person] = {}
        self.by_phone: dict[str, Person] = {}
        self.by_block: dict[str, list[tuple[str, Person]]] = {}
        for person in people:
            self.add(person)

    def add(self, person: Person) -> None:
        self.by_id.setdefault(person.id, person)
        for source in person.source_ids:
            self.by_source.setdefault(source, person)
        for email in person.emails:
            if key := normalize_email(email):
                self.by_email.setdefault(key, person)
        for phone in person.phones:
            if key := phone_match_key(phone):
                self.by_phone.setdefault(key, person)
        if len(name_tokens(person.name)) >= 2:
            folded = folded_name_key(person.name)
            for block in name_blocking_keys(person.name):
                self.by_block.setdefault(block, []).append((folded, person))

    def find(self, person: Person, *, record_id: str = "") -> Match | None:
        """The match, the reason to show, and whether the match is certain."""
        if record_id and (found := self.by_id.get(record_id)) is not None:
            return found, _("the same person, exported from Common Ground"), True
        for source in person.source_ids:
            if found := self.by_source.get(source):
                return found, _("imported before from this source"), True
        for email in person.emails:
            if (found := self.by_email.get(normalize_email(email))) is not None:
                return found, _("same email: {email}").format(email=email), True
        for phone in person.phones:
            key = phone_match_key(phone)
            if key and (found := self.by_phone.get(key)) is not None:
                return found, _("same phone: {phone}").format(phone=phone), True
        return self._similar_name(person)

    def _similar_name(self, person: Person) -> Match | None:
        if len(name_tokens(person.name)) < 2:
            return None  # "Anna" alone says too little to join two people
        folded = folded_name_key(person.name)
        best: tuple[float, Person] | None = None
        for block in name_blocking_keys(person.name):
            for other_key, other in self.by_block.get(block, ()):
                score = fuzz.ratio(folded, other_key)
                if score >= SIMILAR_NAME_SCORE and (best is None or score > best[0]):
                    best = (score, other)
        if best is None:
            return None
        score, other = best
        reason = (
            _("same name as {name}")
            if score >= 100
            else _("very similar name to {name} ({score}%)")
        ).format(name=other.name, score=round(score))
        return other, reason, False
