// Search and latest. Without filters: the newest articles. With filters: the matching
// articles (GET /api/v1/articles?q=&outlet=&since=&until=), and for a text query the quotes
// and entities that match it too.
import {
  API, keepOnError, articleHref, filterForm, getJSON, h, pageParams, pager, render, setTwin, start,
} from "./common.js";

const FILTERS = ["q", "outlet", "since", "until"];
const PAGE = 50;

function articleCard(a) {
  return h("article", { class: "card result", "data-article": a.id },
    h("h3", null, h("a", { href: articleHref(a.id) }, a.title || "(untitled)")),
    h("div", { class: "meta" }, [a.outlet, a.published].filter(Boolean).join(" · ") || "undated"),
    a.snippet ? h("p", { class: "snippet" }, a.snippet, a.snippet.length >= 240 ? "…" : "") : null);
}

async function latest() {
  // The API lists oldest first; the newest page is the last one.
  const head = await getJSON(`${API}/articles?limit=1`);
  const offset = Math.max(0, head.total - PAGE);
  const url = `${API}/articles?limit=${PAGE}&offset=${offset}`;
  setTwin(url);
  const page = await getJSON(url);
  return [h("h1", null, "Latest articles"),
    h("p", { class: "meta" }, `${page.total} articles in the store, newest first.`),
    page.items.length ? h("div", { class: "cards", id: "results" }, page.items.reverse().map(articleCard))
      : h("p", { class: "empty" }, "The store holds no article yet: `dateline ingest` some.")];
}

async function search(params) {
  const query = new URLSearchParams(params);
  query.set("limit", String(PAGE));
  const cursor = new URLSearchParams(location.search).get("cursor");
  if (cursor) query.set("cursor", cursor);
  const url = `${API}/articles?${query}`;
  setTwin(url);
  const page = await getJSON(url);
  const parts = [h("h1", null, "Articles"),
    page.items.length ? h("div", { class: "cards", id: "results" }, page.items.map(articleCard))
      : h("p", { class: "empty" }, "No article matches."),
    pager(page.next, page.total, page.items.length)];
  const q = params.get("q");
  if (q && !cursor) parts.push(...await related(q, params));
  return parts;
}

/** Quotes and entities matching the text query (same date and outlet filters). */
async function related(q, params) {
  const extra = new URLSearchParams(params);
  extra.set("limit", "20");
  const [quotes, entities] = await Promise.all([
    getJSON(`${API}/quotes?${extra}`).catch(() => null),
    getJSON(`${API}/entities?${extra}`).catch(() => null),
  ]);
  const parts = [];
  if (quotes) {
    parts.push(h("h2", null, `Quotes matching (${quotes.total})`),
      quotes.items.length ? h("ul", { class: "item-list", id: "quote-results" }, quotes.items.map((row) =>
        h("li", null, h("strong", null, row.speaker ? row.speaker.name : "(no speaker)"), ` ${row.cue || ""}: `,
          h("a", { href: articleHref(row.article, row.id) }, h("q", null, row.text)),
          h("span", { class: "meta" }, ` — ${[row.outlet, row.published].filter(Boolean).join(", ")}`))))
        : h("p", { class: "empty" }, "none"));
  }
  if (entities) {
    parts.push(h("h2", null, `Entities matching (${entities.total})`),
      entities.items.length ? h("ul", { class: "item-list" }, entities.items.map((row) =>
        h("li", null, h("a", { href: articleHref(row.article) }, row.name), ` ${row.type}`,
          row.roles && row.roles.length ? ` · ${row.roles.join("; ")}` : "",
          h("span", { class: "meta" }, ` — ${[row.outlet, row.published].filter(Boolean).join(", ")}`))))
        : h("p", { class: "empty" }, "none"));
  }
  return parts;
}

start(async () => {
  const params = pageParams(FILTERS);
  const form = filterForm("/", [
    ["q", "text", { type: "search", placeholder: "words in title or text" }],
    ["outlet", "outlet"], ["since", "since", { type: "date" }], ["until", "until", { type: "date" }],
  ], params);
  keepOnError(form);
  const body = [...params.keys()].length ? await search(params) : await latest();
  render(form, ...body);
});
