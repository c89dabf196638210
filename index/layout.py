"""Where an index lives on disk, the atomic swap of a finished build, and which builds to keep.

    <root>/current             symlink to the build in use
    <root>/builds/<id>/        store.db (chunks, documents, FTS) + vectors.faiss (written last)
    <root>/builds/<id>/.lease  processes serving this build hold a shared lock on it
    <root>/build.lock          held by the one build that may run at a time
    <root>/embeddings.db       embedding cache by (model, content hash), shared across builds
    <root>/imports.db          imported rules and laws; kept across builds

Locks are flock(2) locks: the kernel drops them when a process dies, even by SIGKILL, so a
crashed build or server never leaves a stale lock behind.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

REPO_ROOT = Path(__file__).resolve().parents[1]
LEASE = ".lease"


def default_index_dir() -> Path:
    return Path(os.environ.get("ASSISTANT_INDEX_DIR") or REPO_ROOT / "index" / "data")


class BuildInProgress(RuntimeError):
    """Another process is building this index right now."""


def is_complete(build: Path) -> bool:
    # vectors.faiss is moved into place last, after store.db is closed: both means finished.
    return (build / "store.db").exists() and (build / "vectors.faiss").exists()


def is_in_use(build: Path) -> bool:
    """True while some process holds a lease on `build` (see IndexLayout.lease)."""
    try:
        handle = open(build / LEASE, "rb")
    except FileNotFoundError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


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
        return target if is_complete(target) else None

    def new_build_dir(self) -> Path:
        path = self.builds / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
        path.mkdir(parents=True)
        (path / LEASE).touch()
        return path

    @contextmanager
    def build_lock(self, wait: float = 1.0) -> Iterator[None]:
        """Exclusive right to build here; BuildInProgress when another process keeps it. Waits
        `wait` seconds first: `is_building` takes the lock for a moment to test it."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "build.lock", "a") as handle:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise BuildInProgress(f"a build is running in {self.root}") from None
                    time.sleep(0.05)
            yield

    def is_building(self) -> bool:
        try:
            with self.build_lock(wait=0):
                return False
        except BuildInProgress:
            return True

    def lease(self, build: Path) -> IO[bytes] | None:
        """A shared lock on `build` for as long as the returned file stays open: pruning in
        any process leaves the build alone. None for a read-only index without a lease file
        (nothing can prune it then either)."""
        try:
            handle = open(build / LEASE, "ab")
        except PermissionError:
            try:
                handle = open(build / LEASE, "rb")
            except OSError:
                return None
        fcntl.flock(handle, fcntl.LOCK_SH)
        return handle

    def publish(self, build: Path) -> None:
        """Point `current` at `build` in one rename, so readers see the old or the new build."""
        tmp = self.root / f".current-{uuid.uuid4().hex[:6]}"
        tmp.symlink_to(build.relative_to(self.root))
        os.replace(tmp, self.current_link)
        self.prune(keep=build)

    def prune(self, keep: Path) -> None:
        """Keep `keep` and the newest complete build before it; remove the rest (unfinished
        builds of crashed runs too), except builds a running process still has open."""
        for stale in self.root.glob(".current-*"):  # link of a build killed before its swap
            stale.unlink(missing_ok=True)
        if not self.builds.exists():
            return
        others = sorted((p for p in self.builds.iterdir() if p.is_dir() and p != keep), key=lambda p: p.name)
        previous = next((p for p in reversed(others) if is_complete(p)), None)
        for old in others:
            if old != previous and not is_in_use(old):
                shutil.rmtree(old, ignore_errors=True)
