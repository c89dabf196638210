"""Small steps the browser tests share: reach into the widget's shadow root, ask, run axe."""
from __future__ import annotations

QUESTION = "Wat is een gehandicaptenparkeerkaart?"
ACTIVE = """() => {
  const host = document.querySelector('assistant-chat');
  if (!host || document.activeElement !== host) return null;
  const el = host.shadowRoot.activeElement;
  return el ? (el.className || el.tagName.toLowerCase()) : null;
}"""


def wait_for_widget(page) -> None:
    page.wait_for_function("() => document.querySelector('assistant-chat')?.shadowRoot?.querySelector('.panel')")


def active_in_widget(page) -> str | None:
    return page.evaluate(ACTIVE)


def tab_until(page, css_class: str, limit: int = 40) -> bool:
    """Press Tab until the focused element inside the widget has `css_class`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if css_class in (active_in_widget(page) or "").split():
            return True
    return False


def open_widget(page) -> None:
    wait_for_widget(page)
    page.locator("assistant-chat .launcher").click()
    page.locator("assistant-chat .question").wait_for(state="visible")


def ask(page, question: str = QUESTION) -> None:
    """Type a question, send it with Enter, wait until the answer (or an error) is shown."""
    page.locator("assistant-chat .question").fill(question)
    page.locator("assistant-chat .question").press("Enter")
    page.wait_for_function("""() => {
      const root = document.querySelector('assistant-chat').shadowRoot;
      return !root.querySelector('.log[aria-busy]') && root.querySelectorAll('.msg.bot').length > 1;
    }""")


def shadow(page, script: str):
    """Evaluate `script` with `root` bound to the widget's shadow root."""
    return page.evaluate(f"() => {{ const root = document.querySelector('assistant-chat').shadowRoot; {script} }}")


def axe_violations(page, axe_source: str) -> list[dict]:
    page.evaluate(axe_source)
    return page.evaluate("""async (tags) => {
      const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
      return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
    }""", ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
