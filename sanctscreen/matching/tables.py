"""Word tables for name matching: legal forms, generic words, places, spellings, Chinese terms."""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

# Words that carry no identity at all; dropped before scoring.
STOPWORDS: Final = frozenset({"the", "of", "and", "for", "de", "la", "le", "du", "des", "et"})

# Legal forms, already in their canonical spelling (see ABBREVIATIONS); the multilingual
# org-type database in org_types.py adds the rest. They barely count: holdings files drop them.
LEGAL_FORMS: Final = frozenset({
    "co", "ltd", "inc", "corp", "llc", "plc", "lp", "llp", "sa", "ag", "gmbh", "nv", "bv", "spa",
    "srl", "sarl", "ooo", "oao", "zao", "pao", "jsc", "ojsc", "cjsc", "pjsc", "pte", "pty", "kk",
    "bhd", "sdn", "tbk", "ab", "oy", "as", "asa", "kg", "se", "coltd", "ao",
})

# Words many unrelated companies share. They may confirm a match but never make one: two
# names that agree only on these words are different parties.
GENERIC: Final = frozenset({
    "technology", "information", "industry", "science", "china", "chinese", "group", "holding",
    "digital", "intelligent", "intelligence", "international", "network", "system", "electronic",
    "software", "development", "investment", "trading", "service", "solution", "public",
    "security", "bureau", "municipal", "municipality", "prefecture", "district", "county",
    "autonomous", "region", "people", "government", "city", "province", "provincial", "research",
    "institute", "university", "academy", "college", "police", "new", "innovation", "smart",
    "data", "cloud", "computing", "global", "enterprise", "shares", "share", "stock", "joint",
    "company", "limited", "national", "state", "central", "equipment", "manufacturing",
    "engineering", "communication", "telecommunication", "media", "energy", "power", "capital",
    "finance", "financial", "management", "industrial", "product", "material", "resource",
    "vision", "mongolian", "kazakh", "kyrgyz", "hui", "uyghur", "tibetan", "ethnic",
    "cas", "electric", "machinery", "general", "sub", "branch",
    "office", "department", "ministry", "committee", "party", "bank", "trust", "fund", "asia",
    "pacific", "east", "west", "north", "south", "commercial", "credit", "insurance",
    "securities", "semiconductor", "aviation", "aerospace", "aircraft", "nuclear", "railway",
    "shipbuilding", "construction", "marine", "satellite", "optical", "steel", "chemical",
    "pharmaceutical", "medical", "oil", "gas", "petroleum", "mining", "coal", "motor",
    "automobile", "telecom", "mobile", "heavy", "military", "defense", "defence", "space",
    "instrument", "microelectronic", "electron", "consulting", "logistics", "shipping",
    "property", "real", "estate", "land", "cement", "food", "health", "biotechnology",
    "united", "great", "golden", "star", "royal", "standard", "first", "agricultural",
    "agriculture",
})

# Words of administrative geography: "Kashi PSB" still names the Kashgar Prefecture PSB.
ADMIN: Final = frozenset({
    "prefecture", "district", "municipal", "municipality", "city", "county", "autonomous",
    "region", "province", "provincial", "people", "government", "mongolian", "kazakh",
    "kyrgyz", "hui", "uyghur", "tibetan", "ethnic",
})

# Words of corporate structure: a listed name may carry them where a holdings file drops
# them ("Inner Mongolia First Machinery" for the Group), but a query that adds one to a name
# of common words names another party ("Global Digital Technology", "Technology Group").
STRUCTURE: Final = frozenset({
    "group", "holding", "international", "global", "enterprise", "shares", "joint", "general",
})

# Legal-form lookalikes that are part of a name: "PSB II" is not "PSB".
NOT_LEGAL: Final = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})

# Generic words that name a line of business: when each name has its own ("LEON ENERGY" vs
# "Leon Technology"), they contradict each other instead of being noise.
INDUSTRY: Final = frozenset({
    "technology", "information", "industry", "science", "digital", "intelligent", "electronic",
    "software", "network", "system", "communication", "telecommunication", "media", "energy",
    "power", "finance", "financial", "bank", "trust", "fund", "equipment", "manufacturing",
    "engineering", "machinery", "material", "resource", "product", "data", "cloud",
    "computing", "investment", "trading", "capital", "electric", "research", "commercial",
    "credit", "insurance", "securities", "semiconductor", "aviation", "aerospace", "aircraft",
    "nuclear", "railway", "shipbuilding", "construction", "marine", "satellite", "optical",
    "steel", "chemical", "pharmaceutical", "medical", "oil", "gas", "petroleum", "mining",
    "coal", "motor", "automobile", "telecom", "mobile", "military", "defense", "defence",
    "space", "instrument", "microelectronic", "electron", "consulting", "logistics",
    "shipping", "property", "estate", "land", "cement", "food", "health", "biotechnology",
    "agricultural", "agriculture",
})

# Places: informative enough to tell one Public Security Bureau from another, too common to
# identify a company on their own.
PLACES: Final = frozenset({
    "beijing", "shanghai", "shenzhen", "hangzhou", "zhejiang", "xiamen", "xinjiang", "guangzhou",
    "guangdong", "tianjin", "chongqing", "wuhan", "nanjing", "chengdu", "xian", "suzhou", "hefei",
    "anhui", "jiangsu", "fujian", "sichuan", "hubei", "hunan", "henan", "hebei", "shandong",
    "shanxi", "shaanxi", "liaoning", "jilin", "heilongjiang", "yunnan", "guizhou", "guangxi",
    "hainan", "gansu", "qinghai", "ningxia", "tibet", "innermongolia", "hongkong", "macau",
    "taiwan", "changsha", "qingdao", "dalian", "ningbo", "shenyang", "harbin", "jinan", "fuzhou",
    "kunming", "zhengzhou", "wuxi", "dongguan", "foshan", "zhuhai", "xiangtan", "baotou",
    "aksu", "altay", "bayingolin", "bortala", "changji", "hami", "hotan", "kashgar", "karamay",
    "kizilsu", "shihezi", "tacheng", "tumxuk", "turpan", "urumqi", "wujiaqu", "ili", "korla",
    "singapore", "cayman", "bermuda",
})

# One spelling per place or word, so that romanisations agree (pinyin ↔ Uyghur-derived names).
VARIANTS: Final = MappingProxyType({
    "uighur": "uyghur", "uigur": "uyghur", "weiwuer": "uyghur", "uyghurs": "uyghur",
    "kashi": "kashgar", "hetian": "hotan", "khotan": "hotan", "kelamayi": "karamay",
    "turfan": "turpan", "tulufan": "turpan", "yili": "ili", "kezilesu": "kizilsu",
    "kizilsu": "kizilsu", "tumushuke": "tumxuk", "boertala": "bortala",
    "bayinguoleng": "bayingolin", "bayingol": "bayingolin", "wulumuqi": "urumqi",
    "urumchi": "urumqi", "aletai": "altay", "akesu": "aksu", "kumul": "hami", "qoqek": "tacheng",
    "peking": "beijing", "canton": "guangzhou", "amoy": "xiamen", "xizang": "tibet",
    "neimenggu": "innermongolia", "macao": "macau", "mongol": "mongolian",
    "kirgiz": "kyrgyz", "kirghiz": "kyrgyz", "uygur": "uyghur", "uygar": "uyghur",
    # canonical singular forms of generic words
    "technologies": "technology", "industries": "industry", "holdings": "holding",
    "systems": "system", "networks": "network", "sciences": "science", "electronics": "electronic",
    "services": "service", "solutions": "solution", "products": "product",
    "materials": "material", "microelectronics": "microelectronic",
    "semiconductors": "semiconductor", "motors": "motor", "chemicals": "chemical",
    "pharmaceuticals": "pharmaceutical", "properties": "property", "foods": "food",
    "resources": "resource", "communications": "communication",
    "telecommunications": "telecommunication", "peoples": "people", "investments": "investment",
})

# Abbreviations as terminals and vendor files write them, mapped to the canonical word.
ABBREVIATIONS: Final = MappingProxyType({
    "tech": "technology", "techn": "technology", "technol": "technology", "techs": "technology",
    "info": "information", "inform": "information", "intl": "international",
    "int": "international", "grp": "group", "hldg": "holding", "hldgs": "holding",
    "hlds": "holding", "hold": "holding", "dev": "development", "devt": "development",
    "sci": "science", "ind": "industry", "inds": "industry", "indl": "industrial",
    "mfg": "manufacturing", "elec": "electronic", "natl": "national", "svcs": "service",
    "sys": "system", "univ": "university", "inst": "institute", "acad": "academy",
    "govt": "government", "gov": "government", "mun": "municipal", "comm": "communication",
    "internatl": "international", "intnl": "international", "comms": "communication",
    "commun": "communication", "communs": "communication", "commns": "communication",
    "telecomm": "telecommunication", "telecomms": "telecommunication", "mgmt": "management",
    "mgt": "management", "svc": "service", "serv": "service", "servs": "service",
    "soln": "solution", "solns": "solution", "equip": "equipment", "eqpt": "equipment",
    "engg": "engineering", "engr": "engineering", "constr": "construction",
    "chem": "chemical", "chems": "chemical", "pharm": "pharmaceutical",
    "pharms": "pharmaceutical", "semicond": "semiconductor", "semicon": "semiconductor",
    "mach": "machinery", "transp": "transport", "invt": "investment", "prods": "product",
    "elecs": "electronic", "electr": "electric", "assoc": "association",
    "assn": "association", "dept": "department", "admin": "administration",
    "sz": "shenzhen", "bj": "beijing", "sh": "shanghai", "hz": "hangzhou",
    "st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort",
    "company": "co", "compagnie": "co", "limited": "ltd", "incorporated": "inc",
    "corporation": "corp", "cos": "co", "ltda": "ltd",
    # pinyin spellings of the generic words of Chinese company names
    "keji": "technology", "jishu": "technology", "xinxi": "information", "chanye": "industry",
    "youxian": "ltd", "gongsi": "co", "gufen": "shares", "jituan": "group", "shuzi": "digital",
    "zhineng": "intelligent", "wangluo": "network", "chuangxin": "innovation",
    "dianzi": "electronic", "ruanjian": "software", "xitong": "system", "konggu": "holding",
    "guoji": "international", "fazhan": "development", "zhongguo": "china",
    "ting": "bureau", "ju": "bureau",
    "1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth",
    "6th": "sixth", "7th": "seventh", "8th": "eighth", "9th": "ninth", "10th": "tenth",
})

# Multi-word spellings replaced before tokens are weighed (input is already lower case).
PHRASES: Final = (
    ("xinjiang uyghur autonomous region", "xinjiang"),
    ("xinjiang uighur autonomous region", "xinjiang"),
    ("xinjiang weiwuer autonomous region", "xinjiang"),
    ("xinjiang production and construction corps", "xinjiang production construction corps"),
    ("public security bureau", "public security bureau"),
    ("inner mongolia", "innermongolia"),
    ("hong kong", "hongkong"),
    ("people s republic of china", "china"),
    ("peoples republic of china", "china"),
)

# Acronyms expanded to the words of the full name, so "XPCC PSB" meets the full name.
ACRONYMS: Final = MappingProxyType({
    "xuar": ("xinjiang",),
    "xpcc": ("xinjiang", "production", "construction", "corps"),
    "psb": ("public", "security", "bureau"),
    "prc": ("china",),
    "hk": ("hongkong",),
    "gongan": ("public", "security"),
    "zizhiqu": ("autonomous", "region"),
    # Russian legal-form prefixes as index providers write them: NK is neftyanaya kompaniya
    # ("NK ROSNEFT" for Rosneft Oil Company), AK aktsionernaya kompaniya, AFK
    # aktsionernaya finansovaya korporatsiya ("AFK SISTEMA").
    "nk": ("oil", "co"),
    "ak": ("joint", "stock", "co"),
    "afk": ("joint", "stock", "financial", "corp"),
})

# Trailing words that describe the security, not the issuer ("-A", "H SHS", "ADR", "CL B").
SHARE_CLASS: Final = frozenset({
    "a", "b", "h", "n", "s", "shs", "sh", "ord", "ordinary", "shares", "share", "adr", "ads",
    "gdr", "class", "cl", "reg", "regs", "144a", "equity", "com", "common", "stock", "npv",
    "registered", "sponsored", "spon", "unsponsored", "unspon", "pref", "pfd", "units", "unit",
    "series", "stk", "rts", "wts", "dr", "gdrs", "adrs", "preference", "preferred", "prf",
    "pr", "prefs", "non", "voting", "nv", "depositary", "receipt", "receipts",
})

# Chinese terms found inside company names, with the English word they stand for. Longest
# first when scanning; city/province suffixes 市/省 directly after a place are absorbed.
CJK_TERMS: Final = MappingProxyType({
    "股份有限公司": "co ltd", "有限责任公司": "co ltd", "有限公司": "co ltd", "公司": "co",
    "集团": "group", "控股": "holding", "科技": "technology", "技术": "technology",
    "信息": "information", "产业": "industry", "数字": "digital", "智能": "intelligent",
    "网络": "network", "电子": "electronic", "创新": "innovation", "软件": "software",
    "系统": "system", "股份": "shares", "实业": "industry", "工业": "industry",
    "发展": "development", "国际": "international", "中国": "china", "中科": "cas",
    "公安局": "public security bureau", "公安厅": "public security bureau",
    "人民政府": "people government", "自治区": "autonomous region",
    "自治州": "autonomous prefecture", "地区": "prefecture",
    "生产建设兵团": "production construction corps",
    "维吾尔": "uyghur", "北京": "beijing", "深圳": "shenzhen", "杭州": "hangzhou",
    "浙江": "zhejiang", "上海": "shanghai", "厦门": "xiamen", "新疆": "xinjiang",
    "广州": "guangzhou", "广东": "guangdong", "天津": "tianjin", "重庆": "chongqing",
    "武汉": "wuhan", "南京": "nanjing", "成都": "chengdu", "苏州": "suzhou", "合肥": "hefei",
    "香港": "hongkong", "福建": "fujian", "江苏": "jiangsu", "内蒙古": "innermongolia",
    "乌鲁木齐": "urumqi", "喀什": "kashgar", "和田": "hotan", "克拉玛依": "karamay",
    "吐鲁番": "turpan", "伊犁": "ili", "阿克苏": "aksu", "哈密": "hami", "昌吉": "changji",
    "塔城": "tacheng", "阿勒泰": "altay", "博尔塔拉": "bortala", "巴音郭楞": "bayingolin",
    "克孜勒苏": "kizilsu", "图木舒克": "tumxuk", "石河子": "shihezi", "五家渠": "wujiaqu",
})
CJK_PLACE_SUFFIXES: Final = frozenset("市省")
