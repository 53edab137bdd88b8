"""Which row of a sheet is the header, and which of its columns hold names, identifiers, country."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

# How many non-blank rows from the top may hold titles or banners above the header; blank
# rows do not count, up to HEADER_SCAN_LIMIT rows in all.
HEADER_SCAN_ROWS = 30
HEADER_SCAN_LIMIT = 1000

# Name headers, most specific first: when a sheet has both "Issuer Name" and "Description",
# the issuer is the party to screen. Keys are compared after `header_key()`.
_NAME_HEADERS = (
    "name", "legal name", "entity name", "company name", "issuer name", "counterparty name",
    "vendor name", "supplier name", "customer name", "account name", "security name",
    "beneficiary name", "party name", "full name", "organisation name", "organization name",
    "issuer legal name", "company legal name", "counterparty legal name", "vendor legal name",
    "registered name", "holding name", "security long name",
    "issuer", "company", "entity", "counterparty", "vendor", "supplier", "customer", "party",
    "beneficiary", "holding", "security description", "description",
    "名称", "公司名称", "企业名称", "单位名称", "客户名称", "供应商名称", "发行人", "发行人名称",
    "证券名称", "交易对手", "姓名",
)
_ID_HEADERS: Mapping[str, tuple[str, ...]] = {
    "isin": ("isin", "isin code", "isin number", "isin no"),
    "lei": ("lei", "lei code", "legal entity identifier"),
    "ticker": ("ticker", "symbol", "bloomberg ticker", "ticker symbol", "bbg ticker",
               "股票代码", "证券代码"),
    "uscc": ("uscc", "unified social credit code", "social credit code", "统一社会信用代码"),
    "cusip": ("cusip", "cusip number"),
}
_COUNTRY_HEADERS = (
    "country", "country of risk", "country of incorporation", "domicile", "nationality",
    "country code", "country region", "国家", "国家地区",
)

_PUNCTUATION = re.compile(r"[\W_]+")


def header_key(text: object) -> str:
    """A header's text with case, spaces and punctuation removed: "Issuer_Name:" -> "issuername"."""
    return _PUNCTUATION.sub("", str(text).casefold())


_NAME_RANK: Mapping[str, int] = MappingProxyType(
    {header_key(h): rank for rank, h in enumerate(_NAME_HEADERS)})
_ID_SCHEME: Mapping[str, str] = MappingProxyType(
    {header_key(h): scheme for scheme, heads in _ID_HEADERS.items() for h in heads})
_COUNTRY_KEYS = frozenset(header_key(h) for h in _COUNTRY_HEADERS)


@dataclass(frozen=True)
class Layout:
    """The header found in a sheet and the role of each of its columns (by position)."""

    header_index: int  # 0-based position of the header among the scanned rows
    header_row: int  # the row number a person sees
    columns: tuple[str, ...]
    name_index: int | None
    id_indexes: tuple[tuple[str, int], ...]  # (scheme, position), in column order
    country_index: int | None

    @property
    def name_column(self) -> str | None:
        return None if self.name_index is None else self.columns[self.name_index]

    @property
    def id_columns(self) -> dict[str, str]:
        return {scheme: self.columns[i] for scheme, i in self.id_indexes}

    @property
    def country_column(self) -> str | None:
        return None if self.country_index is None else self.columns[self.country_index]


def header_text(value: Any) -> str:
    """A header cell as text; Excel stores a header such as 2024 as the number 2024.0."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return " ".join(str(value).split())


def dedupe(headers: Sequence[Any]) -> tuple[str, ...]:
    """Header texts made unique: blanks become "Column 3", repeats "Name (2)"."""
    seen: set[str] = set()
    out: list[str] = []
    for position, raw in enumerate(headers, start=1):
        base = header_text(raw) or f"Column {position}"
        text, n = base, 1
        while text.casefold() in seen:
            n += 1
            text = f"{base} ({n})"
        seen.add(text.casefold())
        out.append(text)
    return tuple(out)


# A header that only starts with a synonym naming a name ("Company Name (English)", "Name of
# Issuer", "公司名称 (中文)") ranks after every exact one. Bare words such as "Vendor" are left out:
# "Vendor due diligence - Q4" is a title. The extra text may be this long at most.
_PREFIX_SLACK = 16
_PREFIX_RANK = 1000
_PREFIXES: Mapping[str, int] = MappingProxyType({
    k: r for k, r in _NAME_RANK.items() if "name" in k or "名称" in k or "姓名" in k})


def name_rank(key: str) -> int | None:
    """The priority of a header key as the name column (lower wins); None if it is not one."""
    rank = _NAME_RANK.get(key)
    if rank is not None:
        return rank
    if key in _ID_SCHEME or key in _COUNTRY_KEYS:
        return None
    prefixes = [r for k, r in _PREFIXES.items()
                if key.startswith(k) and len(key) - len(k) <= _PREFIX_SLACK]
    return _PREFIX_RANK + min(prefixes) if prefixes else None


def _score(cells: Sequence[Any]) -> float | None:
    """How much a row looks like a header; None when it holds no name or identifier header."""
    keys = [header_key(c) for c in cells if c is not None and c != ""]
    exact = sum(1 for k in keys if k in _NAME_RANK or k in _ID_SCHEME)
    loose = sum(1 for k in keys if k not in _NAME_RANK and name_rank(k) is not None)
    if not exact and not loose:
        return None
    anchors = exact + loose / 2  # a loose name header is weaker evidence than an exact one
    recognised = anchors + sum(1 for k in keys if k in _COUNTRY_KEYS)
    texts = sum(1 for c in cells if isinstance(c, str) and c.strip())
    # Recognised headers dominate; a row of mostly text breaks ties against a data row.
    return recognised * 10 + texts / max(len(keys), 1)


def find_header(rows: Sequence[tuple[int, Sequence[Any]]]) -> int | None:
    """The position in `rows` of the header row, or None when no row looks like one.

    The best-scoring row wins, except that an earlier row at least as wide scoring at least
    half as much is preferred: a header comes before its data, and a data row can hold more
    header words ("Customer", "Vendor" in a role column) than the header itself. A narrower
    earlier row is a banner or a "Company: Acme" line and never displaces a wider header.
    """
    scored = [(score, position) for position, (_, cells) in enumerate(rows)
              if (score := _score(cells)) is not None]
    if not scored:
        return None
    best, at = max(scored, key=lambda item: (item[0], -item[1]))
    width = _filled(rows[at][1])
    for score, position in scored:
        if position == at or (score >= best / 2 and _filled(rows[position][1]) >= width > 1):
            return position
    return at


def _filled(cells: Sequence[Any]) -> int:
    return sum(1 for c in cells if c is not None and str(c).strip())


def find_column(rows: Sequence[tuple[int, Sequence[Any]]], wanted: str) -> tuple[int, int] | None:
    """(row position, column position) of the first header cell equal to `wanted`, any case."""
    target = " ".join(wanted.split()).casefold()
    for position, (_, cells) in enumerate(rows):
        for column, cell in enumerate(cells):
            if header_text(cell).casefold() == target:
                return position, column
    return None


def layout(rows: Sequence[tuple[int, Sequence[Any]]], header_index: int,
           name_index: int | None = None) -> Layout:
    """Assign roles to the columns of the header at `header_index`; `name_index` forces one."""
    number, cells = rows[header_index]
    columns = dedupe(cells)
    keys = [header_key(c) for c in columns]
    if name_index is None:
        ranks = [(name_rank(k), i) for i, k in enumerate(keys)]
        ranked = [(rank, i) for rank, i in ranks if rank is not None]
        name_index = min(ranked)[1] if ranked else None
    ids: dict[str, int] = {}
    for i, k in enumerate(keys):
        scheme = _ID_SCHEME.get(k)
        if scheme is not None and scheme not in ids and i != name_index:
            ids[scheme] = i
    country = next((i for i, k in enumerate(keys) if k in _COUNTRY_KEYS and i != name_index), None)
    return Layout(header_index, number, columns, name_index,
                  tuple(sorted(ids.items(), key=lambda item: item[1])), country)


def first_row_texts(rows: Sequence[tuple[int, Sequence[Any]]]) -> tuple[str, ...]:
    """The first non-blank row's texts, to tell the user what columns a sheet seems to have."""
    for _, cells in rows:
        texts = tuple(t for t in (header_text(c) for c in cells) if t)
        if texts:
            return texts
    return ()
