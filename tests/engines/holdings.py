"""A small holdings file with listed names in several spellings, repeats, blanks and ISINs."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sanctscreen.inputs import read_input
from sanctscreen.matching.interface import Thresholds
from sanctscreen.models import Relation, Result
from sanctscreen.ownership import OwnershipPolicy
from sanctscreen.screen import Screener
from tests.factory import entity, link, screening_list

MEGVII = entity("megvii", "Megvii Technology Limited", aliases=("旷视科技有限公司",))
KUANGSHI = entity("kuangshi", "Beijing Kuangshi Technology Co., Ltd.", lists=())
DAWNING = entity("dawning", "Dawning Information Industry Co., Ltd.", aliases=("Sugon",),
                 identifiers=(("isin", "CNE100001TW7"),))
HIKVISION = entity("hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd.",
                   lists=("NS-CMIC", "EL"))
LISTS = [screening_list([MEGVII, KUANGSHI, DAWNING, HIKVISION],
                        [link(MEGVII, KUANGSHI, relation=Relation.CONTROLS)])]
POLICY = OwnershipPolicy(as_of=date(2026, 11, 22))

HEADER = ["Issuer Name", "ISIN", "Country", "Quantity"]
_PATTERN: Sequence[tuple[str, str, str]] = (
    ("Apple Inc", "US0378331005", "US"),
    ("MEGVII TECHNOLOGY LTD", "", "CN"),
    ("Beijing Kuangshi Technology Co Ltd", "", "CN"),
    ("Siemens AG", "DE0007236101", "DE"),
    ("", "CNE100001TW7", "CN"),  # screened by ISIN alone
    ("", "", ""),  # an empty row: skipped
    ("HANGZHOU HIKVISION DIGITAL TEC", "", "CN"),  # cut by a 30-character field
    ("Dahua Securities Co Ltd", "", "CN"),  # a look-alike of another party
    ("Sugon", "", "HK"),
    ("Toyota Motor Corp", "JP3633400001", "JP"),
    ("旷视科技有限公司", "", "CN"),
)


def rows(count: int) -> list[list[str]]:
    """`count` data rows cycling through the pattern, each clean name made distinct."""
    out = []
    for number in range(count):
        name, isin, country = _PATTERN[number % len(_PATTERN)]
        if name in ("Apple Inc", "Siemens AG", "Toyota Motor Corp"):
            name = f"{name} Fund {number}"
        out.append([name, isin, country, str(number)])
    return out


def write_csv(path: Path, count: int) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows(count))
    return path


def write_parquet(path: Path, count: int, row_group_size: int | None = None) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = rows(count)
    columns = {name: [row[i] or None for row in data] for i, name in enumerate(HEADER)}
    columns["Quantity"] = [int(row[3]) for row in data]  # a typed column, as files have
    pq.write_table(pa.table(columns), path, row_group_size=row_group_size)
    return path


def screener(workers: int = 1, batch_rows: int | None = None) -> Screener:
    return Screener(LISTS, Thresholds(), POLICY, workers=workers, batch_rows=batch_rows)


def single_process(path: Path) -> list[Result]:
    """Every row's result as one process screens the whole file at once: the reference."""
    subjects = [s for table in read_input(path) for s in table.subjects]
    return list(screener().screen(subjects))
