"""Real HTTP servers on 127.0.0.1 for the publishing tests: a webhook receiver
that records what it gets (and can fail or stall), and a source that serves a body."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    raw: bytes  # request line + headers + body, as they came over the wire


@dataclass
class Behaviour:
    fail_first: int = 0  # answer 500 to this many requests first
    stall_first: float = 0.0  # hold the first request this many seconds
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    require_header: tuple[str, str] | None = None
    seen: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def _answer(self) -> None:
        b = self.server.behaviour
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        head = f"{self.requestline}\r\n{self.headers}".encode("latin-1")
        self.server.received.append(
            Received(self.path, dict(self.headers.items()), body, head + body)
        )
        with b.lock:
            b.seen += 1
            n = b.seen
        if n == 1 and b.stall_first:
            time.sleep(b.stall_first)
        if b.require_header and self.headers.get(b.require_header[0]) != b.require_header[1]:
            status = 401
        elif n <= b.fail_first:
            status = 500
        else:
            status = b.status
        self.send_response(status)
        self.send_header("Content-Type", b.content_type)
        self.send_header("Content-Length", str(len(b.body)))
        self.end_headers()
        self.wfile.write(b.body)

    do_GET = _answer
    do_POST = _answer


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, behaviour: Behaviour) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.behaviour = behaviour
        self.received: list[Received] = []


class Server:
    """``with Server() as s:`` serves on ``s.url`` until the block ends."""

    def __init__(self, port: int = 0, **behaviour) -> None:
        self.port = port or free_port()
        self.behaviour = Behaviour(**behaviour)
        self._srv: _Server | None = None
        self.received: list[Received] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> Server:
        self._srv = _Server(self.port, self.behaviour)
        self._srv.received = self.received
        threading.Thread(target=self._srv.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._srv is not None:
            self._srv.shutdown()
            self._srv.server_close()
            self._srv = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
