"""A local HTTP server on 127.0.0.1 standing in for OFAC's download host in `lists update` tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

from sanctscreen.lists.catalog import bundled_dir


class _Handler(BaseHTTPRequestHandler):
    files: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        body = self.files.get(self.path.rsplit("/", 1)[-1])
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, format: str, *args: object) -> None:
        pass


def bundled_cons_files() -> dict[str, bytes]:
    """The bundled OFAC consolidated files under the upper-case names OFAC serves them as."""
    folder = bundled_dir() / "ofac-consolidated-2025-12-19"
    return {p.name.upper(): p.read_bytes() for p in folder.glob("cons_*.csv")}


@contextmanager
def serving(files: dict[str, bytes]) -> Iterator[str]:
    """Serve `files` (by name; edits to the dict take effect at once); yield the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_Handler,), {"files": files}))
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api"
    finally:
        server.shutdown()
        server.server_close()
