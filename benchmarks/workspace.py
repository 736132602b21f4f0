"""Private copies of the synthetic store for one benchmark run: plain, and encrypted as the app
encrypts it.

The generated store is plain (``Store.open(folder)`` writes it so). The app never keeps it so:
``open_session`` encrypts a plain store on its first open, with the data key in the keychain or
wrapped with a passphrase. Each encrypted variant is sealed once per run, exactly that way, into
a template folder; every benchmark then works on its own copy of the template. The keychain is
the test backend (``tests.support.test_keyring.TestKeyring``) backed by a file in the
workspace, so neither this process nor its children ever touch the user's real keychain.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generate import REPO_ROOT, GeneratedStore, copy_companion_store, copy_data_folder

from companion.services.data.session import open_session
from companion.storage.encryption import AesGcmCipher
from companion.storage.keys import DataKey, KeyMode, PassphrasePrompt

KEYRING_BACKEND = "tests.support.test_keyring.TestKeyring"
KEYRING_FILE_ENV = "COMPANION_TEST_KEYRING_FILE"
PASSPHRASE_ENV = "COMPANION_PASSPHRASE"
# A benchmark fixture, not a secret: it protects nothing but generated data.
PASSPHRASE = "benchmark passphrase for synthetic data"


@dataclass(frozen=True, slots=True, kw_only=True)
class Workspace:
    """The run's scratch folder: copies of the generated files, and the encrypted templates."""

    generated: GeneratedStore
    folder: Path
    sealed_keys: dict[KeyMode, DataKey] = field(default_factory=dict)

    @property
    def keyring_file(self) -> Path:
        return self.folder / "keyring.json"

    def companion_copy(self, name: str) -> Path:
        """A plain (unencrypted) copy, as ``Store.open(folder)`` reads and writes it."""
        return copy_companion_store(self.generated, self.folder / name)

    def baseline_copy(self, name: str) -> Path:
        target = self.folder / f"{name}.json"
        shutil.copyfile(self.generated.baseline_file, target)
        return target

    def sealed_copy(self, name: str, mode: KeyMode = KeyMode.KEYCHAIN) -> Path:
        """An encrypted copy whose key is kept the ``mode`` way (keys.json included)."""
        self.data_key(mode)
        return copy_data_folder(self._template(mode), self.folder / name)

    def data_key(self, mode: KeyMode = KeyMode.KEYCHAIN) -> DataKey:
        """The data key of the encrypted template, sealing it first if this run has not."""
        if mode not in self.sealed_keys:
            self.sealed_keys[mode] = self._seal(mode)
        return self.sealed_keys[mode]

    def cipher(self, mode: KeyMode = KeyMode.KEYCHAIN) -> AesGcmCipher:
        key = self.data_key(mode)
        return AesGcmCipher(key.key, key.key_id)

    def child_environment(self, *, passphrase: bool = False) -> dict[str, str]:
        """What a child process needs to unlock the encrypted copies like the app would."""
        env = dict(os.environ)
        env.pop(PASSPHRASE_ENV, None)
        env[KEYRING_FILE_ENV] = str(self.keyring_file)
        env["PYTHON_KEYRING_BACKEND"] = KEYRING_BACKEND
        env["PYTHONPATH"] = os.pathsep.join(
            part for part in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if part
        )
        if passphrase:
            env[PASSPHRASE_ENV] = PASSPHRASE
        return env

    def _template(self, mode: KeyMode) -> Path:
        return self.folder / f"template-{mode.value}"

    def _seal(self, mode: KeyMode) -> DataKey:
        """Encrypt a plain copy through ``open_session``, as the app's first open does."""
        import keyring
        from keyring.backends import fail

        from tests.support.test_keyring import TestKeyring

        # The failing backend counts as "no keychain": the key is then wrapped with a
        # passphrase. Either way, never the user's real keychain.
        backend = (
            TestKeyring(self.keyring_file) if mode is KeyMode.KEYCHAIN else fail.Keyring()  # type: ignore[no-untyped-call]
        )
        keyring.set_keyring(backend)
        folder = self.companion_copy(self._template(mode).name)

        def ask(prompt: PassphrasePrompt) -> str | None:
            return PASSPHRASE

        with open_session(folder, ask) as session:
            key = session.key
        if key is None or key.mode is not mode:
            raise RuntimeError(f"sealing the {mode.value} copy gave {key and key.mode}")
        return key
