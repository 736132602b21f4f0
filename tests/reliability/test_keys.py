"""keys.json: today's Scrypt, bounded parameters, damage named as damage, a growing delay."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from companion.domain.people import Person
from companion.storage import keys, unlock_failures
from companion.storage.keys import KeysDamagedError, PassphrasePrompt, WrongPassphraseError
from companion.storage.passphrase_wrap import b64, unb64
from companion.storage.vault import open_store

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def folder(tmp_path: Path, no_keyring: object) -> Path:
    folder = tmp_path / "data"
    store, _key = open_store(folder, lambda prompt: PASSPHRASE)
    with store:
        store.people.put(Person(id="p1", name="Ada"))
    return folder


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """A fake clock; ``keys`` sleeps by moving it (the waits asked for are recorded)."""
    now = [1000.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    monkeypatch.setattr(unlock_failures, "_clock", lambda: now[0])
    monkeypatch.setattr(keys, "_sleep", sleep)
    return waits


def _edit(folder: Path, change: dict[str, object], *, fix_check: bool = True) -> None:
    info = orjson.loads(keys.key_file(folder).read_bytes())
    info["passphrase"].update(change)
    if fix_check:
        info["check"] = keys._checksum(info)
    keys.key_file(folder).write_bytes(orjson.dumps(info))


def test_new_passphrases_use_scrypt_n_2_16_p_2(folder: Path) -> None:
    # OWASP's equivalent of N=2^17, p=1: the same work in 64 MiB instead of 128
    info = orjson.loads(keys.key_file(folder).read_bytes())
    assert (info["passphrase"]["n"], info["passphrase"]["r"], info["passphrase"]["p"]) == (
        2**16,
        8,
        2,
    )


@pytest.mark.parametrize(
    "change",
    [{"n": 2**24}, {"n": 2**17 + 1}, {"n": 2**10}, {"r": 1000}, {"p": 0}, {"n": "big"}],
)
def test_out_of_bounds_parameters_are_a_damaged_keys_file(
    folder: Path, change: dict[str, object]
) -> None:
    # Given a keys file asking for absurd Scrypt parameters (consistent checksum and all)
    _edit(folder, change)
    # Then it is refused as damaged before any key derivation is tried
    asked: list[PassphrasePrompt] = []
    with pytest.raises(KeysDamagedError, match=r"keys file .* is damaged"):
        keys.unlock(folder, lambda prompt: asked.append(prompt) or PASSPHRASE)
    assert asked == []


def test_a_damaged_key_id_does_not_read_as_a_wrong_passphrase(folder: Path) -> None:
    info = orjson.loads(keys.key_file(folder).read_bytes())
    key_id = bytearray(unb64(info["key_id"]))
    key_id[3] ^= 0x01
    info["key_id"] = b64(bytes(key_id))
    info["check"] = keys._checksum(info)  # even with the checksum made to agree
    keys.key_file(folder).write_bytes(orjson.dumps(info))
    with pytest.raises(KeysDamagedError, match="key id"):
        keys.unlock(folder, lambda prompt: PASSPHRASE)


def test_a_changed_value_fails_the_checksum(folder: Path) -> None:
    _edit(folder, {"salt": b64(b"\x00" * 16)}, fix_check=False)
    with pytest.raises(KeysDamagedError, match="checksum"):
        keys.unlock(folder, lambda prompt: PASSPHRASE)


def test_wrong_passphrases_get_a_growing_delay_kept_across_runs(
    folder: Path, clock: list[float]
) -> None:
    prompts: list[PassphrasePrompt] = []

    def wrong(prompt: PassphrasePrompt) -> str:
        prompts.append(prompt)
        return "not the passphrase"

    # When three wrong passphrases are given
    with pytest.raises(WrongPassphraseError):
        keys.unlock(folder, wrong)
    # Then each next try waited longer, and the asking side was told how long
    assert clock == [1.0, 2.0]
    assert [prompt.wait_seconds for prompt in prompts] == [0.0, 1.0, 2.0]
    # And a new run (the CLI once more) goes on from there
    with pytest.raises(WrongPassphraseError):
        keys.unlock(folder, wrong, attempts=1)
    assert clock[-1] == 4.0
    # When the right one comes (after its wait), the count starts again
    keys.unlock(folder, lambda prompt: PASSPHRASE)
    assert clock[-1] == 8.0
    assert not (folder / unlock_failures.FAILURES_FILE).exists()
    waits = len(clock)
    with pytest.raises(WrongPassphraseError):
        keys.unlock(folder, wrong, attempts=1)
    assert len(clock) == waits  # no wait before the first try after a success


def test_a_key_wrapped_by_the_previous_release_is_rewrapped_in_half_the_memory(
    tmp_path: Path, no_keyring: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a store whose key the previous release wrapped (N=2^17, p=1: 128 MiB to unlock)
    from companion.storage import passphrase_wrap

    with monkeypatch.context() as previous:
        previous.setattr(passphrase_wrap, "SCRYPT_N", 2**17)
        previous.setattr(passphrase_wrap, "SCRYPT_P", 1)
        folder = tmp_path / "data"
        store, _key = open_store(folder, lambda prompt: PASSPHRASE)
        with store:
            store.people.put(Person(id="p1", name="Ada"))
    assert keys._read_info(folder)["passphrase"]["n"] == 2**17
    # When a writer unlocks it
    store, _key = open_store(folder, lambda prompt: PASSPHRASE)
    store.close()
    # Then it is wrapped again with today's parameters, and the same passphrase opens it
    wrap = keys._read_info(folder)["passphrase"]
    assert (wrap["n"], wrap["r"], wrap["p"]) == (2**16, 8, 2)
    store, _key = open_store(folder, lambda prompt: PASSPHRASE)
    with store:
        ada = store.people.get("p1")
        assert ada is not None and ada.name == "Ada"
