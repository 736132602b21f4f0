"""Time to plan and apply the import of a generated 2,000-event ``.ics`` file (target < 3 s).

Run: ``.venv/bin/python benchmarks/ics_import.py [--events N] [--repeat R]``. Prints one line
per run and the best time. The file mixes what real exports hold: UTC and TZID times, folded
descriptions, escaped commas, a few weekly series; the store is a fresh one in a temp folder.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from figures import Row, median_ms

from companion.services.events.event_import import apply_event_import, plan_event_import
from companion.services.profile.interests import interest_inference
from companion.storage.store import Store

TARGET_SECONDS = 3.0
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def generated_ics(count: int) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Meetup//RemoteApi//EN",
        "X-WR-CALNAME:Benchmark Group",
    ]
    for index in range(count):
        moment = NOW + timedelta(hours=7 * index)
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{index}@example.org",
            f"DTSTAMP:{NOW:%Y%m%dT%H%M%SZ}",
            f"DTSTART;TZID=Europe/Berlin:{moment:%Y%m%dT%H%M%S}"
            if index % 2
            else f"DTSTART:{moment:%Y%m%dT%H%M%SZ}",
            f"DTEND:{moment + timedelta(hours=2):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:Board games\\, climbing and talks #{index}",
            "DESCRIPTION:Benchmark Group\\nA long description that is folded over several "
            "lines because",
            " exporters fold at 75 octets\\, as RFC 5545 asks.",
            "LOCATION:Community hall\\, Main street 1",
            f"URL:https://example.org/events/{index}",
            "CATEGORIES:Games,Sport",
        ]
        if index % 200 == 0:
            lines.append("RRULE:FREQ=WEEKLY;COUNT=10")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def one_run(data: bytes) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "data") as store:
        started = time.perf_counter()
        plan = plan_event_import(
            store,
            data,
            file_name="bench.ics",
            now=NOW,
            infer_interests=interest_inference(store),
        )
        summary = apply_event_import(store, plan)
        return time.perf_counter() - started, summary.added


def ics_rows(*, runs: int, events: int = 2000) -> list[Row]:
    """Plan and apply a generated ``events``-event calendar, against icalendar's bare parse."""
    import icalendar

    data = generated_ics(events)
    ours = median_ms(lambda: one_run(data), runs=runs)
    bare = median_ms(lambda: list(icalendar.Calendar.from_ical(data).walk("VEVENT")), runs=runs)
    return [
        Row(
            name=f"ics import, {events:,} events",
            unit="ms",
            ours=ours,
            baseline=bare,
            baseline_name="icalendar parse only (no checks, no interests)",
            runs=runs,
            budget=f"< {TARGET_SECONDS:.0f} s",
            within_budget=ours < TARGET_SECONDS * 1000,
            note="plan (parse, check, infer interests, match) + apply in one durable write",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    data = generated_ics(options.events)
    times = []
    for run in range(options.repeat):
        seconds, added = one_run(data)
        times.append(seconds)
        print(f"run {run + 1}: {seconds:.3f} s to plan and apply ({added} events added)")
    best = min(times)
    verdict = "OK" if best < TARGET_SECONDS else "TOO SLOW"
    print(
        f"ics import of {options.events} events: best {best:.3f} s "
        f"(target < {TARGET_SECONDS:.0f} s) {verdict}"
    )


if __name__ == "__main__":
    main()
