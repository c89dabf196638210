"""Peildatum and gemeente filters, and the note for a rule that is not (yet/any more) in force."""
from __future__ import annotations

from datetime import date

from assistant.rules.filters import eligible_for, format_date, in_force_note, is_in_force, municipal_rules_of
from knowledge.documents import Document

SEED = Document(id="vng-verkenning", title="Verkenning", type="rapport")
LAW = Document(id="bwb-wmo", title="Wmo 2015", type="wet", valid_from="2015-01-01", origin="import")
CURRENT = Document(id="cvdr-1-2", title="Beleidsregels Noordwaard 2024", type="Beleidsregel", gemeente="Noordwaard",
                   valid_from="2024-01-01", origin="import")
EXPIRED = Document(id="cvdr-2-1", title="Beleidsregels Zuidwaard 2020", type="Beleidsregel", gemeente="Zuidwaard",
                   valid_from="2020-01-01", valid_to="2023-12-31", origin="import")
FUTURE = Document(id="cvdr-3-1", title="Verordening Oude IJsselstreek 2030", type="Verordening",
                  gemeente="Oude IJsselstreek", valid_from="2030-01-01", origin="import")
UNDATED = Document(id="cvdr-4-1", title="Regeling zonder datum", type="regeling", gemeente="Noordwaard", origin="import")
ALL = [SEED, LAW, CURRENT, EXPIRED, FUTURE, UNDATED]


def ids(gemeente, day):
    keep = eligible_for(gemeente, day)
    return [d.id for d in ALL if keep(d)]


def test_today_only_rules_in_force():
    assert ids(None, date(2026, 6, 1)) == ["vng-verkenning", "bwb-wmo", "cvdr-1-2", "cvdr-4-1"]


def test_peildatum_selects_expired_and_not_yet_valid_rules():
    assert ids(None, date(2022, 5, 1)) == ["vng-verkenning", "bwb-wmo", "cvdr-2-1", "cvdr-4-1"]
    assert ids(None, date(2030, 1, 1)) == ["vng-verkenning", "bwb-wmo", "cvdr-1-2", "cvdr-3-1", "cvdr-4-1"]
    assert is_in_force(EXPIRED, date(2023, 12, 31)) and not is_in_force(EXPIRED, date(2024, 1, 1))  # inclusive
    assert not is_in_force(LAW, date(2014, 12, 31))


def test_gemeente_restricts_municipal_rules_but_keeps_national_sources():
    assert ids("noordwaard", date(2026, 6, 1)) == ["vng-verkenning", "bwb-wmo", "cvdr-1-2", "cvdr-4-1"]
    assert ids("Gemeente Zuidwaard", date(2022, 1, 1)) == ["vng-verkenning", "bwb-wmo", "cvdr-2-1"]
    assert ids("oude ijsselstreek", date(2031, 1, 1)) == ["vng-verkenning", "bwb-wmo", "cvdr-3-1"]
    assert ids("Tubbergen", date(2026, 6, 1)) == ["vng-verkenning", "bwb-wmo"]
    only = municipal_rules_of("Noordwaard", date(2026, 6, 1))
    assert [d.id for d in ALL if only(d)] == ["cvdr-1-2", "cvdr-4-1"]


def test_in_force_note_in_dutch():
    assert in_force_note(CURRENT, date(2026, 6, 1)) is None
    assert in_force_note(SEED, date(1990, 1, 1)) is None
    expired = in_force_note(EXPIRED, date(2026, 6, 1))
    assert expired == ("Let op: 'Beleidsregels Zuidwaard 2020' gold tot en met 31 december 2023; "
                       "op 1 juni 2026 is deze regeling niet meer van kracht.")
    future = in_force_note(FUTURE, date(2026, 6, 1))
    assert future.startswith("Let op: 'Verordening Oude IJsselstreek 2030' geldt pas vanaf 1 januari 2030")
    assert format_date("2025-03-09") == "9 maart 2025"
