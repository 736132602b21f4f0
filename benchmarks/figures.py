"""Figures of one benchmark run: medians, ratios against the baseline, budgets, the table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def median_ms(action: Callable[[], object], *, runs: int, warm_up: int = 1) -> float:
    """Median wall time of ``action`` in milliseconds, after ``warm_up`` unmeasured calls."""
    for _ in range(warm_up):
        action()
    return statistics.median(timed_ms(action) for _ in range(runs))


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """One line of the table: our figure, the baseline's, and the budget it is held to.

    ``ours`` is ``None`` when it could not be measured (``note`` says why).
    """

    name: str
    unit: str
    ours: float | None
    baseline: float | None
    baseline_name: str
    runs: int
    budget: str = ""
    within_budget: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.baseline:
            return None
        return self.ours / self.baseline

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio}


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 100 else f"{value:.0f} ms"
    return f"{value:.0f} {unit}"


def _verdict(row: Row) -> str:
    if row.within_budget is None:
        return row.budget
    return f"{row.budget} {'ok' if row.within_budget else 'MISSED'}"


def table(rows: list[Row]) -> str:
    """The rows as a plain-text table (ratio = ours / baseline: below 1 means faster)."""
    header = ("benchmark", "Common Ground", "baseline", "ratio", "runs", "budget", "baseline is")
    lines = [
        (
            row.name,
            _number(row.ours, row.unit),
            _number(row.baseline, row.unit),
            "n/a" if row.ratio is None else f"{row.ratio:.2f}x",
            str(row.runs),
            _verdict(row),
            row.baseline_name,
        )
        for row in rows
    ]
    widths = [max(len(cells[index]) for cells in [header, *lines]) for index in range(len(header))]
    rule = "  ".join("-" * width for width in widths)

    def joined(cells: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    out = [joined(header).rstrip(), rule, *(joined(cells).rstrip() for cells in lines)]
    notes = [f"  * {row.name}: {row.note}" for row in rows if row.note]
    if notes:
        out += ["", "notes:", *notes]
    return "\n".join(out)
