"""Import people from a contacts file: first a plan (the preview), then one all-or-nothing write.

Matching rules, strongest first (the reason is shown in the preview):

0. the same Common Ground person: the record was exported from this store (a vCard UID or
   the CSV id column holding the person's id): merge — certain, and usually nothing changes;
1. the same source id ("vcard:<UID>", "linkedin:<URL>") as a person imported before: update;
2. the same email address, or 3. the same phone number (last nine digits): merge — certain;
4. a very similar name (two or more words, folded, rapidfuzz ratio >= 90): merge suggested, not
   certain. The preview proposes it; the command line (no one to ask) adds such a person as new
   rather than risk joining two different people — the duplicate finder can merge them later;
5. otherwise: add.

Merging fills empty fields and joins lists; it never overwrites what the user wrote (name,
notes): imported notes are appended under a line when they are new. Re-importing the same file
therefore finds every person unchanged and adds nothing.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rapidfuzz import fuzz

from companion.domain.contact_keys import (
    folded_name_key,
    link_key,
    name_blocking_keys,
    name_tokens,
    normalize_email,
    phone_match_key,
)
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
from companion.services.backup import ImportSummary
from companion.services.changes import ChangeSet
from companion.storage.store import Store

__all__ = [
    "Categorize",
    "PeopleDecision",
    "PeopleImportPlan",
    "PeopleImportSummary",
    "PlannedPerson",
    "apply_people_import",
    "merge_changes",
    "merge_imported",
    "plan_people_import",
    "refreshes",
    "with_merge_target",
]

Categorize = Callable[[tuple[str, ...]], tuple[tuple[str, ...], tuple[str, ...]]]
"""``categorize(labels)`` → (catalogue interest slugs, the labels kept as tags)."""

SIMILAR_NAME_SCORE = 90.0
NOTES_SEPARATOR = "\n\n———\n"

_UNCHANGED = N_("already imported, nothing changed")
_LEFT_OUT = N_("left out in the preview")
_CHOSEN = N_("chosen by you")
_LIST_FIELDS = (
    ("emails", N_("Email")),
    ("phones", N_("Phone")),
    ("links", N_("Web link")),
    ("interests", N_("Interest")),
    ("tags", N_("Tag")),
)
_SINGLE_FIELDS = (
    ("organization", N_("Organisation")),
    ("job_title", N_("Job title")),
    ("birthday", N_("Birthday")),
    ("working_on", N_("Working on")),
    ("looking_for", N_("Looking for")),
    ("first_met", N_("First met")),
)


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


def merge_imported(existing: Person, incoming: Person, *, refresh: bool = False) -> Person:
    """``existing`` completed with what ``incoming`` adds; the user's name and notes stay.

    ``refresh`` (the same source record imported again) lets the file's organisation, title,
    birthday and photo replace older imported values; otherwise only empty fields are filled.
    """
    changes: dict[str, object] = {
        "emails": _union(existing.emails, incoming.emails, normalize_email),
        "phones": _union(existing.phones, incoming.phones, phone_match_key),
        "links": _union(existing.links, incoming.links, link_key),
        "interests": _union(existing.interests, incoming.interests, str),
        "tags": _union(existing.tags, incoming.tags, str.casefold),
        "source_ids": _union(existing.source_ids, incoming.source_ids, str),
        "notes": _merged_notes(existing.notes, incoming.notes),
    }
    for name in ("organization", "job_title", "birthday", "photo", "working_on", "looking_for"):
        mine, theirs = getattr(existing, name), getattr(incoming, name)
        if theirs and (not mine or (refresh and name not in ("working_on", "looking_for"))):
            changes[name] = theirs
    if existing.first_met is None and incoming.first_met is not None:
        changes["first_met"] = incoming.first_met
    return dataclasses.replace(existing, **changes)  # type: ignore[arg-type]


def refreshes(existing: Person, incoming: Person) -> bool:
    """Whether ``incoming`` is the record ``existing`` was first imported from, again.

    Only that record may replace imported values. A record merged in later (a company card
    sharing the switchboard number) only fills empty fields; otherwise every re-import of its
    file would overwrite the person's organisation and nothing would ever be "unchanged".
    """
    return bool(existing.source_ids) and existing.source_ids[0] in incoming.source_ids


def merge_changes(existing: Person, incoming: Person) -> tuple[str, ...]:
    """What merging ``incoming`` into ``existing`` would fill in or add, one line each.

    Empty when the merge changes nothing. Shown in the preview before the user decides.
    """
    refresh = refreshes(existing, incoming)
    merged = merge_imported(existing, incoming, refresh=refresh)
    lines: list[str] = []
    for name, label in _LIST_FIELDS:
        before = set(getattr(existing, name))
        for value in getattr(merged, name):
            if value not in before:
                shown = _interest_name(value) if name == "interests" else value
                lines.append(_("adds {field}: {value}").format(field=_(label), value=shown))
    for name, label in _SINGLE_FIELDS:
        old, new = getattr(existing, name), getattr(merged, name)
        if new == old:
            continue
        shown = new.isoformat() if isinstance(new, date) else str(new)
        if old:
            lines.append(
                _("replaces {field}: {old} → {new}").format(field=_(label), old=old, new=shown)
            )
        else:
            lines.append(_("fills in {field}: {value}").format(field=_(label), value=shown))
    if merged.photo != existing.photo:
        lines.append(_("adds the photo") if not existing.photo else _("replaces the photo"))
    if merged.notes != existing.notes:
        lines.append(_("adds the imported notes below the existing ones"))
    return tuple(lines)


def _interest_name(slug: str) -> str:
    # Imported here: the catalogue is read from disk once, and only a preview needs it.
    from companion.services.interests import builtin_catalogue, interest_label

    for interest in builtin_catalogue().interests:
        if interest.slug == slug:
            return interest_label(interest)
    return slug


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


def _union(
    mine: tuple[str, ...], theirs: tuple[str, ...], key: Callable[[str], str]
) -> tuple[str, ...]:
    seen = {key(value) or value for value in mine}
    extra = []
    for value in theirs:
        value_key = key(value) or value
        if value_key not in seen:
            seen.add(value_key)
            extra.append(value)
    return (*mine, *extra) if extra else mine


def _merged_notes(mine: str, theirs: str) -> str:
    theirs = theirs.strip()
    if not theirs or theirs in mine:
        return mine
    if not mine.strip():
        return theirs
    combined = mine.rstrip() + NOTES_SEPARATOR + theirs
    # Never lose the user's notes to the length limit: the imported text is left out instead.
    return combined if len(combined) <= MAX_TEXT_LENGTH else mine


class _Index:
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

    def find(self, person: Person, *, record_id: str = "") -> tuple[Person, str, bool] | None:
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

    def _similar_name(self, person: Person) -> tuple[Person, str, bool] | None:
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
    if contact.record_id and contact.source_id.endswith(
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
    index = _Index(known)
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


def _planned(contact: ParsedContact, person: Person, index: _Index) -> PlannedPerson:
    found = index.find(person, record_id=contact.record_id)
    if found is None:
        index.add(person)
        return PlannedPerson(PeopleDecision.ADD, contact.name, contact.line, person=person)
    match, reason, certain = found
    refresh = refreshes(match, person)
    if certain and merge_imported(match, person, refresh=refresh) == match:
        return PlannedPerson(
            PeopleDecision.SKIP, contact.name, contact.line, person=person, match=match,
            reason=_(_UNCHANGED),
        )  # fmt: skip
    return PlannedPerson(
        PeopleDecision.MERGE, contact.name, contact.line, person=person, match=match,
        reason=reason, certain=certain,
    )  # fmt: skip


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
        merged = merge_imported(target, item.person, refresh=refresh)
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
