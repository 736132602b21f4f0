"""Duplicate detection across the synthetic store's people (budget: 10,000 people < 2 s).

The baseline is the all-pairs way (every name against every other with the same scorer),
timed on the first 1,000 people and scaled by the square of the size: it is quadratic.
"""

from __future__ import annotations

from figures import Row, median_ms
from rapidfuzz import fuzz, process
from workspace import Workspace

from companion.domain.contact_keys import folded_name_key
from companion.domain.duplicates import NAME_THRESHOLD, find_duplicates
from companion.storage.store import Store

BUDGET_MS = 2000.0
SAMPLE = 1000


def duplicates_rows(workspace: Workspace, *, runs: int) -> list[Row]:
    folder = workspace.sealed_copy("duplicates")
    with Store.open(folder, cipher=workspace.cipher(), read_only=True) as store:
        people = store.people.all()
    ours = median_ms(lambda: find_duplicates(people), runs=runs)
    sample = [folded_name_key(person.name) for person in people[:SAMPLE]]

    def all_pairs() -> None:
        for name in sample:
            process.extract(
                name, sample, scorer=fuzz.ratio, score_cutoff=NAME_THRESHOLD, limit=None
            )

    scale = (len(people) / max(1, len(sample))) ** 2
    baseline = median_ms(all_pairs, runs=max(1, runs // 2)) * scale
    return [
        Row(
            name=f"find duplicates in {len(people):,} people",
            unit="ms",
            ours=ours,
            baseline=baseline,
            baseline_name="all pairs (extrapolated)",
            runs=runs,
            budget="< 2 s",
            within_budget=ours < BUDGET_MS,
        )
    ]
