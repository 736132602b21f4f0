"""vCard and CSV: people in (with a preview in the window), people out."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from companion.i18n import N_
from companion.interop.detect import FileKind, Sniffed
from companion.services.data.formats_entry import (
    Export,
    ExportedFile,
    FileFormat,
    Holds,
    ImportAtOnce,
    ImportRequest,
    Plan,
    PlanRequest,
    Preview,
    Staged,
)

if TYPE_CHECKING:
    from companion.services.data.backup import ImportSummary
    from companion.services.data.exporting import ExportOptions
    from companion.storage.store import Store

_LINKEDIN_HEADER = b"first name,last name,url"


def _staged(kind: FileKind) -> Staged:
    def plan_people(store: Store, data: bytes, request: ImportRequest) -> object:
        from companion.services.people.contacts_reading import plan_contacts_import

        return plan_contacts_import(store, data, file_name=request.file_name, kind=kind)

    def apply_people(store: Store, plan: object) -> ImportSummary:
        """Without a preview: add new people, merge certain matches (source id, email, phone).

        A match by name alone is not certain, so such a person is added as new: a duplicate
        the user can merge later is better than two different people joined without asking.
        """
        from companion.services.people.people_import import PeopleImportPlan, apply_people_import

        assert isinstance(plan, PeopleImportPlan)
        return apply_people_import(store, plan, merge_similar_names=False)

    return Staged(plan_people, apply_people)


def _importer(staged: Staged) -> ImportAtOnce:
    return staged.at_once


def _planner(kind: FileKind) -> Plan:
    def plan_people(store: Store, data: bytes, request: PlanRequest) -> object:
        from companion.services.people.contacts_reading import plan_contacts_import

        return plan_contacts_import(
            store,
            data,
            file_name=request.file_name,
            kind=kind,
            mapping=request.mapping,
            categorize=request.categorize,
            progress=request.progress,
            should_cancel=request.should_cancel,
        )

    return plan_people


def _write_vcards(
    store: Store | None, options: ExportOptions | None, now: datetime
) -> ExportedFile:
    from companion.services.data.exporting import ExportOptions, export_vcards

    return export_vcards(store, options or ExportOptions(format="vcf"), now=now)


def _write_csv(store: Store | None, options: ExportOptions | None, now: datetime) -> ExportedFile:
    from companion.services.data.exporting import ExportOptions, export_people_csv

    return export_people_csv(store, options or ExportOptions(format="csv"), now=now)


def _is_csv(sniffed: Sniffed) -> bool:
    # LinkedIn's export opens with notes before its header (renamed, it has no ``.csv``).
    return (
        sniffed.named(".csv")
        or sniffed.first_line.count(b",") >= 2
        or _LINKEDIN_HEADER in sniffed.data[:8192].lower()
    )


_VCARD_STAGED = _staged(FileKind.VCARD)
_CSV_STAGED = _staged(FileKind.CSV)

VCARD = FileFormat(
    name="vcf",
    label=N_("Contacts"),
    suffixes=(".vcf", ".vcard"),
    holds=Holds.PEOPLE,
    recognise=lambda sniffed: sniffed.head.startswith(b"BEGIN:VCARD"),
    import_at_once=_importer(_VCARD_STAGED),
    staged=_VCARD_STAGED,
    preview=Preview.PEOPLE,
    plan=_planner(FileKind.VCARD),
    export=Export(
        write=_write_vcards,
        choice=N_("People as contacts (.vcf)"),
        hint=N_(
            "For Google Contacts, Apple Contacts, Thunderbird and phones. Interests and tags "
            "become contact labels, notes go into the contact's note."
        ),
        help=N_("your people, as contacts"),
        file_stem="common-ground-people",
        options=("vcard_version",),
    ),
)

CSV = FileFormat(
    name="csv",
    label=N_("Spreadsheets"),
    suffixes=(".csv",),
    holds=Holds.PEOPLE,
    recognise=_is_csv,
    import_at_once=_importer(_CSV_STAGED),
    staged=_CSV_STAGED,
    preview=Preview.PEOPLE,
    plan=_planner(FileKind.CSV),
    loose=True,
    export=Export(
        write=_write_csv,
        choice=N_("People as a spreadsheet (.csv)"),
        hint=N_(
            "One row per person, for LibreOffice, Excel or Google Contacts. "
            "Column titles stay in English so other apps recognise them."
        ),
        help=N_("your people, as a spreadsheet"),
        file_stem="common-ground-people",
        options=("csv_bom",),
    ),
)
