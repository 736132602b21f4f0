"""Sync accounts added against a real Radicale on loopback: discovery, password keeping, and
every way adding can fail without storing anything.

The Radicale (``tests.support.radicale_server``) is the only endpoint the network guard lets
through, so a request anywhere else fails the test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from companion.domain.errors import ValidationError
from companion.remote.dav_discovery import DavProblem, discover, new_dav_session
from companion.services.sync.sync_accounts import (
    ServerProblem,
    SyncAccountNotFound,
    add_account,
    list_accounts,
    password_of,
    remove_account,
)
from companion.storage.store import Store
from tests.support.radicale_server import (
    PASSWORD,
    USER,
    RadicaleServer,
    closed_port,
    running_radicale,
    running_web_page,
)
from tests.support.test_keyring import TestKeyring

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    with running_radicale(tmp_path) as (server, _allowed):
        server.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
        server.add_collection(f"{USER}/work", tag="VADDRESSBOOK", name="Work")
        server.add_collection(f"{USER}/personal", tag="VCALENDAR", name="Personal")
        yield server


def test_given_a_server_root_when_discovered_then_books_and_calendars_are_found(
    radicale: RadicaleServer,
) -> None:
    # Given the address of the server itself (not of any collection)
    session = new_dav_session(USER, PASSWORD)
    # When discovery asks it
    found = discover(session, radicale.url)
    session.close()
    # Then the principal leads to both address books and the calendar, in a stable order
    assert found.principal == f"{radicale.url}{USER}/"
    assert [(book.href, book.name) for book in found.address_books] == [
        (f"{radicale.url}{USER}/contacts/", "Contacts"),
        (f"{radicale.url}{USER}/work/", "Work"),
    ]
    assert [calendar.name for calendar in found.calendars] == ["Personal"]


def test_given_a_task_list_when_discovered_then_it_is_no_calendar_to_read(
    radicale: RadicaleServer,
) -> None:
    # Given a list of tasks only (the phone's reminders, or our own "Common Ground" list)
    radicale.add_collection(f"{USER}/tasks", tag="VCALENDAR", name="Common Ground")
    props = radicale.storage / "collection-root" / USER / "tasks" / ".Radicale.props"
    props.write_text(
        json.dumps(
            {
                "tag": "VCALENDAR",
                "D:displayname": "Common Ground",
                "C:supported-calendar-component-set": "VTODO",
            }
        ),
        encoding="utf-8",
    )
    # When discovery asks the server
    session = new_dav_session(USER, PASSWORD)
    found = discover(session, radicale.url)
    session.close()
    # Then only the calendar with events is offered for reading
    assert [calendar.name for calendar in found.calendars] == ["Personal"]


def test_given_the_well_known_address_when_discovered_then_its_redirect_is_followed(
    radicale: RadicaleServer,
) -> None:
    session = new_dav_session(USER, PASSWORD)
    found = discover(session, f"{radicale.url}.well-known/carddav")
    session.close()
    assert len(found.address_books) == 2


def test_given_a_keychain_when_an_account_is_added_then_the_password_is_only_there(
    core_store: Store, radicale: RadicaleServer, test_keyring: TestKeyring
) -> None:
    # When an account is added
    account, changes = add_account(
        core_store, "Home", url=radicale.url, user=USER, password=PASSWORD, now=NOW
    )
    # Then it is stored with the first address book chosen and the calendars found
    assert changes.touches("sync_accounts")
    assert account.address_book == f"{radicale.url}{USER}/contacts/"
    assert [calendar.name for calendar in account.calendars] == ["Personal"]
    stored = list_accounts(core_store)
    assert [(item.name, item.user, item.added) for item in stored] == [("Home", USER, NOW)]
    # And the password is in the keychain, not in the record
    assert stored[0].in_keychain and stored[0].stored_password == ""
    assert password_of(stored[0]) == PASSWORD
    assert PASSWORD not in repr(stored[0])
    # When it is removed, the keychain forgets the password too
    remove_account(core_store, "home")
    assert list_accounts(core_store) == []
    assert (
        test_keyring.get_password("org.commonground.Companion", f"sync-account-{account.id}")
        is None
    )


@pytest.mark.usefixtures("no_keyring")
def test_given_no_keychain_when_an_account_is_added_then_the_password_stays_in_the_store(
    core_store: Store, radicale: RadicaleServer
) -> None:
    add_account(core_store, "Home", url=radicale.url, user=USER, password=PASSWORD, now=NOW)
    [account] = list_accounts(core_store)
    assert not account.in_keychain
    assert password_of(account) == PASSWORD
    assert PASSWORD not in repr(account)


def test_given_a_wrong_password_when_adding_then_it_says_so_and_stores_nothing(
    core_store: Store, radicale: RadicaleServer
) -> None:
    with pytest.raises(ServerProblem) as raised:
        add_account(core_store, "Home", url=radicale.url, user=USER, password="wrong", now=NOW)
    assert raised.value.kind is DavProblem.WRONG_LOGIN
    assert "did not accept the user name or password" in raised.value.message
    assert "wrong" not in raised.value.message
    assert list_accounts(core_store) == []


def test_given_a_web_page_when_adding_then_it_is_no_dav_server_and_nothing_is_stored(
    core_store: Store,
) -> None:
    with running_web_page() as (url, _allowed), pytest.raises(ServerProblem) as raised:
        add_account(core_store, "Home", url=url, user=USER, password=PASSWORD, now=NOW)
    assert raised.value.kind is DavProblem.NOT_DAV
    assert "no CardDAV or CalDAV server" in raised.value.message
    assert list_accounts(core_store) == []


def test_given_https_to_a_plain_http_server_when_adding_then_the_message_says_so(
    core_store: Store, radicale: RadicaleServer
) -> None:
    # Given a server that speaks plain http on its port, asked with https
    url = radicale.url.replace("http://", "https://")
    # When the account is added
    with pytest.raises(ServerProblem) as raised:
        add_account(core_store, "Home", url=url, user=USER, password=PASSWORD, now=NOW)
    # Then the message names both likely causes, and nothing is stored
    assert raised.value.kind is DavProblem.TLS
    assert "does not speak https" in raised.value.message
    assert list_accounts(core_store) == []


def test_given_nothing_listening_when_adding_then_the_host_is_named_and_nothing_is_stored(
    core_store: Store,
) -> None:
    with closed_port() as (url, _allowed), pytest.raises(ServerProblem) as raised:
        add_account(core_store, "Home", url=url, user=USER, password=PASSWORD, now=NOW)
    assert raised.value.kind is DavProblem.UNREACHABLE
    assert "Could not reach 127.0.0.1" in raised.value.message
    assert list_accounts(core_store) == []


@pytest.mark.parametrize(
    ("name", "url", "user", "password"),
    [
        ("", "https://dav.example.org/", USER, PASSWORD),
        ("Home", "ftp://dav.example.org/", USER, PASSWORD),
        ("Home", "dav.example.org", USER, PASSWORD),
        ("Home", "https://alice:secret@dav.example.org/", USER, PASSWORD),
        ("Home", "https://dav.example.org/", " ", PASSWORD),
        ("Home", "https://dav.example.org/", USER, ""),
    ],
)
def test_given_bad_input_when_adding_then_no_request_is_made_and_nothing_is_stored(
    core_store: Store, name: str, url: str, user: str, password: str
) -> None:
    # The network guard fails the test if any of these reached for the (unallowed) host.
    with pytest.raises(ValidationError):
        add_account(core_store, name, url=url, user=user, password=password, now=NOW)
    assert list_accounts(core_store) == []


def test_given_an_account_when_one_with_the_same_name_is_added_then_it_is_refused(
    core_store: Store, radicale: RadicaleServer
) -> None:
    add_account(core_store, "Home", url=radicale.url, user=USER, password=PASSWORD, now=NOW)
    with pytest.raises(ValidationError, match="already a sync account"):
        add_account(core_store, "home", url=radicale.url, user=USER, password=PASSWORD, now=NOW)
    with pytest.raises(SyncAccountNotFound):
        remove_account(core_store, "Work")
