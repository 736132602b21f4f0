"""``companion import FILE.vcf|.csv`` as a user runs it: summary lines, exit 2 for bad files."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import folder_state, parse_backup

pytestmark = pytest.mark.e2e

Cli = Callable[..., subprocess.CompletedProcess[str]]
FIXTURES = Path(__file__).parent.parent / "fixtures" / "people"


def _copy(name: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(FIXTURES / name, folder / name))


def _people(companion_cli: Cli) -> dict[str, dict[str, object]]:
    result = companion_cli("export", "--format", "json")
    assert result.returncode == 0, result.stderr
    tables = parse_backup(result.stdout)["tables"]
    assert isinstance(tables, dict)
    people = tables.get("people", {})
    assert isinstance(people, dict)
    return {str(person["name"]): person for person in people.values()}


def test_import_vcards_and_linkedin_then_reimport_adds_nothing(
    companion_cli: Cli, tmp_path: Path
) -> None:
    # Given a Google export and a LinkedIn export that share one person (same email)
    google = _copy("google-contacts.vcf", tmp_path / "files")
    linkedin = _copy("linkedin-Connections.csv", tmp_path / "files")
    # When both are imported
    result = companion_cli("import", google, linkedin)
    # Then one summary line per file says what happened
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{google}: 3 added, 0 merged, 0 updated, 0 skipped as duplicates",
        f"{linkedin}: 2 added, 1 merged, 0 updated, 0 skipped as duplicates",
        "  merged “Ana López” into “Ana López” (same email ana.lopez@example.org)",
    ]
    people = _people(companion_cli)
    sources = people["Ana López"]["source_ids"]
    assert isinstance(sources, list)
    assert "linkedin:https://www.linkedin.com/in/analopez" in sources
    # And importing them again adds nothing
    again = companion_cli("import", google, linkedin)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == [
        f"{google}: 0 added, 0 merged, 0 updated, 3 skipped as duplicates",
        f"{linkedin}: 0 added, 0 merged, 0 updated, 3 skipped as duplicates",
    ]
    assert _people(companion_cli) == people


def test_broken_cards_are_reported_and_the_good_ones_imported(
    companion_cli: Cli, tmp_path: Path
) -> None:
    # Given a file with two good cards and three broken ones
    broken = _copy("one-broken-card.vcf", tmp_path / "files")
    # When it is imported
    result = companion_cli("import", broken)
    # Then the good cards are imported and each broken one is named with its line
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{broken}: 2 added, 0 merged, 0 updated, 0 skipped as duplicates\n"
    assert f"{broken}: line 9 (Broken Line): this line cannot be read" in result.stderr
    assert "line 15 (Cut Off)" in result.stderr


BAD_FILES = [
    ("empty.vcf", b"", "the file is empty"),
    ("binary.vcf", b"BEGIN:VCARD\n" + bytes(range(256)) * 4, "line 2: the file contains NUL"),
    ("nul.csv", b"Name,Email\nAna\x00,ana@x.org\n", "line 2: the file contains NUL bytes"),
    (
        "photo.jpg.vcf",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(3000),
        "line 1: the file contains",
    ),
    (
        "groups-only.vcf",
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:Book club\r\nEND:VCARD\r\n",
        "line 1 (Book club): a contact group, not a person",
    ),
    (
        "late-nul.vcf",
        b"BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nEND:VCARD\n" * 200 + b"NOTE:\x00\x01\n",
        "line 801: the file contains NUL bytes",
    ),
    ("unmapped.csv", b"foo,bar,baz\n1,2,3\n", "no column with names was recognised"),
    (
        "big-note.vcf",
        b"BEGIN:VCARD\nVERSION:3.0\nFN:Big\nNOTE:" + b"x" * (5 * 1024 * 1024) + b"\nEND:VCARD\n",
        "the note is too long",
    ),
]


@pytest.mark.parametrize(("name", "content", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_exits_2_and_changes_nothing(
    companion_cli: Cli, tmp_path: Path, data_dir: Path, name: str, content: bytes, reason: str
) -> None:
    # Given a store with people, and a bad contacts file
    assert companion_cli("import", _copy("apple-contacts.vcf", tmp_path / "f")).returncode == 0
    before = folder_state(data_dir)
    backups_before = folder_state(data_dir / "backups")
    bad = tmp_path / "f" / name
    bad.write_bytes(content)
    # When it is imported
    result = companion_cli("import", bad)
    # Then it fails with status 2 and a clear message, and the store is unchanged
    assert result.returncode == 2, result.stdout
    assert reason in result.stderr
    assert str(bad) in result.stderr
    assert "Traceback" not in result.stderr
    assert folder_state(data_dir) == before
    # And no safety copy was made, which would push an older backup out of the rotation
    assert folder_state(data_dir / "backups") == backups_before


def test_latin1_csv_is_decoded(companion_cli: Cli, tmp_path: Path) -> None:
    # Given a German Windows-1252 CSV / When it is imported
    latin = _copy("latin1-contacts.csv", tmp_path / "files")
    result = companion_cli("import", latin)
    # Then the names keep their accents
    assert result.returncode == 0, result.stderr
    assert {"Jürgen Groß", "Zoë Brontë", "Renée Müller-Lüdenscheidt"} <= set(_people(companion_cli))
