"""Situations for an event: its format first, and reconnecting lines from what I noted."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from companion.domain.events import Event
from companion.domain.people import Encounter, Person
from companion.domain.situations import Situation, SituationLine, ordered_for_event
from companion.services.prepare.likely_there import LikelyPerson
from companion.services.prepare.situations import reconnect_lines, situations_for_event
from companion.storage.store import Store

START = datetime(2026, 5, 4, 18, tzinfo=UTC)


def _event(title: str, description: str = "", *, online: bool = False) -> Event:
    return Event(
        title=title,
        start=START,
        end=START + timedelta(hours=2),
        description=description,
        online=online,
        url="https://example.org/e" if online else "",
    )


@pytest.mark.parametrize(
    ("title", "description", "online", "first"),
    [
        ("Watercolour Workshop", "All materials included.", False, "format-workshop"),
        ("Sunday Trail Run", "12k, easy pace.", False, "format-run-walk"),
        ("Careers Breakfast", "Coffee from 8:00.", False, "format-breakfast"),
        ("Vortrag: Klimawandel", "Mit Diskussion.", False, "format-talk"),
        ("Reading group", "We meet on Zoom.", False, "format-online"),
        ("Reading group", "", True, "format-online"),
        ("Board game night", "Bring a friend.", False, "joining-a-group"),
    ],
)
def test_the_events_format_comes_first(
    title: str, description: str, online: bool, first: str
) -> None:
    situations = situations_for_event(_event(title, description, online=online), "en")
    assert situations[0].id == first
    assert len(situations) == 10


def test_general_situations_come_before_other_formats() -> None:
    line = (SituationLine(id="x.1", text="A line to say here."),)
    talk = Situation(id="talk", label="Talk", lines=line, format="talk")
    joining = Situation(id="join", label="Join", lines=line)
    walk = Situation(id="walk", label="Walk", lines=line, format="walk")
    ordered = ordered_for_event((talk, joining, walk), ("walk",))
    assert [s.id for s in ordered] == ["walk", "join", "talk"]


def test_reconnecting_lines_use_what_they_work_on_or_my_latest_note(core_store: Store) -> None:
    # Given three people likely there: one working on something, one with encounter notes,
    # one I noted nothing about
    ada = Person(name="Ada", working_on="a board game about bees")
    bo = Person(name="Bo")
    cy = Person(name="Cy")
    for person in (ada, bo, cy):
        core_store.people.put(person)
    core_store.encounters.put(Encounter(person_id=bo.id, on=date(2026, 1, 5), note="old note"))
    core_store.encounters.put(
        Encounter(person_id=bo.id, on=date(2026, 3, 1), note="moving to Leipzig in spring.")
    )
    likely = [
        LikelyPerson(person=p, reason="", met_with_group=True, shared_interests=())
        for p in (ada, bo, cy)
    ]
    # When the reconnecting lines are made
    lines = reconnect_lines(core_store, likely)
    # Then each names the person and what I noted, newest note first, nothing for Cy
    assert lines == [
        (
            "Ada",
            "Last time you told me you were working on a board game about bees – how is it going?",
        ),
        (
            "Bo",
            "Last time we talked about “moving to Leipzig in spring” – what has happened since?",
        ),
    ]


def test_a_long_note_is_cut_at_a_word(core_store: Store) -> None:
    person = Person(name="Di", working_on="word " * 40)
    core_store.people.put(person)
    likely = [LikelyPerson(person=person, reason="", met_with_group=False, shared_interests=())]
    [(_name, text)] = reconnect_lines(core_store, likely)
    assert "word…" in text and len(text) < 160
