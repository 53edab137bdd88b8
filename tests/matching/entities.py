"""A small list shaped like the real ones, with few aliases, so that the rules do the matching."""

from __future__ import annotations

from sanctscreen.models import Entity, EntityType
from tests.factory import entity

GOV = EntityType.GOVERNMENT


def listed_entities() -> list[Entity]:
    return [
        entity("megvii", "Megvii Technology Limited"),
        # an unlisted related party: a graph node the matcher must still find
        entity("kuangshi", "Beijing Kuangshi Technology Co., Ltd.", lists=(),
               aliases=["北京旷视科技有限公司"]),
        entity("hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd.",
               aliases=["海康威视"],
               identifiers=[("isin", "CNE100000PM8"), ("ticker", "002415")]),
        entity("dahua", "Zhejiang Dahua Technology Co., Ltd.", lists=("EL",)),
        entity("dji", "SZ DJI Technology Co., Ltd.", aliases=["深圳市大疆创新科技有限公司"]),
        entity("sensetime", "SenseTime Group Limited"),
        entity("netposa", "Netposa Technologies Limited", aliases=["东方网力科技股份有限公司"]),
        entity("dawning", "Dawning Information Industry Co., Ltd", aliases=["Sugon"],
               identifiers=[("isin", "CNE100001TW7"), ("ticker", "603019")]),
        entity("cloudwalk", "Cloudwalk Technology Co., Ltd."),
        entity("yitu", "Yitu Limited", aliases=["Yitu Technologies"]),
        entity("leon", "Leon Technology Company Limited"),
        entity("meiya", "Xiamen Meiya Pico Information Co., Ltd."),
        entity("iflytek", "iFlytek Co., Ltd.", lists=("EL",)),
        entity("first-machinery", "Inner Mongolia First Machinery Group Co., Ltd."),
        entity("china-mobile", "China Mobile Limited", countries=("HK",)),
        entity("chen-quanguo", "Chen Quanguo", aliases=["陈全国"], type=EntityType.PERSON,
               lists=("SDN",)),
        entity("xuar-psb", "Xinjiang Uighur Autonomous Region (XUAR) People's Government "
               "Public Security Bureau", type=GOV, lists=("SDN", "EL")),
        entity("xpcc-psb", "Xinjiang Production and Construction Corps (XPCC) Public Security "
               "Bureau", type=GOV, lists=("EL",)),
        entity("kashgar-psb", "Kashgar Prefecture Public Security Bureau", type=GOV, lists=("EL",)),
        entity("hotan-psb", "Hetian Prefecture Public Security Bureau", type=GOV, lists=("EL",)),
        entity("karamay-psb", "Kelamayi Municipality Public Security Bureau", type=GOV,
               lists=("EL",)),
        entity("urumqi-psb", "Urumqi Municipal Public Security Bureau", type=GOV, lists=("EL",)),
    ]
