"""The GUI thread's share of a round kept small: the server's cards are read by the exchange
(a worker thread), matched against the store as it is when written, and a big calendar answer
is written in slices with the status last (against a real Radicale)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion.domain.events import EventStatus
from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount
from companion.remote.dav_discovery import new_dav_session
from companion.services.sync import sync_apply
from companion.services.sync.sync_accounts import add_account
from companion.services.sync.sync_calendar import (
    EVENT,
    apply_calendar,
    exchange_calendar,
    plan_calendar,
)
from companion.services.sync.sync_outgoing import draw_cards
from companion.services.sync.sync_round import apply_round, exchange, plan_round
from companion.storage.store import Store
from companion.ui.sync.apply_slices import slices
from tests.support.dav_phone import Phone
from tests.support.radicale_server import PASSWORD, USER, RadicaleServer, running_radicale

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    with running_radicale(tmp_path) as (server, _allowed):
        server.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
        server.add_collection(f"{USER}/calendar", tag="VCALENDAR", name="Calendar")
        yield server


@pytest.fixture
def account(core_store: Store, radicale: RadicaleServer) -> SyncAccount:
    added, _changes = add_account(
        core_store, "Phone", url=radicale.url, user=USER, password=PASSWORD, now=NOW
    )
    return added


def card(uid: str, name: str, *extra: str) -> str:
    return "\n".join(["BEGIN:VCARD", "VERSION:3.0", f"UID:{uid}", f"FN:{name}", *extra,
                      "END:VCARD"])  # fmt: skip


def event_text(uid: str, title: str, day: int) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20270201T000000Z\r\nDTSTART:202703{day:02d}T180000Z\r\n"
        f"SUMMARY:{title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def put_event(url: str, text: str) -> None:
    session = new_dav_session(USER, PASSWORD)
    try:
        session.put(url, data=text.encode(), headers={"Content-Type": "text/calendar"})
    finally:
        session.close()


def test_given_cards_on_the_phone_when_exchanged_then_the_worker_reads_them_and_apply_does_not(
    core_store: Store, account: SyncAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given two cards on the phone
    phone = Phone(account.address_book)
    phone.put("ana.vcf", card("ana-1", "Ana López", "EMAIL:ana@example.org"))
    phone.put("ben.vcf", card("ben-1", "Ben Okafor", "CATEGORIES:Climbing"))
    # When the exchange runs (the worker's step)
    exchanged = exchange(plan_round(core_store, account, now=NOW))
    # Then it has read every card it pulled, into the person each makes
    assert len(exchanged.read) == len(exchanged.pulled) == 2
    assert sorted(read.person.name for read in exchanged.read if read.person) == [
        "Ana López",
        "Ben Okafor",
    ]

    # And applying (the GUI thread's step) reads no card again
    def no_reading(*_args: object) -> None:
        raise AssertionError("a card was read on the store's thread")

    monkeypatch.setattr(sync_apply, "read_card", no_reading)
    summary, _changes = apply_round(core_store, exchanged, now=NOW)
    assert summary.problem == "" and summary.people_in == 2
    people = {person.name: person for person in core_store.people}
    assert set(people) == {"Ana López", "Ben Okafor"}
    # And the card's category became the catalogue's interest, as an import makes it
    assert people["Ben Okafor"].interests


def test_given_someone_added_here_during_the_exchange_when_applied_then_their_card_is_them(
    core_store: Store, account: SyncAccount
) -> None:
    # Given a card on the phone and a round that read it on the worker
    phone = Phone(account.address_book)
    phone.put("ana.vcf", card("ana-1", "Ana López", "EMAIL:ana@example.org"))
    exchanged = exchange(plan_round(core_store, account, now=NOW))
    # When the user adds the same person here before the round is written
    core_store.people.put(Person(name="Ana López", emails=("ana@example.org",)))
    apply_round(core_store, exchanged, now=NOW)
    # Then the card is matched against the store as it is now: one Ana, linked to the card
    [ana] = core_store.people.all()
    [status] = [row for row in core_store.synced_cards.all() if row.account_id == account.id]
    assert status.person_id == ana.id


def _calendar_exchange(store: Store, account_id: str, now: datetime):  # type: ignore[no-untyped-def]
    current = store.sync_accounts.get(account_id)
    assert current is not None
    plan = plan_calendar(store, current, now=now)
    session = new_dav_session(USER, PASSWORD)
    try:
        return exchange_calendar(plan, session)
    finally:
        session.close()


def _event_rows(store: Store) -> list[str]:
    return [row.href for row in store.synced_calendar_items.all() if row.kind == EVENT]


def test_given_many_events_when_written_in_slices_then_all_come_in_once_and_the_status_last(
    core_store: Store, account: SyncAccount, radicale: RadicaleServer
) -> None:
    # Given seven events on the server
    calendar = f"{radicale.url}{USER}/calendar/"
    for day in range(1, 8):
        put_event(f"{calendar}e{day}.ics", event_text(f"e-{day}", f"Meetup {day}", day))
    exchanged = _calendar_exchange(core_store, account.id, NOW)
    # When the answer is cut in slices of three events
    parts = exchanged.slices(3)
    assert len(parts) == 4
    events_in = 0
    for number, part in enumerate(parts):
        outcome = apply_calendar(core_store, part, now=NOW)
        assert outcome.problem == ""
        events_in += outcome.events_in
        if number < len(parts) - 1:
            # Then no status is written before every event is (a round stopped here reads
            # them again, and the import's UID dedup finds them)
            assert _event_rows(core_store) == []
    # Then every event came in once, with its status
    assert events_in == 7
    assert sorted(event.title for event in core_store.events) == [
        f"Meetup {d}" for d in range(1, 8)
    ]
    assert len(_event_rows(core_store)) == 7
    # And the next round brings nothing
    again = _calendar_exchange(core_store, account.id, LATER)
    assert apply_calendar(core_store, again, now=LATER).events_in == 0


def test_given_an_event_edited_here_between_slices_then_the_edit_stays_and_nothing_doubles(
    core_store: Store, account: SyncAccount, radicale: RadicaleServer
) -> None:
    # Given one event already synced, then six more and its new title on the server
    calendar = f"{radicale.url}{USER}/calendar/"
    put_event(f"{calendar}e1.ics", event_text("e-1", "Meetup 1", 1))
    apply_calendar(core_store, _calendar_exchange(core_store, account.id, NOW), now=NOW)
    put_event(f"{calendar}e1.ics", event_text("e-1", "Meetup 1 (moved)", 1))
    for day in range(2, 8):
        put_event(f"{calendar}e{day}.ics", event_text(f"e-{day}", f"Meetup {day}", day))
    parts = _calendar_exchange(core_store, account.id, LATER).slices(2)
    # When the first slice is written and the user answers "going" before the next
    apply_calendar(core_store, parts[0], now=LATER)
    [first] = [event for event in core_store.events if event.source_uid == "e-1"]
    core_store.events.put(dataclasses.replace(first, status=EventStatus.GOING))
    for part in parts[1:]:
        apply_calendar(core_store, part, now=LATER)
    # Then the answer stays, the server's title came in, and every event is here once
    [after] = [event for event in core_store.events if event.source_uid == "e-1"]
    assert (after.title, after.status) == ("Meetup 1 (moved)", EventStatus.GOING)
    assert sorted(event.source_uid for event in core_store.events) == [
        f"e-{day}" for day in range(1, 8)
    ]
    assert len(_event_rows(core_store)) == 7


def test_given_a_round_in_slices_then_no_slice_reads_everyone_for_matching(
    core_store: Store, account: SyncAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given three cards on the phone and someone here not on the phone
    core_store.people.put(Person(name="Dora Ilić", emails=("dora@example.org",)))
    phone = Phone(account.address_book)
    for name in ("Ana", "Ben", "Carla"):
        phone.put(f"{name}.vcf", card(f"{name}-1", name, f"EMAIL:{name}@example.org"))
    exchanged = exchange(plan_round(core_store, account, now=NOW))
    built: list[object] = []
    original = sync_apply.PeopleIndex

    def counted(*args: object, **options: object) -> object:
        built.append(args)
        return original(*args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_apply, "PeopleIndex", counted)
    # When the round is written one card a slice, nothing else changing in between
    for part in slices(exchanged, size=1):
        apply_round(core_store, part, now=NOW)
    # Then no slice built the matcher (the exchange did, on the worker), and everyone is here once
    assert built == []
    assert len(exchanged.matcher) == 0  # taken by the first slice, handed on from slice to slice
    assert sorted(person.name for person in core_store.people) == [
        "Ana",
        "Ben",
        "Carla",
        "Dora Ilić",
    ]


def test_given_someone_added_here_between_slices_then_the_next_slice_matches_them(
    core_store: Store, account: SyncAccount
) -> None:
    # Given two cards on the phone, written one a slice
    phone = Phone(account.address_book)
    phone.put("a.vcf", card("ana-1", "Ana", "EMAIL:ana@example.org"))
    phone.put("b.vcf", card("ben-1", "Ben Okafor", "EMAIL:ben@example.org"))
    exchanged = exchange(plan_round(core_store, account, now=NOW))
    parts = slices(exchanged, size=1)
    apply_round(core_store, parts[0], now=NOW)
    # When the user adds the second card's person here before the next slice
    added = {person.name for person in core_store.people}
    missing = "Ben Okafor" if "Ana" in added else "Ana"
    email = "ben@example.org" if missing == "Ben Okafor" else "ana@example.org"
    core_store.people.put(Person(name=missing, emails=(email,)))
    apply_round(core_store, parts[1], now=NOW)
    # Then that card is them (the store as it is now), not a second copy
    assert sorted(person.name for person in core_store.people) == ["Ana", "Ben Okafor"]


def test_a_round_hashes_only_the_people_changed_since_the_last_one(
    core_store: Store, account: SyncAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given three people, synced once
    from companion.services.sync import sync_fingerprints

    for name in ("Ada Lovelace", "Grace Hopper", "Emmy Noether"):
        core_store.people.put(Person(name=name))
    apply_round(core_store, exchange(plan_round(core_store, account, now=NOW)), now=NOW)
    hashed: list[str] = []
    real = sync_fingerprints.fingerprint

    def counting(document: object, context: str) -> str:
        hashed.append(str(getattr(document, "get", lambda _key: "")("name")))
        return real(document, context)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_fingerprints, "fingerprint", counting)
    draw_cards(plan_round(core_store, account, now=LATER))
    hashed.clear()
    # When one of them is edited and the next round's cards are drawn
    grace = next(person for person in core_store.people if person.name == "Grace Hopper")
    core_store.people.put(dataclasses.replace(grace, organization="Navy"))
    plan = draw_cards(plan_round(core_store, account, now=LATER))
    # Then only she is hashed again, and only her card goes out
    assert hashed == ["Grace Hopper"]
    assert [card.person_id for card in plan.outgoing] == [grace.id]


def test_the_plan_draws_no_card_and_hashes_nobody_the_exchange_does(
    core_store: Store, account: SyncAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given three people never sent, and one left out of the account
    from companion.services.sync import sync_cards, sync_fingerprints, sync_outgoing

    for name in ("Ada Lovelace", "Grace Hopper", "Emmy Noether"):
        core_store.people.put(Person(name=name))
    core_store.people.put(Person(name="Left Out", removed_from=(account.name,)))

    def not_here(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a card was drawn or hashed on the store's thread")

    # When the round is planned (the GUI thread's step)
    with monkeypatch.context() as patched:
        for module in (sync_cards, sync_fingerprints, sync_outgoing):
            for name in ("render", "fingerprint"):
                if hasattr(module, name):
                    patched.setattr(module, name, not_here)
        plan = plan_round(core_store, account, now=NOW)
    # Then nothing was drawn there; the exchange draws and sends the three, not the fourth
    assert plan.outgoing == ()
    summary, _changes = apply_round(core_store, exchange(plan), now=NOW)
    assert summary.problem == "" and summary.people_out == 3
    names = sorted(
        line[3:] for text in Phone(account.address_book).cards().values()
        for line in text.split("\r\n") if line.startswith("FN:")
    )  # fmt: skip
    assert names == ["Ada Lovelace", "Emmy Noether", "Grace Hopper"]


def test_someone_new_edited_during_their_first_round_goes_out_as_edited_next_round(
    core_store: Store, account: SyncAccount
) -> None:
    # Given someone new here, and a round planned with them
    ada = Person(name="Ada Lovelace", job_title="Analyst")
    core_store.people.put(ada)
    plan = plan_round(core_store, account, now=NOW)
    # When the user edits them while the exchange runs, and the round is written
    core_store.people.put(dataclasses.replace(ada, job_title="Countess"))
    exchanged = exchange(plan)
    for part in slices(exchanged):
        apply_round(core_store, part, now=NOW)
    # Then the edit is kept here and goes out with the next round
    assert core_store.people.get(ada.id).job_title == "Countess"  # type: ignore[union-attr]
    summary, _changes = apply_round(
        core_store, exchange(plan_round(core_store, account, now=LATER)), now=LATER
    )
    assert summary.people_out == 1
    _href, text = Phone(account.address_book).card_named("Ada Lovelace")
    assert "\r\nTITLE:Countess\r\n" in text


def test_a_first_round_out_written_in_slices_records_every_card_once(
    core_store: Store, account: SyncAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given 25 people never sent, and slices of at most 10 cards sent
    from companion.ui.sync import apply_slices

    monkeypatch.setattr(apply_slices, "SENT_SLICE", 10)
    core_store.people.put_many([Person(name=f"Person {n:02d}") for n in range(25)])
    exchanged = exchange(plan_round(core_store, account, now=NOW))
    # When the round is written as the window writes it
    parts = slices(exchanged, sent_size=apply_slices.SENT_SLICE)
    for part in parts:
        apply_round(core_store, part, now=NOW)
    # Then each send was recorded in its own small slice, and the next round sends nothing
    assert [len(part.sent) for part in parts if part.sent] == [10, 10, 5]
    assert len(core_store.synced_cards) == 25
    again = exchange(plan_round(core_store, account, now=LATER))
    assert again.sent == () and again.pulled == ()
    assert len(Phone(account.address_book).hrefs()) == 25
