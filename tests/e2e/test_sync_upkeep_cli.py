"""``companion sync look-again | address-book | password NAME`` in a separate process limited to
the local Radicale: collections added on the server later are offered, the address book is
chosen, and a new password is checked with the server before it is kept."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.network_guard import NETWORK_ALLOW_ENV
from tests.support.radicale_server import PASSWORD, USER, running_radicale
from tests.support.test_keyring import TestKeyring

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def test_collections_added_later_are_offered_and_chosen(
    companion_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_radicale(tmp_path / "server") as (server, allowed):
        # Given an account added when the server had one address book
        server.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
        monkeypatch.setenv(NETWORK_ALLOW_ENV, allowed)
        env = {"COMPANION_SYNC_PASSWORD": PASSWORD}
        added = companion_cli("sync", "add", "Phone", "--url", server.url, "--user", USER, env=env)
        assert added.returncode == 0, added.stderr
        # When a calendar and a second address book appear there and the account looks again
        server.add_collection(f"{USER}/family", tag="VADDRESSBOOK", name="Family")
        server.add_collection(f"{USER}/personal", tag="VCALENDAR", name="Personal")
        looked = companion_cli("sync", "look-again", "Phone")
    # Then the fresh list is printed, the choice kept, and how to choose is said
    assert looked.returncode == 0, looked.stderr
    assert "New: Family, Personal." in looked.stdout
    assert "  Contacts (people sync here)\n  Family\n" in looked.stdout
    assert "  Personal (its events come in)" in looked.stdout
    assert "companion sync address-book “Phone” BOOK" in looked.stdout
    # And choosing the other address book by its name sticks
    chosen = companion_cli("sync", "address-book", "Phone", "family")
    assert chosen.returncode == 0, chosen.stderr
    assert "  Family (people sync here)" in chosen.stdout
    unknown = companion_cli("sync", "address-book", "Phone", "Work")
    assert unknown.returncode == 2
    assert "offers no address book “Work”" in unknown.stderr


def test_a_new_password_is_checked_before_it_is_kept(
    companion_cli: RunCli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    test_keyring: TestKeyring,
) -> None:
    with running_radicale(tmp_path / "server") as (server, allowed):
        server.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
        monkeypatch.setenv(NETWORK_ALLOW_ENV, allowed)
        added = companion_cli(
            "sync", "add", "Phone", "--url", server.url, "--user", USER,
            env={"COMPANION_SYNC_PASSWORD": PASSWORD},
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        # When a wrong one is given
        wrong = companion_cli(
            "sync", "password", "Phone", env={"COMPANION_SYNC_PASSWORD": "hunter2"}
        )
        # Then it is refused in words, never printed, and the old one still works
        assert wrong.returncode == 1
        assert "The password for “Phone” was not changed" in wrong.stderr
        assert "did not accept the user name or password" in wrong.stderr
        assert "hunter2" not in wrong.stdout + wrong.stderr
        assert companion_cli("sync", "Phone").returncode == 0
        # And the right one is kept, without being printed
        right = companion_cli(
            "sync", "password", "Phone", env={"COMPANION_SYNC_PASSWORD": PASSWORD}
        )
        assert right.returncode == 0, right.stderr
        assert "works and is kept (in your keychain)" in right.stdout
        assert PASSWORD not in right.stdout + right.stderr
        # Without a password (no variable, no terminal) nothing is asked of the server
        missing = companion_cli("sync", "password", "Phone", env={"COMPANION_SYNC_PASSWORD": ""})
        assert missing.returncode == 2
        assert "COMPANION_SYNC_PASSWORD" in missing.stderr


def test_the_help_names_the_new_actions(companion_cli: RunCli) -> None:
    shown = companion_cli("sync", "--help")
    assert shown.returncode == 0
    for action in ("look-again", "address-book", "password"):
        assert action in shown.stdout


def test_an_account_name_copied_with_the_quotes_around_it_is_found(
    companion_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_radicale(tmp_path / "server") as (server, allowed):
        # Given an account, and the command a message suggests ("companion sync look-again
        # “Phone”", in German „Phone“), copied into a terminal with its quotes
        server.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
        monkeypatch.setenv(NETWORK_ALLOW_ENV, allowed)
        env = {"COMPANION_SYNC_PASSWORD": PASSWORD}
        added = companion_cli("sync", "add", "Phone", "--url", server.url, "--user", USER, env=env)
        assert added.returncode == 0, added.stderr
        looked = companion_cli("sync", "look-again", "“Phone”")
        german = companion_cli("--locale", "de", "sync", "address-book", "„Phone“")
        synced = companion_cli("sync", "«Phone»")
    # Then each finds the account
    assert looked.returncode == 0, looked.stderr
    assert german.returncode == 0, german.stderr
    assert "Contacts (Personen werden hierhin synchronisiert)" in german.stdout
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.startswith("Phone: 0 in, 0 out")


def test_a_mistyped_name_or_address_is_said_before_any_password_is_asked(
    companion_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_radicale(tmp_path / "server") as (server, allowed):
        # Given an account "Phone"
        server.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
        monkeypatch.setenv(NETWORK_ALLOW_ENV, allowed)
        env = {"COMPANION_SYNC_PASSWORD": PASSWORD}
        added = companion_cli("sync", "add", "Phone", "--url", server.url, "--user", USER, env=env)
        assert added.returncode == 0, added.stderr
        # When a command that needs a password names an account that is not there, one that
        # is there already, or no server address (no password given: it would be asked for)
        unknown = companion_cli("sync", "password", "Phnoe")
        taken = companion_cli("sync", "add", "phone", "--url", server.url, "--user", USER)
        no_address = companion_cli("sync", "add", "Laptop", "--url", "dav example", "--user", USER)
    # Then that mistake is what it says, before asking for a password it would not use
    assert unknown.returncode == 2
    assert unknown.stderr == "companion: There is no sync account called “Phnoe”.\n"
    assert taken.returncode == 2
    assert taken.stderr == "companion: There is already a sync account called “phone”.\n"
    assert no_address.returncode == 2
    assert "is no server address" in no_address.stderr


def test_a_book_and_none_at_once_is_refused(companion_cli: RunCli) -> None:
    # When an address book and --none are both given
    both = companion_cli("sync", "address-book", "Phone", "Contacts", "--none")
    # Then it is bad input, naming the two, and nothing is chosen
    assert both.returncode == 2
    assert "--none" in both.stderr and "BOOK" in both.stderr
