"""One search over people, events and openers: accents, kinds, ranking, snippets, typos."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from companion.domain.events import Event
from companion.domain.openers import Opener, OpenerStage
from companion.domain.people import Encounter, Person, Promise
from companion.services.search.everything_search import EverythingSearch, ResultKind, SearchResult
from companion.services.search.search_sources import StoredNotes, StoredPeople, notes_tables
from companion.storage.store import Store

# Midday UTC: the same day in every time zone the tests may run in.
START = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _search(
    people: list[Person] | None = None,
    events: list[Event] | None = None,
    openers: list[Opener] | None = None,
) -> EverythingSearch:
    return EverythingSearch(people=people or [], events=events or [], openers=openers or [])


def _found(results: list[SearchResult]) -> list[tuple[ResultKind, str]]:
    return [(result.kind, result.id) for result in results]


def test_one_query_finds_people_events_and_openers_in_that_order() -> None:
    # Given a person, an event and an opener that all mention ceramics
    search = _search(
        people=[Person(id="p1", name="Ana Lima", working_on="A ceramics studio")],
        events=[Event(id="e1", title="Ceramics night", start=START)],
        openers=[Opener(id="o1", text="What got you into ceramics?", stage=OpenerStage.OPEN)],
    )
    # When searching for it
    results = search.search("ceramics")
    # Then each kind is found, people first, then events, then openers
    assert _found(results) == [
        (ResultKind.PERSON, "p1"),
        (ResultKind.EVENT, "e1"),
        (ResultKind.OPENER, "o1"),
    ]


def test_accents_and_case_are_ignored_both_ways() -> None:
    # Given accented records
    search = _search(
        people=[Person(id="p1", name="Zoë Müller")],
        events=[Event(id="e1", title="Café Gespräch", start=START, venue="Kölner Straße 5")],
    )
    # When searching without accents, or with them / Then they are found
    assert _found(search.search("ZOE muller")) == [(ResultKind.PERSON, "p1")]
    assert _found(search.search("gesprach")) == [(ResultKind.EVENT, "e1")]
    assert _found(search.search("kölner strasse")) == [(ResultKind.EVENT, "e1")]
    assert _found(search.search("cafe")) == [(ResultKind.EVENT, "e1")]


def test_every_searched_field_of_each_kind_is_searched() -> None:
    # Given a word that appears in just one field of each record
    search = _search(
        people=[
            Person(id="by-notes", name="A", notes="loves quokkas"),
            Person(id="by-work", name="B", working_on="quokka census"),
        ],
        events=[
            Event(id="by-organizer", title="X", start=START, organizer="Quokka club"),
            Event(id="by-venue", title="Y", start=START, venue="Quokka hall"),
            Event(id="by-description", title="Z", start=START, description="Bring a quokka."),
        ],
    )
    # When searching for the word
    found = {record_id for _kind, record_id in _found(search.search("quokka"))}
    # Then every record is found
    assert found == {"by-notes", "by-work", "by-organizer", "by-venue", "by-description"}


def test_title_matches_rank_first_and_carry_a_higher_score() -> None:
    # Given a name starting with the query, one containing it, and notes mentioning it
    search = _search(
        people=[
            Person(id="notes", name="Aaron Abbott", notes="met Rosa at the fair"),
            Person(id="inside", name="Ambrosa Lee"),
            Person(id="name", name="Rosa Parks"),
        ]
    )
    # When searching
    results = search.search("rosa")
    # Then a word of the name starting with it comes first, then inside the name, then notes
    assert [result.id for result in results] == ["name", "inside", "notes"]
    assert results[0].score > results[1].score > results[2].score


def test_each_kind_is_capped() -> None:
    # Given many people and events that match
    search = _search(
        people=[Person(id=f"p{number}", name=f"Kim {number:02}") for number in range(20)],
        events=[
            Event(id=f"e{number}", title=f"Kim talk {number}", start=START) for number in range(20)
        ],
    )
    # When searching with a cap of five per kind
    results = search.search("kim", limit_per_kind=5)
    # Then there are five of each, the first five by name
    assert [result.title for result in results if result.kind is ResultKind.PERSON] == [
        f"Kim {number:02}" for number in range(5)
    ]
    assert sum(result.kind is ResultKind.EVENT for result in results) == 5


def test_a_typo_in_a_name_still_finds_it_below_exact_matches() -> None:
    # Given a person with an accented name
    search = _search(people=[Person(id="p1", name="Jürgen Okafor")])
    # When the name is typed with a letter missing
    results = search.search("jurgn")
    # Then the person is found anyway
    assert _found(results) == [(ResultKind.PERSON, "p1")]


def test_snippet_shows_where_the_query_matched_on_one_line() -> None:
    # Given a person whose long, multi-line notes mention the query far in
    notes = "First line.\n" + "filler words " * 20 + "talked about sourdough starters\nlast"
    search = _search(people=[Person(id="p1", name="Mia", organization="Bakery", notes=notes)])
    # When searching for it
    (result,) = search.search("sourdough")
    # Then the snippet is one short line around the match
    assert "sourdough" in result.snippet
    assert "\n" not in result.snippet
    assert len(result.snippet) <= 90
    # And a name match shows the first non-empty field instead
    (by_name,) = search.search("mia")
    assert by_name.snippet == "First line. " + ("filler words " * 20)[:77].rstrip() + "…"


def test_event_snippet_starts_with_its_date_and_opener_snippet_is_its_stage() -> None:
    # Given an event with a venue and an opener
    search = _search(
        events=[Event(id="e1", title="Repair café", start=START, venue="Town hall")],
        openers=[Opener(id="o1", text="What are you repairing?", stage=OpenerStage.GO_DEEPER)],
    )
    # When searching for both
    event, opener = search.search("repair")
    # Then the event snippet has its date and venue, the opener's its stage
    assert event.snippet == "Nov 27, 2026 · Town hall"
    assert opener.snippet == "Go deeper"


def test_hidden_openers_are_not_found() -> None:
    # Given a hidden opener
    hidden = Opener(id="o1", text="Any pets?", stage=OpenerStage.OPEN, hidden=True)
    # When searching for it / Then nothing is found
    assert _search(openers=[hidden]).search("pets") == []


def test_empty_query_or_zero_cap_finds_nothing() -> None:
    # Given a search with someone in it
    search = _search(people=[Person(id="p1", name="Ana")])
    # When the query is blank or the cap is zero / Then there are no results
    assert search.search("   ") == []
    assert search.search("ana", limit_per_kind=0) == []


def test_search_follows_changes_and_removals_in_the_store(core_store: Store) -> None:
    # Given a store with a person and an event, searched once
    core_store.people.put(Person(id="p1", name="Chloé Dubois", notes="Runs the photo walk."))
    core_store.events.put(Event(id="e1", title="Photo walk", start=START))
    search = EverythingSearch(
        people=core_store.people, events=core_store.events, openers=core_store.openers
    )
    search.prepare()
    assert len(search.search("photo")) == 2
    # When the person's notes change and the event is removed
    person = core_store.people.get("p1")
    assert person is not None
    core_store.people.put(replace(person, notes="Now runs the repair café."))
    core_store.events.remove("e1")
    # Then the search sees both changes
    assert search.search("photo") == []
    assert _found(search.search("cafe")) == [(ResultKind.PERSON, "p1")]


def test_warm_up_folds_in_small_steps_and_then_reports_done() -> None:
    # Given 25 people and nothing folded yet
    people = [Person(name=f"Person {number}") for number in range(25)]
    search = EverythingSearch(people=people, events=[], openers=[])

    # When the app warms the index up 10 records at a time
    steps = 1
    while not search.warm_up(10):
        steps += 1

    # Then it took a few steps, stays done, and search finds what was folded
    assert steps == 3
    assert search.warm_up(10) is True
    assert search.search("person 24")[0].title == "Person 24"


def test_warm_up_stops_quietly_when_the_records_change_underneath() -> None:
    # Given a collection that changes size while it is being iterated
    people = {str(number): Person(name=f"Person {number}") for number in range(5)}

    class Changing:
        def __iter__(self):  # type: ignore[no-untyped-def]
            return iter(people.values())

    search = EverythingSearch(people=Changing(), events=[], openers=[])
    search.warm_up(2)

    # When a record is added mid-way, then warming continues
    people["new"] = Person(name="Newcomer")
    done = search.warm_up(2)

    # Then warming ends without an error and a search still sees the new person
    assert done is True
    assert search.search("newcomer")[0].title == "Newcomer"


def test_what_was_noted_when_meeting_someone_finds_that_person() -> None:
    # Given a person whose only mention of route-setting is a quick-capture note on an
    # encounter, and another whose only mention of a lens is a promise
    from datetime import date

    from companion.domain.people import Encounter, Promise

    people = [Person(id="p1", name="Ada Lovelace"), Person(id="p2", name="Mateo Ruiz")]
    encounters = [
        Encounter(id="n1", person_id="p1", on=date(2026, 11, 20), note="Builds route-setting apps"),
        Encounter(id="n2", person_id="p1", on=date(2026, 11, 21), note="More route-setting"),
    ]
    promises = [Promise(id="f1", person_id="p2", text="Lend my 50mm lens")]
    search = EverythingSearch(
        people=people, events=[], openers=[], encounters=encounters, promises=promises
    )
    # When searching for a word of the note, or of the promise
    by_note = search.search("route setting")
    by_promise = search.search("lens")
    # Then the person is found once, the note or promise as the snippet
    assert _found(by_note) == [(ResultKind.PERSON, "p1")]
    assert "route-setting" in by_note[0].snippet
    assert _found(by_promise) == [(ResultKind.PERSON, "p2")]
    assert by_promise[0].snippet == "Lend my 50mm lens"


def test_notes_read_once_per_change_still_find_a_new_note(core_store: Store) -> None:
    # Given a search over a store's encounters, re-read only when their table changes
    from datetime import date

    from companion.domain.people import Encounter

    store = core_store
    store.people.put(Person(id="p1", name="Ada Lovelace"))
    search = EverythingSearch(
        people=store.people,
        events=[],
        openers=[],
        encounters=store.encounters,
        promises=store.promises,
        notes_version=lambda: notes_tables(store),
    )
    assert search.search("kiln") == []
    # When an encounter with a note is stored
    store.encounters.put(Encounter(person_id="p1", on=date(2026, 11, 20), note="Fires her kiln"))
    # Then the next search finds the person by it
    assert _found(search.search("kiln")) == [(ResultKind.PERSON, "p1")]


def test_stored_notes_are_read_from_the_documents_and_follow_changes(core_store: Store) -> None:
    # Given a person with an encounter note, searched through the stored documents
    ada = Person(name="Ada")
    core_store.people.put(ada)
    met = Encounter(person_id=ada.id, on=date(2026, 11, 1), note="Builds looms")
    core_store.encounters.put(met)
    search = EverythingSearch(
        people=core_store.people,
        events=core_store.events,
        openers=[],
        notes=StoredNotes(core_store),
        notes_version=lambda: notes_tables(core_store),
    )
    # Then the note finds her, without decoding the encounter
    assert [result.title for result in search.search("looms")] == ["Ada"]
    # When the note is changed / Then the new words find her and the old ones do not
    core_store.encounters.put(replace(met, note="Writes compilers"))
    assert [result.title for result in search.search("compilers")] == ["Ada"]
    assert search.search("looms") == []


def test_stored_people_are_found_by_their_fields_and_follow_renames(core_store: Store) -> None:
    # Given people searched through their stored documents
    ada = Person(name="Ada Lovelace", working_on="A difference engine")
    core_store.people.put(ada)
    search = EverythingSearch(people=StoredPeople(core_store), events=[], openers=[])
    # Then a word of a field finds the person by id and name
    [found] = search.search("engine")
    assert (found.id, found.title) == (ada.id, "Ada Lovelace")
    # When she is renamed / Then the new name is found
    core_store.people.put(replace(ada, name="Augusta Ada King"))
    assert search.search("augusta")[0].title == "Augusta Ada King"


def test_stored_notes_hand_out_the_same_note_until_its_document_changes(
    core_store: Store,
) -> None:
    # Given an encounter note and a promise read through the stored documents
    ada = Person(name="Ada")
    core_store.people.put(ada)
    met = Encounter(person_id=ada.id, on=date(2026, 11, 1), note="Builds looms")
    core_store.encounters.put(met)
    core_store.promises.put(Promise(person_id=ada.id, text="Send the loom paper"))
    notes = StoredNotes(core_store)
    first = list(notes)
    # When they are read again without a change / Then the very same objects come back,
    # which is what lets the search index skip folding them again
    again = list(notes)
    assert [note.text for note in first] == ["Builds looms", "Send the loom paper"]
    assert all(a is b for a, b in zip(first, again, strict=True))
    # When the encounter's note changes / Then only that note is made anew
    core_store.encounters.put(replace(met, note="Writes compilers"))
    changed, promise = list(notes)
    assert changed.text == "Writes compilers"
    assert promise is first[1]
