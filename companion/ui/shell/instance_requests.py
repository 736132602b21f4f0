"""What the running instance does when another ``companion`` process asks it something."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from companion.cli_commands import export_from, failure_reply, import_into, undo_merge_in
from companion.services.data.formats import write_export
from companion.services.data.session import Session
from companion.services.instance.instance_messages import Command, PendingReply, Reply, Request
from companion.storage.errors import StoreLockedByUserError
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.starting_up import StartingUp, bring_to_front

__all__ = ["InstanceRequests", "StartingUp", "bring_to_front"]


class InstanceRequests:
    """Carries out forwarded requests with the same services the CLI would use."""

    def __init__(
        self,
        *,
        window: QWidget,
        session: Session,
        changes: DataChanges,
        open_capture: Callable[[], None],
        data_dir: Path,
        feeds: Callable[[Request], Reply | PendingReply] | None = None,
        sync: Callable[[Request], Reply | PendingReply] | None = None,
    ) -> None:
        self._window = window
        self._session = session
        self._changes = changes
        self._open_capture = open_capture
        self._data_dir = data_dir
        self._feeds = feeds
        self._sync = sync

    def handle(self, request: Request) -> Reply | PendingReply:
        if request.command is Command.RAISE:
            bring_to_front(self._window)
            return Reply()
        if request.command is Command.CAPTURE:
            self._open_capture()
            return Reply()
        try:
            if self._session.locked:
                # Locked (File > Lock): no data to export, none to import into.
                raise StoreLockedByUserError()
            if request.command is Command.FEEDS and self._feeds is not None:
                return self._feeds(request)
            if request.command is Command.SYNC and self._sync is not None:
                return self._sync(request)
            if request.command is Command.IMPORT:
                reply, changes = import_into(self._session, list(request.paths))
                self._changes.announce(changes)
                return reply
            if request.command is Command.UNDO_MERGE:
                reply, changes = undo_merge_in(self._session, request.merge_id)
                self._changes.announce(changes)
                return reply
            exported = write_export(
                self._session.store,
                request.format or "json",
                vcard_version=request.vcard_version,
                bom=request.bom,
            )
            return export_from(exported.payload, request.output)
        except Exception as error:  # the CLI reports it exactly as if it had run the command
            return failure_reply(error, self._data_dir)
