"""Reading a user's owners.csv / owners.xlsx into nodes and links."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from sanctscreen.errors import InputError
from sanctscreen.models import Entity, Relation, Status
from sanctscreen.ownership import OwnershipGraph, OwnershipPolicy, read_ownership_file
from sanctscreen.ownership.userfile import slug
from tests.factory import entity

MEGVII = entity("megvii", "Megvii Technology Limited", lists=("NS-CMIC",))


def fake_resolve(name: str) -> Entity | None:
    """Stands in for the matcher: knows one spelling variant of Megvii."""
    return MEGVII if name.casefold() in {"megvii tech ltd", "megvii technology limited"} else None


def write_csv(tmp_path: Path, text: str, name: str = "owners.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(tmp_path: Path, rows: list[list[object]],
               percent_cells: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for ref in percent_cells:
        sheet[ref].number_format = "0%"
    path = tmp_path / "owners.xlsx"
    book.save(path)
    return path


def test_csv_resolves_names_and_creates_nodes_for_the_rest(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Owner,Owned,Share,Relation\n"
                               "Megvii Tech Ltd,Harrow Imaging Pte Ltd,100%,subsidiary\n"
                               "Harrow Imaging Pte Ltd,Kestrel Optics GmbH,51,owns\n"
                               "Harrow Imaging Pte Ltd,Lark Vision,,controls\n")
    nodes, links = read_ownership_file(path, fake_resolve)
    assert [n.id for n in nodes] == ["owners:harrow-imaging-pte-ltd",
                                     "owners:kestrel-optics-gmbh", "owners:lark-vision"]
    assert all(not n.listed and n.list_id == "owners" for n in nodes)
    assert [(lk.owner, lk.owned, lk.relation, lk.share) for lk in links] == [
        (MEGVII.id, "owners:harrow-imaging-pte-ltd", Relation.OWNS, 100.0),
        ("owners:harrow-imaging-pte-ltd", "owners:kestrel-optics-gmbh", Relation.OWNS, 51.0),
        ("owners:harrow-imaging-pte-ltd", "owners:lark-vision", Relation.CONTROLS, None),
    ]
    assert links[1].source == "owners.csv row 3"


def test_user_links_reach_the_listed_owner_through_the_graph(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "owner;owned;share\n"
                               "Megvii Tech Ltd;Harrow Imaging Pte Ltd;100\n"
                               "Harrow Imaging Pte Ltd;Kestrel Optics GmbH;51\n")
    nodes, links = read_ownership_file(path, fake_resolve, source="group register")
    graph = OwnershipGraph([MEGVII, *nodes], links, OwnershipPolicy(as_of=date(2026, 1, 15)))
    [finding] = graph.findings("owners:kestrel-optics-gmbh")
    assert (finding.status, finding.owner.id) == (Status.REVIEW, MEGVII.id)
    assert [s.entity_name for s in finding.path] == [
        "Kestrel Optics GmbH", "Harrow Imaging Pte Ltd", "Megvii Technology Limited"]


def test_xlsx_reads_numbers_text_and_percent_formatted_cells(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [
        ["owner", "owned", "share"],
        ["Megvii Tech Ltd", "Harrow Imaging Pte Ltd", 0.51],  # shown as 51 %
        ["Harrow Imaging Pte Ltd", "Kestrel Optics GmbH", 75],
        ["Harrow Imaging Pte Ltd", "Ibis Sensors", "12,5 %"],
        ["Harrow Imaging Pte Ltd", "Jay Labs", None],
    ], percent_cells=("C2",))
    nodes, links = read_ownership_file(path, fake_resolve)
    assert [lk.share for lk in links] == [pytest.approx(51.0), 75.0, 12.5, None]
    assert links[0].owner == MEGVII.id
    assert len(nodes) == 4


def test_controls_with_a_share_records_stake_and_control(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "owner,owned,share,relation\nA Corp,B Corp,30,controls\n")
    _, links = read_ownership_file(path, fake_resolve)
    assert [(lk.relation, lk.share) for lk in links] == [(Relation.OWNS, 30.0),
                                                          (Relation.CONTROLS, None)]


@pytest.mark.parametrize(("share", "message"), [
    ("abc", "row 3: share 'abc' is not a percentage"),
    ("150", "row 3: share '150' is outside 0-100 percent"),
    ("-5", "row 3: share '-5' is outside 0-100 percent"),
])
def test_bad_shares_are_rejected_naming_file_and_row(tmp_path: Path, share: str,
                                                     message: str) -> None:
    path = write_csv(tmp_path, f"owner,owned,share\nA,B,10\nC,D,{share}\n")
    with pytest.raises(InputError) as caught:
        read_ownership_file(path, fake_resolve)
    assert str(caught.value).startswith(f"{path}: {message}")


def test_bad_xlsx_share_names_the_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [["owner", "owned", "share"], ["A", "B", 150]])
    with pytest.raises(InputError, match=r"owners.xlsx: row 2: share 150 is outside"):
        read_ownership_file(path, fake_resolve)


@pytest.mark.parametrize(("text", "message"), [
    ("owner,company_name\nA,B\n", "row 1: no owned column"),
    ("owner,owned\nA,\n", "row 2: the owned name is blank"),
    ("owner,owned,relation\nA,B,sister\n", "row 2: relation 'sister' is not one of"),
    ("\n\n", "the ownership file is empty"),
])
def test_malformed_files_are_input_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write_csv(tmp_path, text)
    with pytest.raises(InputError, match=message) as caught:
        read_ownership_file(path, fake_resolve)
    assert caught.value.path == str(path)


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"must be \.csv or \.xlsx"):
        read_ownership_file(write_csv(tmp_path, "x", name="owners.json"), fake_resolve)
    with pytest.raises(InputError, match="not found"):
        read_ownership_file(tmp_path / "missing.csv", fake_resolve)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="cannot read the ownership workbook"):
        read_ownership_file(broken, fake_resolve)


def test_slug_keeps_cjk_and_folds_punctuation() -> None:
    assert slug("Harrow Imaging Pte. Ltd.") == "harrow-imaging-pte-ltd"
    assert slug("北京旷视科技有限公司") == "北京旷视科技有限公司"
