"""Where a list's items and the sentence that introduces it are, among a passage's units.

A list item means little alone ("Douchezitje (in elke uitvoering)"): these functions find the
lead it belongs to, also past the titles of a list in groups and across items set apart as
paragraphs, and the other items of its list.
"""
from __future__ import annotations

from index.units import MAX_ITEMS, Unit, item_kind
from knowledge.blocks import is_group_title
from assistant.answers.reading_order import opens_list, paths_of


def introduces_list(ordered: list[Unit], i: int) -> bool:
    """`ordered[i]` ends with a colon and a list item of its paragraph follows."""
    after = ordered[i + 1] if i + 1 < len(ordered) else None
    return opens_list(ordered[i]) and after is not None and after.bullet and next_to(ordered[i], after)


def next_to(lead: Unit, item: Unit) -> bool:
    """Same paragraph, or the paragraph right after it: many documents set a list apart from the
    sentence that introduces it."""
    return lead.hit == item.hit and item.paragraph in (lead.paragraph, lead.paragraph + 1)


def list_intro(ordered: list[Unit], i: int) -> Unit | None:
    """The sentence ending in a colon that introduces the list item `ordered[i]`: the nearest one
    before it in the paragraph that is not itself an item of the same list, or the last sentence of
    the paragraph before when the list opens its own. Items set apart as paragraphs of their own
    are passed over back to that sentence."""
    kind = item_kind(ordered[i])
    for j in range(i - 1, -1, -1):
        unit = ordered[j]
        if not same_paragraph(unit, ordered[j + 1]):
            if introduces_list(ordered, j):
                return unit
            if is_title(ordered, j, kind):
                return grouped_lead(ordered, j, kind)
            if not continues_list(unit, ordered[j + 1], kind):
                return None
        elif opens_list(unit) and not (unit.bullet and item_kind(unit) == kind):
            return unit
        if unit.bullet and item_kind(unit) != kind:
            return None  # another list ended here: this item has no lead of its own
    return None


def is_title(ordered: list[Unit], j: int, kind: str) -> bool:
    """`ordered[j]` titles a group of a list in the paragraph after it ("Woningaanpassingen" over
    "• Eenhendelmengkranen;")."""
    unit = ordered[j]
    return (not unit.bullet and unit.kind == "sentence" and is_group_title(unit.rendered)
            and j + 1 < len(ordered) and continues_list(unit, ordered[j + 1], kind))


def grouped_lead(ordered: list[Unit], title: int, kind: str) -> Unit | None:
    """The sentence ending in a colon over a list in titled groups ("Er is geen complete lijst
    ..., maar voorbeelden zijn:" / "Hulpmiddelen" / items / "Woningaanpassingen" / items), found
    from the title at `title` back over the groups before it: what every group's items are."""
    for j in range(title - 1, -1, -1):
        unit = ordered[j]
        if unit.hit != ordered[title].hit:
            return None
        if opens_list(unit):
            return unit
        if not (unit.bullet and item_kind(unit) == kind or is_title(ordered, j, kind)):
            return None
    return None


def list_items(ordered: list[Unit], first: int, limit: int = MAX_ITEMS) -> list[Unit]:
    """The items of the list starting at `ordered[first]`: units of its kind (1., a., -) up to
    `limit`, with a sentence that continues an item kept beside it. The list goes on in the next
    paragraph when that opens with an item of its kind (items set apart as paragraphs)."""
    head = ordered[first]
    kind = item_kind(head)
    items: list[Unit] = []
    for unit in ordered[first:]:
        if len(items) >= limit:
            break
        if not same_paragraph(head, unit):
            if not continues_list(head, unit, kind):
                break
            head = unit
        if unit.bullet and item_kind(unit) != kind:
            break  # a member of the level above ("2." after "a.", "b.") ends the list
        if not unit.bullet and (not items or unit.kind != "sentence"):
            break
        items.append(unit)
    return items


def list_around(ordered: list[Unit], i: int) -> tuple[list[Unit], Unit | None]:
    """The items of the list the item `ordered[i]` belongs to, in order (without the sentences
    that continue an item or the items of a sub-list), and the sentence that introduces the list
    (None without one). The same list from each of its items (see `paths_of`)."""
    own = [u for u in ordered if u.hit == ordered[i].hit]
    paths = paths_of(own)
    path = paths[own.index(ordered[i])]
    if path is None or not ordered[i].bullet:
        return [], None
    items = [u for u, p in zip(own, paths) if u.bullet and p is not None and len(p) == len(path) and p[:-1] == path[:-1]]
    return items, list_intro(ordered, ordered.index(items[0]))


def continues_list(earlier: Unit, unit: Unit, kind: str) -> bool:
    """`unit` opens the paragraph right after `earlier`'s with an item of the list's kind."""
    return unit.bullet and item_kind(unit) == kind and unit.hit == earlier.hit and unit.paragraph == earlier.paragraph + 1


def same_paragraph(a: Unit | None, b: Unit | None) -> bool:
    return a is not None and b is not None and a.hit == b.hit and a.paragraph == b.paragraph
