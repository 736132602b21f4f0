"""How often a repeating event repeats, estimated from its rules before expanding them.

Expanding a rule like ``FREQ=SECONDLY`` over the import window would take minutes, so such series
are refused first (RFC 5545 3.3.10).
"""

from __future__ import annotations

from typing import Any

_PER_DAY = {
    "SECONDLY": 86400.0,
    "MINUTELY": 1440.0,
    "HOURLY": 24.0,
    "DAILY": 1.0,
    "WEEKLY": 1 / 7,
    "MONTHLY": 1 / 28,
    "YEARLY": 1 / 365,
}
_TIME_PARTS = {"BYHOUR": 1, "BYMINUTE": 1, "BYSECOND": 1}
# How much each BYxxx part can multiply a rule of that frequency (RFC 5545 3.3.10, "expand");
# a part missing here only filters, so it cannot make a rule repeat more often.
_EXPANDS = {
    "DAILY": _TIME_PARTS,
    "WEEKLY": {**_TIME_PARTS, "BYDAY": 1},
    "MONTHLY": {**_TIME_PARTS, "BYDAY": 5, "BYMONTHDAY": 1},
    "YEARLY": {
        **_TIME_PARTS,
        "BYMONTH": 1,
        "BYWEEKNO": 7,
        "BYYEARDAY": 1,
        "BYMONTHDAY": 12,
        "BYDAY": 53,
    },
}


def daily_rate(component: Any) -> float:
    """A generous estimate of how many times a day the event's rules repeat it.

    Expanding a rule like ``FREQ=SECONDLY`` over the import window would take minutes, so
    such series are refused before they are expanded.
    """
    rules = component.get("RRULE")
    rate = 0.0
    for rule in rules if isinstance(rules, list) else ([rules] if rules is not None else []):
        frequency = str((rule.get("FREQ") or ["DAILY"])[0]).upper()
        try:
            interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
        except (TypeError, ValueError):
            interval = 1
        one = _PER_DAY.get(frequency, 1.0) / interval
        for part, factor in _EXPANDS.get(frequency, {}).items():
            values = rule.get(part)
            if values:
                if (
                    frequency == "YEARLY"
                    and rule.get("BYMONTH")
                    and part in {"BYDAY", "BYMONTHDAY"}
                ):
                    # With BYMONTH they expand within each chosen month, not the whole year.
                    factor = 5 if part == "BYDAY" else 1
                one *= len(values) * factor
        rate += one
    return rate
