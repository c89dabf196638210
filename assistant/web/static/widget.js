/* <assistant-chat>: the assistant as an embeddable, accessible chat (WCAG 2.1 AA).
 * Plain script, no framework, no build step. Embed:
 *   <script src="https://HOST/widget.js" data-site="SITE_KEY" async></script>
 * or <assistant-chat site="SITE_KEY" mode="inline"></assistant-chat> plus the script.
 * Every option is an attribute (data-* on the script tag); see the README. */
(() => {
  "use strict";
  const script = document.currentScript;
  // The service's address: where this script came from (keeps a path prefix such as /assistent).
  const scriptBase = script && script.src
    ? new URL(script.src, location.href).href.replace(/\/widget\.js([?#].*)?$/, "")
    : location.origin;

  const TEXTS = {
    launcher: "Stel een vraag",
    close: "Sluiten",
    new: "Nieuw gesprek",
    "question-label": "Uw vraag",
    placeholder: "Typ hier uw vraag",
    "gemeente-label": "Uw gemeente (niet verplicht)",
    send: "Versturen",
    waiting: "Even geduld. De assistent zoekt een antwoord.",
    error: "Er ging iets mis. Probeer het later opnieuw.",
    you: "U",
    assistant: "Assistent",
    sources: "Bronnen",
    related: "Teksten die op uw vraag lijken",
    source: "Bron",
    "new-tab": "(opent in een nieuw tabblad)",
    feedback: "Had u iets aan dit antwoord?",
    yes: "Ja",
    no: "Nee",
    thanks: "Bedankt voor uw reactie.",
    "answer-ready": "Antwoord:",
    conversation: "Gesprek",
    disclaimer: "De assistent zoekt in officiële stukken en noemt de bronnen. Controleer belangrijke zaken bij uw gemeente.",
  };
  const DEFAULTS = {
    "chat-title": "Vragen over zorg en ondersteuning",
    greeting: "Hallo! Stel hier uw vraag over zorg en ondersteuning, bijvoorbeeld over de Wmo of een gehandicaptenparkeerkaart. Ik zoek het antwoord in officiële stukken.",
  };
  // Default theme: every pair below passes the contrast check (WCAG 1.4.3 / 1.4.11).
  const COLORS = {
    "primary-color": "#1d4f91",
    "primary-text-color": "#ffffff",
    "background-color": "#ffffff",
    "text-color": "#1b1b1b",
  };
  const CONTRAST_PAIRS = [
    ["primary-text-color", "primary-color"], // launcher, send button, own messages
    ["text-color", "background-color"],
    ["primary-color", "background-color"], // links, borders, focus ring
  ];
  const MIN_CONTRAST = 4.5;
  const HISTORY_LIMIT = 30;

  const CSS = `
:host { all: initial; }
:host([mode="inline"]) { display: block; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.root { font: 400 max(16px, 1rem)/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: var(--text); overflow-wrap: anywhere; }
button, input { font: inherit; color: inherit; }
:focus-visible { outline: 3px solid var(--primary); outline-offset: 2px; }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.launcher { position: fixed; bottom: 1rem; right: 1rem; z-index: 2147483000; display: inline-flex; gap: .5rem;
  align-items: center; min-height: 48px; padding: .6rem 1.1rem; border: 2px solid var(--primary-text);
  border-radius: 999px; background: var(--primary); color: var(--primary-text); font-weight: 600; cursor: pointer;
  box-shadow: 0 2px 8px rgba(0,0,0,.35); }
.launcher:focus-visible { outline-offset: 3px; box-shadow: 0 0 0 3px var(--bg); }
.launcher svg { width: 1.4em; height: 1.4em; fill: currentColor; }
.panel { display: flex; flex-direction: column; background: var(--bg); color: var(--text);
  border: 2px solid var(--primary); border-radius: 12px; overflow: hidden; }
.modal .panel { position: fixed; z-index: 2147483001; bottom: 1rem; right: 1rem;
  width: min(26rem, calc(100vw - 2rem)); height: min(40rem, calc(100vh - 2rem)); box-shadow: 0 6px 24px rgba(0,0,0,.3);
  animation: rise .18s ease-out; }
.left .launcher, .left .panel { right: auto; left: 1rem; }
.inline .panel { min-height: 28rem; max-height: 48rem; height: 70vh; }
@keyframes rise { from { opacity: 0; transform: translateY(1rem); } }
header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; padding: .6rem .75rem;
  border-bottom: 3px solid var(--primary); }
h2 { flex: 1 1 10rem; margin: 0; font-size: 1.125em; line-height: 1.3; }
.text-button { min-height: 44px; padding: .3rem .75rem; border: 2px solid var(--primary); border-radius: 8px;
  background: var(--bg); color: var(--primary); font-weight: 600; cursor: pointer; }
.close { min-width: 44px; padding: .3rem; }
.close svg { width: 1.1em; height: 1.1em; fill: currentColor; vertical-align: middle; }
.log { flex: 1 1 auto; overflow-y: auto; padding: .75rem; }
.msg { margin: 0 0 1rem; }
.who { margin: 0 0 .2rem; font-size: .875em; font-weight: 700; }
.bubble { margin: 0; padding: .6rem .8rem; border-radius: 10px; white-space: pre-line; }
.user { margin-left: 2rem; }
.user .bubble { background: var(--primary); color: var(--primary-text); }
.bot .bubble { border: 1px solid var(--text); }
.bubble a { color: inherit; }
.bot a { color: var(--primary); font-weight: 600; }
h3 { margin: .6rem 0 .2rem; font-size: 1em; }
ol, ul { margin: 0; padding-left: 1.6rem; }
li { margin: .3rem 0; }
.section { display: block; font-size: .9375em; font-weight: 400; }
.excerpt { margin: .15rem 0 0; font-style: italic; }
.error .bubble { border-width: 3px; }
.feedback { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin-top: .5rem; }
.feedback p { margin: 0; }
.feedback svg { width: 1.1em; height: 1.1em; fill: currentColor; vertical-align: -.15em; margin-right: .3rem; }
.status { margin: 0; padding: 0 .75rem; min-height: 1.5em; font-style: italic; }
.status.busy::after { content: ""; display: inline-block; width: .6em; height: .6em; margin-left: .5em;
  border: 2px solid currentColor; border-right-color: transparent; border-radius: 50%; animation: spin .8s linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
form { display: flex; flex-wrap: wrap; gap: .4rem .5rem; padding: .6rem .75rem .75rem; border-top: 1px solid var(--text); }
label { flex: 1 1 100%; font-weight: 600; }
.question { flex: 1 1 10rem; min-width: 0; min-height: 44px; padding: .4rem .6rem; border: 2px solid var(--text);
  border-radius: 8px; background: var(--bg); }
.gemeente { flex: 1 1 100%; min-height: 44px; padding: .3rem .6rem; border: 2px solid var(--text); border-radius: 8px; background: var(--bg); }
.send { flex: 0 0 auto; min-height: 44px; padding: .4rem 1rem; border: 2px solid var(--primary); border-radius: 8px;
  background: var(--primary); color: var(--primary-text); font-weight: 600; cursor: pointer; }
.send:disabled { cursor: progress; }
.disclaimer { margin: .5rem 0; font-size: .875em; }
.setting { display: flex; flex-wrap: wrap; gap: .3rem; margin: 0 0 1rem; }
@media (max-width: 30rem), (max-height: 30rem) {
  .modal .panel { inset: 0; width: 100%; height: 100%; border-radius: 0; border-width: 0; }
  .user { margin-left: 1rem; }
}
@media (max-height: 30rem) {
  /* 400% zoom leaves ~250 px of height: the whole dialog scrolls as one, nothing is cut off. */
  .panel { overflow-y: auto; }
  .log { flex: none; overflow: visible; }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; scroll-behavior: auto !important; }
}
@media (forced-colors: active) { .panel, .launcher { border-color: CanvasText; } }
`;
  const ICONS = {
    chat: "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z",
    close: "M5.3 3.9 12 10.6l6.7-6.7 1.4 1.4-6.7 6.7 6.7 6.7-1.4 1.4-6.7-6.7-6.7 6.7-1.4-1.4 6.7-6.7-6.7-6.7z",
    up: "M2 10h4v11H2zM8 21h9.5a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 19 10h-5.5l.9-4.3A1.7 1.7 0 0 0 11.4 4L8 9.5z",
    down: "M2 3h4v11H2zM8 3h9.5a2 2 0 0 1 2 1.6l1.4 7A2 2 0 0 1 19 14h-5.5l.9 4.3a1.7 1.7 0 0 1-3 1.7L8 14.5z",
  };

  /** Element with attributes; `text` goes through textContent, never HTML. */
  function h(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  function icon(name) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    svg.append(path);
    return svg;
  }

  function luminance([r, g, b]) {
    const lin = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  }

  function contrast(a, b) {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }

  /** Failure the user should read: the server's own Dutch message. */
  class ServerError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /** The stream is not usable here (blocked, buffered away, missing endpoint): ask once instead. */
  class NoStream extends Error {}

  function parseEvent(block) {
    let event = "message";
    const data = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    return { event, data: data.length ? JSON.parse(data.join("\n")) : null };
  }

  class AssistantChat extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      this.site = this.opt("site", "");
      this.api = this.opt("api", scriptBase).replace(/\/+$/, "");
      this.modal = this.opt("mode", "launcher") !== "inline";
      this.storageKey = `assistant-chat:${this.site || "default"}`;
      this.state = this.load();
      this.busy = false;
      this.generation = 0; // bumped by "Nieuw gesprek": a late answer to the old one is dropped
      this.build();
      this.restore();
    }

    opt(name, fallback) {
      const value = this.getAttribute(name);
      return value === null || value.trim() === "" ? fallback : value.trim();
    }

    t(key) {
      return this.opt(`text-${key}`, TEXTS[key]);
    }

    /** Colours from attributes; all defaults when a pair would be hard to read. */
    theme() {
      const probe = h("span");
      this.shadowRoot.append(probe);
      const rgb = (value) => {
        probe.style.color = "";
        probe.style.color = value;
        if (!probe.style.color) return null;
        const m = getComputedStyle(probe).color.match(/[\d.]+/g);
        return m && m.length >= 3 && (m.length < 4 || Number(m[3]) === 1) ? m.slice(0, 3).map(Number) : null;
      };
      const chosen = {};
      let problem = null;
      for (const [name, fallback] of Object.entries(COLORS)) {
        const value = this.opt(name, fallback);
        chosen[name] = { value, rgb: rgb(value) };
        if (!chosen[name].rgb) problem = `${name}="${value}" is geen geldige, ondoorzichtige kleur`;
      }
      for (const [fg, bg] of CONTRAST_PAIRS) {
        if (problem) break;
        const ratio = contrast(chosen[fg].rgb, chosen[bg].rgb);
        if (ratio < MIN_CONTRAST) problem = `${fg} op ${bg} heeft contrast ${ratio.toFixed(2)}:1, minimaal ${MIN_CONTRAST}:1 nodig`;
      }
      probe.remove();
      if (problem) {
        console.warn(`<assistant-chat>: ${problem}; de standaardkleuren worden gebruikt.`);
        return { ...COLORS };
      }
      return Object.fromEntries(Object.entries(chosen).map(([k, v]) => [k, `rgb(${v.rgb.join(",")})`]));
    }

    styles(colors) {
      const vars = `:host { --primary: ${colors["primary-color"]}; --primary-text: ${colors["primary-text-color"]};
        --bg: ${colors["background-color"]}; --text: ${colors["text-color"]}; }`;
      const css = vars + CSS;
      // A constructed sheet is not an inline <style>, so a strict Content-Security-Policy allows it.
      if ("adoptedStyleSheets" in Document.prototype && "replaceSync" in CSSStyleSheet.prototype) {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        this.shadowRoot.adoptedStyleSheets = [sheet];
      } else {
        this.shadowRoot.append(h("style", { text: css }));
      }
    }

    build() {
      const root = this.attachShadow({ mode: "open" });
      this.styles(this.theme());
      const titleId = "assistant-chat-title";
      this.log = h("div", { class: "log", role: "region", "aria-label": this.t("conversation"), tabindex: "0" });
      this.status = h("p", { class: "status", role: "status" });
      this.announcer = h("div", { class: "sr", "aria-live": "polite" });
      this.question = h("input", {
        id: "q", class: "question", type: "text", name: "question", maxlength: "2000", autocomplete: "off",
        placeholder: this.t("placeholder"),
      });
      this.gemeente = h("input", { id: "g", class: "gemeente", type: "text", name: "gemeente", maxlength: "100", autocomplete: "address-level2" });
      this.gemeente.value = this.opt("gemeente", "");
      this.send = h("button", { class: "send", type: "submit", text: this.t("send") });
      const form = h("form", { onsubmit: (e) => { e.preventDefault(); this.submit(); } },
        h("label", { for: "q", text: this.t("question-label") }), this.question, this.send);
      // Greeting, disclaimer and gemeente open the conversation and scroll away with it,
      // so a small or zoomed screen keeps its height for the answers.
      this.intro = h("div", { class: "intro" },
        this.bubble("bot", this.opt("greeting", DEFAULTS.greeting)),
        h("p", { class: "disclaimer", text: this.t("disclaimer") }),
        h("div", { class: "setting" }, h("label", { for: "g", text: this.t("gemeente-label") }), this.gemeente));
      const header = h("header", {},
        h("h2", { id: titleId, text: this.opt("chat-title", DEFAULTS["chat-title"]) }),
        h("button", { class: "text-button", type: "button", text: this.t("new"), onclick: () => this.reset() }),
        this.modal ? h("button", { class: "text-button close", type: "button", "aria-label": this.t("close"), onclick: () => this.close() }, icon("close")) : null);
      this.panel = h("div", {
        class: "panel", role: this.modal ? "dialog" : "region", "aria-modal": this.modal ? "true" : null,
        "aria-labelledby": titleId, hidden: this.modal,
      }, header, this.log, this.status, this.announcer, form);
      const position = this.opt("position", "right") === "left" ? "left" : "right";
      const wrapper = h("div", { class: `root ${this.modal ? "modal" : "inline"} ${position}`, lang: this.opt("lang", "nl") });
      if (this.modal) {
        this.launcher = h("button", { class: "launcher", type: "button", "aria-haspopup": "dialog", onclick: () => this.open() },
          icon("chat"), h("span", { text: this.t("launcher") }));
        wrapper.append(this.launcher);
      }
      wrapper.append(this.panel);
      root.append(wrapper);
      root.addEventListener("keydown", (e) => this.keydown(e));
    }

    open() {
      this.panel.hidden = false;
      this.launcher.hidden = true;
      this.question.focus();
    }

    close() {
      this.panel.hidden = true;
      this.launcher.hidden = false;
      this.launcher.focus();
    }

    keydown(event) {
      if (!this.modal || this.panel.hidden) return;
      if (event.key === "Escape") {
        event.preventDefault();
        this.close();
      } else if (event.key === "Tab") {
        // aria-modal: focus stays inside the dialog.
        const items = [...this.panel.querySelectorAll("a[href], button:not([disabled]), input:not([disabled]), [tabindex='0']")]
          .filter((el) => el.getClientRects().length);
        const first = items[0];
        const last = items[items.length - 1];
        const active = this.shadowRoot.activeElement;
        if (event.shiftKey && active === first) { event.preventDefault(); last.focus(); }
        else if (!event.shiftKey && active === last) { event.preventDefault(); first.focus(); }
      }
    }

    load() {
      try {
        return JSON.parse(sessionStorage.getItem(this.storageKey)) || { conversation: null, messages: [] };
      } catch {
        return { conversation: null, messages: [] };
      }
    }

    save() {
      this.state.messages = this.state.messages.slice(-HISTORY_LIMIT);
      try {
        sessionStorage.setItem(this.storageKey, JSON.stringify(this.state));
      } catch {
        /* storage full or blocked: the conversation still works, it is just not kept */
      }
    }

    restore() {
      this.log.replaceChildren(this.intro);
      for (const message of this.state.messages) {
        if (message.role === "user") this.log.append(this.bubble("user", message.text));
        else this.log.append(this.answer(message));
      }
    }

    reset() {
      this.generation += 1;
      this.state = { conversation: null, messages: [] };
      try { sessionStorage.removeItem(this.storageKey); } catch { /* blocked */ }
      this.restore();
      this.status.textContent = "";
      this.question.focus();
    }

    bubble(kind, text) {
      return h("div", { class: `msg ${kind}` },
        h("p", { class: "who", text: kind === "user" ? this.t("you") : this.t("assistant") }),
        h("p", { class: "bubble", text }));
    }

    sourceUrl(citation) {
      return `${this.api}/bronnen/${encodeURIComponent(citation.chunk_id)}`;
    }

    /** A passage as a link: its document's title, where in the document, and that it opens a new tab. */
    sourceLink(passage) {
      return h("a", { href: this.sourceUrl(passage), target: "_blank", rel: "noopener", class: "cite" },
        passage.title, passage.section ? h("span", { class: "section", text: passage.section.split(" > ").join(" › ") }) : null,
        h("span", { class: "sr", text: ` ${this.t("new-tab")}` }));
    }

    /** Answer text with its [n] markers as links, the numbered sources, and feedback. */
    answer(message) {
      const node = this.bubble("bot", "");
      const text = node.querySelector(".bubble");
      const byNumber = new Map((message.citations || []).map((c) => [String(c.n), c]));
      for (const part of String(message.text).split(/(\[\d+\])/)) {
        const citation = byNumber.get(part.slice(1, -1));
        if (/^\[\d+\]$/.test(part) && citation) {
          text.append(h("a", { href: this.sourceUrl(citation), target: "_blank", rel: "noopener" },
            part, h("span", { class: "sr", text: ` ${this.t("source")} ${citation.n}: ${citation.title} ${this.t("new-tab")}` })));
        } else {
          text.append(part);
        }
      }
      if (byNumber.size) {
        node.append(h("h3", { text: this.t("sources") }),
          h("ol", {}, ...message.citations.map((c) => h("li", { value: c.n }, this.sourceLink(c)))));
      }
      if (message.related && message.related.length) {
        // Not sources of an answer: passages to read when none was found, so not numbered.
        // Under each link the line of that text closest to the question, to judge it before opening.
        node.append(h("h3", { text: this.t("related") }), h("ul", {}, ...message.related.map((r) => h("li", {}, this.sourceLink(r),
          r.excerpt ? h("p", { class: "excerpt", text: `„${r.excerpt}”` }) : null))));
      }
      if (message.id && message.status !== "error") node.append(this.feedback(message));
      if (message.status === "error") node.classList.add("error");
      return node;
    }

    feedback(message) {
      const row = h("div", { class: "feedback", role: "group", "aria-label": this.t("feedback") });
      if (message.rating) {
        row.append(h("p", { text: this.t("thanks") }));
        return row;
      }
      const rate = async (rating) => {
        for (const b of row.querySelectorAll("button")) b.disabled = true;
        try {
          await this.post("/api/feedback", { message_id: message.id, rating });
          message.rating = rating;
          this.save();
          row.replaceChildren(h("p", { text: this.t("thanks") }));
          this.status.textContent = this.t("thanks");
          this.question.focus();
        } catch (error) {
          for (const b of row.querySelectorAll("button")) b.disabled = false;
          this.status.textContent = error instanceof ServerError ? error.message : this.t("error");
        }
      };
      row.append(h("p", { text: this.t("feedback") }),
        h("button", { type: "button", class: "text-button", onclick: () => rate("up") }, icon("up"), this.t("yes")),
        h("button", { type: "button", class: "text-button", onclick: () => rate("down") }, icon("down"), this.t("no")));
      return row;
    }

    headers() {
      const headers = { "Content-Type": "application/json" };
      if (this.site) headers["X-Site-Key"] = this.site;
      return headers;
    }

    async post(path, body) {
      const response = await fetch(this.api + path, { method: "POST", headers: this.headers(), body: JSON.stringify(body) });
      if (!response.ok) throw await this.failure(response);
      return response;
    }

    async failure(response) {
      try {
        const body = await response.json();
        if (body && typeof body.message === "string") return new ServerError(response.status, body.error, body.message);
      } catch { /* not JSON */ }
      return new ServerError(response.status, "http_error", this.t("error"));
    }

    async submit() {
      const text = this.question.value.trim();
      if (!text || this.busy) return;
      this.busy = true;
      this.send.disabled = true;
      this.question.value = "";
      const asked = this.bubble("user", text);
      this.log.append(asked);
      this.state.messages.push({ role: "user", text });
      this.save();
      const pending = this.bubble("bot", "");
      pending.hidden = true;
      this.log.append(pending);
      this.log.setAttribute("aria-busy", "true");
      this.status.textContent = this.t("waiting");
      this.status.classList.add("busy");
      this.reveal(asked);
      const generation = this.generation;
      let message;
      try {
        message = await this.ask(text, pending.querySelector(".bubble"), pending);
      } catch (error) {
        message = { role: "assistant", status: "error", text: error instanceof ServerError ? error.message : this.t("error"), citations: [] };
      }
      this.finish();
      if (generation !== this.generation) return;
      const shown = this.answer(message);
      pending.replaceWith(shown);
      if (message.status !== "error") {
        this.state.conversation = message.conversation;
        this.state.messages.push(message);
        this.save();
      }
      // Announced once, complete; [n] markers are left out of the spoken text.
      const spoken = message.status === "error" ? message.text : `${this.t("answer-ready")} ${message.text.replace(/\s*\[\d+\]/g, "")}`;
      this.announcer.textContent = "";
      // A moment later, so the same answer twice in a row is still announced.
      setTimeout(() => { this.announcer.textContent = spoken; }, 100);
      this.reveal(asked);
    }

    finish() {
      this.log.removeAttribute("aria-busy");
      this.status.classList.remove("busy");
      this.status.textContent = "";
      this.busy = false;
      this.send.disabled = false;
    }

    /** Scroll the conversation (not the host page) so `node` starts at the top of the view. */
    reveal(node) {
      const top = this.log.scrollTop + node.getBoundingClientRect().top - this.log.getBoundingClientRect().top - 8;
      const smooth = !matchMedia("(prefers-reduced-motion: reduce)").matches;
      this.log.scrollTo({ top, behavior: smooth ? "smooth" : "auto" });
    }

    /** Streamed answer, or one /api/ask call when streaming is not possible. */
    async ask(text, target, pending) {
      const body = { question: text };
      if (this.state.conversation) body.conversation_id = this.state.conversation;
      const gemeente = this.gemeente.value.trim();
      if (gemeente) body.gemeente = gemeente;
      let result;
      try {
        try {
          result = await this.stream(body, target, pending);
        } catch (error) {
          if (!(error instanceof NoStream)) throw error;
          target.textContent = "";
          result = await (await this.post("/api/ask", body)).json();
        }
      } catch (error) {
        if (error instanceof ServerError && error.code === "unknown_conversation" && body.conversation_id) {
          // The server forgot the conversation (retention): start a new one.
          this.state.conversation = null;
          return this.ask(text, target, pending);
        }
        throw error;
      }
      return {
        role: "assistant", id: result.message_id, conversation: result.conversation_id, status: result.status, text: result.answer,
        citations: result.citations.map((c) => ({ n: c.n, chunk_id: c.chunk_id, title: c.document.title, section: c.section })),
        related: (result.related || []).map((r) => ({ chunk_id: r.chunk_id, title: r.document.title, section: r.section, excerpt: r.excerpt })),
      };
    }

    async stream(body, target, pending) {
      let response;
      try {
        response = await fetch(`${this.api}/api/chat/stream`, { method: "POST", headers: this.headers(), body: JSON.stringify(body) });
      } catch {
        throw new NoStream();
      }
      if ([404, 405, 501].includes(response.status) || response.status >= 502) throw new NoStream();
      if (!response.ok) throw await this.failure(response);
      if (!response.body || !(response.headers.get("content-type") || "").startsWith("text/event-stream")) throw new NoStream();
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        let chunk;
        try {
          chunk = await reader.read();
        } catch {
          throw new NoStream();
        }
        if (chunk.done) break;
        buffer = (buffer + decoder.decode(chunk.value, { stream: true })).replace(/\r\n/g, "\n");
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const { event, data } = parseEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event === "delta" && data && typeof data.text === "string") {
            pending.hidden = false;
            this.status.textContent = "";
            target.append(data.text); // text node: server text is never parsed as HTML
          } else if (event === "done" && data) {
            return data;
          } else if (event === "error" && data) {
            throw new ServerError(500, data.error, data.message);
          }
        }
      }
      throw new NoStream();
    }
  }

  if (!customElements.get("assistant-chat")) customElements.define("assistant-chat", AssistantChat);

  // Script-tag embedding: <script src=".../widget.js" data-site="KEY"> adds a launcher.
  if (script && script.dataset.site) {
    const add = () => {
      if (document.querySelector("assistant-chat:not([mode='inline'])")) return; // script included twice
      const chat = document.createElement("assistant-chat");
      for (const { name, value } of script.attributes) {
        if (name.startsWith("data-")) chat.setAttribute(name.slice(5), value);
      }
      document.body.append(chat);
    };
    if (document.body) add();
    else document.addEventListener("DOMContentLoaded", add);
  }
})();
