"""Import people from a contacts file: first a plan (the preview), then one all-or-nothing write.

Each contact is looked up among the stored people (and those planned earlier in the file) by
``people_matching``, strongest reason first:

- agreeing evidence (the same Common Ground person, the same source id as a person imported
  before, the same email, or the same E.164 phone with a compatible name): merge, and
  usually nothing changes, in which case the row is skipped as "already imported";
- anything weaker (a phone under another name, a similar name): a *possible duplicate*,
  added as new with a note naming whom it may be. The user may still choose to merge it in
  the preview; otherwise Edit > Find Duplicate People… offers the pair later;
- otherwise: add.

How a merge fills a person in is ``contact_merge``'s job; it never overwrites what the user
wrote, so re-importing the same file finds every person unchanged and adds nothing. A merge
of two records (not a record imported again) writes a merge record, so it can be undone later
(People > Merges…, ``companion merges --undo``), and the summary says who was merged and why.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from companion.domain.errors import ValidationError
from companion.domain.merge_records import MergeRecord
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
from companion.services.changes import ChangeSet
from companion.services.clock import system_clock
from companion.services.data.backup import ImportSummary
from companion.services.people.contact_merge import merge_imported, refreshes, same_record
from companion.services.people.merge import MERGES
from companion.services.people.people_matching import MatchKind, PeopleIndex
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
_POSSIBLE = N_("{reason}; added as new, compare them in Edit > Find Duplicate People…")


class PeopleDecision(StrEnum):
    ADD = "add"
    MERGE = "merge"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class PlannedPerson:
    """One row of the preview.

    ``person`` is the person as the file gives them (a new record); ``match`` the stored
    person (or one added earlier in this file) it would merge with, and ``reason`` why.
    ``certain`` is False for a possible duplicate (added as new unless the user merges it).
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
    #: How the file was read ("dates read day first, as 25/12/1980 shows"), for the user.
    notes: tuple[str, ...] = ()

    def count(self, decision: PeopleDecision) -> int:
        return sum(1 for item in self.items if item.decision is decision)

    @property
    def rejected(self) -> tuple[PlannedPerson, ...]:
        return tuple(item for item in self.items if item.problem)


@dataclass(frozen=True, slots=True)
class PeopleImportSummary(ImportSummary):
    """``ImportSummary`` plus what was merged, and one line per entry not imported.

    Each card counts once: ``added`` new people, ``merged`` cards joined to another person
    (stored, or added earlier from the same file), ``updated`` stored people changed by their
    own record imported again, ``skipped`` cards that changed nothing.
    """

    problems: tuple[str, ...] = ()
    #: How the file was read (``PeopleImportPlan.notes``).
    notes: tuple[str, ...] = ()
    merged: int = 0
    #: One line per merge: who was merged into whom, and why.
    merges: tuple[str, ...] = ()
    #: One line per person added who may be a duplicate of someone.
    possible_duplicates: tuple[str, ...] = ()


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
    region: str | None = None,
) -> PeopleImportPlan:
    """What importing ``parsed`` next to ``people`` would add, merge and skip; writes nothing.

    ``region`` is the country of phone numbers without a country code (``None``: the user's).
    Raises ``FormatError`` when no entry of the file can be imported.
    """
    known = tuple(people)
    index = PeopleIndex(known, region=region)
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
        file_name=file_name,
        items=tuple(items),
        source=parsed.source,
        people=known,
        notes=parsed.notes,
    )


def _planned(contact: ParsedContact, person: Person, index: PeopleIndex) -> PlannedPerson:
    found = index.find(
        person, record_id=contact.record_id, former_sources=(contact.former_source_id,)
    )
    if found is None or not found.certain:
        index.add(person, by_name=found is None or found.kind is not MatchKind.SIMILAR_NAME)
        if found is None:
            return PlannedPerson(PeopleDecision.ADD, contact.name, contact.line, person=person)
        return PlannedPerson(
            PeopleDecision.ADD, contact.name, contact.line, person=person, match=found.person,
            reason=_(_POSSIBLE).format(reason=found.reason), certain=False,
        )  # fmt: skip
    match = found.person
    refresh = refreshes(match, person)
    if _merged(match, person, refresh=refresh) == match:
        return PlannedPerson(
            PeopleDecision.SKIP, contact.name, contact.line, person=person, match=match,
            reason=_(_UNCHANGED),
        )  # fmt: skip
    return PlannedPerson(
        PeopleDecision.MERGE, contact.name, contact.line, person=person, match=match,
        reason=found.reason,
    )  # fmt: skip


def _merged(target: Person, incoming: Person, *, refresh: bool) -> Person:
    # The card's UID, structured name, labels and kept properties fill in what the stored
    # person has none of; the stored ones win, so a re-import changes nothing.
    return card_details_filled(merge_imported(target, incoming, refresh=refresh), incoming)


class _Applied:
    """What applying a plan has done so far: the records to write and the lines to show."""

    def __init__(self, store: Store, file_name: str, at: datetime) -> None:
        self.store = store
        self.file_name = file_name
        self.at = at
        self.current: dict[str, Person] = {}
        self.added: dict[str, None] = {}  # ordered, and quick to ask
        #: Stored people changed (the change set), and those changed by their own record.
        self.changed: set[str] = set()
        self.refreshed: set[str] = set()
        self.records: list[MergeRecord] = []
        self.merges: list[str] = []
        self.possible: list[str] = []
        self.problems: list[str] = []
        self.skipped = 0
        self.merged = 0

    def add(self, item: PlannedPerson, person: Person) -> None:
        self.current[person.id] = person
        self.added[person.id] = None
        if item.match is not None and not item.certain:
            self.possible.append(
                _("“{name}”: {reason}").format(name=person.name, reason=item.reason)
            )

    def merge(self, item: PlannedPerson, target: Person, incoming: Person) -> None:
        merged = _merged(target, incoming, refresh=refreshes(target, incoming))
        if merged == target:
            self.skipped += 1
            return
        self.current[target.id] = merged
        if target.id not in self.added:
            self.changed.add(target.id)
        if same_record(target, incoming):
            # A record imported again updates its person; repeated within one file, the
            # second card is merged into the first.
            if target.id in self.added:
                self.merged += 1
            else:
                self.refreshed.add(target.id)
            return
        self.merged += 1
        reason = item.reason if item.certain else _(_CHOSEN)
        # A microsecond apart, so the list of merges keeps the file's order.
        at = self.at + timedelta(microseconds=len(self.records))
        self.records.append(
            MergeRecord(
                at=at,
                absorbed=incoming,
                survivor_before=target,
                survivor_after=merged,
                reason=reason,
                file_name=self.file_name,
            )
        )
        self.merges.append(
            _("merged “{name}” into “{into}” ({reason})").format(
                name=incoming.name, into=target.name, reason=reason
            )
        )


def apply_people_import(
    store: Store,
    plan: PeopleImportPlan,
    *,
    decisions_override: Mapping[int, PeopleDecision] | None = None,
    merge_similar_names: bool = True,
    at: datetime | None = None,
) -> PeopleImportSummary:
    """Write the plan in one durable change (all or nothing).

    ``decisions_override`` maps an index of ``plan.items`` to the user's choice.
    ``merge_similar_names=False`` (the command line) never merges a possible duplicate, even
    if a decision says so. Every merge of two records is remembered (``MergeRecord``).
    """
    overrides = decisions_override or {}
    applied = _Applied(store, plan.file_name, at or system_clock())
    for position, item in enumerate(plan.items):
        decision = overrides.get(position, item.decision)
        if item.problem or item.person is None:
            applied.problems.append(item.describe())
            continue
        if decision is PeopleDecision.MERGE and not item.certain and not merge_similar_names:
            decision = PeopleDecision.ADD
        if decision is PeopleDecision.SKIP:
            applied.skipped += 1
            if item.decision is not PeopleDecision.SKIP:
                applied.problems.append(
                    RejectedRecord(item.line, item.name, _(_LEFT_OUT)).describe()
                )
            continue
        target = None
        if decision is PeopleDecision.MERGE and item.match is not None:
            target = applied.current.get(item.match.id) or store.people.get(item.match.id)
        if target is None:
            applied.add(item, item.person)
        else:
            applied.merge(item, target, item.person)
    if applied.current:
        with store.batch():
            store.people.put_many(list(applied.current.values()))
            store.merges.put_many(applied.records)
    return _summary(applied, notes=plan.notes)


def _summary(applied: _Applied, *, notes: tuple[str, ...] = ()) -> PeopleImportSummary:
    new_ids = frozenset(applied.added)
    changed_ids = frozenset(applied.changed)
    added: dict[str, frozenset[str]] = {"people": new_ids} if new_ids else {}
    if applied.records:
        added[MERGES] = frozenset(record.id for record in applied.records)
    return PeopleImportSummary(
        added=len(new_ids),
        updated=len(applied.refreshed),
        skipped=applied.skipped,
        changes=ChangeSet(added=added, updated={"people": changed_ids} if changed_ids else {}),
        problems=tuple(applied.problems),
        merged=applied.merged,
        merges=tuple(applied.merges),
        possible_duplicates=tuple(applied.possible),
        notes=notes,
    )
