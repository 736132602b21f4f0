"""When a contact was made on the phone, as its card tells.

What the clients write (checked December 2026): iOS's CardDAV cards carry ``REV`` in the
extended form ("REV:2027-02-28T18:32:00Z"), the time the contact was saved on the phone;
DAVx⁵ (vcard4android, ez-vcard) sets ``REV`` to the moment it uploads the card
("REV:20270228T183012Z" in vCard 4); Nextcloud's Contacts app writes ``REV`` on every save
(vCard 4, ical.js). RFC 9554 adds ``CREATED`` (vCard 4), the moment the card was made. The
server's ``getlastmodified`` is the upload time again, no better than DAVx⁵'s REV, so it is
not asked for. Best first: ``CREATED``, then ``REV``; a time in the future (a phone's wrong
clock) or long before the card came in (a contact restored from an old backup) is not
believed, and the time the card came in here is used instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from companion.i18n.written_dates import read_timestamp

__all__ = ["MAX_CARD_AGE", "card_made_at"]

#: A card made longer than this before it came in was not made at a recent meeting.
MAX_CARD_AGE = timedelta(days=30)
#: Phones' clocks drift: a time a little after the card came in is still believed.
_CLOCK_SKEW = timedelta(minutes=10)


def _values(lines: Iterable[str], wanted: str) -> Iterable[str]:
    for line in lines:
        name, colon, value = line.partition(":")
        if colon and name.split(";", 1)[0].rsplit(".", 1)[-1].strip().upper() == wanted:
            yield value


def card_made_at(lines: Iterable[str], *, arrived: datetime) -> datetime:
    """The best time the card gives for when it was made, else ``arrived``."""
    lines = tuple(lines)
    for wanted in ("CREATED", "REV"):
        for value in _values(lines, wanted):
            moment = read_timestamp(value)
            if moment is not None and arrived - MAX_CARD_AGE <= moment <= arrived + _CLOCK_SKEW:
                return moment
    return arrived
