"""The codec: every record survives a trip to a JSON document and back, unchanged."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
import pytest

from companion.domain.events import Event, EventStatus, Reflection
from companion.domain.interests import Interest
from companion.domain.openers import Opener
from companion.domain.people import Encounter, Person, Promise
from companion.domain.profile import Profile
from companion.storage.codec import DecodeError, from_document, to_document, to_full_document

RECORD_TABLES = ["interests", "openers", "events", "people", "encounters", "offers"]


def _all_records(records: dict[str, Any]) -> list[Any]:
    flat: list[Any] = [records["profile"]]
    for table in RECORD_TABLES:
        flat.extend(records[table])
    return flat


def test_every_record_type_round_trips_through_json(core_records: dict[str, Any]) -> None:
    for record in _all_records(core_records):
        # Given a record encoded to a document and through real JSON bytes
        document = orjson.loads(orjson.dumps(to_document(record)))
        # When it is decoded again
        decoded = from_document(type(record), document)
        # Then it equals the original, nested parts included
        assert decoded == record, type(record).__name__


def test_aware_datetimes_keep_their_offset(core_records: dict[str, Any]) -> None:
    # Given an event at 19:00 in UTC+2
    event: Event = core_records["events"][0]
    # When encoded
    document = to_document(event)
    # Then the offset is in the ISO text and comes back
    assert document["start"] == "2024-06-01T19:00:00+02:00"
    decoded = from_document(Event, document)
    assert decoded.start.utcoffset() == event.start.utcoffset()
    assert decoded.start == event.start


def test_documents_hold_plain_json_values(core_records: dict[str, Any]) -> None:
    # Given the richest event and person
    event_doc = to_document(core_records["events"][0])
    person_doc = to_document(core_records["people"][0])
    # Then enums are stored by value, tuples as lists, nested records as objects
    assert event_doc["status"] == "attended"
    assert event_doc["prep"]["offer_notes"] == ["Teach Go to beginners"]
    assert event_doc["reflection"] == {"felt_natural": 4, "note": "Easy to talk over a game."}
    assert person_doc["first_met"] == "2024-06-01"
    assert person_doc["follow_up"] == {"next_date": "2024-07-01", "cadence_days": 30}


def test_none_values_round_trip(core_records: dict[str, Any]) -> None:
    # Given an event without end or reflection and a person without dates
    online_event: Event = core_records["events"][1]
    plain: Person = core_records["people"][1]
    event_doc = to_document(online_event)
    assert "end" not in event_doc  # None is their default: left out
    assert "reflection" not in event_doc
    assert to_full_document(online_event)["reflection"] is None
    # When decoded / Then the Nones come back as None
    assert from_document(Event, event_doc).reflection is None
    assert from_document(Person, to_document(plain)).follow_up is None


def test_missing_optional_fields_take_their_defaults() -> None:
    person = from_document(Person, {"name": "Ada", "id": "p1"})
    assert person == Person(name="Ada", id="p1")


def test_unknown_keys_are_ignored() -> None:
    person = from_document(Person, {"name": "Ada", "id": "p1", "added_by_a_newer_app": [1, 2]})
    assert person.name == "Ada"


def _reason(cls: type[Any], document: Any) -> str:
    with pytest.raises(DecodeError) as caught:
        from_document(cls, document)
    return str(caught.value)


@pytest.mark.parametrize(
    ("cls", "document", "field_name"),
    [
        (Person, {"name": 5}, "name"),
        (Person, {"name": "Ada", "emails": "ada@example.org"}, "emails"),
        (Person, {"name": "Ada", "emails": [1]}, "emails"),
        (Person, {"name": "Ada", "first_met": "yesterday"}, "first_met"),
        (Person, {"name": "Ada", "first_met": 20240101}, "first_met"),
        (Event, {"title": "T", "start": "not a time"}, "start"),
        (Event, {"title": "T", "start": "2024-01-01T10:00:00+00:00", "status": "maybe"}, "status"),
        (Event, {"title": "T", "start": "2024-01-01T10:00:00+00:00", "online": "yes"}, "online"),
        (Reflection, {"felt_natural": "4"}, "felt_natural"),
        (Reflection, {"felt_natural": True}, "felt_natural"),
        (Opener, {"text": "Hi", "stage": "shout"}, "stage"),
    ],
)
def test_decode_errors_name_the_field(cls: type[Any], document: Any, field_name: str) -> None:
    # Given a document with one field of the wrong type or value
    # When it is decoded / Then the error names that field
    assert f"field “{field_name}”" in _reason(cls, document)


def test_decode_error_in_a_nested_record_names_both_fields() -> None:
    document = {
        "title": "T",
        "start": "2024-01-01T10:00:00+00:00",
        "reflection": {"felt_natural": "great"},
    }
    reason = _reason(Event, document)
    assert "field “reflection”" in reason
    assert "field “felt_natural”" in reason


def test_decode_of_a_non_object_says_what_it_found() -> None:
    assert _reason(Person, ["Ada"]) == "expected an object, found list"


def test_decode_reports_validation_messages() -> None:
    # Given a naive start time and an empty name
    naive_event = {"title": "T", "start": "2024-01-01T10:00:00"}
    # Then the domain's own message comes through
    assert _reason(Event, naive_event) == "A time needs a time zone."
    assert _reason(Person, {"name": "  "}) == "A person needs a name."
    assert _reason(Promise, {"person_id": "p", "text": "x", "status": "later"}).startswith(
        "field “status”"
    )


def test_decode_reports_missing_required_fields() -> None:
    assert _reason(Encounter, {"person_id": "p"}).startswith("missing fields")
    assert _reason(Interest, {"slug": "go"}).startswith("missing fields")


def test_decode_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        from_document(Profile, {"interests": "go"})


def test_enum_values_decode_to_enum_members() -> None:
    event = from_document(
        Event, {"title": "T", "start": "2024-01-01T10:00:00-05:00", "status": "going"}
    )
    assert event.status is EventStatus.GOING
    assert event.start == datetime.fromisoformat("2024-01-01T15:00:00+00:00")
