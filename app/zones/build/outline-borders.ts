// Borders of the zone tiles from commune outlines given one by one (not as one topology): what a box
// uses to redraw the tiles around outlines imported on it (../local-outlines.ts). As in the zone build,
// each border is drawn once, under the highest level it separates. Two neighbours share a border when
// their rings share its vertices (the zone build's outlines do, and so do the communes of one file,
// rounded the same way). An imported outline meets its shipped neighbours only roughly: the neighbours'
// side of its old border is left out (the imported outline replaces it), and a stretch of the imported
// outline that no other ring shares is drawn at the level of the border it replaces: the nearest part
// of its old outline says which neighbour, or France's edge, lies there.
import type { BorderLevel } from './commune-topology.ts';
import type { Polygon } from './outlines.ts';

export interface BorderCommune {
  code: string;
  /** [lon, lat] rings, rounded to the zone database's 4 decimals. */
  polygons: Polygon[];
  /** Imported on this box: the outline zones.db has for it (null when it has none), which `polygons` replace. */
  replaced?: Polygon[] | null;
  /** Its region, department and EPCI (the commune's own id when it has none, as in the zone build). */
  levels: { region: string; dep: string; epci: string };
}

export type Borders = Record<BorderLevel, number[][][]>;

/** How far (degrees, ~150 m) the other side of a stray border is looked for; farther, it is France's edge. */
const NEAR = 0.0015;
/** How far (degrees, ~5 km) an imported outline's border may have moved from its old one. */
const MOVED = 0.05;
const CELL = 0.01;

const pointKey = (lon: number, lat: number) => Math.round((lon + 180) * 1e5) * 1e8 + Math.round((lat + 90) * 1e5);
const cellKey = (cx: number, cy: number) => cx * 100_000 + cy;

function levelBetween(a: BorderCommune, b: BorderCommune): BorderLevel {
  if (a.levels.region !== b.levels.region) return 'region';
  if (a.levels.dep !== b.levels.dep) return 'dep';
  return a.levels.epci !== b.levels.epci ? 'epci' : 'commune';
}

const isLocal = (commune: BorderCommune) => commune.replaced !== undefined;
/** The outlines as zones.db has them: the shipped ones, and those the imported ones replace. */
const shippedPolygons = (commune: BorderCommune) => (isLocal(commune) ? commune.replaced ?? [] : commune.polygons);

/** Every border of these communes once, by level. Lines far from the communes' middle may be incomplete: cut tiles inside. */
export function bordersOfCommunes(communes: BorderCommune[]): Borders {
  const geometry: BorderGeometry = {
    communes,
    owners: vertexOwners(communes.map((commune) => commune.polygons)),
    shippedOwners: vertexOwners(communes.map(shippedPolygons)),
    current: new SegmentGrid(communes.map((commune) => commune.polygons)),
    replaced: new SegmentGrid(communes.map((commune) => commune.replaced ?? [])),
  };
  const borders: Borders = { region: [], dep: [], epci: [], commune: [] };
  communes.forEach((commune, self) => {
    for (const ring of commune.polygons.flat()) {
      // Consecutive segments drawn at one level make one line.
      let level: BorderLevel | null = null;
      let line: number[][] = [];
      const close = () => {
        if (level !== null && line.length > 1) borders[level].push(line);
        [level, line] = [null, []];
      };
      for (let i = 0; i < ring.length - 1; i++) {
        const [a, b] = [ring[i], ring[i + 1]];
        const drawnAt = segmentLevel(geometry, self, a, b);
        if (drawnAt === null) {
          close();
          continue;
        }
        if (drawnAt !== level) {
          close();
          [level, line] = [drawnAt, [a]];
        }
        line.push(b);
      }
      close();
    }
  });
  return borders;
}

interface BorderGeometry {
  communes: BorderCommune[];
  owners: Map<number, number | number[]>;
  shippedOwners: Map<number, number | number[]>;
  current: SegmentGrid;
  replaced: SegmentGrid;
}

/** The level this commune draws a segment at, or null when another commune draws it (or nobody should). */
function segmentLevel(geometry: BorderGeometry, self: number, a: number[], b: number[]): BorderLevel | null {
  const { communes } = geometry;
  const commune = communes[self];
  const shared = sharedWith(geometry.owners, self, a, b);
  if (shared !== null) return self < shared ? levelBetween(commune, communes[shared]) : null;
  const [lon, lat] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  if (!isLocal(commune)) {
    const formerly = sharedWith(geometry.shippedOwners, self, a, b);
    if (formerly !== null && isLocal(communes[formerly])) return null; // the old border of an imported neighbour
  } else if (commune.replaced) {
    const old = geometry.replaced.nearest(lon, lat, MOVED, (owner) => owner === self);
    if (old !== null) {
      const [oa, ob] = geometry.replaced.ends(old);
      const neighbour = sharedWith(geometry.shippedOwners, self, oa, ob);
      return neighbour === null ? 'region' : levelBetween(commune, communes[neighbour]);
    }
  }
  const other = geometry.current.nearest(lon, lat, NEAR, (owner) => owner !== self);
  return other === null ? 'region' : levelBetween(commune, communes[geometry.current.owner[other]]);
}

function vertexOwners(outlines: Polygon[][]): Map<number, number | number[]> {
  const owners = new Map<number, number | number[]>();
  outlines.forEach((polygons, index) => {
    for (const ring of polygons.flat()) {
      for (const [lon, lat] of ring) {
        const key = pointKey(lon, lat);
        const known = owners.get(key);
        if (known === undefined) owners.set(key, index);
        else if (typeof known === 'number') { if (known !== index) owners.set(key, [known, index]); }
        else if (!known.includes(index)) known.push(index);
      }
    }
  });
  return owners;
}

/** The other commune (the lowest index) holding both ends of the segment, or null. */
function sharedWith(owners: Map<number, number | number[]>, self: number, a: number[], b: number[]): number | null {
  const list = (value: number | number[] | undefined) => (value === undefined ? [] : typeof value === 'number' ? [value] : value);
  const atB = list(owners.get(pointKey(b[0], b[1])));
  let best: number | null = null;
  for (const other of list(owners.get(pointKey(a[0], a[1])))) {
    if (other !== self && atB.includes(other) && (best === null || other < best)) best = other;
  }
  return best;
}

/** Every segment of every ring filed under the grid cells its box covers, to find the segment nearest a point. */
class SegmentGrid {
  readonly owner: number[] = [];
  private readonly cells = new Map<number, number[]>();
  private readonly coordinates: number[] = [];

  constructor(outlines: Polygon[][]) {
    outlines.forEach((polygons, index) => {
      for (const ring of polygons.flat()) {
        for (let i = 0; i < ring.length - 1; i++) this.add(index, ring[i], ring[i + 1]);
      }
    });
  }

  private add(index: number, a: number[], b: number[]) {
    const id = this.owner.length;
    this.owner.push(index);
    this.coordinates.push(a[0], a[1], b[0], b[1]);
    const [cx0, cx1] = [Math.floor((Math.min(a[0], b[0]) + 180) / CELL), Math.floor((Math.max(a[0], b[0]) + 180) / CELL)];
    const [cy0, cy1] = [Math.floor((Math.min(a[1], b[1]) + 90) / CELL), Math.floor((Math.max(a[1], b[1]) + 90) / CELL)];
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        const key = cellKey(cx, cy);
        (this.cells.get(key) ?? this.cells.set(key, []).get(key)!).push(id);
      }
    }
  }

  ends(id: number): [number[], number[]] {
    const c = this.coordinates;
    return [[c[id * 4], c[id * 4 + 1]], [c[id * 4 + 2], c[id * 4 + 3]]];
  }

  /** The segment nearest the point within `radius` degrees whose owner is accepted, or null. */
  nearest(lon: number, lat: number, radius: number, accept: (owner: number) => boolean): number | null {
    const k = Math.cos((lat * Math.PI) / 180);
    const lonRadius = radius / Math.max(k, 0.1);
    const c = this.coordinates;
    let best: number | null = null;
    let bestDistance = radius;
    for (let cx = Math.floor((lon - lonRadius + 180) / CELL); cx <= Math.floor((lon + lonRadius + 180) / CELL); cx++) {
      for (let cy = Math.floor((lat - radius + 90) / CELL); cy <= Math.floor((lat + radius + 90) / CELL); cy++) {
        for (const id of this.cells.get(cellKey(cx, cy)) ?? []) {
          if (!accept(this.owner[id])) continue;
          const [ax, ay, bx, by] = [c[id * 4], c[id * 4 + 1], c[id * 4 + 2], c[id * 4 + 3]];
          const distance = distanceToSegment((lon - ax) * k, lat - ay, (bx - ax) * k, by - ay);
          if (distance < bestDistance) [best, bestDistance] = [id, distance];
        }
      }
    }
    return best;
  }
}

/** Distance from point p to the segment from the origin to d (planar). */
function distanceToSegment(px: number, py: number, dx: number, dy: number): number {
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / length2));
  return Math.hypot(px - t * dx, py - t * dy);
}
