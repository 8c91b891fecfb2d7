// The stories list with its filters: GET /api/v1/stories?type=&country=&place=&since=&until=
// &min_origins=&contradicted=
import {
  API, keepOnError, EVENT_TYPES, factualityBadge, filterForm, getJSON, h, pageParams, pager, render, setTwin,
  start, storyHref,
} from "./common.js";

const FILTERS = ["type", "country", "place", "since", "until", "min_origins", "contradicted"];

function row(story) {
  return h("tr", { "data-story": story.id },
    h("td", null, h("a", { href: storyHref(story.id) }, story.id)),
    h("td", { class: "nowrap" }, story.date || story.first_reported || ""),
    h("td", null, story.type, story.acled_sub ? h("div", { class: "meta" }, story.acled_sub) : null),
    h("td", null, story.place ? `${story.place}${story.country ? " (" + story.country + ")" : ""}` : ""),
    h("td", null, String(story.articles)),
    h("td", null, story.outlets || ""),
    h("td", null, String(story.corroboration)),
    h("td", null, factualityBadge(story.factuality)),
    h("td", { class: "contradictions" }, story.contradictions ? String(story.contradictions) : ""));
}

start(async () => {
  const params = pageParams(FILTERS);
  const form = filterForm("/stories", [
    ["type", "event type", { suggest: EVENT_TYPES, placeholder: "FIGHT, Air/drone strike…" }],
    ["country", "country", { placeholder: "UA or Ukraine" }],
    ["place", "place"],
    ["since", "since", { type: "date" }], ["until", "until", { type: "date" }],
    ["min_origins", "≥ origins", { type: "number", min: 0 }],
    ["contradicted", "contradicted only", { type: "checkbox" }],
  ], params);
  keepOnError(form);
  const query = new URLSearchParams(params);
  query.set("limit", "50");
  const cursor = new URLSearchParams(location.search).get("cursor");
  if (cursor) query.set("cursor", cursor);
  const url = `${API}/stories?${query}`;
  setTwin(url);
  const page = await getJSON(url);
  const table = page.items.length
    ? h("table", { class: "list", id: "stories" },
      h("thead", null, h("tr", null, ["story", "date", "type", "place", "articles", "outlets",
        "independent origins", "factuality", "contradictions"].map((c) => h("th", null, c)))),
      h("tbody", null, page.items.map(row)))
    : h("p", { class: "empty" }, "No story matches.");
  render(h("h1", null, "Stories"),
    h("p", { class: "meta" }, "One real-world event across articles: who reported it, from which origin, and where reports disagree."),
    form, table, pager(page.next, page.total, page.items.length));
});
