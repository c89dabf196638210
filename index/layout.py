"""Where an index lives on disk, and the atomic swap of a finished build into place.

    <root>/current        symlink to the build in use
    <root>/builds/<id>/   store.db (chunks, documents, FTS) + vectors.faiss
    <root>/embeddings.db  embedding cache by (model, content hash), shared across builds
    <root>/imports.db     imported rules and laws; kept across builds
"""
from __future__ import annotations

import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def default_index_dir() -> Path:
    return Path(os.environ.get("ASSISTANT_INDEX_DIR") or REPO_ROOT / "index" / "data")


@dataclass(frozen=True)
class IndexLayout:
    root: Path

    @property
    def builds(self) -> Path:
        return self.root / "builds"

    @property
    def current_link(self) -> Path:
        return self.root / "current"

    @property
    def embeddings_db(self) -> Path:
        return self.root / "embeddings.db"

    @property
    def imports_db(self) -> Path:
        return self.root / "imports.db"

    def current_build(self) -> Path | None:
        link = self.current_link
        if not link.is_symlink() and not link.exists():
            return None
        target = link.resolve()
        return target if (target / "store.db").exists() and (target / "vectors.faiss").exists() else None

    def new_build_dir(self) -> Path:
        path = self.builds / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
        path.mkdir(parents=True)
        return path

    def publish(self, build: Path) -> None:
        """Point `current` at `build` in one rename, so readers see the old or the new build."""
        tmp = self.root / f".current-{uuid.uuid4().hex[:6]}"
        tmp.symlink_to(build.relative_to(self.root))
        os.replace(tmp, self.current_link)
        self.prune(keep=build)

    def prune(self, keep: Path) -> None:
        """Remove builds other than `keep` and the one before it (a process may still read it)."""
        if not self.builds.exists():
            return
        others = sorted((p for p in self.builds.iterdir() if p.is_dir() and p != keep), key=lambda p: p.name)
        for old in others[:-1]:
            shutil.rmtree(old, ignore_errors=True)
