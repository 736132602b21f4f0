"""Sync rounds in the window: off the GUI thread, one at a time, when they run, and
``companion sync`` forwarded from a terminal — against a stand-in round (the real one against
Radicale is in test_sync_preferences.py)."""

from __future__ import annotations

import dataclasses
import gc
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from companion.domain.people import Person
from companion.services.changes import ChangeSet, added
from companion.services.instance.instance_messages import Command, PendingReply, Reply, Request
from companion.storage.store import Store
from companion.ui.shell.instance_requests import InstanceRequests
from companion.ui.sync.sync_controller import SyncController
from companion.ui.sync.sync_runner import RoundSteps
from tests.gui.conftest import RunningWindow
from tests.support.fake_sync_round import FakeRound, FakeSummary, put_account

NOW = datetime(2026, 11, 25, 18, 30, tzinfo=UTC)
OFFLINE = "Could not reach dav.example.org."


def _sync(running: RunningWindow, round_: FakeRound) -> SyncController:
    return SyncController(
        running.window,
        session=running.session,
        changes=running.changes,
        now=lambda: NOW,
        steps=round_.steps,
    )


def test_a_round_exchanges_on_a_worker_thread_and_writes_on_the_gui_thread(
    qtbot: QtBot, open_window: Callable[[], RunningWindow]
) -> None:
    # Given an account whose phone added Ana
    running = open_window()
    put_account(running.store)
    round_ = FakeRound(incoming=("Ana",))
    sync = _sync(running, round_)
    announced: list[object] = []
    running.changes.changed.connect(announced.append)
    # When a round runs
    with qtbot.waitSignal(sync.runner.finished, timeout=10_000) as finished:
        sync.sync_now()
    # Then only the exchange ran off the GUI thread, and what came in was written and announced
    qtbot.waitUntil(lambda: not sync.runner.running, timeout=10_000)
    main = threading.main_thread().name
    # (two rounds: one that brought Ana, then the short second pass that sends her link)
    assert round_.threads["plan"] == [main, main] and round_.threads["apply"] == [main, main]
    assert round_.threads["exchange"] == ["sync", "sync"]
    assert [person.name for person in running.store.people] == ["Ana"]
    assert finished.args == [[FakeSummary("Phone", people_in=1)]]
    assert any(changes.touches("people") for changes in announced)  # type: ignore[attr-defined]


def test_asking_during_a_round_queues_exactly_one_more(
    qtbot: QtBot, open_window: Callable[[], RunningWindow]
) -> None:
    # Given a round that is still talking to the server
    running = open_window()
    put_account(running.store)
    round_ = FakeRound(gate=threading.Event())
    sync = _sync(running, round_)
    sync.sync_now()
    assert sync.runner.running
    # When "Sync now" is pressed three more times meanwhile
    for _press in range(3):
        sync.sync_now()
    round_.gate.set()  # type: ignore[union-attr]
    # Then one more round runs after it, and no other
    qtbot.waitUntil(lambda: round_.rounds == 2 and not sync.runner.running, timeout=10_000)
    assert len(round_.threads["exchange"]) == 2


def test_a_change_syncs_after_a_pause_but_the_rounds_own_writes_do_not(
    qtbot: QtBot, open_window: Callable[[], RunningWindow]
) -> None:
    # Given an account and no round waiting
    running = open_window()
    put_account(running.store)
    round_ = FakeRound(incoming=("Ana",))
    sync = _sync(running, round_)
    # When a round writes the people it brought
    with qtbot.waitSignal(sync.runner.finished, timeout=10_000):
        sync.sync_now()
    # Then that does not start another round
    assert not sync.after_change_timer.isActive()
    # When the user then adds someone
    person = Person(name="Ben")
    running.store.people.put(person)
    running.changes.announce(added("people", person.id))
    # Then a round is due after the pause (20 seconds), and it runs when the pause is over
    qtbot.waitUntil(lambda: not sync.runner.running, timeout=10_000)
    assert sync.after_change_timer.isActive()
    assert sync.after_change_timer.interval() == 20_000
    rounds = round_.rounds
    with qtbot.waitSignal(sync.runner.finished, timeout=10_000):
        sync.after_change_timer.timeout.emit()
    assert round_.rounds == rounds + 1


def test_without_accounts_nothing_runs(
    qtbot: QtBot, open_window: Callable[[], RunningWindow]
) -> None:
    running = open_window()
    round_ = FakeRound()
    sync = _sync(running, round_)
    sync.sync_now()
    sync.tick_timer.timeout.emit()
    running.changes.announce(added("people", "x"))
    assert not sync.runner.running and round_.rounds == 0
    assert not sync.after_change_timer.isActive()


def test_offline_is_noted_quietly_and_the_next_tick_tries_again(
    qtbot: QtBot, open_window: Callable[[], RunningWindow]
) -> None:
    # Given a server that cannot be reached
    running = open_window()
    put_account(running.store)
    round_ = FakeRound(problem="Could not reach dav.example.org.")
    sync = _sync(running, round_)
    sync.start()
    assert sync.tick_timer.interval() == 15 * 60 * 1000
    # When the tick comes
    with qtbot.waitSignal(sync.runner.finished, timeout=10_000):
        sync.tick_timer.timeout.emit()
    # Then the problem is the account's status (no dialog: a dialog would fail on Qt's warning)
    assert sync.status_lines() == ["Phone: Could not reach dav.example.org."]
    # When the server is back by the next tick
    round_.problem = ""
    with qtbot.waitSignal(sync.runner.finished, timeout=10_000):
        sync.tick_timer.timeout.emit()
    # Then the status says when it synced
    assert sync.status_lines()[0].startswith("Phone: last synced ")


@pytest.mark.parametrize(
    ("problem", "exit_code", "stdout", "stderr"),
    [
        ("", 0, "Phone: 1 in, 0 out\n", ""),
        (OFFLINE, 1, "", f"companion: sync with “Phone” stopped: {OFFLINE}\n"),
    ],
)
def test_a_forwarded_sync_answers_when_the_round_is_over(
    qtbot: QtBot,
    open_window: Callable[[], RunningWindow],
    problem: str,
    exit_code: int,
    stdout: str,
    stderr: str,
) -> None:
    # Given the running app with an account, and `companion sync` typed in a terminal
    running = open_window()
    put_account(running.store)
    round_ = FakeRound(incoming=("Ana",), problem=problem)
    sync = _sync(running, round_)
    requests = InstanceRequests(
        window=running.window,
        session=running.session,
        changes=running.changes,
        open_capture=lambda: None,
        data_dir=running.data_dir,
        sync=sync.handle_request,
    )
    # When the request arrives
    pending = requests.handle(Request(command=Command.SYNC, name=""))
    # Then it is answered once the round is over, with what the command line prints
    assert isinstance(pending, PendingReply)
    replies: list[Reply] = []
    pending.when_done(replies.append)
    qtbot.waitUntil(lambda: bool(replies), timeout=10_000)
    assert (replies[0].exit_code, replies[0].stdout, replies[0].stderr) == (
        exit_code,
        stdout,
        stderr,
    )


def test_a_forwarded_sync_with_an_unknown_name_is_bad_input(
    open_window: Callable[[], RunningWindow],
) -> None:
    running = open_window()
    put_account(running.store)
    sync = _sync(running, FakeRound())
    reply = sync.handle_request(Request(command=Command.SYNC, name="Laptop"))
    assert isinstance(reply, Reply)
    assert reply.exit_code == 2
    assert reply.stderr == "companion: There is no sync account called “Laptop”.\n"
    assert not sync.runner.running


def test_a_big_round_is_written_in_slices_and_announced_once(
    qtbot: QtBot, open_window: Callable[[], RunningWindow]
) -> None:
    # Given a phone with 40 new contacts
    running = open_window()
    put_account(running.store)
    round_ = FakeRound(incoming=tuple(f"Person {n}" for n in range(40)))
    sync = _sync(running, round_)
    sync.runner.clock = lambda: 0.0  # every slice quick: none is cut
    announced: list[ChangeSet] = []
    running.changes.changed.connect(announced.append)
    # When the round runs
    with qtbot.waitSignal(sync.runner.finished, timeout=10_000) as finished:
        sync.sync_now()
    # Then they were written 10 at a time, each slice in its own turn of the event loop (only
    # the last one keeps the token), and announced once, with one summary for the account
    assert [len(part.pulled) for part in round_.applied] == [10, 10, 10, 10]
    assert [part.complete for part in round_.applied] == [False, False, False, True]
    assert [part.token for part in round_.applied] == ["", "", "", "token-after"]
    assert len(running.store.people) == 40
    assert sum(changes.touches("people") for changes in announced) == 1
    assert finished.args == [[FakeSummary("Phone", people_in=40)]]


def test_slow_slices_cut_the_next_ones_and_nothing_is_written_twice(
    qtbot: QtBot, open_window: Callable[[], RunningWindow]
) -> None:
    # Given a phone with 40 new contacts, and a machine where every slice takes 30 ms
    running = open_window()
    put_account(running.store)
    names = tuple(f"Person {n}" for n in range(40))
    round_ = FakeRound(incoming=names)
    sync = _sync(running, round_)
    ticks = iter(range(0, 1_000_000, 30))
    sync.runner.clock = lambda: next(ticks) / 1000
    collecting: list[bool] = []

    def applying(store: Store, exchange: Any, *, now: datetime) -> tuple[Any, ChangeSet]:
        collecting.append(gc.isenabled())
        return round_.apply(store, exchange, now=now)

    sync.runner._steps = dataclasses.replace(round_.steps(), apply=applying)
    # When the round runs
    with qtbot.waitSignal(sync.runner.finished, timeout=10_000) as finished:
        sync.sync_now()
    qtbot.waitUntil(lambda: not sync.runner.running, timeout=10_000)
    # Then the first slice has 10 cards and the ones after it fewer and fewer, down to one
    first_round = round_.applied[: next(
        number for number, part in enumerate(round_.applied) if part.complete
    ) + 1]  # fmt: skip
    sizes = [len(part.pulled) for part in first_round]
    assert sizes[0] == 10 and max(sizes[1:]) <= 5 and sizes[-1] == 1
    # And every card was written once, in order; only the last slice kept the token
    assert tuple(name for part in first_round for name in part.pulled) == names
    assert [part.token for part in first_round].count("token-after") == 1
    assert first_round[-1].token == "token-after"
    assert sorted(person.name for person in running.store.people) == sorted(names)
    assert finished.args[0][0].people_in == 40
    # And the garbage collector waited while the round was written, and runs again after it
    assert collecting and not any(collecting)
    assert gc.isenabled()


def test_the_rounds_code_is_loaded_off_the_gui_thread_before_the_first_round(
    qtbot: QtBot, open_window: Callable[[], RunningWindow]
) -> None:
    # Given an account, and a round whose code records where it was loaded and warmed up
    running = open_window()
    put_account(running.store)
    round_ = FakeRound()
    loaded: list[str] = []

    def load() -> RoundSteps:
        loaded.append(threading.current_thread().name)
        return dataclasses.replace(
            round_.steps(), warm=lambda: loaded.append(threading.current_thread().name)
        )

    sync = SyncController(
        running.window, session=running.session, changes=running.changes, now=lambda: NOW,
        steps=load,
    )  # fmt: skip
    # When the window starts syncing (the first round a few seconds later)
    sync.start()
    qtbot.waitUntil(lambda: len(loaded) == 2, timeout=10_000)
    with qtbot.waitSignal(sync.runner.finished, timeout=10_000):
        sync.sync_now()
    # Then the code was loaded and warmed once, on a worker thread, and the round used it
    assert loaded == ["sync-load", "sync-load"]
    assert round_.threads["plan"] == [threading.main_thread().name]
    sync.tick_timer.stop()
