"""A feed refresh's first step, network only and on any thread: one conditional GET, its
trouble turned into a :class:`FeedProblem` (never raised)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from companion.domain.feeds import Feed, FeedProblem
from companion.remote.feed_http import (
    FeedFetchError,
    FetchedFeed,
    FetchLimits,
    FetchProblem,
    HttpSession,
)


@dataclass(frozen=True, slots=True)
class FeedFetch:
    """What the network gave for one feed: a body, "not modified", or a problem."""

    feed_id: str
    fetched: FetchedFeed | None = None
    problem: FeedProblem | None = None
    detail: str = ""


_FETCH_PROBLEMS = {
    FetchProblem.UNREACHABLE: FeedProblem.UNREACHABLE,
    FetchProblem.TIMEOUT: FeedProblem.TIMEOUT,
    FetchProblem.TLS: FeedProblem.TLS,
    FetchProblem.TOO_LARGE: FeedProblem.TOO_LARGE,
    FetchProblem.TOO_MANY_REDIRECTS: FeedProblem.TOO_MANY_REDIRECTS,
    FetchProblem.OTHER_HOST: FeedProblem.OTHER_HOST,
    FetchProblem.BAD_ADDRESS: FeedProblem.BAD_ADDRESS,
}


def _status_problem(status: int) -> FeedProblem:
    if status in (404, 410):
        return FeedProblem.NOT_FOUND
    if status in (401, 403):
        return FeedProblem.NEEDS_LOGIN
    if status >= 500:
        return FeedProblem.SERVER_ERROR
    return FeedProblem.HTTP_STATUS


def fetch_feed_data(
    feed: Feed,
    session: HttpSession,
    *,
    limits: FetchLimits | None = None,
) -> FeedFetch:
    """Fetch one feed (conditional GET); never raises for network or server trouble."""
    from companion.remote.feed_http import fetch_feed

    try:
        fetched = fetch_feed(
            session,
            feed.url,
            etag=feed.etag,
            last_modified=feed.last_modified,
            limits=limits or FetchLimits(),
        )
    except FeedFetchError as error:
        if error.kind is FetchProblem.HTTP_STATUS:
            return FeedFetch(
                feed.id, problem=_status_problem(error.status), detail=str(error.status)
            )
        detail = urlsplit(error.location).hostname or "" if error.location else ""
        return FeedFetch(feed.id, problem=_FETCH_PROBLEMS[error.kind], detail=detail)
    return FeedFetch(feed.id, fetched=fetched)


def new_http_session() -> HttpSession:
    """One HTTP session for a round of refreshes (the window's refresher uses this too)."""
    from companion.remote.feed_http import new_session

    return new_session()
