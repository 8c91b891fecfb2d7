// One story: its reports on a timeline, its origins as a graph of who relayed whom, and its
// contradictions side by side, each side linked to its span in the article.
// Renders GET /api/v1/stories/{id}.
import {
  API, articleHref, badge, factualityBadge, getJSON, h, layeredGraph, render, setTwin, start,
} from "./common.js";

function storyId() {
  const match = location.pathname.match(/^\/stories\/(.+)$/);
  return match ? decodeURIComponent(match[1]) : "";
}

function placeName(place) {
  if (!place) return null;
  return `${place.name || place.text}${place.country ? " (" + place.country + ")" : ""}`;
}

function timeline(story, origins) {
  const reports = [...story.reports].sort((a, b) =>
    (a.published || "9999").localeCompare(b.published || "9999") || a.article.localeCompare(b.article));
  return h("ol", { class: "timeline", id: "reports" }, reports.map((r) => h("li", { "data-article": r.article },
    h("span", { class: "when" }, r.published || "undated"),
    h("a", { href: articleHref(r.article, r.event) }, r.outlet || r.article), " ",
    factualityBadge(r.factuality),
    r.origin && origins.has(r.origin) ? h("span", { class: "meta" }, ` from ${origins.get(r.origin).name}`) : null)));
}

/** Origins → the outlets that relayed them (``via``) or reported from them. */
function originGraph(story) {
  const outlets = new Map();
  const edges = [];
  const outletNode = (name) => {
    const id = `outlet:${name}`;
    if (!outlets.has(id)) outlets.set(id, { id, name, role: "outlet", classes: ["k-outlet"] });
    return id;
  };
  const byOrigin = new Map();
  for (const r of story.reports) {
    if (r.origin && r.outlet) {
      if (!byOrigin.has(r.origin)) byOrigin.set(r.origin, new Set());
      byOrigin.get(r.origin).add(r.outlet);
    }
  }
  const origins = story.origins.map((o) => ({
    id: `origin:${o.id}`, name: o.name, role: `${o.kind} · ${o.stance}`,
    classes: [`k-${o.kind}`, `s-${o.stance}`],
  }));
  for (const o of story.origins) {
    const targets = new Set([...(o.via || []), ...(byOrigin.get(o.id) || [])]);
    for (const outlet of targets) edges.push([`origin:${o.id}`, outletNode(outlet), o.channel || ""]);
  }
  if (!origins.length) return h("p", { class: "empty" }, "No origin traced.");
  return layeredGraph([origins, [...outlets.values()]], edges, "origins and the outlets that relayed them");
}

function side(label, s, origins) {
  const origin = s.origin && origins.has(s.origin) ? origins.get(s.origin) : null;
  return h("div", { class: ["side", label] },
    h("div", { class: "meta" }, origin ? `${origin.name} (${origin.kind})` : "unattributed"),
    h("blockquote", null, h("a", { href: articleHref(s.article, `at=${s.start}-${s.end}`), class: "side-link" }, s.text)),
    h("div", { class: "meta" }, "in ", h("a", { href: articleHref(s.article) }, s.article), ` at ${s.start}–${s.end}`));
}

function contradictions(story, origins) {
  if (!story.contradictions.length) return h("p", { class: "empty" }, "None: the reports agree.");
  return h("div", { id: "contradictions" }, story.contradictions.map((c) =>
    h("div", { class: "card contradiction", "data-kind": c.kind },
      h("div", { class: "kind" }, `${c.kind} contradiction`),
      h("div", { class: "sides" }, side("a", c.a, origins), side("b", c.b, origins)),
      h("div", { class: "note" }, c.note))));
}

function statements(story) {
  if (!story.statements || !story.statements.length) return null;
  return [h("h2", null, "Statements"), h("ul", { class: "item-list" }, story.statements.map((st) =>
    h("li", null, h("strong", null, st.speaker || "(unknown)"), ": ", h("q", null, st.text),
      st.relays && st.relays.length ? h("span", { class: "meta" }, ` — carried by ${st.relays.join(", ")}`) : null)))];
}

function figures(story) {
  if (!story.figures || !story.figures.length) return null;
  return [h("h2", null, "Figures"), h("ul", { class: "item-list" }, story.figures.map((f) =>
    h("li", null, h("a", { href: articleHref(f.article, `at=${f.start}-${f.end}`) }, f.text),
      f.about ? h("span", { class: "meta" }, ` (${f.about})`) : null)))];
}

start(async () => {
  const url = `${API}/stories/${encodeURIComponent(storyId())}`;
  setTwin(url);
  const story = await getJSON(url);
  document.title = `${story.type} · ${story.id} · dateline`;
  const origins = new Map(story.origins.map((o) => [o.id, o]));
  const names = (ids) => ids.map((id) => (origins.get(id) || { name: id }).name).join("; ");
  render(
    h("h1", null, `${story.type}${story.place ? " in " + placeName(story.place) : ""}`,
      story.time && story.time.value ? ` · ${story.time.value}` : ""),
    h("div", { class: "meta" }, story.id, " · ", [story.acled, story.acled_sub].filter(Boolean).join(" / "),
      " · ", factualityBadge(story.factuality),
      badge(`${story.corroboration} independent origin${story.corroboration === 1 ? "" : "s"}`),
      story.contradictions.length ? badge(`${story.contradictions.length} contradiction${story.contradictions.length === 1 ? "" : "s"}`, "f-contested") : null),
    h("p", null,
      story.asserted_by.length ? ["Asserted by ", h("strong", null, names(story.asserted_by)), ". "] : null,
      story.denied_by.length ? ["Denied by ", h("strong", null, names(story.denied_by)), ". "] : null,
      story.silent.length ? ["Silent: ", names(story.silent), "."] : null),
    h("div", { class: "story-grid" },
      h("section", { class: "card" }, h("h2", null, `Reports (${story.reports.length})`), timeline(story, origins)),
      h("section", { class: "card" }, h("h2", null, "Origins: who relayed whom"), originGraph(story))),
    h("section", null, h("h2", null, `Contradictions (${story.contradictions.length})`), contradictions(story, origins)),
    statements(story), figures(story));
});
