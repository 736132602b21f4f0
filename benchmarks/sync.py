"""Two-way people sync with a local Radicale (budgets: a first round of 1,000 people ≤ 10 s; an
incremental round with one change ≤ 1 s; no step on the GUI thread ≤ 50 ms).

Radicale runs as its own process on loopback (as a user's server would: it does not share our
interpreter). The baselines are the least a client does: bare niquests PUTs of the same cards
one by one (first round), one sync-collection REPORT plus one PUT (incremental round).

The GUI thread's steps are measured as the window takes them (``ui/sync/apply_slices``): the
plan, then each slice of a first round of 1,000 phone contacts and 100 weekly events (300
occurrences) into a store of 10,000 people; the baseline, in the same run, is the window's old
way (each slice reads its cards, the calendar written whole) into a store with nobody else.
The first upload is also sent to Xandikos (in this process), to tell our cost from Radicale's.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from figures import Row, timed_ms

from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount
from companion.remote.dav_discovery import new_dav_session
from companion.services.sync.sync_outgoing import draw_cards
from companion.services.sync.sync_round import (
    apply_round,
    exchange,
    plan_round,
    run_round_here,
    warm_up,
)
from companion.storage.store import Store
from companion.ui.sync.apply_slices import SliceQueue, combined, slices

ROOT = Path(__file__).resolve().parent.parent
#: People already in the store that the first round's cards are matched against.
STORE_PEOPLE = 10_000
EVENTS = 100

PEOPLE = 1000
USER = "bench"
PASSWORD = "bench-password"
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
_GUARD_LOG = "COMPANION_NETWORK_LOG"


def _free_port() -> int:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()
    return port


#: Radicale's own log line for each request, with the time it spent on it.
_SERVED = re.compile(r"PUT response status for '([^']*)' in ([0-9.]+) seconds")


def _server_put_ms(log: Path, href_part: str) -> list[float]:
    """What Radicale itself says each PUT whose path holds ``href_part`` took, in order (ms)."""
    if not log.exists():
        return []
    text = log.read_text(encoding="utf-8", errors="replace")
    return [float(found[2]) * 1000 for found in _SERVED.finditer(text) if href_part in found[1]]


def _per_put(server_ms: list[float], wall_ms: float) -> str:
    """ "1000 PUTs, 117 ms each on the wall clock; the server's own: 105 ms (first 100: 28,
    last 100: 184)".

    Writes sent a few at a time wait for the server's write lock, which its own figure counts.
    """
    if not server_ms:
        return "server time not logged"
    head = server_ms[:100]
    tail = server_ms[-100:]
    return (
        f"{len(server_ms)} PUTs, {wall_ms / len(server_ms):.0f} ms each on the wall clock; "
        f"the server's own: {sum(server_ms) / len(server_ms):.0f} ms (first {len(head)}: "
        f"{sum(head) / len(head):.0f}, last {len(tail)}: {sum(tail) / len(tail):.0f})"
    )


@contextmanager
def _radicale(folder: Path, on_port: Callable[[int], object] | None) -> Iterator[str]:
    """A Radicale process with one user and one address book; the address book's URL.

    Its log (``folder / "radicale.log"``) has each request's duration as the server measured it.
    """
    port = _free_port()
    if on_port is not None:
        on_port(port)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    book = folder / "storage" / "collection-root" / USER / "contacts"
    book.mkdir(parents=True)
    (book / ".Radicale.props").write_text('{"tag": "VADDRESSBOOK"}', encoding="utf-8")
    calendar = folder / "storage" / "collection-root" / USER / "calendar"
    calendar.mkdir(parents=True)
    (calendar / ".Radicale.props").write_text(
        '{"tag": "VCALENDAR", "D:displayname": "Calendar"}', encoding="utf-8"
    )
    (folder / "config").write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\ntype = htpasswd\n"
        f"htpasswd_filename = {folder / 'users'}\n"
        "htpasswd_encryption = plain\ndelay = 0\n"
        f"[storage]\nfilesystem_folder = {folder / 'storage'}\n"
        "[rights]\ntype = owner_only\n"
        "[logging]\nlevel = info\n",
        encoding="utf-8",
    )
    # The server is no Common Ground process: the test suite's network guard (installed in
    # every Python subprocess that names its log) is for ours, so it is not handed on.
    environment = {key: value for key, value in os.environ.items() if key != _GUARD_LOG}
    log = (folder / "radicale.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(folder / "config")],
        stdout=subprocess.DEVNULL,
        stderr=log,
        env=environment,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/{USER}/contacts/"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _account(book: str) -> SyncAccount:
    return SyncAccount(
        name="Phone",
        url=book.split(f"/{USER}/")[0] + "/",
        user=USER,
        address_book=book,
        stored_password=PASSWORD,
    )


def _people(count: int, *, prefix: str = "Person") -> list[Person]:
    return [
        Person(
            name=f"{prefix} {number:04d}",
            emails=(f"{prefix.lower()}{number}@example.org",),
            phones=(f"+49 {40 if prefix != 'Person' else 30} {1000000 + number}",),
            organization="Acme",
            job_title="Engineer",
            interests=("climbing",) if number % 3 == 0 else (),
            notes="private",
        )
        for number in range(count)
    ]


def _bare_puts(book: str, count: int, login: tuple[str, str] = (USER, PASSWORD)) -> float:
    """PUT ``count`` small cards one by one into a fresh collection of the same server."""
    session = new_dav_session(*login)
    folder = book.rstrip("/") + "-bare/"
    try:
        session.request(
            "MKCOL", folder, timeout=30, headers={"Content-Type": "application/xml"},
            data=b'<?xml version="1.0"?><D:mkcol xmlns:D="DAV:" '
            b'xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set><D:prop><D:resourcetype>'
            b"<D:collection/><C:addressbook/></D:resourcetype></D:prop></D:set></D:mkcol>",
        )  # fmt: skip

        def all_cards() -> None:
            for number in range(count):
                body = (
                    f"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:bare-{number}\r\n"
                    f"FN:Person {number}\r\nEND:VCARD\r\n"
                ).encode()
                answer = session.put(
                    f"{folder}bare-{number}.vcf",
                    data=body,
                    headers={"Content-Type": "text/vcard", "If-None-Match": "*"},
                    timeout=30,
                )
                if answer.status_code not in (200, 201, 204):
                    raise RuntimeError(f"a bare PUT was refused: {answer.status_code}")

        return timed_ms(all_cards)
    finally:
        session.close()


def _bare_incremental(book: str) -> float:
    session = new_dav_session(USER, PASSWORD)
    root = ElementTree.Element("{DAV:}sync-collection")
    ElementTree.SubElement(root, "{DAV:}sync-token").text = ""
    ElementTree.SubElement(root, "{DAV:}sync-level").text = "1"
    ElementTree.SubElement(ElementTree.SubElement(root, "{DAV:}prop"), "{DAV:}getetag")
    body = ElementTree.tostring(root)

    def one_round() -> None:
        session.request("REPORT", book, data=body, headers={"Depth": "0"}, timeout=30)
        session.put(
            f"{book}bare-incremental.vcf",
            data=b"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:bare-i\r\nFN:Bare\r\nEND:VCARD\r\n",
            headers={"Content-Type": "text/vcard"},
            timeout=30,
        )

    try:
        return timed_ms(one_round)
    finally:
        session.close()


def _put_events(book: str, count: int) -> None:
    """``count`` weekly events of three occurrences each in the server's calendar."""
    session = new_dav_session(USER, PASSWORD)
    calendar = book.replace("/contacts/", "/calendar/")
    try:
        for number in range(count):
            body = (
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Bench//EN\r\nBEGIN:VEVENT\r\n"
                f"UID:bench-event-{number}\r\nDTSTAMP:20270201T000000Z\r\n"
                f"DTSTART:202704{1 + number % 28:02d}T{8 + number % 10:02d}0000Z\r\n"
                f"SUMMARY:Meetup {number}\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n"
                "END:VEVENT\r\nEND:VCALENDAR\r\n"
            ).encode()
            session.put(
                f"{calendar}event-{number}.ics",
                data=body,
                headers={"Content-Type": "text/calendar"},
                timeout=30,
            )
    finally:
        session.close()


def _window_round(
    store: Store, account: SyncAccount, *, old_way: bool = False
) -> tuple[float, float, int, Any]:
    """(plan ms, longest slice ms, slices, summary) of a round as the window runs it: the plan
    and each slice on this thread, timed, the exchange between (``ui/sync/sync_runner``).

    ``old_way``: as before the cards were read on the worker: each slice reads its cards and
    the calendar is written whole with the last slice of people, in fixed slices.
    """
    gc.freeze()  # as the app does once its data is loaded (app.py)
    start = time.perf_counter()
    plan = plan_round(store, account, now=NOW)
    plan_ms = (time.perf_counter() - start) * 1000
    exchanged = exchange(plan)
    gc.disable()  # as the window does while it writes a round (sync_runner)
    queue: SliceQueue | None = None
    parts: list[Any] = []
    if old_way:
        parts = slices(dataclasses.replace(exchanged, read=(), calendar=None), sent_size=10**9)
        parts[-1] = dataclasses.replace(parts[-1], calendar=exchanged.calendar)
    else:
        queue = SliceQueue(exchanged)
    longest = 0.0
    summaries: list[Any] = []
    while queue if queue is not None else parts:
        part = queue.next() if queue is not None else parts.pop(0)
        start = time.perf_counter()
        summary, _changes = apply_round(store, part, now=NOW)
        took = time.perf_counter() - start
        if queue is not None:
            queue.took(took)
        longest = max(longest, took * 1000)
        summaries.append(summary)
    gc.enable()
    return plan_ms, longest, len(summaries), combined(summaries)


def _xandikos_upload(people: int) -> tuple[float, float, str, str]:
    """(our first round out, bare PUTs one by one) against Xandikos, in ms, and what the
    server itself spent on each PUT of either."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from xandikos.web import XandikosApp

    from tests.support.radicale_server import PASSWORD as XANDIKOS_PASSWORD
    from tests.support.radicale_server import USER as XANDIKOS_USER
    from tests.support.radicale_server import _ThreadingServer
    from tests.support.xandikos_server import running_xandikos

    connections = [0]
    accept = _ThreadingServer.get_request
    handle: Any = XandikosApp.handle_wsgi_request
    served: dict[str, list[float]] = {"ours": [], "bare": []}

    def timed(app: Any, environ: dict[str, Any], start_response: Any) -> Any:
        began = time.perf_counter()
        answer = list(handle(app, environ, start_response))
        if environ.get("REQUEST_METHOD") == "PUT":
            which = "bare" if "-bare/" in environ.get("PATH_INFO", "") else "ours"
            served[which].append((time.perf_counter() - began) * 1000)
        return answer

    def counted(server: Any) -> Any:
        connections[0] += 1
        return accept(server)

    with tempfile.TemporaryDirectory() as scratch:
        _ThreadingServer.get_request = counted  # type: ignore[method-assign,assignment]
        XandikosApp.handle_wsgi_request = timed  # type: ignore[method-assign]
        try:
            with running_xandikos(Path(scratch)) as (server, _allowed):
                book = f"{server.url}{XANDIKOS_USER}/contacts/addressbook/"
                account = SyncAccount(
                    name="Phone",
                    url=server.url,
                    user=XANDIKOS_USER,
                    address_book=book,
                    stored_password=XANDIKOS_PASSWORD,
                )
                with Store.open(Path(scratch) / "here") as here:
                    here.sync_accounts.put(account)
                    here.people.put_many(_people(people))
                    before = connections[0]
                    start = time.perf_counter()
                    summary, _changes = run_round_here(here, account, now=NOW)
                    ours = (time.perf_counter() - start) * 1000
                    if summary.problem or summary.people_out != people:
                        raise RuntimeError(f"the upload to Xandikos failed: {summary.text()}")
                    opened = connections[0] - before
                bare = _bare_puts(book, people, login=(XANDIKOS_USER, XANDIKOS_PASSWORD))
        finally:
            _ThreadingServer.get_request = accept  # type: ignore[method-assign]
            XandikosApp.handle_wsgi_request = handle  # type: ignore[method-assign]
    print(f"xandikos: our first round opened {opened} connections", file=sys.stderr)
    return ours, bare, _per_put(served["ours"], ours), _per_put(served["bare"], bare)


def sync_rows(
    *, runs: int, people: int = PEOPLE, on_server: Callable[[int], object] | None = None
) -> list[Row]:
    """``on_server(port)`` is told where the local Radicale listens (the tests allow it)."""
    warm_up()  # the window loads the round's code on a worker before its first round
    with (
        tempfile.TemporaryDirectory() as scratch,
        _radicale(Path(scratch) / "server", on_server) as book,
    ):
        server_log = Path(scratch) / "server" / "radicale.log"
        account = _account(book)
        crowd = max(STORE_PEOPLE, people)
        with Store.open(Path(scratch) / "here") as here:
            here.sync_accounts.put(account)
            here.people.put_many(_people(people))
            start = time.perf_counter()
            out_plan, out_longest, out_slices, out_summary = _window_round(here, account)
            first_out = (time.perf_counter() - start) * 1000
            if out_summary.problem or out_summary.people_out != people:
                raise RuntimeError(f"the upload to Radicale failed: {out_summary.text()}")
            ours_served = _per_put(_server_put_ms(server_log, "/contacts/"), first_out)
            # One person changed: the round a user waits for most often.
            incremental: list[float] = []
            plan_ms: list[float] = []
            apply_ms: list[float] = []
            for run in range(runs):
                person = here.people.all()[run]
                here.people.put(dataclasses.replace(person, job_title=f"Lead {run}"))
                at = NOW + timedelta(minutes=run + 1)
                start = time.perf_counter()
                plan = plan_round(here, account, now=at)
                planned = time.perf_counter()
                exchanged = exchange(plan)
                exchanged_at = time.perf_counter()
                apply_round(here, exchanged, now=at)
                done = time.perf_counter()
                plan_ms.append((planned - start) * 1000)
                apply_ms.append((done - exchanged_at) * 1000)
                incremental.append((done - start) * 1000)
        with Store.open(Path(scratch) / "elsewhere") as elsewhere:
            elsewhere.sync_accounts.put(account)
            plan = plan_round(elsewhere, account, now=NOW)
            start = time.perf_counter()
            exchanged = exchange(plan)
            apply_in = timed_ms(lambda: apply_round(elsewhere, exchanged, now=NOW))
            first_in = (time.perf_counter() - start) * 1000
        _put_events(book, EVENTS if people >= 100 else 3)
        with Store.open(Path(scratch) / "before") as before:
            before.sync_accounts.put(account)
            old_plan, old_longest, _old_slices, _ = _window_round(before, account, old_way=True)
        with Store.open(Path(scratch) / "after") as after:
            after.sync_accounts.put(account)
            new_plan, new_longest, new_slices, _ = _window_round(after, account)
        with Store.open(Path(scratch) / "now") as crowded:
            crowded.sync_accounts.put(account)
            # Not on this account (as if left out of it): matched against, never sent.
            others = _people(max(STORE_PEOPLE - people, 0), prefix="Other")
            crowded.people.put_many(
                [dataclasses.replace(other, removed_from=(account.name,)) for other in others]
            )
            big_plan, big_longest, big_slices, _ = _window_round(crowded, account)
        with Store.open(Path(scratch) / "new") as fresh:
            # 10,000 people of whom 9,000 were never sent: their cards are drawn on the worker.
            fresh.sync_accounts.put(account)
            fresh.people.put_many(_people(people) + _people(crowd - people, prefix="Other"))
            start = time.perf_counter()
            new_people_plan = plan_round(fresh, account, now=NOW)
            new_people_plan_ms = (time.perf_counter() - start) * 1000
            drawn_ms = timed_ms(lambda: draw_cards(new_people_plan))
        bare_first = _bare_puts(book, people)
        bare_served = _per_put(_server_put_ms(server_log, "-bare/"), bare_first)
        bare_incremental = min(_bare_incremental(book) for _ in range(runs))
    xandikos_ours, xandikos_bare, xandikos_served, xandikos_bare_served = _xandikos_upload(people)
    ours_incremental = sorted(incremental)[len(incremental) // 2]
    longest_gui = max(new_plan, new_longest, out_plan, out_longest)
    return [
        Row(
            name=f"sync: first round, {people} people out to Radicale",
            unit="ms",
            ours=first_out,
            baseline=bare_first,
            baseline_name="bare PUTs one by one",
            runs=1,
            budget="≤ 10 s",
            within_budget=first_out <= 10_000,
            note=(
                "Radicale reads the whole collection on every new card (duplicate-UID check); "
                f"ours (4 at a time): {ours_served}; bare (one by one): {bare_served}"
            ),
        ),
        Row(
            name=f"sync: first round, {people} people in from Radicale",
            unit="ms",
            ours=first_in,
            baseline=None,
            baseline_name="",
            runs=1,
            budget="≤ 10 s",
            within_budget=first_in <= 10_000,
        ),
        Row(
            name=f"sync: incremental round, 1 change among {people}",
            unit="ms",
            ours=ours_incremental,
            baseline=bare_incremental,
            baseline_name="one sync-collection + one PUT",
            runs=runs,
            budget="≤ 1 s",
            within_budget=ours_incremental <= 1000,
        ),
        Row(
            name=f"sync: longest GUI-thread step (plan or apply slice), {people} in or out",
            unit="ms",
            ours=longest_gui,
            baseline=max(old_plan, old_longest),
            baseline_name="each slice reads its cards, calendar whole",
            runs=1,
            budget="≤ 50 ms",
            within_budget=longest_gui <= 50,
            note=(
                f"in: plan {new_plan:.0f} ms, {new_slices} slices with {EVENTS} weekly events; "
                f"out: plan {out_plan:.0f} ms, longest of {out_slices} slices "
                f"{out_longest:.0f} ms; "
                f"incremental: plan {max(plan_ms):.0f} ms, apply {max(apply_ms):.0f} ms; "
                f"all {people} in one batch: {apply_in:.0f} ms"
            ),
        ),
        Row(
            name=f"sync: longest apply slice, {people} in, {crowd} people here",
            unit="ms",
            ours=big_longest,
            baseline=None,
            baseline_name="",
            runs=1,
            budget="≤ 50 ms",
            within_budget=big_longest <= 50,
            note=f"{big_slices} slices; the plan (GUI thread) with {crowd} here: {big_plan:.0f} ms",
        ),
        Row(
            name=f"sync: plan (GUI thread), {crowd} people here, {crowd - people} never sent",
            unit="ms",
            ours=new_people_plan_ms,
            baseline=None,
            baseline_name="",
            runs=1,
            budget="≤ 50 ms",
            within_budget=new_people_plan_ms <= 50,
            note=(
                f"the cards of the {crowd - people} never sent drawn on the worker: "
                f"{drawn_ms:.0f} ms (were drawn on the GUI thread: 1.4 s)"
            ),
        ),
        Row(
            name=f"sync: first round, {people} people out to Xandikos",
            unit="ms",
            ours=xandikos_ours,
            baseline=xandikos_bare,
            baseline_name="bare PUTs one by one",
            runs=1,
            budget="≤ 10 s",
            within_budget=xandikos_ours <= 10_000,
            note=(
                "Xandikos in this process (it shares our interpreter); each PUT a git commit; "
                f"ours (4 at a time): {xandikos_served}; bare (one by one): {xandikos_bare_served}"
            ),
        ),
    ]


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="sync benchmark alone")
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    for row in sync_rows(runs=options.runs, people=options.people):
        print(f"{row.name}: {row.ours:.0f} ms (baseline {row.baseline or 0:.0f} ms) {row.note}")
