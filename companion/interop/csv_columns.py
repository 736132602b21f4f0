"""Which person field a CSV column holds, guessed from its header (English and German).

The headers of Google Contacts ("E-mail 1 - Value"), Outlook ("E-mail Address", "Vorname"),
Thunderbird ("Primary Email") and LinkedIn ("Connected On") are recognised, and so are the
plain words people type in a spreadsheet of their own ("Name", "Telefon", "Firma").
"""

from __future__ import annotations

import re
from enum import StrEnum

from companion.domain.folding import slugify
from companion.i18n import N_


class ContactField(StrEnum):
    IGNORE = "ignore"
    NAME = "name"
    FIRST_NAME = "first_name"
    MIDDLE_NAME = "middle_name"
    LAST_NAME = "last_name"
    EMAIL = "email"
    PHONE = "phone"
    LINK = "link"
    ORGANIZATION = "organization"
    #: Outlook's "Department" / "Abteilung": shown after the organisation ("Acme, R&D").
    DEPARTMENT = "department"
    JOB_TITLE = "job_title"
    BIRTHDAY = "birthday"
    NOTES = "notes"
    CATEGORIES = "categories"
    CONNECTED_ON = "connected_on"
    WORKING_ON = "working_on"
    LOOKING_FOR = "looking_for"
    FIRST_MET = "first_met"
    #: A whole postal address in one cell (Google's "Address 1 - Formatted"); kept in the notes.
    ADDRESS = "address"
    #: One part (street, city, postcode, …) of Outlook's work, home or other address.
    ADDRESS_WORK = "address_work"
    ADDRESS_HOME = "address_home"
    ADDRESS_OTHER = "address_other"
    #: The id column of our own CSV export: the row is that Common Ground person.
    RECORD_ID = "record_id"


FIELD_LABELS = {
    ContactField.IGNORE: N_("(leave out)"),
    ContactField.NAME: N_("Full name"),
    ContactField.FIRST_NAME: N_("First name"),
    ContactField.MIDDLE_NAME: N_("Middle name"),
    ContactField.LAST_NAME: N_("Last name"),
    ContactField.EMAIL: N_("Email"),
    ContactField.PHONE: N_("Phone"),
    ContactField.LINK: N_("Web link"),
    ContactField.ORGANIZATION: N_("Organisation"),
    ContactField.DEPARTMENT: N_("Department"),
    ContactField.JOB_TITLE: N_("Job title"),
    ContactField.BIRTHDAY: N_("Birthday"),
    ContactField.NOTES: N_("Notes"),
    ContactField.CATEGORIES: N_("Labels (interests or tags)"),
    ContactField.CONNECTED_ON: N_("Connected on (date)"),
    ContactField.WORKING_ON: N_("Working on"),
    ContactField.LOOKING_FOR: N_("Looking for"),
    ContactField.FIRST_MET: N_("First met (date)"),
    ContactField.ADDRESS: N_("Address (kept in the notes)"),
    ContactField.RECORD_ID: N_("Common Ground ID"),
    ContactField.ADDRESS_WORK: N_("Part of the work address (kept in the notes)"),
    ContactField.ADDRESS_HOME: N_("Part of the home address (kept in the notes)"),
    ContactField.ADDRESS_OTHER: N_("Part of another address (kept in the notes)"),
}

# Outlook writes an address as columns: "Business Street", "Home City", "Postleitzahl privat"…
_ADDRESS_PARTS = (
    "street",
    "street 2",
    "street 3",
    "city",
    "state",
    "postal code",
    "country region",
    "country",
)
_ADDRESS_PARTS_DE = (
    "strasse",
    "strasse 2",
    "strasse 3",
    "ort",
    "bundesland kanton",
    "bundesland",
    "postleitzahl",
    "land region",
    "land",
)
_ADDRESS_KINDS = {
    ContactField.ADDRESS_WORK: ("business", "geschaftlich"),
    ContactField.ADDRESS_HOME: ("home", "privat"),
    ContactField.ADDRESS_OTHER: ("other", "weitere"),
}

# Fields a row has once; several columns of these are joined (names) or the first is used.
SINGLE_VALUED = frozenset(
    {
        ContactField.NAME,
        ContactField.FIRST_NAME,
        ContactField.MIDDLE_NAME,
        ContactField.LAST_NAME,
        ContactField.ORGANIZATION,
        ContactField.DEPARTMENT,
        ContactField.JOB_TITLE,
        ContactField.BIRTHDAY,
        ContactField.CONNECTED_ON,
        ContactField.FIRST_MET,
        ContactField.RECORD_ID,
    }
)

_EXACT = {
    ContactField.FIRST_NAME: {
        "first name",
        "firstname",
        "given name",
        "vorname",
        "forename",
        "prenom",
        "nombre",
    },
    ContactField.MIDDLE_NAME: {
        "middle name",
        "additional name",
        "weitere vornamen",
        "zweiter vorname",
    },
    ContactField.LAST_NAME: {
        "last name",
        "lastname",
        "family name",
        "surname",
        "nachname",
        "familienname",
        "nom",
        "apellido",
    },
    ContactField.NAME: {
        "name",
        "full name",
        "fullname",
        "display name",
        "anzeigename",
        "vollstandiger name",
        "contact",
        "kontakt",
        "person",
    },
    ContactField.BIRTHDAY: {
        "birthday",
        "birth date",
        "date of birth",
        "birthdate",
        "bday",
        "geburtstag",
        "geburtsdatum",
    },
    ContactField.CONNECTED_ON: {"connected on", "verbunden am", "connected"},
    ContactField.WORKING_ON: {"working on", "arbeitet an"},
    ContactField.LOOKING_FOR: {"looking for", "sucht"},
    ContactField.FIRST_MET: {"first met", "erstes treffen", "kennengelernt am"},
    ContactField.RECORD_ID: {"common ground id"},
    ContactField.ADDRESS: {
        "address",
        "formatted address",
        "postal address",
        "adresse",
        "anschrift",
        "postanschrift",
    }
    | {f"address {number} formatted" for number in range(1, 10)},
    **{
        field: {f"{english} {part}" for part in _ADDRESS_PARTS}
        | {f"{part} {german}" for part in _ADDRESS_PARTS_DE}
        for field, (english, german) in _ADDRESS_KINDS.items()
    },
    ContactField.JOB_TITLE: {
        "job title",
        "jobtitle",
        "position",
        "job",
        "beruf",
        "berufsbezeichnung",
        "rolle",
        "role",
        "organization title",
        "organization 1 title",
        "title",
        "titel",
    },
    ContactField.ORGANIZATION: {
        "company",
        "organization",
        "organisation",
        "organization name",
        "organization 1 name",
        "firma",
        "unternehmen",
        "arbeitgeber",
        "employer",
        "firma name",
    },
    ContactField.DEPARTMENT: {
        "department",
        "abteilung",
        "organization 1 department",
        "organization department",
    },
}
# Words that, anywhere in a header, say what the column holds (checked in this order).
_CONTAINS = (
    (ContactField.EMAIL, ("email", "e mail", "mail")),
    (ContactField.PHONE, ("phone", "telefon", "mobil", "handy", "mobile", "cell", "tel ")),
    (ContactField.LINK, ("url", "website", "web page", "webseite", "homepage", "linkedin")),
    (ContactField.NOTES, ("note", "notiz", "bemerkung", "comment", "kommentar", "beschreibung")),
    (
        ContactField.CATEGORIES,
        ("categor", "kategorie", "label", "group membership", "tags", "gruppe", "stichwort",
         "interest", "interesse"),
    ),
)  # fmt: skip
# Google's "E-mail 1 - Type", Outlook's "E-mail Display Name" ("E-Mail: Angezeigter Name" in
# German): about a value, not the value.
_DESCRIBES = re.compile(r"\b(type|typ|label|display name|anzeigename|angezeigter name)$")
# Not the person's own details: Google's phonetic and Yomi spellings ("Phonetic First Name"
# would otherwise read as a phone), Outlook's assistant, switchboard, fax and pager numbers.
_NOT_THEIRS = re.compile(
    r"\b(phonetic|yomi|assistant s|assistent|company main|firma$|haupttelefon|fax|pager|telex"
    r"|callback|ruckmeldung)\b"
)
# "Title" is a salutation in Outlook ("Dr.") but a job title in hand-made sheets: it only
# counts when no column says "job title" more clearly.
_WEAK = {"title", "titel"}


def header_key(header: str) -> str:
    """Folded words of a header: "E-mail 1 - Value" -> "e mail 1 value"."""
    return slugify(header).replace("-", " ")


def guess_field(header: str) -> ContactField:
    key = header_key(header)
    if not key:
        return ContactField.IGNORE
    for field, names in _EXACT.items():
        if key in names:
            return field
    if _DESCRIBES.search(key) and not key.startswith(("display name", "anzeigename")):
        return ContactField.IGNORE
    if _NOT_THEIRS.search(key):
        return ContactField.IGNORE
    padded = f" {key} "
    for field, words in _CONTAINS:
        if any(word in padded for word in words):
            return field
    return ContactField.IGNORE


def guess_mapping(headers: tuple[str, ...]) -> tuple[ContactField, ...]:
    """One field per column; a weak "Title" yields to a clearer job title column."""
    fields = [guess_field(header) for header in headers]
    strong_title = any(
        field is ContactField.JOB_TITLE and header_key(header) not in _WEAK
        for field, header in zip(fields, headers, strict=True)
    )
    if strong_title:
        fields = [
            ContactField.IGNORE
            if field is ContactField.JOB_TITLE and header_key(header) in _WEAK
            else field
            for field, header in zip(fields, headers, strict=True)
        ]
    return tuple(fields)


def has_name(mapping: tuple[ContactField, ...]) -> bool:
    return any(
        field in (ContactField.NAME, ContactField.FIRST_NAME, ContactField.LAST_NAME)
        for field in mapping
    )
