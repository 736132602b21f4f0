"""Crash-safe file replacement: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path

TEMP_MARKER = ".tmp-"


def _fsync_directory(folder: Path) -> None:
    # Windows cannot open a directory for fsync; NTFS journals the rename itself.
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` durably: temp file in the same folder, fsync, rename, fsync.

    Raises ``OSError`` with the old file left untouched when anything fails.
    """
    atomic_write_parts(path, (data,))


def atomic_write_parts(path: Path, parts: Iterable[bytes]) -> None:
    """``atomic_write_bytes`` of the joined ``parts``, written as they come."""
    temp = path.with_name(f"{path.name}{TEMP_MARKER}{secrets.token_hex(4)}")
    descriptor = os.open(
        temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
    )
    try:
        for part in parts:
            view = memoryview(part)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
        os.fsync(descriptor)
    except BaseException:
        os.close(descriptor)
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    os.close(descriptor)
    try:
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_directory(path.parent)


def remove_orphan_temp_files(folder: Path) -> list[Path]:
    """Delete temp files a crash left behind; only the owner of the store lock may call this."""
    removed = []
    for candidate in folder.glob(f"*{TEMP_MARKER}*"):
        if candidate.is_file():
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def keep_aside(path: Path, label: str) -> Path:
    """A hard link (or copy) of ``path`` named ``<name>.<label>``, never overwriting anything;
    the original stays where it is until the caller replaces it."""
    target = path.with_name(f"{path.name}.{label}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.{label}-{number}")
    link_or_copy(path, target)
    return target


def link_or_copy(path: Path, target: Path) -> None:
    """``target`` as a second name of ``path`` (a copy where links are not possible)."""
    try:
        os.link(path, target)
    except OSError:
        shutil.copy2(path, target)
    _fsync_directory(path.parent)
