// vigie dashboard: map, weekly timeline, table and event panel over the
// JSON API. No build step: plain browser JavaScript, vendored libraries only.
"use strict";

// Uncaught errors are recorded on the page so that tests (and bug reports)
// can see them.
window.addEventListener("error", (e) => {
  document.documentElement.dataset.jsError = String(e.message);
});

(function () {
  const TYPE_COLOURS = {
    "Battles": "#c62828",
    "Explosions/Remote violence": "#ef6c00",
    "Violence against civilians": "#6a1b9a",
    "Protests": "#2e7d32",
    "Riots": "#c9a100",
    "Strategic developments": "#1565c0",
  };
  const OTHER_COLOUR = "#546e7a";
  const FILTER_KEYS = ["from", "to", "country", "admin1", "type", "actor", "text"];
  const MAP_LIMIT = 10000;
  const PAGE = 50;
  const FIELD_LABELS = {
    event_date: "date",
    location: "location",
    actor1: "actor 1",
    actor2: "actor 2",
    fatalities: "fatalities",
    sub_event_type: "sub-event type",
  };

  const state = {
    filters: {},
    sort: "date",
    desc: true,
    offset: 0,
    event: null,
  };
  let map, pointLayer, countriesFilled = false, firstFit = true;
  // Events on the map: {id, lat, lon, colour, r (pixels), pr (properties)}.
  let points = [];
  let lastWeeks = [];

  const $ = (sel, root) => (root || document).querySelector(sel);
  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : String(c));
    }
    return e;
  };
  const colour = (type) => TYPE_COLOURS[type] || OTHER_COLOUR;
  const fmt = (n) => (n === null || n === undefined ? "—" : Number(n).toLocaleString("en"));

  // ---- URL state -----------------------------------------------------------

  function readURL() {
    const p = new URLSearchParams(location.search);
    state.filters = {};
    for (const k of FILTER_KEYS) {
      const v = p.get(k);
      if (v) state.filters[k] = v;
    }
    const sort = p.get("sort") || "-date";
    state.desc = sort.startsWith("-");
    state.sort = sort.replace(/^-/, "");
    state.event = p.get("event");
    state.offset = 0;
    const form = $("#filters");
    for (const k of FILTER_KEYS) {
      if (form.elements[k]) form.elements[k].value = state.filters[k] || "";
    }
  }

  function writeURL(push) {
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) if (state.filters[k]) p.set(k, state.filters[k]);
    const sort = (state.desc ? "-" : "") + state.sort;
    if (sort !== "-date") p.set("sort", sort);
    if (state.event) p.set("event", state.event);
    const url = location.pathname + (p.toString() ? "?" + p : "");
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }

  function filterParams(omit) {
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) {
      if (state.filters[k] && !(omit || []).includes(k)) p.set(k, state.filters[k]);
    }
    return p;
  }

  // ---- API -----------------------------------------------------------------

  async function api(path, params) {
    const url = path + (params && params.toString() ? "?" + params : "");
    const r = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await r.json().catch(() => null);
    if (!r.ok) {
      const msg = body && body.error ? body.error.message : r.status + " " + r.statusText;
      throw new Error(msg);
    }
    return body;
  }

  function showError(e) {
    const s = $("#summary");
    s.textContent = "Error: " + e.message;
    s.className = "error";
  }

  // ---- map -----------------------------------------------------------------

  function initMap() {
    map = L.map("map", { zoomSnap: 0.5, worldCopyJump: true, minZoom: 2, maxZoom: 14 }).setView([15, 0], 5);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth");
    map.createPane("outlines");
    map.getPane("outlines").style.zIndex = 350;
    pointLayer = L.layerGroup().addTo(map);
    // Clusters are recomputed for the visible area after each move; one
    // redraw per frame however many events fire.
    let pending = false;
    map.on("moveend zoomend", () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; drawPoints(); });
    });
    loadOutlines();
    const legend = $("#legend");
    for (const [t, c] of Object.entries(TYPE_COLOURS)) {
      legend.append(el("div", {}, el("i", { style: "background:" + c }), t));
    }
    legend.append(el("div", { class: "hint" }, "size: fatalities"));
  }

  // A cluster shows its count, and a ring whose arcs are the shares of each
  // event type, so colours keep meaning "type" at every zoom.
  function clusterIcon(n, colours) {
    let at = 0;
    const stops = [];
    for (const [col, k] of colours) {
      const next = at + (k / n) * 360;
      stops.push(`${col} ${at}deg ${next}deg`);
      at = next;
    }
    const size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 48;
    return L.divIcon({
      html: `<div style="background:conic-gradient(${stops.join(",")})"><span>${n}</span></div>`,
      className: "marker-cluster vigie-cluster",
      iconSize: L.point(size, size),
    });
  }

  // Grid clustering of the events in view: each cell of CELL screen pixels
  // (in world pixel coordinates, so cells do not move while panning) shows
  // its lone event as a circle, or a cluster icon for several. Linear in
  // the number of events and bounded in drawn elements, where a marker per
  // event in a cluster tree took seconds for 10,000 events.
  const CELL = 56;
  function drawPoints() {
    pointLayer.clearLayers();
    if (!points.length) return;
    const zoom = map.getZoom();
    const view = map.getBounds().pad(0.25);
    const south = view.getSouth(), north = view.getNorth();
    const west = view.getWest(), east = view.getEast();
    const cells = new Map();
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      if (p.lat < south || p.lat > north || p.lon < west || p.lon > east) continue;
      const px = map.project([p.lat, p.lon], zoom);
      const key = Math.floor(px.x / CELL) + ":" + Math.floor(px.y / CELL);
      let c = cells.get(key);
      if (!c) { c = { members: [], lat: 0, lon: 0 }; cells.set(key, c); }
      c.members.push(i);
      c.lat += p.lat;
      c.lon += p.lon;
    }
    const atMax = zoom >= map.getMaxZoom();
    for (const c of cells.values()) {
      if (c.members.length === 1) {
        pointLayer.addLayer(pointMarker(points[c.members[0]]));
        continue;
      }
      const n = c.members.length;
      const colours = new Map();
      for (const i of c.members) colours.set(points[i].colour, (colours.get(points[i].colour) || 0) + 1);
      const m = L.marker([c.lat / n, c.lon / n], { icon: clusterIcon(n, colours), keyboard: false });
      m.on("click", () => openCluster(c.members, atMax));
      pointLayer.addLayer(m);
    }
  }

  function pointMarker(p) {
    const m = L.circleMarker([p.lat, p.lon], {
      radius: p.r,
      color: "#222",
      weight: 0.8,
      fillColor: p.colour,
      fillOpacity: 0.85,
      className: "vigie-marker",
    });
    m.on("click", () => selectEvent(p.id, true));
    const pr = p.pr;
    m.bindTooltip(
      () => `${escapeHTML(pr.event_date || "?")} · ${escapeHTML(pr.sub_event_type)}<br>` +
        `${escapeHTML(pr.location || "")} · ${fmt(pr.fatalities)} killed`,
      { direction: "top" }
    );
    return m;
  }

  // A cluster click zooms to its events; where zooming cannot separate them
  // (same place, or the deepest zoom) it lists them instead.
  function openCluster(members, atMax) {
    const bounds = L.latLngBounds(members.map((i) => [points[i].lat, points[i].lon]));
    const samePlace = bounds.getNorthEast().equals(bounds.getSouthWest());
    if (!atMax && !samePlace) {
      map.fitBounds(bounds, { padding: [40, 40], maxZoom: map.getMaxZoom() });
      return;
    }
    const list = el("ul", { class: "cluster-list" });
    for (const i of members.slice(0, 30)) {
      const p = points[i];
      const label = `${p.pr.event_date || "?"} · ${p.pr.sub_event_type} · ${p.pr.location || "?"}`;
      list.append(el("li", {}, el("a", { href: "#", onclick: (ev) => { ev.preventDefault(); map.closePopup(); selectEvent(p.id, true); } }, label)));
    }
    if (members.length > 30) list.append(el("li", { class: "hint" }, `and ${members.length - 30} more: filter or use the table`));
    L.popup({ maxHeight: 260 }).setLatLng(bounds.getCenter()).setContent(list).openOn(map);
  }

  async function loadOutlines() {
    try {
      const topo = await (await fetch("/assets/vendor/world-atlas/countries-50m.json")).json();
      const countries = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(countries, {
        pane: "tilePane",
        interactive: false,
        style: { color: "#8a8f94", weight: 1, fillColor: "#f3f0e8", fillOpacity: 1 },
      }).addTo(map);
      const admin1 = await (await fetch("/assets/vendor/natural-earth-admin1/sahel-admin1.json")).json();
      L.geoJSON(admin1, {
        pane: "outlines",
        interactive: false,
        style: { color: "#a9a59b", weight: 0.6, dashArray: "3 3", fill: false, className: "admin1" },
      }).addTo(map);
    } catch (e) {
      console.warn("outlines not loaded", e);
    }
  }

  function radius(f) {
    const n = f.properties.fatalities || 0;
    return Math.min(4 + Math.sqrt(n) * 2.2, 22);
  }

  async function loadMap() {
    const p = filterParams();
    p.set("limit", String(MAP_LIMIT));
    // Only what markers and their tooltips show: a fifth of the full size.
    p.set("fields", "event_date,event_type,sub_event_type,location,fatalities");
    const fc = await api("/api/events.geojson", p);
    const next = [];
    const bounds = [];
    for (const f of fc.features) {
      if (!f.geometry) continue;
      const [lon, lat] = f.geometry.coordinates;
      const pr = f.properties;
      next.push({ id: f.id, lat, lon, colour: colour(pr.event_type), r: radius(f), pr });
      bounds.push([lat, lon]);
    }
    points = next;
    $("#map").dataset.markers = String(points.length);
    if (firstFit && bounds.length) {
      firstFit = false;
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7 });
    }
    drawPoints();
    return { shown: points.length, fetched: fc.features.length };
  }

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  // ---- timeline ------------------------------------------------------------

  const DAY = 86400000;
  const parseDay = (s) => Date.parse(s + "T00:00:00Z");
  const dayString = (t) => new Date(t).toISOString().slice(0, 10);

  // Fills the weeks without events so that the x axis is real time; over
  // long spans weekly bars get too thin to see or brush, so they are summed
  // by month. Each bucket covers key..end (inclusive days).
  function buckets(byWeek) {
    if (!byWeek.length) return [];
    const known = new Map(byWeek.map((w) => [w.key, w]));
    const weeks = [];
    const start = parseDay(byWeek[0].key);
    const end = parseDay(byWeek[byWeek.length - 1].key);
    for (let t = start; t <= end && weeks.length < 5000; t += 7 * DAY) {
      const k = dayString(t);
      const w = known.get(k) || { events: 0, fatalities: 0 };
      weeks.push({ key: k, end: dayString(t + 6 * DAY), events: w.events, fatalities: w.fatalities });
    }
    if (weeks.length <= 160) return weeks;
    const months = new Map();
    for (const w of weeks) {
      const k = w.key.slice(0, 7) + "-01";
      let m = months.get(k);
      if (!m) {
        const d = new Date(parseDay(k));
        const last = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
        m = { key: k, end: dayString(last), events: 0, fatalities: 0, month: true };
        months.set(k, m);
      }
      m.events += w.events;
      m.fatalities += w.fatalities;
    }
    return [...months.values()];
  }

  function drawTimeline(weeks) {
    lastWeeks = weeks;
    $("#timeline-wrap h2").textContent =
      "Events and fatalities per " + (weeks.length && weeks[0].month ? "month" : "week");
    const host = $("#timeline");
    host.textContent = "";
    const W = Math.max(host.clientWidth, 280), H = 150;
    const m = { l: 34, r: 34, t: 8, b: 20 };
    const svgNS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Events and fatalities per week");
    host.append(svg);
    const mk = (tag, attrs) => {
      const e = document.createElementNS(svgNS, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      svg.append(e);
      return e;
    };
    if (!weeks.length) {
      mk("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis" }).textContent = "no dated events";
      return;
    }
    const n = weeks.length;
    const iw = W - m.l - m.r, ih = H - m.t - m.b;
    const bw = iw / n;
    const maxE = Math.max(1, ...weeks.map((w) => w.events));
    const maxF = Math.max(1, ...weeks.map((w) => w.fatalities));
    const from = state.filters.from ? parseDay(state.filters.from) : -Infinity;
    const to = state.filters.to ? parseDay(state.filters.to) : Infinity;
    weeks.forEach((w, i) => {
      const inRange = parseDay(w.end) >= from && parseDay(w.key) <= to;
      const h = (w.events / maxE) * ih;
      const r = mk("rect", {
        x: m.l + i * bw + Math.min(1, bw * 0.1), y: m.t + ih - h,
        width: Math.max(bw - Math.min(2, bw * 0.2), 0.5), height: Math.max(h, w.events ? 1 : 0),
        class: "bar" + (inRange && (state.filters.from || state.filters.to) ? " in" : ""),
      });
      const title = document.createElementNS(svgNS, "title");
      title.textContent = `${w.month ? "month of" : "week of"} ${w.key}: ${w.events} events, ${w.fatalities} fatalities`;
      r.append(title);
    });
    // Fatalities as a line on their own scale (right axis).
    const pts = weeks.map((w, i) => `${m.l + (i + 0.5) * bw},${m.t + ih - (w.fatalities / maxF) * ih}`);
    mk("polyline", { points: pts.join(" "), class: "fat" });
    mk("text", { x: 2, y: m.t + 8, class: "axis" }).textContent = String(maxE);
    mk("text", { x: W - m.r + 3, y: m.t + 8, class: "axis", fill: "#d2691e" }).textContent = String(maxF);
    mk("text", { x: 2, y: m.t + ih, class: "axis" }).textContent = "0";
    // Month labels where the month changes, thinned to fit.
    let lastLabel = -Infinity;
    weeks.forEach((w, i) => {
      const x = m.l + i * bw;
      const d = new Date(parseDay(w.key));
      const prev = i ? new Date(parseDay(weeks[i - 1].key)) : null;
      if ((i === 0 || d.getUTCMonth() !== prev.getUTCMonth()) && x - lastLabel > 52) {
        mk("text", { x, y: H - 5, class: "axis" }).textContent = w.key.slice(0, 7);
        lastLabel = x;
      }
    });

    // Brushing: drag to pick a range of weeks, release to filter.
    const brush = mk("rect", { x: 0, y: m.t, width: 0, height: ih, class: "brush", visibility: "hidden" });
    const toX = (ev) => {
      const r = svg.getBoundingClientRect();
      return ((ev.clientX - r.left) / r.width) * W;
    };
    const weekAt = (x) => Math.max(0, Math.min(n - 1, Math.floor((x - m.l) / bw)));
    let startX = null;
    svg.addEventListener("pointerdown", (ev) => {
      startX = toX(ev);
      try { svg.setPointerCapture(ev.pointerId); } catch (e) { /* synthetic or lost pointer */ }
      brush.setAttribute("visibility", "visible");
      brush.setAttribute("x", startX);
      brush.setAttribute("width", 0);
    });
    svg.addEventListener("pointermove", (ev) => {
      if (startX === null) return;
      const x = toX(ev);
      brush.setAttribute("x", Math.min(x, startX));
      brush.setAttribute("width", Math.abs(x - startX));
    });
    svg.addEventListener("pointerup", (ev) => {
      if (startX === null) return;
      const x = toX(ev);
      const a = weekAt(Math.min(x, startX)), b = weekAt(Math.max(x, startX));
      startX = null;
      state.filters.from = weeks[a].key;
      state.filters.to = weeks[b].end;
      const form = $("#filters");
      form.elements.from.value = state.filters.from;
      form.elements.to.value = state.filters.to;
      apply(true);
    });
  }

  // ---- table ---------------------------------------------------------------

  async function loadTable() {
    const p = filterParams();
    p.set("limit", String(PAGE));
    p.set("offset", String(state.offset));
    p.set("sort", (state.desc ? "-" : "") + state.sort);
    const page = await api("/api/events", p);
    const tbody = $("#events tbody");
    tbody.textContent = "";
    for (const e of page.events) {
      const loc = e.location || {};
      const tr = el(
        "tr",
        { "data-id": e.event_id, class: e.event_id === state.event ? "selected" : null, onclick: () => selectEvent(e.event_id, true) },
        el("td", {}, e.event_date || "?"),
        el("td", {}, el("span", { class: "swatch", style: "background:" + colour(e.event_type) }), e.event_type),
        el("td", {}, e.sub_event_type),
        el("td", { class: "wrap" }, e.actor1 ? e.actor1.name : "—"),
        el("td", { class: "wrap" }, e.actor2 ? e.actor2.name : "—"),
        el("td", {}, [loc.name, loc.admin1].filter(Boolean).join(", ") || "—"),
        el("td", {}, loc.country || "—"),
        el("td", {}, fmt(e.fatalities)),
        el("td", {}, String(e.sources ? e.sources.length : 0))
      );
      tbody.append(tr);
    }
    if (!page.events.length) {
      tbody.append(el("tr", {}, el("td", { colspan: 9, class: "hint" }, "No events match these filters.")));
    }
    const end = state.offset + page.events.length;
    $("#page-info").textContent = page.total ? `${state.offset + 1}–${end} of ${fmt(page.total)}` : "0";
    $("#prev").disabled = state.offset === 0;
    $("#next").disabled = page.next_offset === null || page.next_offset === undefined;
    for (const th of document.querySelectorAll("#events th[data-sort]")) {
      th.classList.toggle("sorted", th.dataset.sort === state.sort);
      th.classList.toggle("desc", th.dataset.sort === state.sort && state.desc);
      th.classList.toggle("asc", th.dataset.sort === state.sort && !state.desc);
    }
    const exp = filterParams();
    $("#csv-link").href = "/api/events.csv" + (exp.toString() ? "?" + exp : "");
    $("#geojson-link").href = "/api/events.geojson" + (exp.toString() ? "?" + exp : "");
    return page.total;
  }

  // ---- event panel ---------------------------------------------------------

  const enc = new TextEncoder();
  const dec = new TextDecoder();

  // Splits `text` at the byte offsets of `spans` and wraps each covered piece
  // in a <mark>; offsets from the API are UTF-8 bytes, JavaScript strings are
  // UTF-16, hence the round trip through bytes.
  function highlighted(text, spans) {
    const bytes = enc.encode(text);
    const ok = spans.filter((s) => s.start >= 0 && s.end <= bytes.length && s.start < s.end);
    const cuts = new Set([0, bytes.length]);
    for (const s of ok) { cuts.add(s.start); cuts.add(s.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const piece = dec.decode(bytes.subarray(a, b));
      const cover = ok.filter((s) => s.start <= a && s.end >= b);
      if (!cover.length) { frag.append(piece); continue; }
      const fields = cover.filter((s) => s.field).map((s) => FIELD_LABELS[s.field] || s.field);
      const mark = el("mark", { class: fields.length ? "fe" : "ev", title: fields.length ? "read as: " + fields.join(", ") : "evidence" }, piece);
      if (fields.length) mark.dataset.fields = fields.join(",");
      frag.append(mark);
    }
    return frag;
  }

  function actorText(a) {
    if (!a) return "—";
    const bits = [a.name];
    if (a.inter) bits.push(`(inter ${a.inter})`);
    return bits.join(" ");
  }

  function field(dl, label, value, fe) {
    const dd = el("dd", {}, value === null || value === undefined || value === "" ? "—" : value);
    if (fe) dd.append(el("span", { class: "from" }, "from “" + fe.text + "”"));
    dl.append(el("dt", {}, label), dd);
  }

  async function selectEvent(id, push) {
    state.event = id;
    writeURL(push);
    for (const tr of document.querySelectorAll("#events tbody tr")) {
      tr.classList.toggle("selected", tr.dataset.id === id);
    }
    const panel = $("#panel");
    panel.textContent = "";
    panel.append(el("p", { class: "hint" }, "Loading…"));
    let e;
    try {
      e = await api("/api/events/" + encodeURIComponent(id));
    } catch (err) {
      panel.textContent = "";
      panel.append(el("p", { class: "error" }, err.message));
      return;
    }
    if (state.event !== id) return;
    panel.textContent = "";
    const fe = e.field_evidence || {};
    panel.append(
      el("button", { class: "close", type: "button", "aria-label": "Close", onclick: closePanel }, "×"),
      el("h2", {}, el("span", { class: "swatch", style: "background:" + colour(e.event_type) }), e.sub_event_type)
    );
    const dl = el("dl", { id: "fields" });
    const loc = e.location || {};
    let when = e.event_date || "unknown";
    if (e.date_precision && e.date_precision !== "day") when += ` (${e.date_precision}: ${e.date_earliest} – ${e.date_latest})`;
    field(dl, "Date", when, fe.event_date);
    field(dl, "Event type", e.event_type);
    field(dl, "Sub-event type", e.sub_event_type, fe.sub_event_type);
    field(dl, "Disorder", e.disorder_type);
    field(dl, "Actor 1", actorText(e.actor1), fe.actor1);
    if (e.assoc_actor_1 && e.assoc_actor_1.length) field(dl, "Assoc. 1", e.assoc_actor_1.map((a) => a.name).join("; "));
    field(dl, "Actor 2", actorText(e.actor2), fe.actor2);
    if (e.assoc_actor_2 && e.assoc_actor_2.length) field(dl, "Assoc. 2", e.assoc_actor_2.map((a) => a.name).join("; "));
    const place = [loc.name, loc.admin2, loc.admin1, loc.country].filter(Boolean).join(", ");
    const coords = loc.latitude !== null && loc.latitude !== undefined ? ` (${loc.latitude.toFixed(3)}, ${loc.longitude.toFixed(3)}; precision ${loc.geo_precision || "?"})` : "";
    field(dl, "Location", place ? place + coords : null, fe.location);
    field(dl, "Fatalities", e.fatalities === null ? "not reported" : String(e.fatalities), fe.fatalities);
    if (e.claimed) field(dl, "Claimed by", e.claimed_by ? e.claimed_by.name : "yes");
    field(dl, "Notes", e.notes);
    if (e.tags && e.tags.length) field(dl, "Tags", e.tags.join("; "));
    field(dl, "Rule", `${e.rule} · confidence ${Number(e.confidence).toFixed(2)}`);
    if (e.merge_reason) field(dl, "Merged", e.merge_reason);
    field(dl, "Event id", e.event_id);
    panel.append(dl);
    panel.append(el("p", { class: "fields-legend" },
      el("mark", { class: "ev" }, "evidence"), " sentences that report the event; ",
      el("mark", { class: "fe" }, "coded field"), " words a field was read from (hover for which)."));
    const sources = e.sources && e.sources.length ? e.sources : [{ doc_id: e.doc_id, evidence: e.evidence }];
    for (const s of sources) {
      const box = el("div", { class: "source" });
      const head = [s.title || s.doc_id];
      if (s.source) head.push(s.source);
      if (s.published) head.push(s.published);
      box.append(el("h3", {}, head.join(" · ")));
      if (s.url) box.append(el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank" }, s.url));
      if (s.fatalities !== undefined && sources.length > 1) {
        box.append(el("div", { class: "hint" }, `this source: ${s.fatalities === null ? "no figure" : s.fatalities + " killed"}${s.fatalities_text ? " (“" + s.fatalities_text + "”)" : ""}`));
      }
      const textBox = el("div", { class: "doc-text" }, "Loading report…");
      box.append(textBox);
      panel.append(box);
      loadSourceText(e, s, textBox);
    }
  }

  async function loadSourceText(e, s, box) {
    try {
      const doc = await api("/api/documents/" + encodeURIComponent(s.doc_id));
      const spans = (s.evidence || []).map((v) => ({ start: v.start, end: v.end }));
      if (s.doc_id === e.doc_id) {
        for (const [f, v] of Object.entries(e.field_evidence || {})) spans.push({ start: v.start, end: v.end, field: f });
      }
      box.textContent = "";
      box.append(highlighted(doc.text, spans));
      const first = box.querySelector("mark");
      if (first) box.scrollTop = Math.max(0, first.offsetTop - box.offsetTop - 40);
    } catch (err) {
      box.textContent = "Report not available: " + err.message;
    }
  }

  function closePanel() {
    state.event = null;
    writeURL(true);
    const panel = $("#panel");
    panel.textContent = "";
    panel.append(el("p", { class: "hint" }, "Select an event on the map or in the table to see its coded fields and the reports it was read from."));
    for (const tr of document.querySelectorAll("#events tbody tr.selected")) tr.classList.remove("selected");
  }

  // ---- filters and loading -------------------------------------------------

  async function loadStats() {
    // The timeline ignores the date filter (so a brush can widen again);
    // without one, both are the same request.
    const dated = Boolean(state.filters.from || state.filters.to);
    const [all, timeline] = await Promise.all([
      api("/api/stats", filterParams()),
      dated ? api("/api/stats", filterParams(["from", "to"])) : null,
    ]);
    const s = $("#summary");
    s.className = "";
    s.textContent = `${fmt(all.events)} events · ${fmt(all.fatalities)} fatalities · ${fmt(all.documents)} reports`;
    drawTimeline(buckets((timeline || all).by_week || []));
    $("#clear-dates").hidden = !(state.filters.from || state.filters.to);
    // Regions of the current selection (all of them while none is chosen).
    const regions = $("#filters").elements.admin1;
    regions.length = 1;
    for (const c of all.by_admin1 || []) {
      regions.append(el("option", { value: c.key }, `${c.key} (${c.events})`));
    }
    regions.value = state.filters.admin1 || "";
    if (!countriesFilled) {
      const unfiltered = !Object.keys(state.filters).length;
      const base = unfiltered ? all : await api("/api/stats", new URLSearchParams());
      const sel = $("#filters").elements.country;
      for (const c of base.by_country || []) {
        sel.append(el("option", { value: c.key }, `${c.key} (${c.events})`));
      }
      sel.value = state.filters.country || "";
      countriesFilled = true;
    }
    return all.events;
  }

  async function apply(push) {
    state.offset = 0;
    writeURL(push);
    await refresh();
  }

  async function refresh() {
    document.body.dataset.ready = "0";
    try {
      const [total, , mapInfo] = await Promise.all([loadStats(), loadTable(), loadMap()]);
      if (total > MAP_LIMIT) {
        $("#summary").textContent += ` (map: ${fmt(mapInfo.fetched)} most recent)`;
      }
      if (state.event) await selectEvent(state.event, false);
    } catch (e) {
      showError(e);
    }
    // When the view was complete (ms since navigation), for tests.
    document.body.dataset.readyAt = String(Math.round(performance.now()));
    document.body.dataset.ready = "1";
  }

  function wire() {
    const form = $("#filters");
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      state.filters = {};
      for (const k of FILTER_KEYS) {
        const v = (form.elements[k].value || "").trim();
        if (v) state.filters[k] = v;
      }
      apply(true);
    });
    for (const name of ["country", "admin1", "type", "from", "to"]) {
      form.elements[name].addEventListener("change", () => {
        if (name === "country") form.elements.admin1.value = "";
        form.requestSubmit();
      });
    }
    $("#reset-filters").addEventListener("click", () => {
      form.reset();
      state.filters = {};
      state.event = null;
      apply(true);
    });
    $("#clear-dates").addEventListener("click", () => {
      delete state.filters.from;
      delete state.filters.to;
      form.elements.from.value = "";
      form.elements.to.value = "";
      apply(true);
    });
    $("#prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadTable().catch(showError); });
    $("#next").addEventListener("click", () => { state.offset += PAGE; loadTable().catch(showError); });
    for (const th of document.querySelectorAll("#events th[data-sort]")) {
      th.addEventListener("click", () => {
        const key = th.dataset.sort;
        if (state.sort === key) state.desc = !state.desc;
        else { state.sort = key; state.desc = key !== "country" && key !== "event_type"; }
        state.offset = 0;
        writeURL(false);
        loadTable().catch(showError);
      });
    }
    // Actor completion from the store.
    let timer = null;
    form.elements.actor.addEventListener("input", () => {
      clearTimeout(timer);
      const q = form.elements.actor.value.trim();
      if (q.length < 2) return;
      timer = setTimeout(async () => {
        try {
          const r = await api("/api/actors", new URLSearchParams({ q, limit: "10" }));
          const dl = $("#actor-list");
          dl.textContent = "";
          for (const s of r.suggestions) dl.append(el("option", { value: s.name }));
        } catch (e) { /* completion is a convenience */ }
      }, 200);
    });
    window.addEventListener("popstate", () => { readURL(); refresh(); });
    let rt = null;
    window.addEventListener("resize", () => {
      clearTimeout(rt);
      rt = setTimeout(() => { map.invalidateSize(); drawTimeline(lastWeeks); }, 150);
    });
  }

  readURL();
  initMap();
  wire();
  refresh();
})();
