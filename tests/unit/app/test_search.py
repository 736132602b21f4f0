"""Searching people as you type: accents, case, several words, ranking, a live index."""

from __future__ import annotations

from dataclasses import replace

from companion.domain.folding import fold
from companion.domain.people import Person
from companion.services.search.search import PeopleSearch, query_terms
from companion.storage.store import Store


def _names(people: list[Person]) -> list[str]:
    return [person.name for person in people]


# --- Folding ------------------------------------------------------------------------------------


def test_fold_removes_case_and_accents() -> None:
    # Given names with accents, capitals and letters that casefold specially
    # When they are folded / Then only the plain lowercase letters remain
    assert fold("Zoë Müller") == "zoe muller"
    assert fold("FRANÇOIS Ørsted-Dvořák") == "francois orsted-dvorak"
    assert fold("Łódź Đorđević") == "lodz dordevic"
    assert fold("Straße") == "strasse"
    assert fold("İlkay") == "ilkay"


def test_fold_keeps_scripts_without_case() -> None:
    # Given right-to-left, CJK and emoji text / When folded / Then it is kept as it is
    assert fold("דוד כהן") == "דוד כהן"
    assert fold("山田 太郎 🌱") == "山田 太郎 🌱"


def test_query_terms_are_folded_unique_and_longest_first() -> None:
    # Given a query with repeated words and extra spaces / When split into terms
    terms = query_terms("  Zoë  müller zoe ")
    # Then each folded word appears once, the longest first
    assert terms == ("muller", "zoe")


# --- Matching -----------------------------------------------------------------------------------


def test_plain_letters_find_accented_names() -> None:
    # Given people with accented names
    people = [
        Person(id="1", name="Zoë Adeyemi"),
        Person(id="2", name="Jürgen Müller"),
        Person(id="3", name="Anna Smith"),
    ]
    search = PeopleSearch(people)
    # When searching without accents, in any case / Then the accented names are found
    assert _names(search.search("zoe")) == ["Zoë Adeyemi"]
    assert _names(search.search("MULLER")) == ["Jürgen Müller"]
    # And accents in the query work too
    assert _names(search.search("müll")) == ["Jürgen Müller"]


def test_every_word_must_match_somewhere() -> None:
    # Given two people named Zoë, one of whom climbs
    people = [
        Person(id="1", name="Zoë Adeyemi", notes="Loves bouldering on Sundays."),
        Person(id="2", name="Zoë Kim", working_on="A book about sourdough."),
    ]
    search = PeopleSearch(people)
    # When searching for a name and a word from the notes / Then only the climber matches
    assert _names(search.search("zoe boulder")) == ["Zoë Adeyemi"]
    # And working_on is searched too
    assert _names(search.search("sourdough zoe")) == ["Zoë Kim"]
    # And a word nobody has finds no one
    assert search.search("zoe chess") == []


def test_name_matches_come_before_note_matches() -> None:
    # Given one person whose notes mention Rossi and two named Rossi
    people = [
        Person(id="1", name="Anna Smith", notes="Introduced me to Rossi."),
        Person(id="2", name="Marco Rossi"),
        Person(id="3", name="Albarossi Lee"),
    ]
    # When searching "rossi"
    found = PeopleSearch(people).search("rossi")
    # Then a name starting with the word comes first, then a name containing it, then notes
    assert _names(found) == ["Marco Rossi", "Albarossi Lee", "Anna Smith"]


def test_right_to_left_and_emoji_names_are_found() -> None:
    # Given people with Hebrew, Arabic and emoji names
    people = [
        Person(id="1", name="דוד כהן"),
        Person(id="2", name="محمد الحسن"),
        Person(id="3", name="Mei Chen 🌱"),
    ]
    search = PeopleSearch(people)
    # When searching in their scripts / Then each is found
    assert _names(search.search("כהן")) == ["דוד כהן"]
    assert _names(search.search("محمد")) == ["محمد الحسن"]
    assert _names(search.search("🌱")) == ["Mei Chen 🌱"]


def test_limit_keeps_the_best_ranked() -> None:
    # Given many people named Kim and one note about a Kim
    people = [Person(id=str(number), name=f"Kim {number:02d}") for number in range(20)]
    people.append(Person(id="note", name="Alex", notes="met Kim at the repair café"))
    # When searching with a limit of three
    found = PeopleSearch(people).search("kim", limit=3)
    # Then the three first names in order are returned, not the note match
    assert _names(found) == ["Kim 00", "Kim 01", "Kim 02"]


def test_empty_query_or_zero_limit_finds_no_one() -> None:
    # Given someone to find
    search = PeopleSearch([Person(id="1", name="Ana")])
    # When the query is blank or the limit zero / Then nothing is returned
    assert search.search("   ") == []
    assert search.search("ana", limit=0) == []
    # And without a limit everything matching is returned
    assert _names(search.search("ana", limit=None)) == ["Ana"]


# --- Staying current with the store -------------------------------------------------------------


def test_search_follows_changes_in_the_store(core_store: Store) -> None:
    # Given a store with one person and a search over its people, used once
    person = Person(id="p1", name="Chloé Dubois", notes="Runs the photo walk.")
    core_store.people.put(person)
    search = PeopleSearch(core_store.people)
    assert _names(search.search("photo")) == ["Chloé Dubois"]
    # When the person's notes change and someone new is added
    core_store.people.put(replace(person, notes="Now runs the repair café."))
    core_store.people.put(Person(id="p2", name="Renée Photographer"))
    # Then the search sees the new notes and the new person
    assert _names(search.search("photo")) == ["Renée Photographer"]
    assert _names(search.search("cafe")) == ["Chloé Dubois"]


def test_removed_people_are_no_longer_found(core_store: Store) -> None:
    # Given two people, both found once
    core_store.people.put(Person(id="p1", name="Søren Jørgensen"))
    core_store.people.put(Person(id="p2", name="Søren Virtanen"))
    search = PeopleSearch(core_store.people)
    search.prepare()
    assert len(search.search("soren")) == 2
    # When one is removed
    core_store.people.remove("p1")
    # Then only the other is found
    assert _names(search.search("soren")) == ["Søren Virtanen"]
