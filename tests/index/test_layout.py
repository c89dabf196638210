"""Pruning keeps the current build and the newest complete one before it, never a build that a
process still serves; only one build runs at a time."""
from __future__ import annotations

import pytest

from index.layout import BuildInProgress, IndexLayout, is_in_use


def make_build(layout: IndexLayout, name: str, complete: bool = True):
    build = layout.builds / name
    build.mkdir(parents=True)
    (build / ".lease").touch()
    (build / "store.db").write_bytes(b"x")
    if complete:
        (build / "vectors.faiss").write_bytes(b"x")
    return build


def test_prune_keeps_current_and_newest_complete_previous(tmp_path):
    layout = IndexLayout(tmp_path)
    oldest, served, previous = make_build(layout, "1"), make_build(layout, "2"), make_build(layout, "3")
    crashed = make_build(layout, "4", complete=False)  # newer, but never finished
    current = make_build(layout, "5")
    (tmp_path / ".current-abc123").symlink_to("builds/4")  # left by a build killed before its swap
    lease = layout.lease(served)
    try:
        assert is_in_use(served) and not is_in_use(oldest)
        layout.publish(current)
        kept = sorted(p.name for p in layout.builds.iterdir())
        assert kept == ["2", "3", "5"]  # 2 is still served by a process; 1 and the crashed 4 go
        assert not (tmp_path / ".current-abc123").exists()
        assert layout.current_build() == current.resolve()
    finally:
        lease.close()
    assert not is_in_use(served)
    layout.prune(keep=current)
    assert sorted(p.name for p in layout.builds.iterdir()) == ["3", "5"]
    assert not crashed.exists() and previous.exists()


def test_one_build_at_a_time(tmp_path):
    layout = IndexLayout(tmp_path)
    with layout.build_lock():
        assert layout.is_building()
        with pytest.raises(BuildInProgress):
            with layout.build_lock(wait=0.1):
                pass
    assert not layout.is_building()
