"""``companion import`` while the app runs: what the sender refuses itself, without asking."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from companion import cli
from companion.services.instance.instance_messages import instance_lock_file
from companion.ui.shell import single_instance


@pytest.fixture
def forwarded(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> list[object]:
    """A running app is pretended (its lock file exists); the requests sent to it are kept."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    instance_lock_file(data_dir).touch()
    sent: list[object] = []

    def forward_request(_data_dir: Path, request: object) -> None:
        sent.append(request)

    monkeypatch.setattr(single_instance, "forward_request", forward_request)
    return sent


@pytest.mark.parametrize("kind", ["fifo", "device", "missing"])
def test_a_file_that_is_no_regular_file_is_refused_before_it_is_forwarded(
    forwarded: list[object],
    tmp_path: Path,
    kind: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given a running app busy with a long import, and a FIFO, a device or a typo
    if kind == "fifo":
        path = tmp_path / "contacts.vcf"
        os.mkfifo(path)
    elif kind == "device":
        path = Path(os.devnull)
    else:
        path = tmp_path / "no-such-file.vcf"

    # When the user imports it from a terminal
    status = cli.main(["import", str(path)])

    # Then it is refused at once, with exit 2 and a reason, and the app is not asked
    assert status == 2
    error = capsys.readouterr().err
    assert str(path) in error
    assert "Nothing was imported" in error
    assert forwarded == []


@pytest.mark.usefixtures("no_keyring")
def test_a_device_is_refused_before_the_passphrase_is_asked(
    companion_cli: Callable[..., CompletedProcess[str]],
    tmp_path: Path,
) -> None:
    # Given an encrypted store whose passphrase nobody gives (no keychain entry, no terminal)
    seed = tmp_path / "seed.vcf"
    seed.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n", encoding="utf-8")
    created = companion_cli("import", seed, env={"COMPANION_PASSPHRASE": "correct horse battery"})
    assert created.returncode == 0, created.stderr
    # When /dev/zero is imported
    result = companion_cli("import", os.devnull, env={"COMPANION_PASSPHRASE": None})
    # Then the file is refused for what it is (exit 2), not for the missing passphrase: the
    # store was never opened for it
    assert result.returncode == 2, result.stderr
    assert "this is a device" in result.stderr
    assert "passphrase" not in result.stderr.lower()
