"""The trade.gov Consolidated Screening List importer: both CSV layouts and the JSON shape."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from sanctscreen.errors import ListError
from sanctscreen.lists.csl import CslCsvLoader, CslJsonLoader, source_code
from sanctscreen.models import EntityType, Identifier


def codes(path: Path) -> Counter[str]:
    loaded = CslCsvLoader().load(path)
    return Counter(code for e in loaded.entities for code in e.list_codes)


def test_current_layout_with_repeated_header(data: Path) -> None:
    path = data / "csl_2023-11-30_excerpt.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["source"] != "source"]
    loaded = CslCsvLoader().load(path)
    assert loaded.info.entries == len(rows) == 587  # the repeated header line is not an entry
    assert codes(path)["NS-CMIC"] == 68


def test_cmic_row_ids_and_aliases(data: Path) -> None:
    loaded = CslCsvLoader().load(data / "csl_2023-11-30_excerpt.csv")
    dawning = next(e for e in loaded.entities if e.id == "trade-csl:33113")
    assert dawning.aliases == ("Sugon", "Sugon Information Industry Co., Ltd.")
    assert Identifier("isin", "CNE100001TW7") in dawning.identifiers
    assert Identifier("uscc", "91120000783342508F") in dawning.identifiers
    assert dawning.designations[0].listed_on == date(2021, 12, 16)
    assert dawning.countries == ("CN",)


def test_every_source_of_the_2025_fixture_is_mapped(data: Path) -> None:
    assert codes(data / "csl_2025-06_fixture.csv") == Counter(
        {"SSI": 3, "NS-PLC": 2, "ISN": 1, "UVL": 1, "MEU": 1, "SDN": 1, "DTC": 1, "DPL": 1,
         "FSE": 1, "EL": 1})


def test_older_layout_without_id_column(data: Path) -> None:
    path = data / "csl_2019-12_sample.csv"
    assert CslCsvLoader.sniff(path)
    counts = codes(path)
    assert counts["EL"] == 22 and counts["CAPTA"] == 1 and sum(counts.values()) == 115
    first = CslCsvLoader().load(path).entities[0]
    # A row without an id gets one derived from its content, the same on every load.
    assert first.id == CslCsvLoader().load(path).entities[0].id


@pytest.mark.parametrize(("source", "code"), [
    ("Entity List (EL) - Bureau of Industry and Security", "EL"),
    ("Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department",
     "NS-CMIC"),
    ("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "NS-MBS"),
    ("Capta List (CAP) - Treasury Department", "CAPTA"),
    ("Palestinian Legislative Council List (PLC) - Treasury Department", "NS-PLC"),
    ("Something else", None),
])
def test_source_codes(source: str, code: str | None) -> None:
    assert source_code(source) == code


def test_json_results_shape(tmp_path: Path) -> None:
    document = {"total": 2, "results": [
        {"id": "33113", "source": "Non-SDN Chinese Military-Industrial Complex Companies List "
         "(CMIC) - Treasury Department", "type": "Entity", "name": "Dawning Information Industry "
         "Co., Ltd", "alt_names": ["Sugon"], "programs": ["CMIC-EO13959"],
         "addresses": [{"address": "Haidian District", "city": "Beijing", "country": "CN"}],
         "ids": [{"type": "ISIN", "number": "CNE100001TW7"},
                 {"type": "Listing Date (CMIC)", "number": "2021-12-16"}]},
        {"source": "Denied Persons List (DPL) - Bureau of Industry and Security",
         "name": "JOHN DOE", "type": "Individual", "alt_names": [], "start_date": "2020-01-02"},
    ]}
    path = tmp_path / "consolidated.json"
    path.write_text(json.dumps(document))
    assert CslJsonLoader.sniff(path)
    dawning, doe = CslJsonLoader().load(path).entities
    assert dawning.id == "trade-csl:33113" and dawning.aliases == ("Sugon",)
    assert dawning.identifiers == (Identifier("isin", "CNE100001TW7"),)
    assert dawning.designations[0].listed_on == date(2021, 12, 16)
    assert dawning.countries == ("CN",)
    assert doe.list_codes == ("DPL",) and doe.type is EntityType.PERSON
    assert doe.designations[0].listed_on == date(2020, 1, 2)


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "not valid JSON"),
    ('{"results": 3}', "expected"),
    ('{"results": []}', "no Consolidated Screening List rows"),
])
def test_bad_json(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "consolidated.json"
    path.write_text(text)
    with pytest.raises(ListError, match=message):
        CslJsonLoader().load(path)


def test_csv_without_the_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(ListError, match="not a Consolidated Screening List CSV"):
        CslCsvLoader().load(path)


def test_unknown_sources_are_skipped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("source,name,alt_names\nMystery List,ACME,\n"
                    "Entity List (EL) - Bureau of Industry and Security,BETA CO,B1; B2\n")
    loaded = CslCsvLoader().load(path)
    assert [(e.name, e.aliases) for e in loaded.entities] == [("BETA CO", ("B1", "B2"))]
    assert loaded.warnings == ("1 rows from unknown source 'Mystery List' skipped",)


def test_pretty_printed_json_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "csl.json"
    path.write_text(json.dumps({"results": [{"source": "Entity List (EL)", "name": "A"}]},
                               indent=2))
    assert CslJsonLoader.sniff(path)
    assert CslJsonLoader().load(path).entities[0].list_codes == ("EL",)


def test_json_built_from_the_csv_rows_loads_the_same_entries(data: Path, tmp_path: Path) -> None:
    csv_path = data / "csl_2023-11-30_excerpt.csv"
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["source"] != "source"]
    # The API returns lists where the CSV joins values with ";" (mostly "; ", not always).
    results = [{**row, "alt_names": [a.strip() for a in row["alt_names"].split(";") if a.strip()],
                "programs": [p.strip() for p in row["programs"].split(";") if p.strip()]}
               for row in rows]
    path = tmp_path / "consolidated.json"
    path.write_text(json.dumps({"total": len(results), "results": results}))
    from_json = CslJsonLoader().load(path)
    from_csv = CslCsvLoader().load(csv_path)
    assert [(e.id, e.name, e.aliases, e.list_codes, e.identifiers) for e in from_json.entities] \
        == [(e.id, e.name, e.aliases, e.list_codes, e.identifiers) for e in from_csv.entities]
