"""Words for what the user's system refuses us: a data folder we may not write, a full disk.

Qt-free and light (the window imports it before its data is open). Both the CLI and the window
say these, so a read-only folder reads the same in a terminal and in a dialog.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from companion.i18n import _
from companion.paths import FolderPermissionsError
from companion.storage.backups import backup_dir

_NOT_WRITABLE = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def folder_problem(error: BaseException, data_dir: Path) -> str | None:
    """The message for ``error`` if it is the folder's or the disk's fault, else ``None``."""
    if isinstance(error, FolderPermissionsError):
        return _(
            "The folder {folder} may not be written or opened by you (its permissions are "
            "{mode}). Common Ground does not change them on its own: give yourself the "
            "rights back (for example: chmod 700 “{folder}”), or choose another folder "
            "with --data-dir."
        ).format(folder=error.folder, mode=f"{error.mode:04o}")
    if not isinstance(error, OSError):
        return None
    where = Path(error.filename) if isinstance(error.filename, str) else data_dir
    if error.errno == errno.EROFS:
        return _(
            "{path} is on a read-only disk, so Common Ground cannot save there. Nothing was "
            "changed. Choose a writable folder with --data-dir."
        ).format(path=where)
    if error.errno in _NOT_WRITABLE:
        return _(
            "Common Ground may not write {path} (permission denied). Nothing was changed. "
            "Give yourself the rights to {folder} back, or choose another folder with "
            "--data-dir."
        ).format(path=where, folder=data_dir)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return _(
            "The disk holding {folder} is full. Nothing was changed; free some space and try again."
        ).format(folder=data_dir)
    return None


def unreadable_backups(data_dir: Path) -> str | None:
    """Why the backups folder cannot be listed ("There are no backups" would be untrue)."""
    folder = backup_dir(data_dir)
    try:
        with os.scandir(folder) as entries:
            for _entry in entries:
                break
    except FileNotFoundError:
        return None
    except OSError as error:
        return _(
            "The backups folder {folder} cannot be read ({reason}), so the backups in it "
            "cannot be listed or restored. Give yourself the rights to it back "
            "(for example: chmod 700 “{folder}”)."
        ).format(folder=folder, reason=error.strerror or error)
    return None
