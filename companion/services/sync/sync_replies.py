"""What a sync round says to the terminal, the same whether it ran in ``companion sync`` or
was forwarded to the running app: a line per account, what needs a look, problems on
standard error (exit 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from companion.i18n import _, ngettext
from companion.services.changes import ChangeSet
from companion.services.instance.instance_messages import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    Reply,
)

if TYPE_CHECKING:
    from companion.services.sync.sync_round import RoundSummary
    from companion.storage.store import Store


def no_accounts_text() -> str:
    return _("You have no sync accounts yet: companion sync add NAME --url URL --user USER")


def summaries_reply(summaries: Sequence[RoundSummary]) -> Reply:
    """What a round prints, per account; exit 1 when any account had a problem.

    The window's handler of a forwarded ``sync`` answers with this too.
    """
    out: list[str] = []
    errors: list[str] = []
    for summary in summaries:
        if summary.problem and not summary.moved_anything():
            pass  # "0 in, 0 out" above the error would read like a round that went well
        else:
            out.append(summary.text())
        if not summary.address_book_chosen and not summary.problem:
            out.append(
                "  "
                + _(
                    "People are not synced: no address book is chosen "
                    "(companion sync address-book {name} BOOK)"
                ).format(name=summary.account_name)
            )
        if summary.conflicts:
            out.append(
                "  "
                + _(
                    "Changed on both sides (yours kept, the server's in their notes): {names}"
                ).format(names=", ".join(summary.conflicts))
            )
        if summary.possible_duplicates:
            out.append("  " + _("New, and maybe someone you have (see Find duplicates):"))
            out.extend(f"    {line}" for line in summary.possible_duplicates)
        if summary.kept_on_server:
            out.append(
                "  "
                + ngettext(
                    "{count} person you deleted here is still on the server; to delete it "
                    "there too: companion sync allow-deletes {name}",
                    "{count} people you deleted here are still on the server; to delete them "
                    "there too: companion sync allow-deletes {name}",
                    summary.kept_on_server,
                ).format(count=summary.kept_on_server, name=summary.account_name)
            )
        if summary.problem:
            errors.append(
                _("companion: sync with “{name}” stopped: {reason}").format(
                    name=summary.account_name, reason=summary.problem
                )
            )
    return Reply(
        exit_code=EXIT_FAILED if errors else EXIT_OK,
        stdout="".join(f"{line}\n" for line in out),
        stderr="".join(f"{line}\n" for line in errors),
    )


def round_reply(store: Store, *, name: str, now: datetime) -> tuple[Reply, ChangeSet]:
    """One round with every account (or the one called ``name``), in this thread."""
    from companion.services.sync.sync_round import (
        SyncAccountNotFound,
        accounts_to_sync,
        run_round_here,
    )

    try:
        accounts = accounts_to_sync(store, name or None)
    except SyncAccountNotFound as error:
        return Reply(exit_code=EXIT_BAD_INPUT, stderr=f"companion: {error.message}\n"), ChangeSet()
    if not accounts:
        return Reply(
            exit_code=EXIT_BAD_INPUT, stderr=f"companion: {no_accounts_text()}\n"
        ), ChangeSet()
    summaries: list[RoundSummary] = []
    changes = ChangeSet()
    for account in accounts:
        summary, changed = run_round_here(store, account, now=now)
        summaries.append(summary)
        changes = changes.merged(changed)
    return summaries_reply(summaries), changes
