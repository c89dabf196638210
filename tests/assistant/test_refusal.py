"""The refusal's offered passages: which line of each is shown under its link."""
from assistant.answers.refusal import EXCERPT_LENGTH, closest_sentence
from index.units import split_units

TEXT = ("Artikel 9 Gebruikelijke hulp. Van huisgenoten wordt verwacht dat zij elkaar helpen. "
        "Kinderen vanaf 5 jaar helpen mee met kleine taken in het huishouden. Dit staat in bijlage 2.")


def starts() -> dict[str, int]:
    return {u.quote: u.start for u in split_units(0, TEXT)}


def test_the_line_the_model_finds_closest_is_shown_verbatim():
    at = starts()
    children = at["Kinderen vanaf 5 jaar helpen mee met kleine taken in het huishouden."]
    similarities = {start: 0.2 for start in at.values()} | {children: 0.9}
    assert closest_sentence(TEXT, similarities) == "Kinderen vanaf 5 jaar helpen mee met kleine taken in het huishouden."
    # Another question, another line of the same passage.
    housemates = at["Van huisgenoten wordt verwacht dat zij elkaar helpen."]
    assert closest_sentence(TEXT, {children: 0.3, housemates: 0.8}) == "Van huisgenoten wordt verwacht dat zij elkaar helpen."


def test_without_similarities_the_first_real_sentence_is_shown():
    assert closest_sentence(TEXT, {}) == "Artikel 9 Gebruikelijke hulp."
    assert closest_sentence("", {}) == ""


def test_a_line_that_announces_a_list_goes_on_into_the_list():
    text = ("Artikel 11.1 Kwaliteit\n1. De diensten en producten:\na. zijn veilig, doeltreffend en doelmatig;\n"
            "b. worden afgestemd op de persoonlijke situatie van de inwoner.\n2. De gemeente controleert dit.")
    lead = next(u.start for u in split_units(0, text) if u.rendered.startswith("De diensten"))
    excerpt = closest_sentence(text, {lead: 0.9})
    assert excerpt == ("1. De diensten en producten: a. zijn veilig, doeltreffend en doelmatig; "
                       "b. worden afgestemd op de persoonlijke situatie van de inwoner. 2. De gemeente controleert dit.")
    assert excerpt in " ".join(text.split())  # still a verbatim stretch of the passage


def test_a_long_line_is_cut_at_a_word():
    long = "De gemeente " + " ".join(f"onderzoekt{i}" for i in range(60)) + " zorgvuldig."
    excerpt = closest_sentence(long, {})
    assert excerpt.endswith(" …") and len(excerpt) <= EXCERPT_LENGTH + 2
    assert long.startswith(excerpt[:-2]) and long[len(excerpt) - 2] == " "


def test_a_passage_that_is_only_a_title_is_not_offered():
    from assistant.answers.refusal import related_passages
    from index.search import Hit
    from knowledge.documents import Chunk, Document

    doc = Document(id="d", title="Brochure", type="brochure")
    texts = ["Recht op mobiliteit", "Iedereen moet zich zo zelfstandig mogelijk kunnen verplaatsen.", "Artikel 20: Mobiliteit.",
             "Houdbare ouderenzorg in een vergrijzende samenleving\n\nDecember 2025\n\nInhoudsopgave\n\nInleiding",
             "¹ [Afspraken bestuurlijk overleg wonen voor ouderen | Publicatie | Home](#)\n\n"
             "² [Patiëntenfederatie Nederland | Onderzoek Stapeling Zorgkosten](#)", "Een rolstoel is een hulpmiddel."]
    hits = [Hit(Chunk(id=f"c{i}", document_id="d", text=t, section=f"S{i}"), doc, 1.0, 0.8, i + 1, i + 1)
            for i, t in enumerate(texts)]
    offered = [r.chunk_id for r in related_passages(hits)]
    # a one-line title or a title page without a sentence, or footnotes that are only links: nothing to read
    assert offered == ["c1", "c2", "c5"]


def test_a_footnote_that_is_only_a_link_is_not_the_line_shown():
    text = ("Uit onderzoek blijkt dat 1 op de 5 patiënten noodzakelijke zorg mijdt vanwege de kosten¹.\n\n"
            "¹ [Patiëntenfederatie Nederland | Onderzoek naar onnodige zorg: 41%...](#)")
    sentence, note = (u.start for u in split_units(0, text))
    assert closest_sentence(text, {sentence: 0.5, note: 0.9}).startswith("Uit onderzoek blijkt")
