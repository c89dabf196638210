"""Official Dutch rule XML (CVDR and BWB share the element vocabulary) read into text pieces.

Elements are matched by local name only, because the namespaces differ between exports. Lists,
leden and CALS tables become plain text; long content is packed into parts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from knowledge.blocks import LIST_ITEM as BLOCK_ITEM
from knowledge.blocks import is_group_title

MAX_CHARS = 1500  # above this an article is split per lid (or packed into parts)
DIVISION_WORDS = {
    "boek": "Boek", "deel": "Deel", "titeldeel": "Titel", "hoofdstuk": "Hoofdstuk",
    "afdeling": "Afdeling", "paragraaf": "Paragraaf", "sub-paragraaf": "Subparagraaf",
    "bijlage": "Bijlage", "aanhef": "Aanhef", "toelichting": "Toelichting",
    "nota-toelichting": "Toelichting",
}
EXPLANATORY = {"aanhef", "toelichting", "nota-toelichting"}  # chunked as kind "text"
SKIP = {"kop", "meta", "meta-data", "jcis", "intitule", "citeertitel", "regeling-sluiting",
        "wetsluiting", "lidnr", "li.nr", "bwb-inputbestand", "bwb-wijzigingen",
        "redactionele-correcties", "colspec"}
INLINE = {"vet", "cursief", "onderstreept", "extref", "intref", "sup", "sub", "nadruk", "br",
          "noot", "redactie", "afkorting", "naam", "voornaam", "achternaam", "functie",
          "organisatie", "datum", "a", "b", "i", "u", "span"}
STRUCTURE = "descendant::*[" + " or ".join(
    f"local-name()='{n}'" for n in ["artikel", *DIVISION_WORDS]) + "]"
LAPSED = re.compile(r"^(\[\s*vervallen\b[^\]]*\]|vervallen)\.?$", re.IGNORECASE)


def load_xml(xml: bytes | str | Path) -> etree._Element:
    """Parse without entities or network; a str is XML when it starts with '<', else a path."""
    if isinstance(xml, Path) or (isinstance(xml, str) and not xml.lstrip().startswith("<")):
        data = Path(xml).read_bytes()
    elif isinstance(xml, str):
        # lxml rejects decoded text that still carries an encoding declaration.
        data = re.sub(r"^\s*<\?xml[^>]*\?>", "", xml).encode("utf-8")
    else:
        data = xml
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True,
                             remove_pis=True)
    return etree.fromstring(data, parser)


def local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def find_child(el: etree._Element | None, name: str) -> etree._Element | None:
    return next((c for c in el if local(c) == name), None) if el is not None else None


def find_all(el: etree._Element, name: str) -> list[etree._Element]:
    return el.xpath(".//*[local-name()=$n]", n=name)


def first_text(el: etree._Element, name: str) -> str | None:
    return next((t for t in map(inline_text, find_all(el, name)) if t), None)


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def iso_date(text: str | None) -> str | None:
    """Accept yyyy-mm-dd (optionally with a time) or dd-mm-yyyy."""
    if m := re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", text or ""):
        return "-".join(m.groups())
    if m := re.match(r"\s*(\d{2})-(\d{2})-(\d{4})", text or ""):
        return f"{m[3]}-{m[2]}-{m[1]}"
    return None


def strip_gemeente(name: str | None) -> str | None:
    """'Gemeente Utrecht' -> 'Utrecht'; the bare name is what CVDR's dcterms.creator holds."""
    stripped = re.sub(r"^gemeente\s+", "", collapse(name or ""), flags=re.IGNORECASE)
    return stripped or None


def inline_text(el: etree._Element) -> str:
    parts: list[str] = []
    collect_inline(el, parts)
    return collapse("".join(parts))


def collect_inline(el: etree._Element, parts: list[str]) -> None:
    parts.append(el.text or "")
    for child in el:
        name = local(child)
        if name == "noot":  # keep the footnote next to the sentence it annotates
            parts.append(f" [noot: {inline_text(child)}]")
        elif name == "br":
            parts.append(" ")
        elif name and name not in SKIP:
            collect_inline(child, parts)
        parts.append(child.tail or "")


def is_inline(el: etree._Element) -> bool:
    """True for text-bearing elements such as <al>, false for containers of blocks."""
    mixed = (el.text or "").strip() or any((c.tail or "").strip() for c in el)
    return bool(mixed) or all(local(c) in INLINE | SKIP for c in el)


@dataclass(frozen=True)
class Piece:
    """A block of lines that is never split; `header` is the table header it belongs to."""

    text: str
    lid: str | None = None
    header: str | None = None


def render_content(el: etree._Element) -> list[Piece]:
    return [piece for child in el for piece in render_element(child)]


def render_element(el: etree._Element) -> list[Piece]:
    name = local(el)
    if not name or name in SKIP:
        return []
    if name in ("lijst", "specificatielijst"):
        return [Piece(render_item(li)) for li in el if local(li) in ("li", "specificatie-item")]
    if name == "table":
        return render_table(el)
    if name == "lid":
        return render_lid(el)
    if not is_inline(el):
        return render_content(el)
    text = inline_text(el)
    return [Piece(text)] if text else []


def render_item(li: etree._Element) -> str:
    """One list item as 'a. text', nested lists indented below it."""
    nr_el = find_child(li, "li.nr")
    nr = collapse(li.get("nr") or (inline_text(nr_el) if nr_el is not None else ""))
    lines = [inline_text(li)] if is_inline(li) else [p.text for p in render_content(li)]
    if local(li) == "specificatie-item":  # specification and its value form one line
        lines = [" ".join(lines)]
    head = f"{nr} {lines[0]}".strip() if lines else nr
    return "\n".join([head, *("\n".join("  " + ln for ln in t.split("\n")) for t in lines[1:])])


def render_lid(lid: etree._Element) -> list[Piece]:
    nr_el = find_child(lid, "lidnr")
    nr = inline_text(nr_el) if nr_el is not None else ""
    pieces = render_content(lid)
    if pieces and nr:
        shown = nr if nr.endswith((".", ")")) else f"{nr}."
        pieces[0] = replace(pieces[0], text=f"{shown} {pieces[0].text}")
    return [replace(p, lid=nr.rstrip(".)") or None) for p in pieces]


def render_table(table: etree._Element) -> list[Piece]:
    """CALS table as tab-separated rows; every row remembers the header to repeat."""
    title = find_child(table, "title")
    pieces = [Piece(inline_text(title))] if title is not None and inline_text(title) else []
    for group in [g for g in table if local(g) == "tgroup"] or [table]:
        head = [r for h in group if local(h) == "thead" for r in h if local(r) == "row"]
        body = [r for b in group if local(b) == "tbody" for r in b if local(r) == "row"]
        if not head and body and is_bold_row(body[0]):
            head, body = body[:1], body[1:]  # header typed as a bold first body row
        header = "\n".join(t for t in map(row_text, head) if t) or None
        pieces += [Piece(t, header=header) for t in map(row_text, body) if t]
        if header and not body:
            pieces.append(Piece(header))
    return pieces


def row_text(row: etree._Element) -> str:
    cells = [e for e in row if local(e) == "entry"]
    texts = [inline_text(e) if is_inline(e) else "; ".join(p.text for p in render_content(e))
             for e in cells]
    return "\t".join(t.replace("\n", " / ") for t in texts).rstrip()


def is_bold_row(row: etree._Element) -> bool:
    cells = [e for e in row if local(e) == "entry" and inline_text(e)]
    return bool(cells) and all(e.xpath(".//*[local-name()='vet' or local-name()='b']")
                               for e in cells)


def pack(pieces: list[Piece], limit: int = MAX_CHARS) -> list[str]:
    """Greedy packing into parts of about `limit` chars, repeating table headers per part."""
    parts: list[list[str]] = []
    current: list[str] = []
    size, header = 0, None
    for piece in (q for p in pieces for q in split_long(p, limit)):
        if current and size + len(piece.text) > limit:
            carried = lead_in(current) or open_list(current, piece.text) or list_context(current, piece.text)
            parts.append(current)
            current, size, header = carried, sum(len(c) + 1 for c in carried), None
        if piece.header and piece.header != header and piece.text != piece.header:
            current.append(piece.header)
            size += len(piece.header) + 1
        current.append(piece.text)
        size += len(piece.text) + 1
        header = piece.header
    return ["\n".join(p) for p in parts + [current] if p]


# Between two sentences: after a word's closing punctuation (not a list letter's "h.").
SENTENCE_GAP = r"(?<=[^\W\d_]{2}[.;!?])\s+"


def lead_in(part: list[str]) -> list[str]:
    """A part about to be closed gives up the sentence that ends in a colon ("In het protocol
    worden een aantal voorbeelden opgesomd, zoals:"): it goes with what it introduces, at the
    head of the next part. Taken from `part`, returned as the next part's start."""
    text = part[-1].rstrip() if part else ""
    if not text.endswith(":"):
        return []
    # Where the last sentence starts: after a line break, or a sentence end after a word (not
    # after a list letter: "h. De verklaring ... onderdelen:" moves whole).
    ends = list(re.finditer(rf"{SENTENCE_GAP}|\n", text))
    kept, sentence = (text[:ends[-1].start()], text[ends[-1].end():]) if ends else ("", text)
    if not kept and len(part) == 1:
        return []  # the lead-in is the whole part: nothing would stay behind
    if kept:
        part[-1] = kept
    else:
        part.pop()
    return [sentence]


# A list item as the prose chunker knows one ("- ", "• ", "2. "), or a rule's lettered one ("a. ").
LIST_ITEM = re.compile(rf"{BLOCK_ITEM.pattern}|^\s*[a-z][.)]\s")


def open_list(part: list[str], following: str) -> list[str]:
    """A part about to be closed in the middle of a list ("Het overzicht is als volgt:", two items,
    and the next piece goes on with the third) gives up the list from its lead-in line: the
    items stay with what introduces them and with each other. Taken from `part` like `lead_in`."""
    if not LIST_ITEM.match(following) or not part:
        return []
    lines = part[-1].rstrip().split("\n")
    lead = next((j for j in range(len(lines) - 1, -1, -1) if not LIST_ITEM.match(lines[j])), None)
    if lead is None or lead == len(lines) - 1 or not lines[lead].rstrip().endswith(":"):
        return []
    if lead == 0 and len(part) == 1:
        return []  # the list is the whole part: nothing would stay behind
    carried = "\n".join(lines[lead:])
    if lead:
        part[-1] = "\n".join(lines[:lead])
    else:
        part.pop()
    return [carried]


def list_context(part: list[str], following: str) -> list[str]:
    """A list too long to move whole that goes on in the next part: that part opens with copies of
    the list's lead-in line and of the title of the group it is cut in ("Er is geen complete lijst
    ..., maar voorbeelden zijn:" / "Woningaanpassingen"), so that its items never stand without
    what they are (there: examples of what the gemeente does not provide)."""
    if not LIST_ITEM.match(following):
        return []
    title = None
    for line in reversed("\n".join(part).split("\n")):
        if not line.strip() or LIST_ITEM.match(line) or re.match(r"\s*[a-zà-ÿ(]", line):
            continue  # an item, or a line an item wraps onto
        if line.rstrip().endswith(":"):
            sentence = re.split(SENTENCE_GAP, line.strip())[-1]
            return [sentence] + ([title] if title else [])
        if not is_group_title(line):
            return []
        title = title or line.strip()  # the nearest: the group the cut falls in
    return []


def split_long(piece: Piece, limit: int) -> list[Piece]:
    """Cut one oversized paragraph at sentence ends so no chunk outgrows the embedder."""
    if len(piece.text) <= limit or piece.header:
        return [piece]
    out: list[str] = []
    # Each sentence keeps the space or line break before it: list items stay on their own lines.
    pieces = re.split(r"(?<=[.;:])(\s+)", piece.text)
    for space, sentence in zip(["", *pieces[1::2]], pieces[0::2]):
        if out and len(out[-1]) + len(sentence) < limit:
            out[-1] += space + sentence
        else:
            out.append(sentence)
    return [replace(piece, text=t) for t in out]


def split_pieces(pieces: list[Piece], limit: int = MAX_CHARS) -> list[tuple[str | None, str]]:
    """(lid, text) parts: one per lid when the whole is long, otherwise packed parts."""
    if sum(len(p.text) + 1 for p in pieces) <= limit or not any(p.lid for p in pieces):
        return [(None, text) for text in pack(pieces, limit)]
    groups: list[tuple[str, list[Piece]]] = []
    lead: list[Piece] = []  # text before the first lid travels with that lid
    for p in pieces:
        if p.lid is None or (groups and groups[-1][0] == p.lid):
            (groups[-1][1] if groups else lead).append(p)
        else:
            groups.append((p.lid, [*lead, p]))
            lead = []
    return [(lid, text) for lid, group in groups for text in pack(group, limit)]


def heading_of(el: etree._Element) -> tuple[str, str | None, str]:
    """(heading, bare number or None, titel) from an element's <kop>."""
    kop = find_child(el, "kop")
    label, nr, titel = (inline_text(c) if (c := find_child(kop, n)) is not None else ""
                        for n in ("label", "nr", "titel"))
    word = DIVISION_WORDS.get(local(el), "Artikel")
    if not nr and (m := re.fullmatch(rf"{word}\s+(\S+)", label, re.IGNORECASE)):
        label, nr = word, m[1]
    nr = nr.rstrip(".")
    label = label or (word if nr else "")
    label = re.sub(r"^(\d+(?:\.\d+)*\.)(?=[^\s\d])", r"\1 ", label)  # "1.Parkeren"
    return " ".join(p for p in (label, nr, titel) if p) or word, nr or None, titel
