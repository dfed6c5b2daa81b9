// Outlines of communes, EPCI or departments (IGN ADMIN EXPRESS layers exported as GeoJSON, Etalab's
// "contours administratifs"): each Polygon or MultiPolygon feature, identified by its INSEE code (a
// commune's or a department's) or its SIREN (an EPCI's), replaces the outline zones.db ships for that zone
// on this box. Streamed feature by feature (stream-json): a department's file of tens of MB is never
// held whole. The commit stores the outlines (app/zones/local-outlines.ts), moves the territory's
// commune rows to them and redraws the zone tiles they touch; the undo puts all of it back.
import { AppError } from '../../core/errors.ts';
import { bboxOfPolygons, labelPoint, roundPolygons, toGeometry, type Polygon } from '../../zones/build/outlines.ts';
import {
  asMultiPolygon, communeValues, currentOutline, localOutlineRow, redrawZoneTiles, restoreOutlineRow, restoreZoneTiles, saveLocalOutline,
  setCommuneValues, type CommuneValues, type KeptTile, type LocalOutline, type OutlineRow, type ZoneChange,
} from '../../zones/local-outlines.ts';
import type { Bbox, ZoneOutline } from '../../zones/zone-db.ts';
import type { FileCommitContext, FileFormat, FileStageContext } from '../model.ts';
import { BrokenJson, readFeatures } from '../read/geojson.ts';

type Level = 'commune' | 'epci' | 'dep';

/** What a staged row writes: the zone, its outline as the box keeps it, and where it is drawn. */
interface OutlinePayload extends LocalOutline {
  name: string;
}

/** What the commit replaced for one zone (and, on the first row, the tiles it redrew). */
interface OutlineBefore {
  zoneId: string;
  outline: OutlineRow | null;
  commune: CommuneValues | null;
  tiles?: KeptTile[];
}

export const outlinesFormat: FileFormat = {
  kind: 'file',
  id: 'outlines',
  label: 'Outlines of communes, EPCI or departments (GeoJSON)',
  defaultSource: 'IGN ADMIN EXPRESS',
  defaultLicence: 'Licence Ouverte 2.0',
  maxBytes: 1024 ** 3,
  recognizes: (name, head) => /\.(geo)?json$/i.test(name) && head.includes('"FeatureCollection"') && /"(Multi)?Polygon"/.test(head)
    && codeProperties.some(({ name: property }) => new RegExp(`"${property}"\\s*:`, 'i').test(head)),
  stage: stageOutlines,
  commit: commitOutlines,
  undo: undoOutlines,
};

// ---- staging ----

// Where the code is, in the order they are looked for: ADMIN EXPRESS's communes also carry INSEE_DEP and
// SIREN_EPCI (their department's and EPCI's), so the commune's own code comes first. `code` alone (Etalab)
// says its level by its shape.
const codeProperties: { name: string; level: Level | null }[] = [
  { name: 'insee_com', level: 'commune' }, { name: 'code_insee', level: 'commune' }, { name: 'insee', level: 'commune' },
  { name: 'codgeo', level: 'commune' }, { name: 'code_commune', level: 'commune' }, { name: 'code_siren', level: 'epci' },
  { name: 'siren', level: 'epci' }, { name: 'insee_dep', level: 'dep' }, { name: 'code_departement', level: 'dep' }, { name: 'code', level: null },
];
const codeShapes: Record<Level, RegExp> = { commune: /^\d[\dAB]\d{3}$/, epci: /^\d{9}$/, dep: /^(\d{2}|2[AB]|97\d)$/ };
const levelNames: Record<Level, string> = { commune: 'communes', epci: 'intercommunalities (EPCI)', dep: 'departments' };

const MAX_POSITIONS = 200_000;
// France's departments in degrees, with a margin: metropolitan France and Corsica, the Antilles, Guiana, Réunion, Mayotte.
const franceBoxes = [[-5.8, 41, 10, 51.6], [-63.5, 14, -60.5, 18.5], [-54.8, 1.8, -51.3, 6], [55, -21.6, 56, -20.6], [44.8, -13.2, 45.5, -12.4]];
// How far (degrees) an outline may lie from where zones.db places the zone: beyond, the code or the coordinates are wrong.
const MAX_SHIFT = 0.25;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

class Rejection extends Error {
  readonly field: string;
  constructor(field: string, reason: string) {
    super(reason);
    this.field = field;
  }
}

async function stageOutlines(context: FileStageContext) {
  const firstLineOf = new Map<string, number>();
  const levelsSeen = new Map<Level, string>();
  try {
    for await (const { index, feature } of readFeatures(context.stream, context.file)) {
      const line = index + 1;
      const value = feature as Json;
      try {
        const identified = identify(value);
        if (!levelsSeen.has(identified.level)) levelsSeen.set(identified.level, identified.property);
        const staged = stageFeature(context, value as JsonObject, identified);
        const earlier = firstLineOf.get(staged.payload.zoneId);
        if (earlier !== undefined) throw new Rejection(identified.property, `${staged.payload.name} already has an outline on feature ${earlier}; this one is left out`);
        firstLineOf.set(staged.payload.zoneId, line);
        context.push({ line, key: staged.payload.zoneId, action: staged.action, payload: staged.action === 'unchanged' ? undefined : staged.payload });
      } catch (error) {
        if (!(error instanceof Rejection)) throw error;
        context.push({ line, action: 'rejected', field: error.field, reason: error.message });
      }
    }
  } catch (error) {
    if (!(error instanceof BrokenJson)) throw error;
    throw new AppError('validation', `${context.file.name} is not valid JSON after feature ${error.read}: ${error.message}`);
  }
  for (const [level, property] of levelsSeen) context.warn(`Outlines of ${levelNames[level]}, found by their code in the property ${property}`);
}

/** The zone a feature is about: its level, code and the property that gave it. */
function identify(feature: Json): { level: Level; code: string; property: string } {
  if (!isObject(feature) || feature.type !== 'Feature') throw new Rejection('type', 'This is not a GeoJSON Feature');
  const properties = isObject(feature.properties) ? feature.properties : {};
  const byLowerName = new Map(Object.keys(properties).map((key) => [key.toLowerCase(), key]));
  for (const { name, level } of codeProperties) {
    const property = byLowerName.get(name);
    const value = property === undefined ? null : properties[property];
    if (value === null || value === undefined || value === '') continue;
    const code = typeof value === 'number' ? padded(value, level) : String(value).trim().toUpperCase();
    const shaped = level ? (codeShapes[level].test(code) ? level : null) : (Object.keys(codeShapes) as Level[]).find((l) => codeShapes[l].test(code)) ?? null;
    if (!shaped) {
      throw new Rejection(property!, `${property} "${code}" is not ${level ? `the code of one of the ${levelNames[level]}` : 'an INSEE code (commune, department) or an EPCI\'s SIREN'}`);
    }
    return { level: shaped, code, property: property! };
  }
  throw new Rejection('properties', `No code says which zone this is: expected a property ${codeProperties.map((p) => p.name.toUpperCase()).slice(0, 4).join(', ')}, CODE_SIREN, INSEE_DEP or code`);
}

// A spreadsheet on the way may have turned "01004" into 1004.
const padded = (value: number, level: Level | null) => String(value).padStart(level === 'dep' ? 2 : level === 'epci' ? 9 : String(value).length > 2 ? 5 : 2, '0');

function stageFeature(context: FileStageContext, feature: JsonObject, { level, code, property }: { level: Level; code: string; property: string }) {
  const zoneId = `${level}:${code}`;
  const zone = context.deps.zones.findZone(zoneId);
  if (!zone) {
    const former = level === 'commune' ? context.deps.zones.resolveCommune({ insee: code }) : null;
    if (former?.status === 'found') {
      throw new Rejection(property, `${code} is a former commune, now part of ${former.commune.name} (${former.commune.code}): use a file of current communes`);
    }
    throw new Rejection(property, `No ${level === 'commune' ? 'commune' : level === 'epci' ? 'EPCI' : 'department'} has the code ${code}`);
  }
  const polygons = checkedPolygons(feature.geometry);
  const rounded = roundPolygons(polygons, 4);
  const outline = toGeometry(rounded) as ZoneOutline;
  const bbox = bboxOfPolygons(rounded)!;
  const current = currentOutline(context.deps.db, zoneId);
  if (current.placement && !near(bbox, current.placement.bbox)) {
    throw new Rejection('geometry', `This outline lies ${distanceKm(bbox, current.placement.bbox)} km from ${zone.name}: check the code, or the order of the coordinates (longitude first)`);
  }
  const stored = JSON.stringify(outline);
  if (current.outline === stored) return { action: 'unchanged' as const, payload: { zoneId, name: zone.name } as OutlinePayload };
  const label = labelPoint(rounded)!;
  const payload: OutlinePayload = { zoneId, name: zone.name, outline, lat: label.lat, lon: label.lon, bbox };
  return { action: current.outline === null ? 'new' as const : 'update' as const, payload };
}

/** The feature's polygons, [lon, lat], or the reason they cannot be an outline. */
function checkedPolygons(geometry: Json | undefined): Polygon[] {
  if (!isObject(geometry)) throw new Rejection('geometry', 'The feature has no geometry');
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') throw new Rejection('geometry', `A ${String(geometry.type)} is not an outline: expected a Polygon or a MultiPolygon`);
  const list = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  if (!Array.isArray(list) || list.length === 0) throw new Rejection('geometry', 'The geometry has no coordinates');
  let positions = 0;
  const polygons = list.map((polygon, p) => {
    if (!Array.isArray(polygon) || polygon.length === 0) throw new Rejection('geometry', `Polygon ${p + 1} has no rings`);
    return polygon.map((ring, r) => {
      const where = `${geometry.type === 'MultiPolygon' ? `polygon ${p + 1}, ` : ''}ring ${r + 1}`;
      const checked = checkedRing(ring, where);
      positions += checked.length;
      if (positions > MAX_POSITIONS) throw new Rejection('geometry', `The outline has more than ${MAX_POSITIONS} positions: simplify it (e.g. ADMIN EXPRESS COG CARTO)`);
      return checked;
    });
  });
  return polygons as Polygon[];
}

function checkedRing(ring: Json, where: string): [number, number][] {
  if (!Array.isArray(ring)) throw new Rejection('geometry', `${where} is not a list of positions`);
  const positions = ring.map((position) => {
    if (!Array.isArray(position) || position.length < 2 || !position.slice(0, 2).every((n) => typeof n === 'number' && Number.isFinite(n))) {
      throw new Rejection('geometry', `${where} has a position that is not two numbers: ${JSON.stringify(position)?.slice(0, 40)}`);
    }
    return [position[0], position[1]] as [number, number];
  });
  if (positions.length < 4) throw new Rejection('geometry', `${where} has ${positions.length} positions: a ring needs at least 4`);
  const [first, last] = [positions[0], positions.at(-1)!];
  if (first[0] !== last[0] || first[1] !== last[1]) throw new Rejection('geometry', `${where} is not closed: its last position differs from its first`);
  for (const [x, y] of positions) {
    if (Math.abs(x) > 180 || Math.abs(y) > 90) {
      const lambert = x > -400_000 && x < 1_400_000 && y > 5_900_000 && y < 7_300_000;
      throw new Rejection('geometry', lambert ? 'The file is in Lambert-93 (EPSG:2154) metres: export it in WGS84 / EPSG:4326'
        : `The coordinates are not degrees (${x}, ${y}): export the file in WGS84 / EPSG:4326`);
    }
    if (!franceBoxes.some(([w, s, e, n]) => x >= w && x <= e && y >= s && y <= n)) {
      throw new Rejection('geometry', `The position (${x}, ${y}) is outside France: GeoJSON gives the longitude first, then the latitude`);
    }
  }
  if (crossesItself(positions)) throw new Rejection('geometry', `${where} crosses itself`);
  return positions;
}

/**
 * Whether two non-adjacent edges of a closed ring cross (a ring that only touches itself at a vertex is
 * let through: real outlines have such pinches). A sweep over the edges sorted by their west end: a
 * commune of thousands of positions is checked in milliseconds, where comparing every pair would not be.
 * Written here rather than taken from @turf/kinks: its package brings a dozen others for these 30 lines.
 */
function crossesItself(ring: [number, number][]): boolean {
  const edges = ring.length - 1;
  const west = (i: number) => Math.min(ring[i][0], ring[i + 1][0]);
  const east = (i: number) => Math.max(ring[i][0], ring[i + 1][0]);
  const order = Array.from({ length: edges }, (_, i) => i).sort((a, b) => west(a) - west(b));
  let active: number[] = [];
  for (const edge of order) {
    active = active.filter((other) => east(other) >= west(edge));
    for (const other of active) {
      const gap = Math.abs(edge - other);
      if (gap <= 1 || gap === edges - 1) continue;
      if (edgesCross(ring[edge], ring[edge + 1], ring[other], ring[other + 1])) return true;
    }
    active.push(edge);
  }
  return false;
}

const turn = (a: number[], b: number[], c: number[]) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
const edgesCross = (a: number[], b: number[], c: number[], d: number[]) =>
  turn(a, b, c) * turn(a, b, d) < 0 && turn(c, d, a) * turn(c, d, b) < 0;

const near = (a: Bbox, b: Bbox) =>
  a.maxLat >= b.minLat - MAX_SHIFT && a.minLat <= b.maxLat + MAX_SHIFT && a.maxLon >= b.minLon - MAX_SHIFT && a.minLon <= b.maxLon + MAX_SHIFT;

function distanceKm(a: Bbox, b: Bbox): number {
  const [dLat, dLon] = [(a.minLat + a.maxLat - b.minLat - b.maxLat) / 2, (a.minLon + a.maxLon - b.minLon - b.maxLon) / 2];
  return Math.round(Math.hypot(dLat, dLon * Math.cos(((a.minLat + b.minLat) / 2) * (Math.PI / 180))) * 111);
}

// ---- commit and undo ----

function commitOutlines(context: FileCommitContext) {
  const { db } = context.deps;
  const changes: ZoneChange[] = [];
  let first: { seq: number; before: OutlineBefore } | null = null;
  for (const row of context.rows(['new', 'update'])) {
    const payload = row.payload as OutlinePayload;
    const insee = payload.zoneId.startsWith('commune:') ? payload.zoneId.slice('commune:'.length) : null;
    const before: OutlineBefore = { zoneId: payload.zoneId, outline: localOutlineRow(db, payload.zoneId), commune: insee ? communeValues(db, insee) : null };
    changes.push({ zoneId: payload.zoneId, before: currentOutline(db, payload.zoneId).placement, after: payload });
    saveLocalOutline(db, payload, context.importId);
    if (insee && before.commune) setCommuneValues(db, insee, { outline: asMultiPolygon(payload.outline), lat: payload.lat, lon: payload.lon });
    context.keepBefore(row.seq, null, before);
    first ??= { seq: row.seq, before };
  }
  if (!first) return;
  // The tiles are the import's, not one zone's: kept once, on its first row.
  const tiles = redrawZoneTiles(db, changes, context.importId);
  context.keepBefore(first.seq, null, { ...first.before, tiles });
}

function undoOutlines(context: FileCommitContext) {
  const { db, zones } = context.deps;
  const kept = [...context.kept()].map((row) => row.before as OutlineBefore);
  const changedSince = kept.filter((before) => localOutlineRow(db, before.zoneId)?.import_id !== context.importId);
  if (changedSince.length > 0) {
    const names = changedSince.map((before) => zones.findZone(before.zoneId)?.name ?? before.zoneId);
    const more = names.length > 5 ? ` and ${names.length - 5} more` : '';
    throw new AppError('conflict', `A later import changed the outline of ${names.slice(0, 5).join(', ')}${more}: undo it first`);
  }
  for (const before of kept.reverse()) {
    restoreOutlineRow(db, before.zoneId, before.outline);
    const insee = before.zoneId.slice('commune:'.length);
    if (before.commune && before.zoneId.startsWith('commune:') && communeValues(db, insee)) setCommuneValues(db, insee, before.commune);
  }
  restoreZoneTiles(db, context.importId, kept.flatMap((before) => before.tiles ?? []));
}
