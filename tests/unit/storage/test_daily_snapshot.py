"""The day's snapshot the window makes after start: every table as it was when it was taken."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from companion.domain.people import Encounter, Person
from companion.services.data.session import open_session

START = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
PASSPHRASE = "a passphrase for the daily snapshot"


def test_the_daily_snapshot_holds_every_table_as_it_was_when_taken(data_dir: Path) -> None:
    # Given a data folder with a person and a note about her
    with open_session(data_dir, lambda prompt: PASSPHRASE) as session:
        ada = Person(name="Ada")
        session.store.people.put(ada)
        session.store.encounters.put(Encounter(person_id=ada.id, on=date(2026, 12, 1), note="x"))
        # When the day's snapshot is taken, and the data changes right after
        made = session.daily_backup(now=START)
        session.store.people.put(Person(name="Grace"))
        # Then the snapshot has both tables as they were, and a second one today is not made
        assert made is not None
        assert session.backups is not None
        tables = session.backups.read(made.id)
        assert [person["name"] for person in tables["people"].values()] == ["Ada"]
        assert len(tables["encounters"]) == 1
        assert session.daily_backup(now=START) is None
