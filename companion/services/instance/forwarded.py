"""What a command does and says, the same whether the terminal runs it or the window does.

``companion import``, ``export`` and ``merges --undo`` run in the terminal's own process when
no app is open, and inside the running app (which alone may write the store) when one is.
Both sides build their answer here, as a ``Reply``: the exit status and the text to print.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

from companion.i18n import _
from companion.i18n.formats import format_datetime
from companion.services.changes import ChangeSet
from companion.services.data.backup import ImportSummary
from companion.services.data.folder_problems import folder_problem
from companion.services.data.key_problems import damaged_keys_message, keys_file_disagrees
from companion.services.errors import ImportFailed
from companion.services.instance.instance_messages import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    Reply,
)
from companion.storage.atomic import atomic_write_bytes
from companion.storage.backups import BackupNotFound, Snapshot
from companion.storage.errors import (
    StoreCorruptError,
    StoreError,
    StoreTooNewError,
    StoreWriteError,
)
from companion.storage.keys import KeyMissingError, WrongPassphraseError
from companion.storage.store import Store

#: The newest backup that can be read (``None``: none), looked up only when a store is damaged.
NewestBackup = Callable[[], Snapshot | None]


def import_reply(results: list[tuple[Path, ImportSummary]]) -> tuple[Reply, ChangeSet]:
    """What ``companion import`` prints for ``results``, and what the import changed."""
    from companion.services.data.import_report import summary_lines

    lines = [
        line + "\n"
        for file, summary in results
        for line in (
            *summary_lines(file, summary),
            *(f"{file}: {note}" for note in getattr(summary, "notes", ())),
        )
    ]
    problems = [
        f"companion: {file}: {problem}\n"
        for file, summary in results
        for problem in getattr(summary, "problems", ())
    ]
    changes = ChangeSet()
    for _file, summary in results:
        changes = changes.merged(summary.changes)
    return Reply(stdout="".join(lines), stderr="".join(problems)), changes


def export_reply(payload: bytes, output: Path | None) -> Reply:
    """Write an export to ``output``, or hand its bytes back for standard output."""
    if output is not None:
        try:
            atomic_write_bytes(output, payload)
        except OSError as error:
            return Reply(
                exit_code=EXIT_FAILED,
                stderr="companion: "
                + _("cannot write {file}: {reason}").format(
                    file=output, reason=error.strerror or error
                )
                + "\n",
            )
    return Reply(
        payload=payload if output is None else b"",
        stderr=_("Note: this export is not encrypted. Anyone who can read it can read your notes.")
        + "\n",
    )


def undo_merge_reply(store: Store, merge_id: str) -> tuple[Reply, ChangeSet]:
    """Undo the merge ``merge_id``: what to print and what changed."""
    from companion.services.people.merge_history import MergeError, find_merge, undo_merge_record

    try:
        record = find_merge(store, merge_id)
        changes = undo_merge_record(store, record.id)
    except MergeError as error:
        return Reply(exit_code=EXIT_BAD_INPUT, stderr=f"companion: {error}\n"), ChangeSet()
    message = _("Undid the merge {id}: “{absorbed}” and “{survivor}” are two people again.")
    text = message.format(
        id=record.id, absorbed=record.absorbed.name, survivor=record.survivor_after.name
    )
    return Reply(stdout=text + "\n"), changes


def damaged_store_hint(newest: Snapshot | None) -> str:
    """Which command would bring the data back, if a good backup exists."""
    if newest is None:
        return _("No backup is available; the damaged file has been left as it is.")
    return _(
        "To go back to the newest good backup ({date}), run: companion backup restore {id}"
    ).format(date=format_datetime(newest.created), id=newest.id)


def failure_reply(
    error: Exception, data_dir: Path, *, newest_backup: NewestBackup = lambda: None
) -> Reply:
    """What the CLI says, and its exit status, when a command fails with ``error``."""
    message = f"companion: {error}\n"
    about_folder = folder_problem(error, data_dir)
    if about_folder is not None:
        return Reply(exit_code=EXIT_FAILED, stderr=f"companion: {about_folder}\n")
    if isinstance(error, StoreWriteError) and isinstance(error.__cause__, OSError):
        # "Could not save …: No space left on device" says it already; a read-only folder
        # gets the words that say what to do about it.
        about_disk = folder_problem(error.__cause__, data_dir)
        if about_disk is not None and error.__cause__.errno != errno.ENOSPC:
            return Reply(exit_code=EXIT_FAILED, stderr=f"companion: {about_disk}\n")
    if isinstance(error, WrongPassphraseError) and keys_file_disagrees(data_dir):
        return Reply(
            exit_code=EXIT_BAD_INPUT, stderr=f"companion: {damaged_keys_message(data_dir)}\n"
        )
    if isinstance(error, BackupNotFound):
        return Reply(exit_code=EXIT_BAD_INPUT, stderr=message)
    if isinstance(error, StoreCorruptError):
        hint = damaged_store_hint(_newest_or_none(newest_backup))
        return Reply(exit_code=EXIT_BAD_INPUT, stderr=message + hint + "\n")
    if isinstance(error, ImportFailed | StoreTooNewError | KeyMissingError):
        return Reply(exit_code=EXIT_BAD_INPUT, stderr=message)
    if isinstance(error, StoreError):
        return Reply(exit_code=EXIT_FAILED, stderr=message)
    unexpected = _("unexpected problem: {error}").format(error=error)
    return Reply(exit_code=EXIT_FAILED, stderr=f"companion: {unexpected}\n")


def _newest_or_none(newest_backup: NewestBackup) -> Snapshot | None:
    try:
        return newest_backup()
    except Exception:  # no key, no readable backups: then there is nothing to point to
        return None
