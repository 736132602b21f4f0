"""One writer per store: an OS file lock, released by the kernel if the process dies."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from companion.storage.errors import StoreLockedError

if os.name == "nt":
    import msvcrt
else:
    import fcntl


class StoreLock:
    """Exclusive, non-blocking lock on ``<data dir>/store.lock``.

    A crash never leaves a stale lock behind: the kernel drops it with the process.
    """

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._path = folder / "store.lock"
        self._descriptor: int | None = None

    def acquire(self) -> None:
        descriptor = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.name == "nt":
                msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            else:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(descriptor)
            raise StoreLockedError(self._folder) from error
        self._descriptor = descriptor

    def release(self) -> None:
        if self._descriptor is None:
            return
        if os.name == "nt":
            msvcrt.locking(self._descriptor, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        else:
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)
        os.close(self._descriptor)
        self._descriptor = None

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
