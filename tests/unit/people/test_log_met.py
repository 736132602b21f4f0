"""Log who I met: all rows in one durable change, or none of them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from companion.domain.errors import ValidationError
from companion.domain.events import Event
from companion.domain.people import Person
from companion.services.people.log_met import MetPerson, log_who_i_met
from companion.storage.store import Store

TODAY = date(2026, 11, 25)
EVENT = Event(title="Go club", start=datetime(2026, 11, 20, 18, tzinfo=UTC))


def test_rows_are_written_together_and_the_same_person_twice_keeps_both(
    core_store: Store, core_data_dir: Path
) -> None:
    # Given an event and Zoë already logged
    zoe = Person(name="Zoë")
    core_store.events.put(EVENT)
    core_store.people.put(zoe)
    # When two rows name Zoë (with different interests) and one a new person
    changes = log_who_i_met(
        core_store,
        event_id=EVENT.id,
        people=[
            MetPerson(name="Zoë", interests=("chess",), existing_person_id=zoe.id),
            MetPerson(name="Zoë", interests=("go",), existing_person_id=zoe.id),
            MetPerson(name="Ada", promised="A book", due=date(2026, 12, 1)),
        ],
        on=date(2026, 11, 20),
        today=TODAY,
    )
    # Then a reader sees everything: Zoë keeps both interests, three encounters on the day
    with Store.open(core_data_dir, read_only=True) as disk:
        stored = disk.people.get(zoe.id)
        assert stored is not None and stored.interests == ("chess", "go")
        assert len(disk.people) == 2
        assert {e.on for e in disk.encounters} == {date(2026, 11, 20)}
        assert len(disk.encounters) == 3 and len(disk.promises) == 1
    assert changes.touches("people") and changes.touches("encounters")


def test_one_bad_row_saves_nothing(core_store: Store) -> None:
    # Given an event
    core_store.events.put(EVENT)
    # When the second row has no name
    with pytest.raises(ValidationError) as raised:
        log_who_i_met(
            core_store,
            event_id=EVENT.id,
            people=[MetPerson(name="Ada"), MetPerson(name="  ", note="who was it?")],
            on=TODAY,
            today=TODAY,
        )
    # Then the message says so and not even Ada was stored
    assert "name" in raised.value.message
    assert len(core_store.people) == 0 and len(core_store.encounters) == 0
