"""`lists update` downloads against a local HTTP server: success, 404, truncation, empty lists."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from sanctscreen.errors import ListError
from sanctscreen.lists import load_list, store
from sanctscreen.lists.catalog import bundled_dir
from sanctscreen.lists.update import SOURCES, fetch, update
from sanctscreen.models import ScreeningList

CONS = bundled_dir() / "ofac-consolidated-2025-12-19"
# What the server answers per path: (status, body, Content-Length to announce or None).
Routes = dict[str, tuple[int, bytes, int | None]]


class Handler(BaseHTTPRequestHandler):
    routes: ClassVar[Routes] = {}

    def do_GET(self) -> None:
        status, body, length = self.routes.get(self.path, (404, b"not found", None))
        self.send_response(status)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("Last-Modified", "Fri, 19 Dec 2025 10:00:00 GMT")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, Routes]]:
    routes: Routes = {}
    handler = type("H", (Handler,), {"routes": routes})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/exports", routes
    finally:
        httpd.shutdown()
        httpd.server_close()


def serve_cons(routes: Routes, prim: bytes | None = None) -> None:
    # OFAC serves upper-case names (CONS_PRIM.CSV); the bundled copy keeps the mirror's.
    for name in SOURCES["ofac-cons"].files:
        routes[f"/exports/{name}"] = (200, (CONS / name.lower()).read_bytes(), None)
    if prim is not None:
        routes["/exports/CONS_PRIM.CSV"] = (200, prim, None)


def verify(path: Path) -> ScreeningList:
    return load_list(path, "ofac-csv", list_id="ofac-cons")


def test_update_installs_a_verified_copy(server: tuple[str, Routes]) -> None:
    base, routes = server
    serve_cons(routes)
    installed = update(SOURCES["ofac-cons"], verify, base_url=base)
    assert installed.entries == 442 and installed.as_of == date(2025, 12, 19)
    assert sorted(p.name for p in installed.folder.iterdir()) == [
        "CONS_ADD.CSV", "CONS_ALT.CSV", "CONS_COMMENTS.CSV", "CONS_PRIM.CSV", "meta.json"]
    assert store.current("ofac-cons") == installed


def test_url_from_the_environment(server: tuple[str, Routes],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    base, routes = server
    serve_cons(routes)
    monkeypatch.setenv("SANCTSCREEN_URL_OFAC_CONS", base)
    assert SOURCES["ofac-cons"].base() == base
    assert update(SOURCES["ofac-cons"], verify).entries == 442


def test_404_leaves_the_working_version(server: tuple[str, Routes]) -> None:
    base, routes = server
    serve_cons(routes)
    working = update(SOURCES["ofac-cons"], verify, base_url=base)
    del routes["/exports/CONS_ALT.CSV"]
    with pytest.raises(ListError, match="HTTP 404") as caught:
        update(SOURCES["ofac-cons"], verify, base_url=base)
    assert "CONS_ALT.CSV" in str(caught.value)
    assert store.current("ofac-cons") == working


def test_truncated_download_is_refused(server: tuple[str, Routes]) -> None:
    base, routes = server
    serve_cons(routes)
    body = (CONS / "cons_prim.csv").read_bytes()
    routes["/exports/CONS_PRIM.CSV"] = (200, body[: len(body) // 2], len(body))
    with pytest.raises(ListError, match="cut off"):
        update(SOURCES["ofac-cons"], verify, base_url=base)
    assert store.current("ofac-cons") is None


def test_a_copy_that_parses_to_nothing_is_refused(server: tuple[str, Routes]) -> None:
    base, routes = server
    serve_cons(routes, prim=b"<html>maintenance</html>\r\n")
    with pytest.raises(ListError, match="no OFAC entries found"):
        update(SOURCES["ofac-cons"], verify, base_url=base)
    assert store.current("ofac-cons") is None


def test_a_collapsed_copy_is_refused(server: tuple[str, Routes]) -> None:
    base, routes = server
    serve_cons(routes)
    working = update(SOURCES["ofac-cons"], verify, base_url=base)
    lines = (CONS / "cons_prim.csv").read_bytes().splitlines(keepends=True)
    serve_cons(routes, prim=b"".join(lines[:100]))  # complete as served, but a fifth of the list
    with pytest.raises(ListError, match="has 100 entries against 442"):
        update(SOURCES["ofac-cons"], verify, base_url=base)
    assert store.current("ofac-cons") == working
    assert update(SOURCES["ofac-cons"], verify, base_url=base, max_drop=0.9).entries == 100


def test_empty_body_and_unreachable_host(server: tuple[str, Routes]) -> None:
    base, routes = server
    routes["/exports/empty"] = (200, b"", None)
    with pytest.raises(ListError, match="empty"):
        fetch(f"{base}/empty")
    with pytest.raises(ListError, match="download failed"):
        fetch("http://127.0.0.1:9/nothing", timeout=2)
