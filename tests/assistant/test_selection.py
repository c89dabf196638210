"""What an answer's chosen units bring along: the items of a list they introduce."""
from __future__ import annotations

from assistant.answers.selection import with_neighbours
from index.analysis import Analyzer
from index.units import split_units

ARTICLE = (
    "Artikel 14 Bijdrage in de kosten\n"
    "1. De cliënt betaalt een bijdrage.\n"
    "2. Er is geen eigen bijdrage verschuldigd voor:\n"
    "a. rolstoelen;\n"
    "b. aanpassingen aan rolstoelen;\n"
    "c. voorzieningen voor kinderen.\n"
    "3. Het college stelt de hoogte vast."
)


class Terms:
    analyzer = Analyzer()

    def analyse(self, text: str) -> list[str]:
        return self.analyzer.analyse(text)

    def idf(self, stem: str) -> float:
        return 1.0

    def correct(self, stem: str) -> str:
        return stem


def test_a_sentence_introducing_a_list_brings_its_items_and_not_the_next_member():
    units = split_units(0, ARTICLE)
    lead = next(u for u in units if u.rendered.endswith("verschuldigd voor:"))
    chosen = with_neighbours([lead], units, {"bijdrag"}, Terms())
    assert [u.rendered for u in chosen] == ["Er is geen eigen bijdrage verschuldigd voor:", "rolstoelen;",
                                            "aanpassingen aan rolstoelen;", "voorzieningen voor kinderen."]


def test_a_sentence_without_a_colon_brings_no_list():
    units = split_units(0, ARTICLE)
    lead = next(u for u in units if u.rendered == "De cliënt betaalt een bijdrage.")
    assert "rolstoelen;" not in [u.rendered for u in with_neighbours([lead], units, {"client"}, Terms())]
