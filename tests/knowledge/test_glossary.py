"""English questions: the Dutch names of their domain terms, and the Dutch words they use as is."""
from __future__ import annotations

from knowledge.glossary import dutch_terms, dutch_words


def test_dutch_words_of_an_english_question_are_the_dutch_terms_it_uses_as_they_are():
    words = dutch_words("What is the income limit for huurtoeslag in Zaltbommel under the Wlz?")
    assert {"huurtoeslag", "Zaltbommel", "Wlz"} <= set(words)
    assert not {"income", "limit", "What", "under"} & set(words)


def test_an_english_question_without_dutch_words_has_none():
    assert dutch_words("How many municipalities signed the covenant?") == []


def test_english_domain_terms_get_their_dutch_names():
    assert dutch_terms("Can I take my wheelchair when moving?") == ["rolstoel", "verhuizen"]
