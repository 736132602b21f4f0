"""In-process benchmarks against the synthetic store: open, one durable write, search.

Each compares ``companion.storage`` / ``companion.services.search`` with stock TinyDB and its
``JSONStorage`` on a file holding the same documents.
"""

from __future__ import annotations

import re
import shutil
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any

from figures import Row, median_ms, timed_ms
from generate import GeneratedStore, copy_companion_store
from tinydb import Query, TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import JSONStorage

from companion.domain.people import Person
from companion.services.search import PeopleSearch
from companion.storage.codec import to_document
from companion.storage.store import Store

WRITE_BUDGET_MS = 30.0
KEYSTROKE_BUDGET_MS = 16.0
# What a user types into the search field, one keystroke after another: a name, then a word of
# the notes. Single words, so stock TinyDB's regex query asks the same question.
KEYSTROKES = ("mu", "mul", "mull", "muller", "ga", "gar", "garden", "sourdough")


@dataclass(frozen=True, slots=True, kw_only=True)
class Workspace:
    """Private copies of the generated files (writes must never touch the cache)."""

    generated: GeneratedStore
    folder: Path

    def companion_copy(self, name: str) -> Path:
        return copy_companion_store(self.generated, self.folder / name)

    def baseline_copy(self, name: str) -> Path:
        target = self.folder / f"{name}.json"
        shutil.copyfile(self.generated.baseline_file, target)
        return target


def _new_people() -> Iterator[Person]:
    for number in count():
        yield Person(
            id=f"bench-{number:08d}",
            name=f"Benchmark Person {number}",
            emails=(f"bench{number}@example.org",),
            interests=("board-games", "climbing"),
            working_on="A community repair café in the old library building.",
            notes="Met at the repair café; wants to learn soldering. " * 6,
        )


def open_store(workspace: Workspace, *, runs: int) -> Row:
    """Open the store (read and decode the file, take the lock) vs TinyDB's first full read."""
    folder = workspace.companion_copy("open")
    baseline = workspace.baseline_copy("open")

    def open_ours() -> None:
        Store.open(folder).close()

    def open_stock() -> None:
        database = TinyDB(str(baseline), storage=JSONStorage)
        try:
            len(database.table("people"))
        finally:
            database.close()

    return Row(
        name="store open (file to tables)",
        unit="ms",
        ours=median_ms(open_ours, runs=runs),
        baseline=median_ms(open_stock, runs=runs),
        baseline_name="TinyDB JSONStorage first read",
        runs=runs,
    )


def load_people(workspace: Workspace, *, runs: int) -> Row:
    """Open and decode all 10,000 people into records (what the People page needs)."""
    folder = workspace.companion_copy("load")
    baseline = workspace.baseline_copy("load")

    def load_ours() -> None:
        with Store.open(folder) as store:
            store.people.all()

    def load_stock() -> None:
        database = TinyDB(str(baseline), storage=JSONStorage)
        try:
            database.table("people").all()
        finally:
            database.close()

    return Row(
        name="store open + decode all people",
        unit="ms",
        ours=median_ms(load_ours, runs=runs),
        baseline=median_ms(load_stock, runs=runs),
        baseline_name="TinyDB JSONStorage table.all()",
        runs=runs,
    )


def durable_write(workspace: Workspace, *, runs: int) -> Row:
    """Insert one person, durably, into the full store."""
    folder = workspace.companion_copy("write")
    baseline = workspace.baseline_copy("write")
    people = _new_people()
    with Store.open(folder) as store:
        ours = median_ms(lambda: store.people.put(next(people)), runs=runs)
    database = TinyDB(str(baseline), storage=JSONStorage)
    try:
        table = database.table("people")
        stock = median_ms(lambda: table.insert(to_document(next(people))), runs=runs)
    finally:
        database.close()
    return Row(
        name="durable write (insert 1 person)",
        unit="ms",
        ours=ours,
        baseline=stock,
        baseline_name="TinyDB JSONStorage table.insert",
        runs=runs,
        budget=f"< {WRITE_BUDGET_MS:.0f} ms",
        within_budget=ours < WRITE_BUDGET_MS,
    )


def _stock_query(word: str) -> Any:
    pattern = re.escape(word)
    person = Query()
    return person.name.search(pattern, flags=re.IGNORECASE) | person.notes.search(
        pattern, flags=re.IGNORECASE
    )


def _per_keystroke_ms(search: Callable[[str], object], *, runs: int) -> float:
    """Median over every keystroke of its median over ``runs``."""
    for word in KEYSTROKES:
        search(word)

    def typed(word: str) -> float:
        return statistics.median(timed_ms(lambda: search(word)) for _ in range(runs))

    return statistics.median(typed(word) for word in KEYSTROKES)


def search_rows(workspace: Workspace, *, runs: int) -> list[Row]:
    """First search after opening, then one search per keystroke, against TinyDB queries."""
    folder = workspace.companion_copy("search")
    baseline = workspace.baseline_copy("search")
    rows: list[Row] = []

    def first_search() -> float:
        with Store.open(folder, read_only=True) as store:
            return timed_ms(lambda: PeopleSearch(store.people).search(KEYSTROKES[0]))

    first = statistics.median(first_search() for _ in range(runs))
    with Store.open(folder, read_only=True) as store:
        people_search = PeopleSearch(store.people)
        ours = _per_keystroke_ms(people_search.search, runs=runs)

    def stock_search(word: str, table: Any) -> object:
        # TinyDB caches query results; a user typing never repeats the previous query.
        table.clear_cache()
        return table.search(_stock_query(word))

    stock_runs = max(1, runs // 2)
    database = TinyDB(str(baseline), storage=JSONStorage)
    try:
        table = database.table("people")
        stock = _per_keystroke_ms(lambda word: stock_search(word, table), runs=stock_runs)
    finally:
        database.close()
    cached = TinyDB(str(baseline), storage=CachingMiddleware(JSONStorage))  # type: ignore[no-untyped-call]
    try:
        cached_table = cached.table("people")
        stock_in_memory = _per_keystroke_ms(
            lambda word: stock_search(word, cached_table), runs=runs
        )
    finally:
        cached.close()
    keystroke_note = (
        f"median over the keystrokes {', '.join(KEYSTROKES)}; Common Ground returns the best 50 "
        "(accent-insensitive), TinyDB every regex match"
    )
    rows.append(
        Row(
            name="search, first after open",
            unit="ms",
            ours=first,
            baseline=stock,
            baseline_name="TinyDB JSONStorage regex query",
            runs=runs,
            budget=f"< {KEYSTROKE_BUDGET_MS:.0f} ms",
            within_budget=first < KEYSTROKE_BUDGET_MS,
            note="includes decoding and folding every person once (PeopleSearch.prepare())",
        )
    )
    rows.append(
        Row(
            name="search, per keystroke",
            unit="ms",
            ours=ours,
            baseline=stock,
            baseline_name="TinyDB JSONStorage regex query",
            runs=runs,
            budget=f"< {KEYSTROKE_BUDGET_MS:.0f} ms",
            within_budget=ours < KEYSTROKE_BUDGET_MS,
            note=keystroke_note,
        )
    )
    rows.append(
        Row(
            name="search, per keystroke (vs cache)",
            unit="ms",
            ours=ours,
            baseline=stock_in_memory,
            baseline_name="TinyDB CachingMiddleware regex query",
            runs=runs,
            budget=f"< {KEYSTROKE_BUDGET_MS:.0f} ms",
            within_budget=ours < KEYSTROKE_BUDGET_MS,
        )
    )
    return rows
