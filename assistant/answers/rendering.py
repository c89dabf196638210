"""How chosen units read as an answer: who says it, list items on lines of their own, one marker
per passage, and citations that quote the exact stretch used."""
from __future__ import annotations

import re

from assistant.answers.attribution import locator, source_phrase
from assistant.answers.citations import Answer, Citation
from assistant.answers.reading_order import below, in_list_order, list_paths, within_sibling
from assistant.answers.lists import list_around
from index.search import Hit
from index.units import LABEL, Unit, split_units
from knowledge.documents import document_ref

MAX_QUOTE = 700


LIST_JOINER = re.compile(r"(?:[;,]\s*|\s)(?:en|én|of|and|or)$")


def compose(units: tuple[Unit, ...] | list[Unit], hits: list[Hit]) -> Answer:
    """Sentences in order of relevance, the members of a list in reading order (`reading_order`),
    each run from one passage followed by its marker."""
    numbers: dict[int, int] = {}
    spans: dict[int, list[Unit]] = {}
    parts: list[str] = []
    as_items: list[bool] = []  # per unit: shown as a list item
    lists = {(u.hit, u.start): list_of(u, hits) for u in units}
    found = list_paths(list(units), hits)  # every unit of the passages that hold a list
    units = in_list_order(grouped_by_list(list(units), lists), hits, found)
    lists |= {(u.hit, u.start): list_of(u, hits) for u in units if (u.hit, u.start) not in lists}  # members brought in
    paths = [found.get((u.hit, u.start)) for u in units]
    # A sentence that goes on with the member before it reads on the member's line, and the
    # member's neighbours in the list are found past such sentences.
    goes_with = [i > 0 and not u.bullet and paths[i] is not None and paths[i] == paths[i - 1] and u.hit == units[i - 1].hit
                 for i, u in enumerate(units)]
    # Items left out, named after the last shown member's own items; notes that fall at one place
    # (a sub-list's and its list's) are summed into one line.
    pending: list[tuple[int, tuple[int, ...], int]] = []
    for i, unit in enumerate(units):
        n = numbers.setdefault(unit.hit, len(numbers) + 1)
        spans.setdefault(unit.hit, []).append(unit)
        sentence = unit.rendered.rstrip()
        # "f. bereik- en beschikbaarheid; en" joins the next item or line: no full stop after "en"/"of".
        if sentence.endswith(","):
            # An item ending in a comma goes on in the next one; shown last, it ends the sentence.
            if not (i + 1 < len(units) and units[i + 1].hit == unit.hit):
                sentence = sentence[:-1] + "."
        elif not sentence.endswith((".", "?", "!", ":", ";")) and not LIST_JOINER.search(sentence):
            # "a. voor diensten" over its own items "I.", "II." announces them.
            announces = i + 1 < len(units) and units[i + 1].hit == unit.hit and below(paths[i + 1], paths[i])
            sentence += ":" if announces else "."
        # Say who says it whenever the answer moves on to another document.
        document = hits[unit.hit].document
        opening = ""
        if i == 0 or hits[units[i - 1].hit].document.id != document.id:
            labelled = bool(hits[unit.hit].chunk.meta.get("label"))  # a rule passage names its article
            where = locator(hits[unit.hit]) if document.gemeente and labelled else ""
            opening = f"{source_phrase(document, where)} "
        # One marker after a run of sentences from the same passage.
        last_of_run = i + 1 == len(units) or units[i + 1].hit != unit.hit
        marker = f" [{n}]" if last_of_run else ""
        inside = [note for note in pending if note[0] == unit.hit and paths[i] is not None and paths[i][:len(note[1])] == note[1]]
        if parts:
            parts[-1] += left_out_note(sum(note[2] for note in pending if note not in inside))
        pending = inside
        if goes_with[i]:
            as_items.append(as_items[-1])
            parts.append(f" {sentence}{marker}")
            continue
        # List items each on a line of their own (the widget keeps line breaks), and only under
        # their own list's lead or items: a member "2." after items "a.", "c." is not one of them.
        before = next((j for j in range(i - 1, -1, -1) if not goes_with[j]), None)
        # Past the member's own items too: "4. ... zoals:", its "a." to "d.", then "1." goes on with its list.
        after = next((j for j in range(i + 1, len(units)) if not goes_with[j] and not below(paths[j], paths[i])), None)
        previous = units[before] if before is not None else None
        following = units[after] if after is not None else None
        items, lead = lists[(unit.hit, unit.start)]
        starts = [u.start for u in items]
        after_list = bool(as_items) and as_items[-1]
        # After an item of its list, or after an item one level down under one of them.
        below_sibling = before is not None and within_sibling(paths[before], paths[i])
        follows = previous is not None and previous.hit == unit.hit and after_list and (previous.start in starts or below_sibling)
        # Right after the sentence that introduces its list (also one that goes on with a member).
        follows = follows or (i > 0 and lead is not None and units[i - 1].hit == unit.hit and units[i - 1].start == lead.start)
        goes_on = following is not None and following.hit == unit.hit and following.start in starts
        # An unlabelled member after another list's items would read as one of them; a label
        # ("1." after "g.") says which list it is in.
        label = LABEL.match(unit.quote)
        label = label.group().strip() if label else ""
        listed = bool(items) and (follows or (goes_on and (not after_list or bool(label))))
        # A labelled member on its own after other lines of its passage starts a line with its
        # label: run on, "Voor iedere stap geldt ..." (lid 3) read as part of "Stap 5: ..." before it.
        alone = not listed and bool(label) and unit.bullet and i > 0 and units[i - 1].hit == unit.hit
        as_items.append(listed or alone)
        # Another gemeente's rules start a paragraph of their own: a comparison reads side by side.
        moves_on = previous is not None and document.gemeente is not None and \
            hits[previous.hit].document.gemeente not in (None, document.gemeente)
        # An item keeps its own label ("a.", "2."), so "artikel 3.1.2 lid 3 onder a" can be found
        # again; a bullet ("-", "◆") reads "- ".
        bullet = f"\n{label} " if label else "\n- "
        separator = "" if i == 0 else bullet if listed or alone else "\n\n" if moves_on else "\n" if after_list else " "
        if listed and i == 0 and label:  # the first item of the answer shows its label too
            sentence = f"{label} {sentence}"
        elif listed and opening:  # who says it comes before the item's label, not after it
            separator, opening = ("\n\n" if moves_on else "\n"), f"{opening.rstrip()}{bullet}"
        # Items left out are named, so one item under "voorwaarden:" does not read as all; after
        # the last shown member's own sentences and items.
        if listed and not goes_on:
            shown = {u.start for u in units if u.hit == unit.hit} & set(starts)
            if len(items) > len(shown):
                pending.append((unit.hit, paths[i] or (), len(items) - len(shown)))
        parts.append(f"{separator}{opening}{sentence}{marker}")
    if parts:
        parts[-1] += left_out_note(sum(note[2] for note in pending))
    citations = []
    for hit_index, n in sorted(numbers.items(), key=lambda kv: kv[1]):
        hit = hits[hit_index]
        citations.append(
            Citation(
                n=n,
                chunk_id=hit.chunk.id,
                text=hit.chunk.text,
                quote=quote_for(hit.chunk.text, spans[hit_index]),
                section=hit.chunk.section,
                document=document_ref(hit.document),
            )
        )
    return Answer("answered", "".join(parts), tuple(citations))


def quote_for(text: str, units: list[Unit]) -> str:
    """The verbatim stretch of the passage from the first unit used to the last, or, when that
    is longer than MAX_QUOTE, to the last one that keeps it within (a list's lead and the items
    that fit, not the lead alone)."""
    start = min(u.start for u in units)
    ends = [u.end for u in units if u.end - start <= MAX_QUOTE]
    end = max(ends) if ends else min(units, key=lambda u: u.start).end
    return text[start:end]


def grouped_by_list(units: list[Unit], lists: dict[tuple[int, int], tuple[list[Unit], Unit | None]]) -> list[Unit]:
    """An item of a list that the answer already shows (its lead or another of its items) moves
    up to stand with them, so a list is never split by other sentences; order is kept otherwise.
    `lists`: each unit's list_of, by (hit, start)."""
    result: list[Unit] = []
    for unit in units:
        items, lead = lists[(unit.hit, unit.start)]
        members = {u.start for u in items} | ({lead.start} if lead is not None else set())
        shown = [k for k, u in enumerate(result) if u.hit == unit.hit and u.start in members]
        if shown and shown[-1] + 1 < len(result):
            result.insert(shown[-1] + 1, unit)
        else:
            result.append(unit)
    return result


def list_of(unit: Unit, hits: list[Hit]) -> tuple[list[Unit], Unit | None]:
    """The items of the list `unit` is an item of, and the sentence that introduces that list."""
    if not unit.bullet:
        return [], None
    ordered = split_units(unit.hit, hits[unit.hit].chunk.text)
    index = next((k for k, u in enumerate(ordered) if u.start == unit.start), None)
    if index is None:
        return [], None
    items, lead = list_around(ordered, index)
    if all(u.start != unit.start for u in items):
        return [], None
    return items, lead


def left_out_note(count: int) -> str:
    if count <= 0:
        return ""
    return "\n(De bron noemt nog 1 ander punt.)" if count == 1 else f"\n(De bron noemt nog {count} andere punten.)"


def fallback_answer(hits: list[Hit], limit: int = 2) -> Answer:
    """Plain quoted passages: used when a generated answer fails the citation check."""
    units = []
    for i, hit in enumerate(hits[:limit]):
        first = next(iter(split_units(i, hit.chunk.text)), None)
        if first is not None:
            units.append(first)
    if not units:
        return Answer("not_found", "", ())
    answer = compose(units, hits)
    quoted = " ".join(f"“{u.quote}” [{i + 1}]" for i, u in enumerate(units))
    return Answer("answered", "Dit staat in de bronnen: " + quoted, answer.citations)

