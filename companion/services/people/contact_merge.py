"""Merging an imported contact into a stored person, and saying what that merge changes.

Merging fills empty fields and joins lists; it never overwrites what the user wrote (name,
notes): imported notes are appended under a line when they are new, and a card of another
record under another name leaves that name as "also known as". Re-importing the same file
therefore finds every person unchanged. Only the record a person was first imported from may
replace imported values (``refreshes``). The preview lists the changes (``merge_changes``)
before the user decides.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

from companion.domain.contact_keys import link_key, normalize_email, phone_key
from companion.domain.merge_records import also_known_as
from companion.domain.people import Person
from companion.domain.validation import MAX_TEXT_LENGTH
from companion.i18n import N_, _

__all__ = ["NOTES_SEPARATOR", "merge_changes", "merge_imported", "refreshes", "same_record"]

NOTES_SEPARATOR = "\n\n———\n"

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


def merge_imported(existing: Person, incoming: Person, *, refresh: bool = False) -> Person:
    """``existing`` completed with what ``incoming`` adds; the user's name and notes stay.

    ``refresh`` (the same source record imported again) lets the file's organisation, title,
    birthday and photo replace older imported values; otherwise only empty fields are filled.
    """
    changes: dict[str, object] = {
        "emails": _union(existing.emails, incoming.emails, normalize_email),
        # The same number written two ways is one; numbers that only end alike are two.
        "phones": _union(existing.phones, incoming.phones, phone_key),
        "links": _union(existing.links, incoming.links, link_key),
        "interests": _union(existing.interests, incoming.interests, str),
        "tags": _union(existing.tags, incoming.tags, str.casefold),
        "source_ids": _union(existing.source_ids, incoming.source_ids, str),
        "notes": _merged_notes(existing.notes, incoming.notes),
    }
    if not same_record(existing, incoming):
        changes["also_known_as"] = also_known_as(existing, (incoming.name,))
    for name in ("organization", "job_title", "birthday", "photo", "working_on", "looking_for"):
        mine, theirs = getattr(existing, name), getattr(incoming, name)
        if theirs and (not mine or (refresh and name not in ("working_on", "looking_for"))):
            changes[name] = theirs
    if existing.first_met is None and incoming.first_met is not None:
        changes["first_met"] = incoming.first_met
    return dataclasses.replace(existing, **changes)  # type: ignore[arg-type]


def same_record(existing: Person, incoming: Person) -> bool:
    """Whether ``incoming`` is ``existing``'s own record again (our id, or a shared source).

    Otherwise a merge joins two records, and is remembered as a merge that can be undone.
    """
    return incoming.id == existing.id or not set(incoming.source_ids).isdisjoint(
        existing.source_ids
    )


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
    for name in merged.also_known_as:
        if name not in existing.also_known_as:
            lines.append(_("keeps the name {name} as also known as").format(name=name))
    if merged.photo != existing.photo:
        lines.append(_("adds the photo") if not existing.photo else _("replaces the photo"))
    if merged.notes != existing.notes:
        lines.append(_("adds the imported notes below the existing ones"))
    return tuple(lines)


def _interest_name(slug: str) -> str:
    # Imported here: the catalogue is read from disk once, and only a preview needs it.
    from companion.services.profile.interests import builtin_catalogue, interest_label

    for interest in builtin_catalogue().interests:
        if interest.slug == slug:
            return interest_label(interest)
    return slug


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
