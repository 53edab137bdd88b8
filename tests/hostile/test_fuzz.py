"""A bounded mutation fuzz of the spreadsheet and text readers over real files.

Every mutated file must come back as subjects or as an InputError naming it: never another
exception, never a hang. The seeds are fixed, so a failure names the case that reproduces it.
"""

from __future__ import annotations

import io
import random
import re
import signal
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sanctscreen.errors import InputError
from sanctscreen.inputs import iter_input
from tests.hostile.conftest import Hang
from tests.hostile.corpus import DATA, build

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
# A hang, not a speed target: every case takes milliseconds.
PER_CASE_SECONDS = 10.0
# Cases per seed file; with the files below the whole fuzz takes about ten seconds.
BYTE_CASES = 400
XML_CASES = 300

Mutation = Callable[[random.Random, bytes], bytes]


def _flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def _insert(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    junk = rng.choice([rng.randbytes(rng.randint(1, 64)), b"\x00" * 32, b'"', b"\r", b"\xff\xfe",
                       "名称".encode(), b"<", b"&amp;", b"\xe2\x80\xae"])
    return data[:at] + junk + data[at:]


def _delete(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 256):]


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[:rng.randrange(len(data))]


def _repeat(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    chunk = data[at:at + rng.randint(1, 128)]
    return data[:at] + chunk * rng.randint(2, 50) + data[at:]


_BYTE_MUTATIONS: list[Mutation] = [_flip, _insert, _delete, _truncate, _repeat]
_REFERENCE = re.compile(rb'r="([A-Z]+)([0-9]+)"')


def _xml_edit(rng: random.Random, data: bytes) -> bytes:
    """Structure-aware damage to one XML part: references, tags, entities, huge numbers."""
    choice = rng.randrange(5)
    if choice == 0 and _REFERENCE.search(data):
        hits = list(_REFERENCE.finditer(data))
        hit = rng.choice(hits)
        far = rng.choice([b'r="XFD1048576"', b'r="A99999999999"', b'r="ZZZZ1"', b'r=""'])
        return data[:hit.start()] + far + data[hit.end():]
    if choice == 1:
        return data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e "boom">]>', 1)
    if choice == 2:
        tags = [m.start() for m in re.finditer(rb"<", data)]
        if tags:
            at = rng.choice(tags)
            return data[:at] + data[at + rng.randint(1, 40):]
    if choice == 3:
        return re.sub(rb">([0-9]+)<", lambda m: b">" + b"9" * rng.randint(1, 400) + b"<", data,
                      count=rng.randint(1, 3))
    return rng.choice(_BYTE_MUTATIONS)(rng, data)


def _mutate_part(rng: random.Random, data: bytes) -> bytes:
    """The workbook with one of its parts damaged, the package itself intact."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    xml = [i for i, (name, _) in enumerate(parts) if name.endswith((".xml", ".rels"))]
    victim = rng.choice(xml)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (name, body) in enumerate(parts):
            archive.writestr(name, _xml_edit(rng, body) if i == victim and body else body)
    return out.getvalue()


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise Hang in this thread after `seconds`; nested inside the test's own limit."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    outer = signal.getitimer(signal.ITIMER_REAL)[0]
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer) if outer else seconds)
    try:
        yield
    finally:
        left = outer - (time.monotonic() - started)
        signal.setitimer(signal.ITIMER_REAL, max(left, 0.001) if outer else 0)


def _read_all(path: Path) -> int:
    rows = 0
    for table in iter_input(path, chunk_rows=1000):
        rows += len(table.subjects)
    return rows


def _fuzz(seed_file: Path, folder: Path, mutate: Mutation, cases: int, seed: int) -> list[str]:
    data = seed_file.read_bytes()
    problems: list[str] = []
    for case in range(cases):
        rng = random.Random(f"{seed_file.name}:{seed}:{case}")
        path = folder / f"case{case}{seed_file.suffix}"
        path.write_bytes(mutate(rng, data))
        try:
            with _time_limit(PER_CASE_SECONDS):
                _read_all(path)
        except InputError as exc:
            if not str(exc).startswith(f"{path}: "):
                problems.append(f"case {case}: error does not name the file: {exc}")
        except Hang:
            problems.append(f"case {case}: no answer within {PER_CASE_SECONDS} s")
        except BaseException as exc:
            problems.append(f"case {case}: {type(exc).__name__}: {str(exc)[:120]}")
        path.unlink()
    return problems


def _byte_mutation(rng: random.Random, data: bytes) -> bytes:
    return rng.choice(_BYTE_MUTATIONS)(rng, data)


@pytest.mark.parametrize("seed_file", [EXAMPLES / "vendors.csv", EXAMPLES / "holdings.xlsx",
                                       DATA / "holdings.xls", DATA / "holdings.ods"],
                         ids=lambda p: p.name)
def test_damaged_bytes_give_subjects_or_an_input_error(seed_file: Path, tmp_path: Path) -> None:
    assert _fuzz(seed_file, tmp_path, _byte_mutation, BYTE_CASES, seed=1) == []


@pytest.mark.parametrize("corpus_name", ["header_below_banner", "formulas_with_cached_values"])
def test_damaged_workbook_xml_gives_subjects_or_an_input_error(corpus_name: str,
                                                               tmp_path: Path) -> None:
    seed_file = build(tmp_path / "seed", corpus_name).path
    assert _fuzz(seed_file, tmp_path, _mutate_part, XML_CASES, seed=2) == []
    holdings = EXAMPLES / "holdings.xlsx"
    assert _fuzz(holdings, tmp_path, _mutate_part, XML_CASES // 2, seed=3) == []


def test_damaged_text_encodings_give_subjects_or_an_input_error(tmp_path: Path) -> None:
    for name in ("utf16_tab", "gb18030", "windows_1252_semicolon"):
        seed_file = build(tmp_path / "seed", name).path
        assert _fuzz(seed_file, tmp_path, _byte_mutation, BYTE_CASES // 2, seed=4) == [], name
