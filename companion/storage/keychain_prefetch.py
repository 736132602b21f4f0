"""The data key read from the keychain by a forked child while the window starts (Linux).

Why: ``keyring`` brings half the standard library with it (``jaraco.context`` pulls in
``urllib.request``, ``http.client``, ``email`` and ``ssl``; ``jaraco.functools`` brings
``more_itertools``; then ``importlib_metadata``): about 55 ms of imports and 10 MiB that stay
resident for the whole session, on the critical path before the store can be decrypted (issue
18). Forked before Qt is imported, a child pays for them on the other core while the window
process imports Qt and paints; it answers through a pipe and ends, and the window process,
which reads that pipe when it unlocks the data, never imports ``keyring`` at all.

The rules that keep this safe:

- Fork only where it is safe and pays: Linux, a process with one thread that has imported
  neither Qt nor ``keyring`` yet (a test calling ``cli.main()`` inside pytest has both, and
  forking a process with threads can copy locks held by threads that do not exist in the
  child), and a keys file that says the key is kept in the keychain.
- The child reads the secret with ``keychain.load_secret`` (the same safe-backend rules as
  in-process), writes it to the pipe and leaves with ``os._exit``: it never runs the parent's
  atexit handlers, never flushes the parent's buffers and never touches its files or locks.
  Its standard streams point at ``/dev/null``, so it never holds a reader's pipe open.
- The secret goes through the pipe and nowhere else: no file, no environment, no log.
- The window process takes the answer only for the same folder and key id, from a child that
  ended cleanly. Anything else (the child failed or was killed, the keychain said no, the keys
  file changed since) gives ``None``, and the caller asks the keychain in-process exactly as
  before, so every error message and dialog stays what it was. The answer is taken once: a
  later unlock (after File > Lock) asks the keychain in-process.
- A prefetch nobody took (another instance was raised instead, no screen) is stopped and
  reaped when the process exits, or as soon as the keys file turns out to be in passphrase
  mode after all, so no zombie is left behind.

macOS and Windows keep the in-process path: ``fork`` is unsafe on macOS once system
frameworks are loaded, and Windows has none.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import orjson

#: ``keys.json`` in the data folder; ``keys.py`` is not imported here (it brings the cipher).
_KEY_FILE = "keys.json"
_KEYCHAIN_MODE = "keychain"
_KEY_ID_SIZE = 16
#: Far more than any answer (a base64 key of 44 characters); a larger one is not ours.
_MAX_ANSWER = 64 * 1024


@dataclass(frozen=True, slots=True)
class _Prefetch:
    folder: Path
    key_id_hex: str
    pid: int
    answer_fd: int


_pending: _Prefetch | None = None


def start(folder: Path) -> bool:
    """Fork the child that reads the data key of ``folder``, when that is safe and useful.

    Call it just before the window imports Qt. True when a child was started.
    """
    global _pending
    if _pending is not None or not _may_fork():
        return False
    key_id_hex = _keychain_key_id(folder)
    if key_id_hex is None:
        return False
    answer_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(answer_fd)
        os.close(write_fd)
        return False
    if pid == 0:
        os.close(answer_fd)
        _answer(write_fd, key_id_hex)
    os.close(write_fd)
    _pending = _Prefetch(folder.resolve(), key_id_hex, pid, answer_fd)
    atexit.register(discard)
    return True


def take(folder: Path, key_id_hex: str) -> str | None:
    """The secret the child read for ``key_id_hex`` in ``folder``; ``None``: ask in-process.

    Blocks until the child has answered, as the in-process call would (a locked keychain may
    be asking the user for its password meanwhile).
    """
    global _pending
    prefetch = _pending
    if prefetch is None or prefetch.folder != folder.resolve():
        return None
    _pending = None
    try:
        answer = _read_answer(prefetch.answer_fd)
    finally:
        os.close(prefetch.answer_fd)
    status = _reap(prefetch.pid, stop=False)
    if status != 0 or prefetch.key_id_hex != key_id_hex:
        return None
    head, separator, secret = answer.partition(b"\n")
    if not separator or head != f"ok {key_id_hex}".encode("ascii"):
        return None
    try:
        return secret.decode("utf-8")
    except UnicodeDecodeError:
        return None


def discard(folder: Path | None = None) -> None:
    """Stop the child if it is still asking, close the pipe and reap it.

    At exit, or (with ``folder``) when that folder's key turns out not to be in the keychain.
    """
    global _pending
    prefetch = _pending
    if prefetch is None or (folder is not None and prefetch.folder != folder.resolve()):
        return
    _pending = None
    os.close(prefetch.answer_fd)
    _reap(prefetch.pid, stop=True)


def _may_fork() -> bool:
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    # Once Qt or keyring is loaded there is nothing left to gain, and Qt starts threads.
    if "PySide6" in sys.modules or "keyring" in sys.modules:
        return False
    try:
        # /proc counts every thread, also those a C library started behind Python's back.
        return len(list(Path("/proc/self/task").iterdir())) == 1
    except OSError:
        return False


def _keychain_key_id(folder: Path) -> str | None:
    """The key id (hex) when ``folder``'s keys file keeps the key in the keychain."""
    try:
        info = orjson.loads((folder / _KEY_FILE).read_bytes())
        if not isinstance(info, dict) or info.get("mode") != _KEYCHAIN_MODE:
            return None
        key_id = base64.b64decode(str(info["key_id"]).encode("ascii"), validate=True)
    except (OSError, ValueError, KeyError):
        # No keys file yet, or one the in-process unlock will explain: nothing to fetch.
        return None
    return key_id.hex() if len(key_id) == _KEY_ID_SIZE else None


def _answer(write_fd: int, key_id_hex: str) -> NoReturn:
    """In the child: read the secret, write it to the pipe, end without any clean-up."""
    status = 1
    try:
        _silence_standard_streams()
        from companion.storage import keychain

        secret = keychain.load_secret(key_id_hex)
        if secret is not None:
            _write_all(write_fd, f"ok {key_id_hex}\n{secret}".encode())
            status = 0
    except BaseException:  # whatever happened, the parent asks in-process
        status = 1
    finally:
        os._exit(status)


def _silence_standard_streams() -> None:
    # A reader of the window's output (a terminal pipe, a test) must not wait for this child,
    # and nothing the keyring backends print belongs there.
    null = os.open(os.devnull, os.O_RDWR)
    for descriptor in (0, 1, 2):
        os.dup2(null, descriptor)
    os.close(null)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _read_answer(descriptor: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size <= _MAX_ANSWER:
        chunk = os.read(descriptor, 4096)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks) if size <= _MAX_ANSWER else b""


def _reap(pid: int, *, stop: bool) -> int | None:
    """Wait for the child; with ``stop``, end it first if it is still running.

    Its exit status, or ``None`` if it was not ours to reap any more.
    """
    try:
        finished, status = os.waitpid(pid, os.WNOHANG)
        if not finished:
            if stop:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            finished, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    return os.waitstatus_to_exitcode(status)
