"""Identity on import and ``companion merges [--undo ID]``, as a user runs them (issue 12)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import parse_backup
from tests.e2e.test_single_instance import RunningApp, start_app

__all__ = ["start_app"]  # the running-app fixture, shared with the single-instance tests

pytestmark = pytest.mark.e2e

Cli = Callable[..., subprocess.CompletedProcess[str]]
FIXTURES = Path(__file__).parent.parent / "fixtures" / "people" / "identity"
EXPORTS = ("google-contacts.vcf", "apple-contacts.vcf", "android-2.1.vcf")


def _copies(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(FIXTURES / name, folder / name)) for name in names]


def _people(companion_cli: Cli) -> dict[str, dict[str, object]]:
    result = companion_cli("export", "--format", "json")
    assert result.returncode == 0, result.stderr
    tables = parse_backup(result.stdout)["tables"]
    assert isinstance(tables, dict)
    people = tables.get("people", {})
    assert isinstance(people, dict)
    return {str(person["name"]): person for person in people.values()}


def test_google_apple_and_android_exports_merge_no_stranger(
    companion_cli: Cli, tmp_path: Path
) -> None:
    # Given a Google, an Apple and an Android export of different people whose phones end in
    # the same nine digits (NL, FR, ES mobiles; Manhattan and Chicago), and one person, Ana,
    # in two exports with the same email
    google, apple, android = _copies(tmp_path / "files", *EXPORTS)
    # When all three are imported together by the command line
    result = companion_cli("import", google, apple, android)
    # Then each file says what it added and merged, with who was merged into whom and why
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{google}: 4 added, 0 merged, 0 updated, 0 skipped as duplicates"
    assert lines[1] == f"{apple}: 2 added, 1 merged, 0 updated, 0 skipped as duplicates"
    assert lines[2] == "  merged “Ana Lopez” into “Ana López” (same email ANA@example.org)"
    assert lines[3] == f"{android}: 3 added, 0 merged, 0 updated, 0 skipped as duplicates"
    # And the weaker matches are named as possible duplicates, never merged
    assert lines[4] == (
        "  “Marco Reyes”: possibly John Carter: same phone +1 212 555 0100, another name; "
        "added as new, compare them in Edit > Find Duplicate People…"
    )
    assert lines[5].startswith("  “A. Schmidt”: possibly Anna Schmidt: same number 0170 1234567")
    # And every stranger is a person of their own, with their own number and details
    people = _people(companion_cli)
    assert sorted(people) == [
        "A. Schmidt", "Ana López", "Anna Schmidt", "Daan de Vries", "John Carter",
        "Lucía García", "Marco Reyes", "Sarah Kim", "Élodie Martin",
    ]  # fmt: skip
    assert people["Daan de Vries"]["phones"] == ["+31 6 12345678"]
    assert people["Élodie Martin"]["phones"] == ["+33 6 12 34 56 78"]
    assert people["Lucía García"]["phones"] == ["+34 612 34 56 78"]
    assert people["John Carter"]["organization"] == "Hudson Makerspace"
    assert people["Sarah Kim"]["emails"] == ["sarah.kim@example.com"]
    # And Ana keeps both names, both spellings of her number and both notes
    ana = people["Ana López"]
    assert ana["also_known_as"] == ["Ana Lopez"]
    assert ana["phones"] == ["+34 699 11 22 33"]  # one number, written two ways
    assert "Lent me a belay device." in str(ana["notes"])
    # And importing all of it again adds and merges nothing
    again = companion_cli("import", google, apple, android)
    assert again.returncode == 0, again.stderr
    assert [line.split(": ", 1)[1] for line in again.stdout.splitlines()] == [
        "0 added, 0 merged, 0 updated, 4 skipped as duplicates",
        "0 added, 0 merged, 0 updated, 3 skipped as duplicates",
        "0 added, 0 merged, 0 updated, 3 skipped as duplicates",
    ]


def test_a_national_number_merges_when_the_locale_says_where_it_is(
    companion_cli: Cli, tmp_path: Path
) -> None:
    # Given someone whose phone numbers are German (LC_TELEPHONE), and Anna in two exports:
    # once as +49 170 1234567, once as "A. Schmidt" with 0170 1234567
    google, android = _copies(tmp_path / "files", "google-contacts.vcf", "android-2.1.vcf")
    german = {"LC_TELEPHONE": "de_DE.UTF-8"}
    # When both are imported
    result = companion_cli("import", google, android, env=german)
    # Then the same E.164 number and a compatible name merge them, saying so
    assert result.returncode == 0, result.stderr
    assert "  merged “A. Schmidt” into “Anna Schmidt” (same phone 0170 1234567 and a " in (
        result.stdout
    )
    assert "A. Schmidt" not in _people(companion_cli)


def test_four_cards_of_two_people_say_two_added_two_merged(
    companion_cli: Cli, tmp_path: Path
) -> None:
    # Given one file with two cards each of Ben and of Chen Wei
    [cards] = _copies(tmp_path / "files", "two-people-four-cards.vcf")
    # When it is imported
    result = companion_cli("import", cards)
    # Then the merges inside the file are counted and each is named
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{cards}: 2 added, 2 merged, 0 updated, 0 skipped as duplicates",
        "  merged “Benjamin Okafor” into “Ben Okafor” (same email BEN@example.org)",
        "  merged “W. Chen” into “Chen Wei” (same phone +49 (0)151 222 3334 and a matching name)",
    ]
    # And companion merges lists both, the later card first
    listed = companion_cli("merges").stdout.splitlines()
    assert ["“W. Chen” into “Chen Wei”" in line for line in listed] == [True, False]


def test_merges_are_listed_and_one_is_undone(companion_cli: Cli, tmp_path: Path) -> None:
    # Given Ana's two records merged on import
    google, apple = _copies(tmp_path / "files", "google-contacts.vcf", "apple-contacts.vcf")
    assert companion_cli("import", google, apple).returncode == 0
    before = _people(companion_cli)["Ana López"]
    # When the merges are listed
    listed = companion_cli("merges")
    # Then one line gives the id, the date, the names and the reason
    assert listed.returncode == 0, listed.stderr
    [line] = listed.stdout.splitlines()
    merge_id = line.split()[0]
    assert "“Ana Lopez” into “Ana López” (same email ANA@example.org)" in line
    # When it is undone
    undone = companion_cli("merges", "--undo", merge_id)
    # Then both people are back as they were
    assert undone.returncode == 0, undone.stderr
    assert undone.stdout == (
        f"Undid the merge {merge_id}: “Ana Lopez” and “Ana López” are two people again.\n"
    )
    people = _people(companion_cli)
    assert people["Ana Lopez"]["emails"] == ["ANA@example.org"]
    assert people["Ana Lopez"]["notes"] == "Lent me a belay device."
    ana = people["Ana López"]
    assert ana["also_known_as"] == [] and ana["notes"] == "Bouldering on Thursdays."
    assert ana["id"] == before["id"]
    # And the list says it was undone; undoing again is refused with a reason
    assert "undone" in companion_cli("merges").stdout
    again = companion_cli("merges", "--undo", merge_id)
    assert again.returncode == 2
    assert again.stderr == "companion: This merge was undone already.\n"
    unknown = companion_cli("merges", "--undo", "nope")
    assert (unknown.returncode, unknown.stderr) == (
        2,
        "companion: There is no merge with the id “nope”.\n",
    )


def test_no_merges_yet(companion_cli: Cli) -> None:
    result = companion_cli("merges")
    assert (result.returncode, result.stdout) == (0, "No people have been merged.\n")


def test_undo_goes_through_the_running_app(
    start_app: Callable[..., RunningApp], companion_cli: Cli, tmp_path: Path
) -> None:
    # Given a running app, which holds the store, and Ana's records merged on import
    start_app()
    google, apple = _copies(tmp_path / "files", "google-contacts.vcf", "apple-contacts.vcf")
    imported = companion_cli("import", google, apple)
    assert "1 merged" in imported.stdout, imported.stderr
    # When the merges are listed and the merge is undone from the terminal
    listed = companion_cli("merges")
    assert listed.returncode == 0, listed.stderr
    merge_id = listed.stdout.split()[0]
    undone = companion_cli("merges", "--undo", merge_id)
    # Then the running app undid it, and both Anas are there
    assert undone.returncode == 0, undone.stderr
    assert "are two people again" in undone.stdout
    assert {"Ana López", "Ana Lopez"} <= set(_people(companion_cli))


def test_the_phone_region_setting_wins_over_the_locale(
    companion_cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    # Given someone in the Netherlands by their settings, on a German system
    data_dir.mkdir(parents=True, mode=0o700)
    (data_dir / "settings.json").write_text('{"version": 1, "phone_region": "NL"}')
    cards = tmp_path / "daan.vcf"
    cards.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Daan de Vries\r\nTEL:+31 6 12345678\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Daan\r\nTEL:06 12345678\r\nEND:VCARD\r\n"
    )
    # When a file with Daan's mobile written both ways is imported
    result = companion_cli("import", cards, env={"LC_TELEPHONE": "de_DE.UTF-8"})
    # Then the national form is read as Dutch, and Daan is one person
    assert result.returncode == 0, result.stderr
    assert "1 added, 1 merged" in result.stdout
    assert "merged “Daan” into “Daan de Vries” (same phone 06 12345678" in result.stdout
