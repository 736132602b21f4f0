"""People I met, what we share, and when to get back in touch."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from companion.domain.date_range import LAST_YEAR, add_days, check_date
from companion.domain.errors import ValidationError
from companion.domain.ids import new_id
from companion.domain.limits import neutral_name
from companion.domain.validation import (
    MAX_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    clean_tuple,
    limit_length,
    require_text,
)
from companion.i18n import N_, _

_BIRTHDAY = re.compile(r"(\d{4}|--)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])")


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowUp:
    """When to get back in touch: a fixed date, a cadence in days, or both."""

    next_date: date | None = None
    cadence_days: int | None = None

    def __post_init__(self) -> None:
        if self.cadence_days is not None and not 1 <= self.cadence_days <= 3660:
            raise ValidationError(
                _("A reconnect cadence must be between 1 day and 10 years."), field="cadence_days"
            )
        if self.next_date is not None:
            check_date(self.next_date, field="next_date")

    def due_date(self, last_contact: date | None) -> date | None:
        """The next date to reconnect: the explicit date, else last contact plus the cadence."""
        if self.next_date is not None:
            return self.next_date
        if self.cadence_days is not None and last_contact is not None:
            return add_days(last_contact, self.cadence_days)
        return None

    def is_due(self, *, last_contact: date | None, today: date) -> bool:
        due = self.due_date(last_contact)
        return due is not None and due <= today


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    name: str
    id: str = field(default_factory=new_id)
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    organization: str = ""
    job_title: str = ""
    # ISO 8601 as vCard writes it: "1990-04-12", or "--04-12" when the year is not known.
    birthday: str = ""
    # A small avatar as a data URI ("data:image/jpeg;base64,..."), kept from imported cards.
    photo: str = ""
    interests: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    working_on: str = ""
    looking_for: str = ""
    notes: str = ""
    event_ids: tuple[str, ...] = ()
    first_met: date | None = None
    follow_up: FollowUp | None = None
    # Where imported copies of this person came from ("vcard:<UID>", "linkedin:<URL>"), so
    # importing the same file again finds them instead of adding them twice.
    source_ids: tuple[str, ...] = ()
    # Other names this person had in records merged into them ("Ana López" kept when merged
    # into "Ana Lopez"): shown on their page and found by search.
    also_known_as: tuple[str, ...] = ()
    # What the card a person came from said beyond the fields above (domain/contact_card.py),
    # kept so exports patch the card instead of regenerating it. Empty for people made here.
    # ``uid``: the card's UID exactly as read ("urn:uuid:…"). ``structured_name``: its N as
    # (family, given, additional, prefixes, suffixes, the name it was read with).
    # ``contact_labels``: the card's lines that label an email, phone or link (types, PREF,
    # groups). ``kept_properties``: its lines the app does not manage, written back as read;
    # ``card_version`` is the vCard version they are written in.
    uid: str = ""
    structured_name: tuple[str, ...] = ()
    contact_labels: tuple[str, ...] = ()
    kept_properties: tuple[str, ...] = ()
    card_version: str = ""
    # Sync accounts whose server deleted this person's card (the person stays here).
    removed_from: tuple[str, ...] = ()
    # The sync account a person first came in from (its id) and the day they did, for Home's
    # "New from your phone"; empty for people made or imported here.
    arrived_from: str = ""
    arrived_on: date | None = None
    # When the card says it was made on the phone (its CREATED or REV), else when it came in:
    # Home offers the event happening then as where we met.
    added_on_phone: datetime | None = None

    def __post_init__(self) -> None:
        # Bidi overrides and control characters never reach the screen or an export, wherever
        # the name came from (a form, an import, an older store): see domain/limits.py.
        name = require_text(
            neutral_name(self.name), field="name", message=_("A person needs a name.")
        )
        object.__setattr__(self, "name", limit_length(name, field="name", maximum=MAX_NAME_LENGTH))
        for name_of_field in (
            "emails",
            "phones",
            "links",
            "interests",
            "tags",
            "event_ids",
            "source_ids",
            "also_known_as",
        ):
            object.__setattr__(self, name_of_field, clean_tuple(getattr(self, name_of_field)))
        for other_name in self.also_known_as:
            limit_length(other_name, field="also_known_as", maximum=MAX_NAME_LENGTH)
        for email in self.emails:
            if "@" not in email or email.startswith("@") or email.endswith("@"):
                raise ValidationError(
                    _("“{email}” is not an email address.").format(email=email), field="emails"
                )
        for name_of_field in ("working_on", "looking_for", "notes"):
            limit_length(getattr(self, name_of_field), field=name_of_field, maximum=MAX_TEXT_LENGTH)
        limit_length(self.job_title, field="job_title", maximum=MAX_NAME_LENGTH)
        if self.birthday and not _BIRTHDAY.fullmatch(self.birthday):
            raise ValidationError(
                _("“{birthday}” is not a birthday (YYYY-MM-DD or --MM-DD).").format(
                    birthday=self.birthday
                ),
                field="birthday",
            )
        # A birthday is only ever shown, never computed with, so an old year is kept; one
        # after the kept range is a typo or a hostile file.
        if self.birthday[:2] not in ("", "--") and int(self.birthday[:4]) > LAST_YEAR:
            raise ValidationError(
                _("The birthday {birthday} is after the year {last}.").format(
                    birthday=self.birthday, last=LAST_YEAR
                ),
                field="birthday",
            )
        if self.first_met is not None:
            check_date(self.first_met, field="first_met")
        if self.photo and not self.photo.startswith("data:image/"):
            raise ValidationError(_("The photo is not an image."), field="photo")


class EncounterKind(StrEnum):
    MET = "met"
    CALL = "call"
    MESSAGE = "message"
    OTHER = "other"


ENCOUNTER_KIND_LABELS = {
    EncounterKind.MET: N_("Met in person"),
    EncounterKind.CALL: N_("Call"),
    EncounterKind.MESSAGE: N_("Message"),
    EncounterKind.OTHER: N_("Other"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Encounter:
    """One time I was in touch with a person, optionally at an event."""

    person_id: str
    on: date
    id: str = field(default_factory=new_id)
    event_id: str | None = None
    kind: EncounterKind = EncounterKind.MET
    note: str = ""
    opener_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.person_id:
            raise ValidationError(_("An encounter needs a person."), field="person_id")
        check_date(self.on, field="on")
        limit_length(self.note, field="note", maximum=MAX_TEXT_LENGTH)
        object.__setattr__(self, "opener_ids", clean_tuple(self.opener_ids))


class PromiseStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


PROMISE_STATUS_LABELS = {
    PromiseStatus.OPEN: N_("Open"),
    PromiseStatus.DONE: N_("Done"),
    PromiseStatus.DROPPED: N_("Dropped"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Promise:
    """A promise: what I said I would do for someone, and whether I kept it."""

    person_id: str
    text: str
    id: str = field(default_factory=new_id)
    due: date | None = None
    status: PromiseStatus = PromiseStatus.OPEN
    created: date | None = None
    done_on: date | None = None

    def __post_init__(self) -> None:
        if not self.person_id:
            raise ValidationError(_("A promise needs a person."), field="person_id")
        text = require_text(self.text, field="text", message=_("Say what you promised."))
        object.__setattr__(self, "text", limit_length(text, field="text", maximum=2000))
        for name_of_field in ("due", "created", "done_on"):
            value = getattr(self, name_of_field)
            if value is not None:
                check_date(value, field=name_of_field)

    def is_due(self, today: date) -> bool:
        """Open and due today or earlier."""
        return self.status is PromiseStatus.OPEN and self.due is not None and self.due <= today

    def is_overdue(self, today: date) -> bool:
        return self.status is PromiseStatus.OPEN and self.due is not None and self.due < today
