"""Finding the stored person an imported contact is the same as, and saying why.

A merge needs agreeing evidence (certain, strongest first; the reason is shown):

0. the same Common Ground person: the record was exported from this store (a vCard UID or
   the CSV id column holding the person's id);
1. the same source id ("vcard:<UID>", "linkedin:<URL>") as a person imported before;
2. the same email address;
3. the same phone number in E.164 form *and* a compatible name (``names_compatible``: every
   word of one name in the other, initials allowed).

Anything weaker is only a *possible duplicate*: the contact is added as a new person, with a
note naming whom it may be, and the duplicate finder offers the pair for review:

- the same E.164 number under a different name (a shared landline, a switchboard);
- the same national number where a country is unknown ("0170 1234567" with no region);
- a very similar name (two or more words, folded, rapidfuzz ratio >= 90).

A common suffix of two numbers is nothing at all: "+31 6 12345678" and "+33 6 12 34 56 78"
are two people. Names are compared only within a blocking key (``name_blocking_keys``), so a
file of thousands of cards does not compare every name with every other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

from companion.domain.contact_keys import (
    folded_name_key,
    link_key,
    name_blocking_keys,
    name_tokens,
    names_compatible,
    normalize_email,
    phone_identity,
)
from companion.domain.people import Person
from companion.i18n import _

__all__ = ["SIMILAR_NAME_SCORE", "Match", "MatchKind", "PeopleIndex"]

SIMILAR_NAME_SCORE = 90.0


class MatchKind(StrEnum):
    """Why an imported contact matched a person; the first four are evidence enough to merge."""

    RECORD = "record"
    SOURCE = "source"
    EMAIL = "email"
    PHONE_AND_NAME = "phone-and-name"
    PHONE_ONLY = "phone-only"
    NATIONAL_NUMBER = "national-number"
    SIMILAR_NAME = "similar-name"


CERTAIN_KINDS = frozenset(
    {MatchKind.RECORD, MatchKind.SOURCE, MatchKind.EMAIL, MatchKind.PHONE_AND_NAME}
)


@dataclass(frozen=True, slots=True)
class Match:
    """The matching person, the reason to show, and what kind of evidence it is."""

    person: Person
    reason: str
    kind: MatchKind

    @property
    def certain(self) -> bool:
        """Evidence enough to merge without asking; otherwise a possible duplicate."""
        return self.kind in CERTAIN_KINDS


class PeopleIndex:
    """Finds the stored (or earlier planned) person an imported one is the same as.

    ``region`` is the default country of numbers without a country code (``None``: the
    user's, see ``companion.i18n.regions``).
    """

    def __init__(self, people: Iterable[Person], *, region: str | None = None) -> None:
        self.region = region
        self.by_id: dict[str, Person] = {}
        self.by_source: dict[str, list[Person]] = {}
        self.by_email: dict[str, Person] = {}
        self.by_phone: dict[str, list[Person]] = {}
        self.by_national: dict[str, list[tuple[str, Person]]] = {}
        # Per block, one person per folded name: a file holding one name a thousand times
        # (every card added as a possible duplicate) keeps its blocks small.
        self.by_block: dict[str, dict[str, Person]] = {}
        for person in people:
            self.add(person)

    def add(self, person: Person, *, by_name: bool = True) -> None:
        """Let later contacts find ``person``; ``by_name=False`` leaves their name out.

        A person added as a possible duplicate *by name* is left out of the name blocks: a
        later card like them is like the person they resemble too, and a file repeating one
        name a thousand times would otherwise compare each card with all the others.
        """
        self.by_id.setdefault(person.id, person)
        for source in person.source_ids:
            self.by_source.setdefault(source, []).append(person)
        for email in person.emails:
            if key := normalize_email(email):
                self.by_email.setdefault(key, person)
        for phone in person.phones:
            identity = phone_identity(phone, self.region)
            if identity.e164:
                self.by_phone.setdefault(identity.e164, []).append(person)
            if identity.national:
                self.by_national.setdefault(identity.national, []).append((identity.e164, person))
        if by_name and len(name_tokens(person.name)) >= 2:
            folded = folded_name_key(person.name)
            for block in name_blocking_keys(person.name):
                self.by_block.setdefault(block, {}).setdefault(folded, person)

    def find(
        self, person: Person, *, record_id: str = "", former_sources: tuple[str, ...] = ()
    ) -> Match | None:
        """The strongest match of ``person``, or ``None`` when nobody is like them.

        ``former_sources``: ids an older version gave the same record (stored, so still found).
        """
        if record_id and (found := self.by_id.get(record_id)) is not None:
            return Match(found, _("the same person, exported from Common Ground"), MatchKind.RECORD)
        for source in (*person.source_ids, *filter(None, former_sources)):
            for found in self.by_source.get(source, ()):
                # A card without a UID is known by its name, first email and phone ending:
                # two people of one name must not be taken for one record (issue 12).
                if not self._conflicting(person, found):
                    return Match(found, _("imported before from this source"), MatchKind.SOURCE)
        for email in person.emails:
            if (found := self.by_email.get(normalize_email(email))) is not None:
                return Match(found, _("same email {email}").format(email=email), MatchKind.EMAIL)
        return self._same_phone(person) or self._similar_name(person)

    def _conflicting(self, incoming: Person, stored: Person) -> bool:
        """Whether what both records say tells two different people apart.

        A card's own UID, or a shared link (a LinkedIn profile), settles it the other way.
        Otherwise different emails, different numbers (in known countries), or, for people
        with neither, different organisations mean two people.
        """
        if incoming.uid or set(map(link_key, incoming.links)) & set(map(link_key, stored.links)):
            return False
        emails = [{normalize_email(e) for e in p.emails} - {""} for p in (incoming, stored)]
        if emails[0] and emails[1] and not emails[0] & emails[1]:
            return True
        phones = [
            {phone_identity(phone, self.region).e164 for phone in p.phones} - {""}
            for p in (incoming, stored)
        ]
        if phones[0] and phones[1] and not phones[0] & phones[1]:
            return True
        if any(emails) or any(phones):
            return False
        organizations = {folded_name_key(p.organization) for p in (incoming, stored)}
        return len(organizations - {""}) == 2

    def _same_phone(self, person: Person) -> Match | None:
        weaker: Match | None = None
        for phone in person.phones:
            identity = phone_identity(phone, self.region)
            for other in self.by_phone.get(identity.e164, ()) if identity.e164 else ():
                if names_compatible(person.name, other.name):
                    reason = _("same phone {phone} and a matching name").format(phone=phone)
                    return Match(other, reason, MatchKind.PHONE_AND_NAME)
                if weaker is None or weaker.kind is not MatchKind.PHONE_ONLY:
                    weaker = Match(
                        other,
                        _("possibly {name}: same phone {phone}, another name").format(
                            name=other.name, phone=phone
                        ),
                        MatchKind.PHONE_ONLY,
                    )
            if weaker is None and identity.national:
                for e164, other in self.by_national.get(identity.national, ()):
                    if e164 and identity.e164:
                        continue  # both in known countries, and not the same number
                    weaker = Match(
                        other,
                        _("possibly {name}: same number {phone}, country unknown").format(
                            name=other.name, phone=phone
                        ),
                        MatchKind.NATIONAL_NUMBER,
                    )
                    break
        return weaker

    def _similar_name(self, person: Person) -> Match | None:
        if len(name_tokens(person.name)) < 2:
            return None  # "Anna" alone says too little to join two people
        folded = folded_name_key(person.name)
        best: tuple[float, Person] | None = None
        for block in name_blocking_keys(person.name):
            for other_key, other in self.by_block.get(block, {}).items():
                score = fuzz.ratio(folded, other_key)
                if score >= SIMILAR_NAME_SCORE and (best is None or score > best[0]):
                    best = (score, other)
        if best is None:
            return None
        score, other = best
        reason = (
            _("possibly {name}: the same name")
            if score >= 100
            else _("possibly {name}: a very similar name ({score}%)")
        ).format(name=other.name, score=round(score))
        return Match(other, reason, MatchKind.SIMILAR_NAME)
