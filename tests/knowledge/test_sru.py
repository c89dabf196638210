"""SRU search-response parsing, CQL building and in-force selection."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from knowledge.sru import (SruRecord, build_cvdr_query, parse_search_page, parse_search_response,
                           select_in_force)

SEARCHREC = Path(__file__).resolve().parents[1] / "data" / "overheid" / "searchrec.xml"


def test_fixture_record_fields() -> None:
    (record,) = parse_search_response(SEARCHREC)
    assert record.identifier == "gmb-2023-174296"
    assert record.title == ("Ingekomen melding, Frater Romboutsstraat 42 5571KZ Bergeijk, "
                            "verwijderen van asbest van het dak")
    assert (record.creator, record.type, record.issued) == ("Bergeijk", "omgevingsvergunning", "2023-04-20")
    assert (record.valid_from, record.valid_to) == (None, None)
    assert record.xml_url == ("https://repository.overheid.nl/frbr/officielepublicaties/gmb/2023/"
                              "gmb-2023-174296/1/xml/gmb-2023-174296.xml")
    assert record.url == "https://zoek.officielebekendmakingen.nl/gmb-2023-174296.html"
    assert record.position == 641420
    assert (record.work_id, record.version) == ("gmb-2023-174296", None)
    page = parse_search_page(SEARCHREC)
    assert (page.total, page.next_position) == (None, None)


def cvdr_record(ident: str, start: str, end: str | None, position: int) -> str:
    end_el = f"<overheidrg:uitwerkingtredingDatum>{end}</overheidrg:uitwerkingtredingDatum>" if end else ""
    work, version = ident.split("_")
    return f"""<sru:record><sru:recordSchema>http://standaarden.overheid.nl/sru/</sru:recordSchema>
<sru:recordData><gzd:gzd><gzd:originalData><overheidrg:meta><owmskern>
<dcterms:identifier>{ident}</dcterms:identifier><dcterms:title>Verordening Wmo Noordwaard</dcterms:title>
<dcterms:type scheme="overheid:Informatietype">regeling</dcterms:type>
<dcterms:type scheme="overheidop:Rubriek">Verordening</dcterms:type>
<dcterms:creator scheme="overheid:Gemeente">Noordwaard</dcterms:creator></owmskern>
<owmsmantel><dcterms:issued>2019-12-12</dcterms:issued></owmsmantel>
<cvdripm><overheidrg:inwerkingtredingDatum>{start}</overheidrg:inwerkingtredingDatum>{end_el}</cvdripm>
</overheidrg:meta></gzd:originalData><gzd:enrichedData>
<gzd:publicatieurl_xhtml>https://repository.officiele-overheidspublicaties.nl/cvdr/{work}/{version}/html/{ident}.html</gzd:publicatieurl_xhtml>
<gzd:publicatieurl_xml>https://repository.officiele-overheidspublicaties.nl/cvdr/{work}/{version}/xml/{ident}.xml</gzd:publicatieurl_xml>
<gzd:preferred_url>https://lokaleregelgeving.overheid.nl/{work}/{version}</gzd:preferred_url>
</gzd:enrichedData></gzd:gzd></sru:recordData><sru:recordPosition>{position}</sru:recordPosition></sru:record>"""


RESPONSE = f"""<?xml version="1.0" encoding="UTF-8"?>
<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse"
  xmlns:gzd="http://standaarden.overheid.nl/sru" xmlns:dcterms="http://purl.org/dc/terms/"
  xmlns:overheidrg="http://standaarden.overheid.nl/cvdr/meta/">
<sru:version>2.0</sru:version><sru:numberOfRecords>57</sru:numberOfRecords><sru:records>
{cvdr_record("CVDR900001_1", "2020-01-01", "2021-12-31", 1)}
{cvdr_record("CVDR900001_2", "2022-01-01", None, 2)}
{cvdr_record("CVDR900002_1", "2019-01-01", "2020-07-01", 3)}
</sru:records><sru:nextRecordPosition>4</sru:nextRecordPosition></sru:searchRetrieveResponse>"""


def test_full_response_with_paging() -> None:
    page = parse_search_page(RESPONSE)
    assert (page.total, page.next_position) == (57, 4)
    assert [r.identifier for r in page.records] == ["CVDR900001_1", "CVDR900001_2", "CVDR900002_1"]
    second = page.records[1]
    assert (second.work_id, second.version, second.position) == ("CVDR900001", 2, 2)
    assert (second.title, second.creator, second.type) == ("Verordening Wmo Noordwaard", "Noordwaard", "Verordening")
    assert (second.issued, second.valid_from, second.valid_to) == ("2019-12-12", "2022-01-01", None)
    assert second.xml_url == "https://repository.officiele-overheidspublicaties.nl/cvdr/CVDR900001/2/xml/CVDR900001_2.xml"
    assert second.url == "https://lokaleregelgeving.overheid.nl/CVDR900001/2"
    assert parse_search_response(RESPONSE.encode()) == list(page.records)


def test_diagnostic_raises() -> None:
    xml = ("<searchRetrieveResponse><diagnostics><diagnostic><message>Query syntax error</message>"
           "</diagnostic></diagnostics></searchRetrieveResponse>")
    with pytest.raises(ValueError, match="Query syntax error"):
        parse_search_page(xml)


def test_build_cvdr_query() -> None:
    assert build_cvdr_query("Gemeente Utrecht", None) == 'dcterms.creator="Utrecht"'
    assert build_cvdr_query(None, "  gehandicapten  parkeerkaart ") == 'keyword all "gehandicapten parkeerkaart"'
    assert build_cvdr_query("Noordwaard", "wmo") == 'dcterms.creator="Noordwaard" AND keyword all "wmo"'
    assert build_cvdr_query(None, 'zeg "ja" *') == r'keyword all "zeg \"ja\" \*"'
    with pytest.raises(ValueError):
        build_cvdr_query(None, " ")


def test_select_in_force_picks_the_version_valid_on_the_date() -> None:
    records = parse_search_response(RESPONSE)
    ids = lambda on: [r.identifier for r in select_in_force(records, on)]  # noqa: E731
    assert ids(date(2019, 6, 1)) == ["CVDR900002_1"]
    assert ids(date(2020, 6, 1)) == ["CVDR900001_1", "CVDR900002_1"]
    assert ids(date(2021, 12, 31)) == ["CVDR900001_1"]  # valid_to is inclusive
    assert ids(date(2023, 3, 1)) == ["CVDR900001_2"]
    assert ids(date(2018, 1, 1)) == []


def test_select_in_force_boundary_prefers_later_version() -> None:
    old = SruRecord("CVDR1_1", "t", "X", None, None, "2020-01-01", "2021-01-01", None)
    new = SruRecord("CVDR1_2", "t", "X", None, None, "2021-01-01", None, None)
    assert select_in_force([new, old], date(2021, 1, 1)) == [new]
    assert select_in_force([old, new], date(2020, 12, 31)) == [old]
