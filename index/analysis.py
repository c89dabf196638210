"""Dutch text analysis for the keyword index: tokens, stop words, stems."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)


@lru_cache(maxsize=1)
def stemmer():
    import Stemmer

    # dutch_porter keeps "gemeente" apart from "menen", which the newer Dutch stemmer conflates.
    return Stemmer.Stemmer("dutch_porter")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

    # English questions are common enough that their function words should not match.
    return frozenset(STOPWORDS_DUTCH) | frozenset(STOPWORDS_EN) | {"wel", "nog", "per", "hoe", "wat", "welke"}


def fold(text: str) -> str:
    """Lower-case and strip diacritics so 'continuïteit' and 'continuiteit' match."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    words = []
    for token in TOKEN.findall(fold(text)):
        # Hyphenated compounds count as a whole and as their parts ("wmo-loket" -> wmo, loket).
        parts = [token] + (token.split("-") if "-" in token else [])
        words.extend(p for p in parts if p and p not in stop_words())
    return words


def analyse(text: str) -> list[str]:
    return stemmer().stemWords(tokens(text))
