"""Tray and Home counts (promises due, reconnects) over the synthetic store.

They are recomputed on every data change and at the change of day, so they must stay far below a
frame. The baseline is the same question asked of stock TinyDB with ``JSONStorage`` through its
query language: every open offer with a due date up to today.
"""

from __future__ import annotations

from datetime import date

from figures import Row, median_ms
from tinydb import Query, TinyDB
from workspace import Workspace

from companion.services.promises.promises import promise_counts
from companion.storage.store import Store

BUDGET_MS = 16.0


def promise_counts_rows(workspace: Workspace, *, runs: int) -> list[Row]:
    folder = workspace.sealed_copy("promise-counts")
    today = date.today()
    with Store.open(folder, cipher=workspace.cipher(), read_only=True) as store:
        ours = median_ms(lambda: promise_counts(store, today), runs=runs)
    baseline_db = TinyDB(workspace.baseline_copy("promise-counts"))
    offer = Query()
    cutoff = today.isoformat()

    def tinydb_due() -> None:
        baseline_db.table("offers").search(
            (offer.status == "open") & offer.due.test(lambda due: bool(due) and due <= cutoff)
        )

    baseline = median_ms(tinydb_due, runs=runs)
    baseline_db.close()
    return [
        Row(
            name="promise and reconnect counts (tray, Home)",
            unit="ms",
            ours=ours,
            baseline=baseline,
            baseline_name="TinyDB query, offers due only",
            runs=runs,
            budget="< 16 ms",
            within_budget=ours < BUDGET_MS,
        )
    ]
