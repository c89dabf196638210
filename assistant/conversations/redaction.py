"""Remove personal data (BSN, IBAN, phone, e-mail) from free text.

Runs before a user message is stored, logged or sent anywhere: people often
paste their BSN or phone number into a question, and we never need it to
answer. Detection is deliberately conservative on numbers that policy texts
are full of (years, amounts, dates, article numbers, kenmerken): BSNs and
IBANs must pass their checksum, phone numbers must have a Dutch (or
``+``-prefixed international) shape.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

BSN = "bsn"
IBAN = "iban"
PHONE = "telefoon"
EMAIL = "e-mail"

PLACEHOLDERS: Mapping[str, str] = MappingProxyType(
    {BSN: "[BSN]", IBAN: "[IBAN]", PHONE: "[TELEFOON]", EMAIL: "[E-MAIL]"}
)

# Plain-language names for the notice shown to the user (B1 Dutch).
_LABELS: Mapping[str, str] = MappingProxyType(
    {BSN: "BSN", IBAN: "bankrekeningnummer", PHONE: "telefoonnummer", EMAIL: "e-mailadres"}
)


@dataclass(frozen=True)
class Redaction:
    text: str
    kinds: tuple[str, ...]  # kinds found, in order of first appearance, no duplicates


# --- numbers that look like PII but are not -----------------------------------
# These spans are blanked out before detection, so e.g. "€ 123.456.782" (an
# amount that happens to pass the elfproef) or "01-01-2026 10:00" (which reads
# as ten digits starting with 0) can never be taken for a BSN or phone number.
_SP = "[ \u00a0]"
_PROTECTED = re.compile(
    "|".join(
        [
            r"(?<!\d)\d{1,2}([-/.])\d{1,2}\1(?:1[89]|20)\d{2}(?!\d)",  # 17-06-2026
            r"(?<!\d)(?:19|20)\d{2}-\d{2}-\d{2}(?!\d)",  # 2026-06-17
            rf"(?:€|\bEUR\b|\beuro\b){_SP}?\d[\d.,]*(?:-)?",  # € 1.234,56 / € 1.234,-
            rf"(?<![\d.,])\d[\d.,]*(?:,-)?{_SP}?(?:€|\bEUR\b|\beuro\b)",  # 1.234 euro
        ]
    ),
    re.IGNORECASE,
)
_MASK = "\x00"

# --- BSN -------------------------------------------------------------------
# Nine digits, optionally grouped 3-3-3 (same separator twice) or 4.2.3 as on
# Dutch ID documents. "bsn" right before the digits is allowed ("BSN123456782").
_BSN_RE = re.compile(
    r"(?:(?<=bsn)|(?<=bsn[:\- ])|(?<![\w\-/.,]))"
    r"(?:\d{9}"
    rf"|(?<!\d{_SP})\d{{3}}([ \u00a0.\-])\d{{3}}\1\d{{3}}(?!{_SP}\d)"
    rf"|(?<!\d{_SP})\d{{4}}([ \u00a0.])\d{{2}}\2\d{{3}}(?!{_SP}\d))"
    r"(?!\w)(?![-/.,]\w)",
    re.IGNORECASE,
)
_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def is_valid_bsn(digits: str) -> bool:
    """Elfproef: weighted sum divisible by 11 and not 0."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits, _BSN_WEIGHTS))
    return total != 0 and total % 11 == 0


# A number the writer labels as their BSN is treated as one even when it fails the
# elfproef (a typo still identifies a person, and they meant it as personal data).
_LABELLED_BSN_RE = re.compile(
    r"(?i)\b(?:bsn|burgerservicenummer|sofinummer)(?:[- ]?nummer)?\s*(?:is|=|:)?\s*(\d{3}[ .\-]?\d{3}[ .\-]?\d{3})(?!\d)"
)


def _find_bsn(text: str) -> Iterator[tuple[int, int]]:
    for m in _BSN_RE.finditer(text):
        if is_valid_bsn(re.sub(r"\D", "", m.group())):
            yield m.span()
    for m in _LABELLED_BSN_RE.finditer(text):
        yield m.span(1)


# --- IBAN --------------------------------------------------------------------
# Length per country (SWIFT IBAN registry). The length check plus mod-97 makes a
# random word sequence practically never pass.
_IBAN_LENGTHS: Mapping[str, int] = MappingProxyType(
    {
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
        "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
        "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
        "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
        "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
        "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
        "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27,
        "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28,
        "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
        "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
        "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
    }
)
_IBAN_START = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]{2}\d{2}")


def is_valid_iban(iban: str) -> bool:
    """Country length and ISO 13616 mod-97 check; spaces are ignored."""
    compact = re.sub(r"[ \u00a0]", "", iban).upper()
    if not compact.isalnum() or not compact.isascii():
        return False
    if _IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _find_iban(text: str) -> Iterator[tuple[int, int]]:
    # A hand-written walk instead of one regex: spaces are only accepted between
    # groups of four (how IBANs are printed), so ordinary words after "NL12"
    # are never glued onto a candidate.
    for m in _IBAN_START.finditer(text):
        length = _IBAN_LENGTHS.get(m.group()[:2].upper())
        if length is None:
            continue
        pos, count = m.end(), 4
        while count < length and pos < len(text):
            char = text[pos]
            if char.isascii() and char.isalnum():
                count, pos = count + 1, pos + 1
            elif char in " \u00a0" and count % 4 == 0 and pos + 1 < len(text) and text[pos + 1].isalnum():
                pos += 1
            else:
                break
        if count != length or (pos < len(text) and text[pos].isalnum()):
            continue
        if is_valid_iban(text[m.start() : pos]):
            yield m.start(), pos


# --- phone numbers -----------------------------------------------------------
# Between digits: nothing, one space, "-", ".", "/" (optionally spaced) or the
# ")" closing an area code. Digits are counted one by one, so "06 1234 5678",
# "06-12345678" and "(020) 123 4567" all reduce to exactly ten digits.
_SEP = rf"(?:{_SP}?[-./]{_SP}?|{_SP}|\){_SP}?)?"
_PHONE_RE = re.compile(
    r"(?<![\w+])(?<!\d[-/.,])(?:"
    rf"(?:\+|00){_SP}?31{_SEP}(?:\(0\){_SEP})?[1-9](?:{_SEP}\d){{8}}"  # +31 6 12345678
    rf"|\+{_SP}?[1-9](?:{_SEP}\d){{7,13}}"  # other countries, only with "+"
    # 0800 / 0900 / 0906 / 0909 + exactly 4 or 7 digits: a 9-digit BSN that
    # happens to start with 0900 must not be read as one of these.
    rf"|\(?0[89]0\d(?:{_SEP}\d){{4}}(?:(?:{_SEP}\d){{3}})?"
    rf"|\(?0[1-9](?:{_SEP}\d){{8}}"  # 06-12345678, 030-1234567, 020 123 4567
    r")(?!\w)(?![-/.,]\d)"
)


def _find_phone(text: str) -> Iterator[tuple[int, int]]:
    for m in _PHONE_RE.finditer(text):
        yield m.span()


# --- e-mail ------------------------------------------------------------------
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")


def _find_email(text: str) -> Iterator[tuple[int, int]]:
    for m in _EMAIL_RE.finditer(text):
        yield m.span()


# Priority order: when spans overlap the earlier kind wins (an e-mail address
# may contain digits, an IBAN contains ten digits that look like a phone number).
_DETECTORS = ((EMAIL, _find_email), (IBAN, _find_iban), (PHONE, _find_phone), (BSN, _find_bsn))


def redact(text: str) -> Redaction:
    """Replace BSN, IBAN, phone numbers and e-mail addresses by placeholders."""
    scan = _PROTECTED.sub(lambda m: _MASK * len(m.group()), text)  # same length: spans stay valid
    chosen: list[tuple[int, int, str]] = []
    for kind, finder in _DETECTORS:
        for start, end in finder(scan):
            if all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, kind))
    chosen.sort()
    parts: list[str] = []
    kinds: list[str] = []
    last = 0
    for start, end, kind in chosen:
        parts += [text[last:start], PLACEHOLDERS[kind]]
        last = end
        if kind not in kinds:
            kinds.append(kind)
    parts.append(text[last:])
    return Redaction(text="".join(parts), kinds=tuple(kinds))


def notice(kinds: Iterable[str]) -> str:
    """One B1 Dutch sentence telling the user what was removed ("" if nothing)."""
    labels: list[str] = []
    for kind in kinds:
        label = _LABELS.get(kind, kind)
        if label not in labels:
            labels.append(label)
    if not labels:
        return ""
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " en " + labels[-1]
    return (
        f"Uw bericht bevatte persoonsgegevens ({listed}). "
        "Die hebben wij weggehaald: u hoeft ze niet te geven om een antwoord te krijgen."
    )
