"""Where the data key lives: the OS keychain, or wrapped with a passphrase beside the data.

The store and every backup are sealed with one random data key. ``keys.json`` (no secrets in
it) says where that key is kept. In passphrase mode it holds the key wrapped with AES-GCM under
a key derived from the passphrase with Scrypt, so changing the passphrase or moving between the
keychain and a passphrase re-wraps the key and never rewrites the data.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from companion.i18n import _
from companion.storage import keychain
from companion.storage.atomic import atomic_write_bytes
from companion.storage.encryption import AesGcmCipher, new_data_key, new_key_id
from companion.storage.errors import StoreError

KEY_FILE = "keys.json"
MIN_PASSPHRASE_LENGTH = 8
_SCRYPT_N = 2**15
_SCRYPT_R = 8
_SCRYPT_P = 1


class KeyMode(StrEnum):
    KEYCHAIN = "keychain"
    PASSPHRASE = "passphrase"


class KeyMissingError(StoreError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            _(
                "The key that unlocks your data is missing: {detail}. Nothing has been changed."
            ).format(detail=detail)
        )


class WrongPassphraseError(StoreError):
    def __init__(self) -> None:
        super().__init__(_("That passphrase does not unlock your data. Nothing has been changed."))


class PassphraseNeeded(StoreError):
    """Raised when a passphrase is needed and the caller could not get one."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Your data is protected by a passphrase. Set COMPANION_PASSPHRASE or run this "
                "in a terminal to be asked for it."
            )
        )


class WeakPassphraseError(StoreError):
    def __init__(self) -> None:
        super().__init__(
            _("Choose a passphrase of at least {count} characters.").format(
                count=MIN_PASSPHRASE_LENGTH
            )
        )


@dataclass(frozen=True, slots=True)
class PassphrasePrompt:
    """What to ask the user: a new passphrase (choose and confirm) or the existing one."""

    new: bool
    retry: bool = False


AskPassphrase = Callable[[PassphrasePrompt], str | None]


@dataclass(frozen=True, slots=True)
class DataKey:
    key: bytes
    key_id: bytes
    mode: KeyMode

    def cipher(self) -> AesGcmCipher:
        return AesGcmCipher(self.key, self.key_id)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def key_file(folder: Path) -> Path:
    return folder / KEY_FILE


def has_keys(folder: Path) -> bool:
    return key_file(folder).exists()


def _read_info(folder: Path) -> dict[str, Any]:
    path = key_file(folder)
    try:
        info = orjson.loads(path.read_bytes())
    except FileNotFoundError as error:
        raise KeyMissingError(_("the file {path} is gone").format(path=path)) from error
    except (OSError, orjson.JSONDecodeError) as error:
        raise KeyMissingError(_("the file {path} is damaged").format(path=path)) from error
    if not isinstance(info, dict) or info.get("mode") not in {m.value for m in KeyMode}:
        raise KeyMissingError(_("the file {path} is damaged").format(path=path))
    return info


def key_mode(folder: Path) -> KeyMode:
    return KeyMode(_read_info(folder)["mode"])


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _wrap(data_key: bytes, key_id: bytes, passphrase: str) -> dict[str, Any]:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphraseError()
    salt = os.urandom(16)
    nonce = os.urandom(12)
    wrapping_key = _derive(passphrase, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    wrapped = AESGCM(wrapping_key).encrypt(nonce, data_key, key_id)
    return {
        "salt": _b64(salt),
        "n": _SCRYPT_N,
        "r": _SCRYPT_R,
        "p": _SCRYPT_P,
        "nonce": _b64(nonce),
        "wrapped_key": _b64(wrapped),
    }


def _unwrap(info: dict[str, Any], key_id: bytes, passphrase: str) -> bytes:
    try:
        wrap = info["passphrase"]
        wrapping_key = _derive(
            passphrase, _unb64(wrap["salt"]), int(wrap["n"]), int(wrap["r"]), int(wrap["p"])
        )
        return AESGCM(wrapping_key).decrypt(
            _unb64(wrap["nonce"]), _unb64(wrap["wrapped_key"]), key_id
        )
    except InvalidTag as error:
        raise WrongPassphraseError() from error
    except (KeyError, TypeError, ValueError) as error:
        raise KeyMissingError(_("the file {path} is damaged").format(path=KEY_FILE)) from error


def _write_info(
    folder: Path, key_id: bytes, mode: KeyMode, wrap: dict[str, Any] | None = None
) -> None:
    info: dict[str, Any] = {"version": 1, "key_id": _b64(key_id), "mode": mode.value}
    if wrap is not None:
        info["passphrase"] = wrap
    atomic_write_bytes(key_file(folder), orjson.dumps(info, option=orjson.OPT_INDENT_2))


def keychain_available() -> bool:
    return keychain.safe_backend() is not None


def create_key(folder: Path, ask: AskPassphrase) -> DataKey:
    """Make the data key for a new store: in the keychain when there is a real one."""
    data_key, key_id = new_data_key(), new_key_id()
    if keychain_available():
        try:
            keychain.store_secret(key_id.hex(), _b64(data_key))
        except keychain.KeychainUnavailable:
            pass
        else:
            _write_info(folder, key_id, KeyMode.KEYCHAIN)
            return DataKey(data_key, key_id, KeyMode.KEYCHAIN)
    passphrase = ask(PassphrasePrompt(new=True))
    if passphrase is None:
        raise PassphraseNeeded()
    _write_info(folder, key_id, KeyMode.PASSPHRASE, _wrap(data_key, key_id, passphrase))
    return DataKey(data_key, key_id, KeyMode.PASSPHRASE)


def unlock(folder: Path, ask: AskPassphrase, *, attempts: int = 3) -> DataKey:
    """The data key of an existing store; asks for the passphrase if that is how it is kept."""
    info = _read_info(folder)
    try:
        key_id = _unb64(info["key_id"])
    except (KeyError, TypeError, ValueError) as error:
        raise KeyMissingError(_("the file {path} is damaged").format(path=KEY_FILE)) from error
    mode = KeyMode(info["mode"])
    if mode is KeyMode.KEYCHAIN:
        try:
            secret = keychain.load_secret(key_id.hex())
        except keychain.KeychainUnavailable as error:
            raise KeyMissingError(_("the system keychain cannot be reached")) from error
        if secret is None:
            raise KeyMissingError(_("it is no longer in the system keychain"))
        try:
            return DataKey(_unb64(secret), key_id, mode)
        except ValueError as error:
            raise KeyMissingError(_("the keychain entry is damaged")) from error
    for attempt in range(attempts):
        passphrase = ask(PassphrasePrompt(new=False, retry=attempt > 0))
        if passphrase is None:
            raise PassphraseNeeded()
        try:
            return DataKey(_unwrap(info, key_id, passphrase), key_id, mode)
        except WrongPassphraseError:
            if attempt == attempts - 1:
                raise
    raise WrongPassphraseError()


def use_passphrase(folder: Path, key: DataKey, passphrase: str) -> DataKey:
    """Protect the data key with ``passphrase`` (also: change the passphrase)."""
    _write_info(folder, key.key_id, KeyMode.PASSPHRASE, _wrap(key.key, key.key_id, passphrase))
    if key.mode is KeyMode.KEYCHAIN:
        keychain.delete_secret(key.key_id.hex())
    return DataKey(key.key, key.key_id, KeyMode.PASSPHRASE)


def use_keychain(folder: Path, key: DataKey) -> DataKey:
    """Move the data key into the OS keychain; raises ``KeychainUnavailable`` if there is none."""
    keychain.store_secret(key.key_id.hex(), _b64(key.key))
    _write_info(folder, key.key_id, KeyMode.KEYCHAIN)
    return DataKey(key.key, key.key_id, KeyMode.KEYCHAIN)
