"""The hostile-input table: each file a careless or malicious sender could hand over, imported
with ``companion import`` into a store with data.

Refused files exit 2 with a message of their own and leave every byte of the store (and the
backups folder) as it was; files whose hostile records can be rejected alone import the rest
and name the rejected record. Time and peak memory per file are measured by
``benchmarks/hostile_inputs.py`` (``make bench``), never asserted here.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import folder_state, parse_backup
from tests.support.hostile_files import HOSTILE_FILES, HostileFile

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and sockets are POSIX"),
]

Cli = Callable[..., subprocess.CompletedProcess[str]]


def _people(companion_cli: Cli) -> dict[str, dict[str, object]]:
    exported = companion_cli("export", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    tables = parse_backup(exported.stdout)["tables"]
    assert isinstance(tables, dict)
    people = tables.get("people", {})
    assert isinstance(people, dict)
    return people


def _backups(data_dir: Path) -> list[str]:
    folder = data_dir / "backups"
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize("hostile", HOSTILE_FILES, ids=lambda hostile: hostile.name)
def test_a_hostile_file_gets_its_own_message_and_leaves_the_store_as_it_was(
    hostile: HostileFile,
    companion_cli: Cli,
    core_backup_file: Callable[..., Path],
    data_dir: Path,
    tmp_path: Path,
) -> None:
    # Given a store with two people, and a hostile file
    assert companion_cli("import", core_backup_file()).returncode == 0
    before, backups_before = folder_state(data_dir), _backups(data_dir)
    people_before = _people(companion_cli)
    folder = tmp_path / "hostile"
    folder.mkdir()
    path = hostile.make(folder)
    # When it is imported (a hang would end in TimeoutExpired, not a pass)
    result = companion_cli("import", path, timeout=240)
    # Then the exit status is the table's, with a message of its own and no traceback
    assert result.returncode == hostile.exit_code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "unexpected problem" not in result.stderr
    assert hostile.message in result.stderr
    if hostile.exit_code != 0:
        # And a refused file changed no byte of the store and took no backup
        assert "Nothing was imported." in result.stderr
        assert folder_state(data_dir) == before
        assert _backups(data_dir) == backups_before
        return
    # And a file imported in part added only its harmless people, without what made it hostile
    people = _people(companion_cli)
    assert set(people_before) <= set(people)
    added = [person for key, person in people.items() if key not in people_before]
    names = sorted(str(person["name"]) for person in added)
    for name in names:
        assert name.isprintable(), name
        assert "\u202e" not in name
    assert all(len(person.get("emails", [])) <= 100 for person in added)  # type: ignore[arg-type]
    assert names in (["Ada"], ["Ada Lovelace"], ["Ada Lovelace", "Invoice gpj.exe"])
