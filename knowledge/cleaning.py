"""Boilerplate and page-furniture removal.

Sources arrive as text extracted from PDFs and web pages. Letters repeat their address block on
every page and web pages carry navigation bars. Both are found generically (by repetition and by
shape), never by hard-coded strings, so new documents get the same treatment.
"""
from __future__ import annotations

import re
from collections import Counter

SHORT_LINE = 80  # page furniture consists of short lines
WINDOW = 4  # this many consecutive short lines form a "block" fingerprint
MIN_REPEATS = 3  # a block seen this often is furniture, not content
NAV_LINK = re.compile(r"\[[^\[\]]{1,40}\]")
SENTENCE_END = re.compile(r"[.!?:;)\]\"'”’…]\s*$")
INLINE_TAG = re.compile(r"</?(?:p|br|span|em|strong|b|i|u)\b[^>]{0,40}>", re.IGNORECASE)
FOOTNOTE_START = re.compile(r"^\s*(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,3}\.\s.*↩︎\s*$)")


def clean_text(text: str) -> str:
    """Return `text` without repeated page blocks and navigation bars, page breaks healed."""
    return "\n\n".join(clean_paragraphs(strip_furniture(text))) + "\n"


def strip_furniture(text: str) -> str:
    """Blank out navigation bars and repeated page blocks, keeping the line count.

    Keeping line numbers lets a bundle be split into parts by line after cleaning the whole file,
    which is where repetition is visible.
    """
    lines = text.replace("\r\n", "\n").replace("\u00a0", " ").split("\n")
    keep = set(keep_lines(lines))
    # Inline HTML left in extracted table cells is noise for readers and for search.
    return "\n".join(INLINE_TAG.sub(" ", line).replace("  ", " ") if i in keep else "" for i, line in enumerate(lines))


def clean_paragraphs(text: str) -> list[str]:
    """Paragraphs of already de-furnished text, with page breaks healed."""
    return join_page_breaks(split_paragraphs(text))


def keep_lines(lines: list[str]) -> list[int]:
    indexed = list(enumerate(lines))
    indexed = drop_navigation_lines(indexed)
    return [i for i, _ in drop_repeated_blocks(indexed)]


def drop_navigation_lines(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop lines that are mostly a row of bracketed links, as web page menus are."""
    kept = []
    for item in lines:
        line = item[1]
        links = NAV_LINK.findall(line)
        rest = NAV_LINK.sub("", line).strip()
        if len(links) >= 3 and len(rest) < 10:
            continue
        kept.append(item)
    return kept


def drop_repeated_blocks(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Remove runs of short lines that recur as the same sequence several times.

    Blank lines are ignored when comparing, because extraction puts them in different places on
    different pages. A single repeated line (a recurring sub-heading) is kept: only sequences of
    WINDOW lines count.
    """
    content = [pos for pos, (_, line) in enumerate(lines) if line.strip()]
    keys = [lines[pos][1].strip() for pos in content]
    short = [len(k) <= SHORT_LINE for k in keys]
    windows: Counter[tuple[str, ...]] = Counter()
    for start in range(len(keys) - WINDOW + 1):
        if all(short[start : start + WINDOW]):
            windows[tuple(keys[start : start + WINDOW])] += 1
    drop: set[int] = set()
    for start in range(len(keys) - WINDOW + 1):
        window = tuple(keys[start : start + WINDOW])
        if all(short[start : start + WINDOW]) and windows[window] >= MIN_REPEATS:
            drop.update(content[start : start + WINDOW])
    return [item for pos, item in enumerate(lines) if pos not in drop]


def split_paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines, trailing whitespace trimmed per line."""
    blocks = re.split(r"\n[ \t]*\n", text)
    out = []
    for block in blocks:
        block = "\n".join(line.rstrip() for line in block.split("\n")).strip("\n")
        if block.strip():
            out.append(block)
    return out


def join_page_breaks(paragraphs: list[str]) -> list[str]:
    """Join a paragraph cut by a page break with its continuation.

    A prose paragraph that stops mid-sentence, followed (possibly after footnotes that the page
    break put in between) by prose that cannot be a heading, is one paragraph. Footnotes move after it.
    """
    out: list[str] = []
    pending = list(paragraphs)
    while pending:
        current = pending.pop(0)
        footnotes: list[str] = []
        while pending and FOOTNOTE_START.match(pending[0]):
            footnotes.append(pending.pop(0))
        if pending and is_cut_paragraph(current) and is_continuation(pending[0], current):
            # Heal and look again: a paragraph may span more than one page break.
            pending[0] = current + " " + pending[0].lstrip()
            pending[1:1] = footnotes
            continue
        out.append(current)
        out.extend(footnotes)
    return out


def is_cut_paragraph(paragraph: str) -> bool:
    if "\t" in paragraph or len(paragraph) < 150:
        return False
    return not SENTENCE_END.search(paragraph.rstrip().split("\n")[-1])


def is_continuation(paragraph: str, cut: str = "") -> bool:
    """Lower-case start, or prose long enough that it cannot be a heading. After a cut list
    item only a lower-case start counts: the next item or paragraph starts with a capital."""
    first = paragraph.lstrip()[:1]
    if first.isalpha() and first.islower():
        return True
    if cut.rstrip().split("\n")[-1].lstrip().startswith(("-", "•", "*")):
        return False
    return len(paragraph) > SHORT_LINE and "\t" not in paragraph and not FOOTNOTE_START.match(paragraph)
