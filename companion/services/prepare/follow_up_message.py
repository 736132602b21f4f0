"""A short follow-up message to someone I met: where we met and what I promised, ready for the
mail client (a ``mailto:`` address) or the clipboard.

Where we met is the latest encounter at an event (its title and day, by Babel in the user's
locale), else the day we first met. What I promised is the one promise asked for, else the
open promises to them. The words are a start; the user edits them before sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from companion.domain.events import Event
from companion.domain.people import Person, Promise, PromiseStatus
from companion.i18n import _, ngettext
from companion.i18n.formats import format_date
from companion.services.promises.promises import promises_of
from companion.storage.store import Store

MAX_PROMISES = 3
MAX_SUBJECT_PROMISE = 60


class FollowUpError(LookupError):
    """The person (or promise) to follow up is not stored; ``str()`` says which."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowUpMessage:
    to: str  # the person's first email address, "" when none is known
    subject: str
    body: str


def follow_up_message(
    store: Store, person_id: str, *, promise_id: str | None = None, locale: str | None = None
) -> FollowUpMessage:
    """The message to ``person_id`` (about the promise ``promise_id`` when given).

    Raises:
        FollowUpError: no person (or no promise of theirs) has that id.
    """
    person = store.people.get(person_id)
    if person is None:
        raise FollowUpError(_("There is no person with the id “{id}”.").format(id=person_id))
    promises = _promises(store, person, promise_id)
    met_at = _where_we_met(store, person)
    first_name = person.name.split()[0]
    lines = [_("Hi {name},").format(name=first_name), ""]
    if met_at is not None:
        event, day = met_at
        lines.append(
            _("it was good to meet you at {event} on {day}.").format(
                event=event.title, day=format_date(day, width="long", locale=locale)
            )
        )
    elif person.first_met is not None:
        lines.append(
            _("it was good to meet you on {day}.").format(
                day=format_date(person.first_met, width="long", locale=locale)
            )
        )
    else:
        lines.append(_("it was good to talk to you."))
    if len(promises) == 1:
        lines += ["", _("As promised: {promise}").format(promise=promises[0].text)]
    elif promises:
        lines += ["", _("As promised:"), *(f"- {promise.text}" for promise in promises)]
    lines += [
        "",
        _("Let me know what you think – and whether there is anything else I can help with."),
        "",
        _("Best wishes"),
    ]
    return FollowUpMessage(
        to=person.emails[0] if person.emails else "",
        subject=_subject(promises, met_at[0] if met_at else None),
        body="\n".join(lines),
    )


def mailto_url(message: FollowUpMessage) -> str:
    """A ``mailto:`` address that opens the message in the mail client (RFC 6068)."""
    query = f"subject={quote(message.subject, safe='')}&body={quote(message.body, safe='')}"
    return f"mailto:{quote(message.to, safe='@')}?{query}"


def _promises(store: Store, person: Person, promise_id: str | None) -> list[Promise]:
    promises = promises_of(store, person.id)
    if promise_id is None:
        return [promise for promise in promises if promise.status is PromiseStatus.OPEN][
            :MAX_PROMISES
        ]
    chosen = [promise for promise in promises if promise.id == promise_id]
    if not chosen:
        raise FollowUpError(_("There is no promise with the id “{id}”.").format(id=promise_id))
    return chosen


def _where_we_met(store: Store, person: Person) -> tuple[Event, date] | None:
    """The event of my latest encounter with ``person`` at one, and the day it took place."""
    person_ids = store.encounters.field_values("person_id")
    latest: tuple[date, Event] | None = None
    for key, owner in person_ids.items():
        if owner != person.id:
            continue
        encounter = store.encounters.get(key)
        if encounter is None or encounter.event_id is None:
            continue
        event = store.events.get(encounter.event_id)
        if event is not None and (latest is None or encounter.on > latest[0]):
            latest = (encounter.on, event)
    if latest is None:
        return None
    event = latest[1]
    # The evening itself, not the day I noted it (a capture the morning after, say).
    day = event.start.date() if event.all_day else event.start.astimezone().date()
    return event, day


def _subject(promises: list[Promise], event: Event | None) -> str:
    if len(promises) == 1:
        text = promises[0].text
        if len(text) > MAX_SUBJECT_PROMISE:
            text = text[: MAX_SUBJECT_PROMISE - 1].rstrip() + "…"
        return _("As promised: {promise}").format(promise=text)
    if promises:
        return ngettext(
            "The thing I promised", "The {count} things I promised", len(promises)
        ).format(count=len(promises))
    if event is not None:
        return _("Following up from {event}").format(event=event.title)
    return _("Good to meet you")
