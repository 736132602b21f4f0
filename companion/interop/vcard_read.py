"""Read the people of a vCard file (2.1, 3.0, 4.0), one card at a time.

The file is split into ``BEGIN:VCARD``…``END:VCARD`` blocks here, keeping line numbers, and each
card is read on its own (``vobject`` parses the content lines), so one broken card becomes one
rejected entry with its line and reason while the others are imported. Values are decoded by
``vcard_values`` because ``vobject`` knows neither vCard 4.0 nor 2.1's quoted-printable soft
line breaks, and fails a whole card on one damaged photo.

Nothing read is thrown away: the card's UID, structured name, the lines labelling emails,
phones and links, and every property the app does not manage are kept on the person
(``domain/contact_card.py``) so that an export patches the card instead of regenerating it.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field

from vobject.base import ParseError, parseLine

from companion.domain.contact_card import ContactKind, NameParts
from companion.domain.contact_keys import (
    folded_name_key,
    former_folded_name_key,
    normalize_email,
    phone_match_key,
)
from companion.domain.limits import MAX_CARD_LINES
from companion.i18n import N_, _
from companion.interop.errors import FormatError
from companion.interop.import_limits import too_many_card_lines
from companion.interop.parsed_contacts import (
    ContactsImportCancelled,
    ParsedContact,
    ParsedContacts,
    Progress,
    RejectedRecord,
    ShouldCancel,
    own_record_id,
)
from companion.interop.text_decoding import decode_text
from companion.interop.vcard_details import LINK_PROPERTIES, contact_value
from companion.interop.vcard_kept import FIRST_MANAGED, MANAGED, kept_line, stored_version
from companion.interop.vcard_text import escape_structured
from companion.interop.vcard_unfold import CardLines, split_cards
from companion.interop.vcard_values import (
    Params,
    address_line,
    birthday,
    decode_value,
    organization_text,
    photo,
    split_unescaped,
    unescape,
)
from companion.interop.vcard_write import PRODID_START, name_parts, split_note_text
from companion.interop.vcard_write_fields import plain_contact_line

SOURCE_PREFIX = "vcard:"
# Google adds every contact to this system group; it says nothing about the person.
_SYSTEM_CATEGORIES = frozenset({"mycontacts"})
_REPORT_EVERY = 250
_LABEL_ORDER = {ContactKind.EMAIL: 0, ContactKind.PHONE: 1, ContactKind.LINK: 2}
# KIND (RFC 6350 6.1.4) and Apple's X-ADDRESSBOOKSERVER-KIND: cards that are not a person.
# Groups list their members, which are exported as cards of their own.
_NOT_PEOPLE = {
    "group": N_("a contact group, not a person"),
    "location": N_("a place, not a person"),
}


class CardLinesError(ValueError):
    def __init__(self, reason: str, *, name: str = "", line: int | None = None) -> None:
        super().__init__(reason)
        self.name = name
        self.line = line


@dataclass(slots=True)
class _Fields:
    names: dict[str, str] = field(default_factory=dict)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Lines kept in the notes for what a person has no field for (addresses, nickname).
    details: list[str] = field(default_factory=list)
    organization: str = ""
    job_title: str = ""
    role: str = ""
    birthday: str = ""
    photo: str = ""
    uid: str = ""
    kind: str = ""
    version: str = ""
    ours: bool = False
    # Each label with the line it was read from.
    labels: list[tuple[ContactKind, str]] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    first_org: str = ""
    seen: set[str] = field(default_factory=set)


def read_vcards(
    data: bytes,
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> ParsedContacts:
    """Every readable card of ``data``, and the rejected ones with line and reason.

    Raises ``FormatError`` when the file is empty, binary, has no card, or no card can be read;
    ``ContactsImportCancelled`` when ``should_cancel()`` turns true.
    """
    text = decode_text(data).text
    cards = list(split_cards(text))
    if not cards:
        raise FormatError(_("the file has no contact cards (BEGIN:VCARD)"))
    contacts: list[ParsedContact] = []
    rejected: list[RejectedRecord] = []
    versions: set[str] = set()
    for index, card in enumerate(cards):
        if index % _REPORT_EVERY == 0:
            if should_cancel is not None and should_cancel():
                raise ContactsImportCancelled()
            if progress is not None:
                progress(index, len(cards))
        try:
            contact, version = _read_card(card)
        except CardLinesError as error:
            rejected.append(RejectedRecord(error.line or card.line, error.name, str(error)))
            continue
        contacts.append(contact)
        versions.add(version)
    if progress is not None:
        progress(len(cards), len(cards))
    if not contacts:
        first = rejected[0]
        raise FormatError(
            _("no card could be read; the first problem: {problem}").format(
                problem=first.describe()
            )
        )
    source = "vCard " + "/".join(sorted(version for version in versions if version))
    return ParsedContacts(tuple(contacts), tuple(rejected), source=source.strip())


def _name_hint(card: CardLines) -> str:
    """The card's FN as written, to name a card that cannot be read in the preview."""
    for _number, line in card.lines:
        head, colon, value = line.partition(":")
        if colon and head.split(";", 1)[0].rpartition(".")[2].upper() == "FN":
            return value.replace("\\,", ",").strip()[:80]
    return ""


def _read_card(card: CardLines) -> tuple[ParsedContact, str]:
    if len(card.lines) > MAX_CARD_LINES:
        raise CardLinesError(too_many_card_lines(), name=_name_hint(card))
    fields = _Fields(version=_version(card))
    for number, line in card.lines:
        try:
            name, params, value, group = parseLine(line, number)
        except ParseError as error:
            raise CardLinesError(
                _("this line cannot be read: {text}").format(text=line[:60]),
                line=number,
                name=_name_hint(card),
            ) from error
        _take(fields, line, name.upper(), params or [], value or "", group or "")
    name = _display_name(fields)
    if fields.kind in _NOT_PEOPLE:
        raise CardLinesError(_(_NOT_PEOPLE[fields.kind]), name=name)
    if not card.complete:
        raise CardLinesError(_("the card has no END:VCARD (the file may be cut off)"), name=name)
    if not name:
        raise CardLinesError(_("the card has no name, email or organisation"))
    if len(name) > 200:
        raise CardLinesError(_("the name is longer than 200 characters"), name=name[:40] + "…")
    record_id = own_record_id(fields.uid) if fields.uid else ""
    notes = "\n\n".join(note for note in fields.notes if note)
    working_on = looking_for = ""
    if fields.ours:
        notes, working_on, looking_for = split_note_text(notes)
    nickname = fields.names.get("NICKNAME", "").strip()
    if nickname and nickname != name:
        fields.details.insert(0, _("Nickname: {name}").format(name=nickname))
    # Details already in the notes (our own export wrote them there) are not added again.
    details = [line for line in fields.details if line not in notes]
    if details:
        notes = "\n\n".join(part for part in (notes, "\n".join(details)) if part)
    return (
        ParsedContact(
            name=name,
            line=card.line,
            emails=tuple(fields.emails),
            phones=tuple(fields.phones),
            links=tuple(fields.links),
            organization=fields.organization,
            job_title=fields.job_title or fields.role,
            birthday=fields.birthday,
            photo=fields.photo,
            categories=tuple(fields.categories),
            notes=notes,
            working_on=working_on,
            looking_for=looking_for,
            source_id=_source_id(fields.uid, name, fields.emails, fields.phones),
            former_source_id=_source_id(
                fields.uid, name, fields.emails, fields.phones, former=True
            ),
            record_id=record_id,
            # Kept only where they say more than the person's id and name already do, so a
            # re-import of our own export adds nothing.
            uid="" if fields.uid == _uid_of(record_id) else fields.uid,
            structured_name=_structured_name(fields.names.get("N"), name),
            # Emails, then phones, then links, each in the card's order, as they are written.
            contact_labels=tuple(
                line
                for _kind, line in sorted(
                    fields.labels, key=lambda labelled: _LABEL_ORDER[labelled[0]]
                )
            ),
            kept_properties=tuple(fields.kept),
            card_version=stored_version(fields.version) if fields.kept else "",
        ),
        fields.version,
    )


def _version(card: CardLines) -> str:
    for _number, line in card.lines:
        if line[:8].upper() == "VERSION:":
            return line[8:].strip()
    return ""


def _uid_of(record_id: str) -> str:
    return str(uuid.UUID(hex=record_id)) if record_id else ""


def _structured_name(structured: str | None, name: str) -> tuple[str, ...]:
    if structured is None:
        return ()
    if not structured.strip(" ;"):
        return NameParts(name=name).stored()  # an empty N (a company card) stays empty
    # Each part keeps its comma-separated values as read ("Ann,Marie").
    family, given, additional, prefixes, suffixes = (split_unescaped(structured, ";") + [""] * 5)[
        :5
    ]
    if (family, given, suffixes) == name_parts(name) and not (additional or prefixes):
        return ()  # what the name alone gives: nothing to keep
    return (family, given, additional, prefixes, suffixes, name)


def _take(fields: _Fields, line: str, name: str, params: Params, raw: str, group: str) -> None:
    first = name not in fields.seen
    fields.seen.add(name)
    value = decode_value(raw, params)
    kept = name not in MANAGED and not (first and name in FIRST_MANAGED)
    if name == "ORG" and first:
        # The card's first ORG is kept too when it says more than the one line the person's
        # organisation is (departments): written back while that still reads the same.
        fields.organization = organization_text(value)
        fields.first_org = _stored_line(fields, line, name, params, value, group)
        kept = fields.first_org != "ORG:" + escape_structured(fields.organization)
    elif name == "ORG" and fields.first_org not in fields.kept:
        # A second ORG is kept: the first, which the export takes for the card's own, too.
        fields.kept.append(fields.first_org)
    if name == "PHOTO" and first:
        fields.photo = photo(raw, params)
        # A photo the app does not keep (a web address, a damaged image) stays on the card.
        kept = not fields.photo
    elif name == "BDAY" and first:
        fields.birthday = birthday(value, params)
        kept = not fields.birthday  # "circa 1980" (VALUE=text) stays on the card as written
    if kept:
        fields.kept.append(_stored_line(fields, line, name, params, value, group))
    if name == "PHOTO":
        return
    if name in ("EMAIL", "TEL") or name in LINK_PROPERTIES:
        found = contact_value(name, params, value)
        if found is None:
            return
        kind, text, written = found
        {
            ContactKind.EMAIL: fields.emails,
            ContactKind.PHONE: fields.phones,
            ContactKind.LINK: fields.links,
        }[kind].append(text)
        # The line is kept when it says more than the export would write for the value.
        says_more = params or group or written or (kind is ContactKind.LINK and name != "URL")
        if says_more and line != plain_contact_line(kind, text, version=fields.version):
            stored = _stored_line(fields, line, name, params, value, group)
            fields.labels.append((kind, stored))
    elif name in ("FN", "N", "NICKNAME") and name not in fields.names:
        if name == "NICKNAME":
            value = ", ".join(part for part in split_unescaped(value, ",") if part)
        fields.names[name] = value
    elif name == "PRODID":
        fields.ours = unescape(value).strip().startswith(PRODID_START)
    elif name == "ADR":
        address = address_line(value, params)
        if address:
            fields.details.append(address)
    elif name == "TITLE":
        fields.job_title = fields.job_title or unescape(value).strip()
    elif name == "ROLE":
        fields.role = fields.role or unescape(value).strip()
    elif name == "BDAY":
        fields.birthday = fields.birthday or birthday(value, params)
    elif name == "CATEGORIES":
        for category in split_unescaped(value, ","):
            if category and category.casefold() not in _SYSTEM_CATEGORIES:
                fields.categories.append(category)
    elif name == "NOTE":
        # Quoted-printable notes carry Windows line ends ("=0D=0A"). Blanks are kept: they
        # are the user's text, and a round trip gives it back byte for byte.
        fields.notes.append(unescape(value).replace("\r\n", "\n").replace("\r", "\n"))
    elif name in ("KIND", "X-ADDRESSBOOKSERVER-KIND"):
        fields.kind = unescape(value).strip().lower()
    elif name == "UID" and not fields.uid:
        fields.uid = unescape(value).strip()


def _stored_line(
    fields: _Fields, line: str, name: str, params: Params, value: str, group: str
) -> str:
    return kept_line(
        line, name=name, params=params, value=value, group=group, version=fields.version
    )


def _display_name(fields: _Fields) -> str:
    formatted = " ".join(unescape(fields.names.get("FN", "")).split())
    if formatted:
        return formatted
    structured = fields.names.get("N", "")
    if structured:
        family, given, additional, prefix, suffix = (split_unescaped(structured, ";") + [""] * 5)[
            :5
        ]
        name = " ".join(part for part in (prefix, given, additional, family, suffix) if part)
        if name:
            return " ".join(name.split())
    for fallback in (fields.names.get("NICKNAME", ""), fields.organization):
        if fallback.strip():
            return " ".join(fallback.split())
    return fields.emails[0] if fields.emails else ""


def _source_id(
    uid: str, name: str, emails: list[str], phones: list[str], *, former: bool = False
) -> str:
    """The card's id in its source; with ``former``, the id older versions gave it if it
    differs, else "" (they folded some names differently)."""
    if uid:
        return "" if former else SOURCE_PREFIX + uid
    name_key = former_folded_name_key(name) if former else folded_name_key(name)
    if not name_key:
        return ""
    # No UID (many 2.1 exports): the same name, first email and first phone give the same id on
    # every import, while two different people of the same name keep two ids.
    first_email = normalize_email(emails[0]) if emails else ""
    first_phone = phone_match_key(phones[0]) if phones else ""
    key = f"{name_key}\n{first_email}\n{first_phone}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:16]
    return f"{SOURCE_PREFIX}{digest}"
