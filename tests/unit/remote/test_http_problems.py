"""One mapping from niquests' exceptions to a kind of problem, shared by feeds and DAV."""

from __future__ import annotations

import niquests
import pytest

from companion.remote.dav_discovery import DavError, DavProblem, dav_error_of
from companion.remote.feed_http import FetchProblem
from companion.remote.http_problems import HttpProblem, http_problem

EXCEPTIONS = niquests.exceptions


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (EXCEPTIONS.SSLError("certificate verify failed"), HttpProblem.TLS),
        (EXCEPTIONS.ConnectTimeout("connect"), HttpProblem.TIMEOUT),
        (EXCEPTIONS.ReadTimeout("read"), HttpProblem.TIMEOUT),
        (EXCEPTIONS.InvalidURL("http://"), HttpProblem.BAD_ADDRESS),
        (EXCEPTIONS.InvalidSchema("gopher://x"), HttpProblem.BAD_ADDRESS),
        (EXCEPTIONS.ConnectionError("refused"), HttpProblem.UNREACHABLE),
        (EXCEPTIONS.ChunkedEncodingError("cut off"), HttpProblem.UNREACHABLE),
    ],
)
def test_each_niquests_exception_has_one_kind(error: Exception, kind: HttpProblem) -> None:
    # Given an exception niquests raises on the wire
    # When it is mapped
    # Then it is the one kind of problem, checked most specific first
    assert http_problem(error) is kind


@pytest.mark.parametrize("problem_enum", [FetchProblem, DavProblem])
def test_every_wire_problem_is_a_kind_feeds_and_dav_know(problem_enum: type) -> None:
    # Given the kinds of wire trouble and a caller's own problem enum
    # Then each kind converts by value, so no caller writes the mapping again
    for kind in HttpProblem:
        assert problem_enum(kind.value).value == kind.value


def test_a_dav_error_carries_the_shared_kind() -> None:
    # Given a time-out while talking to a DAV server
    error = dav_error_of(EXCEPTIONS.ReadTimeout("slow"))
    # Then the DAV error says time-out
    assert isinstance(error, DavError)
    assert error.kind is DavProblem.TIMEOUT
