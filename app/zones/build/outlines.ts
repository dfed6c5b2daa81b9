// Polygon helpers of the zone build: union of a partition (Natural Earth's departments into
// regions, the fallback where commune outlines are missing), rounding, boxes and label points.
import polylabel from 'polylabel';
import { outlineContains, ringContains } from './shared.ts';
import type { PolygonCoordinates, Position } from './sources.ts';

export type Polygon = PolygonCoordinates;

export interface Geometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: Polygon | Polygon[];
}

export interface Bbox {
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
}

/** Twice the signed area in square degrees: positive when the ring turns counter-clockwise. */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum;
}

// RFC 7946 orientation: outer rings counter-clockwise, holes clockwise.
function oriented(polygon: Polygon): Polygon {
  return polygon.map((ring, i) => ((signedArea(ring) > 0) === (i === 0) ? ring : [...ring].reverse()));
}


/** Outer rings (counter-clockwise) and holes (clockwise) sorted into polygons. */
function assemble(rings: Position[][]): Polygon[] {
  const outers = rings.filter((ring) => signedArea(ring) > 0).map((ring) => ({ ring, area: signedArea(ring), holes: [] as Position[][] }));
  for (const hole of rings.filter((ring) => signedArea(ring) < 0)) {
    // A hole belongs to the smallest outer ring around it.
    const owner = outers.filter((o) => ringContains(o.ring, hole[0][0], hole[0][1])).sort((a, b) => a.area - b.area)[0];
    owner?.holes.push(hole);
  }
  return outers.sort((a, b) => b.area - a.area).map((o) => [o.ring, ...o.holes]);
}

/** The union of polygons that touch only along shared edges (a partition, such as departments). */
export function dissolve(polygons: Polygon[]): Polygon[] {
  const key = (p: Position) => `${p[0]},${p[1]}`;
  const edgeCount = new Map<string, number>();
  const edges: [Position, Position][] = [];
  for (const polygon of polygons.map(oriented)) {
    for (const ring of polygon) {
      for (let i = 0; i < ring.length - 1; i++) {
        const [a, b] = [key(ring[i]), key(ring[i + 1])];
        if (a === b) continue;
        const undirected = a < b ? `${a}|${b}` : `${b}|${a}`;
        edgeCount.set(undirected, (edgeCount.get(undirected) ?? 0) + 1);
        edges.push([ring[i], ring[i + 1]]);
      }
    }
  }
  // Edges seen once are on the union's boundary; an edge two polygons share is inside it.
  const outgoing = new Map<string, Position[]>();
  for (const [a, b] of edges) {
    const [ka, kb] = [key(a), key(b)];
    if (edgeCount.get(ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`) !== 1) continue;
    const list = outgoing.get(ka) ?? [];
    list.push(b);
    outgoing.set(ka, list);
  }
  const rings: Position[][] = [];
  for (const [startKey, starts] of outgoing) {
    while (starts.length > 0) {
      const start = starts.pop()!;
      const ring: Position[] = [];
      // startKey's own point is the previous ring point; rebuild it from the key.
      const first = startKey.split(',').map(Number) as Position;
      ring.push(first, start);
      let current = start;
      while (key(current) !== startKey) {
        const next = outgoing.get(key(current))?.pop();
        if (!next) break; // an open chain: the input was not a clean partition; drop it
        ring.push(next);
        current = next;
      }
      if (key(current) === startKey && ring.length >= 4) rings.push(ring);
    }
  }
  return assemble(rings);
}

/**
 * Coordinates rounded to `decimals`, repeated points dropped, rings smaller than `minArea` square
 * degrees dropped (islets, and a ring that rounding flattened); polygons losing their outer ring go.
 */
export function simplify(polygons: Polygon[], decimals: number, minArea: number): Polygon[] {
  const factor = 10 ** decimals;
  const round = (p: Position): Position => [Math.round(p[0] * factor) / factor, Math.round(p[1] * factor) / factor];
  const result: Polygon[] = [];
  for (const polygon of polygons) {
    const rings = polygon.map((ring) => {
      const out: Position[] = [];
      for (const point of ring.map(round)) {
        const last = out[out.length - 1];
        if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
      }
      return out;
    });
    const kept = rings.filter((ring) => ring.length >= 4 && Math.abs(signedArea(ring)) / 2 >= minArea);
    if (kept[0] === rings[0]) result.push(kept);
  }
  return result;
}

export function toGeometry(polygons: Polygon[]): Geometry | null {
  if (polygons.length === 0) return null;
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

export function bboxOfPoints(points: Iterable<{ lat: number; lon: number }>): Bbox | null {
  let box: Bbox | null = null;
  for (const { lat, lon } of points) {
    box = box
      ? { minLat: Math.min(box.minLat, lat), minLon: Math.min(box.minLon, lon), maxLat: Math.max(box.maxLat, lat), maxLon: Math.max(box.maxLon, lon) }
      : { minLat: lat, minLon: lon, maxLat: lat, maxLon: lon };
  }
  return box;
}

export function bboxOfPolygons(polygons: Polygon[]): Bbox | null {
  return bboxOfPoints(polygons.flatMap((polygon) => polygon[0].map(([lon, lat]) => ({ lat, lon }))));
}

/**
 * Coordinates rounded to `decimals` with repeated points dropped, every ring kept (unlike
 * simplify): for commune outlines, whose smallest rings are whole communes.
 */
export function roundPolygons(polygons: Polygon[], decimals: number): Polygon[] {
  const factor = 10 ** decimals;
  return polygons.map((polygon) =>
    polygon.map((ring) => {
      const out: Position[] = [];
      for (const [lon, lat] of ring) {
        const point: Position = [Math.round(lon * factor) / factor, Math.round(lat * factor) / factor];
        const last = out[out.length - 1];
        if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
      }
      return out.length >= 4 ? out : ring;
    }),
  );
}

/** Area centroid of a ring ([lon, lat], planar), or null for a flat ring. */
function ringCentroid(ring: Position[]): Position | null {
  let area = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const cross = ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    area += cross;
    x += (ring[i][0] + ring[i + 1][0]) * cross;
    y += (ring[i][1] + ring[i + 1][1]) * cross;
  }
  return area === 0 ? null : [x / (3 * area), y / (3 * area)];
}

/**
 * A point inside the outline where its name and marker go: the centroid of its largest polygon
 * when that falls inside it, else that polygon's pole of inaccessibility (a crescent's or a ring's
 * centroid lies outside). Rounded to 5 decimals (~1 m).
 */
export function labelPoint(polygons: Polygon[]): { lat: number; lon: number } | null {
  const largest = polygons.reduce<Polygon | null>((best, polygon) => (best && Math.abs(signedArea(best[0])) >= Math.abs(signedArea(polygon[0])) ? best : polygon), null);
  if (!largest) return null;
  const centroid = ringCentroid(largest[0]);
  const inside = centroid && outlineContains({ type: 'Polygon', coordinates: largest }, centroid[1], centroid[0]) ? centroid : null;
  const [lon, lat] = inside ?? polylabel(largest as [number, number][][], 0.0002);
  return { lat: Math.round(lat * 1e5) / 1e5, lon: Math.round(lon * 1e5) / 1e5 };
}
