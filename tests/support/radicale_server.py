"""A real Radicale (CardDAV/CalDAV server) on 127.0.0.1 for the sync tests.

It runs in a thread of the test process, with htpasswd logins and its storage in the test's
temporary folder. The network guard allows its one endpoint and nothing else; the yielded value
is what subprocesses need in ``COMPANION_NETWORK_ALLOW``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from tests.support import network_guard

USER = "alice"
PASSWORD = "correct horse battery staple"


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@dataclass(frozen=True)
class RadicaleServer:
    port: int
    storage: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def add_collection(self, path: str, *, tag: str, name: str) -> str:
        """Create an address book (``VADDRESSBOOK``) or calendar (``VCALENDAR``); its URL."""
        folder = self.storage / "collection-root" / path.strip("/")
        folder.mkdir(parents=True, exist_ok=True)
        props = {"tag": tag, "D:displayname": name}
        (folder / ".Radicale.props").write_text(json.dumps(props), encoding="utf-8")
        return f"{self.url}{path.strip('/')}/"


@contextmanager
def running_radicale(folder: Path) -> Iterator[tuple[RadicaleServer, str]]:
    """A started Radicale with the user ``USER`` / ``PASSWORD`` and no collections yet."""
    import radicale
    import radicale.config

    storage = folder / "radicale"
    storage.mkdir(parents=True, exist_ok=True)
    users = folder / "htpasswd"
    users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    configuration = radicale.config.load()
    configuration.update(
        {
            "auth": {
                "type": "htpasswd",
                "htpasswd_filename": str(users),
                "htpasswd_encryption": "plain",
                # Radicale waits after a failed login to slow down guessing; tests need no wait.
                "delay": "0",
            },
            "storage": {"filesystem_folder": str(storage), "_filesystem_fsync": "False"},
            "rights": {"type": "owner_only"},
        },
        "test",
        privileged=True,
    )
    application = radicale.Application(configuration)
    with network_guard.binding_local_server():
        server = make_server(
            "127.0.0.1", 0, application, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with network_guard.allowing("127.0.0.1", port) as allowed:
            yield RadicaleServer(port=port, storage=storage), allowed
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def running_web_page() -> Iterator[tuple[str, str]]:
    """A server that answers every request (PROPFIND too) with a login web page, as a wrong
    address often does; its URL and the ``COMPANION_NETWORK_ALLOW`` value."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = b"<!doctype html><html><body><form>Log in</form></body></html>"

    class Handler(BaseHTTPRequestHandler):
        def answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        # http.server dispatches on these names.
        do_GET = do_PROPFIND = do_OPTIONS = answer  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:
            return

    with network_guard.binding_local_server():
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with network_guard.allowing("127.0.0.1", port) as allowed:
            yield f"http://127.0.0.1:{port}/", allowed
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def closed_port() -> Iterator[tuple[str, str]]:
    """An address on loopback where nothing listens (connection refused), allowed by the guard."""
    import socket

    with network_guard.binding_local_server():
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    with network_guard.allowing("127.0.0.1", port) as allowed:
        yield f"http://127.0.0.1:{port}/", allowed
