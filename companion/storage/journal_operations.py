"""Journal entries worked out and combined: what changed between two states of the tables
(TinyDB's own whole-state writes), and two entries as one (a batch inside a batch)."""

from __future__ import annotations

from typing import Any

from companion.storage.journal import Operations
from companion.storage.store_file import Tables


def diff(before: Tables | None, after: Tables) -> Operations:
    """What changed from ``before`` to ``after``, by table and document identity."""
    old = before or {}
    changed: dict[str, Any] = {}
    for name, table in after.items():
        previous = old.get(name)
        if table is previous:
            continue
        if previous is None:
            puts, deletes = dict(table), []
        else:
            puts = {key: doc for key, doc in table.items() if previous.get(key) is not doc}
            deletes = [key for key in previous if key not in table]
        if puts or deletes or previous is None:
            changed[name] = {"put": puts, "del": deletes}
    return {"tables": changed, "drop": [name for name in old if name not in after]}


def merge(first: Operations, second: Operations) -> Operations:
    """One entry with the effect of ``first`` then ``second``."""
    tables: dict[str, Any] = {
        name: {"put": dict(ops["put"]), "del": list(ops["del"])}
        for name, ops in first.get("tables", {}).items()
    }
    drop = list(first.get("drop", []))
    for name in second.get("drop", []):
        tables.pop(name, None)
        if name not in drop:
            drop.append(name)
    for name, ops in second.get("tables", {}).items():
        target = tables.setdefault(name, {"put": {}, "del": []})
        for key in ops["del"]:
            target["put"].pop(key, None)
            if key not in target["del"]:
                target["del"].append(key)
        for key, document in ops["put"].items():
            target["put"][key] = document
    return {"tables": tables, "drop": drop}
