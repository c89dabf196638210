"""Keyboard only: launcher, question, answer with citations, source page, Escape back to the launcher."""
from __future__ import annotations

import re

import pytest

from assistant.web.extensions import INDEX
from tests.browser.helpers import QUESTION, active_in_widget, shadow, tab_until, wait_for_widget

pytestmark = pytest.mark.browser

COUNT_ANNOUNCEMENTS = """() => {
  const live = document.querySelector('assistant-chat').shadowRoot.querySelector('[aria-live]');
  window.__announced = [];
  new MutationObserver(() => { if (live.textContent.trim()) window.__announced.push(live.textContent); })
    .observe(live, {childList: true, characterData: true, subtree: true});
}"""


def test_keyboard_only_question_to_source_and_back(live, context, page):
    page.goto(f"{live.url}/widget/demo")
    wait_for_widget(page)
    page.evaluate(COUNT_ANNOUNCEMENTS)

    assert tab_until(page, "launcher"), "Tab never reached the launcher"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('assistant-chat').shadowRoot.activeElement?.classList.contains('question')")
    assert shadow(page, "return root.querySelector('[role=dialog]').getAttribute('aria-modal')") == "true"

    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    page.locator("assistant-chat .cite").first.wait_for()
    answer = shadow(page, """const bubble = [...root.querySelectorAll('.msg.bot .bubble')].pop().cloneNode(true);
      bubble.querySelectorAll('.sr').forEach((n) => n.remove());
      return bubble.textContent;""")
    assert "[1]" in answer

    # The complete answer is announced once, without the [n] markers; the tokens are not.
    page.wait_for_function("() => window.__announced.length > 0")
    announced = page.evaluate("window.__announced")
    assert len(announced) == 1
    assert announced[0].startswith("Antwoord: ") and "[1]" not in announced[0]
    assert announced[0].removeprefix("Antwoord: ").strip() == re.sub(r"\s*\[\d+\]", "", answer).strip()

    assert tab_until(page, "cite"), "Tab never reached a citation link"
    href = shadow(page, "return root.activeElement.href")
    with context.expect_page() as opened:
        page.keyboard.press("Enter")
    source = opened.value
    source.wait_for_load_state()
    assert source.url == href and "/bronnen/" in source.url
    chunk_id = source.url.split("/bronnen/", 1)[1].replace("%3A", ":")
    cited, _document = live.app.extensions[INDEX].chunk(chunk_id)
    assert source.locator("mark").text_content() == cited.text
    assert source.locator("h1").count() == 1
    source.close()

    page.bring_to_front()
    page.keyboard.press("Escape")
    assert shadow(page, "return root.querySelector('.panel').hidden") is True
    assert active_in_widget(page) == "launcher"


def test_focus_stays_in_the_open_dialog(live, page):
    page.goto(f"{live.url}/widget/demo")
    wait_for_widget(page)
    assert tab_until(page, "launcher")
    page.keyboard.press("Enter")
    seen = set()
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = active_in_widget(page)
        assert focused is not None, "focus left the dialog"
        seen.add(focused)
    assert {"question", "send", "gemeente"} <= seen
    page.keyboard.press("Shift+Tab")
    assert active_in_widget(page) is not None
