from index.analysis import analyse, fold
from index.keywords import query_terms


def test_dutch_inflections_share_a_stem():
    assert analyse("gemeenten") == analyse("gemeente")
    assert analyse("hulpmiddelen") == analyse("hulpmiddel")


def test_stop_words_and_diacritics():
    assert analyse("de en het") == []
    assert fold("Continuïteit") == "continuiteit"


def test_hyphenated_compound_also_yields_parts():
    stems = analyse("Wmo-loket")
    assert analyse("loket")[0] in stems and analyse("wmo")[0] in stems


def test_a_numbers_leading_zeros_do_not_count():
    # A table writes "Wandbeugel, 090 cm"; the question asks for "90 cm".
    assert analyse("090 cm") == analyse("90 cm")
    assert analyse("0 en 00") == analyse("0 en 0") and analyse("4,05") != analyse("4,5")


def test_query_terms_are_plain_distinct_stems():
    assert query_terms('parkeren" OR NEAR(x) * parkeren') == analyse("parkeren") + analyse("near x")
    assert query_terms("de het een") == []
