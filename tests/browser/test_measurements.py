"""Widget size and opening speed, measured in the browser test and printed in the summary.

Not asserted: speed targets belong in benchmarks/widget.py, which repeats the measurement.
"""
from __future__ import annotations

import gzip

import pytest

from tests.browser.conftest import METRICS, OPEN_TO_FOCUS
from tests.browser.helpers import active_in_widget, wait_for_widget

pytestmark = pytest.mark.browser


def test_widget_script_size_as_downloaded(live, page):
    response = page.goto(f"{live.url}/widget.js")
    body = response.body()
    assert response.headers["content-type"].startswith("text/javascript")
    METRICS["widget.js size"] = f"{len(body)} bytes, {len(gzip.compress(body, 9))} bytes gzip"


def test_time_from_launcher_click_to_focused_input(live, page):
    """Measured and printed, not asserted: speed targets belong in benchmarks/widget.py."""
    page.goto(f"{live.url}/widget/demo")
    wait_for_widget(page)
    elapsed = page.evaluate(OPEN_TO_FOCUS)
    assert active_in_widget(page) == "question"
    METRICS["launcher click -> focused input (to next frame)"] = f"{elapsed:.1f} ms"
