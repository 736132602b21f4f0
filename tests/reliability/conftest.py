"""Fixtures for the data-safety tests: keychain stand-ins and an encrypted store folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import PasswordDeleteError

PASSPHRASE = "correct horse battery staple"


class DictKeyring(KeyringBackend):
    """A real-looking keychain kept in a dict (stands in for Secret Service)."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def dict_keyring() -> Iterator[DictKeyring]:
    previous = keyring.get_keyring()
    backend = DictKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(params=["fail", "null"])
def no_keyring(request: pytest.FixtureRequest) -> Iterator[KeyringBackend]:
    previous = keyring.get_keyring()
    backend: KeyringBackend = fail.Keyring() if request.param == "fail" else null.Keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


def always(passphrase: str | None):  # type: ignore[no-untyped-def]
    """An ``AskPassphrase`` that answers ``passphrase`` every time."""
    return lambda prompt: passphrase
