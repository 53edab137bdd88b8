"""A local HTTP server on 127.0.0.1 standing in for OFAC's download host in `lists update` tests.

Like OFAC's host, it refuses clients that send no User-Agent of their own, and answers each
export URL with a redirect to a short-lived signed link, which serves the file with an ETag.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from sanctscreen.lists.catalog import bundled_dir

CONS_CSV = Path(__file__).resolve().parent / "data" / "lists" / "ofac_cons_2025-12-19"
CONS_XML = bundled_dir() / "ofac-consolidated-2026-01-08" / "CONS_ENHANCED.XML"
SIGNED = "/signed/"


class _Handler(BaseHTTPRequestHandler):
    files: ClassVar[dict[str, bytes]] = {}
    seen: ClassVar[list[tuple[str, str]]] = []  # (path, User-Agent) of every request

    def do_GET(self) -> None:
        agent = self.headers.get("User-Agent", "")
        self.seen.append((self.path, agent))
        name = self.path.split("?", 1)[0].rsplit("/", 1)[-1]
        body = self.files.get(name)
        if not agent.startswith("sanctscreen"):
            self._answer(403, b"forbidden")
        elif body is None:
            self._answer(404, b"")
        elif not self.path.startswith(SIGNED):
            self.send_response(302)
            self.send_header("Location", f"{SIGNED}{name}?X-Amz-Expires=300&X-Amz-Signature=ab12")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._answer(200, body, etag=f'"{hashlib.md5(body).hexdigest()}"')

    def _answer(self, status: int, body: bytes, etag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", "Fri, 09 Jan 2026 10:00:00 GMT")
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def bundled_cons_files() -> dict[str, bytes]:
    """The OFAC consolidated list as OFAC serves it: the enhanced XML (the bundled copy of
    2026-01-08) and the legacy CSV files (2025-12-19) under their upper-case names."""
    files = {p.name.upper(): p.read_bytes() for p in CONS_CSV.glob("cons_*.csv")}
    files["CONS_ENHANCED.XML"] = CONS_XML.read_bytes()
    return files


@contextmanager
def serving(files: dict[str, bytes],
            seen: list[tuple[str, str]] | None = None) -> Iterator[str]:
    """Serve `files` (by name; edits to the dict take effect at once); yield the base URL.
    Each request's path and User-Agent are appended to `seen`."""
    handler = type("H", (_Handler,), {"files": files, "seen": seen if seen is not None else []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api"
    finally:
        server.shutdown()
        server.server_close()
