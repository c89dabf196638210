"""How the answer figures count a refusal whose offered passages hold the answer."""
from assistant.answers.evaluation import evaluate_answers, excerpt_holds

ITEM = {"id": "q1", "question": "Vanaf welke leeftijd helpen kinderen mee?", "answerable": True,
        "category": "gebruikelijke_hulp", "gold_quotes": ["Kinderen vanaf 5 jaar helpen mee"], "must_include": ["5 jaar"]}
PASSAGE = "Van huisgenoten wordt hulp verwacht. Kinderen vanaf 5 jaar helpen mee met kleine taken."


def refusal(excerpt: str) -> dict:
    return {"status": "not_found", "answer": "Ik kan het antwoord niet vinden.", "citations": [],
            "related": [{"chunk_id": "c1", "text": PASSAGE, "excerpt": excerpt}]}


def test_a_refusal_counts_when_its_passage_and_its_shown_line_hold_the_answer():
    shown = evaluate_answers([ITEM], lambda q: (200, refusal("Kinderen vanaf 5 jaar helpen mee met kleine taken.")), bytes)
    assert (shown.refused_answerable, shown.related_gold, shown.excerpt_gold) == (1, 1, 1)
    assert shown.summary()["excerpt_gold_when_refused"] == 1.0
    # The passage holds it, the line under its link does not: only the passage counts.
    other = evaluate_answers([ITEM], lambda q: (200, refusal("Van huisgenoten wordt hulp verwacht.")), bytes)
    assert (other.related_gold, other.excerpt_gold) == (1, 0)


def test_a_cut_line_counts_when_it_is_part_of_the_answer():
    assert excerpt_holds("Kinderen vanaf 5 …", ["kinderen vanaf 5 jaar helpen mee"])
    assert not excerpt_holds("…", ["kinderen vanaf 5 jaar helpen mee"])
    assert not excerpt_holds("Ouders helpen mee.", ["kinderen vanaf 5 jaar helpen mee"])
