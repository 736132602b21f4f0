"""What the person page says in words: timeline lines, promise states, the next reconnect.

Plain functions over the services' records (no widgets), so the wording is easy to test.
"""

from __future__ import annotations

import html
from datetime import date

from babel.dates import format_skeleton

from companion.domain.people import ENCOUNTER_KIND_LABELS, Person, Promise, PromiseStatus
from companion.i18n import _, ngettext
from companion.i18n.formats import format_date
from companion.i18n.translate import current_locale
from companion.i18n.written_dates import read_iso
from companion.services.promises.promises import cadence_label
from companion.services.promises.timeline import TimelineEntry, TimelineKind


def timeline_text(entry: TimelineEntry) -> str:
    """Two lines: the day and what happened, then the note or promise (if any)."""
    day = format_date(entry.on)
    if entry.kind is TimelineKind.ENCOUNTER:
        kind = _(ENCOUNTER_KIND_LABELS[entry.encounter_kind]) if entry.encounter_kind else ""
        if entry.event_title:
            headline = _("{day} · {kind} at {event}").format(
                day=day, kind=kind, event=entry.event_title
            )
        else:
            headline = _("{day} · {kind}").format(day=day, kind=kind)
        return f"{headline}\n{entry.text}" if entry.text else headline
    what = {
        TimelineKind.PROMISE_MADE: _("{day} · Promised"),
        TimelineKind.PROMISE_DONE: _("{day} · Kept a promise"),
        TimelineKind.PROMISE_DROPPED: _("{day} · Dropped a promise"),
    }[entry.kind]
    return f"{what.format(day=day)}\n{entry.text}"


def due_text(due: date, today: date) -> str:
    days = (due - today).days
    if days == 0:
        return _("due today")
    if days < 0:
        return ngettext("{count} day overdue", "{count} days overdue", -days).format(count=-days)
    return _("due {day}").format(day=format_date(due))


def promise_state_text(promise: Promise, today: date) -> str:
    """ "due Fri, Nov 27" / "3 days overdue" / "Done on Nov 20" / "Dropped on …" / "open"."""
    if promise.status is PromiseStatus.DONE:
        return (
            _("Done on {day}").format(day=format_date(promise.done_on))
            if promise.done_on
            else _("Done")
        )
    if promise.status is PromiseStatus.DROPPED:
        return (
            _("Dropped on {day}").format(day=format_date(promise.done_on))
            if promise.done_on
            else _("Dropped")
        )
    return due_text(promise.due, today) if promise.due else _("Open, no due date")


def follow_up_text(person: Person, due: date | None, today: date) -> str:
    follow_up = person.follow_up
    if follow_up is None:
        return _("No reconnect planned.")
    if due is None:
        # A cadence without any encounter yet: it starts counting at the first one.
        cadence = cadence_label(follow_up.cadence_days or 0)
        return _("{cadence}, counted from your next encounter.").format(cadence=cadence)
    days = (due - today).days
    if days > 0:
        when = _("Reconnect on {day}").format(day=format_date(due))
    elif days == 0:
        when = _("Reconnect today")
    else:
        when = ngettext(
            "Reconnect: {count} day overdue", "Reconnect: {count} days overdue", -days
        ).format(count=-days)
    if follow_up.cadence_days and follow_up.next_date is None:
        return _("{when} · {cadence}").format(
            when=when, cadence=cadence_label(follow_up.cadence_days)
        )
    return when


def contacts_html(person: Person) -> str:
    """Emails as mailto links, phones as tel links, web links clickable; escaped."""
    lines: list[str] = []
    for email in person.emails:
        quoted = html.escape(email, quote=True)
        lines.append(f'<a href="mailto:{quoted}">{html.escape(email)}</a>')
    for phone in person.phones:
        dial = html.escape("".join(c for c in phone if c.isdigit() or c == "+"), quote=True)
        lines.append(f'<a href="tel:{dial}">{html.escape(phone)}</a>')
    for link in person.links:
        target = link if "://" in link else f"https://{link}"
        lines.append(f'<a href="{html.escape(target, quote=True)}">{html.escape(link)}</a>')
    return "<br>".join(lines)


def initials(name: str) -> str:
    parts = [part for part in name.split() if part[:1].isalnum()]
    letters = "".join(part[0] for part in parts[:2]) or name[:1]
    return letters.upper()


def birthday_text(birthday: str) -> str:
    """ "April 12, 1990" or, without a year, "April 12"."""
    found = read_iso(birthday)
    try:
        if found is None:
            return birthday
        if found.year is None:  # 2000: a leap year, so 29 February has a name too
            day = date(2000, found.month, found.day)
            return str(format_skeleton("MMMMd", day, locale=current_locale()))
        return format_date(date(found.year, found.month, found.day), width="long")
    except ValueError:
        return birthday
