// The timeline of events, filterable by type, country and factuality:
// GET /api/v1/events?type=&country=&factuality=&since=&until=
import {
  API, keepOnError, EVENT_FILTERS, articleHref, factualityBadge, filterForm, getJSON, h, pageParams,
  pager, render, s, setTwin, start,
} from "./common.js";

const FILTERS = EVENT_FILTERS.map(([name]) => name);

/** The day an event happened where known to the day, else the day it was published. */
function dayOf(event) {
  const value = event.time && event.time.value;
  if (value && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  return event.published || "undated";
}

function histogram(days) {
  const entries = [...days.entries()].filter(([d]) => d !== "undated");
  if (entries.length < 2) return null;
  const width = 1000;
  const height = 90;
  const max = Math.max(...entries.map(([, list]) => list.length));
  const bar = width / entries.length;
  return s("svg", { class: "histogram", viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none", role: "img", "aria-label": "events per day" },
    entries.map(([day, list], i) => {
      const hgt = Math.max(2, (list.length / max) * (height - 18));
      return s("rect", { x: i * bar + 1, y: height - 14 - hgt, width: Math.max(1, bar - 2), height: hgt },
        s("title", null, `${day}: ${list.length} events`));
    }),
    s("text", { x: 2, y: height - 2 }, entries[0][0]),
    s("text", { x: width - 2, y: height - 2, "text-anchor": "end" }, entries[entries.length - 1][0]));
}

function eventRow(e) {
  const place = e.place ? `${e.place.name || e.place.text}${e.place.country ? " (" + e.place.country + ")" : ""}` : "";
  const actors = (e.actors || []).map((a) => a.name).join(", ");
  const targets = (e.targets || []).map((a) => a.name).join(", ");
  return h("div", { class: "event-row", "data-event": `${e.article}:${e.id}` },
    h("span", { class: "type" }, e.type),
    h("a", { href: articleHref(e.article, e.id) }, `“${e.trigger}”`),
    factualityBadge(e.factuality),
    place ? h("span", null, `in ${place}`) : null,
    actors ? h("span", null, `by ${actors}`) : null,
    targets ? h("span", null, `against ${targets}`) : null,
    h("span", { class: "meta" }, [e.outlet, e.published].filter(Boolean).join(" · ")));
}

start(async () => {
  const params = pageParams(FILTERS);
  const form = filterForm("/timeline", EVENT_FILTERS, params);
  keepOnError(form);
  const query = new URLSearchParams(params);
  query.set("limit", "500");
  const cursor = new URLSearchParams(location.search).get("cursor");
  if (cursor) query.set("cursor", cursor);
  const url = `${API}/events?${query}`;
  setTwin(url);
  const page = await getJSON(url);
  const days = new Map();
  for (const e of page.items) {
    const day = dayOf(e);
    if (!days.has(day)) days.set(day, []);
    days.get(day).push(e);
  }
  const sorted = new Map([...days.entries()].sort(([a], [b]) => a.localeCompare(b)));
  render(h("h1", null, "Timeline of events"), form,
    h("p", { class: "meta" }, `${page.total} events; dated by the event's own day where the text gives it, else by publication.`),
    histogram(sorted),
    page.items.length ? h("div", { id: "timeline" }, [...sorted.entries()].map(([day, list]) =>
      h("section", { class: "day", "data-day": day }, h("h3", null, `${day} · ${list.length}`), list.map(eventRow))))
      : h("p", { class: "empty" }, "No event matches."),
    pager(page.next, page.total, page.items.length));
});
