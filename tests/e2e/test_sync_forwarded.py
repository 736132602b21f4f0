"""``companion sync`` while the app is open: the running app does the round (off its GUI
thread) and the terminal prints what it says — against a real Radicale."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.test_single_instance import RunCli, RunningApp, start_app  # noqa: F401 - a fixture
from tests.support.dav_phone import Phone
from tests.support.network_guard import NETWORK_ALLOW_ENV
from tests.support.radicale_server import PASSWORD, USER, running_radicale


def test_a_round_asked_from_a_terminal_runs_in_the_open_app(
    start_app: Callable[..., RunningApp],  # noqa: F811 - the fixture
    companion_cli: RunCli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with running_radicale(tmp_path / "server") as (server, allowed):
        book = server.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
        monkeypatch.setenv(NETWORK_ALLOW_ENV, allowed)
        Phone(book).put("carla.vcf", "BEGIN:VCARD\nVERSION:3.0\nUID:c-1\nFN:Carla\nEND:VCARD")
        added = companion_cli(
            "sync", "add", "Phone", "--url", server.url, "--user", USER,
            env={"COMPANION_SYNC_PASSWORD": PASSWORD},
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        # Given the app is open (it alone may write the store)
        start_app()
        # When a round is asked for from the terminal
        synced = companion_cli("sync", "Phone", timeout=120)
        # Then the app ran it and the terminal prints its summary
        assert synced.returncode == 0, synced.stderr
        assert re.match(r"Phone: \d+ in, \d+ out", synced.stdout), synced.stdout
        exported = companion_cli("export", "--format", "csv")
        assert "Carla" in exported.stdout
        # And an unknown account is bad input there too
        unknown = companion_cli("sync", "Nowhere")
        assert unknown.returncode == 2
        assert "no sync account called “Nowhere”" in unknown.stderr
