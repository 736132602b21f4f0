"""In-process benchmarks against the synthetic store: open, durable writes, close, search.

Each compares ``companion.storage`` / ``companion.services.search.search`` with stock TinyDB and its
``JSONStorage`` on a file holding the same documents. Storage figures come twice: for a plain
store (``Store.open(folder)``) and for the same store encrypted with AES-GCM as the app keeps it
(``Store.open(folder, cipher=...)``); search works on the encrypted store, as in the app.
"""

from __future__ import annotations

import gc
import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any

from figures import Row, median_ms, timed_ms
from tinydb import Query, TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import JSONStorage
from workspace import Workspace

from companion import paths
from companion.domain.people import Person
from companion.services.prepare.opener_library import LibraryView
from companion.services.search.everything_search import EverythingSearch
from companion.services.search.search import PeopleSearch
from companion.services.search.stored_search import stored_search
from companion.storage.ciphers import Cipher, PlainCipher
from companion.storage.codec import to_document
from companion.storage.documents import freeze_tables
from companion.storage.file_storage import COMPACT_MIN_BYTES, load_state
from companion.storage.journal import journal_path
from companion.storage.store import Store

WRITE_BUDGET_MS = 30.0
KEYSTROKE_BUDGET_MS = 16.0
# As in the app (companion/ui/shell/window_controller.py SEARCH_WARM_UP_STEP).
WARM_UP_STEP = 100
#: Writes made before "durable write after many writes" is measured (the journal grows).
MANY_WRITES = 1000
# What a user types into the search field, one keystroke after another: a name, then a word of
# the notes. Single words, so stock TinyDB's regex query asks the same question.
KEYSTROKES = ("mu", "mul", "mull", "muller", "ga", "gar", "garden", "sourdough")
STOCK_WRITE = "TinyDB JSONStorage table.insert"
STOCK_OPEN = "TinyDB JSONStorage first read"


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


def _encryption_note(encrypted: float, plain: float) -> str:
    extra = encrypted - plain
    return f"plain store: {plain:.2f} ms; encryption adds {extra:+.2f} ms ({extra / plain:+.0%})"


def _kib(size: int) -> str:
    return f"{size / 1024:,.0f} KiB"


def open_rows(workspace: Workspace, *, runs: int) -> list[Row]:
    """Open the store (read, decrypt, decode the file, take the lock) plain and encrypted, vs
    TinyDB's first full read; then open and decode every person (what the People page needs)."""
    plain_folder = workspace.companion_copy("open-plain")
    sealed_folder = workspace.sealed_copy("open-encrypted")
    cipher = workspace.cipher()
    baseline = workspace.baseline_copy("open")

    def open_stock() -> None:
        database = TinyDB(str(baseline), storage=JSONStorage)
        try:
            len(database.table("people"))
        finally:
            database.close()

    def load_stock() -> None:
        database = TinyDB(str(baseline), storage=JSONStorage)
        try:
            database.table("people").all()
        finally:
            database.close()

    def load_ours() -> None:
        with Store.open(sealed_folder, cipher=cipher) as store:
            store.people.all()

    def read_tables() -> object:
        return load_state(paths.store_file(plain_folder), PlainCipher()).tables

    def read_and_freeze() -> None:
        tables = load_state(paths.store_file(plain_folder), PlainCipher()).tables
        assert tables is not None
        freeze_tables(tables)

    stock = median_ms(open_stock, runs=runs)
    plain = median_ms(lambda: Store.open(plain_folder).close(), runs=runs)
    # What freezing every document read from disk adds to reading the tables (same run).
    unfrozen = median_ms(read_tables, runs=runs)
    frozen = median_ms(read_and_freeze, runs=runs)
    encrypted = median_ms(lambda: Store.open(sealed_folder, cipher=cipher).close(), runs=runs)
    return [
        Row(
            name="store open, plain",
            unit="ms",
            ours=plain,
            baseline=stock,
            baseline_name=STOCK_OPEN,
            runs=runs,
        ),
        Row(
            name="store open, encrypted",
            unit="ms",
            ours=encrypted,
            baseline=stock,
            baseline_name=STOCK_OPEN,
            runs=runs,
            note=_encryption_note(encrypted, plain),
        ),
        Row(
            name="store read, documents frozen",
            unit="ms",
            ours=frozen,
            baseline=unfrozen,
            baseline_name="the same read, not frozen",
            runs=runs,
            note=f"freezing adds {frozen - unfrozen:+.0f} ms (plain store file, journal replayed)",
        ),
        Row(
            name="store open + decode all people",
            unit="ms",
            ours=median_ms(load_ours, runs=runs),
            baseline=median_ms(load_stock, runs=runs),
            baseline_name="TinyDB JSONStorage table.all()",
            runs=runs,
            note="encrypted store",
        ),
    ]


def _write_ms(folder: Path, cipher: Cipher | None, people: Iterator[Person], runs: int) -> float:
    # The warm-up write also absorbs the compaction a store without a journal starts with.
    with Store.open(folder, cipher=cipher) as store:
        return median_ms(lambda: store.people.put(next(people)), runs=runs)


def _close_ms(folder: Path, cipher: Cipher | None, people: Iterator[Person], runs: int) -> float:
    """Close after one write: the journal is folded into a new store file (compaction)."""

    def close_once() -> float:
        store = Store.open(folder, cipher=cipher)
        store.people.put(next(people))
        return timed_ms(store.close)

    close_once()
    return statistics.median(close_once() for _ in range(runs))


@dataclass(frozen=True, slots=True)
class _JournalGrowth:
    after_ms: float
    slowest_ms: float
    journal_bytes: int
    threshold_bytes: int
    #: Folding the grown journal into the store file, as the app does when idle.
    compaction_ms: float


def _after_many_writes(
    folder: Path, cipher: Cipher, people: Iterator[Person], runs: int
) -> _JournalGrowth:
    """``MANY_WRITES`` durable writes in one session, then the median of ``runs`` more; then
    the compaction the app does when it is idle (writes never compact)."""
    journal = journal_path(paths.store_file(folder))

    def write() -> float:
        return timed_ms(lambda: store.people.put(next(people)))

    with Store.open(folder, cipher=cipher) as store:
        store.people.put(next(people))  # a store without a journal compacts first
        slowest = max(write() for _ in range(MANY_WRITES))
        after = median_ms(lambda: store.people.put(next(people)), runs=runs, warm_up=0)
        journal_bytes = journal.stat().st_size
        threshold = max(COMPACT_MIN_BYTES, paths.store_file(folder).stat().st_size // 4)
        compaction = timed_ms(store.compact)
    return _JournalGrowth(after, slowest, journal_bytes, threshold, compaction)


def write_rows(workspace: Workspace, *, runs: int) -> list[Row]:
    """Insert one person durably into the full store, plain and encrypted; again after many
    writes (the journal grows); and the compaction a close does."""
    baseline = workspace.baseline_copy("write")
    people = _new_people()
    database = TinyDB(str(baseline), storage=JSONStorage)
    try:
        table = database.table("people")
        stock = median_ms(lambda: table.insert(to_document(next(people))), runs=runs)
    finally:
        database.close()
    cipher = workspace.cipher()
    plain = _write_ms(workspace.companion_copy("write-plain"), None, people, runs)
    encrypted = _write_ms(workspace.sealed_copy("write-encrypted"), cipher, people, runs)
    growth = _after_many_writes(workspace.sealed_copy("write-many"), cipher, people, runs)
    close_plain = _close_ms(workspace.companion_copy("close-plain"), None, people, runs)
    close_encrypted = _close_ms(workspace.sealed_copy("close-encrypted"), cipher, people, runs)

    def write_row(name: str, ours: float, note: str) -> Row:
        return Row(
            name=name,
            unit="ms",
            ours=ours,
            baseline=stock,
            baseline_name=STOCK_WRITE,
            runs=runs,
            budget=f"< {WRITE_BUDGET_MS:.0f} ms",
            within_budget=ours < WRITE_BUDGET_MS,
            note=note,
        )

    return [
        write_row("durable write, plain", plain, "one store.people.put, appended to the journal"),
        write_row("durable write, encrypted", encrypted, _encryption_note(encrypted, plain)),
        write_row(
            f"durable write after {MANY_WRITES:,} writes",
            growth.after_ms,
            (
                f"encrypted; journal then {_kib(growth.journal_bytes)}, folded in when idle past "
                f"{_kib(growth.threshold_bytes)} (max(4 MiB, store file / 4)); slowest of the "
                f"{MANY_WRITES:,} writes: {growth.slowest_ms:.1f} ms"
            ),
        ),
        Row(
            name=f"idle compaction after {MANY_WRITES:,} writes",
            unit="ms",
            ours=growth.compaction_ms,
            baseline=stock,
            baseline_name=f"{STOCK_WRITE} (full rewrite)",
            runs=1,
            note=(
                "encrypted; done only while the app is idle (checked every 3 minutes once the "
                f"journal passes {_kib(growth.threshold_bytes)}) and at close, never inside a "
                "user's write (one sample)"
            ),
        ),
        Row(
            name="close (compaction), plain",
            unit="ms",
            ours=close_plain,
            baseline=stock,
            baseline_name=f"{STOCK_WRITE} (full rewrite)",
            runs=runs,
            note="the whole store written to a new file, synced and renamed into place",
        ),
        Row(
            name="close (compaction), encrypted",
            unit="ms",
            ours=close_encrypted,
            baseline=stock,
            baseline_name=f"{STOCK_WRITE} (full rewrite)",
            runs=runs,
            note=_encryption_note(close_encrypted, close_plain),
        ),
    ]


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


#: The searched text fields of each stored table (what Ctrl+K folds).
_SEARCHED_FIELDS = {
    "people": ("name", "working_on", "notes", "organization", "also_known_as"),
    "encounters": ("note",),
    "offers": ("text",),
    "events": ("title", "organizer", "venue", "description"),
}


def _searched_text_mib(store: Store) -> float:
    """One copy of the searched text as Python strings: the floor for any index of it."""
    total = 0
    for table, fields in _SEARCHED_FIELDS.items():
        for document in store.table(table).values():
            for field in fields:
                value = document.get(field)
                for text in value if isinstance(value, list) else [value]:
                    if isinstance(text, str) and text:
                        total += sys.getsizeof(text)
    return total / 2**20


def _index_mib(folder: Path, cipher: Cipher) -> tuple[float, float, float]:
    """Ctrl+K's built index, the most its building held at once, and the searched text as
    stored, in MiB (tracemalloc)."""
    with Store.open(folder, cipher=cipher, read_only=True) as store:
        text_mib = _searched_text_mib(store)
        # What the app has loaded before the index is built, not counted as the index's: the
        # decoded events (Home), the opener library, rapidfuzz, Babel's dates.
        list(store.events)
        list(LibraryView(store, lambda: "en"))
        EverythingSearch(people=[], events=[], openers=[]).warm_up()
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            search = stored_search(store, lambda: "en")
            while not search.warm_up(WARM_UP_STEP):
                pass
            gc.collect()
            size, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        del search
    return (size - before) / 2**20, (peak - before) / 2**20, text_mib


def search_rows(workspace: Workspace, *, runs: int) -> list[Row]:
    """First search after opening, then one search per keystroke, against TinyDB queries."""
    folder = workspace.sealed_copy("search")
    cipher = workspace.cipher()
    baseline = workspace.baseline_copy("search")
    rows: list[Row] = []

    def first_search() -> float:
        with Store.open(folder, cipher=cipher, read_only=True) as store:
            return timed_ms(lambda: PeopleSearch(store.people).search(KEYSTROKES[0]))

    first = statistics.median(first_search() for _ in range(runs))

    def warmed_up() -> tuple[float, float]:
        """The largest idle warm-up step, then the first Ctrl+K keystroke after it."""
        with Store.open(folder, cipher=cipher, read_only=True) as store:
            gc.freeze()  # as the app does once its data is loaded
            search = stored_search(store, lambda: "en")
            steps = []
            done = False
            while not done:
                started = time.perf_counter()
                done = search.warm_up(WARM_UP_STEP)
                steps.append((time.perf_counter() - started) * 1000)
                gc.freeze()  # as the app does after each warm-up step
            first = timed_ms(lambda: search.search(KEYSTROKES[0]))
            gc.unfreeze()
            return max(steps), first

    warm_figures = [warmed_up() for _ in range(runs)]
    warm_step = statistics.median(step for step, _first in warm_figures)
    first_warm = statistics.median(first for _step, first in warm_figures)
    with Store.open(folder, cipher=cipher, read_only=True) as store:
        people_search = PeopleSearch(store.people)
        ours = _per_keystroke_ms(people_search.search, runs=runs)
        everything = stored_search(store, lambda: "en")
        everything.prepare()
        gc.freeze()  # the app freezes its store and index once they are loaded
        everywhere = _per_keystroke_ms(everything.search, runs=runs)
        worst_everywhere = max(
            timed_ms(lambda word=word: everything.search(word)) for word in KEYSTROKES * runs
        )
        gc.unfreeze()

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
            name="search everything (Ctrl+K), per keystroke",
            unit="ms",
            ours=everywhere,
            baseline=stock,
            baseline_name="TinyDB JSONStorage regex query (people only)",
            runs=runs,
            budget=f"< {KEYSTROKE_BUDGET_MS:.0f} ms",
            within_budget=worst_everywhere < KEYSTROKE_BUDGET_MS,
            note=(
                f"people (with the notes of their encounters and promises), events and openers, "
                "after prepare(); worst keystroke "
                f"{worst_everywhere:.1f} ms"
            ),
        )
    )
    rows.append(
        Row(
            name="Ctrl+K, first keystroke after idle warm-up",
            unit="ms",
            ours=first_warm,
            baseline=stock,
            baseline_name="TinyDB JSONStorage regex query",
            runs=runs,
            budget=f"< {KEYSTROKE_BUDGET_MS:.0f} ms",
            within_budget=first_warm < KEYSTROKE_BUDGET_MS and warm_step < KEYSTROKE_BUDGET_MS,
            note=(
                f"the app folds {WARM_UP_STEP} records per idle step after start; largest step "
                f"{warm_step:.1f} ms"
            ),
        )
    )
    index_mib, index_peak_mib, text_mib = _index_mib(folder, cipher)
    rows.append(
        Row(
            name="Ctrl+K index, memory",
            unit="MiB",
            ours=index_mib,
            baseline=text_mib,
            baseline_name="the searched text itself, one copy",
            runs=1,
            budget="informative",
            within_budget=True,
            note=(
                "tracemalloc of the folded index of every person, note, event and opener, "
                f"built in idle steps as the app does; at most {index_peak_mib:.1f} MiB while "
                "it is built"
            ),
        )
    )
    rows.append(
        Row(
            name="search, first after open",
            unit="ms",
            ours=first,
            baseline=stock,
            baseline_name="TinyDB JSONStorage regex query",
            runs=runs,
            budget="informative",
            within_budget=True,
            note=(
                "cold, without the idle warm-up: decoding and folding every person once "
                "(PeopleSearch.prepare())"
            ),
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
