"""When the data will not open: explain, keep the damaged file, offer the newest good backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from companion import APP_NAME
from companion.i18n import _, ngettext
from companion.i18n.formats import format_datetime
from companion.storage import keys
from companion.storage.backups import Backups, Snapshot
from companion.storage.errors import StoreCorruptError, StoreError
from companion.storage.keys import AskPassphrase


def describe_snapshot(snapshot: Snapshot) -> str:
    people = snapshot.counts.get("people", 0)
    events = snapshot.counts.get("events", 0)
    return _("{date}: {people}, {events}").format(
        date=format_datetime(snapshot.created),
        people=ngettext("{count} person", "{count} people", people).format(count=people),
        events=ngettext("{count} event", "{count} events", events).format(count=events),
    )


def offer_recovery(
    folder: Path, problem: StoreCorruptError, ask: AskPassphrase, parent: QWidget | None = None
) -> bool:
    """Ask whether to restore the newest good backup; True when it was restored."""
    try:
        backups = Backups(folder, keys.unlock(folder, ask).cipher())
        newest = backups.newest_good()
    except StoreError:
        newest = None
    if newest is None:
        QMessageBox.critical(
            parent,
            APP_NAME,
            _(
                "{problem}\n\nThere is no backup to go back to. The file has been left exactly "
                "as it is, so nothing more is lost."
            ).format(problem=problem),
        )
        return False
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText(_("Your data could not be opened."))
    box.setInformativeText(
        _(
            "{problem}\n\nThe newest good backup is from {snapshot}. Restoring it keeps the "
            "damaged file beside your data, renamed with today's date."
        ).format(problem=problem, snapshot=describe_snapshot(newest))
    )
    restore = box.addButton(_("Restore this backup"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    try:
        backups.restore(newest.id)
    except StoreError as error:
        QMessageBox.critical(parent, APP_NAME, str(error))
        return False
    return True
