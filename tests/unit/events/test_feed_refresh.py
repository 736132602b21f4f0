"""Calendar feeds refreshed from a real HTTP server on loopback: good feeds, changes, bad feeds.

The server (``tests.support.feed_server``) is the only endpoint the network guard lets through,
so a request anywhere else (an OCSP responder, a redirect to another host) fails the test.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion.domain.errors import ValidationError
from companion.domain.events import EventStatus, PrepPlan
from companion.domain.feeds import FeedProblem, display_url
from companion.domain.people import Encounter, Person
from companion.remote.feed_http import FetchLimits, new_session
from companion.services.feeds.feed_refresh import refresh_feeds
from companion.services.feeds.feeds import (
    FeedNotFound,
    add_feed,
    find_feed,
    list_feeds,
    new_events_since,
    problem_text,
    remove_feed,
)
from companion.services.profile.interests import interest_inference
from companion.storage.store import Store
from tests.support.feed_server import FeedServer, Route, running_feed_server

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
FAST = FetchLimits(total_timeout=1.0, read_timeout=5.0, connect_timeout=5.0)


def vevent(uid: str, title: str, start: datetime, *, extra: str = "") -> str:
    stamp = start.strftime("%Y%m%dT%H%M%SZ")
    end = (start + timedelta(hours=2)).strftime("%Y%m%dT%H%M%SZ")
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:{stamp}\r\n"
        f"DTEND:{end}\r\nSUMMARY:{title}\r\n{extra}END:VEVENT\r\n"
    )


def calendar(*events: str) -> bytes:
    body = "".join(events)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Meetup//RemoteApi//EN\r\n"
        f"{body}END:VCALENDAR\r\n"
    ).encode()


BOARD = vevent("e1@meetup.com", "Board game night", NOW + timedelta(days=3))
CLIMB = vevent("e2@meetup.com", "Climbing social", NOW + timedelta(days=5))


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with running_feed_server() as (feed_server, _allowed):
        yield feed_server


def refresh(store: Store, *names: str) -> list:  # type: ignore[type-arg]
    feeds = [find_feed(store, name) for name in names] if names else list_feeds(store)
    return refresh_feeds(
        store,
        feeds,
        now=NOW,
        session=new_session(),
        limits=FAST,
        infer_interests=interest_inference(store),
    )


def test_given_a_webcal_link_when_added_then_it_is_kept_and_named_after_its_host(
    core_store: Store,
) -> None:
    # When a Meetup "Add to calendar" link is subscribed to
    feed, changes = add_feed(
        core_store, "webcal://www.meetup.com/events/ical/123/abcdef0123456789/going", now=NOW
    )
    # Then it is stored under the host's name, and shown without its token
    assert feed.name == "meetup.com"
    assert list_feeds(core_store) == [feed]
    assert "abcdef0123456789" not in display_url(feed.url)
    assert changes.touches("feeds")


@pytest.mark.parametrize(
    "url", ["ftp://example.org/cal.ics", "not a url", "", "https://", "file:///etc/passwd"]
)
def test_given_a_bad_address_when_added_then_it_is_refused(core_store: Store, url: str) -> None:
    with pytest.raises(ValidationError):
        add_feed(core_store, url, now=NOW)
    assert list_feeds(core_store) == []


def test_given_the_same_feed_twice_when_added_then_the_second_is_refused(core_store: Store) -> None:
    add_feed(core_store, "https://example.org/cal.ics", name="Go club", now=NOW)
    with pytest.raises(ValidationError, match="already subscribed"):
        add_feed(core_store, "https://EXAMPLE.org/cal.ics", now=NOW)
    with pytest.raises(ValidationError, match="already a feed called"):
        add_feed(core_store, "https://example.org/other.ics", name="go club", now=NOW)


def test_given_a_feed_when_removed_then_its_events_stay(
    core_store: Store, server: FeedServer
) -> None:
    server.routes["/cal.ics"] = Route(body=calendar(BOARD))
    add_feed(core_store, server.url("/cal.ics"), name="Games", now=NOW)
    refresh(core_store)
    remove_feed(core_store, "games")
    assert list_feeds(core_store) == []
    [event] = core_store.events.all()
    assert event.title == "Board game night" and event.feed_id == ""
    with pytest.raises(FeedNotFound):
        remove_feed(core_store, "games")


def test_given_a_feed_when_refreshed_twice_then_events_come_once_and_the_second_is_a_304(
    core_store: Store, server: FeedServer
) -> None:
    # Given a feed with two events and an ETag
    server.routes["/cal.ics"] = Route(body=calendar(BOARD, CLIMB), etag='"v1"', gzip=True)
    add_feed(core_store, server.url("/cal.ics"), name="Meetup", now=NOW)
    # When it is refreshed
    [first] = refresh(core_store)
    # Then both events are there, from this feed, listed now
    assert first.ok and first.added == 2
    events = sorted(core_store.events.all(), key=lambda event: event.start)
    assert [event.title for event in events] == ["Board game night", "Climbing social"]
    assert {event.feed_id for event in events} == {first.feed.id}
    assert {event.listed_on for event in events} == {NOW}
    assert first.feed.event_count == 2 and first.feed.last_success == NOW
    # When it is refreshed again
    [second] = refresh(core_store)
    # Then the app asked conditionally, the server said 304, and nothing changed
    assert server.requests[-1].headers.get("If-None-Match") == '"v1"'
    assert second.ok and second.not_modified
    assert len(core_store.events.all()) == 2
    assert "unchanged" in second.describe()


def test_given_a_changed_event_when_refreshed_then_the_users_own_fields_survive(
    core_store: Store, server: FeedServer
) -> None:
    # Given an imported event the user is going to and prepared
    server.routes["/cal.ics"] = Route(body=calendar(BOARD))
    add_feed(core_store, server.url("/cal.ics"), name="Meetup", now=NOW)
    refresh(core_store)
    [event] = core_store.events.all()
    prepared = dataclasses.replace(
        event,
        status=EventStatus.GOING,
        prep=PrepPlan(intention="Ask about Go"),
        interests=("board-games",),
    )
    core_store.events.put(prepared)
    # When the organizer renames it and moves it
    moved = vevent("e1@meetup.com", "Board game night: Go special", NOW + timedelta(days=4))
    server.routes["/cal.ics"] = Route(body=calendar(moved))
    [outcome] = refresh(core_store)
    # Then the feed's fields change and the user's stay
    [updated] = core_store.events.all()
    assert outcome.updated == 1 and outcome.added == 0
    assert updated.title == "Board game night: Go special"
    assert updated.start == NOW + timedelta(days=4)
    assert updated.status is EventStatus.GOING
    assert updated.prep.intention == "Ask about Go"
    assert updated.interests == ("board-games",)


def test_given_a_cancelled_event_when_refreshed_then_it_is_kept_and_marked(
    core_store: Store, server: FeedServer
) -> None:
    server.routes["/cal.ics"] = Route(body=calendar(BOARD, CLIMB))
    add_feed(core_store, server.url("/cal.ics"), name="Meetup", now=NOW)
    refresh(core_store)
    cancelled = vevent(
        "e1@meetup.com", "Board game night", NOW + timedelta(days=3), extra="STATUS:CANCELLED\r\n"
    )
    server.routes["/cal.ics"] = Route(body=calendar(cancelled, CLIMB))
    [outcome] = refresh(core_store)
    by_title = {event.title: event for event in core_store.events.all()}
    assert outcome.cancelled == 1
    assert by_title["Board game night"].cancelled
    assert not by_title["Climbing social"].cancelled


def test_given_events_that_disappear_then_untouched_go_and_prepared_or_met_stay_unlisted(
    core_store: Store, server: FeedServer
) -> None:
    # Given three upcoming events from a feed: one prepared, one with a person logged, one not
    third = vevent("e3@meetup.com", "Reading group", NOW + timedelta(days=6))
    server.routes["/cal.ics"] = Route(body=calendar(BOARD, CLIMB, third))
    add_feed(core_store, server.url("/cal.ics"), name="Meetup", now=NOW)
    refresh(core_store)
    by_title = {event.title: event for event in core_store.events.all()}
    core_store.events.put(
        dataclasses.replace(by_title["Board game night"], prep=PrepPlan(intention="Listen"))
    )
    ana = Person(name="Ana")
    core_store.people.put(ana)
    core_store.encounters.put(
        Encounter(person_id=ana.id, on=NOW.date(), event_id=by_title["Climbing social"].id)
    )
    # When the feed lists none of them any more
    server.routes["/cal.ics"] = Route(body=calendar())
    [outcome] = refresh(core_store)
    assert outcome.ok, outcome.describe()
    # Then the untouched one is gone and the other two are kept as "no longer listed"
    after = {event.title: event for event in core_store.events.all()}
    assert set(after) == {"Board game night", "Climbing social"}
    assert all(event.unlisted for event in after.values())
    assert outcome.removed == 1 and outcome.unlisted == 2
    assert "(1 removed, 2 no longer listed, kept for you)" in outcome.describe()
    # And when the feed lists one again, it is listed again
    server.routes["/cal.ics"] = Route(body=calendar(BOARD))
    refresh(core_store)
    again = {event.title: event for event in core_store.events.all()}
    assert not again["Board game night"].unlisted


def test_given_a_past_event_that_disappears_then_it_stays(
    core_store: Store, server: FeedServer
) -> None:
    past = vevent("e0@meetup.com", "Last week's meetup", NOW - timedelta(days=7))
    server.routes["/cal.ics"] = Route(body=calendar(past))
    add_feed(core_store, server.url("/cal.ics"), name="Meetup", now=NOW)
    refresh(core_store)
    server.routes["/cal.ics"] = Route(body=calendar())
    refresh(core_store)
    assert [event.title for event in core_store.events.all()] == ["Last week's meetup"]


def test_new_events_since_the_user_last_looked(core_store: Store, server: FeedServer) -> None:
    server.routes["/cal.ics"] = Route(body=calendar(BOARD))
    add_feed(core_store, server.url("/cal.ics"), name="Meetup", now=NOW)
    refresh(core_store)
    assert [event.title for event in new_events_since(core_store, None, NOW)] == [
        "Board game night"
    ]
    assert new_events_since(core_store, NOW, NOW) == []


BAD_FEEDS = [
    pytest.param(
        Route(body=b"<!DOCTYPE html><html><body>Log in</body></html>", content_type="text/html"),
        FeedProblem.WEB_PAGE,
        "web page, not a calendar",
        id="html-login-page",
    ),
    pytest.param(Route(status=404, body=b"nope"), FeedProblem.NOT_FOUND, "no calendar", id="404"),
    pytest.param(Route(status=401, body=b"auth"), FeedProblem.NEEDS_LOGIN, "login", id="401"),
    pytest.param(Route(status=500, body=b"oops"), FeedProblem.SERVER_ERROR, "error 500", id="500"),
    pytest.param(
        Route(body=b"BEGIN:VCALENDAR\r\n" + b"X" * (21 * 1024 * 1024)),
        FeedProblem.TOO_LARGE,
        "larger than 20 MB",
        id="21-mb-body",
    ),
    pytest.param(Route(drip=True), FeedProblem.TIMEOUT, "too long", id="never-ends"),
    pytest.param(
        Route(body=b"BEGIN:VCALENDAR\r\nthis is not ical\r\n"),
        FeedProblem.NOT_CALENDAR,
        "not a calendar",
        id="invalid-calendar",
    ),
    pytest.param(
        Route(status=302, location="/loop.ics"),
        FeedProblem.TOO_MANY_REDIRECTS,
        "more than 5 times",
        id="redirect-loop",
    ),
    pytest.param(
        Route(status=301, location="https://calendar.example.net/moved.ics"),
        FeedProblem.OTHER_HOST,
        "calendar.example.net",
        id="redirect-to-another-host",
    ),
]


@pytest.mark.parametrize(("route", "problem", "words"), BAD_FEEDS)
def test_given_a_bad_feed_when_refreshed_then_its_status_says_why_and_nothing_is_lost(
    core_store: Store, server: FeedServer, route: Route, problem: FeedProblem, words: str
) -> None:
    # Given a feed that worked once
    server.routes["/loop.ics"] = Route(body=calendar(BOARD))
    add_feed(core_store, server.url("/loop.ics"), name="Meetup", now=NOW)
    refresh(core_store)
    before = core_store.events.all()
    # When it goes bad
    server.routes["/loop.ics"] = route
    [outcome] = refresh(core_store)
    # Then the feed says what is wrong, in words, and the stored events are untouched
    assert not outcome.ok
    assert outcome.feed.problem is problem
    assert words in problem_text(outcome.feed)
    assert words in outcome.describe()
    assert core_store.events.all() == before
    assert find_feed(core_store, "Meetup").last_success == NOW


def test_given_one_failing_feed_then_the_others_still_refresh(
    core_store: Store, server: FeedServer
) -> None:
    server.routes["/broken.ics"] = Route(status=500)
    server.routes["/good.ics"] = Route(body=calendar(CLIMB))
    add_feed(core_store, server.url("/broken.ics"), name="A broken one", now=NOW)
    add_feed(core_store, server.url("/good.ics"), name="B good one", now=NOW)
    outcomes = refresh(core_store)
    assert [outcome.ok for outcome in outcomes] == [False, True]
    assert [event.title for event in core_store.events.all()] == ["Climbing social"]


def test_given_five_thousand_events_then_all_come_in(core_store: Store, server: FeedServer) -> None:
    many = [
        vevent(f"bulk{n}@example.org", f"Session {n}", NOW + timedelta(hours=n + 1))
        for n in range(5000)
    ]
    server.routes["/big.ics"] = Route(body=calendar(*many))
    add_feed(core_store, server.url("/big.ics"), name="Big", now=NOW)
    [outcome] = refresh(core_store)
    assert outcome.ok and outcome.added == 5000
    assert len(core_store.events.all()) == 5000


def test_given_no_feed_then_refreshing_opens_no_socket(core_store: Store) -> None:
    # The network guard fails this test if anything is attempted
    assert refresh_feeds(core_store, [], now=NOW) == []


def test_a_cancelled_event_is_no_reminder_but_a_prepared_one_stays_next(
    core_store: Store, server: FeedServer
) -> None:
    from companion.services.promises.reminders import next_event

    cancelled = vevent(
        "e1@meetup.com", "Board game night", NOW + timedelta(days=3), extra="STATUS:CANCELLED\r\n"
    )
    server.routes["/cal.ics"] = Route(body=calendar(BOARD, CLIMB))
    add_feed(core_store, server.url("/cal.ics"), name="Meetup", now=NOW)
    refresh(core_store)
    server.routes["/cal.ics"] = Route(body=calendar(cancelled, CLIMB))
    refresh(core_store)
    # Given the cancelled one was not prepared, the next event is the other one
    next_up = next_event(core_store, NOW)
    assert next_up is not None and next_up.title == "Climbing social"
    # When it was prepared, it stays next, so the tray can say it is cancelled
    board = next(e for e in core_store.events.all() if e.title == "Board game night")
    core_store.events.put(dataclasses.replace(board, prep=PrepPlan(intention="Bring Go")))
    next_up = next_event(core_store, NOW)
    assert next_up is not None and next_up.cancelled


def test_given_a_certificate_nobody_vouches_for_then_nothing_is_read(
    core_store: Store, tmp_path: Path
) -> None:
    # Given an HTTPS feed whose certificate is self-signed
    with running_feed_server(tls_folder=tmp_path) as (tls_server, _allowed):
        tls_server.routes["/cal.ics"] = Route(body=calendar(BOARD))
        add_feed(core_store, tls_server.url("/cal.ics"), name="Shady", now=NOW)
        # When it is refreshed
        [outcome] = refresh(core_store)
    # Then TLS verification refused it, in words, and no event came in
    assert outcome.feed.problem is FeedProblem.TLS
    assert "certificate" in problem_text(outcome.feed)
    assert core_store.events.all() == []


def test_given_two_feeds_listing_the_same_events_when_one_goes_then_the_other_takes_them(
    core_store: Store, server: FeedServer
) -> None:
    # Given my Meetup feed and a group's own feed, both listing the same evening
    server.routes["/mine.ics"] = Route(body=calendar(BOARD, CLIMB))
    server.routes["/group.ics"] = Route(body=calendar(BOARD))
    add_feed(core_store, server.url("/mine.ics"), name="Meetup", now=NOW)
    add_feed(core_store, server.url("/group.ics"), name="Spielegruppe", now=NOW)
    refresh(core_store)
    group = find_feed(core_store, "Spielegruppe")
    board = next(event for event in core_store.events.all() if event.title == "Board game night")
    assert board.feed_id == group.id  # refreshed last, so it holds the evening
    # When the group's feed is removed, and later my feed drops that evening
    remove_feed(core_store, "Spielegruppe")
    server.routes["/mine.ics"] = Route(body=calendar(CLIMB))
    [outcome] = refresh(core_store)
    # Then my feed looked after it: it is gone, not left behind with no feed
    assert outcome.removed == 1
    assert [event.title for event in core_store.events.all()] == ["Climbing social"]


def test_a_feed_added_without_a_name_takes_the_calendars_own_and_asks_for_gzip(
    core_store: Store, server: FeedServer
) -> None:
    body = calendar(BOARD).replace(
        b"PRODID:-//Meetup//RemoteApi//EN\r\n",
        b"PRODID:-//Meetup//RemoteApi//EN\r\nX-WR-CALNAME:Berlin Board Gamers\r\n",
    )
    server.routes["/cal.ics"] = Route(body=body, gzip=True)
    add_feed(core_store, server.url("/cal.ics"), now=NOW)
    add_feed(core_store, server.url("/cal.ics?other"), name="Mine", now=NOW)
    server.routes["/cal.ics?other"] = Route(body=body)
    refresh(core_store)
    assert sorted(feed.name for feed in list_feeds(core_store)) == ["Berlin Board Gamers", "Mine"]
    assert "gzip" in server.requests[0].headers.get("Accept-Encoding", "")


def test_a_weekly_series_counts_once_among_the_new_events_that_fit(
    core_store: Store, server: FeedServer
) -> None:
    from companion.domain.profile import Profile
    from companion.services.feeds.feeds import new_fitting_events

    core_store.profile.put(Profile(interests=("board-games",)))
    weekly = vevent(
        "weekly@meetup.com",
        "Board game night",
        NOW + timedelta(days=1),
        extra="RRULE:FREQ=WEEKLY;COUNT=8\r\nCATEGORIES:Board games\r\n",
    )
    server.routes["/cal.ics"] = Route(body=calendar(weekly))
    add_feed(core_store, server.url("/cal.ics"), name="Games", now=NOW)
    refresh(core_store)
    assert len(core_store.events.all()) == 8
    [(event, _fit)] = new_fitting_events(core_store, None, NOW)
    assert event.start == NOW + timedelta(days=1)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("webcal://www.meetup.com/events/ical/123/abcdef0123/going", "www.meetup.com/events/…"),
        ("https://feeds.example.org/t/9f8e7d6c5b4a", "feeds.example.org/t/…"),
        ("https://example.org/cal.ics?token=s3cr3t", "example.org/cal.ics?…"),
    ],
)
def test_an_address_is_shown_without_anything_that_may_be_a_token(url: str, shown: str) -> None:
    assert display_url(url) == shown


def test_the_environments_proxy_and_netrc_are_not_used(
    core_store: Store, server: FeedServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Given a proxy and a .netrc in the environment (they would send the request elsewhere,
    # or add someone's credentials to it)
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.invalid:3128")
    monkeypatch.setenv("http_proxy", "http://proxy.invalid:3128")
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password secret\n")
    monkeypatch.setenv("NETRC", str(netrc))
    server.routes["/cal.ics"] = Route(body=calendar(BOARD))
    add_feed(core_store, server.url("/cal.ics"), name="Meetup", now=NOW)
    # When the feed is refreshed
    [outcome] = refresh(core_store)
    # Then it went straight to the feed's host, with no credentials added
    assert outcome.ok
    assert "Authorization" not in server.requests[-1].headers
