"""A follow-up message names where we met and what I promised; mailto keeps every character."""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from companion.domain.events import Event
from companion.domain.people import Encounter, Person, Promise, PromiseStatus
from companion.services.prepare.follow_up_message import (
    FollowUpError,
    FollowUpMessage,
    follow_up_message,
    mailto_url,
)
from companion.storage.store import Store


def _ada(store: Store, *texts: str, met_at_event: bool = True) -> tuple[Person, list[Promise]]:
    ada = Person(name="Ada Lovelace", emails=("ada@example.org",), first_met=date(2026, 3, 2))
    store.people.put(ada)
    if met_at_event:
        early = Event(title="Robotics meetup", start=datetime(2026, 1, 10, 18, tzinfo=UTC))
        late = Event(title="Python night", start=datetime(2026, 3, 14, 18, tzinfo=UTC))
        for event, day in ((early, date(2026, 1, 10)), (late, date(2026, 3, 14))):
            store.events.put(event)
            store.encounters.put(Encounter(person_id=ada.id, on=day, event_id=event.id))
    promises = [Promise(person_id=ada.id, text=text, created=date(2026, 3, 14)) for text in texts]
    for promise in promises:
        store.promises.put(promise)
    return ada, promises


def test_the_message_names_the_latest_event_and_the_promise(core_store: Store) -> None:
    # Given Ada, met at two events, with one open promise
    ada, [promise] = _ada(core_store, "Send the Babbage paper")
    # When a follow-up is written about it
    message = follow_up_message(core_store, ada.id, promise_id=promise.id, locale="en")
    # Then it greets her by first name, names the latest event and day, and the promise
    assert message.to == "ada@example.org"
    assert message.subject == "As promised: Send the Babbage paper"
    assert message.body.splitlines()[:5] == [
        "Hi Ada,",
        "",
        "it was good to meet you at Python night on March 14, 2026.",
        "",
        "As promised: Send the Babbage paper",
    ]


def test_without_a_chosen_promise_every_open_one_is_listed(core_store: Store) -> None:
    ada, _promises = _ada(core_store, "An intro to Grace", "The loom diagrams")
    core_store.promises.put(Promise(person_id=ada.id, text="Old", status=PromiseStatus.DONE))
    message = follow_up_message(core_store, ada.id, locale="en")
    assert message.subject == "The 2 things I promised"
    assert "As promised:\n- An intro to Grace\n- The loom diagrams" in message.body
    assert "Old" not in message.body


def test_without_an_event_the_first_met_day_or_nothing_is_named(core_store: Store) -> None:
    ada, _promises = _ada(core_store, met_at_event=False)
    message = follow_up_message(core_store, ada.id, locale="en")
    assert "it was good to meet you on March 2, 2026." in message.body
    assert message.subject == "Good to meet you"


def test_unknown_people_and_promises_say_so(core_store: Store) -> None:
    ada, _promises = _ada(core_store)
    with pytest.raises(FollowUpError, match="no person"):
        follow_up_message(core_store, "nobody")
    with pytest.raises(FollowUpError, match="no promise"):
        follow_up_message(core_store, ada.id, promise_id="nothing")


def test_mailto_keeps_line_breaks_ampersands_and_umlauts() -> None:
    message = FollowUpMessage(to="zoë@example.org", subject="Tom & Jerry?", body="Hi Zoë,\n\nä&ö=1")
    url = mailto_url(message)
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "zoë@example.org"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Tom & Jerry?"]
    assert query["body"] == ["Hi Zoë,\n\nä&ö=1"]
