"""What went wrong on the wire, written once: a niquests exception → the kind of problem.

Feeds (:mod:`feed_http`), discovery (:mod:`dav_discovery`) and the CardDAV writes each have their
own problem enum for the answers only they understand (a 412, a page that is not DAV); the
trouble before an answer arrives is the same for all of them, and its values match theirs, so a
caller turns it into its own kind with ``FetchProblem(http_problem(error))``.
"""

from __future__ import annotations

from enum import StrEnum


class HttpProblem(StrEnum):
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    TLS = "tls"
    BAD_ADDRESS = "bad-address"


def http_problem(error: Exception) -> HttpProblem:
    """The kind of ``error``, an exception niquests raised while sending or reading.

    Checked most specific first: a TLS failure or a time-out is also a connection error.
    """
    import niquests

    exceptions = niquests.exceptions
    if isinstance(error, exceptions.SSLError):
        return HttpProblem.TLS
    if isinstance(error, exceptions.Timeout):
        return HttpProblem.TIMEOUT
    if isinstance(error, exceptions.InvalidURL | exceptions.InvalidSchema):
        return HttpProblem.BAD_ADDRESS
    return HttpProblem.UNREACHABLE
