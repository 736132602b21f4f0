"""A capture's durable write at 1,000, 10,000 and 100,000 people: the cost should be flat.

A write puts its documents straight into the in-memory tables and appends one journal entry,
so it costs the size of the change, not of the store. Measured: ``CaptureRecords.write`` (a
new person, an encounter and a promise in one batch) on an encrypted store of each size, and
the same three inserts with stock TinyDB ``JSONStorage`` on a file of the same documents.

    .venv/bin/python benchmarks/write_scaling.py [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from itertools import count
from pathlib import Path

import orjson
from figures import Row, median_ms, table
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from companion.domain.people import Encounter, Person, Promise
from companion.services.people.capture import CaptureRecords
from companion.storage.codec import to_document
from companion.storage.encryption import AesGcmCipher, new_data_key, new_key_id
from companion.storage.store import Store

SIZES = (1_000, 10_000, 100_000)
TODAY = date(2026, 11, 25)
#: Stock TinyDB rewrites the whole file three times per capture: a few runs say enough.
STOCK_RUNS = 3


def _people_documents(size: int) -> dict[str, dict[str, object]]:
    template = to_document(
        Person(
            id="template",
            name="Template",
            emails=("someone@example.org",),
            interests=("board-games", "climbing"),
            working_on="A community repair café in the old library building.",
            notes="Met at the repair café; wants to learn soldering. " * 3,
        )
    )
    return {
        f"p{number:06d}": {**template, "id": f"p{number:06d}", "name": f"Person {number}"}
        for number in range(size)
    }


def _captures() -> CaptureRecords:
    number = next(_numbers)
    person = Person(id=f"new-{number}", name=f"Quillon Benchmark {number}")
    encounter = Encounter(person_id=person.id, on=TODAY, note="Met at the climbing gym")
    promise = Promise(person_id=person.id, text="Send the paper on route setting", created=TODAY)
    return CaptureRecords(person, True, encounter, promise, [])


_numbers = count()


def _ours_ms(folder: Path, documents: dict[str, dict[str, object]], runs: int) -> float:
    cipher = AesGcmCipher(new_data_key(), new_key_id())
    with Store.open(folder, cipher=cipher) as store:
        store.replace_everything({**store.tables(), "people": documents})
    with Store.open(folder, cipher=cipher) as store:
        return median_ms(lambda: _captures().write(store), runs=runs)


def _stock_ms(path: Path, documents: dict[str, dict[str, object]], runs: int) -> float:
    content = {"people": dict(enumerate(documents.values(), start=1))}
    path.write_bytes(orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS))
    database = TinyDB(str(path), storage=JSONStorage)
    try:
        people, encounters, promises = (
            database.table(name) for name in ("people", "encounters", "offers")
        )

        def capture() -> None:
            records = _captures()
            people.insert(to_document(records.person))
            encounters.insert(to_document(records.encounter))
            assert records.promise is not None
            promises.insert(to_document(records.promise))

        return median_ms(capture, runs=min(runs, STOCK_RUNS))
    finally:
        database.close()


def write_scaling_rows(*, runs: int, sizes: tuple[int, ...] = SIZES) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="write-scaling-") as scratch:
        for size in sizes:
            documents = _people_documents(size)
            ours = _ours_ms(Path(scratch) / f"ours-{size}", documents, runs)
            stock = _stock_ms(Path(scratch) / f"stock-{size}.json", documents, runs)
            rows.append(
                Row(
                    name=f"capture write at {size:,} people",
                    unit="ms",
                    ours=ours,
                    baseline=stock,
                    baseline_name="TinyDB JSONStorage: insert person, encounter, promise",
                    runs=runs,
                    budget="< 30 ms, flat",
                    within_budget=ours < 30,
                    note="person + encounter + promise in one journal entry, encrypted, fsync'd",
                )
            )
            del documents
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    print(table(write_scaling_rows(runs=options.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
