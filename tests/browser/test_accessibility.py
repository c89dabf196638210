"""axe-core (WCAG 2.1 A + AA) on the open widget and the source pages; 320 px reflow; motion; colours."""
from __future__ import annotations

import dataclasses

import pytest

from assistant.web.extensions import GENERATOR, INDEX
from tests.browser.helpers import ask, axe_violations, open_widget, shadow, wait_for_widget

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 320])
def test_open_widget_with_answer_has_no_wcag_violations(live, browser, axe_source, artifacts, width):
    context = browser.new_context(viewport={"width": width, "height": 800 if width > 320 else 640}, locale="nl-NL",
                                  reduced_motion="reduce")  # no smooth scroll mid-screenshot
    try:
        page = context.new_page()
        page.goto(f"{live.url}/widget/demo")
        open_widget(page)
        ask(page)
        assert page.locator("assistant-chat .cite").count() >= 1
        page.screenshot(path=str(artifacts / f"widget-{'desktop' if width > 320 else '320px'}.png"))
        assert axe_violations(page, axe_source) == []
    finally:
        context.close()


def test_inline_widget_on_another_site_has_no_wcag_violations(live, page, axe_source):
    page.goto(live.allowed.origin + "/inline.html")
    wait_for_widget(page)
    ask(page)
    assert page.locator("assistant-chat .cite").count() >= 1
    assert axe_violations(page, axe_source) == []


def test_position_left_puts_launcher_and_dialog_on_the_left(live, page):
    page.goto(f"{live.url}/widget/demo")
    page.evaluate("""() => {
      document.querySelector('assistant-chat')?.remove();
      const chat = document.createElement('assistant-chat');
      chat.setAttribute('position', 'left');
      document.body.append(chat);
    }""")
    wait_for_widget(page)
    assert page.locator("assistant-chat .launcher").bounding_box()["x"] < 100
    open_widget(page)
    assert page.locator("assistant-chat .panel").bounding_box()["x"] < 100


def test_source_pages_have_no_wcag_violations(live, page, axe_source, artifacts):
    index = live.app.extensions[INDEX]
    document_id = next(iter(index.documents))
    chunk_id = index.document_chunks(document_id)[0].id
    for path in ("/", "/bronnen/", f"/bronnen/document/{document_id}", f"/bronnen/{chunk_id}"):
        page.goto(live.url + path)
        assert axe_violations(page, axe_source) == [], path
    page.screenshot(path=str(artifacts / "source-page.png"), full_page=True)


@pytest.mark.parametrize("height", [640, 256])  # a phone, and 1280x1024 at 400% zoom
def test_at_320_px_nothing_scrolls_sideways_or_is_cut_off(live, browser, axe_source, artifacts, height):
    context = browser.new_context(viewport={"width": 320, "height": height}, locale="nl-NL", reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(f"{live.url}/widget/demo")
        open_widget(page)
        ask(page)
        box = page.locator("assistant-chat .panel").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert shadow(page, "const p = root.querySelector('.panel'); return p.scrollWidth <= p.clientWidth") is True
        # Every control can be brought into view inside the 320 px wide dialog.
        unreachable = shadow(page, """return [...root.querySelectorAll('.panel a, .panel button, .panel input')].filter((el) => {
            el.scrollIntoView({block: 'nearest'});
            const r = el.getBoundingClientRect();
            return r.width === 0 || r.left < -1 || r.right > 321 || r.top < -1 || r.bottom > innerHeight + 1;
          }).map((el) => el.className || el.tagName)""")
        assert unreachable == []
        page.screenshot(path=str(artifacts / f"widget-320x{height}.png"))
    finally:
        context.close()


def test_source_pages_at_320_px(live, browser, axe_source):
    index = live.app.extensions[INDEX]
    document_id = max(index.documents, key=lambda d: len(index.document_chunks(d)))
    chunk_id = index.document_chunks(document_id)[-1].id
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nl-NL")
    try:
        page = context.new_page()
        for path in ("/", "/bronnen/", f"/bronnen/document/{document_id}", f"/bronnen/{chunk_id}"):
            page.goto(live.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
            assert axe_violations(page, axe_source) == [], path
    finally:
        context.close()


@pytest.mark.parametrize(("motion", "animation"), [("reduce", "none"), ("no-preference", "rise")])
def test_opening_animation_follows_reduced_motion(live, browser, motion, animation):
    context = browser.new_context(reduced_motion=motion)
    try:
        page = context.new_page()
        page.goto(f"{live.url}/widget/demo")
        open_widget(page)
        assert shadow(page, "return getComputedStyle(root.querySelector('.panel')).animationName") == animation
    finally:
        context.close()


def launcher_colours(page) -> tuple[str, str]:
    return tuple(shadow(page, "const s = getComputedStyle(root.querySelector('.launcher')); return [s.backgroundColor, s.color]"))


def test_unreadable_colours_fall_back_to_the_default_theme(live, page):
    warnings = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    page.goto(f"{live.url}/widget/demo")
    wait_for_widget(page)
    default = launcher_colours(page)
    page.evaluate("""() => {
      const chat = document.createElement('assistant-chat');
      chat.setAttribute('primary-color', '#ffff66');  // 1.1:1 on white
      document.querySelector('assistant-chat').remove();
      document.body.append(chat);
    }""")
    assert launcher_colours(page) == default
    assert any("primary-color" in w and "contrast" in w for w in warnings), warnings


def test_readable_colour_override_is_used(live, page):
    warnings = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    page.goto(f"{live.url}/widget/demo")
    wait_for_widget(page)
    page.evaluate("""() => {
      const chat = document.createElement('assistant-chat');
      chat.setAttribute('primary-color', '#00561f');
      document.querySelector('assistant-chat').remove();
      document.body.append(chat);
    }""")
    assert launcher_colours(page) == ("rgb(0, 86, 31)", "rgb(255, 255, 255)")
    assert warnings == []


def test_refusal_offers_related_passages_as_accessible_links(live, page, axe_source, artifacts):
    generator = live.app.extensions[GENERATOR]
    models = generator.models
    generator.models = dataclasses.replace(models, answer_threshold=1.01)  # nothing is good enough: not_found
    try:
        page.goto(f"{live.url}/widget/demo")
        open_widget(page)
        with page.expect_response("**/api/chat/stream"):
            ask(page)
        related = shadow(page, """const bot = [...root.querySelectorAll('.msg.bot')].pop();
          return {heading: bot.querySelector('h3')?.textContent, cited: bot.querySelectorAll('ol a').length,
                  links: [...bot.querySelectorAll('ul a')].map((a) => [a.getAttribute('href'), a.textContent]),
                  excerpts: [...bot.querySelectorAll('ul li')].map((li) => li.querySelector('p.excerpt')?.textContent)}""")
        assert related["heading"] == "Teksten die op uw vraag lijken" and related["cited"] == 0
        assert 1 <= len(related["links"]) <= 3
        for href, text in related["links"]:
            assert "/bronnen/" in href and text.endswith("(opent in een nieuw tabblad)")
        # Each link with the line of its text closest to the question, quoted, outside the link.
        assert len(related["excerpts"]) == len(related["links"])
        assert all(e and e.startswith("„") and e.endswith("”") and len(e) > 10 for e in related["excerpts"])
        page.locator("assistant-chat .msg.bot").last.screenshot(path=str(artifacts / "widget-related.png"))
        assert axe_violations(page, axe_source) == []
        page.reload()  # kept with the conversation in this tab
        open_widget(page)
        assert shadow(page, "return [...root.querySelectorAll('.msg.bot')].pop().querySelectorAll('ul a').length") == len(related["links"])
    finally:
        generator.models = models
