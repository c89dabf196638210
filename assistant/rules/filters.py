"""Which documents may be cited for a gemeente on a date (peildatum), and notes on validity.

Seed documents (letters, reports) are always eligible. Imported rules count only when in force
on the peildatum; municipal rules also only for the gemeente asked about. Laws (BWB) have no
gemeente, so they stay eligible for every gemeente, but their dates count like any rule's.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from knowledge.overheid_xml import strip_gemeente
from knowledge.documents import Document
from knowledge.gemeente_names import canonical_key

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")


def same_gemeente(a: str | None, b: str | None) -> bool:
    """'Gemeente Oude IJsselstreek' and 'oude ijsselstreek' are the same gemeente, and so are
    "Den Haag" and "'s-Gravenhage" (`knowledge.gemeente_names`)."""
    left, right = gemeente_key(a), gemeente_key(b)
    return left is not None and left == right


@lru_cache(maxsize=4096)
def gemeente_key(name: str | None) -> str | None:
    """A filter compares the asked gemeente with every document's: a few hundred names, remembered."""
    stripped = strip_gemeente(name)
    return None if stripped is None else canonical_key(stripped)


def is_rule(document: Document) -> bool:
    return document.origin == "import"


def is_in_force(document: Document, peildatum: date) -> bool:
    """Both dates inclusive; a rule without a start date counts as started."""
    day = peildatum.isoformat()
    return (document.valid_from is None or document.valid_from <= day) and (
        document.valid_to is None or day <= document.valid_to)


@dataclass(frozen=True)
class EligibleFor:
    """A filter for HybridIndex.search: national sources, plus rules valid for gemeente and date.

    A value, not a closure: the index caches the rows it selects, per gemeente and date."""

    gemeente: str | None
    peildatum: date

    def __call__(self, document: Document) -> bool:
        if not is_rule(document):
            return True
        if not is_in_force(document, self.peildatum):
            return False
        return self.gemeente is None or document.gemeente is None or same_gemeente(document.gemeente, self.gemeente)


@dataclass(frozen=True)
class MunicipalRulesOf:
    """Only that gemeente's own rules in force: for comparing gemeenten side by side."""

    gemeente: str
    peildatum: date

    def __call__(self, document: Document) -> bool:
        return is_rule(document) and same_gemeente(document.gemeente, self.gemeente) and is_in_force(document, self.peildatum)


def eligible_for(gemeente: str | None, peildatum: date) -> Callable[[Document], bool]:
    return EligibleFor(gemeente, peildatum)


def municipal_rules_of(gemeente: str, peildatum: date) -> Callable[[Document], bool]:
    return MunicipalRulesOf(gemeente, peildatum)


def format_date(iso: str | date) -> str:
    """'2025-01-01' -> '1 januari 2025', the way dates are written in Dutch letters."""
    day = iso if isinstance(iso, date) else date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def in_force_note(document: Document, peildatum: date) -> str | None:
    """One Dutch sentence when a cited rule is not in force on the peildatum, else None."""
    if not is_rule(document) or is_in_force(document, peildatum):
        return None
    when = format_date(peildatum)
    if document.valid_from and peildatum.isoformat() < document.valid_from:
        return (f"Let op: '{document.title}' geldt pas vanaf {format_date(document.valid_from)}; "
                f"op {when} was deze regeling nog niet van kracht.")
    return (f"Let op: '{document.title}' gold tot en met {format_date(document.valid_to or when)}; "
            f"op {when} is deze regeling niet meer van kracht.")
