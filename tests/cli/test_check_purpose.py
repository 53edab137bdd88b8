"""`check --purpose`: the same holdings or vendors file graded by what each listing means for it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from sanctscreen.cli import app

HOLDINGS = ("Security Description,ISIN,Country\n"
            "HANGZHOU HIKVISION DIGITAL-A,CNE100000PM8,CN\n"
            "IFLYTEK CO LTD-A,,CN\n"
            "MEGVII TECHNOLOGY LTD,,CN\n"
            "APPLE INC,US0378331005,US\n")


def check(path: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout), result.stderr


def statuses(report: dict[str, Any]) -> dict[str, str]:
    return {r["name"]: r["status"] for r in report["results"]}


def test_securities_makes_ns_cmic_hits_and_an_entity_list_company_noted(tmp_path: Path) -> None:
    holdings = tmp_path / "holdings.csv"
    holdings.write_text(HOLDINGS, encoding="utf-8")
    code, report, stderr = check(holdings, "--purpose", "securities")
    assert code == 1
    assert statuses(report) == {"HANGZHOU HIKVISION DIGITAL-A": "hit", "IFLYTEK CO LTD-A": "noted",
                                "MEGVII TECHNOLOGY LTD": "hit"}
    iflytek = next(r for r in report["results"] if r["name"] == "IFLYTEK CO LTD-A")
    assert iflytek["matches"][0]["lists"] == ["EL"]
    assert iflytek["matches"][0]["consequence"].startswith(
        "The Entity List restricts exports to the party (15 CFR 744.11)")
    megvii = next(r for r in report["results"] if r["name"] == "MEGVII TECHNOLOGY LTD")
    assert "E.O. 13959 as amended by E.O. 14032" in megvii["matches"][0]["consequence"]
    assert "divest ended 16 Dec 2022" in megvii["matches"][0]["consequence"]
    assert report["options"]["purpose"] == "securities"
    summary = report["summary"]
    assert (summary["hits"], summary["noted"]) == (2, 1)
    assert summary["by_list"]["EL"] == {"hit": 2, "noted": 1}
    assert summary["by_list"]["NS-CMIC"] == {"hit": 2}
    assert "1 noted (listed, no consequence for the purpose)" in stderr


def test_a_noted_row_never_fails_the_gate(tmp_path: Path) -> None:
    holdings = tmp_path / "holdings.csv"
    holdings.write_text("Security Description,Country\nIFLYTEK CO LTD-A,CN\n", encoding="utf-8")
    code, report, _ = check(holdings, "--purpose", "securities", "--fail-on", "review")
    assert code == 0 and statuses(report) == {"IFLYTEK CO LTD-A": "noted"}
    assert check(holdings, "--purpose", "exports")[0] == 1  # the Entity List restricts exports


def test_general_is_todays_behaviour(tmp_path: Path) -> None:
    holdings = tmp_path / "holdings.csv"
    holdings.write_text(HOLDINGS, encoding="utf-8")
    _, general, _ = check(holdings, "--purpose", "general")
    _, default, _ = check(holdings)
    assert statuses(general) == statuses(default) == {
        "HANGZHOU HIKVISION DIGITAL-A": "hit", "IFLYTEK CO LTD-A": "hit",
        "MEGVII TECHNOLOGY LTD": "hit"}
    assert default["options"]["purpose"] == "general"
    for left, right in zip(general["results"], default["results"], strict=True):
        assert [m["explanation"] for m in left["matches"]] == \
            [m["explanation"] for m in right["matches"]]


def test_the_purpose_from_the_settings_file_and_a_bad_one(tmp_path: Path) -> None:
    holdings = tmp_path / "holdings.csv"
    holdings.write_text(HOLDINGS, encoding="utf-8")
    settings = tmp_path / "sanctscreen.toml"
    settings.write_text('purpose = "securities"\n', encoding="utf-8")
    _, report, _ = check(holdings, "--config", str(settings))
    assert statuses(report)["IFLYTEK CO LTD-A"] == "noted"
    result = CliRunner().invoke(app, ["check", str(holdings), "--purpose", "investing"])
    assert result.exit_code == 2
    assert "--purpose must be one of" in result.stderr.strip().splitlines()[-1]


VENDORS = ("Vendor Name,Country\n"
           "Hytera Communications Corporation Limited,CN\n"
           "ZTE Corporation,CN\n"
           "\"iFlytek Co., Ltd.\",CN\n"
           "Acme Widgets Inc,US\n")


def test_one_vendor_file_read_for_procurement_and_for_exports(tmp_path: Path) -> None:
    """The same vendor master, on the default lists of each purpose: a buyer may not procure
    from the section 889 companies, and an Entity List listing does not forbid buying; an
    exporter may not ship to an Entity List party without a licence."""
    vendors = tmp_path / "vendors.csv"
    vendors.write_text(VENDORS, encoding="utf-8")
    code, report, _ = check(vendors, "--purpose", "procurement")
    assert code == 1
    assert statuses(report) == {"Hytera Communications Corporation Limited": "hit",
                                "ZTE Corporation": "hit", "iFlytek Co., Ltd.": "noted"}
    hytera = next(r for r in report["results"] if r["name"].startswith("Hytera"))
    assert "NDAA-889" in hytera["matches"][0]["lists"]
    assert "889(a)" in hytera["matches"][0]["consequence"]
    assert {"ndaa-889", "uflpa"} <= {info["id"] for info in report["lists"]}
    code, report, _ = check(vendors, "--purpose", "exports")
    assert code == 1
    assert statuses(report) == {"iFlytek Co., Ltd.": "hit"}
    assert "ndaa-889" not in {info["id"] for info in report["lists"]}
    assert report["results"][0]["matches"][0]["consequence"].startswith(
        "A licence is required to export")
