"""Fetch rules from the official services: CVDR search (SRU), CVDR XML and BWB laws.

Every request goes through one `Fetcher`: a requests.Session with timeouts, retried with
exponential backoff (tenacity) when the connection fails or the server answers 429/5xx. What
still fails becomes a `SyncError` with a Dutch message that says what to do next. Base URLs
come from the environment, so tests point them at a local server.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlparse

import requests
from lxml import etree
from tenacity import (Retrying, retry_if_exception, stop_after_attempt, wait_exponential)

from knowledge.overheid_xml import find_all, first_text, load_xml, local
from knowledge.sru import SruRecord, build_cvdr_query, parse_search_page, select_in_force

DEFAULT_SRU_URL = "https://zoekservice.overheid.nl/sru/Search"
# Official BWB repository: <base>/<BWB id>/manifest.xml lists every toestand (dated version).
DEFAULT_BWB_URL = "https://repository.officiele-overheidspublicaties.nl/bwb"
PAGE_SIZE = 100
MAX_PAGES = 50  # 5,000 versions: far more than one gemeente has; stops a looping server
USER_AGENT = "gehandicaptenbeleid-assistent/0.1 (+regelgeving importeren)"


class SyncError(RuntimeError):
    """A download or search failed; `str(error)` is a Dutch sentence for the user."""


class RetryableStatus(Exception):
    def __init__(self, response: requests.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


@dataclass(frozen=True)
class SyncSettings:
    sru_url: str = DEFAULT_SRU_URL
    bwb_url: str = DEFAULT_BWB_URL
    attempts: int = 4
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    timeout: tuple[float, float] = (10.0, 60.0)  # connect, read

    @classmethod
    def from_env(cls) -> SyncSettings:
        env = os.environ
        return cls(sru_url=env.get("ASSISTANT_CVDR_SRU_URL") or DEFAULT_SRU_URL,
                   bwb_url=env.get("ASSISTANT_BWB_URL") or DEFAULT_BWB_URL,
                   attempts=int(env.get("ASSISTANT_SYNC_ATTEMPTS") or 4),
                   backoff=float(env.get("ASSISTANT_SYNC_BACKOFF") or 1.0))


def is_transient(error: BaseException) -> bool:
    return isinstance(error, (requests.ConnectionError, requests.Timeout, RetryableStatus))


@dataclass
class Fetcher:
    settings: SyncSettings = field(default_factory=SyncSettings.from_env)
    session: requests.Session = field(default_factory=requests.Session)

    def get(self, url: str, params: dict | None = None) -> bytes:
        """The body of a GET; retried on transient failures, SyncError when it keeps failing."""
        retrying = Retrying(
            retry=retry_if_exception(is_transient), reraise=True,
            stop=stop_after_attempt(max(1, self.settings.attempts)),
            wait=wait_exponential(multiplier=self.settings.backoff, max=30))
        try:
            return retrying(self._get_once, url, params)
        except requests.ConnectionError as error:
            raise SyncError(
                f"Geen verbinding met {host(url)}. Controleer of u online bent, of importeer "
                "bestanden die u al heeft, bijvoorbeeld: assistant import cvdr map/*.xml") from error
        except requests.Timeout as error:
            raise SyncError(f"{host(url)} reageerde niet op tijd. Probeer het later opnieuw.") from error
        except RetryableStatus as error:
            code = error.response.status_code
            raise SyncError(f"{host(url)} gaf een fout (HTTP {code}). Probeer het later opnieuw.") from error
        except requests.HTTPError as error:
            code = error.response.status_code if error.response is not None else "?"
            what = "niet gevonden" if code == 404 else f"geweigerd (HTTP {code})"
            raise SyncError(f"Het bestand {url} is {what}.") from error
        except requests.RequestException as error:
            raise SyncError(f"Ophalen bij {host(url)} is mislukt ({type(error).__name__}).") from error

    def _get_once(self, url: str, params: dict | None) -> bytes:
        response = self.session.get(url, params=params, timeout=self.settings.timeout,
                                    headers={"User-Agent": USER_AGENT})
        if response.status_code == 429 or response.status_code >= 500:
            raise RetryableStatus(response)
        response.raise_for_status()
        return response.content


def host(url: str) -> str:
    return urlparse(url).netloc or url


def search_cvdr(gemeente: str | None, query: str | None, base_url: str | None = None,
                on: date | None = None, fetcher: Fetcher | None = None) -> list[SruRecord]:
    """CVDR versions of `gemeente` matching `query` that are in force `on` (default today)."""
    fetcher = fetcher or Fetcher()
    base_url = base_url or fetcher.settings.sru_url
    try:
        cql = build_cvdr_query(gemeente, query)
    except ValueError:
        raise SyncError("Geef een gemeente (--gemeente) of zoekwoorden (--query) op.") from None
    records: list[SruRecord] = []
    start = 1
    for _ in range(MAX_PAGES):
        params = {"operation": "searchRetrieve", "version": "2.0", "x-connection": "cvdr",
                  "query": cql, "startRecord": start, "maximumRecords": PAGE_SIZE}
        body = fetcher.get(base_url, params)
        try:
            page = parse_search_page(body)
        except (ValueError, etree.XMLSyntaxError) as error:
            raise SyncError(f"De zoekdienst gaf geen bruikbaar antwoord: {error}") from error
        records.extend(page.records)
        if not page.records or page.next_position is None or page.next_position <= start:
            break
        start = page.next_position
    # The endpoint may mix in other publications; only CVDR regulations can be imported.
    regulations = [r for r in records if r.identifier.upper().startswith("CVDR") and r.xml_url]
    return sorted(select_in_force(regulations, on or date.today()), key=lambda r: r.identifier)


def download(url: str, fetcher: Fetcher | None = None) -> bytes:
    return (fetcher or Fetcher()).get(url)


def fetch_bwb(bwb_id: str, base_url: str | None = None, on: date | None = None,
              fetcher: Fetcher | None = None) -> bytes:
    """The XML of the toestand of law `bwb_id` in force `on` (default today)."""
    fetcher = fetcher or Fetcher()
    base = (base_url or fetcher.settings.bwb_url).rstrip("/") + f"/{bwb_id}/"
    manifest = fetcher.get(urljoin(base, "manifest.xml"))
    try:
        item = pick_toestand(manifest, on or date.today())
    except (ValueError, etree.XMLSyntaxError) as error:
        raise SyncError(f"Het overzicht van {bwb_id} is niet te lezen: {error}") from error
    if item is None:
        raise SyncError(f"Er is geen versie van {bwb_id} gevonden die geldt op {(on or date.today()).isoformat()}.")
    return fetcher.get(urljoin(base, item))


@dataclass(frozen=True)
class Toestand:
    start: str
    end: str | None
    item: str  # path relative to the work folder, e.g. 2024-01-01_0/xml/BWBR0035362_2024-01-01_0.xml


def pick_toestand(manifest: bytes, on: date) -> str | None:
    """The XML item of the newest toestand in force `on`; else the manifest's latest item."""
    root = load_xml(manifest)
    day = on.isoformat()
    valid = [t for t in map(read_toestand, find_all(root, "expression")) if t is not None
             and t.start <= day and (t.end is None or day <= t.end)]
    if valid:
        return max(valid, key=lambda t: (t.start, t.item)).item
    return root.get("_latestItem")


def read_toestand(expression: etree._Element) -> Toestand | None:
    label = expression.get("label") or ""
    start = first_text(expression, "datum_inwerkingtreding") or label[:10]
    end = first_text(expression, "einddatum")
    items = [i.get("label") for m in expression.iter() if local(m) == "manifestation" and m.get("label") == "xml"
             for i in m if local(i) == "item" and i.get("label")]
    if not label or not items or len(start) < 10:
        return None
    return Toestand(start[:10], end[:10] if end else None, f"{label}/xml/{items[0]}")
