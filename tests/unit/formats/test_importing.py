"""Importing files: recognised by content, refused with the file's name, nothing changed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from companion.interop.detect import FileKind
from companion.services.changes import ChangeSet, added, removed, updated
from companion.services.data.backup import export_backup
from companion.services.data.formats import detect_format
from companion.services.data.importing import import_file
from companion.services.errors import ImportFailed
from companion.storage.store import Store

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Game night\r\nEND:VEVENT\r\n"
VCF = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n"


def _exported_at() -> datetime:
    return datetime(2024, 6, 15, tzinfo=UTC)


def _write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def test_import_of_a_backup_file(core_filled_store: Store, tmp_path: Path) -> None:
    # Given a backup file of a filled store
    backup = _write(tmp_path, "backup.json", export_backup(core_filled_store, clock=_exported_at))
    # When it is imported into an empty store
    with Store.open(tmp_path / "restored") as restored:
        summary = import_file(restored, backup)
        # Then everything was added
        assert (
            summary.added
            == len(restored.people)
            + len(restored.events)
            + len(restored.encounters)
            + len(restored.promises)
            + len(restored.openers)
            + len(restored.interests)
            + 1
        )
        assert summary.changes.touches("people")


def test_backup_is_recognised_by_content_not_name(core_filled_store: Store, tmp_path: Path) -> None:
    backup = _write(tmp_path, "my-data.txt", export_backup(core_filled_store, clock=_exported_at))
    with Store.open(tmp_path / "restored") as restored:
        assert import_file(restored, backup).added > 0


BAD_FILES = [
    ("empty.json", b"", "the file is empty"),
    ("junk.bin", b"\x00\x01\x02\x03binary\x00junk" * 20, "not a file Common Ground can read"),
    ("latin1.json", b'{"format": "common-ground-backup", "name": "Zo\xeb"}', "not valid JSON"),
    ("cut.json", b'{"format": "common-ground-backup", "tables": {"people": {', "not valid JSON"),
    ("other.json", b'{"name": "not a backup"}', "not a file Common Ground can read"),
    (
        "fake.json",
        b'{"format": "common-ground-backup-ish", "tables": {}}',
        "not a Common Ground backup",
    ),
    ("events.ics", ICS, "line 5: the file ends early (END:VCALENDAR is missing)"),
    ("people.vcf", b"BEGIN:VCARD\nVERSION:3.0\nbroken\nEND:VCARD\n", "no card could be read"),
    ("people.csv", b"foo,bar,baz\n1,2,3\n", "no column with names was recognised"),
    ("notes.txt", b"just some notes\nnothing else\n", "not a file Common Ground can read"),
]


@pytest.mark.parametrize(
    ("name", "content", "reason"), BAD_FILES, ids=[entry[0] for entry in BAD_FILES]
)
def test_unreadable_file_is_refused_and_changes_nothing(
    core_filled_store: Store, tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    # Given a file that cannot be imported (yet)
    path = _write(tmp_path, name, content)
    before = core_filled_store.path.read_bytes()
    people_before = core_filled_store.people.all()
    # When it is imported
    with pytest.raises(ImportFailed) as caught:
        import_file(core_filled_store, path)
    # Then the one-line message names the file and the reason, and nothing changed
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert reason in message
    assert message.endswith("Nothing was imported.")
    assert "\n" not in message
    assert caught.value.path == path
    assert core_filled_store.path.read_bytes() == before
    assert core_filled_store.people.all() == people_before


def test_missing_file_is_refused(core_store: Store, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    with pytest.raises(ImportFailed) as caught:
        import_file(core_store, missing)
    assert str(caught.value) == f"{missing}: no such file. Nothing was imported."


def test_folder_is_refused(core_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.json"
    folder.mkdir()
    with pytest.raises(ImportFailed) as caught:
        import_file(core_store, folder)
    assert "this is a folder, not a file" in str(caught.value)


def test_backup_with_a_bad_record_names_file_and_record(core_store: Store, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "bad.json",
        b'{"format": "common-ground-backup", "backup_version": 1, "schema_version": 2,'
        b' "tables": {"people": {"p1": {"id": "p1", "name": ""}}}}',
    )
    before = core_store.path.read_bytes()
    with pytest.raises(ImportFailed) as caught:
        import_file(core_store, path)
    message = str(caught.value)
    assert str(path) in message
    assert "record “p1” in “people”" in message
    assert "A person needs a name." in message
    assert core_store.path.read_bytes() == before


# --- detect -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (b'{"format": "common-ground-backup"}', "x.json", FileKind.JSON_BACKUP),
        (b'\xef\xbb\xbf  \n{"format": "common-ground-backup"}', "", FileKind.JSON_BACKUP),
        (b'{"format": "Common-Ground-Backup"}', "", FileKind.JSON_BACKUP),
        (b'{"something": "else"}', "x.json", FileKind.UNKNOWN),
        (ICS, "", FileKind.ICALENDAR),
        (b"\n\nbegin:vcalendar\n", "", FileKind.ICALENDAR),
        (VCF, "contacts.txt", FileKind.VCARD),
        (b"name,email,phone\n", "", FileKind.CSV),
        (b"name;email\n", "contacts.CSV", FileKind.CSV),
        (b"one, two\n", "", FileKind.UNKNOWN),
        (b"", "", FileKind.UNKNOWN),
        (b"\x00\x00BEGIN:VCARD", "", FileKind.UNKNOWN),
        (b"plain text", "notes.txt", FileKind.UNKNOWN),
    ],
)
def test_detect(content: bytes, name: str, kind: FileKind) -> None:
    found = detect_format(content, file_name=name)
    assert (found.name if found is not None else FileKind.UNKNOWN) == kind


def test_detect_looks_only_at_the_head_for_the_marker() -> None:
    # A huge JSON that mentions the marker only far in is not taken for a backup.
    content = b'{"padding": "' + b"x" * 10_000 + b'", "format": "common-ground-backup"}'
    assert detect_format(content) is None


# --- ChangeSet --------------------------------------------------------------------------------


def test_change_set_helpers() -> None:
    change = added("people", "a", "b")
    assert change.added == {"people": frozenset({"a", "b"})}
    assert change.tables == frozenset({"people"})
    assert change.touches("people")
    assert not change.touches("events")
    assert not change.empty
    assert updated("events", "e").updated == {"events": frozenset({"e"})}
    assert removed("offers", "o").removed == {"offers": frozenset({"o"})}


def test_empty_change_set() -> None:
    assert ChangeSet().empty
    assert ChangeSet().tables == frozenset()
    assert not ChangeSet().touches("people")


def test_change_sets_merge_per_table_and_kind() -> None:
    # Given changes to people and events
    first = added("people", "a").merged(updated("events", "e1"))
    second = added("people", "b").merged(removed("people", "c")).merged(updated("events", "e2"))
    # When merged
    merged = first.merged(second)
    # Then ids are united per table and kind, and the parts are unchanged
    assert merged.added == {"people": frozenset({"a", "b"})}
    assert merged.updated == {"events": frozenset({"e1", "e2"})}
    assert merged.removed == {"people": frozenset({"c"})}
    assert merged.tables == frozenset({"people", "events"})
    assert first.added == {"people": frozenset({"a"})}
