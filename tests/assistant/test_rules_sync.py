"""Sync against a local HTTP server on 127.0.0.1 that serves recorded-style SRU responses and XML.

No other host is ever contacted: every request is checked before it is sent.
"""
from __future__ import annotations

import socket
import threading
from collections import defaultdict
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from click.testing import CliRunner

from assistant.cli.imports import import_group
from assistant.rules.sync import Fetcher, SyncError, SyncSettings, fetch_bwb, pick_toestand, search_cvdr
from index.imports import list_imported
from index.layout import IndexLayout
from index.search import HybridIndex
from index.embedder import HashingEmbedder
from tests.cvdr_factory import OVERHEID, wmo_rules

BWB_FILE = "BWBR0003984/1986-06-26_0/xml/BWBR0003984_1986-06-26_0.xml"


@pytest.fixture(autouse=True)
def only_localhost(monkeypatch):
    real = requests.Session.request

    def guarded(self, method, url, *args, **kwargs):
        assert urlparse(url).hostname == "127.0.0.1", f"test tried to contact {url}"
        return real(self, method, url, *args, **kwargs)

    monkeypatch.setattr(requests.Session, "request", guarded)


def sru_record(ident: str, gemeente: str, start: str, end: str | None, position: int, base: str) -> str:
    end_el = f"<overheidrg:uitwerkingtredingDatum>{end}</overheidrg:uitwerkingtredingDatum>" if end else ""
    work, version = ident.split("_")
    return f"""<sru:record><sru:recordSchema>http://standaarden.overheid.nl/sru/</sru:recordSchema>
<sru:recordData><gzd:gzd><gzd:originalData><overheidrg:meta><owmskern>
<dcterms:identifier>{ident}</dcterms:identifier><dcterms:title>Beleidsregels Wmo {gemeente}</dcterms:title>
<dcterms:type scheme="overheidop:Rubriek">Beleidsregel</dcterms:type>
<dcterms:creator scheme="overheid:Gemeente">{gemeente}</dcterms:creator></owmskern>
<cvdripm><overheidrg:inwerkingtredingDatum>{start}</overheidrg:inwerkingtredingDatum>{end_el}</cvdripm>
</overheidrg:meta></gzd:originalData><gzd:enrichedData>
<gzd:publicatieurl_xml>{base}/cvdr/{work}/{version}/xml/{ident}.xml</gzd:publicatieurl_xml>
<gzd:preferred_url>https://lokaleregelgeving.overheid.nl/{work}/{version}</gzd:preferred_url>
</gzd:enrichedData></gzd:gzd></sru:recordData><sru:recordPosition>{position}</sru:recordPosition></sru:record>"""


def sru_page(records: list[str], total: int, next_position: int | None) -> str:
    following = f"<sru:nextRecordPosition>{next_position}</sru:nextRecordPosition>" if next_position else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse"
  xmlns:gzd="http://standaarden.overheid.nl/sru" xmlns:dcterms="http://purl.org/dc/terms/"
  xmlns:overheidrg="http://standaarden.overheid.nl/cvdr/meta/">
<sru:version>2.0</sru:version><sru:numberOfRecords>{total}</sru:numberOfRecords><sru:records>
{"".join(records)}</sru:records>{following}</sru:searchRetrieveResponse>"""


MANIFEST = """<work label="BWBR0003984" _latestItem="1986-06-26_0/xml/BWBR0003984_1986-06-26_0.xml">
<expression label="1980-01-01_0"><metadata><datum_inwerkingtreding>1980-01-01</datum_inwerkingtreding>
<einddatum>1986-06-25</einddatum></metadata>
<manifestation label="xml"><item label="BWBR0003984_1980-01-01_0.xml"/></manifestation></expression>
<expression label="1986-06-26_0"><metadata><datum_inwerkingtreding>1986-06-26</datum_inwerkingtreding></metadata>
<manifestation label="xml"><item label="BWBR0003984_1986-06-26_0.xml"/></manifestation></expression></work>"""


class Overheid:
    """What the fake service serves, and what it was asked."""

    def __init__(self) -> None:
        self.base = ""
        self.requests: list[tuple[str, dict]] = []
        self.failures: dict[str, list[int]] = defaultdict(list)  # path -> statuses to answer first
        searchrec = (OVERHEID / "searchrec.xml").read_text(encoding="utf-8")
        self.files: dict[str, bytes] = {
            "/cvdr/CVDR900001/2/xml/CVDR900001_2.xml": wmo_rules("Noordwaard", 900001, 2).encode(),
            "/cvdr/CVDR900002/1/xml/CVDR900002_1.xml": wmo_rules("Noordwaard", 900002, 1).encode(),
            "/bwb/BWBR0003984/manifest.xml": MANIFEST.encode(),
            "/bwb/" + BWB_FILE: (OVERHEID / "bwb_toestand_3.xml").read_bytes(),
        }
        self.searchrec = searchrec

    def pages(self) -> dict[str, str]:
        b = self.base
        # The recorded record (a Gemeenteblad publication) points at the local server too.
        other = self.searchrec.replace("https://repository.overheid.nl", b)
        first = [sru_record("CVDR900001_1", "Noordwaard", "2020-01-01", "2023-12-31", 1, b),
                 sru_record("CVDR900001_2", "Noordwaard", "2024-01-01", None, 2, b), other,
                 sru_record("CVDR900002_1", "Noordwaard", "2019-01-01", None, 4, b)]
        second = [sru_record("CVDR900003_1", "Noordwaard", "2099-01-01", None, 5, b)]
        return {"1": sru_page(first, 5, 5), "5": sru_page(second, 5, None)}


@pytest.fixture()
def overheid():
    state = Overheid()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            state.requests.append((url.path, query))
            if state.failures[url.path]:
                return self.reply(state.failures[url.path].pop(0), b"fout")
            if url.path == "/sru/Search":
                return self.reply(200, state.pages()[query.get("startRecord", "1")].encode())
            if url.path in state.files:
                return self.reply(200, state.files[url.path])
            return self.reply(404, b"niet gevonden")

        def reply(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # keep test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def fetcher(overheid: Overheid, attempts: int = 3) -> Fetcher:
    return Fetcher(SyncSettings(sru_url=f"{overheid.base}/sru/Search", bwb_url=f"{overheid.base}/bwb",
                                attempts=attempts, backoff=0))


def test_search_follows_pages_and_keeps_versions_in_force(overheid):
    records = search_cvdr("Noordwaard", "maatschappelijke ondersteuning", on=date(2026, 6, 1),
                          fetcher=fetcher(overheid))
    assert [r.identifier for r in records] == ["CVDR900001_2", "CVDR900002_1"]
    searches = [q for path, q in overheid.requests if path == "/sru/Search"]
    assert [q["startRecord"] for q in searches] == ["1", "5"]
    assert searches[0]["x-connection"] == "cvdr" and searches[0]["operation"] == "searchRetrieve"
    assert searches[0]["query"] == 'dcterms.creator="Noordwaard" AND keyword all "maatschappelijke ondersteuning"'
    old = search_cvdr("Noordwaard", None, on=date(2021, 6, 1), fetcher=fetcher(overheid))
    assert [r.identifier for r in old] == ["CVDR900001_1", "CVDR900002_1"]  # peildatum picks the old version


def test_transient_errors_are_retried(overheid):
    overheid.failures["/sru/Search"] = [503, 502]
    records = search_cvdr("Noordwaard", None, on=date(2026, 6, 1), fetcher=fetcher(overheid))
    assert len(records) == 2
    assert sum(path == "/sru/Search" for path, _ in overheid.requests) == 4  # 2 failures + 2 pages


def test_persistent_server_error_and_missing_file_are_dutch_errors(overheid):
    overheid.failures["/sru/Search"] = [503] * 5
    with pytest.raises(SyncError, match=r"gaf een fout \(HTTP 503\)\. Probeer het later opnieuw"):
        search_cvdr("Noordwaard", None, fetcher=fetcher(overheid, attempts=2))
    with pytest.raises(SyncError, match="niet gevonden"):
        fetcher(overheid).get(f"{overheid.base}/cvdr/bestaat-niet.xml")
    assert sum(path == "/cvdr/bestaat-niet.xml" for path, _ in overheid.requests) == 1  # 404: no retry


def test_offline_is_a_clear_dutch_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    settings = SyncSettings(sru_url=f"http://127.0.0.1:{port}/sru/Search", attempts=2, backoff=0)
    with pytest.raises(SyncError) as error:
        search_cvdr("Noordwaard", None, fetcher=Fetcher(settings))
    assert str(error.value).startswith(f"Geen verbinding met 127.0.0.1:{port}. Controleer of u online bent")


def test_bwb_toestand_is_picked_from_the_manifest(overheid):
    xml = fetch_bwb("BWBR0003984", on=date(2024, 1, 1), fetcher=fetcher(overheid))
    assert xml == (OVERHEID / "bwb_toestand_3.xml").read_bytes()
    assert pick_toestand(MANIFEST.encode(), date(1983, 1, 1)) == "1980-01-01_0/xml/BWBR0003984_1980-01-01_0.xml"
    assert pick_toestand(MANIFEST.encode(), date(1970, 1, 1)) == "1986-06-26_0/xml/BWBR0003984_1986-06-26_0.xml"
    with pytest.raises(SyncError, match="niet gevonden"):
        fetch_bwb("BWBR0099999", fetcher=fetcher(overheid))


@pytest.fixture()
def cli_env(tmp_path, overheid):
    return {"ASSISTANT_INDEX_DIR": str(tmp_path / "idx"), "ASSISTANT_EMBEDDING_MODEL": "hashing-stand-in",
            "ASSISTANT_CVDR_SRU_URL": f"{overheid.base}/sru/Search", "ASSISTANT_BWB_URL": f"{overheid.base}/bwb",
            "ASSISTANT_SYNC_BACKOFF": "0", "ASSISTANT_SYNC_ATTEMPTS": "2"}


def test_cli_online_import_then_searchable(overheid, cli_env):
    result = CliRunner().invoke(import_group, ["cvdr", "--gemeente", "Noordwaard", "--query",
                                               "maatschappelijke ondersteuning"], env=cli_env)
    assert result.exit_code == 0, result.output
    assert "2 geldende regeling(en) gevonden." in result.output
    assert "2 regeling(en) toegevoegd" in result.output and "Index bijgewerkt" in result.output
    layout = IndexLayout(Path(cli_env["ASSISTANT_INDEX_DIR"]))
    assert [i.document.id for i in list_imported(layout)] == ["cvdr-CVDR900001-2", "cvdr-CVDR900002-1"]
    index = HybridIndex(layout, HashingEmbedder())
    assert index.documents["cvdr-CVDR900001-2"].gemeente == "Noordwaard"
    assert index.document_chunks("cvdr-CVDR900002-1")
    assert not any("gmb-2023-174296" in path for path, _ in overheid.requests)  # not a CVDR regulation

    again = CliRunner().invoke(import_group, ["bwb", "BWBR0003984", "--no-build"], env=cli_env)
    assert again.exit_code == 0, again.output
    assert "1 regeling(en) toegevoegd" in again.output and "Index bijgewerkt" not in again.output


def test_cli_local_files_and_folders(tmp_path, cli_env):
    folder = tmp_path / "regels"
    folder.mkdir()
    (folder / "noordwaard.xml").write_text(wmo_rules("Noordwaard", 900010), encoding="utf-8")
    (folder / "kapot.xml").write_text("<cvdr>geen regeling", encoding="utf-8")
    result = CliRunner().invoke(import_group, ["cvdr", str(folder), str(OVERHEID / "cvdr_example3.xml"),
                                               "--no-build"], env=cli_env)
    assert result.exit_code == 0, result.output
    assert "Overgeslagen:" in result.output and "kapot.xml" in result.output
    assert "2 regeling(en) toegevoegd" in result.output
    bwb = CliRunner().invoke(import_group, ["bwb", str(OVERHEID / "bwb_toestand_3.xml"), "--no-build"], env=cli_env)
    assert bwb.exit_code == 0 and "1 regeling(en) toegevoegd" in bwb.output


def test_cli_offline_and_usage_errors_in_dutch(tmp_path, cli_env):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**cli_env, "ASSISTANT_CVDR_SRU_URL": f"http://127.0.0.1:{port}/sru/Search"}
    offline = CliRunner().invoke(import_group, ["cvdr", "--gemeente", "Utrecht"], env=env)
    assert offline.exit_code == 1 and "Geen verbinding met 127.0.0.1" in offline.output
    nothing = CliRunner().invoke(import_group, ["cvdr"], env=env)
    assert nothing.exit_code == 2 and "Geef XML-bestanden op" in nothing.output
    bad_date = CliRunner().invoke(import_group, ["cvdr", "--gemeente", "Utrecht", "--peildatum", "1-1-2025"], env=env)
    assert bad_date.exit_code == 2 and "JJJJ-MM-DD" in bad_date.output
    bad_id = CliRunner().invoke(import_group, ["bwb", "Wmo"], env=env)
    assert bad_id.exit_code == 2 and "BWBR0035362" in bad_id.output
