"""``companion events``: the events with their ids, for ``companion prep`` and scripts."""

from __future__ import annotations

from pathlib import Path

from companion import paths
from companion.cli_commands import EXIT_BAD_INPUT, EXIT_OK, ask_passphrase, print_error
from companion.domain.events import Event
from companion.i18n import _
from companion.i18n.formats import format_date, format_days, format_time, local_timezone
from companion.services.clock import system_clock
from companion.services.data.session import open_session
from companion.services.events.event_lookup import events_in_order, find_events
from companion.storage.store import Store


def event_line(event: Event) -> str:
    """``ID<tab>Nov 28, 2026 7:00 PM<tab>Title``: the id first, so ``cut -f1`` finds it.

    An all-day event says its days as they are (``Dec 8, 2026, all day``), never moved to the
    user's time zone: in New York its midnight start fell on the day before."""
    if event.all_day:
        days = format_days(event.first_day, event.last_day, skeleton="yMMMd")
        when = _("{date}, all day").format(date=days)
    else:
        local = event.start.astimezone(local_timezone())
        when = f"{format_date(local.date())} {format_time(event.start)}"
    return f"{event.id}\t{when}\t{event.title}"


def run_events(data_dir: Path, *, upcoming: bool) -> int:
    """List events oldest first (``upcoming``: only those not yet over). Read-only."""
    if not paths.store_file(data_dir).exists():
        print_error(_("there are no events yet; import some with: companion import FILE.ics"))
        return EXIT_OK
    with open_session(data_dir, ask_passphrase, read_only=True) as session:
        events = events_in_order(session.store, upcoming_after=system_clock() if upcoming else None)
        for event in events:
            print(event_line(event))
    if not events:
        print_error(_("no upcoming events") if upcoming else _("no events"))
    return EXIT_OK


def resolve_event(store: Store, reference: str) -> str | None:
    """The id of the one event ``reference`` names (an id or a piece of a title).

    None: nothing or several matched, and that was said on standard error (with the several).
    """
    found = find_events(store, reference)
    if len(found) == 1:
        return found[0].id
    if not found:
        print_error(_("no event has the id or a title with “{text}”").format(text=reference))
        return None
    print_error(
        _("“{text}” matches several events; give more of the title, or the id:").format(
            text=reference
        )
    )
    for event in found:
        print_error("  " + event_line(event))
    return None


__all__ = ["EXIT_BAD_INPUT", "event_line", "resolve_event", "run_events"]
