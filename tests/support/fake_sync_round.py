"""A stand-in for ``services/sync/sync_round.py`` that the window's tests drive: it records on
which thread each step ran, can hold the exchange until the test lets it go, and writes what a
round would (a person from the phone, the account's last sync or error)."""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount
from companion.services.changes import ChangeSet
from companion.services.sync.sync_accounts import SYNC_ACCOUNTS_TABLE, find_account, list_accounts
from companion.storage.store import Store
from companion.ui.sync.sync_runner import RoundSteps


@dataclass(frozen=True)
class FakeSummary:
    account_name: str
    people_in: int = 0
    people_out: int = 0
    conflicts: tuple[str, ...] = ()
    problem: str = ""
    offline: bool = False
    possible_duplicates: tuple[str, ...] = ()
    kept_on_server: int = 0
    address_book_chosen: bool = True

    def moved_anything(self) -> bool:
        return bool(self.people_in or self.people_out or self.conflicts)

    def text(self) -> str:
        return f"{self.account_name}: {self.people_in} in, {self.people_out} out"


@dataclass(frozen=True)
class FakePlan:
    account: SyncAccount


@dataclass(frozen=True)
class FakeExchange:
    """Shaped like ``RoundExchange`` where the window looks (its slices, see apply_slices)."""

    account: SyncAccount
    pulled: tuple[str, ...]
    problem: str = ""
    offline: bool = False
    complete: bool = True
    token: str = "token-after"
    sent: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    calendar: object = None


@dataclass
class FakeRound:
    """``incoming``: names of people the phone added; ``problem``: what the server says."""

    incoming: tuple[str, ...] = ()
    problem: str = ""
    arrived_on: date | None = None
    #: Set to hold every exchange until the test calls ``gate.set()``.
    gate: threading.Event | None = None
    threads: dict[str, list[str]] = field(default_factory=dict)
    rounds: int = 0
    #: The exchanges ``apply`` was given (slices of a big one).
    applied: list[FakeExchange] = field(default_factory=list)

    def _note(self, step: str) -> None:
        self.threads.setdefault(step, []).append(threading.current_thread().name)

    def accounts(self, store: Store, name: str | None) -> list[SyncAccount]:
        self._note("accounts")
        return list_accounts(store) if name is None else [find_account(store, name)]

    def plan(self, store: Store, account: SyncAccount, *, now: datetime) -> FakePlan:
        self._note("plan")
        return FakePlan(account)

    def exchange(self, plan: FakePlan) -> FakeExchange:
        self._note("exchange")
        if self.gate is not None:
            assert self.gate.wait(20)
        return FakeExchange(plan.account, self.incoming, self.problem)

    def apply(
        self, store: Store, exchange: FakeExchange, *, now: datetime
    ) -> tuple[FakeSummary, ChangeSet]:
        self._note("apply")
        self.applied.append(exchange)
        if exchange.complete:  # the last slice of a round
            self.rounds += 1
        account = store.sync_accounts.get(exchange.account.id)
        assert account is not None
        changes = ChangeSet(updated={SYNC_ACCOUNTS_TABLE: frozenset({account.id})})
        if exchange.problem:
            store.sync_accounts.put(dataclasses.replace(account, last_error=exchange.problem))
            return FakeSummary(account.name, problem=exchange.problem, offline=True), changes
        added = []
        with store.batch():
            for name in exchange.pulled:
                person = Person(
                    name=name, arrived_from=account.id, arrived_on=self.arrived_on or now.date()
                )
                store.people.put(person)
                added.append(person.id)
            store.sync_accounts.put(dataclasses.replace(account, last_sync=now, last_error=""))
        self.incoming = ()  # the next round brings nothing new
        if added:
            changes = changes.merged(ChangeSet(added={"people": frozenset(added)}))
        return FakeSummary(account.name, people_in=len(added)), changes

    def failed(self, name: str, problem: str) -> Any:
        return FakeSummary(name, problem=problem)

    def steps(self) -> RoundSteps:
        return RoundSteps(
            accounts=self.accounts,
            plan=self.plan,
            exchange=self.exchange,
            apply=self.apply,
            failed=self.failed,
        )


def put_account(store: Store, name: str = "Phone", **fields: Any) -> SyncAccount:
    """An account as ``add_account`` would have stored it (no server asked)."""
    from companion.domain.sync_accounts import Collection

    account = SyncAccount(
        name=name,
        url="https://dav.example.org/",
        user="alice",
        address_books=(Collection("https://dav.example.org/alice/contacts/", "Contacts"),),
        address_book="https://dav.example.org/alice/contacts/",
        **fields,
    )
    store.sync_accounts.put(account)
    return account
