"""Calendar feeds refreshed from a local HTTP server (budgets: 10 feeds of 200 events ≤ 5 s; a
round where every feed answers 304 ≤ 0.5 s).

The server runs in this process on loopback. The baseline is the least a feed reader does:
``urllib.request`` fetching the same feeds and ``icalendar`` parsing them, with no matching,
no interest inference and no durable write; for the 304 round, the same conditional GETs.
"""

from __future__ import annotations

import tempfile
import threading
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import icalendar
from figures import Row, median_ms

from companion.services.feeds.feed_fetch import new_http_session
from companion.services.feeds.feed_refresh import refresh_feeds
from companion.services.feeds.feeds import add_feed, list_feeds
from companion.services.profile.interests import interest_inference
from companion.storage.store import Store

FEEDS = 10
EVENTS_PER_FEED = 200
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def _feed_body(number: int, events: int) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Meetup//RemoteApi//EN"]
    for index in range(events):
        moment = NOW + timedelta(hours=5 * index + number)
        lines += [
            "BEGIN:VEVENT",
            f"UID:feed{number}-event{index}@meetup.com",
            f"DTSTAMP:{NOW:%Y%m%dT%H%M%SZ}",
            f"DTSTART:{moment:%Y%m%dT%H%M%SZ}",
            f"DTEND:{moment + timedelta(hours=2):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:Board game night #{index}",
            "DESCRIPTION:Bring a game or play one of ours\\, beginners welcome.",
            "LOCATION:Spielwiese\\, Berlin",
            f"URL:https://www.meetup.com/group{number}/events/{index}/",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


class _Server:
    def __init__(self, events: int) -> None:
        bodies = {f"/feed{n}.ics": _feed_body(n, events) for n in range(FEEDS)}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = bodies.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                etag = f'"{hash(body)}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        self.urls = [f"http://127.0.0.1:{self.http.server_address[1]}{p}" for p in bodies]


def _first_round(server: _Server) -> float:
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "data") as store:
        for number, url in enumerate(server.urls):
            add_feed(store, url, name=f"Group {number}", now=NOW)
        infer = interest_inference(store)
        return median_ms(
            lambda: refresh_feeds(
                store, list_feeds(store), now=NOW, session=new_http_session(), infer_interests=infer
            ),
            runs=1,
            warm_up=0,
        )


def feeds_rows(
    *,
    runs: int,
    events_per_feed: int = EVENTS_PER_FEED,
    on_server: Callable[[int], object] | None = None,
) -> list[Row]:
    """``on_server(port)`` is told where the local server listens (the tests allow it)."""
    server = _Server(events_per_feed)
    if on_server is not None:
        on_server(server.http.server_address[1])
    try:
        first = [_first_round(server) for _ in range(runs)]
        ours_first = sorted(first)[len(first) // 2]

        def baseline_fetch_parse() -> None:
            for url in server.urls:
                with urllib.request.urlopen(url, timeout=10) as response:
                    icalendar.Calendar.from_ical(response.read())

        baseline_first = median_ms(baseline_fetch_parse, runs=runs)
        with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "data") as store:
            for number, url in enumerate(server.urls):
                add_feed(store, url, name=f"Group {number}", now=NOW)
            session = new_http_session()
            refresh_feeds(store, list_feeds(store), now=NOW, session=session)
            ours_304 = median_ms(
                lambda: refresh_feeds(store, list_feeds(store), now=NOW, session=session),
                runs=runs,
            )
            etags = [feed.etag for feed in list_feeds(store)]

        def baseline_conditional() -> None:
            for url, etag in zip(server.urls, etags, strict=False):
                request = urllib.request.Request(url, headers={"If-None-Match": etag})
                try:
                    urllib.request.urlopen(request, timeout=10).close()
                except urllib.error.HTTPError as error:
                    if error.code != 304:
                        raise

        baseline_304 = median_ms(baseline_conditional, runs=runs)
    finally:
        server.http.shutdown()
        server.http.server_close()
    return [
        Row(
            name=f"feeds: first refresh, {FEEDS} feeds of {events_per_feed} events",
            unit="ms",
            ours=ours_first,
            baseline=baseline_first,
            baseline_name="urllib fetch + icalendar parse only",
            runs=runs,
            budget="≤ 5 s",
            within_budget=ours_first <= 5000,
        ),
        Row(
            name=f"feeds: refresh where all {FEEDS} answer 304",
            unit="ms",
            ours=ours_304,
            baseline=baseline_304,
            baseline_name="urllib conditional GETs",
            runs=runs,
            budget="≤ 0.5 s",
            within_budget=ours_304 <= 500,
        ),
    ]
