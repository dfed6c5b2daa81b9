// Makes app/zones/data/commune-outlines.topojson.gz, the committed outlines of every commune that
// the zone build reads, from gregoiredavid/france-geojson's per-department files (IGN ADMIN
// EXPRESS COG 2018, 46 MB). Run by hand through scripts/build-commune-outlines.ts, never by the
// zone build. One TopoJSON topology: each border is stored once and shared by the two communes on
// either side, so simplifying it keeps neighbours touching and the union of communes (a commune
// nouvelle, an EPCI) is a matter of dropping the arcs they share.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FeatureCollection, MultiPolygon, Polygon as GeoJsonPolygon } from 'geojson';
import { mergeArcs, quantize } from 'topojson-client';
import { topology } from 'topojson-server';
import { filter, presimplify } from 'topojson-simplify';
import type { GeometryCollection, MultiPolygon as TopoMultiPolygon, Objects, Polygon as TopoPolygon, Topology as AnyTopology } from 'topojson-specification';
import { z } from 'zod';

// ~8 m steps over France and its overseas departments: far below the simplification.
const QUANTIZATION = 1_000_000;
// Visvalingam's effective area, in m²: a vertex goes when the triangle it makes with its
// neighbours is smaller: a bend of ~50 m over ~800 m, ~100 m over ~400 m. Borders stay within ~50 m of IGN's,
// enough for maps down to street level and for telling which commune a point is in.
export const DEFAULT_MIN_AREA_M2 = 20_000;

const position = z.tuple([z.number(), z.number()]);
const ring = z.array(position);
const featureSchema = z.object({
  properties: z.object({ code: z.string().regex(/^[0-9AB]{5}$/), nom: z.string() }),
  geometry: z.discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ring) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) }),
  ]),
});
type SourceFeature = z.infer<typeof featureSchema>;

/** Every commune feature of `departements/<NN-name>/communes-<NN-name>.geojson` under `root`. */
export function readFranceGeojsonCommunes(root: string): SourceFeature[] {
  const departments = join(root, 'departements');
  if (!existsSync(departments)) throw new Error(`${departments} is missing: give the root of a copy of gregoiredavid/france-geojson`);
  const features: SourceFeature[] = [];
  for (const folder of readdirSync(departments).sort()) {
    const file = join(departments, folder, `communes-${folder}.geojson`);
    if (!existsSync(file)) throw new Error(`${file} is missing`);
    const collection = z.object({ features: z.array(z.unknown()) }).parse(JSON.parse(readFileSync(file, 'utf8')));
    for (const feature of collection.features) features.push(featureSchema.parse(feature));
  }
  return features;
}

// Geometries carry an id and no properties.
type Topology = AnyTopology<Objects<{}>>;
type Arc = number[][];
type Weighted = [number, number, number];

// Triangle area in m² on a local flat projection: degrees of longitude shrink with latitude.
const METRES_PER_DEGREE = 111_195;
function triangleAreaM2([a, b, c]: number[][]): number {
  const k = Math.cos(((a[1] + b[1] + c[1]) / 3) * (Math.PI / 180));
  return (Math.abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])) * k * METRES_PER_DEGREE ** 2) / 2;
}

/**
 * How many inner vertices each arc must keep whatever their weight: a ring of one arc (an island,
 * an enclave) needs two, each arc of a two-arc ring one, or the ring would flatten to nothing.
 */
function minimumInnerPoints(geometries: (TopoPolygon | TopoMultiPolygon)[], arcCount: number): number[] {
  const minimum = new Array<number>(arcCount).fill(0);
  const rings = geometries.flatMap((g) => (g.type === 'Polygon' ? g.arcs : g.arcs.flat()));
  for (const arcs of rings) {
    if (arcs.length > 2) continue;
    for (const arc of arcs) {
      const index = arc < 0 ? ~arc : arc;
      minimum[index] = Math.max(minimum[index], arcs.length === 1 ? 2 : 1);
    }
  }
  return minimum;
}

/** Keeps the vertices whose effective area reaches `minArea`, and each arc's minimum. */
function simplifyArcs(arcs: Arc[], minimum: number[], minArea: number): Arc[] {
  return arcs.map((arc, index) => {
    const points = arc as Weighted[];
    const inner = points.slice(1, -1);
    const strongest = new Set([...inner].sort((a, b) => b[2] - a[2]).slice(0, minimum[index]));
    const kept = inner.filter((p) => p[2] >= minArea || strongest.has(p));
    return [points[0], ...kept, points[points.length - 1]].map(([x, y]) => [x, y]);
  });
}

export interface CommuneOutlinesReport {
  sourceCommunes: number;
  communes: number;
  /** 2018 codes found in no current commune, current or former: left out. */
  unknownCodes: string[];
  points: number;
  bytes: number;
}

/**
 * The topology of current communes: each 2018 commune goes to the current commune holding its
 * code (itself, or the commune nouvelle it merged into: `currentOf`), communes of several 2018
 * ones being their union; then simplified to `minAreaM2`, quantized and gzipped.
 */
export function buildCommuneOutlines(
  features: SourceFeature[],
  currentOf: (code2018: string) => string | null,
  minAreaM2 = DEFAULT_MIN_AREA_M2,
): { gzip: Buffer; report: CommuneOutlinesReport } {
  const unknownCodes: string[] = [];
  const collection: FeatureCollection<GeoJsonPolygon | MultiPolygon, { code: string }> = { type: 'FeatureCollection', features: [] };
  for (const feature of features) {
    const current = currentOf(feature.properties.code);
    if (current === null) unknownCodes.push(feature.properties.code);
    else collection.features.push({ type: 'Feature', properties: { code: current }, geometry: feature.geometry });
  }
  const source = topology({ source: collection }, QUANTIZATION);
  const parts = (source.objects.source as GeometryCollection<{ code: string }>).geometries as (TopoPolygon<{ code: string }> | TopoMultiPolygon<{ code: string }>)[];

  // One geometry per current commune, in code order so the file is the same on every run.
  const byCode = new Map<string, (TopoPolygon | TopoMultiPolygon)[]>();
  for (const part of parts) {
    const code = part.properties!.code;
    (byCode.get(code) ?? byCode.set(code, []).get(code)!).push(part);
  }
  const communes = [...byCode.keys()].sort().map((code): TopoPolygon | TopoMultiPolygon => {
    const members = byCode.get(code)!;
    const merged = members.length === 1 ? members[0] : mergeArcs(source as Topology, members);
    const polygons = merged.type === 'Polygon' ? [merged.arcs] : merged.arcs;
    return polygons.length === 1 ? { type: 'Polygon', arcs: polygons[0], id: code } : { type: 'MultiPolygon', arcs: polygons, id: code };
  });
  const merged: Topology = { ...(source as Topology), objects: { communes: { type: 'GeometryCollection', geometries: communes } } };

  const weighted = presimplify(merged, triangleAreaM2 as never);
  const minimum = minimumInnerPoints(communes, weighted.arcs.length);
  const simplified: Topology = { type: 'Topology', bbox: weighted.bbox, objects: weighted.objects, arcs: simplifyArcs(weighted.arcs as Arc[], minimum, minAreaM2) as Topology['arcs'] };
  // filter() with no test keeps every ring and drops the arcs no commune uses any more (the
  // borders between the former communes of a commune nouvelle).
  const pruned = filter(simplified, () => true) as Topology;
  const output = quantize(pruned, QUANTIZATION);
  const json = JSON.stringify(output);
  const gzip = gzipSync(json, { level: 9 });
  return {
    gzip,
    report: {
      sourceCommunes: features.length,
      communes: communes.length,
      unknownCodes,
      points: output.arcs.reduce((sum, arc) => sum + arc.length, 0),
      bytes: gzip.length,
    },
  };
}
