"""Read a contacts file of any kind (vCard, LinkedIn or other CSV) and plan its import."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from companion.domain.inference import build_matcher, infer_interests
from companion.domain.interests import Interest
from companion.domain.limits import (
    MAX_PEOPLE,
    MAX_VALUE_LENGTH,
    MAX_VALUES_PER_PERSON,
    name_control_character,
    neutral_name,
)
from companion.i18n import _
from companion.interop.csv_columns import ContactField
from companion.interop.detect import FileKind
from companion.interop.errors import FormatError
from companion.interop.import_limits import (
    control_character,
    too_many_people,
    too_many_values,
    value_too_long,
)
from companion.interop.parsed_contacts import (
    ParsedContact,
    ParsedContacts,
    Progress,
    RejectedRecord,
    ShouldCancel,
)
from companion.interop.people_csv import read_csv_contacts, read_csv_table
from companion.interop.vcard_read import read_vcards
from companion.services.people.people_import import Categorize, PeopleImportPlan, plan_people_import
from companion.services.profile.interests import all_interests
from companion.storage.store import Store

_CARD_START = re.compile(rb"(?im)^[ \t]*begin:vcard[ \t]*\r?$")


def read_contacts(
    data: bytes,
    *,
    kind: FileKind,
    mapping: tuple[ContactField, ...] | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> ParsedContacts:
    """The people of a ``.vcf`` or ``.csv`` file; raises ``FormatError`` when unreadable.

    A CSV without ``mapping`` uses LinkedIn's columns or the mapping guessed from its header.
    """
    if kind is FileKind.VCARD:
        if len(_CARD_START.findall(data)) > MAX_PEOPLE:
            # Counted on the bytes, before a single card is parsed: refused in a blink.
            raise FormatError(too_many_people())
        parsed = read_vcards(data, progress=progress, should_cancel=should_cancel)
    else:
        table = read_csv_table(data)
        parsed = read_csv_contacts(table, mapping, progress=progress, should_cancel=should_cancel)
    return within_limits(parsed)


def within_limits(parsed: ParsedContacts) -> ParsedContacts:
    """``parsed`` with each record past a per-person limit moved to the rejected ones.

    A name holding a control character (an escape sequence, NUL) or a person with more
    addresses than anyone has is refused alone; the rest of the file is imported.
    """
    if len(parsed.contacts) + len(parsed.rejected) > MAX_PEOPLE:
        raise FormatError(too_many_people())
    kept: list[ParsedContact] = []
    rejected = list(parsed.rejected)
    for contact in parsed.contacts:
        problem = _problem(contact)
        if problem is None:
            kept.append(contact)
        else:
            shown = neutral_name(contact.name)[:80]
            rejected.append(RejectedRecord(contact.line, shown, problem))
    if len(kept) == len(parsed.contacts):
        return parsed
    if not kept:
        raise FormatError(
            _("no card could be read; the first problem: {problem}").format(
                problem=rejected[len(parsed.rejected)].describe()
            )
        )
    rejected.sort(key=lambda record: record.line)
    return dataclasses.replace(parsed, contacts=tuple(kept), rejected=tuple(rejected))


def _problem(contact: ParsedContact) -> str | None:
    code = name_control_character(contact.name)
    if code is not None:
        return control_character(code)
    for kind in ("emails", "phones", "links"):
        count = len(getattr(contact, kind))
        if count > MAX_VALUES_PER_PERSON:
            return too_many_values(kind, count)
    values = (*contact.emails, *contact.phones, *contact.links, *contact.categories)
    if any(len(value) > MAX_VALUE_LENGTH for value in (*values, contact.source_id)):
        return value_too_long()
    return None


def categorizer(store: Store) -> Categorize:
    """Maps a file's labels to catalogue interests where one clearly matches; the rest are tags.

    Build it on the thread that owns the store (it reads the user's own interests).
    """
    return categorizer_over(all_interests(store))


def categorizer_over(interests: Iterable[Interest]) -> Categorize:
    """``categorizer`` over interests read earlier: any thread may build and use it."""
    matcher = build_matcher(interests)
    known: dict[str, str] = {}

    def categorize(labels: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        interests: list[str] = []
        tags: list[str] = []
        for label in labels:
            if label not in known:
                found = infer_interests(matcher, categories=(label,), limit=1)
                known[label] = found[0] if found else ""
            slug = known[label]
            (interests if slug else tags).append(slug or label)
        return tuple(interests), tuple(tags)

    return categorize


def plan_contacts_import(
    store: Store,
    data: bytes,
    *,
    file_name: str,
    kind: FileKind,
    mapping: tuple[ContactField, ...] | None = None,
    categorize: Categorize | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> PeopleImportPlan:
    parsed = read_contacts(
        data, kind=kind, mapping=mapping, progress=progress, should_cancel=should_cancel
    )
    return plan_people_import(
        store.people.all(),
        parsed,
        file_name=file_name,
        categorize=categorize if categorize is not None else categorizer(store),
        should_cancel=should_cancel,
    )
