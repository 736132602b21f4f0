"""A messy contacts file from several exporters through the preview, then the duplicates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from companion.domain.people import Person
from companion.services.people.people_import import PeopleDecision
from companion.ui.importing.calendar_import import CalendarImport
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "people"
SCREENSHOTS = Path("/tmp")


def _messy_file(folder: Path) -> Path:
    """iCloud, Nextcloud/Monica and an old phone's cards in one file, with groups, a card cut
    off by the next one and a card whose line cannot be read."""
    parts = [
        (FIXTURES / "apple-icloud-2024.vcf").read_bytes(),
        (FIXTURES / "nextcloud-monica-groups.vcf").read_bytes().replace(b"\n", b"\r\n"),
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken Line\r\nEMAIL\r\nEND:VCARD\r\n",
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Amelie Dubois\r\nTEL:+33 6 00 00 00 01\r\n",
        (FIXTURES / "android-2.1.vcf").read_bytes(),
    ]
    path = folder / "everyone.vcf"
    path.write_bytes(b"".join(parts))
    return path


def _open(running: RunningWindow, monkeypatch: pytest.MonkeyPatch, path: Path) -> CalendarImport:
    def chosen(*_args: Any, **_kwargs: Any) -> tuple[str, str]:
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", chosen)
    running.window.import_action.trigger()
    flow = running.controller.transfer.calendar_import
    assert flow is not None
    return flow


def test_messy_file_preview_lists_groups_and_broken_cards_then_duplicates(
    running: RunningWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Given Chidi already known by his name only
    running.store.people.put(Person(name="Chidi Anagonye", notes="From the reading group."))
    # When the messy file is opened through File > Import…
    flow = _open(running, monkeypatch, _messy_file(tmp_path))
    dialog = flow.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.people_model is not None)
    model = dialog.people_model
    assert model is not None
    rows = {
        model.index(row, model.NAME).data(): model.index(row, model.NOTE).data()
        for row in range(model.rowCount())
    }
    dialog.resize(900, 520)
    dialog.grab().save(str(SCREENSHOTS / "qa-messy-preview.png"))
    # Then the groups are listed as skipped with why, the broken cards with their reason,
    # Chidi is added as a possible duplicate (a name alone never merges), nothing written yet
    assert rows["Friends"] == "line 121: a contact group, not a person"
    assert rows["Book club"].endswith("a contact group, not a person")
    assert "cut off" in rows["Amelie Dubois"]
    assert "possibly Chidi Anagonye" in rows["Chidi Anagonye"]
    assert "Find Duplicate People" in rows["Chidi Anagonye"]
    chidi_row = next(
        row for row in range(model.rowCount()) if model.plan.items[row].name == "Chidi Anagonye"
    )
    assert model.decision(chidi_row) is PeopleDecision.ADD
    assert len(running.store.people) == 1
    # When the user merges that row after all
    assert model.setData(model.index(chidi_row, model.DECISION), PeopleDecision.MERGE.value)
    # When the user confirms
    with qtbot.waitSignal(running.changes.changed):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: running.controller.transfer.calendar_import is None)
    # Then the people are in, no group among them
    names = {person.name for person in running.store.people}
    assert {"Amélie Dubois", "Globex Corporation", "Zoë Hartmann", "Chidi Anagonye"} <= names
    assert not names & {"Friends", "Book club"}
    # When the duplicates are looked for
    running.window.find_duplicates_action.trigger()
    duplicates = running.controller.duplicates_dialog.dialog
    assert duplicates is not None
    qtbot.waitExposed(duplicates)
    duplicates.grab().save(str(SCREENSHOTS / "qa-messy-duplicates.png"))
    # Then nobody is left twice (the cut-off "Amelie" card was not imported), and the empty
    # dialog shows its message instead of an empty side-by-side table
    assert duplicates.pair_list.count() == 0
    assert duplicates.empty_label.isVisible()
    assert not duplicates.comparison_area.isVisible()
