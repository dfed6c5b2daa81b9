// The committed commune outlines (data/commune-outlines.topojson.gz, made by commune-outlines.ts)
// as the zone build uses them: each current commune's polygons, unions of communes (EPCI,
// departments, regions, France) and the borders between communes, each drawn once, by level.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Feature, MultiPolygon, Polygon as GeoJsonPolygon } from 'geojson';
import { feature, merge, mesh } from 'topojson-client';
import type { GeometryCollection, MultiPolygon as TopoMultiPolygon, Polygon as TopoPolygon, Topology } from 'topojson-specification';
import { z } from 'zod';
import type { Polygon } from './outlines.ts';

/** Where the zone build reads the outlines from (committed: the source is 46 MB). */
export const communeOutlinesFile = join(import.meta.dirname, '../data/commune-outlines.topojson.gz');

type CommuneGeometry = TopoPolygon | TopoMultiPolygon;

const topologySchema = z.object({
  type: z.literal('Topology'),
  transform: z.object({ scale: z.tuple([z.number(), z.number()]), translate: z.tuple([z.number(), z.number()]) }),
  arcs: z.array(z.array(z.array(z.number()))),
  objects: z.object({
    communes: z.object({
      type: z.literal('GeometryCollection'),
      geometries: z.array(z.object({ type: z.enum(['Polygon', 'MultiPolygon']), id: z.string(), arcs: z.array(z.unknown()) })),
    }),
  }),
});

export function readCommuneTopology(file: string): Topology {
  const parsed = topologySchema.parse(JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')));
  return parsed as unknown as Topology;
}

const polygonsOf = (geometry: GeoJsonPolygon | MultiPolygon | null): Polygon[] =>
  geometry === null ? [] : geometry.type === 'Polygon' ? [geometry.coordinates as Polygon] : (geometry.coordinates as Polygon[]);

/** The border levels of the zone tiles, from the highest: a border between regions is drawn once, as a region's. */
export type BorderLevel = 'region' | 'dep' | 'epci' | 'commune';

export interface CommuneTopology {
  /** INSEE codes of the current communes that have an outline. */
  codes(): string[];
  /** The commune's polygons ([lon, lat]), or null when the outlines do not have it. */
  polygons(code: string): Polygon[] | null;
  /** The union of communes' polygons: shared borders dissolved. Empty when none has an outline. */
  union(codes: Iterable<string>): Polygon[];
  /** Every border once, as lines, under the highest level it separates; France's own edge is 'region'. */
  borders(levelsOf: (code: string) => { region: string; dep: string; epci: string }): Record<BorderLevel, number[][][]>;
}

/**
 * Reads the topology's communes under the current codes: `currentOf` maps a code of the file to
 * the commune holding it today (itself, or a commune nouvelle formed since the file was made, which
 * then gets the union of its parts); codes it maps to null are left out.
 */
export function communeTopology(topology: Topology, currentOf: (code: string) => string | null): CommuneTopology {
  const all = (topology.objects.communes as GeometryCollection).geometries as CommuneGeometry[];
  const partsOf = new Map<string, CommuneGeometry[]>();
  const currentOfGeometry = new Map<CommuneGeometry, string>();
  for (const geometry of all) {
    const current = currentOf(String(geometry.id));
    if (current === null) continue;
    (partsOf.get(current) ?? partsOf.set(current, []).get(current)!).push(geometry);
    currentOfGeometry.set(geometry, current);
  }
  const unionOf = (parts: CommuneGeometry[]): Polygon[] =>
    parts.length === 1 ? polygonsOf((feature(topology, parts[0]) as Feature).geometry as GeoJsonPolygon | MultiPolygon) : polygonsOf(merge(topology, parts));

  return {
    codes: () => [...partsOf.keys()].sort(),
    polygons: (code) => {
      const parts = partsOf.get(code);
      return parts ? unionOf(parts) : null;
    },
    union: (codes) => {
      const parts = [...codes].flatMap((code) => partsOf.get(code) ?? []);
      return parts.length === 0 ? [] : unionOf(parts);
    },
    borders: (levelsOf) => {
      const collection: GeometryCollection = { type: 'GeometryCollection', geometries: [...currentOfGeometry.keys()] };
      const levelOf = (a: CommuneGeometry, b: CommuneGeometry): BorderLevel | null => {
        if (a === b) return 'region';
        const [ca, cb] = [currentOfGeometry.get(a)!, currentOfGeometry.get(b)!];
        if (ca === cb) return null; // between two former communes of one commune nouvelle
        const [la, lb] = [levelsOf(ca), levelsOf(cb)];
        if (la.region !== lb.region) return 'region';
        if (la.dep !== lb.dep) return 'dep';
        return la.epci !== lb.epci ? 'epci' : 'commune';
      };
      const linesAt = (level: BorderLevel) =>
        mesh(topology, collection, (a, b) => levelOf(a as CommuneGeometry, b as CommuneGeometry) === level).coordinates;
      return { region: linesAt('region'), dep: linesAt('dep'), epci: linesAt('epci'), commune: linesAt('commune') };
    },
  };
}
