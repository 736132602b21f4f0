"""Ctrl+K's compact index: the same results as a straightforward search, and changes at once."""

from __future__ import annotations

import gc
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from companion.domain.events import Event
from companion.domain.folding import fold
from companion.domain.people import Encounter, Person, Promise
from companion.services.search import joined_texts
from companion.services.search.everything_search import (
    FUZZY_MIN_QUERY_LENGTH,
    FUZZY_SCORE_CUTOFF,
    SCORE_ELSEWHERE,
    SCORE_IN_TITLE,
    SCORE_TITLE_PREFIX,
    SCORE_TITLE_WORD_START,
    EverythingSearch,
    ResultKind,
)
from companion.services.search.joined_texts import JoinedTexts
from companion.services.search.search import query_terms
from companion.services.search.search_sources import PersonNote, PersonText
from companion.services.search.stored_search import stored_search
from companion.storage.store import Store

START = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)

# --- a straightforward search, written for reading rather than speed -------------------------


@dataclass(frozen=True)
class _Folded:
    id: str
    title: str
    words: str
    text: str


def _fold_record(record_id: str, title: str, fields: tuple[str, ...]) -> _Folded:
    folded_title = fold(title)
    words = " " + "".join(char if char.isalnum() else " " for char in folded_title)
    text = "\x1f".join(
        [folded_title.replace("\x1f", " ")] + [fold(f).replace("\x1f", " ") for f in fields]
    )
    return _Folded(record_id, folded_title, words, text)


def _score(entry: _Folded, terms: tuple[str, ...]) -> float:
    if not all(term in entry.title for term in terms):
        return SCORE_ELSEWHERE
    if len(terms) == 1 and entry.words.startswith(" " + terms[0]):
        return SCORE_TITLE_PREFIX
    if all(" " + term in entry.words for term in terms):
        return SCORE_TITLE_WORD_START
    return SCORE_IN_TITLE


def _reference_kind(
    entries: list[_Folded], terms: tuple[str, ...], query: str, limit: int
) -> list[tuple[str, float]]:
    """(id, score) of the best ``limit``: by score, then title, then the order given."""
    matches = [entry for entry in entries if all(term in entry.text for term in terms)]
    ranked = sorted(matches, key=lambda entry: (-_score(entry, terms), entry.title))
    best = [(entry.id, _score(entry, terms)) for entry in ranked[:limit]]
    if len(best) < limit and len(query) >= FUZZY_MIN_QUERY_LENGTH:
        found = {entry_id for entry_id, _score_ in best}
        # Positions, not ids: generated records may share an id with none of the found.
        candidates = [entry for entry in entries if entry.id not in found]
        close = process.extract(
            query,
            [entry.title for entry in candidates],
            scorer=fuzz.partial_ratio,
            score_cutoff=FUZZY_SCORE_CUTOFF,
            limit=limit - len(best),
        )
        best += [(candidates[position].id, float(score)) for _t, score, position in close]
    return best


def _reference(
    people: list[Person], notes: list[PersonNote], events: list[Event], query: str, limit: int
) -> list[tuple[ResultKind, str, float]]:
    terms = query_terms(query)
    if not terms:
        return []
    folded_query = " ".join(fold(query).split())
    person_entries = [
        _fold_record(
            person.id,
            person.name,
            (
                " · ".join(person.also_known_as),
                person.working_on,
                person.notes,
                person.organization,
            ),
        )
        for person in people
    ]
    found = dict(_reference_kind(person_entries, terms, folded_query, limit))
    people_ids = {person.id for person in people}
    for note in notes:
        if len(found) >= limit:
            break
        text = "\x1f" + fold(note.text).replace("\x1f", " ")
        if all(term in text for term in terms) and note.person_id in people_ids:
            found.setdefault(note.person_id, SCORE_ELSEWHERE)
    people_found = sorted(found.items(), key=lambda item: -item[1])[:limit]
    event_entries = [
        _fold_record(event.id, event.title, (event.organizer, event.venue, event.description))
        for event in events
    ]
    return [(ResultKind.PERSON, pid, score) for pid, score in people_found] + [
        (ResultKind.EVENT, eid, score)
        for eid, score in _reference_kind(event_entries, terms, folded_query, limit)
    ]


# --- generated records -----------------------------------------------------------------------

# Few letters, some accented, some punctuation: names collide, share prefixes and tie. Some
# stay wide when folded (Cyrillic, CJK, an emoji), so texts of three widths sit side by side.
_LETTERS = "abeluzöéñß-. 'я中😀"
_words = st.text(alphabet=_LETTERS, min_size=0, max_size=8)
_names = st.lists(
    st.text(alphabet=_LETTERS.replace(" ", ""), min_size=1, max_size=6), min_size=1, max_size=3
).map(" ".join)


@st.composite
def _people_and_notes(draw: st.DrawFn) -> tuple[list[Person], list[PersonNote], list[Event]]:
    count = draw(st.integers(min_value=0, max_value=14))
    people = [
        Person(
            id=f"p{number}",
            name=draw(_names),
            notes=draw(_words),
            working_on=draw(_words),
            organization=draw(_words),
        )
        for number in range(count)
    ]
    notes = [
        PersonNote(id=f"n{number}", person_id=f"p{draw(st.integers(0, 15))}", text=draw(_words))
        for number in range(draw(st.integers(min_value=0, max_value=10)))
    ]
    events = [
        Event(id=f"e{number}", title=draw(_names), start=START, venue=draw(_words))
        for number in range(draw(st.integers(min_value=0, max_value=6)))
    ]
    return people, notes, events


def _search(people: list[Person], notes: list[PersonNote], events: list[Event]) -> EverythingSearch:
    return EverythingSearch(people=people, events=events, openers=[], notes=notes)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=_people_and_notes(),
    queries=st.lists(st.text(alphabet=_LETTERS + "  ", max_size=7), min_size=1, max_size=4),
    limit=st.integers(min_value=1, max_value=5),
    warm_step=st.integers(min_value=1, max_value=7),
)
def test_the_compact_index_finds_and_ranks_as_a_plain_scan_does(
    records: tuple[list[Person], list[PersonNote], list[Event]],
    queries: list[str],
    limit: int,
    warm_step: int,
) -> None:
    # Given generated people, notes about them and events, indexed in idle steps
    people, notes, events = records
    search = _search(people, notes, events)
    while not search.warm_up(warm_step):
        pass
    for query in queries:
        # When searching / Then kinds, ids, order and scores are those of a plain scan
        found = [(r.kind, r.id, r.score) for r in search.search(query, limit_per_kind=limit)]
        assert found == _reference(people, notes, events, query, limit)


@settings(max_examples=150, deadline=None)
@given(
    before=_people_and_notes(),
    after=_people_and_notes(),
    query=st.text(alphabet=_LETTERS, min_size=1, max_size=4),
)
def test_after_any_change_the_results_are_those_of_the_new_records(
    before: tuple[list[Person], list[PersonNote], list[Event]],
    after: tuple[list[Person], list[PersonNote], list[Event]],
    query: str,
) -> None:
    # Given an index built over some records (kept in lists the search reads again)
    people, notes, events = list(before[0]), list(before[1]), list(before[2])
    search = _search(people, notes, events)
    search.prepare()
    search.search(query)
    # When the records are replaced, some kept as they were, some changed, some gone, some new
    kept = people[: len(people) // 2]
    people[:] = kept + after[0]
    notes[:] = notes[::2] + after[1]
    events[:] = after[2] + events[:1]
    # Then the next search finds what a plain scan of the new records finds
    found = [(r.kind, r.id, r.score) for r in search.search(query)]
    assert found == _reference(people, notes, events, query, 8)


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="ab\x1f\0é中😀", max_size=6), max_size=40),
    terms=st.lists(st.text(alphabet="ab\0é中😀", min_size=1, max_size=3), min_size=1, max_size=3),
)
def test_joined_texts_read_and_match_as_the_texts_one_by_one(
    texts: list[str], terms: list[str]
) -> None:
    # Given texts of mixed widths joined in chunks (of four at most, to have many)
    joined = JoinedTexts()
    with patch.object(joined_texts, "CHUNK", 4):
        for text in texts:
            joined.append(text)
    joined.seal()
    # Then each reads back as it was, and a scan finds exactly the texts with every term
    assert [joined[number] for number in range(len(joined))] == texts
    expected = [n for n, text in enumerate(texts) if all(term in text for term in terms)]
    assert list(joined.each_matching(tuple(terms))) == expected


# --- a store's changes show up at once ---------------------------------------------------


def _titles(search: EverythingSearch, query: str) -> list[str]:
    """The people found (the built-in openers may come close to a query too)."""
    return [result.title for result in search.search(query) if result.kind is ResultKind.PERSON]


def _warmed(store: Store) -> EverythingSearch:
    search = stored_search(store, lambda: "en")
    while not search.warm_up(3):
        pass
    return search


def test_a_new_edited_or_deleted_person_shows_up_in_the_next_search(core_store: Store) -> None:
    # Given people in the store and a warmed-up index over them
    core_store.people.put(Person(id="p1", name="Ada Lovelace", working_on="looms"))
    core_store.people.put(Person(id="p2", name="Grace Hopper", working_on="compilers"))
    search = _warmed(core_store)
    assert _titles(search, "looms") == ["Ada Lovelace"]
    # When a person is added / Then she is found
    core_store.people.put(Person(id="p3", name="Mary Somerville", working_on="looms too"))
    assert _titles(search, "looms") == ["Ada Lovelace", "Mary Somerville"]
    # When a person is renamed and another's work changes / Then the new words find them
    ada = core_store.people.get("p1")
    assert ada is not None
    core_store.people.put(replace(ada, name="Augusta Ada King"))
    grace = core_store.people.get("p2")
    assert grace is not None
    core_store.people.put(replace(grace, working_on="looms and cobol"))
    assert _titles(search, "looms") == ["Augusta Ada King", "Grace Hopper", "Mary Somerville"]
    assert _titles(search, "lovelace") == []
    # When a person is deleted / Then she is found no more
    core_store.people.remove("p3")
    assert _titles(search, "somerville") == []
    assert _titles(search, "looms") == ["Augusta Ada King", "Grace Hopper"]


def test_a_new_edited_or_deleted_note_or_promise_shows_up_in_the_next_search(
    core_store: Store,
) -> None:
    # Given a person with a note, and a warmed-up index
    core_store.people.put(Person(id="p1", name="Ada"))
    core_store.people.put(Person(id="p2", name="Grace"))
    met = Encounter(id="m1", person_id="p1", on=date(2026, 11, 1), note="Builds looms")
    core_store.encounters.put(met)
    search = _warmed(core_store)
    assert _titles(search, "looms") == ["Ada"]
    # When another person gets a note and a promise / Then both find her
    core_store.encounters.put(Encounter(person_id="p2", on=date(2026, 11, 2), note="Loves kilns"))
    core_store.promises.put(Promise(id="f1", person_id="p2", text="Send the cobol manual"))
    assert _titles(search, "kilns") == ["Grace"]
    assert _titles(search, "cobol") == ["Grace"]
    # When the first note is edited / Then the new words find Ada and the old ones do not
    core_store.encounters.put(replace(met, note="Writes compilers"))
    assert _titles(search, "compilers") == ["Ada"]
    assert _titles(search, "looms") == []
    # When the note and the promise are deleted / Then they find nobody
    core_store.encounters.remove("m1")
    core_store.promises.remove("f1")
    assert _titles(search, "compilers") == []
    assert _titles(search, "cobol") == []
    # And a note whose person is deleted finds nobody either
    core_store.people.remove("p2")
    assert _titles(search, "kilns") == []


def test_changes_while_the_index_is_being_built_are_found(core_store: Store) -> None:
    # Given twenty people, half of them indexed in idle steps
    for number in range(20):
        core_store.people.put(Person(id=f"p{number:02}", name=f"Person {number:02}"))
    search = stored_search(core_store, lambda: "en")
    search.warm_up(10)
    # When one already indexed and one not yet indexed are renamed, and one is deleted
    for key, name in (("p03", "Ottoline"), ("p15", "Ottavia")):
        person = core_store.people.get(key)
        assert person is not None
        core_store.people.put(replace(person, name=name))
    core_store.people.remove("p05")
    while not search.warm_up(10):
        pass
    # Then the search sees the store as it is now
    assert _titles(search, "otto") == ["Ottoline"]
    assert _titles(search, "otta") == ["Ottavia"]
    assert "Person 05" not in _titles(search, "person 0")
    assert "Person 03" not in _titles(search, "person 0")


def test_the_index_keeps_no_object_per_person_or_note(core_store: Store) -> None:
    # Given people with notes and promises in the store
    for number in range(30):
        person = Person(name=f"Person {number}", notes="likes chess")
        core_store.people.put(person)
        core_store.encounters.put(
            Encounter(person_id=person.id, on=date(2026, 11, 1), note=f"met at game {number}")
        )
        core_store.promises.put(Promise(person_id=person.id, text="send the chess book"))
    # When the index is built and searched
    search = _warmed(core_store)
    assert len(_titles(search, "chess")) == 8
    gc.collect()
    # Then no searched copy of a person or a note is kept for it: only the shown ones are
    # made, from the stored documents, and dropped again
    kept = [obj for obj in gc.get_objects() if isinstance(obj, (PersonText, PersonNote))]
    assert kept == []
