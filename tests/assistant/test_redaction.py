from __future__ import annotations

import random

import pytest

from assistant.conversations.redaction import (
    BSN,
    EMAIL,
    IBAN,
    PHONE,
    PLACEHOLDERS,
    Redaction,
    is_valid_bsn,
    is_valid_iban,
    notice,
    redact,
)


def elfproef_sum(digits: str) -> int:
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights))


def test_elfproef_examples_checked_by_hand() -> None:
    # 111222333: 9+8+7+12+10+8+9+6-3 = 66 = 6 * 11 -> valid
    assert elfproef_sum("111222333") == 66 and is_valid_bsn("111222333")
    # 123456782: 154 = 14 * 11 -> valid
    assert elfproef_sum("123456782") == 154 and is_valid_bsn("123456782")
    # 090007219: 0+72+0+0+0+28+6+2-9 = 99 -> valid (and not a 0900 phone number)
    assert is_valid_bsn("090007219")
    # 246813579: 177 = 16 * 11 + 1 -> NOT a valid BSN
    assert elfproef_sum("246813579") == 177 and not is_valid_bsn("246813579")
    assert not is_valid_bsn("000000000")  # sum 0 is excluded


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "090007219"])
def test_valid_bsn_is_redacted(bsn: str) -> None:
    result = redact(f"Mijn BSN is {bsn}, kunt u helpen?")
    assert result == Redaction("Mijn BSN is [BSN], kunt u helpen?", (BSN,))


@pytest.mark.parametrize("number", ["246813579", "123456789", "111222334"])
def test_nine_digits_failing_elfproef_are_kept(number: str) -> None:
    text = f"Het nummer {number} staat op de brief."
    assert redact(text) == Redaction(text, ())


@pytest.mark.parametrize(
    "written", ["1234.56.782", "123.456.782", "123 456 782", "123-456-782", "1112.22.333", "BSN123456782"]
)
def test_bsn_with_dots_or_spaces(written: str) -> None:
    result = redact(f"burgerservicenummer: {written}.")
    assert "[BSN]" in result.text
    assert "782" not in result.text and "333" not in result.text
    assert result.kinds == (BSN,)


def test_generated_valid_bsns_never_survive() -> None:
    rng = random.Random(20260617)
    checked = 0
    for _ in range(3000):
        head = f"{rng.randrange(10**8):08d}"
        partial = elfproef_sum(head + "0")
        check = partial % 11  # last weight is -1: need (partial - d) % 11 == 0
        if check > 9:
            continue  # no single check digit works for this prefix
        bsn = head + str(check)
        if not is_valid_bsn(bsn):
            continue  # sum 0 or otherwise rejected
        assert elfproef_sum(bsn) % 11 == 0
        for written in (bsn, f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}", f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}"):
            result = redact(f"Graag antwoord, mijn bsn is {written} en ik woon in Utrecht.")
            assert bsn not in result.text.replace(" ", "").replace(".", ""), written
            assert result.kinds == (BSN,), written
        checked += 1
    assert checked > 2000


@pytest.mark.parametrize(
    "iban",
    ["NL91ABNA0417164300", "NL91 ABNA 0417 1643 00", "nl91abna0417164300", "DE89370400440532013000",
     "BE68 5390 0754 7034", "GB29 NWBK 6016 1331 9268 19"],
)
def test_iban_is_redacted(iban: str) -> None:
    assert is_valid_iban(iban)
    result = redact(f"Stort het op {iban} alstublieft.")
    assert result == Redaction("Stort het op [IBAN] alstublieft.", (IBAN,))


def test_iban_with_wrong_checksum_is_not_an_iban() -> None:
    assert not is_valid_iban("NL92ABNA0417164300")
    assert IBAN not in redact("rekening NL92ABNA0417164300").kinds


@pytest.mark.parametrize(
    "phone",
    [
        "06-12345678",
        "06 1234 5678",
        "0612345678",
        "06 12 34 56 78",
        "+31 6 12345678",
        "+31612345678",
        "+31 (0)6 12345678",
        "0031 6 12345678",
        "0031612345678",
        "030-1234567",
        "020 123 4567",
        "(020) 123 4567",
        "0111-123456",
        "0900-1234",
        "0900-1234567",
        "0800 0543",
        "0800-1234567",
        "+32 2 123 45 67",
    ],
)
def test_phone_is_redacted(phone: str) -> None:
    result = redact(f"Bel mij op {phone} na 17.00 uur.")
    assert result == Redaction("Bel mij op [TELEFOON] na 17.00 uur.", (PHONE,))


@pytest.mark.parametrize(
    "email", ["jan.jansen@example.nl", "j+wmo@gemeente-utrecht.nl", "Piet_de.Vries@mail.co.uk"]
)
def test_email_is_redacted(email: str) -> None:
    result = redact(f"Mail naar {email}.")
    assert result == Redaction("Mail naar [E-MAIL].", (EMAIL,))


def test_kinds_in_order_of_appearance_deduplicated() -> None:
    result = redact(
        "Ik ben a@b.nl, bsn 111222333, tel 06-12345678, ook 0612345678 en NL91ABNA0417164300."
    )
    assert result.text == "Ik ben [E-MAIL], bsn [BSN], tel [TELEFOON], ook [TELEFOON] en [IBAN]."
    assert result.kinds == (EMAIL, BSN, PHONE, IBAN)


NON_PII = [
    "In 2026 gaat de eigen bijdrage omhoog.",
    "Het budget is € 1.234,56 per jaar.",
    "De regering trekt € 123.456.782 uit voor toegankelijkheid.",
    "Een bedrag van 123456782 euro.",
    "Kosten: €1.234,- of 1.234 EUR.",
    "Het gaat om 12,5% van de mensen en 3 procent van de gemeenten.",
    "Zie artikel 1.1.1 en artikel 2.3.5, lid 3 Wmo 2015.",
    "Art. 8:1 Awb en artikel 10.1.2.3 Besluit.",
    "De brief is van 17 juni 2026.",
    "Ingangsdatum 10-12-2025, vervalt 01-01-2026 10:00.",
    "Datum 2026-06-17 en 17/06/2026.",
    "Ons kenmerk: 4396188-1099779-DMO.",
    "Kenmerk 2026-0000123456 en zaak 2025/123456.",
    "Bel bij nood altijd 112.",
    "Postbus 20018, 2500 EA Den Haag.",
    "Adres: Stationsplein 12, 3511 ED Utrecht.",
    "In tabel 3 staan 100 200 300 400 500 deelnemers.",
    "ECLI:NL:RVS:2025:1234 en CVDR123456.",
    "Het verschil is 0,5 procentpunt tussen 2019 en 2026.",
    "Versie 1.2.3 van 14 maart 2026, pagina 12 van 40.",
]


@pytest.mark.parametrize("text", NON_PII)
def test_policy_text_is_left_alone(text: str) -> None:
    assert redact(text) == Redaction(text, ())


def test_redaction_is_idempotent() -> None:
    once = redact("bsn 111222333, 06-12345678, a@b.nl, NL91ABNA0417164300").text
    assert redact(once) == Redaction(once, ())


def test_placeholders_cover_all_kinds() -> None:
    assert dict(PLACEHOLDERS) == {
        BSN: "[BSN]",
        IBAN: "[IBAN]",
        PHONE: "[TELEFOON]",
        EMAIL: "[E-MAIL]",
    }


def test_notice() -> None:
    assert notice(()) == ""
    assert notice((BSN,)) == (
        "Uw bericht bevatte persoonsgegevens (BSN). Die hebben wij weggehaald: "
        "u hoeft ze niet te geven om een antwoord te krijgen."
    )
    assert "(BSN, telefoonnummer en e-mailadres)" in notice((BSN, PHONE, EMAIL))
    assert "(bankrekeningnummer)" in notice([IBAN, IBAN])
