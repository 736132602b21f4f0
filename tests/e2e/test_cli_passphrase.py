"""Without a keychain the CLI asks for the passphrase on a terminal, or takes it from the env."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from companion.domain.people import Person
from companion.services.data.backup import export_backup
from companion.storage.store import Store

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX"),
]

PASSPHRASE = "my long passphrase"


class Terminal:
    """``companion`` on a pseudo-terminal, so ``getpass`` really prompts."""

    def __init__(self, *args: str) -> None:
        self._main, secondary = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "companion.cli", *args],
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            close_fds=True,
        )
        os.close(secondary)
        self.output = ""
        # Where the last expected text ended: a prompt shown twice must be waited for twice.
        self._consumed = 0

    def expect(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output[self._consumed :]:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"never saw {text!r}; got {self.output!r}"
            ready, _, _ = select.select([self._main], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self._main, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    assert text in self.output[self._consumed :], (
                        f"never saw {text!r}; got {self.output!r}"
                    )
                self.output += chunk.decode("utf-8", "replace")
        self._consumed = self.output.index(text, self._consumed) + len(text)

    def send(self, line: str) -> None:
        os.write(self._main, line.encode("utf-8") + b"\n")

    def finish(self) -> int:
        status = self.process.wait(timeout=60)
        try:
            while chunk := os.read(self._main, 4096):
                self.output += chunk.decode("utf-8", "replace")
        except OSError:
            pass
        os.close(self._main)
        return status


def _backup_file(tmp_path: Path) -> Path:
    with Store.open(tmp_path / "source") as source:
        source.people.put(Person(name="Ada"))
        path = tmp_path / "backup.json"
        path.write_bytes(export_backup(source))
    return path


def test_terminal_prompts_to_choose_then_to_enter_the_passphrase(
    no_keyring: None, data_dir: Path, tmp_path: Path
) -> None:
    backup = _backup_file(tmp_path)
    # Given no keychain, When the first import runs in a terminal
    terminal = Terminal("import", str(backup))
    terminal.expect("Choose a passphrase")
    terminal.send("short")
    terminal.expect("too short")
    terminal.expect("Choose a passphrase")  # the prompt again, after the notice
    terminal.send(PASSPHRASE)
    terminal.expect("Repeat the passphrase")
    terminal.send(PASSPHRASE)
    # Then the import runs with the data protected by that passphrase
    assert terminal.finish() == 0, terminal.output
    assert "1 added" in terminal.output
    # When a later command runs, a wrong passphrase is refused and the right one works
    terminal = Terminal("export", "--format", "json", "-o", str(tmp_path / "out.json"))
    terminal.expect("Passphrase for your Common Ground data")
    terminal.send("not the right one")
    terminal.expect("Try again")
    # getpass discards typed-ahead input when it starts: answer the new prompt, not the notice.
    terminal.expect("Passphrase for your Common Ground data")
    terminal.send(PASSPHRASE)
    assert terminal.finish() == 0, terminal.output
    assert b"Ada" in (tmp_path / "out.json").read_bytes()


def test_environment_passphrase_and_no_terminal(
    no_keyring: None, data_dir: Path, tmp_path: Path, companion_cli
) -> None:  # type: ignore[no-untyped-def]
    backup = _backup_file(tmp_path)
    # Without a terminal and without COMPANION_PASSPHRASE: a clear message, nothing created
    refused = companion_cli("import", str(backup))
    assert refused.returncode == 1
    assert "COMPANION_PASSPHRASE" in refused.stderr
    assert not (data_dir / "store.json").exists()
    # With it: works, and a wrong one later is refused with the store untouched
    env = {"COMPANION_PASSPHRASE": PASSPHRASE}
    assert companion_cli("import", str(backup), env=env).returncode == 0
    before = (data_dir / "store.json").read_bytes()
    wrong = companion_cli("export", "--format", "json", env={"COMPANION_PASSPHRASE": "wrong one!"})
    assert wrong.returncode == 1
    assert "does not unlock" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    assert (data_dir / "store.json").read_bytes() == before
