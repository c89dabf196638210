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


def test_query_terms_are_plain_distinct_stems():
    assert query_terms('parkeren" OR NEAR(x) * parkeren') == analyse("parkeren") + analyse("near x")
    assert query_terms("de het een") == []
