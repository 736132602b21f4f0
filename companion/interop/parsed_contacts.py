"""What a contacts file (vCard or CSV) gives: one record per person, and the ones it could not."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from companion.i18n import _

Progress = Callable[[int, int], None]
ShouldCancel = Callable[[], bool]

# Photos are kept inline as data URIs; a bigger one is dropped (the person is still imported)
# so that ten thousand contacts do not turn the store into hundreds of megabytes.
MAX_PHOTO_BYTES = 1024 * 1024


def own_record_id(text: str) -> str:
    """The person id a vCard UID or CSV id cell stands for ("" when it is no UUID).

    Our vCards write the id as a UUID ("0b5f…-…"), other programs may add "urn:uuid:" (RFC 6350
    section 6.7.6 examples do), and our CSV writes the bare hex id; all give the hex id.
    """
    value = text.strip()
    if value[:9].lower() == "urn:uuid:":
        value = value[9:]
    try:
        return uuid.UUID(value).hex
    except ValueError:
        return ""


class ContactsImportCancelled(Exception):
    """The user cancelled reading a contacts file; nothing was written."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedContact:
    """One person as the file describes them, before matching against the store.

    ``categories`` are the file's labels (groups, tags); the import maps those that name a
    catalogue interest to interests and keeps the others as tags. ``source_id`` identifies the
    record in its source ("vcard:<UID>", "linkedin:<profile URL>") so a re-import finds it.
    ``record_id`` is the id of the Common Ground person the record was exported from (a vCard
    UID that is a UUID, the id column of our CSV), so importing an export adds nobody twice.
    """

    name: str
    line: int
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    organization: str = ""
    job_title: str = ""
    birthday: str = ""
    photo: str = ""
    categories: tuple[str, ...] = ()
    notes: str = ""
    working_on: str = ""
    looking_for: str = ""
    # ISO date ("2024-03-12"), or "" when unknown.
    first_met: str = ""
    source_id: str = ""
    #: The source id an older version gave this record, when it differs (issue 18's folding).
    former_source_id: str = ""
    record_id: str = ""
    # What a vCard said beyond the fields above, kept on the person (domain/contact_card.py).
    uid: str = ""
    structured_name: tuple[str, ...] = ()
    contact_labels: tuple[str, ...] = ()
    kept_properties: tuple[str, ...] = ()
    card_version: str = ""


@dataclass(frozen=True, slots=True)
class RejectedRecord:
    """A card or row the file could not give, with where it starts and why."""

    line: int
    name: str
    reason: str

    def describe(self) -> str:
        if self.name:
            return _("line {line} ({name}): {reason}").format(
                line=self.line, name=self.name, reason=self.reason
            )
        return _("line {line}: {reason}").format(line=self.line, reason=self.reason)


@dataclass(frozen=True, slots=True)
class ParsedContacts:
    contacts: tuple[ParsedContact, ...]
    rejected: tuple[RejectedRecord, ...] = ()
    # "LinkedIn", "vCard 3.0", "CSV": shown in the preview.
    source: str = ""
    #: How the file was read, for the preview and the command line ("dates read day first").
    notes: tuple[str, ...] = ()
