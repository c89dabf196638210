"""What the assistant says when the sources do not answer: plainly that it found no answer, what
the reader can do next, and the passages the search ranked closest, to read for themselves."""
from __future__ import annotations

from collections.abc import Callable, Mapping

from assistant.answers.citations import Answer, Related
from assistant.answers.reading_order import opens_list
from assistant.answers.selection import link_notes, only_labels
from index.search import Hit
from index.units import split_units
from knowledge.documents import document_ref

RELATED_LIMIT = 3  # a short list a screen-reader user can take in; the gold passage of a wrong
# refusal is among the first three ranked passages in 27 of 46 cases over all question sets
EXCERPT_LENGTH = 240  # about two lines in the widget: enough to judge a link by, not a second answer

NOT_FOUND = (
    "Ik kan het antwoord op deze vraag niet vinden in de documenten die ik ken. "
    "Ik wil u geen verkeerd antwoord geven. Wat kunt u doen?\n"
    "- Vraag het aan het Wmo-loket van uw gemeente.\n"
    "- Vraag hulp aan een onafhankelijke cliëntondersteuner. Die hulp is gratis.\n"
    "- Lees de regels van uw gemeente op overheid.nl (lokaleregelgeving.overheid.nl)."
)
READ_RELATED = "- Lees de teksten hieronder. Ze gaan over een onderwerp dat erop lijkt. Misschien staat uw antwoord erin.\n"

NOT_FOUND_EN = (
    "I cannot find the answer to this question in the documents I know. "
    "I do not want to give you a wrong answer. What you can do:\n"
    "- Ask the Wmo desk (Wmo-loket) of your municipality.\n"
    "- Ask an independent client supporter (cliëntondersteuner) for help. This help is free.\n"
    "- Read the rules of your municipality on lokaleregelgeving.overheid.nl (in Dutch)."
)
READ_RELATED_EN = "- Read the texts below (in Dutch). They are about a similar subject and may hold your answer.\n"

WRITING = (
    "Ik schrijf geen teksten, zoals een brief, een verklaring of een column. Ik zoek antwoorden op "
    "vragen over zorg en ondersteuning in officiële stukken en noem de bron. Stel een vraag, "
    "bijvoorbeeld: 'Welke eigen bijdrage betaal ik voor hulp uit de Wmo?'\n"
    "Hulp bij een brief of een bezwaar krijgt u van een onafhankelijke cliëntondersteuner. Die hulp is gratis."
)
WRITING_EN = (
    "I do not write texts, such as a letter, a statement or a column. I look up answers to questions "
    "about care and support in official documents and name the source. Ask a question, for example: "
    "'Which personal contribution do I pay for Wmo support?'\n"
    "For help with a letter or an objection, ask an independent client supporter (cliëntondersteuner). "
    "This help is free."
)


def writing_refused(english: bool = False) -> Answer:
    return Answer("refused", WRITING_EN if english else WRITING)


Similarities = Callable[[Hit], Mapping[int, float]]


def not_found(hits: list[Hit] | tuple[Hit, ...] = (), english: bool = False,
              similarities: Similarities | None = None) -> Answer:
    """The refusal, in the language of the question, offering the closest passages when there are any.
    `similarities`: a passage's sentence start -> cosine with the question (the excerpt's choice)."""
    related = related_passages(hits, similarities=similarities)
    text, read = (NOT_FOUND_EN, READ_RELATED_EN) if english else (NOT_FOUND, READ_RELATED)
    if related:  # reading on is the first thing to do: it takes one click
        first_line, rest = text.split("\n", 1)
        text = f"{first_line}\n{read}{rest}"
    return Answer("not_found", text, related=related)


def related_passages(hits: list[Hit] | tuple[Hit, ...], limit: int = RELATED_LIMIT,
                     similarities: Similarities | None = None) -> tuple[Related, ...]:
    """The best-ranked passages, one per article or section of a document: two passages of the
    same article would read as the same link twice."""
    seen: set[tuple[str, str | None]] = set()
    related: list[Related] = []
    for hit in hits:
        place = (hit.document.id, hit.chunk.section)
        if place in seen or only_labels(hit.chunk.text):
            continue
        excerpt = closest_sentence(hit.chunk.text, similarities(hit) if similarities else {})
        if not excerpt:  # only footnotes that are links: nothing to read
            continue
        seen.add(place)
        related.append(Related(hit.chunk.id, hit.chunk.text, hit.chunk.section, document_ref(hit.document), excerpt))
        if len(related) == limit:
            break
    return tuple(related)


def closest_sentence(text: str, similarities: Mapping[int, float]) -> str:
    """The sentence or table row of `text` the model finds closest to the question (the first one
    without similarities), verbatim and cut at a word to EXCERPT_LENGTH characters. Search results
    show such a line under each link; a refused question's reader then sees at a glance which
    text to open, instead of opening all three."""
    # A footnote that is only a link says nothing to judge the passage by.
    every = split_units(0, text)
    notes = link_notes(every)
    readable = [u for i, u in enumerate(every) if i not in notes]
    units = [u for u in readable if len(u.statement.split()) > 2] or readable
    if not units:
        return ""
    best = max(units, key=lambda u: similarities.get(u.start, float("-inf"))) if similarities else units[0]
    # A line that announces a list ("2. De diensten en producten:") says nothing on its own: the
    # excerpt goes on into what it announces, as far as the length allows.
    quote = " ".join((text[best.start:] if opens_list(best) else best.quote).split())
    if len(quote) <= EXCERPT_LENGTH:
        return quote
    return quote[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + " …"
