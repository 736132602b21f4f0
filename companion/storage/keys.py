"""Where the data key lives: the OS keychain, or wrapped with a passphrase beside the data.

The store and every backup are sealed with one random data key. ``keys.json`` (no secrets in
it) says where that key is kept. In passphrase mode it holds the key wrapped with AES-GCM under
a key derived from the passphrase with Scrypt, so changing the passphrase or moving between the
keychain and a passphrase re-wraps the key and never rewrites the data.

New and changed passphrases use Scrypt with N=2^17 (r=8, p=1); a key wrapped with weaker
parameters is re-wrapped at the next unlock by a writer. Parameters read from ``keys.json`` are
bounded (a damaged or hostile file must not make the app allocate gigabytes), and the file
carries a checksum of its fields, so a damaged file says "damaged" instead of passing for a
wrong passphrase. Wrong passphrases are answered with a growing delay, remembered across runs
in ``unlock-failures.json`` (no secret in it).
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidTag

from companion.i18n import _
from companion.storage import keychain, keychain_prefetch, passphrase_wrap
from companion.storage.atomic import atomic_write_bytes
from companion.storage.encryption import (
    KEY_ID_SIZE,
    KEY_SIZE,
    AesGcmCipher,
    is_sealed,
    new_data_key,
    new_key_id,
)
from companion.storage.errors import StoreError
from companion.storage.passphrase_wrap import b64, unb64, unwrap_key, wrap_key
from companion.storage.unlock_failures import UnlockFailures

KEY_FILE = "keys.json"
MIN_PASSPHRASE_LENGTH = 8
#: What ``keys.json`` may ask for: Scrypt needs 128·N·r bytes, so N=2^20, r=8 is 1 GiB.
MIN_SCRYPT_N = 2**14
MAX_SCRYPT_N = 2**20
MAX_SCRYPT_R = 16
MAX_SCRYPT_P = 4
MAX_SCRYPT_MEMORY = 1 << 30
_sleep = time.sleep


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


class KeysDamagedError(KeyMissingError):
    def __init__(self, path: Path, detail: str) -> None:
        StoreError.__init__(
            self,
            _(
                "The keys file {path} is damaged ({detail}), so your data cannot be unlocked. "
                "Nothing has been changed; a copy of that file from a backup of this folder "
                "unlocks it again."
            ).format(path=path, detail=detail),
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
    #: After wrong passphrases: seconds before the next one will be tried (show a countdown).
    wait_seconds: float = 0.0


AskPassphrase = Callable[[PassphrasePrompt], str | None]


@dataclass(frozen=True, slots=True)
class DataKey:
    key: bytes
    key_id: bytes
    mode: KeyMode

    def cipher(self) -> AesGcmCipher:
        return AesGcmCipher(self.key, self.key_id)


def key_file(folder: Path) -> Path:
    return folder / KEY_FILE


def has_keys(folder: Path) -> bool:
    return key_file(folder).exists()


def _checksum(info: dict[str, Any]) -> str:
    fields = {name: value for name, value in info.items() if name != "check"}
    return hashlib.sha256(orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]


def _read_info(folder: Path) -> dict[str, Any]:
    path = key_file(folder)
    try:
        info = orjson.loads(path.read_bytes())
    except FileNotFoundError as error:
        raise KeyMissingError(_("the file {path} is gone").format(path=path)) from error
    except OSError as error:
        raise KeyMissingError(
            _("the file {path} cannot be read ({reason})").format(
                path=path, reason=error.strerror or error
            )
        ) from error
    except orjson.JSONDecodeError as error:
        raise KeysDamagedError(path, _("it is not valid JSON")) from error
    if not isinstance(info, dict):
        raise KeysDamagedError(path, _("it is not a keys file"))
    # Files written before the checksum existed have none; every file written now has one.
    if "check" in info and info["check"] != _checksum(info):
        raise KeysDamagedError(path, _("its checksum does not match"))
    problem = _problem_in(info)
    if problem is not None:
        raise KeysDamagedError(path, problem)
    return info


def _problem_in(info: dict[str, Any]) -> str | None:
    """What is wrong with the fields of a keys file, in words; ``None`` if nothing is."""
    if info.get("mode") not in {m.value for m in KeyMode}:
        return _("its mode is unknown")
    if _decoded_length(info.get("key_id")) != KEY_ID_SIZE:
        return _("its key id is damaged")
    if info["mode"] != KeyMode.PASSPHRASE.value:
        return None
    wrap = info.get("passphrase")
    if not isinstance(wrap, dict):
        return _("its passphrase section is missing")
    n, r, p = wrap.get("n"), wrap.get("r"), wrap.get("p")
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in (n, r, p)):
        return _("its Scrypt parameters are not numbers")
    assert isinstance(n, int) and isinstance(r, int) and isinstance(p, int)
    if (
        not MIN_SCRYPT_N <= n <= MAX_SCRYPT_N
        or n & (n - 1)
        or not 1 <= r <= MAX_SCRYPT_R
        or not 1 <= p <= MAX_SCRYPT_P
        or 128 * n * r > MAX_SCRYPT_MEMORY
    ):
        return _("its Scrypt parameters are out of bounds (N={n}, r={r}, p={p})").format(
            n=n, r=r, p=p
        )
    salt = _decoded_length(wrap.get("salt"))
    if salt is None or not 16 <= salt <= 64:
        return _("its salt is damaged")
    if _decoded_length(wrap.get("nonce")) != 12:
        return _("its nonce is damaged")
    if _decoded_length(wrap.get("wrapped_key")) != KEY_SIZE + 16:
        return _("its wrapped key is damaged")
    return None


def _decoded_length(value: Any) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        return len(unb64(value))
    except ValueError:
        return None


def key_mode(folder: Path) -> KeyMode:
    return KeyMode(_read_info(folder)["mode"])


def _wrap(data_key: bytes, key_id: bytes, passphrase: str) -> dict[str, Any]:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphraseError()
    return wrap_key(data_key, key_id, passphrase)


def _unwrap(info: dict[str, Any], key_id: bytes, passphrase: str) -> bytes:
    try:
        return unwrap_key(info["passphrase"], key_id, passphrase)
    except InvalidTag as error:
        raise WrongPassphraseError() from error
    except (KeyError, TypeError, ValueError) as error:
        raise KeysDamagedError(Path(KEY_FILE), str(error)) from error


def _write_info(
    folder: Path, key_id: bytes, mode: KeyMode, wrap: dict[str, Any] | None = None
) -> None:
    info: dict[str, Any] = {"version": 1, "key_id": b64(key_id), "mode": mode.value}
    if wrap is not None:
        info["passphrase"] = wrap
    info["check"] = _checksum(info)
    atomic_write_bytes(key_file(folder), orjson.dumps(info, option=orjson.OPT_INDENT_2))


def keychain_available() -> bool:
    return keychain.safe_backend() is not None


def create_key(folder: Path, ask: AskPassphrase) -> DataKey:
    """Make the data key for a new store: in the keychain when there is a real one."""
    data_key, key_id = new_data_key(), new_key_id()
    if keychain_available():
        try:
            keychain.store_secret(key_id.hex(), b64(data_key))
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


def unlock(
    folder: Path, ask: AskPassphrase, *, attempts: int = 3, upgrade: bool = False
) -> DataKey:
    """The data key of an existing store; asks for the passphrase if that is how it is kept.

    With ``upgrade`` (a writer), a key wrapped with weaker Scrypt parameters than today's, or
    a keys file without a checksum, is written again with the passphrase just given.
    """
    info = _read_info(folder)
    key_id = unb64(info["key_id"])
    mode = KeyMode(info["mode"])
    if mode is KeyMode.KEYCHAIN:
        try:
            key = _from_keychain(folder, key_id)
        except KeyMissingError:
            _check_key_id_matches_store(folder, key_id)
            raise
        if upgrade and "check" not in info:
            _quietly(lambda: _write_info(folder, key_id, KeyMode.KEYCHAIN))
        return key
    # Switched to a passphrase since the window started: a child asking the keychain is moot.
    keychain_prefetch.discard(folder)
    failures = UnlockFailures(folder)
    for attempt in range(attempts):
        prompt = PassphrasePrompt(new=False, retry=attempt > 0, wait_seconds=failures.wait())
        passphrase = ask(prompt)
        if passphrase is None:
            raise PassphraseNeeded()
        # Enforced here whatever the asking side showed: a script gets no faster guesses.
        remaining = failures.wait()
        if remaining > 0:
            _sleep(remaining)
        try:
            key = DataKey(_unwrap(info, key_id, passphrase), key_id, mode)
        except WrongPassphraseError:
            # A key id that differs from the store's: the keys file is damaged, whatever
            # passphrase is typed (the key id is part of what the wrapped key is checked with).
            _check_key_id_matches_store(folder, key_id)
            failures.record()
            if attempt == attempts - 1:
                raise
            continue
        failures.clear()
        wrap = info["passphrase"]
        current = passphrase_wrap.is_current(int(wrap["n"]), int(wrap["r"]), int(wrap["p"]))
        if upgrade and (not current or "check" not in info):
            _rewrap(folder, key, passphrase)
        return key
    raise WrongPassphraseError()


def _rewrap(folder: Path, key: DataKey, passphrase: str) -> None:
    wrap = _wrap(key.key, key.key_id, passphrase)
    _quietly(lambda: _write_info(folder, key.key_id, KeyMode.PASSPHRASE, wrap))


def _from_keychain(folder: Path, key_id: bytes) -> DataKey:
    # At the window's start a child may have read it already, so this process need not load
    # keyring; without its clean answer the keychain is asked here, as it always was.
    secret = keychain_prefetch.take(folder, key_id.hex())
    if secret is None:
        try:
            secret = keychain.load_secret(key_id.hex())
        except keychain.KeychainUnavailable as error:
            raise KeyMissingError(_("the system keychain cannot be reached")) from error
    if secret is None:
        raise KeyMissingError(_("it is no longer in the system keychain"))
    try:
        key = unb64(secret)
    except ValueError as error:
        raise KeyMissingError(_("the keychain entry is damaged")) from error
    if len(key) != KEY_SIZE:
        raise KeyMissingError(_("the keychain entry is damaged"))
    return DataKey(key, key_id, KeyMode.KEYCHAIN)


def _check_key_id_matches_store(folder: Path, key_id: bytes) -> None:
    """A key id that differs from the store's is damage, not a wrong passphrase."""
    try:
        with (folder / "store.json").open("rb") as handle:
            head = handle.read(8 + KEY_ID_SIZE)
    except OSError:
        return
    if is_sealed(head) and len(head) == 8 + KEY_ID_SIZE and head[8:] != key_id:
        raise KeysDamagedError(
            key_file(folder),
            _("its key id is not the one your data file was sealed with; one of them is damaged"),
        )


def _quietly(action: Callable[[], None]) -> None:
    # An upgrade that cannot be written (read-only folder, full disk) waits for the next time.
    with contextlib.suppress(OSError):
        action()


def use_passphrase(folder: Path, key: DataKey, passphrase: str) -> DataKey:
    """Protect the data key with ``passphrase`` (also: change the passphrase)."""
    _write_info(folder, key.key_id, KeyMode.PASSPHRASE, _wrap(key.key, key.key_id, passphrase))
    if key.mode is KeyMode.KEYCHAIN:
        keychain.delete_secret(key.key_id.hex())
    return DataKey(key.key, key.key_id, KeyMode.PASSPHRASE)


def use_keychain(folder: Path, key: DataKey) -> DataKey:
    """Move the data key into the OS keychain; raises ``KeychainUnavailable`` if there is none."""
    keychain.store_secret(key.key_id.hex(), b64(key.key))
    _write_info(folder, key.key_id, KeyMode.KEYCHAIN)
    return DataKey(key.key, key.key_id, KeyMode.KEYCHAIN)
