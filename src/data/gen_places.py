#!/usr/bin/env python3
"""Generate Qawl's CLDR-derived place gazetteers.

Requires babel==2.16.0 exactly (pip install babel==2.16.0), which ships
CLDR 45. Another babel version ships other CLDR data, so the script refuses
to run with one.

Licences: babel is BSD-3-Clause (Copyright (c) 2013-2024 by the Babel Team);
the locale data it ships is Unicode CLDR data under the Unicode License v3
(Copyright (c) 2004-2023 Unicode, Inc.). The generated files hold only CLDR
data, so their headers carry the full Unicode License v3 notice, as that
licence requires.

Writes, next to this script:
  countries.generated.txt  Arabic names of countries and territories
                           (babel Locale('ar').territories, two-letter
                           region codes only, without groupings such as
                           EU, EZ, UN, QO, pseudo-regions XA/XB and ZZ).
  cities.generated.txt     Arabic CLDR time-zone exemplar cities
                           (babel Locale('ar').time_zones[...]['city']).

Usage:
  python3 src/data/gen_places.py           write both files
  python3 src/data/gen_places.py --check   exit 1, naming each stale file,
                                           if the files on disk differ from
                                           what would be written

Format of the output (same as the hand-written gazetteers): UTF-8, one entry
a line, `canonical<TAB>variant<TAB>...`, `#` comment lines.

Rules, all deterministic:
  * Every name is normalised: Arabic diacritics (harakat, shadda, sukun,
    superscript alef), tatweel and bidi marks are removed, spaces collapsed.
  * A parenthetical qualifier is dropped from a country name
    ("ميانمار (بورما)" -> "ميانمار"). An exemplar city written
    "X (مدينة Y)" gets Y as its canonical and X as a variant
    (CLDR 45: "هيبرون (مدينة الخليل)" -> "الخليل", variant "هيبرون").
  * babel 2.16.0 drops CLDR's alt="short"/alt="variant" territory names when
    it imports CLDR, so they are not available here. The only country
    variants produced are CLDR's own short names found among the exemplar
    cities: when a time zone belongs to a territory and its English exemplar
    city is the territory's English name (Hong Kong / Hong Kong SAR China,
    Maldives / Maldives, Cayman / Cayman Islands, Comoro / Comoros), the
    Arabic exemplar city is a short name of the territory, not a city, and
    becomes a variant of the country entry instead of a city entry.
    Compound territories ("Antigua & Barbuda") are left out of that rule.
  * Cities that are not city names (Etc/* zones: "مدينة غير معروفة"),
    descriptions written "town، state", names equal to a country form, and
    the names in AMBIGUOUS (common Arabic words or given names) are left out.
  * Entries are sorted by canonical (code-point order), variants likewise.
"""

import argparse
import re
import sys
from pathlib import Path

import babel
from babel import Locale
from babel.core import get_global

BABEL_VERSION = "2.16.0"
# babel 2.16.0's changelog: "CLDR: Upgrade to CLDR 45". babel 2.16 has no API
# that reports the CLDR version, hence the pin on the babel version.
CLDR_VERSION = "45"

HERE = Path(__file__).resolve().parent
COUNTRIES_FILE = HERE / "countries.generated.txt"
CITIES_FILE = HERE / "cities.generated.txt"

# Two-letter CLDR region codes that are not countries or territories:
# groupings (EU, EZ, UN), "Outlying Oceania" (QO), pseudo-locale regions
# (XA, XB) and "Unknown Region" (ZZ).
SKIP_REGIONS = frozenset({"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"})

# Exemplar-city names (after normalisation) that are also common Arabic words
# or given names and would mostly produce false matches in news text.
AMBIGUOUS = {
    "استر": "Easter Island; also the imperative 'cover' and the name Esther",
    "العيون": "Laayoune; also 'the eyes', 'the springs'",
    "ترك": "Truk/Chuuk; also the verb 'left' and 'Turks'",
    "ترول": "Troll station; also 'troll'",
    "جوني": "Juneau; also the given name Johnny",
    "دافيز": "Davis station; also a surname (Davis Cup)",
    "ديلي": "Dili; also 'Daily' in newspaper names (Daily Mail)",
    "بالمير": "Palmer station; also a surname",
    "سمراء": "Samara; also the adjective 'dark-skinned' (fem.)",
    "سنتر": "Center, North Dakota; also 'center' in shop/mall names",
    "كريسماس": "Christmas Island; also 'Christmas'",
    "كناري": "Canary Islands zone; also 'canary' (the bird)",
    "ماهي": "Mahé; also a frequent spelling of 'ما هي' (what is)",
    "نوم": "Nome; also 'sleep'",
}

LICENCE_LINES = [
    "Licence: the names below are Unicode CLDR data (CLDR {cldr}), taken",
    "through babel {babel} (BSD-3-Clause, Copyright (c) 2013-2024 by the",
    "Babel Team). CLDR data is under the Unicode License v3:",
    "",
    "UNICODE LICENSE V3",
    "",
    "COPYRIGHT AND PERMISSION NOTICE",
    "",
    "Copyright \u00a9 2004-2023 Unicode, Inc.",
    "",
    "NOTICE TO USER: Carefully read the following legal agreement. BY",
    "DOWNLOADING, INSTALLING, COPYING OR OTHERWISE USING DATA FILES, AND/OR",
    "SOFTWARE, YOU UNEQUIVOCALLY ACCEPT, AND AGREE TO BE BOUND BY, ALL OF THE",
    "TERMS AND CONDITIONS OF THIS AGREEMENT. IF YOU DO NOT AGREE, DO NOT",
    "DOWNLOAD, INSTALL, COPY, DISTRIBUTE OR USE THE DATA FILES OR SOFTWARE.",
    "",
    "Permission is hereby granted, free of charge, to any person obtaining a",
    "copy of data files and any associated documentation (the \"Data Files\") or",
    "software and any associated documentation (the \"Software\") to deal in the",
    "Data Files or Software without restriction, including without limitation",
    "the rights to use, copy, modify, merge, publish, distribute, and/or sell",
    "copies of the Data Files or Software, and to permit persons to whom the",
    "Data Files or Software are furnished to do so, provided that either (a)",
    "this copyright and permission notice appear with all copies of the Data",
    "Files or Software, or (b) this copyright and permission notice appear in",
    "associated Documentation.",
    "",
    "THE DATA FILES AND SOFTWARE ARE PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY",
    "KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF",
    "MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT OF",
    "THIRD PARTY RIGHTS.",
    "",
    "IN NO EVENT SHALL THE COPYRIGHT HOLDER OR HOLDERS INCLUDED IN THIS NOTICE",
    "BE LIABLE FOR ANY CLAIM, OR ANY SPECIAL INDIRECT OR CONSEQUENTIAL DAMAGES,",
    "OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS,",
    "WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION,",
    "ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THE DATA",
    "FILES OR SOFTWARE.",
    "",
    "Except as contained in this notice, the name of a copyright holder shall",
    "not be used in advertising or otherwise to promote the sale, use or other",
    "dealings in these Data Files or Software without prior written",
    "authorization of the copyright holder.",
]

# Harakat, Quranic marks, superscript alef, tatweel; bidi and zero-width marks.
_STRIP_RE = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
    "\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)
_PAREN_RE = re.compile(r"^(.*?)\s*\((.*)\)\s*$")
_CITY_IN_PAREN_PREFIX = "مدينة "


def normalise(name):
    name = _STRIP_RE.sub("", name)
    return " ".join(name.split())


def split_parenthetical(name):
    """Return (before, inside) for 'before (inside)', else (name, None)."""
    m = _PAREN_RE.match(name)
    if not m:
        return name, None
    return m.group(1).strip(), m.group(2).strip()


def english_key(name):
    name = name.lower().replace("st.", "saint").replace("-", " ")
    name = re.sub(r"[^a-z ]", "", name)
    return " ".join(name.split())


def is_territory_name(en_city, en_territory):
    """True when an English exemplar city is the territory's own name."""
    if "&" in en_territory:
        return False
    city, terr = english_key(en_city), english_key(en_territory)
    if not city:
        return False
    return terr == city or terr == city + "s" or terr.startswith(city + " ")


def header(kind, source):
    lines = [
        f"generated by src/data/gen_places.py from CLDR {CLDR_VERSION} "
        f"via babel {BABEL_VERSION}; do not edit",
        f"Source: {source}",
        "Format: canonical<TAB>variant<TAB>... (UTF-8, one entry a line).",
        f"Content: {kind}",
        "",
    ]
    lines += [
        line.format(cldr=CLDR_VERSION, babel=BABEL_VERSION)
        for line in LICENCE_LINES
    ]
    return "".join(("#" + (" " + line if line else "")) + "\n" for line in lines)


def render(entries):
    out = []
    for canonical in sorted(entries):
        variants = sorted(v for v in entries[canonical] if v != canonical)
        out.append("\t".join([canonical] + variants) + "\n")
    return "".join(out)


def build():
    ar = Locale("ar")
    en = Locale("en")
    zone_territories = get_global("zone_territories")

    # Countries and territories.
    code_to_canonical = {}
    countries = {}
    for code in sorted(ar.territories):
        if not re.fullmatch(r"[A-Z]{2}", code) or code in SKIP_REGIONS:
            continue
        canonical, _ = split_parenthetical(normalise(ar.territories[code]))
        if canonical in countries:
            raise SystemExit(f"two regions share the name {canonical!r}")
        countries[canonical] = set()
        code_to_canonical[code] = canonical

    zones = sorted(
        (tz, info["city"]) for tz, info in ar.time_zones.items() if "city" in info
    )

    # Exemplar cities that CLDR uses as the short name of their territory.
    territory_zones = set()
    for tz, city in zones:
        code = zone_territories.get(tz)
        if code not in code_to_canonical:
            continue
        en_city = en.time_zones.get(tz, {}).get("city")
        if not en_city:
            en_city = tz.rsplit("/", 1)[-1].replace("_", " ")
        if not is_territory_name(en_city, en.territories.get(code, "")):
            continue
        territory_zones.add(tz)
        name = normalise(city)
        if name not in AMBIGUOUS:
            countries[code_to_canonical[code]].add(name)

    country_forms = set(countries)
    for variants in countries.values():
        country_forms |= variants

    # Cities.
    cities = {}
    for tz, city in zones:
        if tz.startswith("Etc/") or tz in territory_zones:
            continue
        name = normalise(city)
        if "،" in name or "," in name:
            continue  # "town، state" descriptions, not names
        variants = set()
        before, inside = split_parenthetical(name)
        if inside is not None:
            if inside.startswith(_CITY_IN_PAREN_PREFIX):
                name = inside[len(_CITY_IN_PAREN_PREFIX):].strip()
                variants.add(before)
            else:
                name = before
        forms = {name} | variants
        forms -= set(AMBIGUOUS)
        forms -= country_forms
        if name not in forms:
            continue
        cities.setdefault(name, set()).update(forms - {name})

    return countries, cities


def outputs():
    if babel.__version__ != BABEL_VERSION:
        raise SystemExit(
            f"gen_places.py needs babel=={BABEL_VERSION} (CLDR {CLDR_VERSION}), "
            f"found babel {babel.__version__}: pip install babel=={BABEL_VERSION}"
        )
    countries, cities = build()
    return {
        COUNTRIES_FILE: header(
            "countries and territories (two-letter CLDR regions).",
            "babel Locale('ar').territories; variants are CLDR exemplar "
            "cities that name their whole territory.",
        )
        + render(countries),
        CITIES_FILE: header(
            "cities (CLDR time-zone exemplar cities).",
            "babel Locale('ar').time_zones[zone]['city'].",
        )
        + render(cities),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if a generated file on disk is stale; write nothing",
    )
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        try:
            current = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        if current == text:
            continue
        if args.check:
            stale.append(path)
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            print(f"wrote {path.relative_to(HERE.parent.parent)}")
    if stale:
        for path in stale:
            print(
                f"stale: {path.relative_to(HERE.parent.parent)} differs from "
                "what src/data/gen_places.py would write; run it to regenerate",
                file=sys.stderr,
            )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
