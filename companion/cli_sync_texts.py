"""What the ``companion sync`` commands print about accounts: the one just added, the list of
accounts, and an account's address books and calendars with the chosen ones marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from companion.i18n import _, ngettext
from companion.services.sync.sync_replies import no_accounts_text

if TYPE_CHECKING:
    from companion.domain.sync_accounts import SyncAccount


def book_lines(account: SyncAccount) -> list[str]:
    """One indented line per address book, the one people sync with marked."""
    mark = _("(people sync here)")  # outside the f-string, where the extractor sees it
    return [
        f"  {book.name or book.href} {mark if book.href == account.address_book else ''}".rstrip()
        for book in account.address_books
    ]


def calendar_lines(account: SyncAccount) -> list[str]:
    """One indented line per calendar, the ones whose events come in marked."""
    from companion.domain.sync_accounts import calendars_to_read

    read = calendars_to_read(account)
    mark = _("(its events come in)")
    return [
        f"  {calendar.name or calendar.href} {mark if calendar.href in read else ''}".rstrip()
        for calendar in account.calendars
    ]


def added_text(account: SyncAccount) -> str:
    """What ``sync add`` found on the server and what will go where."""
    from companion import APP_NAME
    from companion.domain.sync_accounts import display_server

    books = account.address_books
    calendars = account.calendars
    lines = [
        _("Added the sync account “{name}” ({server}, user {user}).").format(
            name=account.name, server=display_server(account.url), user=account.user
        ),
        ngettext("Found {count} address book:", "Found {count} address books:", len(books)).format(
            count=len(books)
        )
        if books
        else _("Found no address book."),
        *book_lines(account),
        ngettext("Found {count} calendar:", "Found {count} calendars:", len(calendars)).format(
            count=len(calendars)
        )
        if calendars
        else _("Found no calendar."),
        *calendar_lines(account),
        sharing_text(account),
    ]
    if calendars:
        lines.append(
            _(
                "Promises and reconnects go to a task list “{list}” on the server, with only "
                "the promise's text, the person's name and the due day."
            ).format(list=APP_NAME)
        )
    lines.append(
        _("The password is in your keychain.")
        if account.in_keychain
        else _("The password is kept in your encrypted data (there is no usable keychain).")
    )
    return "\n".join(lines) + "\n"


def collection_lines(account: SyncAccount) -> list[str]:
    """The account's address books and calendars, the chosen ones marked, and how to choose."""
    lines = [_("Address books of “{name}”:").format(name=account.name), *book_lines(account)]
    if not account.address_books:
        lines.append("  " + _("none"))
    if not account.address_book:
        lines.append("  " + _("(no address book chosen: people are not synced)"))
    lines += [_("Calendars of “{name}”:").format(name=account.name), *calendar_lines(account)]
    if not account.calendars:
        lines.append("  " + _("none"))
    lines.append(
        _(
            "Choose with: companion sync address-book “{name}” BOOK, "
            "companion sync calendars “{name}” CALENDAR…"
        ).format(name=account.name)
    )
    return lines


def sharing_text(account: SyncAccount) -> str:
    if account.share_notes and account.share_interests:
        return _("People go to the server with their interests and your private notes.")
    if account.share_notes:
        return _("People go to the server with your private notes; their interests stay here.")
    if account.share_interests:
        return _(
            "People go to the server with their interests; your notes, encounters and "
            "promises stay here."
        )
    return _("People go to the server without their interests; your notes stay here.")


def listing(accounts: list[SyncAccount]) -> str:
    """One aligned row per account: name, server, user, last sync, last problem."""
    if not accounts:
        return no_accounts_text() + "\n"
    from companion.domain.sync_accounts import display_server
    from companion.i18n.formats import format_datetime

    rows = [
        (
            account.name,
            display_server(account.url),
            account.user,
            format_datetime(account.last_sync) if account.last_sync else _("never synced"),
            account.last_error,
        )
        for account in accounts
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)).rstrip()
        + (f"  {row[4]}" if row[4] else "")
        + "\n"
        for row in rows
    )
