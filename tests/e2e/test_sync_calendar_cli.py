"""``companion sync`` with a calendar on the server: the phone's events come in through the .ics
import and the round's line says so, in a separate process limited to the local Radicale."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from companion.remote.dav_discovery import new_dav_session
from tests.support.network_guard import NETWORK_ALLOW_ENV
from tests.support.radicale_server import PASSWORD, USER, running_radicale

RunCli = Callable[..., subprocess.CompletedProcess[str]]

MEETUP = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\n"
    "UID:meetup-7\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:20270310T180000Z\r\n"
    "SUMMARY:Rust Meetup\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_sync_brings_the_phones_events_in_once(
    companion_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_radicale(tmp_path / "server") as (server, allowed):
        # Given a calendar on the server with an event the phone put there
        calendar = server.add_collection(f"{USER}/personal", tag="VCALENDAR", name="Personal")
        session = new_dav_session(USER, PASSWORD)
        try:
            put = session.put(calendar + "meetup.ics", data=MEETUP.encode("utf-8"))
            assert put.status_code == 201
        finally:
            session.close()
        monkeypatch.setenv(NETWORK_ALLOW_ENV, allowed)
        env = {"COMPANION_SYNC_PASSWORD": PASSWORD}
        added = companion_cli("sync", "add", "Phone", "--url", server.url, "--user", USER, env=env)
        assert added.returncode == 0, added.stderr
        assert "Personal (its events come in)" in added.stdout
        # When rounds run
        first = companion_cli("sync")
        again = companion_cli("sync")
    # Then the first brought the event in and said so; the second found nothing new
    assert first.returncode == 0, first.stderr
    assert "1 event in" in first.stdout
    assert again.returncode == 0, again.stderr
    assert "event in" not in again.stdout
    listed = companion_cli("events")
    assert listed.stdout.count("Rust Meetup") == 1
