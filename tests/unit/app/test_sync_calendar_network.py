"""The calendar side of sync talks only to the host the user typed, ignores proxy settings from
the environment, and loses nothing when the server goes away in the middle of it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from companion.domain.people import Person, Promise
from companion.domain.sync_accounts import Collection, SyncAccount, calendars_to_read
from companion.remote.dav_discovery import new_dav_session
from companion.services.sync.sync_accounts import add_account
from companion.services.sync.sync_calendar import (
    TASK,
    CalendarPlan,
    apply_calendar,
    exchange_calendar,
    plan_calendar,
)
from companion.storage.store import Store
from tests.support import network_guard
from tests.support.radicale_server import PASSWORD, USER, running_radicale

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)


def _round(store: Store, account_id: str, now: datetime = NOW):  # type: ignore[no-untyped-def]
    account = store.sync_accounts.get(account_id)
    assert account is not None
    plan = plan_calendar(store, account, now=now)
    session = new_dav_session(USER, PASSWORD)
    try:
        exchange = exchange_calendar(plan, session)
    finally:
        session.close()
    return apply_calendar(store, exchange, now=now)


def test_given_calendars_found_when_none_chosen_then_the_personal_ones_are_read() -> None:
    # Given an account with three calendars and none chosen
    account = SyncAccount(
        name="Phone",
        url="https://dav.example.org/",
        user="me",
        calendars=(
            Collection("https://dav.example.org/a/", "Birthdays"),
            Collection("https://dav.example.org/b/", "Personal"),
            Collection("https://dav.example.org/c/", "Default calendar"),
        ),
    )
    # Then the ones named like "personal"/"calendar"/"default" are read, else the first
    assert calendars_to_read(account) == (
        "https://dav.example.org/b/",
        "https://dav.example.org/c/",
    )
    only_other = SyncAccount(
        name="Phone",
        url="https://dav.example.org/",
        user="me",
        calendars=(Collection("https://dav.example.org/x/", "Work"),),
    )
    assert calendars_to_read(only_other) == ("https://dav.example.org/x/",)
    chosen = SyncAccount(
        name="Phone",
        url="https://dav.example.org/",
        user="me",
        calendars=account.calendars,
        chosen_calendars=("https://dav.example.org/a/",),
    )
    assert calendars_to_read(chosen) == ("https://dav.example.org/a/",)


def test_given_proxy_variables_when_a_round_runs_then_they_are_ignored(
    core_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given proxy variables pointing nowhere useful
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with running_radicale(tmp_path) as (radicale, _allowed):
        radicale.add_collection(f"{USER}/calendar", tag="VCALENDAR", name="Calendar")
        account, _changes = add_account(
            core_store, "Phone", url=radicale.url, user=USER, password=PASSWORD, now=NOW
        )
        anna = Person(name="Anna Berg")
        core_store.people.put(anna)
        core_store.promises.put(Promise(person_id=anna.id, text="Call back", due=date(2027, 3, 4)))
        # When a round runs
        outcome = _round(core_store, account.id)
    # Then it went straight to the server (the guard allows no other port) and worked
    assert (outcome.problem, outcome.tasks_out) == ("", 1)


def test_given_the_server_gone_mid_sync_when_a_round_runs_then_nothing_is_lost(
    core_store: Store, tmp_path: Path
) -> None:
    # Given a first round that sent a task, then the server stops
    anna = Person(name="Anna Berg")
    core_store.people.put(anna)
    first = Promise(person_id=anna.id, text="Call back", due=date(2027, 3, 4))
    core_store.promises.put(first)
    with running_radicale(tmp_path) as (radicale, _allowed):
        radicale.add_collection(f"{USER}/calendar", tag="VCALENDAR", name="Calendar")
        account, _changes = add_account(
            core_store, "Phone", url=radicale.url, user=USER, password=PASSWORD, now=NOW
        )
        assert _round(core_store, account.id).tasks_out == 1
    rows_before = core_store.synced_calendar_items.all()
    second = Promise(person_id=anna.id, text="Send the slides", due=date(2027, 3, 6))
    core_store.promises.put(second)
    # When the next round finds nobody listening (connection refused)
    with network_guard.allowing("127.0.0.1", radicale.port):
        outcome = _round(core_store, account.id, LATER)
    # Then it says so, and what was known is unchanged; the new promise waits for the next round
    assert outcome.problem == "Could not reach 127.0.0.1."
    assert core_store.synced_calendar_items.all() == rows_before
    still = plan_calendar(core_store, account, now=LATER)
    assert [write.record for write in still.writes] == [f"promise:{second.id}"]
    assert [row.record for row in rows_before if row.kind == TASK] == [f"promise:{first.id}"]


@contextmanager
def _redirecting_elsewhere() -> Iterator[str]:
    """A server that sends every request on to another host."""

    class Handler(BaseHTTPRequestHandler):
        def answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(301)
            self.send_header("Location", "https://calendar.elsewhere.example/alice/")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_PROPFIND = do_REPORT = do_PUT = answer  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:
            return

    with network_guard.binding_local_server():
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with network_guard.allowing("127.0.0.1", port):
            yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def test_given_a_redirect_to_another_host_when_a_round_runs_then_only_the_typed_host_is_asked(
    core_store: Store,
) -> None:
    # Given a server that redirects its calendar to another host
    with _redirecting_elsewhere() as url:
        plan = CalendarPlan(
            account_id="a",
            url=url,
            user=USER,
            password=PASSWORD,
            calendars=(),
            task_list=f"{url}{USER}/tasks/",
            known_tasks=((f"{url}{USER}/tasks/x.ics", '"1"'),),
        )
        session = new_dav_session(USER, PASSWORD)
        try:
            # When the round asks for the task list
            exchange = exchange_calendar(plan, session)
        finally:
            session.close()
    # Then the other host was never contacted (the guard fails the test otherwise)
    assert exchange.problem is not None
    assert exchange.problem.location.startswith("https://calendar.elsewhere.example/")


def test_an_account_stored_before_calendars_could_be_chosen_reads_with_none_chosen() -> None:
    # Given an account document written before ``chosen_calendars`` existed
    from companion.storage.codec import from_document, to_full_document

    document = to_full_document(
        SyncAccount(name="Phone", url="https://dav.example.org/", user="me")
    )
    document.pop("chosen_calendars")
    # Then it reads, with no calendars chosen (the defaults apply)
    assert from_document(SyncAccount, document).chosen_calendars == ()
