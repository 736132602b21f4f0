"""A file format is declared once (``services/formats.py``) and everyone else asks there.

The proof: a made-up format, registered only in these tests, is detected, imported, written,
offered by the command line and listed in the window's file dialogs, with no other change.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

import pytest

from companion import cli
from companion.domain.people import Person
from companion.interop.detect import Sniffed
from companion.services.data import formats
from companion.services.data.exporting import ExportOptions, export_data, suggested_file_name
from companion.services.data.formats_entry import FileFormat
from companion.services.data.importing import import_file
from companion.services.instance.instance_messages import Command, Request, decode_request
from companion.services.people.people import save_person
from companion.storage.store import Store
from tests.support.fake_format import register_notes


@pytest.fixture
def notes_registered(monkeypatch: pytest.MonkeyPatch) -> FileFormat:
    return register_notes(monkeypatch)


def _export_parser() -> argparse.ArgumentParser:
    parser = cli.build_parser()
    subcommands = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    export = subcommands.choices["export"]
    assert isinstance(export, argparse.ArgumentParser)
    return export


def test_a_registered_format_is_detected_by_its_content(notes_registered: FileFormat) -> None:
    # Given the notes format registered; When a file starts like one, whatever its name
    found = formats.detect_format(b"cg-notes\nAda\n", file_name="people.txt")
    # Then it is recognised as that format, and the built-in ones still are
    assert found is notes_registered
    assert formats.detect_format(b"BEGIN:VCARD\r\n", file_name="x").name == "vcf"  # type: ignore[union-attr]
    assert formats.format_by_suffix(Path("list.CGNOTES")) is notes_registered
    assert ".cgnotes" in formats.text_suffixes()


def test_a_loose_format_is_asked_after_the_exact_ones(notes_registered: FileFormat) -> None:
    # Given a first line with two commas that is a note list: CSV's loose test must not win
    found = formats.detect_format(b"CG-NOTES, a, b\nAda\n")
    # Then the exact test decides
    assert found is notes_registered


def test_import_reads_a_registered_format(
    notes_registered: FileFormat, core_store: Store, tmp_path: Path
) -> None:
    # Given a note list under a name that says nothing
    path = tmp_path / "friends.txt"
    path.write_bytes(b"CG-NOTES\nAda\nGrace\n")
    # When it is imported
    summary = import_file(core_store, path)
    # Then the format's own reader did it
    assert summary.added == 2
    assert sorted(person.notes for person in core_store.people) == ["from friends.txt"] * 2


def test_export_writes_a_registered_format(notes_registered: FileFormat, core_store: Store) -> None:
    save_person(core_store, Person(name="Ada"))
    exported = export_data(core_store, ExportOptions(format="notes"))
    assert exported.payload == b"CG-NOTES\nAda" and exported.records == 1
    assert formats.write_export(None, "notes").payload == b"CG-NOTES"
    day = datetime(2026, 12, 6).date()
    assert suggested_file_name("notes", day) == "common-ground-notes-2026-12-06.cgnotes"


def test_the_command_line_offers_a_registered_format(notes_registered: FileFormat) -> None:
    # When the command line is built
    export = _export_parser()
    format_option = next(action for action in export._actions if action.dest == "format")
    # Then its choices and help name the new format, after the built-in ones
    assert format_option.choices == ("json", "vcf", "csv", "ics", "notes")
    assert "notes: your people's names, one a line" in (format_option.help or "")
    usage = " ".join(cli.build_parser().format_help().split())
    assert "Contacts (.vcf, .csv, .cgnotes)" in usage
    # And a forwarded export of it is a valid request for the running window
    line = Request(command=Command.EXPORT, format="notes").encode()
    assert decode_request(line).format == "notes"


def test_companion_export_writes_a_registered_format(
    notes_registered: FileFormat, tmp_path: Path
) -> None:
    # Given no data yet; When `companion export --format notes -o FILE` runs
    target = tmp_path / "out.cgnotes"
    status = cli.main(
        ["--data-dir", str(tmp_path / "data"), "export", "--format", "notes", "-o", str(target)]
    )
    # Then the format's writer wrote the file, and no store was created
    assert status == 0
    assert target.read_bytes() == b"CG-NOTES"
    assert not (tmp_path / "data").exists()


def test_the_file_dialogs_list_a_registered_format(notes_registered: FileFormat) -> None:
    filters = formats.import_filters()
    assert filters["all"] == "All supported files (*.json *.ics *.vcf *.csv *.cgnotes)"
    assert filters["people"] == "Contacts (*.vcf *.csv *.cgnotes)"
    assert formats.export_filter("notes") == "Note lists (*.cgnotes)"


def test_the_built_in_formats_keep_their_names_and_filters() -> None:
    assert formats.export_names() == ("json", "vcf", "csv", "ics")
    assert formats.import_filters() == {
        "all": "All supported files (*.json *.ics *.vcf *.csv)",
        "backup": "Common Ground backups (*.json)",
        "events": "Calendars (*.ics)",
        "people": "Contacts (*.vcf *.csv)",
        "any": "All files (*)",
    }
    assert [formats.export_filter(name) for name in formats.export_names()] == [
        "Common Ground backups (*.json)",
        "Contacts (*.vcf)",
        "Spreadsheets (*.csv)",
        "Calendars (*.ics)",
    ]


def test_sniffing_ignores_a_byte_order_mark_and_refuses_binary() -> None:
    assert formats.detect_format(b"\xef\xbb\xbf\n BEGIN:VCALENDAR\n").name == "ics"  # type: ignore[union-attr]
    assert formats.detect_format(b"\x00\x01binary\x00") is None
    assert isinstance(Sniffed(b"", b"", "a.CSV").named(".csv"), bool)
