"""The OS keychain through ``keyring``, and telling a real one from the unsafe stand-ins.

The fail and null backends store nothing, and ``keyrings.alt`` stores secrets in plain files:
all three count as "no keychain", and the user protects the data with a passphrase instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "org.commonground.Companion"
_UNSAFE_MODULE_PREFIXES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


class KeychainUnavailable(Exception):
    """The keychain could not be used (none installed, locked, D-Bus error …)."""


def _keyring_errors() -> tuple[type[BaseException], ...]:
    from keyring.errors import KeyringError

    return (KeyringError, OSError, RuntimeError)


def _is_safe(backend: KeyringBackend) -> bool:
    module = type(backend).__module__
    return not module.startswith(_UNSAFE_MODULE_PREFIXES) and backend.priority > 0


def safe_backend() -> KeyringBackend | None:
    """The best keychain that really protects secrets, or ``None``."""
    # Imported here: keyring pulls in half the standard library and most starts do not need it.
    import keyring
    from keyring.backends.chainer import ChainerBackend

    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, ChainerBackend):
        candidates = [candidate for candidate in backend.backends if _is_safe(candidate)]
        return candidates[0] if candidates else None
    return backend if _is_safe(backend) else None


def _account(key_id: str) -> str:
    return f"data-key-{key_id}"


def store_secret(key_id: str, secret: str) -> None:
    backend = safe_backend()
    if backend is None:
        raise KeychainUnavailable("no keychain")
    try:
        backend.set_password(SERVICE, _account(key_id), secret)
    except _keyring_errors() as error:
        raise KeychainUnavailable(str(error)) from error


def load_secret(key_id: str) -> str | None:
    backend = safe_backend()
    if backend is None:
        raise KeychainUnavailable("no keychain")
    try:
        secret: str | None = backend.get_password(SERVICE, _account(key_id))
    except _keyring_errors() as error:
        raise KeychainUnavailable(str(error)) from error
    return secret


def delete_secret(key_id: str) -> None:
    backend = safe_backend()
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, _account(key_id))
    except _keyring_errors():
        # Leaving a now-unused key behind is harmless; failing the switch would not be.
        return


def _sync_account(account_id: str) -> str:
    return f"sync-account-{account_id}"


def store_sync_password(account_id: str, password: str) -> None:
    """Keep a sync account's password in the keychain; ``KeychainUnavailable`` without one."""
    store_secret_as(_sync_account(account_id), password)


def load_sync_password(account_id: str) -> str | None:
    return load_secret_as(_sync_account(account_id))


def delete_sync_password(account_id: str) -> None:
    backend = safe_backend()
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, _sync_account(account_id))
    except _keyring_errors():
        return  # already gone, or the keychain is locked: a stale entry harms nobody


def store_secret_as(account: str, secret: str) -> None:
    backend = safe_backend()
    if backend is None:
        raise KeychainUnavailable("no keychain")
    try:
        backend.set_password(SERVICE, account, secret)
    except _keyring_errors() as error:
        raise KeychainUnavailable(str(error)) from error


def load_secret_as(account: str) -> str | None:
    backend = safe_backend()
    if backend is None:
        raise KeychainUnavailable("no keychain")
    try:
        secret: str | None = backend.get_password(SERVICE, account)
    except _keyring_errors() as error:
        raise KeychainUnavailable(str(error)) from error
    return secret
