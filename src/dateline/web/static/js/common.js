// Shared helpers of the dateline pages. Record text is untrusted: it reaches the page only as
// text nodes (h() below); no helper here takes HTML, and links built from record data keep
// only same-origin paths and http(s) URLs (safeHref).

import { ACLED_TYPES, FACTUALITY, PLOVER_TYPES } from "./vocabulary.js";

export const API = "/api/v1";

/** What a `type` filter suggests: PLOVER types, then ACLED event and sub-event types. */
export const EVENT_TYPES = [...PLOVER_TYPES, ...ACLED_TYPES];
export { FACTUALITY };
/** The event filters of the map and the timeline: [name, label, filterForm options]. */
export const EVENT_FILTERS = [
  ["type", "event type", { suggest: EVENT_TYPES }],
  ["country", "country", { placeholder: "UA or Ukraine" }],
  ["factuality", "factuality", { options: FACTUALITY }],
  ["since", "since", { type: "date" }], ["until", "until", { type: "date" }],
];
const SVG_NS = "http://www.w3.org/2000/svg";

function append(node, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    child.forEach((c) => append(node, c));
  } else if (child instanceof Node) {
    node.appendChild(child);
  } else {
    node.appendChild(document.createTextNode(String(child)));
  }
}

function setAttrs(node, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (/^on/i.test(name) || name === "style" || name === "srcdoc") {
      throw new Error(`refusing attribute ${name}`);
    }
    if (name === "href" || name === "src") {
      const safe = safeHref(String(value));
      if (safe !== null) node.setAttribute(name, safe);
    } else if (name === "class") {
      node.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
}

/** An HTML element: h("a", {href: "/x", class: "y"}, "text", child, [more]). */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/** An SVG element, the same way. */
export function s(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/** A link target built from data: a same-origin path, or an http(s) URL; anything else null. */
export function safeHref(value) {
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (text.startsWith("/") && !text.startsWith("//") && !text.startsWith("/\\")) return text;
  if (text.startsWith("#") || text.startsWith("?")) return text;
  try {
    const url = new URL(text);
    if (url.protocol === "http:" || url.protocol === "https:") return url.href;
  } catch (_) {
    return null;
  }
  return null;
}

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || null;
    this.fix = error.fix || null;
  }
}

/** GET an API URL and return its JSON; ApiError (with code and fix) on an error status. */
export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** Point the page's JSON-twin links at ``url`` (the API call the page renders). */
export function setTwin(url) {
  const link = document.getElementById("json-twin");
  if (link) link.setAttribute("href", url);
  const alternate = document.querySelector('link[rel="alternate"][type="application/json"]');
  if (alternate) alternate.setAttribute("href", url);
}

/** The twin URL as the server wrote it into the page. */
export function twinUrl() {
  const link = document.getElementById("json-twin");
  return link ? link.getAttribute("href") : null;
}

export function app() {
  return document.getElementById("app");
}

/** Replace the page's content with ``nodes``. */
export function render(...nodes) {
  const root = app();
  root.replaceChildren();
  append(root, nodes);
  return root;
}

export function errorBox(err) {
  if (err instanceof ApiError) {
    return h("div", { class: "error", role: "alert" },
      err.code ? h("code", null, err.code) : null, " ", err.message,
      err.fix ? h("div", { class: "meta" }, "Fix: ", err.fix) : null);
  }
  return h("div", { class: "error", role: "alert" }, String(err && err.message ? err.message : err));
}

let kept = [];

/** What stays on the page when loading fails (a page's filter form: fix the filter, retry). */
export function keepOnError(...nodes) {
  kept = nodes;
}

export function showError(err) {
  render(...kept, errorBox(err));
}

export function articleHref(id, hash) {
  return `/articles/${encodeURIComponent(id)}${hash ? "#" + hash : ""}`;
}

export function storyHref(id) {
  return `/stories/${encodeURIComponent(id)}`;
}

export function badge(text, extra) {
  return h("span", { class: ["badge", extra] }, text);
}

export function factualityBadge(value) {
  return value ? badge(value, `f-${value.replace(/[^a-z_]/gi, "")}`) : null;
}

/** Query parameters of the page, limited to ``names``, without empty values. */
export function pageParams(names) {
  const given = new URLSearchParams(location.search);
  const kept = new URLSearchParams();
  for (const name of names) {
    const value = given.get(name);
    if (value) kept.set(name, value);
  }
  return kept;
}

/** A GET filter form for this page: fields [name, label, {type, options, placeholder}]. */
export function filterForm(action, fields, values) {
  const inputs = fields.map(([name, label, opts = {}]) => {
    let control;
    if (opts.options) {
      control = h("select", { name },
        h("option", { value: "" }, "any"),
        opts.options.map((o) => h("option", { value: o, selected: values.get(name) === o }, o)));
    } else if (opts.type === "checkbox") {
      control = h("input", { type: "checkbox", name, value: "true", checked: values.get(name) === "true" });
    } else {
      control = h("input", {
        type: opts.type || "text", name, value: values.get(name) || "",
        placeholder: opts.placeholder || null, min: opts.min ?? null,
        list: opts.suggest ? `${name}-suggestions` : null,
      });
      if (opts.suggest) {
        control = [control, h("datalist", { id: `${name}-suggestions` },
          opts.suggest.map((o) => h("option", { value: o })))];
      }
    }
    return h("label", null, label, control);
  });
  return h("form", { class: "filters", method: "get", action }, inputs,
    h("button", { type: "submit" }, "Filter"),
    h("a", { href: action }, "clear"));
}

/** "Next page" link carrying the API's cursor, keeping the page's filters. */
export function pager(next, total, shown) {
  const parts = [h("span", { class: "meta" }, `${shown} shown of ${total}`)];
  if (next) {
    const params = new URLSearchParams(location.search);
    params.set("cursor", next);
    parts.push(h("a", { href: `${location.pathname}?${params}`, rel: "next" }, "Next page →"));
  }
  if (new URLSearchParams(location.search).get("cursor")) {
    const params = new URLSearchParams(location.search);
    params.delete("cursor");
    parts.push(h("a", { href: `${location.pathname}?${params}` }, "↺ first page"));
  }
  return h("div", { class: "pager" }, parts);
}

/** Offsets in the record are Unicode code points (Python's); JavaScript strings index UTF-16
 * code units. Returns a function mapping a code-point offset to a UTF-16 index. */
export function codeUnitIndex(text) {
  let astral = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) { astral = true; break; }
  }
  if (!astral) return (offset) => offset;
  const units = [0];
  let unit = 0;
  for (const ch of text) {
    unit += ch.length;
    units.push(unit);
  }
  return (offset) => units[Math.max(0, Math.min(offset, units.length - 1))];
}

// --- small graphs: a row of boxes joined by arrows (a quote's chain), laid out by hand

const CHAR_W = 7.1;

export function textWidth(text, min = 40) {
  return Math.max(min, Math.round(String(text).length * CHAR_W) + 18);
}

function arrow(x1, y1, x2, y2, label) {
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const len = 7;
  const p1 = [x2 - len * Math.cos(angle - 0.45), y2 - len * Math.sin(angle - 0.45)];
  const p2 = [x2 - len * Math.cos(angle + 0.45), y2 - len * Math.sin(angle + 0.45)];
  const parts = [
    s("line", { class: "edge", x1, y1, x2, y2 }),
    s("polygon", { class: "arrow", points: `${x2},${y2} ${p1[0]},${p1[1]} ${p2[0]},${p2[1]}` }),
  ];
  if (label) {
    parts.push(s("text", { class: "edge-label", x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 4, "text-anchor": "middle" }, label));
  }
  return s("g", null, parts);
}

export function nodeBox(x, y, w, hgt, name, role, classes) {
  return s("g", { class: ["node", ...classes], transform: `translate(${x},${y})` },
    s("title", null, role ? `${role}: ${name}` : name),
    s("rect", { width: w, height: hgt, rx: 6, ry: 6 }),
    role ? s("text", { class: "role", x: 9, y: 13 }, role) : null,
    s("text", { class: "name", x: 9, y: role ? 28 : 20 }, name));
}

/** A quote's chain (speaker → channel → relay → publisher) as an SVG graph, top to bottom
 * (it sits in a narrow side panel). */
export function chainGraph(chain) {
  const gap = 22;
  const hgt = 36;
  const w = Math.max(...chain.map((link) => textWidth(link.name, 120)));
  const parts = [];
  let y = 2;
  chain.forEach((link, i) => {
    parts.push(nodeBox(2, y, w, hgt, link.name, link.role, [`r-${link.role}`]));
    if (i < chain.length - 1) parts.push(arrow(2 + w / 2, y + hgt + 1, 2 + w / 2, y + hgt + gap - 2));
    y += hgt + gap;
  });
  const height = Math.max(y - gap + 4, 10);
  return s("svg", {
    class: "graph chain", viewBox: `0 0 ${w + 4} ${height}`, width: w + 4, height,
    role: "img", "aria-label": chain.map((l) => `${l.role}: ${l.name}`).join(" → "),
  }, parts);
}

/** A layered graph: ``columns`` is a list of lists of {id, name, role, classes}; ``edges`` a list
 * of [fromId, toId, label]. Nodes of a column stack top to bottom; edges go left to right. */
export function layeredGraph(columns, edges, label) {
  const hgt = 36;
  const vgap = 14;
  const hgap = 90;
  const pos = new Map();
  const parts = [];
  let x = 2;
  let maxY = 0;
  for (const column of columns) {
    const w = Math.max(60, ...column.map((n) => textWidth(n.name, 60)));
    column.forEach((n, i) => {
      const y = 2 + i * (hgt + vgap);
      pos.set(n.id, { x, y, w });
      maxY = Math.max(maxY, y + hgt);
    });
    x += w + hgap;
  }
  for (const [from, to, edgeLabel] of edges) {
    const a = pos.get(from);
    const b = pos.get(to);
    if (!a || !b) continue;
    parts.push(arrow(a.x + a.w + 2, a.y + hgt / 2, b.x - 3, b.y + hgt / 2, edgeLabel));
  }
  for (const column of columns) {
    for (const n of column) {
      const p = pos.get(n.id);
      parts.push(nodeBox(p.x, p.y, p.w, hgt, n.name, n.role, n.classes || []));
    }
  }
  const width = Math.max(x - hgap + 4, 10);
  return s("svg", {
    class: "graph layered", viewBox: `0 0 ${width} ${maxY + 4}`, width, height: maxY + 4,
    role: "img", "aria-label": label || "graph",
  }, parts);
}

/** Run a page's main function, showing any failure in the page instead of a blank screen. */
export function start(main) {
  main().catch((err) => {
    console.error(err);
    showError(err);
  });
}
