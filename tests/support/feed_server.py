"""A real HTTP server on loopback that serves calendar feeds to the tests, good and bad.

Each path is a :class:`Route`: a body (optionally gzip-compressed), a status, validators for
conditional GETs, a redirect, or a body that never ends (it drips a byte at a time, and stops by
itself after ``DRIP_LIMIT_S`` so a broken client cannot keep the test run alive). The server
records every request, so a test can check what the app sent (``If-None-Match``…).

Only this server's own endpoint is allowed through the network guard, while it runs.
"""

from __future__ import annotations

import gzip
import ipaddress
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.support import network_guard

DRIP_LIMIT_S = 15.0


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/calendar; charset=utf-8"
    etag: str = ""
    last_modified: str = ""
    gzip: bool = False
    location: str = ""
    drip: bool = False
    #: Seconds to wait before answering (a slow server).
    delay: float = 0.0


@dataclass
class SeenRequest:
    path: str
    headers: dict[str, str] = field(default_factory=dict)


def _self_signed_context(folder: Path) -> ssl.SSLContext:
    """A TLS server context with a certificate no client trusts (made up for the test)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file = folder / "cert.pem"
    key_file = folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


class FeedServer:
    def __init__(self, *, tls_folder: Path | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[SeenRequest] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(SeenRequest(self.path, dict(self.headers.items())))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                server.answer(self, route)

            def log_message(self, format: str, *args: object) -> None:
                return

        with network_guard.binding_local_server():
            self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.scheme = "http"
        if tls_folder is not None:
            context = _self_signed_context(tls_folder)
            self._http.socket = context.wrap_socket(self._http.socket, server_side=True)
            self.scheme = "https"
        self._http.daemon_threads = True
        self.port = self._http.server_address[1]
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def answer(self, handler: BaseHTTPRequestHandler, route: Route) -> None:
        if route.delay:
            time.sleep(route.delay)
        if route.location:
            handler.send_response(route.status or 302)
            handler.send_header("Location", route.location)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        if route.etag and handler.headers.get("If-None-Match") == route.etag:
            handler.send_response(304)
            handler.send_header("ETag", route.etag)
            handler.end_headers()
            return
        if route.drip:
            handler.send_response(200)
            handler.send_header("Content-Type", route.content_type)
            handler.end_headers()
            stop = time.monotonic() + DRIP_LIMIT_S
            try:
                while time.monotonic() < stop:
                    handler.wfile.write(b" ")
                    handler.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                return
            return
        body = gzip.compress(route.body) if route.gzip else route.body
        handler.send_response(route.status)
        handler.send_header("Content-Type", route.content_type)
        handler.send_header("Content-Length", str(len(body)))
        if route.gzip:
            handler.send_header("Content-Encoding", "gzip")
        if route.etag:
            handler.send_header("ETag", route.etag)
        if route.last_modified:
            handler.send_header("Last-Modified", route.last_modified)
        handler.end_headers()
        try:
            handler.wfile.write(body)
        except OSError:
            return

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()


@contextmanager
def running_feed_server(*, tls_folder: Path | None = None) -> Iterator[tuple[FeedServer, str]]:
    """A started server and the ``COMPANION_NETWORK_ALLOW`` value for subprocesses.

    With ``tls_folder`` it speaks HTTPS with a self-signed certificate kept there.
    """
    server = FeedServer(tls_folder=tls_folder)
    server.start()
    try:
        with network_guard.allowing("127.0.0.1", server.port) as allowed:
            yield server, allowed
    finally:
        server.stop()
