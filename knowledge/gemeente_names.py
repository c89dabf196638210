"""Names of one gemeente that differ: "Den Haag" is officially "'s-Gravenhage".

Comparisons ignore case, accents, apostrophe style and the word "gemeente", so "aa en hunze",
"Gemeente Aa en Hunze" and "Aa-en-Hunze" are one key; `gemeente_names.json` adds the
official/everyday pairs that no spelling rule can derive.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

NAMES = Path(__file__).parent / "gemeente_names.json"


def name_key(name: str) -> str:
    """Case, accents, hyphens, apostrophe style and a leading "gemeente" do not count."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'")
    text = re.sub(r"^\s*gemeente\s+", "", text, flags=re.IGNORECASE)
    return re.sub(r"[\s-]+", " ", text).strip().casefold()


@lru_cache(maxsize=1)
def alias_groups(path: Path = NAMES) -> dict[str, tuple[str, ...]]:
    """name key -> every name of that gemeente."""
    groups = json.loads(path.read_text(encoding="utf-8"))["groups"]
    return {name_key(n): tuple(group) for group in groups for n in group}


def aliases(name: str) -> tuple[str, ...]:
    """The other names of this gemeente (empty for most)."""
    return tuple(n for n in alias_groups().get(name_key(name), ()) if name_key(n) != name_key(name))


@lru_cache(maxsize=4096)
def canonical_key(name: str) -> str:
    """One key per gemeente, whichever of its names is used. Remembered: a filter compares the
    asked gemeente with every document's, and there are only a few hundred names."""
    group = alias_groups().get(name_key(name))
    return name_key(group[0]) if group else name_key(name)


@lru_cache(maxsize=1)
def country_keys() -> frozenset[str]:
    """Keys of every country's name in Dutch and English (pycountry's ISO 3166 list and its
    translations): "kinderen in Duitsland" names a country, not a gemeente without rules."""
    import gettext

    import pycountry

    dutch = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)
    names = set()
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None)):
            if name:
                names.update((name, dutch.gettext(name)))
    return frozenset(name_key(n) for n in names)


def adjectives(gemeente: str) -> tuple[str, ...]:
    """The adjectives made of the place name ("Haagse", "Leidse", "Hilversumse"): like the name,
    they say where. Made of the last word, with and without a final "en" ("Leiden" -> "Leidse")."""
    last = gemeente.split()[-1]
    stems = [last] + ([last[:-2]] if last.endswith("en") and len(last) > 5 else [])
    return tuple(f"{stem}{ending}" for stem in stems for ending in ("se", "s"))
