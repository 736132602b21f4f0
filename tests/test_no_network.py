"""Common Ground opens no network connection: the guard works, and the command does not trip it.

The guard refuses an attempt before any packet leaves, and these tests only ever aim at the
loopback address, so even a broken guard sends nothing off this machine.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import IsolatedEnvironment
from tests.support import network_guard
from tests.support.network_guard import NetworkAccessError

CompanionCli = Callable[..., subprocess.CompletedProcess[str]]
# Port 9 ("discard") on loopback: nothing listens there, and nothing leaves the machine.
LOOPBACK = ("127.0.0.1", 9)


def test_guard_refuses_an_internet_socket_connect_in_process() -> None:
    # Given a TCP socket
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # When the code under test connects it
    with tcp, network_guard.capture() as caught, pytest.raises(NetworkAccessError):
        tcp.connect(LOOPBACK)
    # Then the attempt was refused and recorded
    assert [attempt.event for attempt in caught] == ["socket.connect"]
    assert "127.0.0.1" in caught[0].detail


def test_guard_records_an_attempt_even_when_the_code_swallows_the_error() -> None:
    # Given code that hides every error
    with network_guard.capture() as caught, contextlib.suppress(Exception):
        socket.getaddrinfo("localhost", 80)
    # Then the look-up is recorded all the same
    assert [attempt.event for attempt in caught] == ["socket.getaddrinfo"]


@pytest.mark.parametrize(
    ("attempt", "event"),
    [
        (lambda: socket.gethostbyname("localhost"), "socket.gethostbyname"),
        (lambda: socket.socket(socket.AF_INET6).bind(("::1", 0)), "socket.bind"),
        (lambda: urllib.request.urlopen("http://127.0.0.1:9/", timeout=1), "urllib.Request"),
    ],
    ids=["gethostbyname", "bind-inet6", "urllib"],
)
def test_guard_refuses_lookups_binds_and_urls(attempt: Callable[[], object], event: str) -> None:
    # When the code under test tries another way onto the network
    with network_guard.capture() as caught, pytest.raises(NetworkAccessError):
        attempt()
    # Then that is refused too
    assert [found.event for found in caught] == [event]


def test_guard_allows_local_sockets_and_files(isolated_env: IsolatedEnvironment) -> None:
    # Given a Unix-domain socket (what QLocalSocket and X11 use) and a local file URL
    page = isolated_env.home / "page.txt"
    page.write_text("offline", encoding="utf-8")
    with network_guard.capture() as caught:
        # When they are used
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as local:
            local.bind(str(isolated_env.runtime_dir / "probe.sock"))
        with urllib.request.urlopen(page.as_uri()) as response:
            content = response.read()
    # Then nothing counts as network access
    assert caught == []
    assert content == b"offline"


def test_guard_catches_a_subprocess_and_logs_it(tmp_path: Path) -> None:
    # Given a child Python process with its own network log
    log = tmp_path / "expected-attempts.log"
    child_env = {**os.environ, network_guard.NETWORK_LOG_ENV: str(log)}
    code = "import socket; socket.create_connection(('127.0.0.1', 9), timeout=1)"
    # When it tries to connect
    child = subprocess.run(
        [sys.executable, "-c", code],
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    # Then the guard stopped it and logged the attempt
    assert child.returncode != 0
    assert "NetworkAccessError" in child.stderr
    logged = network_guard.read_log(log)
    assert len(logged) >= 1, child.stderr
    assert all(entry.startswith("socket.") for entry in logged), logged


@pytest.mark.parametrize(
    "arguments",
    [
        ("--version",),
        ("--help",),
        ("export", "--format", "json"),
        ("--smoke-test",),
        ("--quit-when-shown",),
    ],
    ids=["version", "help", "export", "smoke-test", "quit-when-shown"],
)
def test_companion_uses_no_network(
    arguments: tuple[str, ...],
    companion_cli: CompanionCli,
    isolated_env: IsolatedEnvironment,
) -> None:
    # When the command runs (with the guard installed in the child by sitecustomize)
    result = companion_cli(*arguments, timeout=120)
    # Then it succeeds and tried no network access
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stderr}"
    assert network_guard.read_log(isolated_env.network_log) == []


def test_a_sync_round_without_an_account_opens_no_socket(
    companion_cli: CompanionCli, isolated_env: IsolatedEnvironment
) -> None:
    # Given a store with people but no sync account
    imported = companion_cli("import", str(_people_file(isolated_env)), timeout=120)
    assert imported.returncode == 0, imported.stderr
    # When a sync round is asked for
    result = companion_cli("sync", timeout=120)
    # Then it says there is no account, and no socket was even tried
    assert result.returncode == 2
    assert "You have no sync accounts yet" in result.stderr
    assert network_guard.read_log(isolated_env.network_log) == []


def _people_file(isolated_env: IsolatedEnvironment) -> Path:
    path = isolated_env.home / "people.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\n", encoding="utf-8")
    return path
