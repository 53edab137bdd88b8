"""Normalisation: what each raw spelling becomes, token by token, and how each token is classed."""

from __future__ import annotations

import pytest

from sanctscreen.matching.normalise import Kind, has_cjk, tokens


def texts(raw: str, person: bool = False) -> list[str]:
    return [t.text for t in tokens(raw, person)]


@pytest.mark.parametrize(("raw", "expected"), [
    pytest.param("\uff28\uff29\uff2b\uff36\uff29\uff33\uff29\uff2f\uff2e", ["hikvision"],
                 id="nfkc-fullwidth"),
    pytest.param("Société Générale S.A.", ["societe", "generale", "sa"], id="accents-and-initials"),
    pytest.param("\u041e\u041e\u041e \u0413\u0430\u0437\u043f\u0440\u043e\u043c",
                 ["ooo", "gazprom"], id="cyrillic-transliterated"),
    pytest.param("Газпром нефть", ["gazprom", "neft"], id="cyrillic-soft-sign"),
    pytest.param("Сбербанк России", ["sberbank", "rossii"], id="cyrillic-sberbank"),
    # the romanisation the US lists use: "KH", "ZH", "SHCH", "TS", "YA"
    pytest.param("РЖД", ["rzhd"], id="cyrillic-zh"),
    pytest.param("Публичное акционерное общество Ростелеком",
                 ["publichnoe", "aktsionernoe", "obshchestvo", "rostelekom"], id="cyrillic-bgn"),
    pytest.param("بنك ملي ايران", ["bnk", "mly", "ayran"], id="arabic-alif-kept"),
    pytest.param("삼성전자", ["samseongjeonja"], id="hangul"),
    pytest.param("トヨタ自動車", ["toyota", "zidongche"], id="kana-and-kanji"),
    pytest.param("Acme © Ltd 😀", ["acme", "ltd"], id="symbols-dropped"),
    pytest.param("Procter & Gamble Co", ["procter", "gamble", "co"], id="ampersand-is-and"),
    pytest.param("Leon's Furniture", ["leon", "furniture"], id="possessive"),
    pytest.param("HANGZHOU HIKVISION DIGITAL-A", ["hangzhou", "hikvision", "digital"],
                 id="share-class-dash-a"),
    pytest.param("CHINA TELECOM CORP LTD H SHS", ["china", "telecom", "corp", "ltd"],
                 id="h-shares"),
    pytest.param("SENSETIME GROUP INC-CLASS B", ["sensetime", "group", "inc"], id="class-b"),
    pytest.param("CNOOC Ltd-ADR", ["cnooc", "ltd"], id="adr"),
    pytest.param("A", ["a"], id="single-letter-name-kept"),
    pytest.param("Dawning Info Ind Tech Intl Grp Hldg", [
        "dawning", "information", "industry", "technology", "international", "group", "holding",
    ], id="abbreviations"),
    pytest.param("Inner Mongolia 1st Machinery", ["innermongolia", "first", "machinery"],
                 id="ordinal-and-two-word-place"),
    pytest.param("Kashi Hetian Kelamayi Turfan Yili Kezilesu Tumushuke Boertala Bayinguoleng "
                 "Wulumuqi", ["kashgar", "hotan", "karamay", "turpan", "ili", "kizilsu", "tumxuk",
                              "bortala", "bayingolin", "urumqi"], id="xinjiang-romanisations"),
    pytest.param("XPCC PSB", ["xinjiang", "production", "construction", "corps", "public",
                              "security", "bureau"], id="acronym-expansion"),
    pytest.param("Xinjiang Uighur Autonomous Region (XUAR) Public Security Bureau",
                 ["xinjiang", "public", "security", "bureau"], id="xuar-phrase-one-place"),
    pytest.param("SZ DJI Technology Co., Ltd.", ["shenzhen", "dji", "technology", "co", "ltd"],
                 id="sz-is-shenzhen"),
    pytest.param("Kuangshi Keji Youxian Gongsi", ["kuangshi", "technology", "ltd", "co"],
                 id="pinyin-generic-words"),
])
def test_latin_tokens(raw: str, expected: list[str]) -> None:
    assert texts(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    pytest.param("深圳市大疆创新科技有限公司",
                 ["shenzhen", "dajiang", "innovation", "technology", "co", "ltd"],
                 id="city-suffix-core-and-legal-form"),
    pytest.param("北京旷视科技有限公司", ["beijing", "kuangshi", "technology", "co", "ltd"],
                 id="kuangshi"),
    pytest.param("杭州海康威视数字技术股份有限公司",
                 ["hangzhou", "haikangweishi", "digital", "technology", "co", "ltd"],
                 id="hikvision-full"),
    pytest.param("东方网力", ["dongfangwangli"], id="core-only"),
    pytest.param("乌鲁木齐市公安局", ["urumqi", "public", "security", "bureau"],
                 id="place-and-psb"),
])
def test_chinese_tokens(raw: str, expected: list[str]) -> None:
    assert texts(raw) == expected


def test_chinese_person_is_split_like_romanised_lists() -> None:
    assert texts("陈全国", person=True) == ["chen", "quanguo"]
    assert texts("陈全国") == ["chenquanguo"]


def test_sources_keep_what_the_name_wrote() -> None:
    shenzhen = tokens("深圳市大疆创新科技有限公司")[0]
    assert (shenzhen.text, shenzhen.source, shenzhen.label) == ("shenzhen", "深圳市",
                                                                "SHENZHEN (深圳市)")
    assert tokens("Megvii")[0].label == "MEGVII"


@pytest.mark.parametrize(("word", "kind"), [
    ("ltd", Kind.LEGAL), ("aktiengesellschaft", Kind.LEGAL), ("technology", Kind.GENERIC),
    ("china", Kind.GENERIC), ("beijing", Kind.PLACE), ("kashgar", Kind.PLACE),
    ("megvii", Kind.DISTINCTIVE),
])
def test_kinds(word: str, kind: Kind) -> None:
    # rigour's org-type database knows legal forms the hand tables do not list
    assert tokens(f"Acme {word}")[-1].kind is kind


@pytest.mark.parametrize(("raw", "legal"), [
    ("Общество \u0441 ограниченной ответственностью Ромашка",
     ["obshchestvo", "s", "ogranichennoi", "otvetstvennostyu"]),
    ("Bank VTB Open Joint Stock Company", ["co"]),
    ("America Movil SAB de CV", ["cv"]),
    ("Siemens Aktiengesellschaft", ["aktiengesellschaft"]),
    ("Federal State Unitary Enterprise Optika", ["federal", "state", "unitary", "enterprise"]),
])
def test_legal_forms_in_any_language(raw: str, legal: list[str]) -> None:
    assert [t.text for t in tokens(raw) if t.kind is Kind.LEGAL] == legal


def test_roman_numerals_are_not_legal_forms() -> None:
    assert [(t.text, t.kind) for t in tokens("PSB II OOO")][-2:] == [
        ("ii", Kind.DISTINCTIVE), ("ooo", Kind.LEGAL)]


def test_duplicates_and_stopwords_are_dropped() -> None:
    assert texts("The Bank of the Bank") == ["bank"]


def test_has_cjk() -> None:
    assert has_cjk("Megvii 旷视")
    assert not has_cjk("Megvii")
