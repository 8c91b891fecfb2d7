// The article page: the text with every extracted span highlighted (offsets index into
// article.text), a panel that shows the record of the clicked span, each quote's chain drawn
// as a graph. Renders GET /api/v1/articles/{id}.
import {
  API, badge, chainGraph, codeUnitIndex, factualityBadge, getJSON, h, render,
  safeHref, setTwin, start,
} from "./common.js";

const KINDS = [
  ["quote", "quotes"], ["speaker", "speakers"], ["cue", "cues"], ["event", "events"],
  ["time", "times"], ["place", "places"], ["figure", "figures"], ["non_comment", "no comment"],
];
// Nesting order when two spans start and end at the same characters: outer first.
const RANK = { quote: 0, non_comment: 0, speaker: 1, cue: 2, event: 3, figure: 3, time: 4, place: 4, focus: 5 };
const PALETTE = 10;

function articleId() {
  const match = location.pathname.match(/^\/articles\/(.+)$/);
  return match ? decodeURIComponent(match[1]) : "";
}

/** Every highlightable span of the record, in code-point offsets. */
export function collectSpans(record, speakerClass) {
  const spans = [];
  const seen = new Map();
  const add = (kind, ref, start, end, item, extra) => {
    if (typeof start !== "number" || typeof end !== "number" || end <= start) return;
    const key = `${kind}:${start}:${end}`;
    if (seen.has(key)) {
      seen.get(key).items.push(item);  // one speaker span for several quotes
      return;
    }
    const span = { kind, ref, start, end, items: [item], classes: extra || [] };
    seen.set(key, span);
    spans.push(span);
  };
  for (const q of record.quotes || []) {
    add("quote", q.id, q.start, q.end, q, [speakerClass(q)]);
    if (q.cue_start !== null && q.cue_start !== undefined) add("cue", `${q.id}.cue`, q.cue_start, q.cue_end, q);
    if (q.speaker) add("speaker", `${q.id}.speaker`, q.speaker.start, q.speaker.end, q, [speakerClass(q)]);
  }
  (record.non_comments || []).forEach((n, i) => add("non_comment", `n${i + 1}`, n.start, n.end, n));
  for (const e of record.events || []) add("event", e.id, e.start, e.end, e);
  (record.times || []).forEach((t, i) => add("time", `t${i + 1}`, t.start, t.end, t));
  (record.places || []).forEach((p, i) => add("place", `p${i + 1}`, p.start, p.end, p));
  (record.figures || []).forEach((f, i) => add("figure", `f${i + 1}`, f.start, f.end, f));
  return spans;
}

function order(a, b) {
  return a.start - b.start || b.end - a.end || RANK[a.kind] - RANK[b.kind];
}

/** Nest the spans into a tree; a span that crosses the end of its enclosing span is cut there
 * and its rest placed after it (its pieces share one ``ref``). */
export function nest(spans, length) {
  const root = { start: 0, end: length, children: [] };
  const queue = spans
    .map((sp) => ({ ...sp, start: Math.max(0, sp.start), end: Math.min(length, sp.end), children: [] }))
    .filter((sp) => sp.end > sp.start)
    .sort(order);
  const stack = [root];
  while (queue.length) {
    const sp = queue.shift();
    while (stack.length > 1 && stack[stack.length - 1].end <= sp.start) stack.pop();
    const top = stack[stack.length - 1];
    if (sp.end <= top.end) {
      top.children.push(sp);
      stack.push(sp);
    } else {
      const head = { ...sp, end: top.end, children: [], part: true };
      const rest = { ...sp, start: top.end, children: [], part: true };
      top.children.push(head);
      stack.push(head);
      let i = 0;
      while (i < queue.length && order(queue[i], rest) <= 0) i++;
      queue.splice(i, 0, rest);
    }
  }
  return root;
}

function spanTitle(sp) {
  const item = sp.items[0];
  switch (sp.kind) {
    case "quote": return `quote · ${item.speaker ? item.speaker.name : "unknown speaker"}`;
    case "speaker": return `speaker · ${item.speaker.name}`;
    case "cue": return `cue · ${item.cue}`;
    case "event": return `event · ${item.type} · ${item.factuality}`;
    case "time": return `time · ${item.value || "unresolved"}`;
    case "place": return `place · ${item.name || item.text}${item.country ? " (" + item.country + ")" : ""}`;
    case "figure": return `figure · ${item.about || item.text}`;
    case "non_comment": return `no comment · ${item.who}`;
    default: return sp.kind;
  }
}

/** Render ``node``'s text, children as highlighted spans, into ``container``. */
function renderTree(node, container, text, unit) {
  let cursor = node.start;
  const slice = (a, b) => text.slice(unit(a), unit(b));
  for (const child of node.children) {
    if (child.start > cursor) container.appendChild(document.createTextNode(slice(cursor, child.start)));
    const el = h("span", {
      class: ["hl", `hl-${child.kind}`, ...child.classes],
      "data-kind": child.kind, "data-ref": child.ref,
      "data-start": child.start, "data-end": child.end, "data-part": child.part || null,
      title: spanTitle(child), tabindex: 0, role: "button",
    });
    renderTree(child, el, text, unit);
    container.appendChild(el);
    cursor = child.end;
  }
  if (node.end > cursor) container.appendChild(document.createTextNode(slice(cursor, node.end)));
}

function speakerKey(q) {
  if (!q.speaker) return "(no speaker)";
  return q.speaker.entity || q.speaker.name;
}

function dl(rows) {
  return h("dl", null, rows.filter(([, v]) => v !== null && v !== undefined && v !== "" &&
    !(Array.isArray(v) && v.length === 0)).map(([k, v]) => [h("dt", null, k), h("dd", null, v)]));
}

function names(list) {
  return (list || []).map((p) => p.name + (p.country ? ` (${p.country})` : "")).join("; ");
}

class ArticleView {
  constructor(record) {
    this.record = record;
    this.text = record.article.text || "";
    this.entities = new Map((record.entities || []).map((e) => [e.id, e]));
    this.quotes = new Map((record.quotes || []).map((q) => [q.id, q]));
    this.speakers = new Map();
    for (const q of record.quotes || []) {
      const key = speakerKey(q);
      if (!this.speakers.has(key)) {
        this.speakers.set(key, { name: q.speaker ? q.speaker.name : "(no speaker)", index: this.speakers.size });
      }
    }
  }

  speakerClass(q) {
    return `sp-${this.speakers.get(speakerKey(q)).index % PALETTE}`;
  }

  build() {
    const art = this.record.article;
    const focus = focusFromHash();
    this.focus = focus;
    const spans = collectSpans(this.record, (q) => this.speakerClass(q));
    if (focus) spans.push({ kind: "focus", ref: "focus", start: focus[0], end: focus[1], items: [{ start: focus[0], end: focus[1] }], classes: [] });
    this.textEl = h("div", { class: "article-text", id: "article-text", lang: art.language || null });
    renderTree(nest(spans, [...this.text].length), this.textEl, this.text, codeUnitIndex(this.text));
    this.textEl.addEventListener("click", (ev) => this.onActivate(ev));
    this.textEl.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); this.onActivate(ev); }
    });
    this.panel = h("div", { class: "card", id: "record-panel" });
    this.showArticle();
    const header = h("div", null,
      h("h1", null, art.title || "(untitled)"),
      h("div", { class: "meta" }, [art.outlet, art.published].filter(Boolean).join(" · "),
        safeHref(art.url || "") && /^https?:/i.test(art.url) ?
          [" · ", h("a", { href: art.url, rel: "noopener noreferrer nofollow", target: "_blank" }, "source")] : null),
      this.legend());
    render(header, h("div", { class: "article-layout" },
      h("div", null, this.textEl, this.overview()),
      h("aside", { class: "panel" }, this.panel)));
    if (focus) {
      const el = this.textEl.querySelector('[data-kind="focus"]');
      if (el) { el.scrollIntoView({ block: "center" }); this.select(el); }
    } else if (location.hash.length > 1) {
      const ref = decodeURIComponent(location.hash.slice(1));
      const el = this.textEl.querySelector(`[data-ref="${CSS.escape(ref)}"]`);
      if (el) { el.scrollIntoView({ block: "center" }); this.select(el); }
    }
  }

  legend() {
    const toggles = KINDS.map(([kind, label]) => {
      const box = h("input", { type: "checkbox", checked: true, "data-toggle": kind });
      box.addEventListener("change", () => this.textEl.classList.toggle(`hide-${kind}`, !box.checked));
      return h("label", { class: "key" }, box,
        h("span", { class: ["swatch", kind === "quote" ? "sp-0" : `k-${kind}`] }), label);
    });
    const speakers = [...this.speakers.values()].map((sp) =>
      h("span", { class: "key" }, h("span", { class: ["swatch", `sp-${sp.index % PALETTE}`] }), sp.name));
    return h("div", null,
      h("div", { class: "legend", "aria-label": "highlight kinds" }, toggles),
      speakers.length ? h("div", { class: "legend", "aria-label": "speakers" }, h("span", { class: "meta" }, "Quotes by speaker:"), speakers) : null);
  }

  overview() {
    const rec = this.record;
    const quoteItems = (rec.quotes || []).map((q) => h("li", null,
      this.jump(q.id, q.speaker ? q.speaker.name : "(no speaker)"), ` ${q.cue || ""}: `,
      h("q", null, q.text)));
    const eventItems = (rec.events || []).map((e) => h("li", null,
      this.jump(e.id, `${e.type} “${e.trigger}”`), " ", factualityBadge(e.factuality),
      e.id === rec.main_event ? badge("main event") : null));
    return h("div", { class: "card overview" },
      h("h2", null, `Quotes (${quoteItems.length})`), quoteItems.length ? h("ol", { class: "item-list" }, quoteItems) : h("p", { class: "empty" }, "none"),
      h("h2", null, `Events (${eventItems.length})`), eventItems.length ? h("ol", { class: "item-list" }, eventItems) : h("p", { class: "empty" }, "none"));
  }

  /** A button that selects the span of item ``ref``. */
  jump(ref, label) {
    const button = h("button", { type: "button", class: "linklike", "data-jump": ref }, label);
    button.addEventListener("click", () => {
      const el = this.textEl.querySelector(`[data-ref="${CSS.escape(ref)}"]`);
      if (el) { el.scrollIntoView({ block: "center" }); this.select(el); }
    });
    return button;
  }

  onActivate(ev) {
    const el = ev.target.closest("[data-ref]");
    if (el && this.textEl.contains(el)) this.select(el);
  }

  select(el) {
    this.textEl.querySelectorAll(".is-selected").forEach((n) => n.classList.remove("is-selected"));
    this.textEl.querySelectorAll(`[data-ref="${CSS.escape(el.dataset.ref)}"]`).forEach((n) => n.classList.add("is-selected"));
    const kind = el.dataset.kind;
    const ref = el.dataset.ref;
    const start = Number(el.dataset.start);
    this.panel.replaceChildren(...this.describe(kind, ref, start));
    this.panel.dataset.showing = ref;
  }

  describe(kind, ref, start) {
    const rec = this.record;
    const header = (label) => [h("div", { class: "kind" }, label), h("h2", { class: "record-title" }, ref)];
    if (kind === "quote" || kind === "cue" || kind === "speaker") {
      const quote = this.quotes.get(ref.split(".")[0]);
      const others = kind === "speaker"
        ? (rec.quotes || []).filter((q) => q.speaker && q.speaker.start === quote.speaker.start && q.speaker.end === quote.speaker.end)
        : [quote];
      return [h("div", { class: "kind" }, kind === "speaker" ? "speaker" : `${kind === "cue" ? "cue of " : ""}${quote.kind} quote`),
        ...others.map((q) => this.describeQuote(q))];
    }
    if (kind === "event") {
      const e = (rec.events || []).find((x) => x.id === ref);
      const sources = (e.sources || []).map((src) => h("li", null,
        src.quote ? this.jump(src.quote, src.name || src.quote) : (src.name || "?")));
      return [...header(e.id === rec.main_event ? "event · main event" : "event"), dl([
        ["type", [e.type, e.cameo ? ` (CAMEO ${e.cameo})` : ""]],
        ["ACLED", [e.acled, e.acled_sub].filter(Boolean).join(" / ")],
        ["trigger", e.trigger], ["factuality", factualityBadge(e.factuality)],
        ["actors", names(e.actors)], ["targets", names(e.targets)],
        ["place", e.place ? `${e.place.name || e.place.text}${e.place.country ? " (" + e.place.country + ")" : ""}` : null],
        ["time", e.time ? `${e.time.value || "?"}${e.time.text ? " — " + e.time.text : ""}` : null],
        ["sources", sources.length ? h("ul", { class: "item-list" }, sources) : null],
      ]), rawJson(e)];
    }
    const lists = { time: rec.times, place: rec.places, figure: rec.figures, non_comment: rec.non_comments };
    if (kind in lists) {
      const item = (lists[kind] || []).find((x) => x.start === start) || (lists[kind] || [])[Number(ref.slice(1)) - 1];
      const rows = {
        time: [["text", item.text], ["type", item.type], ["value", item.value || "unresolved"]],
        place: [["text", item.text], ["name", item.name], ["country", item.country],
          ["coordinates", item.lat !== null && item.lat !== undefined ? `${item.lat}, ${item.lon}` : null],
          ["GeoNames", item.geonames_id], ["feature", item.feature]],
        figure: [["text", item.text], ["value", item.value], ["min", item.min], ["max", item.max],
          ["unit", item.unit], ["about", item.about],
          ["asserted by", (item.asserted_by || []).map((x) => x.name).join("; ")],
          ["disputed by", (item.disputed_by || []).map((x) => x.name).join("; ")]],
        non_comment: [["who", item.who], ["kind", item.kind], ["text", item.text]],
      }[kind];
      return [...header(kind.replace("_", " ")), dl(rows), rawJson(item)];
    }
    if (kind === "focus") {
      const unit = codeUnitIndex(this.text);
      return [h("div", { class: "kind" }, "linked span"),
        h("p", null, "The span a story links to (one side of a contradiction):"),
        h("blockquote", null, this.text.slice(unit(this.focus[0]), unit(this.focus[1])))];
    }
    return [h("p", null, kind)];
  }

  describeQuote(q) {
    const entity = q.speaker && q.speaker.entity ? this.entities.get(q.speaker.entity) : null;
    const events = (this.record.events || []).filter((e) => (e.sources || []).some((s) => s.quote === q.id));
    return h("div", { class: "quote-record", "data-quote": q.id },
      h("h2", { class: "record-title" }, q.id),
      dl([
        ["speaker", h("span", { class: "speaker-name" }, q.speaker ? q.speaker.name : "(unresolved)")],
        ["entity", entity ? [entity.type, entity.roles && entity.roles.length ? ` · ${entity.roles.join("; ")}` : "", entity.country ? ` · ${entity.country}` : ""] : null],
        ["kind", q.kind], ["cue", q.cue], ["channel", q.channel],
        ["relayed by", (q.relayed_by || []).join("; ")],
        ["text", h("q", null, q.text)],
        ["events", events.length ? events.map((e, i) => [i ? ", " : "", this.jump(e.id, `${e.type} (${e.id})`)]) : null],
      ]),
      h("h3", null, "Chain"),
      q.chain && q.chain.length ? chainGraph(q.chain) : h("p", { class: "empty" }, "no chain"),
      rawJson(q));
  }

  showArticle() {
    const rec = this.record;
    const art = rec.article;
    const main = (rec.events || []).find((e) => e.id === rec.main_event);
    this.panel.replaceChildren(
      h("div", { class: "kind" }, "article"),
      h("p", { class: "meta" }, "Click a highlighted span to see its record."),
      dl([
        ["id", art.id], ["outlet", art.outlet], ["published", art.published], ["language", art.language],
        ["main event", main ? [main.type, " “", main.trigger, "” ", factualityBadge(main.factuality)] : null],
        ["counts", `${(rec.entities || []).length} entities · ${(rec.quotes || []).length} quotes · ${(rec.events || []).length} events · ${(rec.places || []).length} places`],
        ["analyzer", rec.analyzer ? `dateline ${rec.analyzer.dateline} · ${rec.analyzer.model} ${rec.analyzer.model_version}` : null],
        ["warnings", (rec.warnings || []).map((w) => `${w.code}: ${w.message}`).join("\n")],
        ["removed", (art.removed || []).map((r) => `${r.kind}: ${r.text}`).join("\n")],
      ]),
      h("p", null, h("a", { href: `${API}/articles/${encodeURIComponent(art.id)}` }, "Full record (JSON)")));
  }
}

function rawJson(item) {
  return h("details", null, h("summary", null, "JSON"), h("pre", { class: "json" }, JSON.stringify(item, null, 2)));
}

/** ``#at=START-END`` (code-point offsets, as in a story's contradiction): a span to mark. */
function focusFromHash() {
  const match = location.hash.match(/^#at=(\d+)-(\d+)$/);
  if (!match) return null;
  const a = Number(match[1]);
  const b = Number(match[2]);
  return b > a ? [a, b] : null;
}

start(async () => {
  const id = articleId();
  const url = `${API}/articles/${encodeURIComponent(id)}`;
  setTwin(url);
  const record = await getJSON(url);
  document.title = `${record.article.title || record.article.id} · dateline`;
  new ArticleView(record).build();
  window.addEventListener("hashchange", () => location.reload());
});
