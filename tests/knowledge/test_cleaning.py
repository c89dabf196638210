from knowledge.cleaning import clean_paragraphs, clean_text, strip_furniture

HEADER = """Ministerie van Voorbeeldzaken

> Retouradres Postbus 1 1000 AA Plaats

Kenmerk
123-ABC

Datum 1 mei 2026
Betreft Voorbeeld"""


def letter(pages: list[str]) -> str:
    return "\n\n".join(f"{HEADER}\n\n{page}" for page in pages)


def test_repeated_page_header_is_removed_but_content_kept():
    text = letter(["Eerste pagina met inhoud over hulpmiddelen.", "Tweede pagina over parkeren.", "Derde pagina over jobcoaching."])
    cleaned = clean_text(text)
    assert "Retouradres" not in cleaned
    assert "Kenmerk" not in cleaned
    for words in ("hulpmiddelen", "parkeren", "jobcoaching"):
        assert words in cleaned


def test_header_variants_with_other_blank_lines_are_still_recognised():
    variant = HEADER.replace("Kenmerk\n123-ABC", "Kenmerk\n\n123-ABC")
    text = f"{HEADER}\n\nA is waar.\n\n{variant}\n\nB is waar.\n\n{HEADER}\n\nC is waar."
    assert "Retouradres" not in clean_text(text)


def test_a_single_repeated_subheading_is_kept():
    text = "\n\n".join(f"Impact voor mensen met een beperking\n\nAlinea nummer {n} met genoeg tekst om prose te zijn." for n in range(4))
    assert clean_text(text).count("Impact voor mensen met een beperking") == 4


def test_navigation_bar_is_removed():
    text = "[overzicht] [activiteiten] [besluiten] [commissies]\n[stemmingen] [verslagen] [zoeken]\n\nHoofdlijnenbrief\n\nInhoud."
    cleaned = clean_text(text)
    assert "[overzicht]" not in cleaned and "[verslagen]" not in cleaned
    assert "Hoofdlijnenbrief" in cleaned


def test_strip_furniture_keeps_line_numbers():
    text = letter(["een", "twee", "drie"])
    assert strip_furniture(text).count("\n") == text.count("\n")


def test_paragraph_cut_by_page_break_is_healed_and_footnote_moved_after_it():
    first = "Gemeenten noemen hierin de kracht van lokaal maatwerk, waartoe het decentraal stelsel ruimte biedt. Anderzijds komen er kwetsbare aspecten naar voren, die"
    text = letter([first + "\n\n¹ Kamerstukken II 2024/45 24170, nr. 362.", "kunnen leiden tot situaties die als onwenselijk worden ervaren.", "Slot."])
    paragraphs = clean_paragraphs(strip_furniture(text))
    healed = [p for p in paragraphs if p.startswith("Gemeenten noemen")][0]
    assert healed.endswith("die kunnen leiden tot situaties die als onwenselijk worden ervaren.")
    assert paragraphs[paragraphs.index(healed) + 1].startswith("¹ Kamerstukken")


def test_complete_paragraph_is_not_joined_with_next():
    text = "Dit is een volledige alinea die netjes eindigt met een punt en lang genoeg is om als lopende tekst te gelden hier.\n\nvolgende alinea begint klein."
    assert len(clean_paragraphs(text)) == 2
