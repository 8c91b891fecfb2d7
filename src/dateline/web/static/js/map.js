// The map of events and stories: Leaflet over the bundled Natural Earth country outlines of
// world-atlas (no tile server). Renders GET /api/v1/events.geojson and /api/v1/stories.geojson
// with the page's filters. Popups are DOM nodes, never HTML strings.
/* global L, topojson */
import {
  API, keepOnError, EVENT_FILTERS, articleHref, factualityBadge, filterForm, getJSON, h, pageParams,
  render, setTwin, start, storyHref,
} from "./common.js";

const FILTERS = EVENT_FILTERS.map(([name]) => name);
const OUTLINES = "/static/vendor/world-atlas/countries-50m.json";

function eventPopup(props) {
  const place = props.place || {};
  return h("div", { class: "popup" },
    h("h4", null, `${props.type} “${props.trigger}”`),
    h("div", null, place.name || place.text || "", place.country ? ` (${place.country})` : ""),
    h("div", null, factualityBadge(props.factuality)),
    h("div", { class: "meta" }, [props.outlet, props.published].filter(Boolean).join(" · ")),
    h("a", { href: articleHref(props.article, props.id) }, "open the article"));
}

function storyPopup(feature) {
  const p = feature.properties || {};
  return h("div", { class: "popup" },
    h("h4", null, `${p.type || "story"}${p.sub_event_type ? " · " + p.sub_event_type : ""}`),
    h("div", null, p.location || "", p.event_date ? ` · ${p.event_date}` : ""),
    h("div", { class: "meta" }, `${(p.articles || []).length} articles · ${p.corroboration ?? 0} independent origins` +
      (p.contradictions ? ` · ${p.contradictions} contradictions` : "")),
    h("a", { href: storyHref(feature.id || p.story_id) }, "open the story"));
}

function points(collection, style, popup) {
  const layer = L.layerGroup();
  let shown = 0;
  for (const feature of collection.features || []) {
    const g = feature.geometry;
    if (!g || g.type !== "Point") continue;
    const [lon, lat] = g.coordinates;
    if (typeof lat !== "number" || typeof lon !== "number") continue;
    L.circleMarker([lat, lon], style).bindPopup(() => popup(feature)).addTo(layer);
    shown += 1;
  }
  return { layer, shown };
}

start(async () => {
  const params = pageParams(FILTERS);
  const form = filterForm("/map", EVENT_FILTERS, params);
  keepOnError(form);
  const eventQuery = new URLSearchParams(params);
  eventQuery.set("limit", "500");
  const storyQuery = new URLSearchParams();
  for (const name of ["type", "country", "since", "until"]) if (params.get(name)) storyQuery.set(name, params.get(name));
  storyQuery.set("limit", "500");
  const eventsUrl = `${API}/events.geojson?${eventQuery}`;
  const storiesUrl = `${API}/stories.geojson?${storyQuery}`;
  setTwin(eventsUrl);
  const legend = h("div", { class: "map-legend", id: "map-legend" }, "Loading…");
  const mapEl = h("div", { id: "map", role: "application", "aria-label": "map of events and stories" });
  render(h("h1", null, "Map of events and stories"), form, legend, mapEl,
    h("p", { class: "meta" }, "Also as JSON: ", h("a", { href: eventsUrl }, "events"), " · ",
      h("a", { href: storiesUrl }, "stories"), ". Country outlines: Natural Earth (world-atlas)."));

  const [world, events, stories] = await Promise.all([
    getJSON(OUTLINES), getJSON(eventsUrl), getJSON(storiesUrl),
  ]);
  const map = L.map(mapEl, { worldCopyJump: true, minZoom: 1, maxZoom: 10 });
  map.attributionControl.setPrefix("Leaflet");
  const land = topojson.feature(world, world.objects.countries);
  L.geoJSON(land, {
    style: { color: "#7d8ea3", weight: 0.7, fillColor: "#f7f4ea", fillOpacity: 1 },
    attribution: "Natural Earth",
  }).addTo(map);
  const ev = points(events, { radius: 6, color: "#b8430f", weight: 1.5, fillOpacity: 0.55 }, (f) => eventPopup(f.properties || {}));
  const st = points(stories, { radius: 10, color: "#1f5fbf", weight: 2, fillOpacity: 0.15 }, storyPopup);
  ev.layer.addTo(map);
  st.layer.addTo(map);
  L.control.layers(null, { [`events (${ev.shown})`]: ev.layer, [`stories (${st.shown})`]: st.layer }, { collapsed: false }).addTo(map);
  const all = [...ev.layer.getLayers(), ...st.layer.getLayers()].map((m) => m.getLatLng());
  if (all.length) map.fitBounds(L.latLngBounds(all).pad(0.4), { maxZoom: 6 });
  else map.setView([30, 10], 2);
  legend.replaceChildren(
    `${ev.shown} of ${events.total} events placed`, events.next ? " (first 500)" : "",
    ` · ${st.shown} of ${stories.total} stories placed. `,
    "Orange: events; blue rings: stories. Click a point for its record.");
  mapEl.dataset.ready = "true";
});
