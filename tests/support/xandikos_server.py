"""A real Xandikos (a second CardDAV/CalDAV implementation) on 127.0.0.1 for the sync tests.

Xandikos leaves logins to the web server in front of it, so a small WSGI layer asks for the
same basic-auth user and password as the Radicale fixture. It runs in a thread of the test
process with its storage (git repositories) in the test's temporary folder; the network guard
allows its one endpoint and nothing else.
"""

from __future__ import annotations

import base64
import io
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from wsgiref.simple_server import make_server

from tests.support import network_guard
from tests.support.radicale_server import PASSWORD, USER, _QuietHandler, _ThreadingServer

PRINCIPAL = f"/{USER}/"


@dataclass(frozen=True)
class XandikosServer:
    port: int
    storage: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


def _with_login(application: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("HTTP_AUTHORIZATION") != expected:
            start_response(
                "401 Unauthorized",
                [("WWW-Authenticate", 'Basic realm="xandikos"'), ("Content-Length", "0")],
            )
            return [b""]
        # wsgiref hands over the raw socket; Xandikos reads the body to its end, which a
        # keep-alive client never sends. Real front ends (gunicorn, uwsgi) cut it at the length.
        length = int(environ.get("CONTENT_LENGTH") or 0)
        environ["wsgi.input"] = io.BytesIO(environ["wsgi.input"].read(length))
        return application(environ, start_response)

    return guarded


@contextmanager
def running_xandikos(folder: Path) -> Iterator[tuple[XandikosServer, str]]:
    """A started Xandikos with one user, an address book ("addressbook") and a calendar."""
    from xandikos.web import SingleUserFilesystemBackend, XandikosApp
    from xandikos.wsgi_helpers import WellknownRedirector

    storage = folder / "xandikos"
    storage.mkdir(parents=True, exist_ok=True)
    backend = SingleUserFilesystemBackend(str(storage))
    backend._mark_as_principal(PRINCIPAL)  # type: ignore[no-untyped-call]
    backend.create_principal(PRINCIPAL, create_defaults=True)  # type: ignore[no-untyped-call]
    application = XandikosApp(backend, current_user_principal=PRINCIPAL, state_dir=str(folder))
    wsgi = _with_login(WellknownRedirector(application.handle_wsgi_request, "/"))
    with network_guard.binding_local_server():
        server = make_server(
            "127.0.0.1", 0, wsgi, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with network_guard.allowing("127.0.0.1", port) as allowed:
            yield XandikosServer(port=port, storage=storage), allowed
    finally:
        server.shutdown()
        server.server_close()
