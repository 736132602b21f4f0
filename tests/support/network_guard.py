"""Catch any attempt to use the network, in the test process and in its subprocesses.

Common Ground promises to open no network connection (DESIGN.md). ``install()`` adds an audit
hook (PEP 578) that refuses internet sockets, name look-ups and non-file ``urllib`` requests:
the call raises ``NetworkAccessError`` and the attempt is recorded, so a test fails even when the
code under test swallows the exception. Unix-domain sockets stay allowed: ``QLocalSocket`` (the
single-instance channel) and the X11 connection use them.

In the test process the root ``conftest.py`` installs the guard and fails any test that made an
attempt. Subprocesses get it from ``tests/support/sitecustomize``, which the conftest puts on
``PYTHONPATH``; they append their attempts to the file named by ``COMPANION_NETWORK_LOG``.

Audit hooks see Python-level calls only: Qt's own C++ networking is kept out by
``tests/test_architecture.py`` instead (no ``QtNetwork`` beyond the local socket classes).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

NETWORK_LOG_ENV = "COMPANION_NETWORK_LOG"
#: ``host:port`` endpoints (comma-separated) a subprocess may connect to: the local servers a
#: test started and configured as a feed or sync account. Nothing else is ever allowed.
NETWORK_ALLOW_ENV = "COMPANION_NETWORK_ALLOW"

_INTERNET_FAMILIES = frozenset({socket.AF_INET, socket.AF_INET6})
_SOCKET_EVENTS = frozenset({"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"})
_LOOKUP_EVENTS = frozenset({"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"})
_URL_EVENT = "urllib.Request"
_OFFLINE_URL_SCHEMES = ("file:", "data:")


class NetworkAccessError(RuntimeError):
    """Raised inside the code under test when it tries to use the network.

    A ``RuntimeError``, not an ``OSError``, so ordinary network error handling does not hide it.
    """


@dataclass(frozen=True)
class Attempt:
    """One refused network operation."""

    event: str
    detail: str
    process: str

    def __str__(self) -> str:
        return f"{self.event}({self.detail}) in {self.process}"


class _Guard:
    """The state behind the one audit hook (hooks cannot be removed once added)."""

    def __init__(self) -> None:
        self.installed = False
        self.attempts: list[Attempt] = []
        self.log_file: Path | None = None
        self._captures: list[list[Attempt]] = []
        self._lock = threading.Lock()
        #: Endpoints a test opened on purpose (a local feed server): (host, port).
        self.allowed: set[tuple[str, int]] = set()
        #: Set while a test's own server binds its listening socket on loopback.
        self.binding = False

    def _allowed_endpoint(self, address: object) -> bool:
        if not isinstance(address, tuple) or len(address) < 2:
            return False
        return (str(address[0]), address[1]) in self.allowed

    def _allowed_lookup(self, args: tuple[Any, ...]) -> bool:
        host = args[0] if args else None
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        return any(host == allowed_host for allowed_host, _port in self.allowed)

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        # Called for every audited event in the process: return fast for the unrelated ones.
        if event in _SOCKET_EVENTS:
            family = getattr(args[0], "family", None)
            if family not in _INTERNET_FAMILIES:
                return
            address = args[1] if len(args) > 1 else None
            if self._allowed_endpoint(address):
                return
            # A bind on loopback sends nothing: the test's own server, or urllib3's IPv6 probe
            # (``bind(("::1", 0))`` when the HTTP stack loads for a configured feed).
            if event == "socket.bind" and (self.binding or self.allowed) and _is_loopback(address):
                return
            self._refuse(event, repr(address) if address is not None else "")
        elif event in _LOOKUP_EVENTS:
            if self._allowed_lookup(args):
                return
            if self.binding and args and args[0] in ("127.0.0.1", "::1", "localhost"):
                return  # http.server asks for its own name while it binds
            self._refuse(event, repr(args[0]) if args else "")
        elif event == _URL_EVENT:
            url = str(args[0]) if args else ""
            if url.lower().startswith(_OFFLINE_URL_SCHEMES):
                return
            parts = urlsplit(url)
            if (parts.hostname, parts.port) in self.allowed:
                return
            self._refuse(event, repr(url))

    def _refuse(self, event: str, detail: str) -> None:
        attempt = Attempt(event=event, detail=detail, process=_describe_process())
        with self._lock:
            if self._captures:
                self._captures[-1].append(attempt)
            else:
                self.attempts.append(attempt)
                self._write_to_log(attempt)
        raise NetworkAccessError(f"network access is not allowed: {attempt}")

    def _write_to_log(self, attempt: Attempt) -> None:
        if self.log_file is None:
            return
        line = json.dumps(
            {"event": attempt.event, "detail": attempt.detail, "process": attempt.process}
        )
        # Opening a file is itself audited but is no network event, so this cannot recurse.
        with self.log_file.open("a", encoding="utf-8") as log:
            log.write(line + "\n")

    @contextmanager
    def capture(self) -> Iterator[list[Attempt]]:
        caught: list[Attempt] = []
        with self._lock:
            self._captures.append(caught)
        try:
            yield caught
        finally:
            with self._lock:
                self._captures.remove(caught)


_guard = _Guard()


def _is_loopback(address: object) -> bool:
    return isinstance(address, tuple) and bool(address) and address[0] in ("127.0.0.1", "::1")


def _describe_process() -> str:
    return f"pid {os.getpid()}: {' '.join(sys.argv) or sys.executable}"


def install(*, log_file: Path | None = None) -> None:
    """Refuse network access from now on in this process (idempotent).

    Args:
        log_file: also append each attempt, one JSON object a line, to this file.
    """
    _guard.log_file = log_file
    if not _guard.installed:
        sys.addaudithook(_guard.hook)
        _guard.installed = True


def install_from_environment() -> None:
    """Install the guard when ``COMPANION_NETWORK_LOG`` names a log file (subprocesses)."""
    log_file = os.environ.get(NETWORK_LOG_ENV)
    if log_file:
        install(log_file=Path(log_file))
        for endpoint in filter(None, os.environ.get(NETWORK_ALLOW_ENV, "").split(",")):
            host, _, port = endpoint.rpartition(":")
            _guard.allowed.add((host, int(port)))


@contextmanager
def binding_local_server() -> Iterator[None]:
    """Let a test's own server bind its listening socket on loopback (nothing else)."""
    _guard.binding = True
    try:
        yield
    finally:
        _guard.binding = False


@contextmanager
def allowing(host: str, port: int) -> Iterator[str]:
    """Allow connections to ``host:port`` only (a local server the test configured).

    Yields the value for ``COMPANION_NETWORK_ALLOW``, so subprocesses allow the same endpoint.
    """
    endpoint = (host, port)
    _guard.allowed.add(endpoint)
    try:
        yield f"{host}:{port}"
    finally:
        _guard.allowed.discard(endpoint)


def take_attempts() -> list[Attempt]:
    """The attempts recorded in this process since the last call, then forget them."""
    taken = list(_guard.attempts)
    _guard.attempts.clear()
    return taken


def capture() -> AbstractContextManager[list[Attempt]]:
    """Collect attempts made inside a ``with`` block instead of failing the test.

    For tests that prove the guard works: ``with capture() as caught: ...``.
    """
    return _guard.capture()


def read_log(log_file: Path) -> list[str]:
    """The attempts that subprocesses appended to ``log_file``, one description each."""
    if not log_file.exists():
        return []
    described = []
    for line in log_file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            described.append(f"{entry['event']}({entry['detail']}) in {entry['process']}")
    return described
