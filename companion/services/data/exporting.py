"""Export the user's data: the full backup (json), people (vcf, csv), or a calendar (ics).

The CLI, the running instance (for a forwarded ``companion export``) and File > Export… all
call ``export_data``; only ``json`` is complete and restorable, the others are for other apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from companion.domain.events import EventStatus
from companion.domain.people import Person, PromiseStatus
from companion.i18n.translate import current_locale
from companion.interop.ics_export import (
    PreparedEvent,
    PromiseEntry,
    ReconnectEntry,
    write_calendar,
)
from companion.interop.people_csv_write import write_people_csv
from companion.interop.vcard_write import VCardVersion, write_vcards
from companion.services.clock import Clock, system_clock
from companion.services.data.formats import format_named
from companion.services.data.formats_entry import ExportedFile
from companion.services.people.people import people_overview
from companion.services.prepare.opener_library import find_opener
from companion.services.profile.interests import all_interests
from companion.storage.store import Store

#: A kept or dropped promise stays in the calendar export this long after its due date, so
#: exporting again marks it done (or cancelled) where the calendar app has it.
CLOSED_PROMISES_KEPT = timedelta(days=30)


class ExportFormat(StrEnum):
    """The built-in formats' names; ``services/formats.py`` lists every format."""

    JSON = "json"
    VCARD = "vcf"
    CSV = "csv"
    ICS = "ics"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportOptions:
    #: A format's name in ``services/formats.py`` (an ``ExportFormat`` for the built-in ones).
    format: str = ExportFormat.JSON
    vcard_version: VCardVersion = VCardVersion.V4
    #: A UTF-8 byte order mark, so Excel reads the CSV as UTF-8 (LibreOffice does anyway).
    csv_bom: bool = False
    ics_events: bool = True
    ics_promises: bool = True
    ics_reconnects: bool = True
    #: Promises and reconnects as all-day events: Google Calendar ignores imported tasks.
    ics_tasks_as_events: bool = False


def suggested_file_name(export_format: str, today: date) -> str:
    file_format = format_named(export_format)
    stem = file_format.export.file_stem if file_format.export is not None else "common-ground"
    return f"{stem}-{today.isoformat()}{file_format.suffix}"


def stable_interest_labels(store: Store) -> dict[str, str]:
    """Slug → the label other apps get: built-in labels in English (as stored), own as typed.

    English, not the user's language, so a re-import maps the labels back onto the catalogue
    whatever language either side runs in.
    """
    return {interest.slug: interest.label for interest in all_interests(store)}


def _people(store: Store) -> list[Person]:
    return sorted(store.people, key=lambda person: (person.name.casefold(), person.id))


def export_data(
    store: Store | None, options: ExportOptions, *, clock: Clock = system_clock
) -> ExportedFile:
    """The bytes of the export; ``store`` None means nothing was recorded yet (empty export).

    Raises ``ValueError`` for a format that is not written.
    """
    export = format_named(options.format).export
    if export is None:
        raise ValueError(options.format)
    return export.write(store, options, clock())


def _label(store: Store | None) -> Callable[[str], str]:
    labels = stable_interest_labels(store) if store is not None else {}
    return lambda slug: labels.get(slug, slug)


def export_vcards(store: Store | None, options: ExportOptions, *, now: datetime) -> ExportedFile:
    people = _people(store) if store is not None else []
    payload = write_vcards(
        people, version=options.vcard_version, interest_label=_label(store), revised=now
    )
    return ExportedFile(payload, len(people))


def export_people_csv(
    store: Store | None, options: ExportOptions, *, now: datetime
) -> ExportedFile:
    del now  # a spreadsheet row has no revision date
    people = _people(store) if store is not None else []
    return ExportedFile(
        write_people_csv(people, interest_label=_label(store), bom=options.csv_bom), len(people)
    )


def export_calendar(store: Store | None, options: ExportOptions, *, now: datetime) -> ExportedFile:
    label = stable_interest_labels(store) if store is not None else {}
    events: list[PreparedEvent] = []
    promises: list[PromiseEntry] = []
    reconnects: list[ReconnectEntry] = []
    if store is not None:
        today = now.date()
        if options.ics_events:
            events = upcoming_events(store, now=now, labels=label)
        if options.ics_promises:
            promises = due_promises(store, today=today, open_only=options.ics_tasks_as_events)
        if options.ics_reconnects:
            reconnects = [
                ReconnectEntry(row.id, row.name, row.next_follow_up)
                for row in people_overview(store, today)
                if row.next_follow_up is not None
            ]
    payload = write_calendar(
        events=events,
        promises=promises,
        reconnects=reconnects,
        stamp=now,
        tasks_as_events=options.ics_tasks_as_events,
    )
    return ExportedFile(payload, len(events) + len(promises) + len(reconnects))


def upcoming_events(store: Store, *, now: datetime, labels: dict[str, str]) -> list[PreparedEvent]:
    """Events not over yet and not skipped, soonest first, with their openers' texts."""
    locale = current_locale()
    prepared = []
    for event in store.events:
        if event.status is EventStatus.SKIPPED or event.has_ended(now):
            continue
        openers = tuple(
            opener.text
            for opener in (find_opener(store, key, locale) for key in event.prep.opener_ids)
            if opener is not None
        )
        interests = tuple(labels.get(slug, slug) for slug in event.interests)
        prepared.append(PreparedEvent(event, openers, interests))
    prepared.sort(key=lambda entry: (entry.event.start, entry.event.id))
    return prepared


def due_promises(store: Store, *, today: date, open_only: bool = False) -> list[PromiseEntry]:
    """Promises with a due date: every open one, and recently closed ones (to close them)."""
    names = {key: str(name or "") for key, name in store.people.field_values("name").items()}
    entries = []
    for promise in store.promises:
        if promise.due is None:
            continue
        if promise.status is not PromiseStatus.OPEN and (
            open_only or promise.due < today - CLOSED_PROMISES_KEPT
        ):
            continue
        entries.append(PromiseEntry(promise, names.get(promise.person_id, "")))
    entries.sort(key=lambda entry: (entry.promise.due or today, entry.promise.id))
    return entries


def export_options(
    export_format: str, *, vcard_version: str = "", bom: bool = False
) -> ExportOptions:
    """Options from the command line (or a forwarded request): format, vCard version, BOM.

    Raises ``ValueError`` for an unknown format or version.
    """
    try:
        format_named(export_format)
    except KeyError:
        raise ValueError(export_format) from None
    return ExportOptions(
        format=export_format,
        vcard_version=VCardVersion(vcard_version) if vcard_version else VCardVersion.V4,
        csv_bom=bom,
    )
