"""Validation of every domain record: bad values are refused with a clear message and field."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from companion.domain.errors import ValidationError
from companion.domain.events import Event, PrepPlan, Reflection
from companion.domain.interests import Interest
from companion.domain.openers import MAX_OPENER_LENGTH, Opener, OpenerStage
from companion.domain.people import Encounter, FollowUp, Person, Promise
from companion.domain.profile import OfferItem, OfferKind, Profile
from companion.domain.validation import MAX_NAME_LENGTH, MAX_TEXT_LENGTH

START = datetime(2024, 5, 4, 18, 0, tzinfo=UTC)


# --- Person -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_person_without_a_name_is_refused(name: str) -> None:
    # Given a name that is empty or only whitespace
    # When a person is created with it
    with pytest.raises(ValidationError) as caught:
        Person(name=name)
    # Then the message says a name is needed, for the name field
    assert str(caught.value) == "A person needs a name."
    assert caught.value.field == "name"


def test_person_name_is_stripped() -> None:
    # Given a name with surrounding spaces / When a person is created
    person = Person(name="  Ada Lovelace \n")
    # Then the spaces are gone
    assert person.name == "Ada Lovelace"


def test_person_name_longer_than_the_limit_is_refused() -> None:
    # Given a name one character over the limit
    too_long = "x" * (MAX_NAME_LENGTH + 1)
    # When a person is created with it
    with pytest.raises(ValidationError) as caught:
        Person(name=too_long)
    # Then the message gives the length and the maximum
    assert caught.value.field == "name"
    assert f"{MAX_NAME_LENGTH + 1} characters" in str(caught.value)
    assert f"at most {MAX_NAME_LENGTH}" in str(caught.value)


def test_person_name_at_the_limit_is_accepted() -> None:
    assert len(Person(name="x" * MAX_NAME_LENGTH).name) == MAX_NAME_LENGTH


@pytest.mark.parametrize("email", ["no-at-sign", "@example.org", "ada@", "@"])
def test_person_with_a_bad_email_is_refused(email: str) -> None:
    # Given an email address without a local part, a domain, or an @
    # When a person is created with it
    with pytest.raises(ValidationError) as caught:
        Person(name="Ada", emails=(email,))
    # Then the message quotes the address
    assert caught.value.field == "emails"
    assert f"“{email}” is not an email address." == str(caught.value)


def test_person_contact_lists_are_cleaned() -> None:
    # Given lists with blanks, padding and repeats
    person = Person(
        name="Ada",
        emails=(" ada@example.org ", "", "ada@example.org", "a@b.c"),
        phones=("  ", "+44 1"),
        tags=("x", "x", " y "),
    )
    # Then blanks and repeats are dropped and the order is kept
    assert person.emails == ("ada@example.org", "a@b.c")
    assert person.phones == ("+44 1",)
    assert person.tags == ("x", "y")


@pytest.mark.parametrize("field_name", ["working_on", "looking_for", "notes"])
def test_person_text_over_the_limit_is_refused(field_name: str) -> None:
    # Given a text one character over the limit / When a person is created
    with pytest.raises(ValidationError) as caught:
        too_long: dict[str, Any] = {field_name: "n" * (MAX_TEXT_LENGTH + 1)}
        Person(name="Ada", **too_long)
    # Then the field is named
    assert caught.value.field == field_name
    assert "too long" in str(caught.value)


def test_validation_error_is_a_value_error_with_its_message() -> None:
    # Given a refused record / Then callers catching ValueError see the message
    with pytest.raises(ValueError, match="A person needs a name"):
        Person(name="")


# --- Event ------------------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["", "  "])
def test_event_without_a_title_is_refused(title: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Event(title=title, start=START)
    assert str(caught.value) == "An event needs a title."
    assert caught.value.field == "title"


def test_event_title_over_300_characters_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Event(title="t" * 301, start=START)
    assert caught.value.field == "title"


def test_event_ending_before_it_starts_is_refused() -> None:
    # Given an end one minute before the start
    # When the event is created
    with pytest.raises(ValidationError) as caught:
        Event(title="Game night", start=START, end=START - timedelta(minutes=1))
    # Then the message says so, for the end field
    assert str(caught.value) == "The event cannot end before it starts."
    assert caught.value.field == "end"


def test_event_end_compares_across_time_zones() -> None:
    # Given an end written in another zone that is the same instant plus an hour
    tokyo = timezone(timedelta(hours=9))
    end = (START + timedelta(hours=1)).astimezone(tokyo)
    # When the event is created / Then it is accepted (the wall clock looks "earlier" in no zone)
    event = Event(title="Talk", start=START, end=end)
    assert event.end == end


def test_event_may_end_when_it_starts() -> None:
    assert Event(title="Flash", start=START, end=START).end == START


@pytest.mark.parametrize("field_name", ["start", "end"])
def test_event_with_a_naive_time_is_refused(field_name: str) -> None:
    # Given a datetime without a time zone in start or end
    naive = datetime(2024, 5, 4, 20, 0)
    values: dict[str, Any] = {"start": START, "end": START + timedelta(hours=3)}
    values[field_name] = naive
    # When the event is created
    with pytest.raises(ValidationError) as caught:
        Event(title="Game night", **values)
    # Then the message asks for a time zone, for that field
    assert str(caught.value) == "A time needs a time zone."
    assert caught.value.field == field_name


@pytest.mark.parametrize(
    "url",
    ["example.org", "ftp://example.org/x", "https://", "javascript:alert(1)", "https://a b.org"],
)
def test_event_with_a_bad_url_is_refused(url: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Event(title="Talk", start=START, url=url)
    assert caught.value.field == "url"
    assert "is not a web address" in str(caught.value)
    assert url.strip() in str(caught.value)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("", ""),
        ("   ", ""),
        (" https://example.org/e ", "https://example.org/e"),
        ("http://example.org", "http://example.org"),
    ],
)
def test_event_url_is_cleaned(given: str, stored: str) -> None:
    assert Event(title="Talk", start=START, url=given).url == stored


def test_event_description_over_the_limit_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Event(title="Talk", start=START, description="d" * (MAX_TEXT_LENGTH + 1))
    assert caught.value.field == "description"


def test_event_has_ended_uses_the_end_or_else_the_start() -> None:
    # Given an event with an end and one without
    with_end = Event(title="Long", start=START, end=START + timedelta(hours=2))
    without_end = Event(title="Point", start=START)
    one_hour_later = START + timedelta(hours=1)
    # Then only the one without an end has ended an hour after the start
    assert not with_end.has_ended(one_hour_later)
    assert without_end.has_ended(one_hour_later)
    assert with_end.has_ended(START + timedelta(hours=2))


@pytest.mark.parametrize("rating", [0, 6, -1, 100])
def test_reflection_out_of_range_is_refused(rating: int) -> None:
    with pytest.raises(ValidationError) as caught:
        Reflection(felt_natural=rating)
    assert str(caught.value) == "Rate how natural it felt from 1 to 5."
    assert caught.value.field == "felt_natural"


@pytest.mark.parametrize("rating", [1, 3, 5])
def test_reflection_in_range_is_accepted(rating: int) -> None:
    assert Reflection(felt_natural=rating, note=" ok ").note == "ok"


def test_prep_plan_cleans_its_lists_and_limits_the_intention() -> None:
    plan = PrepPlan(opener_ids=("a", "a", " "), offer_notes=(" help ",), intention="  be kind ")
    assert plan.opener_ids == ("a",)
    assert plan.offer_notes == ("help",)
    assert plan.intention == "be kind"
    with pytest.raises(ValidationError) as caught:
        PrepPlan(intention="i" * 501)
    assert caught.value.field == "intention"


# --- Opener -----------------------------------------------------------------------------------


def test_opener_without_words_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Opener(text="  ", stage=OpenerStage.OPEN)
    assert str(caught.value) == "An opener needs some words."
    assert caught.value.field == "text"


def test_opener_longer_than_one_breath_is_refused() -> None:
    # Given a text one character over the opener limit
    # When the opener is created
    with pytest.raises(ValidationError) as caught:
        Opener(text="w" * (MAX_OPENER_LENGTH + 1), stage=OpenerStage.GO_DEEPER)
    # Then the message gives the maximum
    assert str(caught.value) == (
        f"An opener should fit in one breath: at most {MAX_OPENER_LENGTH} characters."
    )


def test_opener_at_the_limit_is_accepted() -> None:
    assert len(Opener(text="w" * MAX_OPENER_LENGTH, stage=OpenerStage.CLOSE).text) == 400


@pytest.mark.parametrize(("used", "landed"), [(-1, 0), (0, -1), (1, 2)])
def test_opener_with_inconsistent_usage_is_refused(used: int, landed: int) -> None:
    with pytest.raises(ValidationError) as caught:
        Opener(text="Hi", stage=OpenerStage.OPEN, used=used, landed=landed)
    assert caught.value.field == "used"


# --- Interest ---------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["", "Board-Games", "board games", "-x", "x-", "a--b", "é"])
def test_interest_with_a_bad_slug_is_refused(slug: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Interest(slug=slug, label="Board games")
    assert caught.value.field == "slug"
    assert f"“{slug}”" in str(caught.value)


def test_interest_without_a_label_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Interest(slug="go", label=" ")
    assert str(caught.value) == "An interest needs a name."


def test_interest_label_over_80_characters_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Interest(slug="go", label="g" * 81)
    assert caught.value.field == "label"


# --- Encounter, Offer, Profile ----------------------------------------------------------------


def test_encounter_without_a_person_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Encounter(person_id="", on=date(2024, 1, 1))
    assert str(caught.value) == "An encounter needs a person."


def test_encounter_note_over_the_limit_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Encounter(person_id="p", on=date(2024, 1, 1), note="n" * (MAX_TEXT_LENGTH + 1))
    assert caught.value.field == "note"


def test_promise_needs_a_person_and_a_text() -> None:
    with pytest.raises(ValidationError) as no_person:
        Promise(person_id="", text="Send the book")
    with pytest.raises(ValidationError) as no_text:
        Promise(person_id="p", text="   ")
    assert str(no_person.value) == "A promise needs a person."
    assert str(no_text.value) == "Say what you promised."


def test_promise_text_over_2000_characters_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Promise(person_id="p", text="o" * 2001)
    assert caught.value.field == "text"


def test_offer_item_needs_a_text() -> None:
    with pytest.raises(ValidationError) as caught:
        OfferItem(kind=OfferKind.TIME, text="")
    assert str(caught.value) == "Say what you can offer."


def test_profile_cleans_its_interests() -> None:
    assert Profile(interests=("go", " go ", "", "chess")).interests == ("go", "chess")


# --- Follow-up cadence ------------------------------------------------------------------------


@pytest.mark.parametrize("days", [0, -5, 3661])
def test_follow_up_cadence_out_of_range_is_refused(days: int) -> None:
    with pytest.raises(ValidationError) as caught:
        FollowUp(cadence_days=days)
    assert str(caught.value) == "A reconnect cadence must be between 1 day and 10 years."
    assert caught.value.field == "cadence_days"


@pytest.mark.parametrize("days", [1, 3660])
def test_follow_up_cadence_at_the_bounds_is_accepted(days: int) -> None:
    assert FollowUp(cadence_days=days).cadence_days == days


def test_records_are_immutable() -> None:
    person = Person(name="Ada")
    with pytest.raises(AttributeError):
        person.name = "Grace"  # type: ignore[misc]


def test_new_records_get_distinct_opaque_ids() -> None:
    ids = {Person(name="Ada").id for _ in range(50)}
    assert len(ids) == 50
    assert all(len(record_id) == 32 and record_id.isalnum() for record_id in ids)
