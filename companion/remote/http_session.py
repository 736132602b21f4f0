"""The one way this app opens an HTTP session: towards the host the user named, and no other.

Feeds and sync both start here, so the policy lives in one place: no HTTP/3 (a UDP socket to
wherever an ``Alt-Svc`` header points), no OCSP look-ups (requests to the certificate
authority's responder), no retries of the library's own, and nothing from the environment
(``~/.netrc`` credentials, proxy variables): only the address the user typed, as typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import niquests


def restricted_session(
    headers: dict[str, str], *, auth: tuple[str, str] | None = None
) -> niquests.Session:
    """A session with ``headers`` (they replace the library's defaults) and optional login."""
    import niquests

    session = niquests.Session(
        disable_http3=True,
        revocation_configuration=None,
        retries=0,
        headers=headers,
    )
    if auth is not None:
        session.auth = auth
    session.trust_env = False
    return session
