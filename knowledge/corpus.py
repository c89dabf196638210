"""The corpus folder and its manifest: which files are sources, and what each one is."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from knowledge.cleaning import strip_furniture
from knowledge.documents import Document, slugify
from knowledge.loaders import SUPPORTED_SUFFIXES, load_file

log = logging.getLogger(__name__)

DEFAULT_CORPUS = Path(__file__).parent / "corpus"
MANIFEST = "manifest.json"


class ManifestError(ValueError):
    """The manifest does not match the files it describes."""


@dataclass(frozen=True)
class SourceText:
    """One document and its text (page furniture already removed)."""

    document: Document
    text: str


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)


def read_manifest(folder: Path) -> dict[str, dict]:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    entries = json.loads(path.read_text(encoding="utf-8"))["documents"]
    return {entry["file"]: entry for entry in entries}


def missing_manifest_entries(folder: Path) -> list[str]:
    manifest = read_manifest(folder)
    return [p.name for p in corpus_files(folder) if p.name not in manifest]


def read_corpus(folder: Path = DEFAULT_CORPUS) -> list[SourceText]:
    manifest = read_manifest(folder)
    sources: list[SourceText] = []
    for path in corpus_files(folder):
        loaded = load_file(path)
        text = strip_furniture(loaded.text)
        entry = manifest.get(path.name)
        if entry is None:
            # Organisations may drop files in without editing the manifest; they still get read.
            log.warning("no manifest entry for %s; using metadata found in the file", path.name)
            entry = {"id": slugify(path.stem, 60), "title": loaded.title or path.stem, "type": "document"}
        if entry.get("parts"):
            sources.extend(split_parts(path.name, entry, loaded.text, text))
        else:
            sources.append(SourceText(document_from(entry, path.name), text))
    ids = [s.document.id for s in sources]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ManifestError(f"duplicate document ids: {sorted(duplicates)}")
    return sources


def split_parts(file_name: str, entry: dict, raw: str, text: str) -> list[SourceText]:
    """A bundle file holds several letters: each part becomes a document of its own.

    Part boundaries are checked on the raw text, since furniture removal may blank a part's
    first lines (an address block that recurs in every letter).
    """
    raw_lines = raw.replace("\r\n", "\n").split("\n")
    lines = text.split("\n")
    parts = sorted(entry["parts"], key=lambda p: p["start_line"])
    out = []
    for n, part in enumerate(parts):
        start = part["start_line"] - 1
        end = parts[n + 1]["start_line"] - 1 if n + 1 < len(parts) else len(lines)
        body = lines[start:end]
        first = next((line.strip() for line in raw_lines[start:end] if line.strip()), "")
        if not first.startswith(part["first_line"]):
            raise ManifestError(
                f"{file_name}: part {part['id']} should start with {part['first_line']!r}, found {first!r}"
            )
        out.append(SourceText(document_from(part, file_name), "\n".join(body)))
    return out


def document_from(entry: dict, file_name: str) -> Document:
    return Document(
        id=entry["id"],
        title=entry["title"],
        type=entry.get("type", "document"),
        organisation=entry.get("organisation"),
        date=entry.get("date"),
        reference=entry.get("reference"),
        url=entry.get("url"),
        source_file=file_name,
    )
