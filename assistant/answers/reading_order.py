"""The order in which the members of a list read in an answer.

Units arrive in order of relevance, so the members of an article came out as "4. 5. 2. 3." and a
sentence that continues member 4 ("De gemeente regelt hoe die melding wordt behandeld.") could
stand under member 1, where it read as part of it. Now the unit shown first stays first (it is
the one that answers); the other members follow in the order of the source, each with the
sentences that continue it and the items of its own sub-list, the same way one level down.
"""
from __future__ import annotations

from typing import Sequence

from index.search import Hit
from index.units import Unit, item_kind, split_units

Key = tuple[int, int]  # (hit, start) of a unit
# Where a unit stands in its passage's lists: (list, member, sub-item, ...). A member's own
# sentences share its path; the items of its sub-list extend it.
Path = tuple[int, ...]


def list_paths(units: list[Unit], hits: list[Hit]) -> dict[Key, Path]:
    """The path of every unit of the passages of `units` that is a list member or continues one."""
    paths: dict[Key, Path] = {}
    for hit in dict.fromkeys(u.hit for u in units if u.bullet):
        ordered = split_units(hit, hits[hit].chunk.text)
        for unit, path in zip(ordered, paths_of(ordered, hits[hit].chunk.text)):
            if path is not None:
                paths[(hit, unit.start)] = path
    return paths


def paths_of(ordered: Sequence[Unit], text: str | None = None) -> list[Path | None]:
    """The paths of one passage's units, in order (None outside lists). A member's kind of label
    (1., a., IV., -) says its level: a kind met before goes back up to that level, a new kind opens
    a sub-list. A sentence continues the member before it on the member's line (without `text`:
    in its paragraph); a new line or a table row ends the lists, and so does a sentence ending in
    ":" followed by a member of a kind already open ("Nadelen:" after "- ... " opens a list of its
    own, where "Er moet voldaan zijn aan:" before "a." opens a sub-list of member 1)."""
    lists, levels, previous, out = -1, [], None, []  # levels: [kind, member number] per depth
    for unit in ordered:
        if unit.bullet:
            kind = item_kind(unit)
            depth = next((d for d, (k, _) in enumerate(levels) if k == kind), None)
            if depth is not None and previous is not None and not previous.bullet and opens_list(previous):
                del levels[depth:]
                depth = None
            if depth is None:
                lists += not levels
                levels.append([kind, 0])
            else:
                del levels[depth + 1:]
                levels[depth][1] += 1
        elif not (levels and unit.kind == "sentence" and previous is not None and continues(previous, unit, text)):
            levels = []
        out.append((lists, *(n for _, n in levels)) if levels else None)
        previous = unit
    return out


def continues(previous: Unit, unit: Unit, text: str | None) -> bool:
    if text is None:
        return previous.paragraph == unit.paragraph
    return "\n" not in text[previous.end:unit.start]


def opens_list(unit: Unit) -> bool:
    """The unit ends with a colon: what follows it is what it announces."""
    return unit.rendered.rstrip().endswith(":")


def below(path: Path | None, member: Path | None) -> bool:
    """`path` is an item of `member`'s own sub-list (or deeper)."""
    return path is not None and member is not None and len(path) > len(member) and path[:len(member)] == member


def within_sibling(earlier: Path | None, path: Path | None) -> bool:
    """`earlier` is an item one or more levels down under another member of `path`'s list."""
    return earlier is not None and path is not None and len(earlier) > len(path) and earlier[:len(path) - 1] == path[:-1]


def in_list_order(units: list[Unit], hits: list[Hit], paths: dict[Key, Path] | None = None) -> list[Unit]:
    """`units` with the shown members of each list in reading order, at the place of the list's
    first shown unit. Units outside lists keep their order. `paths`: `list_paths` of `units`, when
    the caller has them."""
    paths = list_paths(units, hits) if paths is None else paths
    result: list[Unit] = []
    done: set[tuple[int, int]] = set()
    for unit in units:
        path = paths.get((unit.hit, unit.start))
        if path is None:
            result.append(unit)
        elif (unit.hit, path[0]) not in done:
            done.add((unit.hit, path[0]))
            members = [u for u in units if (p := paths.get((u.hit, u.start))) is not None and p[0] == path[0] and u.hit == unit.hit]
            result += reading_order(members, [paths[(u.hit, u.start)] for u in members], 1)
    return with_their_members(result, hits, paths)


def with_their_members(units: list[Unit], hits: list[Hit], paths: dict[Key, Path]) -> list[Unit]:
    """A sentence that continues a member and follows another member of its list is shown after
    its own member's first sentence, which holds the label: alone, "Een bijdrage is nooit hoger
    dan de feitelijke kosten." (lid 2) read as part of lid 3 shown before it. A continuation that
    opens its list's part of the answer stays as it is ("Er moet voldaan zijn aan de volgende
    voorwaarden:" before its items)."""
    shown = {(u.hit, u.start) for u in units}
    result: list[Unit] = []
    for unit in units:
        path = paths.get((unit.hit, unit.start))
        previous = paths.get((result[-1].hit, result[-1].start)) if result and result[-1].hit == unit.hit else None
        if path is not None and not unit.bullet and previous is not None and previous[0] == path[0] and previous != path:
            member = next((u for u in split_units(unit.hit, hits[unit.hit].chunk.text)
                           if u.bullet and paths.get((u.hit, u.start)) == path), None)
            if member is not None and (member.hit, member.start) not in shown:
                shown.add((member.hit, member.start))
                result.append(member)
        result.append(unit)
    return result


def reading_order(members: list[Unit], paths: list[Path], depth: int) -> list[Unit]:
    """Members at `depth` of their paths (in answer order): the unit shown first stays first (it is
    the one that answers); then a member's own sentences, then its items, the item holding the
    first unit before the others, each in the order of the source."""
    own = sorted((k for k, p in enumerate(paths) if len(p) == depth), key=lambda k: members[k].start)
    groups: dict[int, list[int]] = {}
    for k, p in enumerate(paths):
        if len(p) > depth:
            groups.setdefault(p[depth], []).append(k)
    # The unit shown first leads, unless it announces the member's own items shown after it: then
    # the member reads as written, so "... een klacht indienen over:" stays right above "a.", not
    # above "1. De gemeente heeft een klachtenfunctionaris." that opens the same lid.
    if 0 in own and not (groups and opens_list(members[0])):
        own.remove(0)
        own.insert(0, 0)
    first = paths[min(k for ks in groups.values() for k in ks)][depth] if groups else None
    order = sorted(groups, key=lambda g: (g != first, g))
    result = [members[k] for k in own]
    for g in order:
        result += reading_order([members[k] for k in groups[g]], [paths[k] for k in groups[g]], depth + 1)
    return result

