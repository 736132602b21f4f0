"""A keyring backend for tests: never the user's real keychain.

``TestKeyring`` keeps secrets in a dict in memory. When ``COMPANION_TEST_KEYRING_FILE`` names a
file, it keeps them in that JSON file instead, so a ``companion`` subprocess started by a test and
the test itself see the same secrets. The root ``conftest.py`` points
``PYTHON_KEYRING_BACKEND`` at this class (for subprocesses) and calls ``keyring.set_keyring``
(in-process) for every test, with a fresh file in the test's temporary folder.

When ``COMPANION_TEST_KEYRING_READERS`` names a file, every process that loads the backend and
every secret read append a line to it (``load|read PID PARENT_PID``): which process touched
the keychain. ``CrashingKeyring`` and ``StuckKeyring`` play a keychain that kills the process
asking it, and one that never answers (a prompt nobody answers).
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

KEYRING_FILE_ENV = "COMPANION_TEST_KEYRING_FILE"
READERS_FILE_ENV = "COMPANION_TEST_KEYRING_READERS"
BACKEND_NAME = "tests.support.test_keyring.TestKeyring"

_Secrets = dict[str, dict[str, str]]


class TestKeyring(KeyringBackend):
    """In-memory keyring, shared through a JSON file across processes when configured."""

    # Not a test class, whatever its name says.
    __test__ = False
    # keyring only considers backends with a positive priority usable; 1 is "a real keychain",
    # so the application treats this one as safe.
    priority = 1

    def __init__(self, file: Path | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        from_env = os.environ.get(KEYRING_FILE_ENV)
        self._file = file if file is not None else (Path(from_env) if from_env else None)
        self._memory: _Secrets = {}
        _record("load")

    @property
    def file(self) -> Path | None:
        """The JSON file the secrets live in, or ``None`` when they live in memory only."""
        return self._file

    def _load(self) -> _Secrets:
        if self._file is None:
            return self._memory
        try:
            loaded: _Secrets = json.loads(self._file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return loaded

    def _save(self, secrets: _Secrets) -> None:
        if self._file is None:
            self._memory = secrets
            return
        # Replace atomically so a reader in another process never sees half a file.
        partial = self._file.with_name(f"{self._file.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(secrets, indent=1, sort_keys=True), encoding="utf-8")
        partial.chmod(0o600)
        partial.replace(self._file)

    def get_password(self, service: str, username: str) -> str | None:
        _record("read")
        return self._load().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        secrets = self._load()
        secrets.setdefault(service, {})[username] = password
        self._save(secrets)

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._load()
        try:
            del secrets[service][username]
        except KeyError:
            raise PasswordDeleteError(f"no secret for {username!r} in {service!r}") from None
        if not secrets[service]:
            del secrets[service]
        self._save(secrets)

    def secrets(self) -> _Secrets:
        """Every stored secret by service and user name (for assertions in tests)."""
        return {service: dict(users) for service, users in self._load().items()}


class CrashingKeyring(TestKeyring):
    """Kills the process that asks it for a secret."""

    __test__ = False

    def get_password(self, service: str, username: str) -> str | None:
        os.kill(os.getpid(), signal.SIGKILL)
        raise AssertionError("unreachable")


class StuckKeyring(TestKeyring):
    """Never answers, like a locked keychain whose unlock prompt nobody answers."""

    __test__ = False

    def get_password(self, service: str, username: str) -> str | None:
        while True:
            signal.pause()


def _record(event: str) -> None:
    readers = os.environ.get(READERS_FILE_ENV)
    if readers:
        with Path(readers).open("a", encoding="utf-8") as log:
            log.write(f"{event} {os.getpid()} {os.getppid()}\n")


def read_readers(path: Path) -> list[tuple[str, int, int]]:
    """The lines of a readers file: (``load`` or ``read``, pid, parent pid)."""
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        event, pid, parent = line.split()
        entries.append((event, int(pid), int(parent)))
    return entries
