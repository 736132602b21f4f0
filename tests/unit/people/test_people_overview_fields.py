"""The People page's rows are read from stored fields: they must say what decoded records say.

``people_overview`` reads the stored documents (decoding only follow-ups) because decoding
10,000 people was most of the page's first show. These properties keep that fast path equal to
the plain one over decoded records, for documents as this app writes them and as older apps
did (every field written, names with line breaks or bidi overrides, lists with blanks and
repeats), so the two cannot drift apart.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.domain.events import Event
from companion.domain.interests import shared_interests
from companion.domain.people import Encounter, Person, Promise, PromiseStatus
from companion.services.people.people import (
    PersonOverview,
    fields_of,
    people_overview,
    stored_fields,
)
from companion.services.profile.profile import get_profile, set_my_interests
from companion.storage.codec import DecodeError, from_document, to_document, with_defaults
from companion.storage.store import Store

TODAY = date(2026, 11, 25)
EVENT_IDS = ("e1", "e2", "e3")
SLUGS = ("chess", "climbing", "hiking", "board-games")

# Letters, accents, blanks, a line break, a tab, a bidi override and a control character:
# what an older app may have stored in a name, which ``Person`` cleans when it is decoded.
_dirty_text = st.text(alphabet="aZé ö中\n\t\u202e\x00-", max_size=8)
_clean_text = st.text(alphabet="aZé ö中-", max_size=8)
_days = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))
# A few days only: people meet twice on one day, and the first encounter stored must win.
_encounter_days = st.dates(min_value=date(2026, 9, 1), max_value=date(2026, 9, 4))


def _padded(values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """Lists as an older app may have stored them: blanks around entries, empty ones, repeats."""
    return st.lists(
        st.tuples(st.sampled_from(("", " ", "\t")), values, st.sampled_from(("", " "))).map(
            "".join
        ),
        max_size=4,
    )


@st.composite
def _follow_ups(draw: st.DrawFn) -> dict[str, Any] | None:
    follow_up: dict[str, Any] = {}
    if draw(st.booleans()):
        follow_up["next_date"] = draw(_days).isoformat()
    if draw(st.booleans()):
        follow_up["cadence_days"] = draw(st.integers(1, 400))
    return draw(st.sampled_from((None, follow_up)))


@st.composite
def person_documents(draw: st.DrawFn, person_id: str) -> dict[str, Any]:
    """A stored person document: as this app writes it, or as an older one did."""
    document: dict[str, Any] = {"id": person_id, "name": draw(_dirty_text)}
    optional = {
        "also_known_as": _padded(_dirty_text),
        "organization": _clean_text,
        "working_on": _dirty_text,
        "interests": _padded(st.sampled_from(SLUGS)),
        "event_ids": _padded(st.sampled_from((*EVENT_IDS, "gone"))),
        "follow_up": _follow_ups(),
        "notes": _dirty_text,
    }
    for key, values in optional.items():
        if draw(st.booleans()):
            document[key] = draw(values)
    if draw(st.booleans()):  # written before fields at their default were left out
        document = with_defaults(Person, document)
    return document


def _decoded(document: dict[str, Any]) -> Person | None:
    try:
        return from_document(Person, document)
    except DecodeError:
        return None


@settings(max_examples=300, deadline=None)
@given(document=person_documents("p1"))
def test_a_documents_fields_are_those_of_the_person_it_decodes_to(
    document: dict[str, Any],
) -> None:
    # Given a stored person document, however it was written
    person = _decoded(document)
    # When its fields are read without decoding it
    fields = stored_fields(document)
    # Then they are the decoded person's, cleaned alike; for a document that does not decode,
    # nothing (decoding then says what is wrong)
    if person is not None:
        assert fields == fields_of(person)
        assert stored_fields(to_document(person)) == fields_of(person)


def test_a_document_holding_what_this_app_never_stores_is_left_to_decoding() -> None:
    # Given documents with a number for a name, text for a list, a list of numbers, a blank name
    odd = [
        {"id": "p1", "name": 7},
        {"id": "p1", "name": "Ada", "interests": "chess"},
        {"id": "p1", "name": "Ada", "event_ids": [1, 2]},
        {"id": "p1", "name": " \n "},
        {"id": "p1", "name": "Ada", "follow_up": "soon"},
    ]
    # When their fields are read / Then none is, and none decodes either
    for document in odd:
        assert stored_fields(document) is None
        assert _decoded(document) is None


@st.composite
def stores(draw: st.DrawFn) -> Store:
    """A store with people (as documents of any age), events, encounters, promises and my
    interests."""
    store = Store.scratch({})
    set_my_interests(store, draw(st.lists(st.sampled_from(SLUGS), unique=True, max_size=3)))
    for event_id in EVENT_IDS[: draw(st.integers(0, len(EVENT_IDS)))]:
        start = datetime(2026, 10, 1, 18, tzinfo=UTC)
        title = "Meetup " + draw(_clean_text)
        store.events.put(Event(id=event_id, title=title, start=start))
    person_ids = [f"p{number}" for number in range(draw(st.integers(0, 6)))]
    documents = {}
    for person_id in person_ids:
        document = draw(person_documents(person_id))
        if _decoded(document) is not None:
            documents[person_id] = document
    store.put_documents("people", documents)
    someone = st.sampled_from([*person_ids, "unknown"])
    for number in range(draw(st.integers(0, 12))):
        store.encounters.put(
            Encounter(
                id=f"c{number}",
                person_id=draw(someone),
                on=draw(_encounter_days),
                event_id=draw(st.sampled_from((None, *EVENT_IDS, "gone"))),
            )
        )
    for number in range(draw(st.integers(0, 5))):
        store.promises.put(
            Promise(
                id=f"o{number}",
                person_id=draw(someone),
                text="Send the map",
                status=draw(st.sampled_from(PromiseStatus)),
            )
        )
    return store


def _overview_of_records(store: Store, today: date) -> list[PersonOverview]:
    """The overview the plain way: every record decoded, each rule spelled out on them."""
    titles = {event.id: event.title for event in store.events}
    encounters = list(store.encounters)
    mine = get_profile(store).interests
    rows = []
    for person in store.people:
        theirs = [encounter for encounter in encounters if encounter.person_id == person.id]
        at_events = [encounter for encounter in theirs if encounter.event_id]
        # The first of the person's own events that exists, else the earliest encounter's.
        met_event = next((eid for eid in person.event_ids if eid in titles), None)
        if met_event is None and at_events:
            met_event = min(at_events, key=lambda encounter: encounter.on).event_id
        last = max((encounter.on for encounter in theirs), default=None)
        follow_up = person.follow_up.due_date(last) if person.follow_up else None
        open_promises = sum(
            1
            for promise in store.promises
            if promise.person_id == person.id and promise.status is PromiseStatus.OPEN
        )
        rows.append(
            PersonOverview(
                id=person.id,
                name=person.name,
                also_known_as=person.also_known_as,
                organization=person.organization,
                working_on=person.working_on,
                met_at=titles.get(met_event, "") if met_event else "",
                shared_interests=shared_interests(mine, person.interests),
                last_contact=last,
                next_follow_up=follow_up,
                open_promises=open_promises,
                follow_up_due=follow_up is not None and follow_up <= today,
            )
        )
    return rows


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(store=stores())
def test_the_overview_from_stored_fields_is_the_one_from_decoded_records(store: Store) -> None:
    # Given a store of people written by this app or older ones, with their history
    # When the overview is built
    rows = people_overview(store, TODAY)
    # Then every row is what the decoded records say, in the same order
    assert rows == _overview_of_records(store, TODAY)
