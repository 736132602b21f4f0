"""iCalendar (``.ics``): events in with a preview; events, promises and reconnects out."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from companion.i18n import N_
from companion.interop.detect import Sniffed
from companion.services.data.formats_entry import (
    Export,
    ExportedFile,
    FileFormat,
    Holds,
    ImportRequest,
    PlanRequest,
    Preview,
    Staged,
)

if TYPE_CHECKING:
    from companion.services.data.backup import ImportSummary
    from companion.services.data.exporting import ExportOptions
    from companion.storage.store import Store


def _recognise(sniffed: Sniffed) -> bool:
    return sniffed.head.startswith(b"BEGIN:VCALENDAR")


def _plan_at_once(store: Store, data: bytes, request: ImportRequest) -> object:
    # Imported here: icalendar and its friends cost ~40 ms at start-up otherwise.
    from companion.services.events.event_import import plan_event_import
    from companion.services.profile.interests import interest_inference

    return plan_event_import(
        store,
        data,
        file_name=request.file_name,
        now=request.now,
        infer_interests=request.infer_interests or interest_inference(store),
    )


def _apply(store: Store, plan: object) -> ImportSummary:
    from companion.services.events.event_import import EventImportPlan, apply_event_import

    assert isinstance(plan, EventImportPlan)
    return apply_event_import(store, plan)


_STAGED = Staged(_plan_at_once, _apply)


def _plan(store: Store, data: bytes, request: PlanRequest) -> object:
    from companion.services.events.event_import import plan_event_import

    return plan_event_import(
        store,
        data,
        file_name=request.file_name,
        now=request.now,
        infer_interests=request.infer_interests,
        progress=request.progress,
        should_cancel=request.should_cancel,
    )


def _write(store: Store | None, options: ExportOptions | None, now: datetime) -> ExportedFile:
    from companion.services.data.exporting import ExportOptions, export_calendar

    return export_calendar(store, options or ExportOptions(format="ics"), now=now)


ICALENDAR = FileFormat(
    name="ics",
    label=N_("Calendars"),
    suffixes=(".ics", ".ical", ".ifb"),
    holds=Holds.EVENTS,
    recognise=_recognise,
    import_at_once=_STAGED.at_once,
    staged=_STAGED,
    preview=Preview.EVENTS,
    plan=_plan,
    export=Export(
        write=_write,
        choice=N_("Calendar: events, promises, reconnects (.ics)"),
        hint=N_(
            "Upcoming events with your preparation, and due promises and reconnects with "
            "reminders, for your calendar app."
        ),
        help=N_("your upcoming events, promises and reconnects"),
        file_stem="common-ground-calendar",
        options=("ics_events", "ics_promises", "ics_reconnects", "ics_tasks_as_events"),
    ),
)
