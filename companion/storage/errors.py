"""What can go wrong with the store, each with a message fit for the user."""

from __future__ import annotations

from pathlib import Path

from companion.i18n import _


class StoreError(Exception):
    """Base of all store problems; ``str(error)`` is a translated, one-line message."""


class StoreLockedError(StoreError):
    def __init__(self, folder: Path) -> None:
        super().__init__(
            _(
                "Another Common Ground is using the data in {folder}. "
                "Close it first, or use it to make this change."
            ).format(folder=folder)
        )
        self.folder = folder


class StoreCorruptError(StoreError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            _("The data file {path} cannot be read: {reason}. It has not been changed.").format(
                path=path, reason=reason
            )
        )
        self.path = path
        self.reason = reason


class StoreTooNewError(StoreError):
    def __init__(self, path: Path, version: int, supported: int) -> None:
        super().__init__(
            _(
                "The data file {path} was written by a newer Common Ground (format {version}; "
                "this version reads up to {supported}). Please update the app."
            ).format(path=path, version=version, supported=supported)
        )


class StoreWriteError(StoreError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            _("Could not save to {path}: {reason}. Your previous data is intact.").format(
                path=path, reason=reason
            )
        )
        self.path = path


class StoreReadOnlyError(StoreError):
    def __init__(self) -> None:
        super().__init__(_("The data was opened for reading only; nothing can be saved."))


class StoreLockedByUserError(StoreError):
    """The running app was locked (File > Lock or idle): no data until it is unlocked."""

    def __init__(self) -> None:
        super().__init__(_("Common Ground is locked. Unlock it to see or change your data."))
