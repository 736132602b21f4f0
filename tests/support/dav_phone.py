"""The other side of a sync in tests: a "phone" that reads and writes cards on the test server
over plain HTTP, the way DAVx⁵ or iOS would, so the tests never reach into a server's files."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import niquests

from companion.remote.carddav import list_cards
from companion.remote.dav_discovery import new_dav_session
from tests.support.radicale_server import PASSWORD, USER


@dataclass
class Phone:
    book: str

    def _session(self) -> niquests.Session:
        return new_dav_session(USER, PASSWORD)

    def hrefs(self) -> dict[str, str]:
        """Every card's address and ETag."""
        session = self._session()
        try:
            return list_cards(session, self.book).etags
        finally:
            session.close()

    def cards(self) -> dict[str, str]:
        """Every card's text (unfolded lines joined with CRLF), by address."""
        session = self._session()
        try:
            found = {}
            for href in list_cards(session, self.book).etags:
                response = session.get(href, timeout=10)
                found[href] = _unfolded(response.text or "")
            return found
        finally:
            session.close()

    def card_named(self, name: str) -> tuple[str, str]:
        """(address, text) of the card whose FN is ``name``."""
        for href, text in self.cards().items():
            if f"\r\nFN:{name}\r\n" in text:
                return href, text
        raise AssertionError(f"no card named {name!r} on the server")

    def put(self, href_or_name: str, text: str) -> None:
        """Write a card (CRLF line ends added), as the phone would: unconditionally."""
        body = "\r\n".join(line for line in text.strip().splitlines()) + "\r\n"
        session = self._session()
        try:
            response = session.put(
                urljoin(self.book, href_or_name),
                data=body.encode("utf-8"),
                headers={"Content-Type": "text/vcard; charset=utf-8"},
                timeout=10,
            )
            assert response.status_code in (200, 201, 204), response.status_code
        finally:
            session.close()

    def delete(self, href: str) -> None:
        session = self._session()
        try:
            response = session.delete(href, timeout=10)
            assert response.status_code in (200, 204), response.status_code
        finally:
            session.close()


def _unfolded(text: str) -> str:
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]
        elif line:
            lines.append(line)
    return "\r\n".join(lines) + "\r\n"
