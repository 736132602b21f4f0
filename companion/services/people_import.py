"""Import people from a contacts file: first a plan (the preview), then one all-or-nothing write.

Each contact is looked up among the stored people (and those planned earlier in the file) by
``people_matching``, strongest reason first:

- the same Common Ground person (exported from this store), the same source id as a person
  imported before, the same email or phone: merge — certain, and usually nothing changes,
  in which case the row is skipped as "already imported";
- a very similar name: merge suggested, not certain. The preview proposes it; the command line
  (no one to ask) adds such a person as new rather than risk joining two different people —
  the duplicate finder can merge them later;
- otherwise: add.

How a merge fills a person in is ``contact_merge``'s job; it never overwrites what the user
wrote, so re-importing the same file finds every person unchanged and adds nothing.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from companion.domain.errors import ValidationError
from companion.domain.people import Person
from companion.domain.validation import MAX_TEXT_LENGTH
from companion.i18n import N_, _
from companion.interop.errors import FormatError
from companion.interop.parsed_contacts import (
    ContactsImportCancelled,
    ParsedContact,
    ParsedContacts,
    RejectedRecord,
    ShouldCancel,
)
from companion.interop.vcard_details import card_details_filled
from companion.services.backup import ImportSummary
from companion.services.changes import ChangeSet
from companion.services.contact_merge import merge_imported, refreshes
from companion.services.people_matching import PeopleIndex
from companion.storage.store import Store

__all__ = [
    "Categorize",
    "PeopleDecision",
    "PeopleImportPlan",
    "PeopleImportSummary",
    "PlannedPerson",
    "apply_people_import",
    "plan_people_import",
    "with_merge_target",
]

Categorize = Callable[[tuple[str, ...]], tuple[tuple[str, ...], tuple[str, ...]]]
"""``categorize(labels)`` → (catalogue interest slugs, the labels kept as tags)."""

_UNCHANGED = N_("already imported, nothing changed")
_LEFT_OUT = N_("left out in the preview")
_CHOSEN = N_("chosen by you")


class PeopleDecision(StrEnum):
    ADD = "add"
    MERGE = "merge"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class PlannedPerson:
    """One row of the preview.

    ``person`` is the person as the file gives them (a new record); ``match`` the stored
    person (or one added earlier in this file) it would merge with, and ``reason`` why.
    ``certain`` is False for a match by name only.
    """

    decision: PeopleDecision
    name: str
    line: int
    person: Person | None = None
    match: Person | None = None
    reason: str = ""
    certain: bool = True
    problem: bool = False

    def describe(self) -> str:
        return RejectedRecord(self.line, self.name, self.reason).describe()


@dataclass(frozen=True, slots=True)
class PeopleImportPlan:
    file_name: str
    items: tuple[PlannedPerson, ...]
    source: str = ""
    #: The people stored when the plan was made: any of them can be chosen to merge with.
    people: tuple[Person, ...] = ()

    def count(self, decision: PeopleDecision) -> int:
        return sum(1 for item in self.items if item.decision is decision)

    @property
    def rejected(self) -> tuple[PlannedPerson, ...]:
        return tuple(item for item in self.items if item.problem)


@dataclass(frozen=True, slots=True)
class PeopleImportSummary(ImportSummary):
    """``ImportSummary`` plus one line per card or row that could not be imported."""

    problems: tuple[str, ...] = ()


def with_merge_target(plan: PeopleImportPlan, position: int, target: Person) -> PeopleImportPlan:
    """``plan`` with item ``position`` set to merge into ``target``, a person the user chose.

    The item keeps its planned decision, so choosing "merge" for it is the user's override.
    """
    item = plan.items[position]
    if item.person is None or item.problem:
        raise ValueError("only an importable row can be merged")
    changed = dataclasses.replace(item, match=target, reason=_(_CHOSEN), certain=True)
    items = (*plan.items[:position], changed, *plan.items[position + 1 :])
    return dataclasses.replace(plan, items=items)


def _person(contact: ParsedContact, categorize: Categorize | None) -> Person:
    interests, tags = categorize(contact.categories) if categorize else ((), contact.categories)
    if len(contact.notes) > MAX_TEXT_LENGTH:
        raise ValidationError(
            _("the note is too long ({length} characters; at most {limit})").format(
                length=len(contact.notes), limit=MAX_TEXT_LENGTH
            ),
            field="notes",
        )
    try:
        first_met = date.fromisoformat(contact.first_met) if contact.first_met else None
    except ValueError:
        first_met = None
    source_ids = (contact.source_id,) if contact.source_id else ()
    if contact.record_id and contact.source_id.lower().endswith(
        (contact.record_id, str(uuid.UUID(contact.record_id)))
    ):
        # The file names the person by our own id: that is their identity, not a new source.
        source_ids = ()
    person = Person(
        name=contact.name,
        emails=contact.emails,
        phones=contact.phones,
        links=contact.links,
        organization=contact.organization[:200],
        job_title=contact.job_title[:200],
        birthday=contact.birthday,
        photo=contact.photo,
        interests=interests,
        tags=tags,
        notes=contact.notes,
        working_on=contact.working_on[:MAX_TEXT_LENGTH],
        looking_for=contact.looking_for[:MAX_TEXT_LENGTH],
        first_met=first_met,
        source_ids=source_ids,
        uid=contact.uid,
        structured_name=contact.structured_name,
        contact_labels=contact.contact_labels,
        kept_properties=contact.kept_properties,
        card_version=contact.card_version,
    )
    # A person exported from Common Ground keeps their id in a new store too, so a second
    # import of the same file finds them.
    return dataclasses.replace(person, id=contact.record_id) if contact.record_id else person


def plan_people_import(
    people: Iterable[Person],
    parsed: ParsedContacts,
    *,
    file_name: str,
    categorize: Categorize | None = None,
    should_cancel: ShouldCancel | None = None,
) -> PeopleImportPlan:
    """What importing ``parsed`` next to ``people`` would add, merge and skip; writes nothing.

    Raises ``FormatError`` when no entry of the file can be imported.
    """
    known = tuple(people)
    index = PeopleIndex(known)
    items = [
        PlannedPerson(PeopleDecision.SKIP, rejected.name, rejected.line, reason=rejected.reason,
                      problem=True)
        for rejected in parsed.rejected
    ]  # fmt: skip
    for number, contact in enumerate(parsed.contacts):
        if should_cancel is not None and number % 500 == 0 and should_cancel():
            raise ContactsImportCancelled()
        try:
            person = _person(contact, categorize)
        except ValidationError as error:
            items.append(
                PlannedPerson(PeopleDecision.SKIP, contact.name, contact.line,
                              reason=str(error), problem=True)
            )  # fmt: skip
            continue
        items.append(_planned(contact, person, index))
    items.sort(key=lambda item: item.line)
    problems = [item for item in items if item.problem]
    if problems and len(problems) == len(items):
        raise FormatError(
            _("nobody in the file can be imported; the first problem: {problem}").format(
                problem=problems[0].describe()
            )
        )
    return PeopleImportPlan(
        file_name=file_name, items=tuple(items), source=parsed.source, people=known
    )


def _planned(contact: ParsedContact, person: Person, index: PeopleIndex) -> PlannedPerson:
    found = index.find(person, record_id=contact.record_id)
    if found is None:
        index.add(person)
        return PlannedPerson(PeopleDecision.ADD, contact.name, contact.line, person=person)
    match, reason, certain = found
    refresh = refreshes(match, person)
    if certain and _merged(match, person, refresh=refresh) == match:
        return PlannedPerson(
            PeopleDecision.SKIP, contact.name, contact.line, person=person, match=match,
            reason=_(_UNCHANGED),
        )  # fmt: skip
    return PlannedPerson(
        PeopleDecision.MERGE, contact.name, contact.line, person=person, match=match,
        reason=reason, certain=certain,
    )  # fmt: skip


def _merged(target: Person, incoming: Person, *, refresh: bool) -> Person:
    # The card's UID, structured name, labels and kept properties fill in what the stored
    # person has none of; the stored ones win, so a re-import changes nothing.
    return card_details_filled(merge_imported(target, incoming, refresh=refresh), incoming)


def apply_people_import(
    store: Store,
    plan: PeopleImportPlan,
    *,
    decisions_override: Mapping[int, PeopleDecision] | None = None,
    merge_similar_names: bool = True,
) -> PeopleImportSummary:
    """Write the plan in one durable change (all or nothing).

    ``decisions_override`` maps an index of ``plan.items`` to the user's choice.
    ``merge_similar_names=False`` (the command line) adds name-only matches as new people.
    """
    overrides = decisions_override or {}
    current: dict[str, Person] = {}
    added: list[str] = []
    updated: list[str] = []
    problems: list[str] = []
    skipped = 0
    for position, item in enumerate(plan.items):
        decision = overrides.get(position, item.decision)
        if item.problem or item.person is None:
            problems.append(item.describe())
            continue
        if decision is PeopleDecision.MERGE and not item.certain and not merge_similar_names:
            decision = PeopleDecision.ADD
        if decision is PeopleDecision.SKIP:
            skipped += 1
            if item.decision is not PeopleDecision.SKIP:
                problems.append(RejectedRecord(item.line, item.name, _(_LEFT_OUT)).describe())
            continue
        target = None
        if decision is PeopleDecision.MERGE and item.match is not None:
            target = current.get(item.match.id) or store.people.get(item.match.id)
        if target is None:
            current[item.person.id] = item.person
            added.append(item.person.id)
            continue
        refresh = refreshes(target, item.person)
        merged = _merged(target, item.person, refresh=refresh)
        if merged == target:
            skipped += 1
            continue
        current[target.id] = merged
        if target.id not in added and target.id not in updated:
            updated.append(target.id)
    if current:
        with store.batch():
            store.people.put_many(list(current.values()))
    new_ids = frozenset(added)
    changed_ids = frozenset(updated)
    return PeopleImportSummary(
        added=len(new_ids),
        updated=len(changed_ids),
        skipped=skipped,
        changes=ChangeSet(
            added={"people": new_ids} if new_ids else {},
            updated={"people": changed_ids} if changed_ids else {},
        ),
        problems=tuple(problems),
    )
