"""Which evidence units make up an answer: the best ones, and what they need around them."""
from __future__ import annotations

import re
from collections.abc import Sequence

from index.search import Hit
from index.units import MAX_ITEMS, Unit, item_kind
from knowledge.chunking import OBJECTS_INSIDE, REFERRING
from knowledge.documents import Chunk
from assistant.answers.lists import introduces_list, is_title, list_around, list_intro, list_items, same_paragraph
from assistant.answers.question import Question
from assistant.answers.reading_order import opens_list
from assistant.answers.relevance import TermWeights, matching

MAX_UNITS = 3  # the lead and up to two supporting sentences, as the answers issue asks
# MAX_ITEMS (index.units): items of a list given with the sentence that introduces it

# A sentence opening with a referring word continues the one before it (REFERRING: as the
# chunker reads it).
ANAPHORA = re.compile(rf"^{REFERRING}")
# "Op dit moment werken 23 gemeenten ...": a preposition and a demonstrative that say when. Such a
# sentence may go on from the one before it, but shown first it needs nothing before it.
SAYS_WHEN = re.compile(r"^(?:Op|In|Tot|Vanaf|Na) (?:dit|deze|dat|die) (?:moment|ogenblik|tijdstip|jaar|kwartaal|stadium|tijd)\b")
# The same after a conjunction: "Maar dat klopt niet: ..." says the sentence before it is not true,
# and quoted after another sentence it would deny that one; or after the closing quote of the
# sentence before ("' Aan deze opsomming ..."). (The sentence model's feature keeps the plain
# ANAPHORA it was fitted with.)
LEANS_BACK = re.compile(rf"^[\s'\"‘’“”]*(?:{REFERRING}|(?:Maar|En|Ook|Toch|Want|Dus|Echter) (?:dit|dat|deze|die|hier\w*|daar\w*)\b)")
# Or after the verb, where Dutch word order puts it: "Het gaat daarbij onder meer om:", "U kunt
# hierbij denken aan ..." (not "hierna", "hieronder": they point ahead); an example ("Ziekenvervoer
# is bijvoorbeeld ...") illustrates the rule before it. Quoted first, such a
# sentence brings the one it points at; as a next sentence it is no reason to read on.
POINTS_BACK = re.compile(r"^(?:[^\W\d_]+ ){1,3}(?:daar(?:bij|in|mee|voor|door|naast|om|op|over|aan|uit|van|na|toe|tegen|onder)"
                         r"|hier(?:bij|in|mee|voor|door|om|op|over|aan|uit|van|toe|tegen|boven)|bijvoorbeeld)\b")


def with_neighbours(chosen: list[Unit], units: list[Unit], stems: set[str], terms: TermWeights) -> list[Unit]:
    """Add the sentence a chosen one leans on ("Dit wordt ook wel ... genoemd" needs the one before),
    the next sentence when it continues on the question's terms, and a table its lead introduces."""
    ordered = sorted(units, key=lambda u: (u.hit, u.start))
    position = {id(u): i for i, u in enumerate(ordered)}
    result: list[Unit] = []
    for unit in chosen:
        i = position.get(id(unit))
        if i is None:
            result.append(unit)
            continue
        before = ordered[i - 1] if i > 0 else None
        after = ordered[i + 1] if i + 1 < len(ordered) else None
        if unit.kind == "sentence" and leans_back(unit) and same_paragraph(before, unit) and before.kind == "sentence":
            # What it leans on may lean on the sentence before it in turn ("Door werkgevers ...
            # Dit vraagt ... Daarvoor ..."): the chain is quoted from where it starts.
            chain = [before]
            while len(chain) < 3 and leans_back(chain[0]) and (k := position[id(chain[0])]) > 0 \
                    and same_paragraph(ordered[k - 1], chain[0]) and ordered[k - 1].kind == "sentence":
                chain.insert(0, ordered[k - 1])
            for leaned_on in chain:
                add(result, leaned_on)
        intro = list_intro(ordered, i) if unit.bullet else None
        if intro is not None:  # an item means little without the sentence that says what the list is
            add(result, intro)
        add(result, unit)
        if after is None or after.hit != unit.hit:
            continue
        if after.kind == "row" and unit.kind == "sentence" and not unit.rendered.endswith("?"):
            # The sentence introduces a table: the rows are the answer.
            add(result, after)
            continue
        if introduces_list(ordered, i):
            # The sentence introduces a list ("... is niet verschuldigd voor:"): its items are the answer.
            for item in list_items(ordered, i + 1):
                add(result, item)
            continue
        if unit.kind == "sentence" and any(u.kind == "row" and u.hit == unit.hit for u in ordered):
            best_table = best_matching_row(unit, ordered, stems, terms)
            if best_table is not None:
                add(result, best_table)
        for j in range(i + 1, min(i + 4, len(ordered))):
            follower = ordered[j]
            # The next member of a list ("2. ...") is no continuation of this one: a lid of its own.
            if not same_paragraph(unit, follower) or follower.kind != "sentence" or follower.bullet:
                break
            if not (stems & set(terms.analyse(follower.rendered)) or LEANS_BACK.match(follower.rendered)
                    or QUALIFIES.match(follower.rendered)):
                break
            add(result, follower)
            if introduces_list(ordered, j):  # a list's lead never ends the answer without its items
                for item in list_items(ordered, j + 1):
                    add(result, item)
                break
    return result[: MAX_UNITS + MAX_ITEMS]


def leans_back(unit: Unit) -> bool:
    """The sentence needs the one before it to be understood ("Dit vraagt ...", "U kunt hierbij ...")."""
    return bool(LEANS_BACK.match(unit.rendered) or POINTS_BACK.match(unit.rendered)) and not SAYS_WHEN.match(unit.rendered)


def is_heading(unit: Unit, chunk: Chunk) -> bool:
    """The unit is only its passage's heading line ("Artikel 3.1.2 Criteria voor
    maatwerkvoorzieningen"): the answer names the article already, the line adds nothing."""
    heading = str(chunk.meta.get("heading") or "")
    return bool(heading) and unit.quote.strip().rstrip(".") == heading.strip().rstrip(".")


# A sentence that makes an exception to the one before it ("Echter alleen als ... kan hiervan
# afgeweken worden"): quoted without it, that rule reads as having none.
QUALIFIES = re.compile(r"^(?:Echter|Maar|Tenzij|Behalve|Uitgezonderd|Uitzondering|Wel|Alleen|Hiervan|Daarvan)\b"
                       rf"|{OBJECTS_INSIDE}")
# A letter's salutation ("Geachte mevrouw Letschert,") or a bare reference number ("202500791."):
# they say who is addressed or how the letter is filed, never what it says.
SALUTATION = re.compile(r"(?i)^(?:geachte|hooggeachte|beste|dear)\b[^.!?]{0,80},[\s.]*$")
NO_WORDS = re.compile(r"^[\W\d_]*$")
# A signature without a close before it: an office, maybe a name, and nothing else ("De minister
# van Langdurige Zorg, Jeugd en Sport, / W.R.C. Sterk"). Like a close, it and what follows it say
# who signed, which the source line names.
SIGNATURE = re.compile(r"^(?:De |Het )?(?:[Mm]inister|[Ss]taatssecretaris) van(?:\s+(?:[A-Z][\w-]*|en|voor),?)+"
                       r"(?:\s*[A-Z][\w.-]*(?:\s+[A-Z\w.-]+){0,3})?[.,]?$")
# Its close ("Hoogachtend,", "Met vriendelijke groet,") and the signature after it: who signed.
CLOSING = re.compile(r"(?i)^(?:hoogachtend|(?:met )?(?:vriendelijke|hartelijke) groet(?:en)?|kind regards|yours sincerely)\b[,.\s]*$")
# A footnote that is only a link ("¹ [Patiëntenfederatie | Onderzoek naar onnodige zorg: 41%...](#)"):
# the title of a web page, cut short, says where to read on and nothing of its own. A footnote
# naming a publication ("VWS (31 oktober 2025). *Eindrapportage ...*") does: its title and date.
LINK_NOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*(?:zie\s+)?\[[^\]]*\]\([^)]*\)[\s.]*$", re.I)


def no_answers(units: Sequence[Unit], hits: Sequence[Hit]) -> set[int]:
    """The positions of the units that answer no question: a passage's heading line (the composer
    leaves it out and the citation names the article), a salutation or a line without words, and
    in a passage with a salutation everything before it (addressee, date, reference, subject), in
    one with a close ("Hoogachtend,") everything from it on (the signature): they say to whom,
    when and by whom a letter went, which its source line names already."""
    salutations = {u.hit: u.start for u in units if SALUTATION.match(u.rendered.strip())}
    closings = {}
    for u in units:
        if CLOSING.match(u.rendered.strip()) or SIGNATURE.match(u.rendered.strip()):
            closings.setdefault(u.hit, u.start)
    labels = {h for h in {u.hit for u in units} if only_labels(hits[h].chunk.text)}
    return link_notes(units) | group_titles(units) | {
        i for i, u in enumerate(units)
        if u.hit in labels or is_heading(u, hits[u.hit].chunk) or NO_WORDS.match(u.rendered.strip())
        or (u.hit in salutations and u.start <= salutations[u.hit])
        or (u.hit in closings and u.start >= closings[u.hit])}


def group_titles(units: Sequence[Unit]) -> set[int]:
    """The positions of the titles of a list's groups ("Huishoudelijke Hulp" over its items): a
    name for what follows, no answer."""
    ordered = sorted(range(len(units)), key=lambda k: (units[k].hit, units[k].start))
    listed = [units[k] for k in ordered]
    return {ordered[j] for j in range(len(listed) - 1)
            if listed[j + 1].bullet and is_title(listed, j, item_kind(listed[j + 1]))}


def only_labels(text: str) -> bool:
    """A passage without a sentence: one short line ("Recht op mobiliteit", a heading split off
    from its text) or short lines only (a title page: "Houdbare ouderenzorg ... / December 2025 /
    Inhoudsopgave / Inleiding"; a cut table cell: "persoonsgebonden budget / (pgb) en"). Nothing
    to read and nothing to answer with."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or "\t" in text or re.search(r"[.?!:;]", text):
        return False
    return len(text.split()) <= 12 if len(lines) == 1 else all(len(line.split()) <= 6 for line in lines)


SUPERSCRIPT_DIGITS = "¹²³⁴⁵⁶⁷⁸⁹⁰"


def is_footnote(unit: Unit) -> bool:
    """A footnote of a converted document, which ends with its link back to the text ("↩︎")."""
    return "↩" in unit.quote


def is_note(unit: Unit) -> bool:
    """Any footnote: also a letter's, which starts with its superscript mark ("¹ Ministerie van
    ..."). Such a note may name the publication asked for, so only `is_footnote` keeps it from
    leading."""
    return is_footnote(unit) or unit.quote.lstrip()[:1] in tuple(SUPERSCRIPT_DIGITS)


def link_notes(units: Sequence[Unit]) -> set[int]:
    """The positions of the units of a footnote that is only a link: every sentence of its
    paragraph, as a link's title may hold a full stop."""
    notes = {(u.hit, u.paragraph) for u in units if LINK_NOTE.match(u.quote.strip())}
    return {i for i, u in enumerate(units) if (u.hit, u.paragraph) in notes}


def best_matching_row(unit: Unit, ordered: list[Unit], stems: set[str], terms: TermWeights) -> Unit | None:
    """For a sentence of a table passage: a row of the table whose caption fits the question best."""
    rows = [u for u in ordered if u.hit == unit.hit and u.kind == "row"]
    best, best_overlap = None, 0
    for row in rows:
        overlap = len(matching(stems, terms.analyse(f"{row.context} {row.rendered}")))
        if overlap > best_overlap:
            best, best_overlap = row, overlap
    return best


def add(units: list[Unit], unit: Unit) -> None:
    if all(u is not unit and (u.hit, u.start) != (unit.hit, unit.start) for u in units):
        units.append(unit)


def expand_tables(chosen: list[Unit], scored: list[tuple[float, Unit, set[str]]], question: Question) -> list[Unit]:
    """A row rarely answers alone: give the whole small table, unless the question names a row.
    The row whose label the question covers best, alone, leads ("verstelbare keuken van 270 cm":
    "Keuken verstelbaar 270 cm: normbedrag 6.541,00"); otherwise the table keeps its order."""
    result: list[Unit] = []
    all_units = [u for _, u, _ in scored]
    asked = question.search_text.lower()
    for unit in chosen:
        if unit.kind != "row":
            if unit not in result:
                result.append(unit)
            continue
        siblings = sorted((u for u in all_units if u.hit == unit.hit and u.table == unit.table), key=lambda u: u.start)
        named = [u for u in siblings if u.rendered.split(":")[0].lower() in asked]
        keep = named or (asked_row_first(siblings, asked) if len(siblings) <= 6 else [unit])
        result.extend(u for u in keep if u not in result)
    return result


ROW_LEAD = 0.75  # share of a row label's words the question must hold for that row to lead


def asked_row_first(rows: list[Unit], asked: str) -> list[Unit]:
    """`rows` in table order, or with the one row whose label the question covers best (and
    mostly) moved to the front. Words match on their first five letters (verstelbare/verstelbaar)."""
    def prefixes(text: str) -> list[str]:
        return [w if w.isdigit() else w[:5] for w in re.findall(r"\w+", text.lower()) if len(w) > 1]

    question = set(prefixes(asked))
    covered = []
    for row in rows:
        words = prefixes(row.rendered.split(":")[0])
        covered.append(sum(w in question for w in words) / len(words) if words else 0.0)
    best = max(covered, default=0.0)
    if best < ROW_LEAD or covered.count(best) > 1:
        return rows
    lead = rows[covered.index(best)]
    return [lead, *(r for r in rows if r is not lead)]


LIST_QUESTION = re.compile(r"(?i)\b(?:welke|wat (?:zijn|willen|moeten|kunnen)|noem|which|what are)\b")
# A list lead that names the conditions its items set ("De criteria ... zijn als volgt:", "Er moet
# voldaan zijn aan de volgende voorwaarden:"), or says that any one of them is enough ("als sprake
# is van één of meer van de volgende omstandigheden:").
# A list this short is given whole from any of its items: showing one of two and saying that the
# source names one more hides the other at the cost of a line.
SHORT_LIST = 3
CONDITIONS = re.compile(r"(?i)\b(?:criteri(?:a|um)|voorwaarden?|vereisten|eisen|voldoen|voldaan|(?:één|een) of meer van de volgende)\b")


def expand_lists(chosen: list[Unit], units: list[Unit], question: Question) -> list[Unit]:
    """Two items of one list chosen for a question that asks for several things ("welke ...",
    "wat willen ..."): give all items of that list (up to MAX_ITEMS). A list is one level of one
    passage: the items "a." to "g." under member "2.", not the members "1." to "5." around them.
    One item of a list of conditions ("De criteria voor een scootmobiel zijn als volgt:") brings
    them all, whatever is asked: they hold together, and one alone reads as enough."""
    many = bool(LIST_QUESTION.search(question.search_text))
    if not many and not any(u.bullet for u in chosen):
        return chosen
    ordered = sorted(units, key=lambda u: (u.hit, u.start))
    position = {(u.hit, u.start): i for i, u in enumerate(ordered)}
    lists: dict[tuple[int, int], list[Unit]] = {}
    counts: dict[tuple[int, int], int] = {}
    conditions: set[tuple[int, int]] = set()
    for unit in chosen:
        i = position.get((unit.hit, unit.start))
        # A member ending in ":" was chosen as the lead of its own items, not as one of its list's.
        if not unit.bullet or i is None or opens_list(unit):
            continue
        items, lead = list_around(ordered, i)
        if items:
            key = (unit.hit, items[0].start)
            lists[key] = items
            counts[key] = counts.get(key, 0) + 1
            if lead is not None and CONDITIONS.search(lead.rendered) and len(items) <= MAX_ITEMS \
                    or len(items) <= SHORT_LIST:
                conditions.add(key)
    result = list(chosen)
    for key, items in lists.items():
        if key not in conditions and (counts[key] < 2 or not many):
            continue
        hit = key[0]
        members = {(u.hit, u.start) for u in items}
        # A whole list reads as the source has it. Of a longer one, the items chosen keep their
        # order (the best first) and the others follow as the source has them; a member that
        # announces items of its own is left out, as it would stand without them.
        shown = [u for u in result if (u.hit, u.start) in members]
        added = [u for u in items if u not in shown and not opens_list(u)][:max(0, MAX_ITEMS - len(shown))]
        if len(shown) + len(added) == len(items):
            shown, added = items, []
        rest = [u for u in result if (u.hit, u.start) not in members]
        # The items follow the sentence that introduces them, else stand where the first one was.
        leads = [i for i, u in enumerate(rest) if u.hit == hit and opens_list(u) and u.start < items[0].start]
        before_first = next(i for i, u in enumerate(result) if (u.hit, u.start) in members)
        first = leads[-1] + 1 if leads else sum(1 for u in result[:before_first] if (u.hit, u.start) not in members)
        result = rest[:first] + shown + added + rest[first:]
        result = [u for i, u in enumerate(result) if all((v.hit, v.start) != (u.hit, u.start) for v in result[:i])]
    return result
