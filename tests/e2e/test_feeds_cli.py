"""``companion feeds …`` as a user types it, alone and while the app runs, against a real local
feed server (the only endpoint the network guard lets the processes reach)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.test_single_instance import RunningApp, start_app  # noqa: F401 - a fixture
from tests.support.feed_server import FeedServer, Route, running_feed_server
from tests.support.network_guard import NETWORK_ALLOW_ENV

RunCli = Callable[..., subprocess.CompletedProcess[str]]

CALENDAR = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Meetup//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:e1@meetup.com\r\nDTSTAMP:20270101T000000Z\r\n"
    b"DTSTART:20990301T180000Z\r\nSUMMARY:Board game night\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FeedServer]:
    with running_feed_server() as (feed_server, allowed):
        monkeypatch.setenv(NETWORK_ALLOW_ENV, allowed)
        yield feed_server


def test_add_list_refresh_remove_without_the_app(companion_cli: RunCli, server: FeedServer) -> None:
    server.routes["/cal.ics"] = Route(body=CALENDAR, etag='"1"')
    secret = server.url("/cal.ics") + "?token=s3cr3t-personal-token"
    server.routes["/cal.ics?token=s3cr3t-personal-token"] = Route(body=CALENDAR, etag='"1"')
    added = companion_cli("feeds", "add", secret, "--name", "Games")
    assert added.returncode == 0, added.stderr
    assert "Subscribed to “Games”" in added.stdout
    assert "s3cr3t" not in added.stdout
    assert "Games: 1 event (1 new" in added.stdout
    again = companion_cli("feeds", "refresh", "games")
    assert again.returncode == 0, again.stderr
    assert "unchanged since the last refresh" in again.stdout
    listed = companion_cli("feeds", "list")
    assert listed.returncode == 0
    assert "Games" in listed.stdout and "1 event" in listed.stdout
    assert "s3cr3t" not in listed.stdout
    events = companion_cli("export", "--format", "json")
    assert "Board game night" in events.stdout
    removed = companion_cli("feeds", "remove", "Games")
    assert removed.returncode == 0, removed.stderr
    assert "You have no feeds yet" in companion_cli("feeds", "list").stdout


def test_a_failing_feed_is_named_and_exits_1_while_the_others_refresh(
    companion_cli: RunCli, server: FeedServer
) -> None:
    server.routes["/good.ics"] = Route(body=CALENDAR)
    server.routes["/page"] = Route(body=b"<!doctype html><p>Log in", content_type="text/html")
    assert companion_cli("feeds", "add", server.url("/good.ics"), "--name", "Good").returncode == 0
    # A feed that fails at once is still subscribed, and says why
    page = companion_cli("feeds", "add", server.url("/page"), "--name", "Page")
    assert page.returncode == 0
    assert "web page, not a calendar" in page.stderr
    result = companion_cli("feeds", "refresh")
    assert result.returncode == 1
    assert "Good: 1 event" in result.stdout
    assert "companion: Page: this address returns a web page, not a calendar" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (("feeds", "add", "ftp://example.org/x.ics"), "webcal://"),
        (("feeds", "remove", "nothing"), "no feed called"),
        (("feeds", "refresh", "nothing"), "no feed called"),
    ],
)
def test_bad_input_exits_2_with_words(
    companion_cli: RunCli, arguments: tuple[str, ...], words: str
) -> None:
    result = companion_cli(*arguments)
    assert result.returncode == 2
    assert words in result.stderr


def test_feeds_commands_go_through_the_running_app(
    start_app: Callable[..., RunningApp],  # noqa: F811 - the fixture
    companion_cli: RunCli,
    server: FeedServer,
    data_dir: Path,
) -> None:
    server.routes["/cal.ics"] = Route(body=CALENDAR)
    start_app()
    added = companion_cli("feeds", "add", server.url("/cal.ics"), "--name", "Games", timeout=120)
    assert added.returncode == 0, added.stderr
    assert "Games: 1 event" in added.stdout
    # A slow feed: the terminal waits past the instance's 5 s request time-out
    server.routes["/cal.ics"] = Route(body=CALENDAR, delay=6.0)
    refreshed = companion_cli("feeds", "refresh", timeout=120)
    assert refreshed.returncode == 0, refreshed.stderr
    assert "Games: 1 event" in refreshed.stdout
    exported = companion_cli("export", "--format", "json")
    assert "Board game night" in exported.stdout
