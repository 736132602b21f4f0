"""The card a person is on one account, and the three-way merge of a card changed on both sides.

Private by default: notes and what someone works on or looks for leave only when the account
shares notes; interests and tags go as CATEGORIES unless it does not share them.

Patched, not replaced: the properties the app does not manage ride along on the person
(``kept_properties``); those it manages but writes in its own way (a photo in the phone's
encoding, a grouped ``CATEGORIES``, a NOTE it keeps private) are remembered per card
(``SyncedCard.server_lines``) and sent back exactly as the server had them while the person's
field behind them is unchanged.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount, SyncedCard
from companion.i18n import N_, _
from companion.interop.vcard_kept import property_name
from companion.interop.vcard_text import VCardVersion, fold_line
from companion.interop.vcard_write import card_lines
from companion.storage.codec import to_full_document, with_defaults

PUBLIC_FIELDS = (
    "name",
    "emails",
    "phones",
    "links",
    "organization",
    "job_title",
    "birthday",
    "photo",
)
INTEREST_FIELDS = ("interests", "tags")
NOTE_FIELDS = ("notes", "working_on", "looking_for")

#: Which of the person's fields each managed vCard property is written from.
_PROPERTY_FIELDS: Mapping[str, tuple[str, ...]] = {
    "FN": ("name",),
    "N": ("name",),
    "EMAIL": ("emails",),
    "TEL": ("phones",),
    "URL": ("links",),
    "IMPP": ("links",),
    "SOCIALPROFILE": ("links",),
    "X-SOCIALPROFILE": ("links",),
    "ORG": ("organization",),
    "TITLE": ("job_title",),
    "BDAY": ("birthday",),
    "PHOTO": ("photo",),
    "CATEGORIES": INTEREST_FIELDS,
    "NOTE": NOTE_FIELDS,
}
_FIELD_LABELS = {
    "name": N_("name"),
    "emails": N_("emails"),
    "phones": N_("phones"),
    "links": N_("links"),
    "organization": N_("organisation"),
    "job_title": N_("job title"),
    "birthday": N_("birthday"),
    "photo": N_("photo"),
    "interests": N_("interests"),
    "tags": N_("tags"),
    "notes": N_("notes"),
    "working_on": N_("working on"),
    "looking_for": N_("looking for"),
}
_SEPARATOR = "\x1f"

Fields = dict[str, str]


def synced_fields(account: SyncAccount) -> tuple[str, ...]:
    """The person's fields this account's server gets and may change."""
    return (
        PUBLIC_FIELDS
        + (INTEREST_FIELDS if account.share_interests else ())
        + (NOTE_FIELDS if account.share_notes else ())
    )


def field_values(person: Person, names: Iterable[str]) -> Fields:
    """Each field as comparable text (a photo by its hash: it may be large)."""
    values: Fields = {}
    for name in names:
        value = getattr(person, name)
        if name == "photo":
            values[name] = hashlib.sha256(value.encode("utf-8")).hexdigest() if value else ""
        elif isinstance(value, tuple):
            # Sorted: a card may list them in another order (links by kind) without a change.
            values[name] = json.dumps(sorted(value), ensure_ascii=False)
        else:
            values[name] = str(value)
    return values


def stored_fields(fields: Fields) -> tuple[str, ...]:
    return tuple(f"{name}{_SEPARATOR}{value}" for name, value in sorted(fields.items()))


def fields_of_status(status: SyncedCard) -> Fields:
    return dict(entry.split(_SEPARATOR, 1) for entry in status.base if _SEPARATOR in entry)


def round_context(account: SyncAccount, labels: Mapping[str, str]) -> str:
    """What besides the person shapes their card: the sharing switches and interest labels."""
    return json.dumps(
        [account.share_notes, account.share_interests, sorted(labels.items())],
        ensure_ascii=False,
    )


def fingerprint(person: Person | Mapping[str, Any], context: str) -> str:
    """A quick hash of everything the person's card is made from (no card is rendered).

    Takes the person or their stored document (the same thing, without encoding it again).
    Hashed with every field written, so a document stored without its default fields (or
    before they were left out) gives the same fingerprint as before.
    """
    if isinstance(person, Person):
        document = to_full_document(person)
    else:
        document = with_defaults(Person, person)
    encoded = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(encoded + context.encode("utf-8"), digest_size=16).hexdigest()


def shared_person(person: Person, account: SyncAccount) -> Person:
    """``person`` as the server may see them: the private fields emptied."""
    changes: dict[str, Any] = {}
    if not account.share_notes:
        changes.update(notes="", working_on="", looking_for="")
    if not account.share_interests:
        changes.update(interests=(), tags=())
    return dataclasses.replace(person, **changes) if changes else person


def card_version(status: SyncedCard | None) -> VCardVersion:
    return (
        VCardVersion.V3 if status is not None and status.card_version == "3.0" else VCardVersion.V4
    )


@dataclass(frozen=True, slots=True)
class Rendered:
    lines: list[str]
    digest: str

    def body(self) -> bytes:
        return "".join(fold_line(line) for line in self.lines).encode("utf-8")


def render(
    person: Person,
    account: SyncAccount,
    status: SyncedCard | None,
    *,
    labels: Mapping[str, str],
    now: datetime,
) -> Rendered:
    """The card to send for ``person``, patched with the server's own lines where they apply."""
    lines = card_lines(
        shared_person(person, account),
        version=card_version(status),
        interest_label=lambda slug: labels.get(slug, slug),
        revised=now,
    )
    if status is not None and status.server_lines:
        base = fields_of_status(status)
        current = field_values(person, base)
        unchanged = {
            name
            for name, backing in _PROPERTY_FIELDS.items()
            if all(base.get(field) == current.get(field) for field in backing if field in base)
        }
        lines = patched(lines, status.server_lines, keep=unchanged)
    return Rendered(lines, card_hash(lines))


def card_hash(lines: Iterable[str]) -> str:
    """What identifies a card's content: every line but REV (which changes with every write)."""
    content = "\r\n".join(line for line in lines if not line.startswith("REV:"))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def patched(lines: list[str], server_lines: Iterable[str], *, keep: set[str]) -> list[str]:
    """``lines`` with each property in ``keep`` written as the server had it."""
    theirs: dict[str, list[str]] = {}
    for line in server_lines:
        theirs.setdefault(property_name(line)[1], []).append(line)
    theirs = {name: found for name, found in theirs.items() if name in keep}
    out: list[str] = []
    placed: set[str] = set()
    for line in lines:
        name = property_name(line)[1]
        if name in theirs:
            if name not in placed:
                out.extend(theirs[name])
                placed.add(name)
            continue
        if line.startswith(("REV:", "END:VCARD")):
            # Properties the app writes none of now (a private NOTE) go back before the end.
            for missing, found in theirs.items():
                if missing not in placed:
                    out.extend(found)
                    placed.add(missing)
        out.append(line)
    return out


def foreign_lines(server: Iterable[str], ours: Iterable[str]) -> tuple[str, ...]:
    """The server's lines of managed properties that the app would write differently."""
    by_name: dict[str, list[str]] = {}
    for line in server:
        by_name.setdefault(property_name(line)[1], []).append(line)
    mine: dict[str, list[str]] = {}
    for line in ours:
        mine.setdefault(property_name(line)[1], []).append(line)
    return tuple(
        line
        for name in _PROPERTY_FIELDS
        if sorted(by_name.get(name, [])) != sorted(mine.get(name, []))
        for line in by_name.get(name, [])
    )


@dataclass(frozen=True, slots=True)
class Conflict:
    field: str
    theirs: str


def merged(
    local: Person, incoming: Person, *, base: Fields, names: tuple[str, ...]
) -> tuple[Person, list[Conflict]]:
    """``local`` with the server's changes: a field changed on one side only takes that side;
    changed on both, the local value wins and the server's is returned as a conflict."""
    mine = field_values(local, names)
    theirs = field_values(incoming, names)
    changes: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for name in names:
        if mine[name] == theirs[name]:
            continue
        if name in base and mine[name] == base[name]:
            changes[name] = getattr(incoming, name)
        elif name in base and theirs[name] == base[name]:
            continue
        else:
            conflicts.append(Conflict(name, _shown(name, getattr(incoming, name))))
    # The card's own details (UID, labels, properties the app does not manage) are the
    # server's: the card is theirs, the person's fields are ours.
    changes.update(
        uid=incoming.uid or local.uid,
        contact_labels=incoming.contact_labels,
        kept_properties=incoming.kept_properties,
        card_version=incoming.card_version,
    )
    if "name" in changes or incoming.name == local.name:
        changes["structured_name"] = incoming.structured_name
    return dataclasses.replace(local, **changes), conflicts


def _shown(name: str, value: object) -> str:
    if name == "photo":
        return _("another photo") if value else _("no photo")
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value) or _("none")
    return str(value) or _("none")


def with_history(person: Person, conflicts: list[Conflict], *, account: str, on: str) -> Person:
    """``person`` with a note of what the server had where the local value was kept."""
    if not conflicts:
        return person
    lines = [
        _("Sync conflict with “{account}” on {date}; yours was kept. The server had:").format(
            account=account, date=on
        )
    ]
    lines.extend(
        f"- {_(_FIELD_LABELS[conflict.field])}: {conflict.theirs}" for conflict in conflicts
    )
    entry = "\n".join(lines)
    notes = f"{person.notes}\n\n{entry}" if person.notes else entry
    return dataclasses.replace(person, notes=notes)


def with_server_fields(person: Person, incoming: Person, names: tuple[str, ...]) -> Person:
    """``person`` with every synced field as ``incoming`` has it (the server's view)."""
    return dataclasses.replace(person, **{name: getattr(incoming, name) for name in names})
