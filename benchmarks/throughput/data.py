"""Synthetic holdings and vendor files: realistic clean company names, listed names and ISINs."""

from __future__ import annotations

import csv
import random
import string
from collections.abc import Iterator, Sequence
from pathlib import Path


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SURNAMES = _words(
    "Smith Johnson Williams Brown Jones Miller Davis Garcia Rodriguez Wilson Martinez Anderson "
    "Taylor Thomas Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker "
    "Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner "
    "Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers Morgan "
    "Mueller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Rossi Russo "
    "Ferrari Esposito Bianchi Romano Colombo Dubois Moreau Laurent Lefebvre Bernard Tanaka "
    "Suzuki Watanabe Yamamoto Nakamura Kobayashi Sato Kim Park Choi Jung Kang Singh Patel Shah")
ROOTS = _words(
    "Acme Apex Summit Pinnacle Vertex Zenith Horizon Meridian Atlas Orion Nova Stellar Polaris "
    "Vector Quantum Fusion Nexus Vanguard Frontier Beacon Harbor Keystone Cornerstone Bluewater "
    "Redwood Silverline Goldcrest Ironbridge Oakridge Maple Cedar Willow Aspen Falcon Eagle "
    "Hawk Lion Tiger Bear Wolf Phoenix Dragon Crown Royal Empire Liberty Patriot Pioneer "
    "Heritage Legacy Premier Prime Alpha Beta Gamma Delta Sigma Omega Titan Olympus Everest "
    "Alpine Coastal Northern Southern Eastern Western Central Pacific Atlantic Continental")
SYLLABLES = _words("bel cor dyn ex fin gen hel in lum mar nov on par quin ro sol tec tra ul "
                   "var ven vi zen ax tro lex ora ix is a o e ia io")
INDUSTRY = _words(
    "Technologies Systems Solutions Logistics Pharmaceuticals Foods Energy Capital Partners "
    "Industries Manufacturing Engineering Consulting Software Networks Semiconductors Motors "
    "Chemicals Materials Healthcare Biosciences Retail Properties Realty Insurance Bancorp "
    "Financial Securities Media Communications Telecom Airlines Shipping Mining Resources "
    "Construction Apparel Beverages Brands Electronics Devices Instruments Aerospace Labs")
LEGAL = ("Inc.", "Inc", "Corp.", "Corporation", "LLC", "Ltd", "Limited", "PLC", "plc", "Co.",
         "GmbH", "AG", "S.A.", "SA", "SpA", "S.p.A.", "N.V.", "B.V.", "KK", "Co., Ltd.", "LP",
         "Holdings", "Group", "")
CITIES = _words("Boston Chicago Dallas Denver Seattle Austin Toronto London Paris Berlin Munich "
                "Milan Madrid Zurich Tokyo Osaka Seoul Sydney Melbourne Singapore Dublin Oslo")
PINYIN = _words("an bao chang da fang feng guo hai heng hong hua jia jin kai li long ming "
                "rong sheng tai tian wan wei xiang xin yang yi yong yuan zhong")
CN_PLACES = _words("Jiangsu Zhejiang Guangdong Shandong Henan Sichuan Hubei Fujian Anhui Hunan")
CN_INDUSTRY = _words("Textile Pharmaceutical Machinery Chemical Electric Auto Parts Trading "
                     "Ceramics Paper Packaging Furniture Garment Steel Glass")
COUNTRIES = ("US", "US", "US", "GB", "DE", "FR", "JP", "CA", "CH", "NL", "CN", "HK", "KR", "IT")


def _invented(rng: random.Random) -> str:
    return "".join(rng.sample(SYLLABLES, rng.choice((2, 3)))).title()


def clean_name(rng: random.Random) -> str:
    """A company that is on no list, from one of several naming habits."""
    habit = rng.random()
    legal = rng.choice(LEGAL)
    if habit < 0.25:
        core = f"{rng.choice(ROOTS)} {rng.choice(INDUSTRY)}"
    elif habit < 0.45:
        core = f"{_invented(rng)} {rng.choice(INDUSTRY)}"
    elif habit < 0.6:
        core = f"{rng.choice(SURNAMES)} & {rng.choice(SURNAMES)} {rng.choice(INDUSTRY)}"
    elif habit < 0.7:
        core = f"{rng.choice(SURNAMES)} {rng.choice(INDUSTRY)}"
    elif habit < 0.8:
        core = f"{rng.choice(CITIES)} {rng.choice(ROOTS)} {rng.choice(INDUSTRY)}"
    elif habit < 0.9:
        pinyin = "".join(rng.sample(PINYIN, 2)).title()
        core = f"{rng.choice(CN_PLACES)} {pinyin} {rng.choice(CN_INDUSTRY)}"
        legal = "Co., Ltd."
    else:
        letters = "".join(rng.choices(string.ascii_uppercase, k=rng.choice((2, 3, 4))))
        core = f"{letters} {rng.choice(INDUSTRY)}"
    name = f"{core} {legal}".strip()
    return name.upper() if rng.random() < 0.3 else name


def isin(rng: random.Random, country: str = "US") -> str:
    """A random ISIN with a valid check digit."""
    body = country + "".join(rng.choices(string.digits + string.ascii_uppercase[:6], k=9))
    digits = "".join(str(int(c, 36)) for c in body)
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value // 10 + value % 10
    return body + str((10 - total % 10) % 10)


def listed_variant(name: str, rng: random.Random) -> str:
    """A listed name as holdings files write it: upper case, cut short, share-class suffix."""
    choice = rng.random()
    if choice < 0.3:
        return name.upper()
    if choice < 0.5:
        return name.upper()[:30]
    if choice < 0.6:
        return name.upper().replace("CO., LTD.", "CO LTD-A")
    return name


def name_pool(distinct: int, listed: Sequence[str], listed_share: float,
              rng: random.Random) -> list[tuple[str, str, str]]:
    """`distinct` (name, isin, country) issuers; about `listed_share` of them listed spellings."""
    pool = []
    for _ in range(distinct):
        country = rng.choice(COUNTRIES)
        if listed and rng.random() < listed_share:
            name = listed_variant(rng.choice(listed), rng)
        else:
            name = clean_name(rng)
        pool.append((name, isin(rng, "US" if country == "US" else country), country))
    return pool


def rows(count: int, pool: Sequence[tuple[str, str, str]], rng: random.Random
         ) -> Iterator[list[str]]:
    """Holdings rows: issuers repeat across portfolios, a few issuers appear very often."""
    weights = [1.0 / (rank + 10) for rank in range(len(pool))]
    picks = rng.choices(range(len(pool)), weights=weights, k=count)
    for number, pick in enumerate(picks, 1):
        name, code, country = pool[pick]
        quantity = rng.randint(1, 100_000)
        yield [f"P{number % 97:03d}", name, code, country, str(quantity)]


HEADER = ["Portfolio", "Issuer Name", "ISIN", "Country", "Quantity"]


def write_csv(path: Path, count: int, pool: Sequence[tuple[str, str, str]],
              rng: random.Random) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows(count, pool, rng))


def write_xlsx(path: Path, count: int, pool: Sequence[tuple[str, str, str]],
               rng: random.Random) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Holdings")
    sheet.append(HEADER)
    for row in rows(count, pool, rng):
        sheet.append([*row[:4], int(row[4])])
    workbook.save(path)
