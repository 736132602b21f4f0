"""``companion sync add|list|remove`` as a user types it, against a real local Radicale (the only
endpoint the network guard lets the command's process reach)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.test_single_instance import RunningApp, start_app  # noqa: F401 - a fixture
from tests.support.dav_phone import Phone
from tests.support.network_guard import NETWORK_ALLOW_ENV
from tests.support.radicale_server import (
    PASSWORD,
    USER,
    RadicaleServer,
    closed_port,
    running_radicale,
    running_web_page,
)

RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def radicale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RadicaleServer]:
    with running_radicale(tmp_path) as (server, allowed):
        server.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
        server.add_collection(f"{USER}/personal", tag="VCALENDAR", name="Personal")
        monkeypatch.setenv(NETWORK_ALLOW_ENV, allowed)
        yield server


def test_add_list_remove_without_the_app(companion_cli: RunCli, radicale: RadicaleServer) -> None:
    # When an account is added with the password in the environment
    added = companion_cli(
        "sync", "add", "Home", "--url", radicale.url, "--user", USER,
        env={"COMPANION_SYNC_PASSWORD": PASSWORD},
    )  # fmt: skip
    # Then it says what it found, and never the password
    assert added.returncode == 0, added.stderr
    assert "Added the sync account “Home” (127.0.0.1:" in added.stdout
    assert "Contacts (people sync here)" in added.stdout
    assert "Personal (its events come in)" in added.stdout
    assert "only the promise's text, the person's name and the due day" in added.stdout
    assert PASSWORD not in added.stdout + added.stderr
    # And the list shows it, not yet synced
    listed = companion_cli("sync", "list")
    assert listed.returncode == 0, listed.stderr
    assert "Home" in listed.stdout and USER in listed.stdout and "never synced" in listed.stdout
    # When it is removed, the list is empty again
    removed = companion_cli("sync", "remove", "home")
    assert removed.returncode == 0, removed.stderr
    assert "You have no sync accounts yet" in companion_cli("sync", "list").stdout


def test_a_wrong_password_exits_1_names_the_server_and_stores_nothing(
    companion_cli: RunCli, radicale: RadicaleServer
) -> None:
    added = companion_cli(
        "sync", "add", "Home", "--url", radicale.url, "--user", USER,
        env={"COMPANION_SYNC_PASSWORD": "not-the-password"},
    )  # fmt: skip
    assert added.returncode == 1
    assert "“Home” was not added: 127.0.0.1 did not accept" in added.stderr
    assert "not-the-password" not in added.stderr
    assert "Traceback" not in added.stderr
    assert "You have no sync accounts yet" in companion_cli("sync", "list").stdout


def test_a_web_page_and_a_closed_port_exit_1_with_the_reason(
    companion_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {"COMPANION_SYNC_PASSWORD": PASSWORD}
    with running_web_page() as (url, allowed):
        monkeypatch.setenv(NETWORK_ALLOW_ENV, allowed)
        page = companion_cli("sync", "add", "Home", "--url", url, "--user", USER, env=env)
    assert page.returncode == 1
    assert "is no CardDAV or CalDAV server" in page.stderr
    with closed_port() as (url, allowed):
        monkeypatch.setenv(NETWORK_ALLOW_ENV, allowed)
        closed = companion_cli("sync", "add", "Home", "--url", url, "--user", USER, env=env)
    assert closed.returncode == 1
    assert "Could not reach 127.0.0.1" in closed.stderr


def test_bad_input_exits_2(companion_cli: RunCli) -> None:
    env = {"COMPANION_SYNC_PASSWORD": PASSWORD}
    bad_url = companion_cli("sync", "add", "Home", "--url", "dav.example", "--user", USER, env=env)
    assert bad_url.returncode == 2
    assert "is no server address" in bad_url.stderr
    no_password = companion_cli(
        "sync", "add", "Home", "--url", "https://dav.example/", "--user", USER,
        env={"COMPANION_SYNC_PASSWORD": None},
    )  # fmt: skip
    assert no_password.returncode == 2
    assert "COMPANION_SYNC_PASSWORD" in no_password.stderr
    missing = companion_cli("sync", "remove", "Nowhere")
    assert missing.returncode == 2
    assert "no sync account called “Nowhere”" in missing.stderr


def test_while_the_app_runs_adding_is_refused_with_a_clear_message(
    start_app: Callable[..., RunningApp],  # noqa: F811 - the fixture
    companion_cli: RunCli,
    radicale: RadicaleServer,
) -> None:
    # Given a running app, which alone may write the store
    start_app()
    # When an account is added from the terminal
    added = companion_cli(
        "sync", "add", "Home", "--url", radicale.url, "--user", USER,
        env={"COMPANION_SYNC_PASSWORD": PASSWORD}, timeout=120,
    )  # fmt: skip
    # Then it is refused, saying why and what to do, and nothing is half-done
    assert added.returncode == 1, added.stdout
    assert "Common Ground is open on this data" in added.stderr
    assert "close it, then run this command again" in added.stderr
    assert "Traceback" not in added.stderr
    # But listing only reads, as ``companion events`` does: it answers while the app runs
    listed = companion_cli("sync", "list", timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert "You have no sync accounts yet" in listed.stdout


def test_sync_runs_a_round_per_account_and_says_what_moved(
    companion_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_radicale(tmp_path / "server") as (server, allowed):
        book = server.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
        monkeypatch.setenv(NETWORK_ALLOW_ENV, allowed)
        Phone(book).put("carla.vcf", "BEGIN:VCARD\nVERSION:3.0\nUID:c-1\nFN:Carla\nEND:VCARD")
        env = {"COMPANION_SYNC_PASSWORD": PASSWORD}
        added = companion_cli(
            "sync", "add", "Phone", "--url", server.url, "--user", USER, "--no-interests", env=env
        )
        assert added.returncode == 0, added.stderr
        assert "without their interests" in added.stdout
        # When a round runs with the named account, and then with all of them
        named = companion_cli("sync", "Phone")
        assert named.returncode == 0, named.stderr
        assert named.stdout.startswith("Phone: 1 in, 0 out")
        every = companion_cli("sync")
        assert every.returncode == 0, every.stderr
        assert every.stdout.startswith("Phone: 0 in, 0 out")
        # An unknown account is bad input, and an account may not be named like an action
        unknown = companion_cli("sync", "Nowhere")
        assert unknown.returncode == 2
        assert "no sync account called “Nowhere”" in unknown.stderr
        clash = companion_cli(
            "sync", "add", "list", "--url", server.url, "--user", USER, env=env
        )  # fmt: skip
        assert clash.returncode == 2 and "choose another name" in clash.stderr
    # When the server is gone, the round says so and exits 1, and Carla is still here
    offline = companion_cli("sync")
    assert offline.returncode == 1
    assert "sync with “Phone” stopped: Could not reach 127.0.0.1" in offline.stderr
    assert "Traceback" not in offline.stderr
    exported = companion_cli("export", "--format", "csv")
    assert "Carla" in exported.stdout
    listed = companion_cli("sync", "list")
    assert "Could not reach" in listed.stdout


def test_people_deleted_here_wait_for_allow_deletes(
    companion_cli: RunCli, radicale: RadicaleServer
) -> None:
    env = {"COMPANION_SYNC_PASSWORD": PASSWORD}
    companion_cli("sync", "add", "Phone", "--url", radicale.url, "--user", USER, env=env)
    allowed = companion_cli("sync", "allow-deletes", "phone")
    assert allowed.returncode == 0, allowed.stderr
    assert "will now be deleted on “Phone” too" in allowed.stdout
