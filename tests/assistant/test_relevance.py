"""Which question stems a text holds: whole words, and long stems inside Dutch compounds."""
from __future__ import annotations

from assistant.answers.relevance import matching


def test_whole_words_and_compound_parts_match_but_not_the_reverse():
    words = ["teruggave", "onderteken", "mantelzorg", "wmo"]
    assert matching({"wmo", "teru"}, words) == {"wmo"}  # "teru" has under 5 letters: whole words only
    assert matching({"terugg", "teken"}, words) == {"terugg", "teken"}  # start and head of a compound
    assert matching({"mantelzorgcompliment"}, words) == set()  # a longer stem is not answered by its part
    assert matching({"ggave"}, words) == {"ggave"}  # end of a word
    assert matching({"uggav"}, words) == set()  # the middle of a word is not a part


def test_no_words_no_matches():
    assert matching({"parkeerkaart"}, []) == set()
    assert matching(set(), ["parkeerkaart"]) == set()
