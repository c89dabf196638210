"""Pyflakes-level checks (unused imports, undefined names) with ruff over the whole project."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_no_undefined_names_or_unused_imports():
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists() and shutil.which("ruff") is None:
        pytest.skip("ruff not installed")
    result = subprocess.run(
        [str(ruff if ruff.exists() else "ruff"), "check", "--select", "F,E9", "knowledge", "index", "assistant", "tests", "benchmarks", "wsgi.py"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout
