"""A made-up file format, registered only in tests, to prove the format registry is enough."""

from __future__ import annotations

from datetime import datetime

import pytest

from companion.domain.people import Person
from companion.services.changes import added
from companion.services.data import formats
from companion.services.data.backup import ImportSummary
from companion.services.data.exporting import ExportOptions
from companion.services.data.formats_entry import (
    Export,
    ExportedFile,
    FileFormat,
    Holds,
    ImportRequest,
)
from companion.services.people.people import save_person
from companion.storage.store import Store


def _import_notes(store: Store, data: bytes, request: ImportRequest) -> ImportSummary:
    names = data.decode().splitlines()[1:]
    people = [Person(name=name, notes=f"from {request.file_name}") for name in names]
    for person in people:
        save_person(store, person)
    return ImportSummary(added=len(people), changes=added("people", *(p.id for p in people)))


def _write_notes(store: Store | None, options: ExportOptions | None, now: datetime) -> ExportedFile:
    names = sorted(person.name for person in store.people) if store is not None else []
    return ExportedFile("\n".join(["CG-NOTES", *names]).encode(), len(names))


NOTES = FileFormat(
    name="notes",
    label="Note lists",
    suffixes=(".cgnotes",),
    holds=Holds.PEOPLE,
    recognise=lambda sniffed: sniffed.head.startswith(b"CG-NOTES"),
    import_at_once=_import_notes,
    export=Export(
        write=_write_notes,
        choice="People as a note list (.cgnotes)",
        hint="One name a line.",
        help="your people's names, one a line",
        file_stem="common-ground-notes",
    ),
)


def register_notes(monkeypatch: pytest.MonkeyPatch) -> FileFormat:
    """Add ``NOTES`` to the registry for one test (the only change a new format needs)."""
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, NOTES))
    return NOTES
