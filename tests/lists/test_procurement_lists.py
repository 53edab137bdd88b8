"""The bundled procurement and import lists (lists/procurement/) and the UFLPA build script."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from sanctscreen.cli import app
from sanctscreen.lists import catalog, load_id
from sanctscreen.models import Entity, ScreeningList

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "lists" / "procurement"
TSV = ROOT / "tests" / "data" / "lists" / "dhs_uflpa_entity_list_page_2026-07-09_rows.tsv"
TSV_SHA256 = "92256573372396115a75dd6f2c23fc0439677e22f800c14e656a3a9965ad6199"
LISTS = {"ndaa-889": ("section-889.yaml", "NDAA-889"),
         "fcc-covered": ("fcc-covered.yaml", "FCC-COVERED"),
         "uflpa": ("uflpa.yaml", "UFLPA")}
SECTION_889 = {"huawei": "Huawei Technologies Company", "zte": "ZTE Corporation",
               "hytera": "Hytera Communications Corporation",
               "hikvision": "Hangzhou Hikvision Digital Technology Company",
               "dahua": "Dahua Technology Company"}


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_uflpa", ROOT / "tools" / "build_uflpa.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


build_uflpa = _build_script()


@pytest.fixture(scope="module")
def loaded() -> dict[str, ScreeningList]:
    return {list_id: load_id(list_id) for list_id in LISTS}


def entity(screening_list: ScreeningList, local_id: str) -> Entity:
    wanted = f"{screening_list.info.id}:{local_id}"
    return next(e for e in screening_list.entities if e.id == wanted)


def raw(list_id: str) -> dict[str, Any]:
    """The file as YAML reads it, with the keys the loader does not keep (cited_in)."""
    data: dict[str, Any] = yaml.safe_load((FOLDER / LISTS[list_id][0]).read_text("utf-8"))
    return data


def test_catalog_registers_the_lists_opt_in() -> None:
    entries = {e.id: e for e in catalog.bundled()}
    for list_id, (file_name, _) in LISTS.items():
        entry = entries[list_id]
        assert not entry.default and entry.purposes == ("procurement",)
        assert entry.format == "sanctscreen" and entry.path == FOLDER / file_name
        assert entry.as_of is not None and entry.source and entry.name
    assert entries["uflpa"].as_of == date(2026, 7, 9)


@pytest.mark.parametrize("list_id", list(LISTS))
def test_every_designation_cites_its_basis_and_source(loaded: dict[str, ScreeningList],
                                                       list_id: str) -> None:
    screening_list = loaded[list_id]
    assert screening_list.info.id == list_id and not screening_list.warnings
    designations = [d for e in screening_list.entities for d in e.designations]
    assert designations and all(e.listed for e in screening_list.entities)
    assert {d.list_code for d in designations} == {LISTS[list_id][1]}
    assert all(d.legal_basis and d.source_url and d.program for d in designations)
    assert all(d.get("cited_in") for e in raw(list_id)["entities"] for d in e["designations"])


def test_section_889_names_the_five_companies(loaded: dict[str, ScreeningList]) -> None:
    ndaa = loaded["ndaa-889"]
    assert {e.id.split(":")[1]: e.name for e in ndaa.entities} == SECTION_889
    huawei, hytera = entity(ndaa, "huawei"), entity(ndaa, "hytera")
    assert huawei.designations[0].program == "889(f)(3)(A)"
    assert hytera.designations[0].program == "889(f)(3)(B)"
    assert {d.listed_on for e in ndaa.entities for d in e.designations} == {date(2018, 8, 13)}
    assert all("Pub. L. 115-232" in d.legal_basis and "FAR 52.204-25" in d.legal_basis
               for e in ndaa.entities for d in e.designations if d.legal_basis)
    assert all("subsidiary or affiliate" in (e.remarks or "") for e in ndaa.entities)
    assert huawei.same_as == ("ofac:30947",)
    assert huawei.aliases == ("Huawei Technologies Co., Ltd.",)
    assert entity(ndaa, "hikvision").same_as == ("ofac:30946", "seed:hikvision")
    assert entity(ndaa, "dahua").same_as == ("seed:dahua",)
    assert entity(ndaa, "zte").aliases == () and entity(ndaa, "zte").same_as == ()


def test_fcc_covered_holds_the_statutory_entries_only(loaded: dict[str, ScreeningList]) -> None:
    fcc = loaded["fcc-covered"]
    assert {e.id.split(":")[1]: e.name for e in fcc.entities} == SECTION_889
    assert all(f"ndaa-889:{e.id.split(':')[1]}" in e.same_as for e in fcc.entities)
    designations = [d for e in fcc.entities for d in e.designations]
    assert all("1601(c)(3)" in (d.legal_basis or "") for d in designations)
    assert all(d.listed_on is None for d in designations)  # the FCC's dates are not sourced


def test_uflpa_counts(loaded: dict[str, ScreeningList]) -> None:
    uflpa = loaded["uflpa"]
    designations = [d for e in uflpa.entities for d in e.designations]
    assert len(uflpa.entities) == 144 and len(designations) == 160
    assert Counter(d.program for d in designations) == {
        "UFLPA 2(d)(2)(B)(i)": 9, "UFLPA 2(d)(2)(B)(ii)": 43, "UFLPA 2(d)(2)(B)(v)": 108}
    # An entity is listed at most once per section.
    assert all(len({d.program for d in e.designations}) == len(e.designations)
               for e in uflpa.entities)


def test_uflpa_keeps_all_150_published_strings(loaded: dict[str, ScreeningList]) -> None:
    rows = [line.split("\t") for line in TSV.read_text("utf-8").splitlines()[1:]]
    published = {name for _, name, _ in rows}
    assert len(rows) == 160 and len(published) == 150
    notes = " ".join(e.remarks or "" for e in loaded["uflpa"].entities)
    assert all(f"“{name}”" in notes for name in published)


def test_uflpa_entries_with_sections_dates_and_aliases(loaded: dict[str, ScreeningList]) -> None:
    uflpa = loaded["uflpa"]
    xpcc = entity(uflpa, "xinjiang-production-and-construction-corps")
    assert xpcc.name == "Xinjiang Production and Construction Corps"
    assert xpcc.aliases == ("XPCC", "Xinjiang Corps", "Bingtuan")
    assert [d.program for d in xpcc.designations] == [
        "UFLPA 2(d)(2)(B)(i)", "UFLPA 2(d)(2)(B)(ii)", "UFLPA 2(d)(2)(B)(v)"]
    assert xpcc.same_as == ("ofac:29299",)
    assert "subordinate and affiliated entities" in (xpcc.remarks or "")
    daqo = entity(uflpa, "xinjiang-daqo-new-energy")
    assert [(d.program, d.listed_on) for d in daqo.designations] == [
        ("UFLPA 2(d)(2)(B)(i)", date(2022, 6, 21)), ("UFLPA 2(d)(2)(B)(v)", date(2024, 11, 25))]
    assert "Xinjiang Daqo New Energy Co., Ltd." in daqo.aliases  # the (v) spelling
    hoshine = entity(uflpa, "hoshine-silicon-industry-shanshan")
    assert hoshine.aliases[0] == "Hesheng Silicon Industry (Shanshan) Co."
    assert "subsidiaries" in (hoshine.remarks or "")
    jingweida = entity(uflpa, "sichuan-jingweida-technology-group")
    assert jingweida.aliases == ("Sichuan Mianyang Jingweida Technology Co., Ltd.",
                                 "JWD Technology",
                                 "Mianyang High-tech Zone Jingweida Technology Co., Ltd.")
    assert "Formerly known as: Mianyang High-tech Zone" in (jingweida.remarks or "")
    junggar = entity(uflpa, "xinjiang-junggar-cotton-and-linen")
    assert junggar.name == "Xinjiang Junggar Cotton and Linen Co., Ltd." and not junggar.aliases
    camel = next(e for e in raw("uflpa")["entities"] if e["id"] == "camel-group")
    assert camel["designations"][0]["listed_on"] == date(2023, 8, 2)
    assert "FR Doc. 2023-16361" in camel["designations"][0]["cited_in"]


@pytest.mark.parametrize(("published", "name", "aliases", "former", "qualifier"), [
    ("KTK Group (including three aliases: Jiangsu Jinchuang Group; Jiangsu Jinchuang Holding"
     " Group; and KTK Holding)", "KTK Group",
     ("Jiangsu Jinchuang Group", "Jiangsu Jinchuang Holding Group", "KTK Holding"), (), None),
    ("Jiangyin Lianyun Co. Ltd. (also known as Jiangyin Intermodal Transport Co. and Jiangyin"
     " United Transport Co.)", "Jiangyin Lianyun Co. Ltd.",
     ("Jiangyin Intermodal Transport Co.", "Jiangyin United Transport Co."), (), None),
    ("Jiangsu Meike Solar Technology Co., Ltd. (also known as Meike Co. and formerly known as"
     " Jiangsu Gaozhao New Energy Development Co., Ltd.)",
     "Jiangsu Meike Solar Technology Co., Ltd.",
     ("Meike Co.",), ("Jiangsu Gaozhao New Energy Development Co., Ltd.",), None),
    ("Hoshine Silicon Industry (Shanshan) Co., Ltd., and Subsidiaries",
     "Hoshine Silicon Industry (Shanshan) Co., Ltd.", (), (), "and Subsidiaries"),
    ("Kashgar Construction Engineering (Group) Co., Ltd.",
     "Kashgar Construction Engineering (Group) Co., Ltd.", (), (), None),
    ("Henan Yumian Logistics Co., Ltd. (formerly known as 841 Cotton Transfer Warehouse)",
     "Henan Yumian Logistics Co., Ltd.", (), ("841 Cotton Transfer Warehouse",), None),
])
def test_published_names_are_split_into_name_aliases_and_qualifier(
        published: str, name: str, aliases: tuple[str, ...], former: tuple[str, ...],
        qualifier: str | None) -> None:
    parsed = build_uflpa.parse_name(published)
    assert (parsed.name, parsed.aliases, parsed.former, parsed.qualifier) == (
        name, aliases, former, qualifier)


@pytest.mark.parametrize(("published", "message"), [
    ("X Co. (including two aliases: Y)", "announces two aliases"),
    ("X Co. (aliases are Y and Z)", "unknown alias wording"),
    ("X Co. also known as Y)", "unbalanced"),
])
def test_unreadable_names_stop_the_build(published: str, message: str) -> None:
    with pytest.raises(build_uflpa.BuildError, match=message):
        build_uflpa.parse_name(published)


def test_build_script_reproduces_the_committed_file() -> None:
    data = TSV.read_bytes()
    assert hashlib.sha256(data).hexdigest() == TSV_SHA256
    assert build_uflpa.build(data) == (FOLDER / "uflpa.yaml").read_text("utf-8")


def test_build_script_refuses_another_table(tmp_path: Path) -> None:
    other = tmp_path / "rows.tsv"
    other.write_text("name\tdate\nX\tJune 21, 2022\n", encoding="utf-8")
    assert build_uflpa.main(["--tsv", str(other), "--out", "-"]) == 2


def test_provenance_records_the_source_checksums() -> None:
    provenance = (FOLDER / "PROVENANCE.md").read_text("utf-8")
    recorded = set(re.findall(r"\b[0-9a-f]{64}\b", provenance))
    assert TSV_SHA256 in recorded
    assert TSV_SHA256 in (TSV.parent / "SOURCES.md").read_text("utf-8")


def test_check_flags_section_889_vendors(tmp_path: Path) -> None:
    vendors = tmp_path / "vendors.csv"
    vendors.write_text("Vendor Name\nZTE Corporation\nHytera Communications Corp., Ltd.\n"
                       "Acme Office Supplies Inc.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(vendors), "--lists", "ndaa-889",
                                      "--format", "json", "--no-progress"],
                                catch_exceptions=False)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    rows = {r["row"]: r for r in report["results"]}  # clear rows are not listed
    assert sorted(rows) == [2, 3] and report["summary"]["clear"] == 1
    assert rows[2]["status"] == "hit" and rows[2]["matches"][0]["entity_id"] == "ndaa-889:zte"
    assert rows[3]["status"] == "hit" and rows[3]["matches"][0]["entity_id"] == "ndaa-889:hytera"
    assert rows[3]["matches"][0]["lists"] == ["NDAA-889"]
    assert [sl["id"] for sl in report["lists"]] == ["ndaa-889"]


def test_the_same_company_on_several_lists_is_one_party(tmp_path: Path) -> None:
    vendors = tmp_path / "vendors.csv"
    vendors.write_text("Vendor Name\nHangzhou Hikvision Digital Technology Co., Ltd.\n",
                       encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(vendors), "--lists",
                                      "seed,ndaa-889,fcc-covered", "--format", "json",
                                      "--no-progress"], catch_exceptions=False)
    (match,) = json.loads(result.stdout)["results"][0]["matches"]
    assert match["entity_id"] == "seed:hikvision"
    assert match["lists"] == ["EL", "FCC-COVERED", "NDAA-889", "NS-CMIC"]


def test_a_procurement_screen_takes_the_lists_without_being_told(tmp_path: Path) -> None:
    vendors = tmp_path / "vendors.csv"
    vendors.write_text("Vendor Name\nZTE Corporation\nXinjiang Zhongtai Chemical Co. Ltd.\n",
                       encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(vendors), "--purpose", "procurement",
                                      "--format", "json", "--no-progress"],
                                catch_exceptions=False)
    report = json.loads(result.stdout)
    assert [sl["id"] for sl in report["lists"]] == [
        "seed", "ofac-sdn", "ofac-cons", "ndaa-889", "fcc-covered", "uflpa"]
    rows = {r["row"]: r for r in report["results"]}
    zte = rows[2]["matches"][0]
    assert rows[2]["status"] == "hit" and zte["lists"] == ["FCC-COVERED", "NDAA-889"]
    zhongtai = rows[3]["matches"][0]
    assert zhongtai["entity_id"] == "uflpa:xinjiang-zhongtai-chemical"
    assert zhongtai["lists"] == ["UFLPA"] and rows[3]["status"] == "review"
    # Without a purpose the default lists alone are screened.
    plain = CliRunner().invoke(app, ["check", str(vendors), "--format", "json", "--no-progress"])
    assert [sl["id"] for sl in json.loads(plain.stdout)["lists"]] == [
        "seed", "ofac-sdn", "ofac-cons"]
