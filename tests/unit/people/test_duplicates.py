"""The duplicate finder: which people are likely the same, and which are not."""

from __future__ import annotations

import random

import pytest

from companion.domain.contact_keys import link_key
from companion.domain.duplicates import DuplicateReason, find_duplicates, pair_key
from companion.domain.people import Person


def _pairs(
    *people: Person, region: str | None = None
) -> dict[frozenset[str], tuple[DuplicateReason, ...]]:
    names = {person.id: person.name for person in people}
    return {
        frozenset({names[pair.first_id], names[pair.second_id]}): pair.reasons
        for pair in find_duplicates(people, region=region)
    }


def test_same_email_in_another_spelling_is_a_pair() -> None:
    # Given two people whose emails differ only in case and blanks
    first = Person(name="Ana López", emails=("Ana.Lopez@Example.org ",))
    second = Person(name="A. L.", emails=("ana.lopez@example.org",))
    # Then they are a pair because of the email
    assert _pairs(first, second) == {
        frozenset({"Ana López", "A. L."}): (DuplicateReason.SAME_EMAIL,)
    }


def test_same_phone_national_and_international_is_a_pair() -> None:
    # Given one number written internationally and nationally, for someone in Germany
    first = Person(name="Jürgen Müller", phones=("+49 170 1234567",))
    second = Person(name="J.", phones=("0170/1234567",))
    # Then they are a pair by the same phone
    assert _pairs(first, second, region="DE") == {
        frozenset({"Jürgen Müller", "J."}): (DuplicateReason.SAME_PHONE,)
    }
    # And with no known country, the same national number is a weaker pair
    assert _pairs(first, second, region="") == {
        frozenset({"Jürgen Müller", "J."}): (DuplicateReason.SAME_NATIONAL_NUMBER,)
    }


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("+31 6 12345678", "+33 6 12 34 56 78"),
        ("+33 6 12 34 56 78", "+34 612 34 56 78"),
        ("+31 6 12345678", "+34 612 34 56 78"),
        ("+1 212 555 0100", "+1 312 555 0100"),
    ],
)
def test_numbers_that_only_end_alike_are_no_pair(first: str, second: str) -> None:
    # Given two people whose numbers share their last nine digits, in two countries or areas
    one = Person(name="Daan de Vries", phones=(first,))
    other = Person(name="Élodie Martin", phones=(second,))
    # Then the finder does not offer them as duplicates
    assert _pairs(one, other, region="DE") == {}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Jon Smith", "John Smith"),
        ("Müller, Jürgen", "Jurgen Muller"),
        ("Anna Schmidt", "anna  schmidt"),
        ("Zoë Ångström", "Zoe Angstrom"),
    ],
)
def test_very_similar_names_are_a_pair(first: str, second: str) -> None:
    found = _pairs(Person(name=first), Person(name=second))
    assert found == {frozenset({first, second}): (DuplicateReason.SIMILAR_NAME,)}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Anna Schmidt", "Anna Weber"),
        ("John Smith", "John Miller"),
        ("Chris Lee", "Chris Li"),
        ("Maria Garcia", "Mario Garcia Lopez"),
        ("Anna", "Anna"),
        ("Alex Kim", "Alex Park"),
    ],
)
def test_different_people_with_common_names_are_not_a_pair(first: str, second: str) -> None:
    assert _pairs(Person(name=first), Person(name=second)) == {}


def test_several_reasons_rank_above_one_and_email_above_name() -> None:
    # Given one pair sharing email and name, one sharing a phone, one a similar name
    both = [Person(name="Ada Lovelace", emails=("ada@x.org",)) for _ in range(2)]
    phone = [Person(name=name, phones=("+44 20 7946 0018",)) for name in ("Bob", "Robert")]
    name = [Person(name=name) for name in ("Grace Hopper", "Grace Hoper")]
    # When pairs are found
    pairs = find_duplicates([*name, *phone, *both])
    # Then they come strongest first, each with its reasons
    assert [pair.reasons for pair in pairs] == [
        (DuplicateReason.SAME_EMAIL, DuplicateReason.SIMILAR_NAME),
        (DuplicateReason.SAME_PHONE,),
        (DuplicateReason.SIMILAR_NAME,),
    ]
    assert pairs[0].score > pairs[1].score > pairs[2].score


def test_dismissed_pairs_are_left_out_whichever_way_round() -> None:
    first, second = Person(name="Jon Smith"), Person(name="John Smith")
    assert find_duplicates([first, second], dismissed=[pair_key(second.id, first.id)]) == []


def test_a_shared_switchboard_number_does_not_pair_everyone() -> None:
    # Given forty colleagues who all list the office's number
    people = [Person(name=f"Colleague {n}", phones=("+49 30 1234567",)) for n in range(40)]
    # Then the number makes no pairs (it is not theirs alone)
    assert find_duplicates(people) == []


def test_ten_thousand_people_the_planted_pair_is_found() -> None:
    # Given 10,000 people with common first names and a few planted duplicates
    generator = random.Random(8)
    firsts = ["Anna", "John", "Maria", "Chris", "Lukas", "Sarah", "David", "Emma", "Paul", "Lea"]
    people = [
        Person(
            name=f"{generator.choice(firsts)} {generator.choice('BCDFGKLMNPRSTVW')}"
            + "".join(generator.choice("aeiounrstl") for _ in range(7)),
            emails=(f"person{number}@example.org",),
            phones=(f"+49 170 {number:07d}",),
        )
        for number in range(10_000)
    ]
    people.append(Person(name="Someone Else", emails=("PERSON17@example.org",)))
    # When duplicates are looked for
    pairs = find_duplicates(people)
    # Then the planted pair is found (the time it takes is a `make bench` row: duplicates)
    assert any(pair.key == pair_key(people[17].id, people[-1].id) for pair in pairs)


def test_the_same_link_over_http_and_https_counts_once() -> None:
    # Given one LinkedIn profile written three ways / Then they compare as the same link
    assert (
        link_key("http://www.linkedin.com/in/analopez")
        == link_key("https://linkedin.com/in/analopez/")
        == link_key(" HTTPS://www.LinkedIn.com/in/analopez ")
    )
    assert link_key("https://example.org/a") != link_key("https://example.org/b")
