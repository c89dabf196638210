from index.analysis import analyse, fold
from index.keywords import fts_query


def test_dutch_inflections_share_a_stem():
    assert analyse("gemeenten") == analyse("gemeente")
    assert analyse("hulpmiddelen") == analyse("hulpmiddel")


def test_stop_words_and_diacritics():
    assert analyse("de en het") == []
    assert fold("Continuïteit") == "continuiteit"


def test_hyphenated_compound_also_yields_parts():
    stems = analyse("Wmo-loket")
    assert analyse("loket")[0] in stems and analyse("wmo")[0] in stems


def test_query_quotes_terms_so_fts_syntax_cannot_be_injected():
    query = fts_query('parkeren" OR NEAR(x) *')
    assert query is not None and all(part.startswith('"') for part in query.split(" OR "))
    assert fts_query("de het een") is None
