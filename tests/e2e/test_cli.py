"""The ``companion`` command as a user or a script runs it: exit statuses, output, no traceback."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from companion import __version__, paths
from companion.interop.json_backup import FORMAT_NAME
from companion.storage.migrations import SCHEMA_VERSION
from tests.e2e.conftest import folder_state, parse_backup

pytestmark = pytest.mark.e2e

Cli = Callable[..., subprocess.CompletedProcess[str]]
SUMMARY = "{file}: {added} added, {updated} updated, {skipped} skipped as duplicates"


def _assert_clean_failure(result: subprocess.CompletedProcess[str], status: int) -> str:
    """The run failed with ``status``, said why on stderr, printed no traceback."""
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "no message on stderr"
    return lines[0]


# --- Help and version -------------------------------------------------------------------------


def test_version(companion_cli: Cli) -> None:
    result = companion_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"Common Ground {__version__}"


def test_help_lists_the_commands(companion_cli: Cli) -> None:
    result = companion_cli("--help")
    assert result.returncode == 0
    assert "import" in result.stdout
    assert "export" in result.stdout
    assert "--data-dir" in result.stdout
    assert "write your data to a file" in result.stdout


def _shipped_german(message: str) -> str:
    po_file = paths.locale_dir() / "de" / "LC_MESSAGES" / "companion.po"
    with po_file.open("rb") as handle:
        entry = read_po(handle, locale="de").get(message)
    return "" if entry is None or not isinstance(entry.string, str) else entry.string


def test_help_in_german(companion_cli: Cli) -> None:
    # Given the German catalogue translates the export help
    german = _shipped_german("write your data to a file")
    assert german, "the German catalogue has no translation for the export help yet"
    # When the help is asked for in German
    result = companion_cli("--locale", "de", "--help")
    # Then it is shown in German
    assert result.returncode == 0
    assert german in result.stdout
    assert "write your data to a file" not in result.stdout


def test_german_from_the_environment_and_lc_all_c_wins(companion_cli: Cli) -> None:
    german = _shipped_german("write your data to a file")
    assert german, "the German catalogue has no translation for the export help yet"
    in_german = companion_cli("--help", env={"LANG": "de_DE.UTF-8"})
    in_english = companion_cli("--help", env={"LC_ALL": "C", "LANGUAGE": "de"})
    assert german in in_german.stdout
    assert "write your data to a file" in in_english.stdout


# --- Export -----------------------------------------------------------------------------------


def test_export_of_nothing_prints_an_empty_backup_and_creates_no_store(
    companion_cli: Cli, tmp_path: Path
) -> None:
    # Given an empty folder given with --data-dir
    folder = tmp_path / "D"
    # When the JSON backup is exported
    result = companion_cli("--data-dir", folder, "export", "--format", "json")
    # Then a valid, empty backup is printed and no store was created
    assert result.returncode == 0, result.stderr
    backup = parse_backup(result.stdout)
    assert backup["format"] == FORMAT_NAME
    assert backup["schema_version"] == SCHEMA_VERSION
    assert backup["tables"] == {}
    assert not paths.store_file(folder).exists()


def test_import_then_export_round_trips(
    companion_cli: Cli, core_backup_file: Callable[..., Path], tmp_path: Path
) -> None:
    # Given a backup with 2 people and 1 event
    backup_file = core_backup_file(people=2, events=1)
    original = parse_backup(backup_file.read_text(encoding="utf-8"))
    # When it is imported into an empty folder
    imported = companion_cli("--data-dir", tmp_path / "D", "import", backup_file)
    # Then the one-line summary is printed
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == SUMMARY.format(
        file=backup_file, added=3, updated=0, skipped=0
    )
    # And exporting again gives the same tables
    exported = companion_cli("--data-dir", tmp_path / "D", "export", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert parse_backup(exported.stdout)["tables"] == original["tables"]


def test_reimport_reports_duplicates(
    companion_cli: Cli, core_backup_file: Callable[..., Path]
) -> None:
    backup_file = core_backup_file(people=2, events=1)
    assert companion_cli("import", backup_file).returncode == 0
    again = companion_cli("import", backup_file)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == SUMMARY.format(file=backup_file, added=0, updated=0, skipped=3)


def test_export_to_a_file(
    companion_cli: Cli, core_backup_file: Callable[..., Path], tmp_path: Path
) -> None:
    assert companion_cli("import", core_backup_file(people=1, events=0)).returncode == 0
    target = tmp_path / "out" / "backup.json"
    target.parent.mkdir()
    result = companion_cli("export", "--format", "json", "-o", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    tables = parse_backup(target.read_text(encoding="utf-8"))["tables"]
    assert isinstance(tables, dict)
    assert len(tables["people"]) == 1
    assert target.stat().st_mode & 0o777 == 0o600


def test_companion_data_dir_is_honoured(
    companion_cli: Cli, core_backup_file: Callable[..., Path], tmp_path: Path
) -> None:
    # Given COMPANION_DATA_DIR pointing to a folder of our own
    folder = tmp_path / "from-env"
    environment = {"COMPANION_DATA_DIR": str(folder)}
    # When a backup is imported and exported without --data-dir
    assert companion_cli("import", core_backup_file(), env=environment).returncode == 0
    exported = companion_cli("export", "--format", "json", env=environment)
    # Then the store is in that folder and the export reads it
    assert paths.store_file(folder).exists()
    tables = parse_backup(exported.stdout)["tables"]
    assert isinstance(tables, dict)
    assert len(tables["people"]) == 2


def test_data_dir_option_wins_over_the_environment(
    companion_cli: Cli, core_backup_file: Callable[..., Path], tmp_path: Path
) -> None:
    environment = {"COMPANION_DATA_DIR": str(tmp_path / "env-dir")}
    result = companion_cli(
        "--data-dir", tmp_path / "option-dir", "import", core_backup_file(), env=environment
    )
    assert result.returncode == 0, result.stderr
    assert paths.store_file(tmp_path / "option-dir").exists()
    assert not (tmp_path / "env-dir").exists()


# --- Bad input --------------------------------------------------------------------------------

BAD_FILES = [
    ("junk.bin", b"\x00\x01binary\x00junk\xff" * 40),
    ("cut.json", b'{"format": "common-ground-backup", "tables": {"people": {'),
    ("empty.json", b""),
    ("notes.txt", b"just some notes\n"),
    ("events.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"),
    (
        "bad-record.json",
        b'{"format": "common-ground-backup", "backup_version": 1, "schema_version": 2,'
        b' "tables": {"people": {"p1": {"id": "p1", "name": "  "}}}}',
    ),
]


@pytest.mark.parametrize(("name", "content"), BAD_FILES, ids=[entry[0] for entry in BAD_FILES])
def test_bad_file_exits_2_and_changes_nothing(
    companion_cli: Cli,
    core_backup_file: Callable[..., Path],
    core_bad_file: Callable[[str, bytes], Path],
    data_dir: Path,
    name: str,
    content: bytes,
) -> None:
    # Given a store with data, and a file that cannot be imported
    assert companion_cli("import", core_backup_file()).returncode == 0
    before = folder_state(data_dir)
    bad = core_bad_file(name, content)
    # When it is imported
    result = companion_cli("import", bad)
    # Then the exit status is 2, one clear line names the file, and nothing changed
    first_line = _assert_clean_failure(result, 2)
    assert str(bad) in first_line
    assert "Nothing was imported." in first_line
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert folder_state(data_dir) == before


def test_bad_record_message_names_the_record(
    companion_cli: Cli, core_bad_file: Callable[[str, bytes], Path]
) -> None:
    bad = core_bad_file("bad-record.json", BAD_FILES[-1][1])
    first_line = _assert_clean_failure(companion_cli("import", bad), 2)
    assert "record “p1” in “people”" in first_line
    assert "A person needs a name." in first_line


def test_missing_file_exits_2(companion_cli: Cli, tmp_path: Path, data_dir: Path) -> None:
    missing = tmp_path / "nowhere.json"
    first_line = _assert_clean_failure(companion_cli("import", missing), 2)
    assert str(missing) in first_line
    assert "no such file" in first_line


def test_folder_instead_of_a_file_exits_2(companion_cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    first_line = _assert_clean_failure(companion_cli("import", folder), 2)
    assert str(folder) in first_line


def test_several_files_with_one_bad_change_nothing(
    companion_cli: Cli,
    core_backup_file: Callable[..., Path],
    core_bad_file: Callable[[str, bytes], Path],
    data_dir: Path,
) -> None:
    # Given a store with data, two good new backups and one bad file between them
    assert companion_cli("import", core_backup_file("first.json")).returncode == 0
    before = folder_state(data_dir)
    good_one = core_backup_file("second.json", people=3, events=0, start=10)
    bad = core_bad_file("cut.json", b'{"format": "common-ground-backup", ')
    good_two = core_backup_file("third.json", people=3, events=0, start=20)
    # When all three are imported in one command
    result = companion_cli("import", good_one, bad, good_two)
    # Then it fails on the bad one and none of the three changed the store
    first_line = _assert_clean_failure(result, 2)
    assert str(bad) in first_line
    assert folder_state(data_dir) == before
    exported = parse_backup(companion_cli("export", "--format", "json").stdout)["tables"]
    assert isinstance(exported, dict)
    assert len(exported["people"]) == 2


def test_unknown_export_format_exits_2(companion_cli: Cli) -> None:
    result = companion_cli("export", "--format", "xml")
    last_line = result.stderr.strip().splitlines()[-1]
    _assert_clean_failure(result, 2)
    assert "xml" in last_line
    assert result.stdout == ""


def test_unknown_command_exits_2(companion_cli: Cli) -> None:
    _assert_clean_failure(companion_cli("frobnicate"), 2)


# --- The store lock and damaged stores --------------------------------------------------------


def test_import_while_another_process_writes_exits_1(
    companion_cli: Cli,
    core_backup_file: Callable[..., Path],
    data_dir: Path,
    request: pytest.FixtureRequest,
) -> None:
    # Given a store with data, held by another process
    assert companion_cli("import", core_backup_file()).returncode == 0
    before = folder_state(data_dir)
    request.getfixturevalue("core_locked_store")
    # When a backup is imported
    result = companion_cli("import", core_backup_file("more.json", start=50))
    # Then it fails with status 1, says another Common Ground uses the data, changes nothing
    first_line = _assert_clean_failure(result, 1)
    assert "Another Common Ground is using the data" in first_line
    assert folder_state(data_dir) == before


def test_export_works_while_another_process_writes(
    companion_cli: Cli, core_backup_file: Callable[..., Path], request: pytest.FixtureRequest
) -> None:
    assert companion_cli("import", core_backup_file()).returncode == 0
    request.getfixturevalue("core_locked_store")
    result = companion_cli("export", "--format", "json")
    assert result.returncode == 0, result.stderr
    tables = parse_backup(result.stdout)["tables"]
    assert isinstance(tables, dict)
    assert len(tables["people"]) == 2


@pytest.mark.parametrize("command", ["export", "import"])
def test_damaged_store_exits_2_and_is_left_alone(
    companion_cli: Cli, core_backup_file: Callable[..., Path], data_dir: Path, command: str
) -> None:
    # Given a store whose file has been damaged
    assert companion_cli("import", core_backup_file()).returncode == 0
    store_file = paths.store_file(data_dir)
    store_file.write_bytes(b"\x00garbage that is no store\xff")
    before = folder_state(data_dir)
    # When it is exported from or imported into
    arguments = (
        ("export", "--format", "json")
        if command == "export"
        else ("import", core_backup_file("more.json", start=50))
    )
    result = companion_cli(*arguments)
    # Then exit status 2, a clear message naming the file, and the file is untouched
    first_line = _assert_clean_failure(result, 2)
    assert str(store_file) in first_line
    assert "cannot be read" in first_line
    assert result.stdout == ""
    assert folder_state(data_dir) == before
