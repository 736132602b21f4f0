"""``companion sync calendars NAME [CALENDAR…]``: which calendars' events come in, chosen from
the command line as Preferences > Sync chooses them."""

from __future__ import annotations

from datetime import UTC, datetime

from companion.cli_sync import sync_arguments, sync_reply
from companion.domain.sync_accounts import Collection, SyncAccount
from companion.services.instance.instance_messages import EXIT_BAD_INPUT
from companion.storage.store import Store

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
HOME = "https://dav.example.org/alice/"


def _account(store: Store) -> SyncAccount:
    account = SyncAccount(
        name="Phone",
        url="https://dav.example.org/",
        user="alice",
        calendars=(
            Collection(href=f"{HOME}calendar/", name="Calendar"),
            Collection(href=f"{HOME}work/", name="Work"),
            Collection(href=f"{HOME}meetups/", name="Meetups"),
        ),
    )
    store.sync_accounts.put(account)
    return account


def test_given_an_account_when_asked_for_its_calendars_then_each_shows_whether_it_is_read(
    core_store: Store,
) -> None:
    # Given an account whose calendars are read by default ("Calendar")
    _account(core_store)
    # When the calendars are asked for
    reply, _changes = sync_reply(core_store, action="calendars", name="phone", now=NOW)
    # Then every calendar is listed, the default one marked
    assert reply.exit_code == 0
    assert reply.stdout.splitlines() == [
        "Calendars of “Phone”:",
        "  Calendar (its events come in)",
        "  Work",
        "  Meetups",
    ]


def test_given_calendars_named_when_chosen_then_only_those_are_read_until_default_again(
    core_store: Store,
) -> None:
    # Given an account
    account = _account(core_store)
    # When two calendars are chosen, by name (any case) and by address
    reply, changes = sync_reply(
        core_store,
        action="calendars",
        name="Phone",
        calendars=("meetups", f"{HOME}work/"),
        now=NOW,
    )
    # Then those two are read from now on, and the reply says so
    stored = core_store.sync_accounts.get(account.id)
    assert stored is not None
    assert stored.chosen_calendars == (f"{HOME}work/", f"{HOME}meetups/")
    assert "  Meetups (its events come in)" in reply.stdout.splitlines()
    assert "  Calendar" in reply.stdout.splitlines()
    assert changes.updated
    # When the default is asked for again
    sync_reply(core_store, action="calendars", name="Phone", default_calendars=True, now=NOW)
    # Then the choice is forgotten
    stored = core_store.sync_accounts.get(account.id)
    assert stored is not None and stored.chosen_calendars == ()


def test_given_a_calendar_the_server_lacks_when_chosen_then_bad_input_and_nothing_changes(
    core_store: Store,
) -> None:
    account = _account(core_store)
    reply, _changes = sync_reply(
        core_store, action="calendars", name="Phone", calendars=("Holidays",), now=NOW
    )
    assert reply.exit_code == EXIT_BAD_INPUT
    assert "Holidays" in reply.stderr and "Traceback" not in reply.stderr
    stored = core_store.sync_accounts.get(account.id)
    assert stored is not None and stored.chosen_calendars == ()


def test_calendars_is_an_action_not_an_account_name() -> None:
    assert sync_arguments(["sync", "calendars", "Phone", "Work"]) == [
        "sync",
        "calendars",
        "Phone",
        "Work",
    ]
