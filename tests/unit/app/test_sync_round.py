"""Two-way people sync rounds against real CardDAV servers (Radicale and Xandikos): what comes
in, what goes out, conflicts, deletions on either side, and what never leaves the machine."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from companion.domain.people import Encounter, Person
from companion.domain.sync_accounts import SyncAccount
from companion.services.sync import sync_exchange
from companion.services.sync.sync_accounts import add_account, remove_account
from companion.services.sync.sync_round import (
    RoundSummary,
    apply_round,
    exchange,
    plan_round,
    run_round_here,
)
from companion.storage.store import Store
from tests.support.dav_phone import Phone
from tests.support.radicale_server import PASSWORD, USER, running_radicale
from tests.support.xandikos_server import running_xandikos

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
LATEST = NOW + timedelta(hours=2)


@pytest.fixture(params=["radicale", "xandikos"])
def server_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "radicale":
        with running_radicale(tmp_path) as (radicale, _allowed):
            radicale.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
            yield radicale.url
    else:
        with running_xandikos(tmp_path) as (xandikos, _allowed):
            yield xandikos.url


@pytest.fixture
def account(core_store: Store, server_url: str) -> SyncAccount:
    added, _changes = add_account(
        core_store, "Phone", url=server_url, user=USER, password=PASSWORD, now=NOW
    )
    return added


@pytest.fixture
def phone(account: SyncAccount) -> Phone:
    return Phone(account.address_book)


def sync(store: Store, account: SyncAccount, now: datetime = NOW) -> RoundSummary:
    summary, _changes = run_round_here(store, account, now=now)
    return summary


def by_name(store: Store) -> dict[str, Person]:
    return {person.name: person for person in store.people}


def phone_card(uid: str, name: str, *extra: str) -> str:
    return "\n".join(
        ["BEGIN:VCARD", "VERSION:3.0", f"UID:{uid}", f"FN:{name}", f"N:{name};;;;", *extra,
         "END:VCARD"]
    )  # fmt: skip


def test_given_people_on_both_sides_when_synced_first_then_each_side_has_everyone(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    # Given two people here and one made on the phone
    core_store.people.put_many([Person(name="Ana López"), Person(name="Ben Okafor")])
    phone.put("carla.vcf", phone_card("carla-1", "Carla Díaz", "TEL:+4917012345678"))
    # When the first round runs
    summary = sync(core_store, account)
    # Then Carla came in, Ana and Ben went out, and nothing went wrong
    assert (summary.people_in, summary.people_out, summary.problem) == (1, 2, "")
    assert set(by_name(core_store)) == {"Ana López", "Ben Okafor", "Carla Díaz"}
    assert by_name(core_store)["Carla Díaz"].phones == ("+4917012345678",)
    assert len(phone.hrefs()) == 3
    assert summary.text() == "Phone: 1 in, 2 out"
    # And a second round has nothing to do
    again = sync(core_store, account, LATER)
    assert (again.people_in, again.people_out) == (0, 0)


def test_given_a_synced_card_when_the_phone_edits_it_then_the_edit_comes_in(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    core_store.people.put(Person(name="Ana López", job_title="Engineer"))
    sync(core_store, account)
    href, text = phone.card_named("Ana López")
    phone.put(href, text.replace("TITLE:Engineer", "TITLE:Founder"))
    summary = sync(core_store, account, LATER)
    assert (summary.people_in, summary.people_out, summary.conflicts) == (1, 0, ())
    assert by_name(core_store)["Ana López"].job_title == "Founder"


def test_given_a_synced_person_when_edited_here_then_the_edit_goes_out(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    ana = Person(name="Ana López")
    core_store.people.put(ana)
    sync(core_store, account)
    core_store.people.put(dataclasses.replace(ana, emails=("ana@example.org",)))
    summary = sync(core_store, account, LATER)
    assert (summary.people_in, summary.people_out) == (0, 1)
    _href, text = phone.card_named("Ana López")
    assert "ana@example.org" in text


def test_given_both_sides_edited_when_synced_then_fields_merge_and_local_wins_with_history(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    # Given a synced person
    ana = Person(name="Ana López", job_title="Engineer", organization="Acme")
    core_store.people.put(ana)
    sync(core_store, account)
    # When the phone changes her title and organisation, and here her title and email
    href, text = phone.card_named("Ana López")
    phone.put(href, text.replace("TITLE:Engineer", "TITLE:CTO").replace("ORG:Acme", "ORG:Beta"))
    core_store.people.put(
        dataclasses.replace(ana, job_title="Founder", emails=("ana@example.org",))
    )
    summary = sync(core_store, account, LATER)
    # Then the organisation is the phone's, the email ours, and the title ours (a conflict)
    merged = by_name(core_store)["Ana López"]
    assert (merged.organization, merged.emails, merged.job_title) == (
        "Beta",
        ("ana@example.org",),
        "Founder",
    )
    assert summary.conflicts == ("Ana López",)
    # And the phone's title is kept in her history, and the server now agrees with us
    assert "CTO" in merged.notes and "Sync conflict" in merged.notes
    _href, text = phone.card_named("Ana López")
    assert "TITLE:Founder" in text and "ORG:Beta" in text and "ana@example.org" in text
    assert "Sync conflict" not in text  # the history is a private note


def test_given_a_card_deleted_on_the_phone_when_synced_then_the_person_stays_unlinked(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    ana = Person(name="Ana López", notes="Met at the climbing gym")
    core_store.people.put(ana)
    sync(core_store, account)
    href, _text = phone.card_named("Ana López")
    phone.delete(href)
    summary = sync(core_store, account, LATER)
    assert summary.removed_on_server == 1
    kept = core_store.people.get(ana.id)
    assert kept is not None and kept.notes == "Met at the climbing gym"
    assert kept.removed_from == ("Phone",)
    assert core_store.synced_cards.all() == []
    # And she is not sent back to the server the phone removed her from
    again = sync(core_store, account, LATEST)
    assert again.people_out == 0 and phone.hrefs() == {}


def test_given_a_person_deleted_here_when_synced_then_the_card_stays_until_allowed(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    ana = Person(name="Ana López")
    core_store.people.put(ana)
    sync(core_store, account)
    core_store.people.remove(ana.id)
    # Not asked yet: the card stays and the summary says so
    summary = sync(core_store, account, LATER)
    assert summary.kept_on_server == 1 and len(phone.hrefs()) == 1
    assert core_store.people.get(ana.id) is None  # and she does not come back
    # When the user allows deleting on this server
    stored = core_store.sync_accounts.get(account.id)
    assert stored is not None
    core_store.sync_accounts.put(dataclasses.replace(stored, delete_on_server=True))
    summary = sync(core_store, account, LATEST)
    assert (summary.deleted_on_server, summary.kept_on_server) == (1, 0)
    assert phone.hrefs() == {} and core_store.synced_cards.all() == []
    # And the summary says we deleted it there, not that the server removed it
    assert summary.removed_on_server == 0
    assert summary.text() == "Phone: 0 in, 0 out, 1 deleted there too"


def test_given_an_account_removed_and_added_again_when_synced_then_nobody_is_doubled(
    core_store: Store, account: SyncAccount, phone: Phone, server_url: str
) -> None:
    # Given Mia, added on the phone under a UID of the phone's, synced in
    phone.put("mia.vcf", phone_card("mia-1234", "Mia Wagner", "TEL;TYPE=cell:+49 171 5550001"))
    core_store.people.put(Person(name="Ana López"))
    sync(core_store, account)
    assert len(phone.hrefs()) == 2 and len(core_store.people) == 2
    # When the account is removed and added again (say, for a new password)
    remove_account(core_store, account.name)
    again, _changes = add_account(
        core_store, "Phone", url=server_url, user=USER, password=PASSWORD, now=LATER
    )
    summary = sync(core_store, again, LATER)
    # Then everyone is linked again: no second Mia here, no second card on the server, and
    # nobody counts as "in" (nothing changed here)
    assert (summary.problem, summary.people_in, summary.people_out) == ("", 0, 0)
    assert sorted(person.name for person in core_store.people) == ["Ana López", "Mia Wagner"]
    assert len(phone.hrefs()) == 2
    assert sync(core_store, again, LATEST).people_out == 0


def test_given_private_notes_when_synced_then_they_never_reach_the_server(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    ana = Person(
        name="Ana López",
        notes="Owes me a book",
        working_on="a secret startup",
        looking_for="a co-founder",
    )
    core_store.people.put(ana)
    core_store.encounters.put(Encounter(person_id=ana.id, on=NOW.date(), note="Talked about Go"))
    sync(core_store, account)
    [text] = phone.cards().values()
    for private in ("Owes me a book", "secret startup", "co-founder", "Talked about Go"):
        assert private not in text


def test_given_an_account_sharing_notes_when_synced_then_the_notes_go(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    stored = core_store.sync_accounts.get(account.id)
    assert stored is not None
    core_store.sync_accounts.put(dataclasses.replace(stored, share_notes=True))
    core_store.people.put(Person(name="Ana López", notes="Owes me a book"))
    sync(core_store, account)
    [text] = phone.cards().values()
    assert "Owes me a book" in text


def test_given_a_phone_card_with_properties_we_do_not_manage_when_edited_here_then_they_survive(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    # Given a phone card with extensions, a photo, labelled categories, a note, a typed phone
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQN"
    unmanaged = [
        "X-PHONETIC-FIRST-NAME:Ana",
        "item1.X-ABDATE:2010-06-01",
        "item1.X-ABLABEL:_$!<Anniversary>!$_",
        # Both servers refuse a grouped CATEGORIES (vobject); an unknown parameter it is.
        "CATEGORIES;X-FROM=phone:Climbing,Family",
        photo,
        "NOTE:From my phone",
        "TEL;TYPE=CELL;X-SERVICE=whatsapp:+4917012345678",
    ]
    phone.put("ana.vcf", phone_card("ana-1", "Ana López", *unmanaged))
    sync(core_store, account)
    # When she is edited here and the edit is sent
    ana = by_name(core_store)["Ana López"]
    core_store.people.put(dataclasses.replace(ana, job_title="Founder"))
    summary = sync(core_store, account, LATER)
    assert summary.people_out == 1
    # Then the properties the app does not manage are on the server as they were
    _href, text = phone.card_named("Ana López")
    assert "TITLE:Founder" in text
    for line in unmanaged:
        assert f"\r\n{line}\r\n" in text, line


def test_given_a_stored_token_when_nothing_changed_then_the_round_asks_only_for_changes(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    core_store.people.put(Person(name="Ana López"))
    sync(core_store, account)
    stored = core_store.sync_accounts.get(account.id)
    assert stored is not None and stored.sync_token
    # When the token is used again, the listing holds only what changed (nothing)
    plan = plan_round(core_store, stored, now=LATER)
    assert plan.token == stored.sync_token
    exchanged = exchange(plan)
    assert (exchanged.pulled, exchanged.removed, exchanged.problem) == ((), (), "")
    # And a token the server does not know falls back to a full listing, nothing lost
    core_store.sync_accounts.put(dataclasses.replace(stored, sync_token="bogus"))
    phone.put("ben.vcf", phone_card("ben-1", "Ben Okafor"))
    summary = sync(core_store, account, LATEST)
    assert (summary.people_in, summary.problem) == (1, "")
    fresh = core_store.sync_accounts.get(account.id)
    assert fresh is not None and fresh.sync_token not in ("", "bogus")


def test_given_a_card_changed_between_listing_and_write_when_sent_then_412_is_merged_later(
    core_store: Store, account: SyncAccount, phone: Phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a synced person edited here
    ana = Person(name="Ana López", job_title="Engineer")
    core_store.people.put(ana)
    sync(core_store, account)
    core_store.people.put(dataclasses.replace(ana, organization="Acme"))
    # When the phone writes her card after the round listed the changes but before it wrote
    href, text = phone.card_named("Ana López")
    real_fetch = sync_exchange.fetch_cards
    raced: list[bool] = []

    def fetch_then_phone_writes(*args: Any, **kwargs: Any) -> Any:
        if not raced:
            raced.append(True)
            phone.put(href, text.replace("TITLE:Engineer", "TITLE:CTO"))
        return real_fetch(*args, **kwargs)

    monkeypatch.setattr(sync_exchange, "fetch_cards", fetch_then_phone_writes)
    exchanged = exchange(plan_round(core_store, account, now=LATER))
    # Then the write is refused (412), nothing is overwritten, and the card is read again
    assert exchanged.refused == (ana.id,) and exchanged.sent == () and exchanged.problem == ""
    summary, _changes = apply_round(core_store, exchanged, now=LATER)
    assert summary.conflicts == ()
    merged = core_store.people.get(ana.id)
    assert merged is not None and (merged.job_title, merged.organization) == ("CTO", "Acme")
    # And the next round sends what was merged
    sync(core_store, account, LATEST)
    _href, text = phone.card_named("Ana López")
    assert "TITLE:CTO" in text and "ORG:Acme" in text


def test_a_server_that_refuses_parallel_writes_gets_the_rest_one_at_a_time(
    core_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given Xandikos, which answers "423 Locked" to a write while another one is written
    from xandikos.web import XandikosApp

    answers: list[str] = []
    handle = XandikosApp.handle_wsgi_request

    def counted(app: Any, environ: dict[str, Any], start_response: Any) -> Any:
        def noted(status: str, *rest: Any) -> Any:
            if environ["REQUEST_METHOD"] == "PUT":
                answers.append(status.split()[0])
            return start_response(status, *rest)

        return handle(app, environ, noted)

    monkeypatch.setattr(XandikosApp, "handle_wsgi_request", counted)
    with running_xandikos(tmp_path) as (xandikos, _allowed):
        account, _changes = add_account(
            core_store, "Phone", url=xandikos.url, user=USER, password=PASSWORD, now=NOW
        )
        core_store.people.put_many([Person(name=f"Person {n:02d}") for n in range(40)])
        # When the 40 go out in the first round
        summary = sync(core_store, account)
        # Then every card is there, and once refused the writes went one at a time: a few were
        # refused (those already on their way; each was sent again), not nearly all of them
        # as when every card went 4 at a time (36 of 40)
        assert summary.problem == "" and summary.people_out == 40
        assert len(Phone(account.address_book).hrefs()) == 40
        assert answers.count("201") == 40
        assert answers.count("423") < 40 // 2


def test_given_a_fingerprint_that_moved_without_a_card_change_then_it_is_remembered_not_sent(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    # Given a synced person whose stored fingerprint no longer matches (as after an upgrade
    # that added a field the card is not made from), the card on the server unchanged
    core_store.people.put(Person(name="Ana López", job_title="Engineer"))
    sync(core_store, account)
    etags = phone.hrefs()
    (row,) = [card for card in core_store.synced_cards.all() if card.account_id == account.id]
    core_store.synced_cards.put(dataclasses.replace(row, person_hash="from-an-older-version"))
    # When a round runs
    summary = sync(core_store, account, LATER)
    # Then nothing is sent, the server's card is untouched, and the new fingerprint is kept
    assert (summary.people_out, summary.problem) == (0, "")
    assert phone.hrefs() == etags
    (fresh,) = [card for card in core_store.synced_cards.all() if card.account_id == account.id]
    assert fresh.person_hash not in ("", "from-an-older-version")
    assert (fresh.etag, fresh.card_hash, fresh.base) == (row.etag, row.card_hash, row.base)
    # And the next round draws no card for them at all
    plan = exchange(plan_round(core_store, account, now=LATEST)).plan
    assert (plan.outgoing, plan.refreshed) == ((), ())
