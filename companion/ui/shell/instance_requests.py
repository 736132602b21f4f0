"""What the running instance does when another ``companion`` process asks it something."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from companion.services.clock import system_clock
from companion.services.data.session import Session
from companion.services.instance.instance_messages import Command, PendingReply, Reply, Request
from companion.storage.errors import StoreLockedByUserError
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.starting_up import StartingUp, bring_to_front

if TYPE_CHECKING:
    from companion.ui.shell.forwarded_imports import ForwardedImports

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
        now: Callable[[], datetime] = system_clock,
        sync: Callable[[Request], Reply | PendingReply] | None = None,
    ) -> None:
        self._window = window
        self._session = session
        self._changes = changes
        self._open_capture = open_capture
        self._data_dir = data_dir
        self._feeds = feeds
        self._now = now
        self._sync = sync

    @cached_property
    def imports(self) -> ForwardedImports:
        """Imports, read on a worker thread and answered when written (made with the first:
        the formats and the import services load then, not at start)."""
        from companion.ui.shell.forwarded_imports import ForwardedImports

        return ForwardedImports(
            session=self._session,
            changes=self._changes,
            data_dir=self._data_dir,
            now=self._now,
            parent=self._window,
        )

    def handle(self, request: Request) -> Reply | PendingReply:
        if request.command is Command.RAISE:
            bring_to_front(self._window)
            return Reply()
        if request.command is Command.CAPTURE:
            self._open_capture()
            return Reply()
        from companion.services.data.formats import write_export
        from companion.services.instance.forwarded import export_reply, undo_merge_reply
        from companion.ui.shell.forwarded_imports import window_failure_reply

        try:
            if self._session.locked:
                # Locked (File > Lock): no data to export, none to import into.
                raise StoreLockedByUserError()
            if request.command is Command.FEEDS and self._feeds is not None:
                return self._feeds(request)
            if request.command is Command.SYNC and self._sync is not None:
                return self._sync(request)
            if request.command is Command.IMPORT:
                return self.imports.start(list(request.paths))
            if request.command is Command.UNDO_MERGE:
                reply, changes = undo_merge_reply(self._session.store, request.merge_id)
                self._changes.announce(changes)
                return reply
            exported = write_export(
                self._session.store,
                request.format or "json",
                vcard_version=request.vcard_version,
                bom=request.bom,
            )
            return export_reply(exported.payload, request.output)
        except Exception as error:  # the CLI reports it exactly as if it had run the command
            return window_failure_reply(error, self._session, self._data_dir)
