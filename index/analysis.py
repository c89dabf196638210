"""Dutch text analysis for the keyword index: tokens, stop words, stems."""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain

from knowledge.topics import fold

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


def tokens(text: str) -> list[str]:
    words = []
    stops = stop_words()
    for token in TOKEN.findall(fold(text)):
        if "-" in token:
            # Hyphenated compounds count as a whole and as their parts ("wmo-loket" -> wmo, loket).
            words.extend(p for p in (token, *token.split("-")) if p and p not in stops)
        elif token not in stops:
            # "090 cm" in a table is the "90 cm" a question asks for.
            words.append(token.lstrip("0") or "0" if token.isdigit() else token)
    return words


def analyse(text: str) -> list[str]:
    return stemmer().stemWords(tokens(text))


MIN_PART = 4
TOKENS_KEPT = 200_000  # distinct words whose stems are remembered: ~30 MB at most
MIN_COMPOUND = 9


class Analyzer:
    """Stems, plus the parts of Dutch compounds whose parts occur as words in the corpus.

    Dutch glues nouns together ("ouderenvisie", "bijstandsnorm", "parkeerkaart"): a question
    using one form and a passage the other only meet when compounds are also indexed by parts.
    """

    def __init__(self, vocabulary: frozenset[str] = frozenset()) -> None:
        self.vocabulary = vocabulary
        # Words repeat (Zipf): stemming and splitting each distinct word once makes analysis a
        # few times faster, for builds and for the sentences answers are composed from.
        self._stems_of = lru_cache(maxsize=TOKENS_KEPT)(self._stems_of_token)

    def analyse(self, text: str) -> list[str]:
        return list(chain.from_iterable(map(self._stems_of, tokens(text))))

    def _stems_of_token(self, token: str) -> tuple[str, ...]:
        return tuple(stemmer().stemWords([token, *self.split(token)]))

    def split(self, token: str) -> list[str]:
        if len(token) < MIN_COMPOUND or not self.vocabulary or not token.isalpha():
            return []
        best: list[str] = []
        for cut in range(MIN_PART, len(token) - MIN_PART + 1):
            left, right = token[:cut], token[cut:]
            if right not in self.vocabulary:
                continue
            head = next((h for h in (left, left[:-1] if left.endswith("s") else "", left[:-2] if left.endswith("en") else "") if h in self.vocabulary and len(h) >= MIN_PART), None)
            if head is None:
                head = left if len(left) >= MIN_PART and left in self.vocabulary else None
            if head and min(len(head), len(right)) > min((len(p) for p in best), default=0):
                best = [head, right]
        return best


def vocabulary_of(texts: list[str]) -> frozenset[str]:
    """Words of at least MIN_PART letters that stand alone somewhere in the texts."""
    return frozenset(t for text in texts for t in tokens(text) if len(t) >= MIN_PART and t.isalpha())
