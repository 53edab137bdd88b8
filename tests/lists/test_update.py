"""`lists update` downloads against a local HTTP server: OFAC's redirect, success, 404,
truncation, lists that parse to nothing or collapse, and what is recorded of the publication."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sanctscreen.errors import ListError
from sanctscreen.lists import load_list, store
from sanctscreen.lists.update import SOURCES, USER_AGENT, fetch, source, update
from sanctscreen.models import ScreeningList
from tests.mirror import bundled_cons_files, serving

CSV = source("ofac-cons", "ofac-csv")
XML = SOURCES["ofac-cons"]


def verify_with(fmt: str) -> object:
    def verify(path: Path) -> ScreeningList:
        return load_list(path, fmt, list_id="ofac-cons")
    return verify


def test_the_defaults_are_the_enhanced_xml_of_both_ofac_lists() -> None:
    assert XML.format == "ofac-enhanced" and XML.files == ("CONS_ENHANCED.XML",)
    assert XML.entry == "CONS_ENHANCED.XML"
    assert SOURCES["ofac-sdn"].files == ("SDN_ENHANCED.XML",)
    assert source("ofac-sdn", "ofac-csv").files == ("SDN.CSV", "ADD.CSV", "ALT.CSV",
                                                    "SDN_COMMENTS.CSV")
    assert source("ofac-sdn", "ofac-advanced").files == ("SDN_ADVANCED.XML",)
    with pytest.raises(ListError, match="not published as 'bis-dpl'"):
        source("ofac-sdn", "bis-dpl")


def test_enhanced_xml_through_the_redirect_with_a_user_agent(tmp_path: Path) -> None:
    seen: list[tuple[str, str]] = []
    with serving(bundled_cons_files(), seen) as base:
        installed = update(XML, verify_with("ofac-enhanced"), base_url=base)
    assert installed.entries == 442
    assert installed.as_of == date(2026, 1, 8)  # the data-as-of the file states
    signed = "/signed/CONS_ENHANCED.XML?X-Amz-Expires=300&X-Amz-Signature=ab12"
    assert [path for path, _ in seen] == ["/api/CONS_ENHANCED.XML", signed]
    assert {agent for _, agent in seen} == {USER_AGENT}
    (record,) = installed.publication["files"]  # type: ignore[misc]
    assert record["url"] == f"{base}/CONS_ENHANCED.XML"  # the official URL, never the signed one
    assert record["etag"].startswith('"') and record["bytes"] == 3_447_415
    assert record["last_modified"] == "2026-01-09"
    assert installed.publication["data_as_of"] == "2026-01-08"
    assert "ETag" in installed.source and "X-Amz" not in json.dumps(installed.publication)
    assert sorted(p.name for p in installed.folder.iterdir()) == ["CONS_ENHANCED.XML",
                                                                  "meta.json"]
    assert store.current("ofac-cons") == installed


def test_the_legacy_csv_remains_a_choice() -> None:
    with serving(bundled_cons_files()) as base:
        installed = update(CSV, verify_with("ofac-csv"), base_url=base)
    assert installed.entries == 442 and installed.format == "ofac-csv"
    assert installed.as_of == date(2026, 1, 9)  # the CSV states no date: Last-Modified
    assert sorted(p.name for p in installed.folder.iterdir()) == [
        "CONS_ADD.CSV", "CONS_ALT.CSV", "CONS_COMMENTS.CSV", "CONS_PRIM.CSV", "meta.json"]


def test_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    with serving(bundled_cons_files()) as base:
        monkeypatch.setenv("SANCTSCREEN_URL_OFAC_CONS", base)
        assert XML.base() == base
        assert update(XML, verify_with("ofac-enhanced")).entries == 442


def test_404_leaves_the_working_version() -> None:
    files = bundled_cons_files()
    with serving(files) as base:
        working = update(CSV, verify_with("ofac-csv"), base_url=base)
        del files["CONS_ALT.CSV"]
        with pytest.raises(ListError, match="HTTP 404") as caught:
            update(CSV, verify_with("ofac-csv"), base_url=base)
    assert "CONS_ALT.CSV" in str(caught.value)
    assert store.current("ofac-cons") == working


def test_a_client_without_our_user_agent_is_refused_by_the_host(tmp_path: Path) -> None:
    import urllib.error
    import urllib.request

    with serving(bundled_cons_files()) as base, pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(f"{base}/CONS_ENHANCED.XML", timeout=5)
    assert caught.value.code == 403  # what OFAC does; `fetch` always names itself


@pytest.mark.parametrize(("damage", "message"), [
    ("truncated", "ends before the document does"),
    ("dtd", "declares a DTD or entities"),
    ("namespace", r"not an OFAC enhanced XML document \(namespace"),
    ("empty", "no <entity> elements found"),
])
def test_a_damaged_xml_is_refused_and_the_list_in_use_kept(damage: str, message: str) -> None:
    files = bundled_cons_files()
    good = files["CONS_ENHANCED.XML"]
    with serving(files) as base:
        working = update(XML, verify_with("ofac-enhanced"), base_url=base)
        files["CONS_ENHANCED.XML"] = {
            "truncated": good[: len(good) // 2],
            "dtd": good.replace(b"<sanctionsData", b'<!DOCTYPE x [<!ENTITY a "b">]>'
                                b"<sanctionsData", 1),
            "namespace": good.replace(b"exports/ENHANCED_XML\">", b"exports/OTHER_XML\">", 1),
            "empty": good[: good.index(b"<entities>")] + b"<entities /></sanctionsData>",
        }[damage]
        with pytest.raises(ListError, match=message):
            update(XML, verify_with("ofac-enhanced"), base_url=base)
    assert store.current("ofac-cons") == working
    assert [p.name for p in (store.lists_dir() / "ofac-cons").iterdir()
            if p.name.startswith(".")] == []  # nothing staged is left behind


def test_truncated_download_is_refused(tmp_path: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Short(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"x" * 400)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Short)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    try:
        with pytest.raises(ListError, match="cut off"):
            fetch(f"http://127.0.0.1:{server.server_address[1]}/CONS_ENHANCED.XML",
                  tmp_path / "x.xml")
    finally:
        server.shutdown()
        server.server_close()


def test_a_copy_that_parses_to_nothing_is_refused() -> None:
    files = bundled_cons_files()
    files["CONS_PRIM.CSV"] = b"<html>maintenance</html>\r\n"
    with serving(files) as base, pytest.raises(ListError, match="no OFAC entries found"):
        update(CSV, verify_with("ofac-csv"), base_url=base)
    assert store.current("ofac-cons") is None


def test_a_collapsed_copy_is_refused() -> None:
    files = bundled_cons_files()
    lines = files["CONS_PRIM.CSV"].splitlines(keepends=True)
    with serving(files) as base:
        working = update(CSV, verify_with("ofac-csv"), base_url=base)
        files["CONS_PRIM.CSV"] = b"".join(lines[:100])  # complete as served, a fifth of the list
        with pytest.raises(ListError, match="has 100 entries against 442"):
            update(CSV, verify_with("ofac-csv"), base_url=base)
        assert store.current("ofac-cons") == working
        assert update(CSV, verify_with("ofac-csv"), base_url=base, max_drop=0.9).entries == 100


def test_empty_body_and_unreachable_host(tmp_path: Path) -> None:
    files = {"empty": b""}
    with serving(files) as base, pytest.raises(ListError, match="empty"):
        fetch(f"{base}/empty", tmp_path / "e")
    with pytest.raises(ListError, match="download failed"):
        fetch("http://127.0.0.1:9/nothing", tmp_path / "n", timeout=2)


def test_an_unwritable_store_is_one_clear_error(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SANCTSCREEN_DATA_DIR", str(blocker))
    with serving(bundled_cons_files()) as base, \
            pytest.raises(ListError, match="cannot write to the list store"):
        update(XML, verify_with("ofac-enhanced"), base_url=base)
