// What people do with network maps: any signed-in person makes one; its maker and box admins edit and
// delete it; everyone reads it. What a map shows is always what an anonymous visitor may see.
import { transaction } from '../core/db/database.ts';
import { forbidden, notFound } from '../core/errors.ts';
import { fieldError, parse } from '../core/validation.ts';
import type { Locale } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { signedIn, type Viewer } from '../permissions/visibility.ts';
import { boxZoneChoices } from '../posts/zones.ts';
import { defaultColours, mapSchema, mapTypes, maxPoints, reservedMapSlugs, type MapInput, type MapPoint, type MapType, type NetworkMap } from './model.ts';
import { deleteMapRow, findMap, insertMap, listMaps, mapSlugTaken, publicPoints, updateMapRow, type MapRecord } from './storage.ts';

export interface MapView {
  map: NetworkMap;
  points: MapPoint[];
  /** More elements match than a map draws (maxPoints). */
  more: boolean;
  canEdit: boolean;
}

export const canEditMap = (viewer: Viewer | null, map: NetworkMap) =>
  viewer !== null && (viewer.isBoxAdmin || viewer.personId === map.createdBy);

export const allMaps = (deps: Deps) => listMaps(deps.db);

/** A map with the public elements it shows, or null. */
export function readMap(deps: Deps, viewer: Viewer | null, idOrSlug: string): MapView | null {
  const map = findMap(deps.db, idOrSlug);
  if (!map) return null;
  return { map, ...publicPoints(deps.db, map, maxPoints), canEdit: canEditMap(viewer, map) };
}

/** A map's colour for each of its types: the chosen one, else the box's marker colour. */
export const coloursOf = (map: Pick<NetworkMap, 'types' | 'colours'>): Record<string, string> =>
  Object.fromEntries(map.types.map((type) => [type, map.colours[type] ?? defaultColours[type]]));

function slugify(title: string): string {
  return title.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'carte';
}

/** The record to store: zones checked against the box's territory, colours against the chosen types, a free slug. */
function toRecord(deps: Deps, input: MapInput, exceptId = ''): MapRecord {
  const known = new Set(boxZoneChoices(deps.db).map((zone) => zone.id));
  const unknownZone = input.zones.findIndex((zone) => !known.has(zone));
  if (unknownZone >= 0) throw fieldError(`zones.${unknownZone}`, 'Unknown zone: choose zones of the territory of this box');
  const colours: Partial<Record<MapType, string>> = {};
  for (const [type, colour] of Object.entries(input.colours)) {
    if (!(mapTypes as readonly string[]).includes(type)) throw fieldError(`colours.${type}`, 'Unknown element type');
    if (input.types.includes(type as MapType)) colours[type as MapType] = colour;
  }
  let slug = input.slug;
  if (slug !== undefined) {
    if (reservedMapSlugs.has(slug)) throw fieldError('slug', 'This address is reserved');
    if (mapSlugTaken(deps.db, slug, exceptId)) throw fieldError('slug', 'This address is already taken');
  } else {
    const base = slugify(input.title);
    slug = reservedMapSlugs.has(base) ? `${base}-1` : base;
    for (let n = 2; mapSlugTaken(deps.db, slug, exceptId); n++) slug = `${base}-${n}`;
  }
  return {
    slug, title: input.title, description: input.description, types: [...new Set(input.types)],
    tags: [...new Set(input.tags)], zones: [...new Set(input.zones)], colours,
  };
}

export function createMap(deps: Deps, viewer: Viewer | null, input: unknown, locale: Locale = 'en'): NetworkMap {
  const author = signedIn(viewer);
  const data = parse(mapSchema, input, locale);
  return transaction(deps.db, () => findMap(deps.db, insertMap(deps.db, toRecord(deps, data), author.personId))!);
}

function editableMap(deps: Deps, viewer: Viewer | null, idOrSlug: string): NetworkMap {
  const editor = signedIn(viewer);
  const map = findMap(deps.db, idOrSlug);
  if (!map) throw notFound('Map');
  if (!canEditMap(editor, map)) throw forbidden('Only the maker of this map or a box admin can change it');
  return map;
}

/** Replaces a map's settings (a form sends them all); the API's PATCH merges over the stored ones first. */
export function updateMap(deps: Deps, viewer: Viewer | null, idOrSlug: string, input: unknown, locale: Locale = 'en'): NetworkMap {
  const map = editableMap(deps, viewer, idOrSlug);
  const merged = typeof input === 'object' && input !== null
    ? { title: map.title, description: map.description, slug: map.slug, types: map.types, tags: map.tags, zones: map.zones, colours: map.colours, ...input }
    : input;
  const data = parse(mapSchema, merged, locale);
  return transaction(deps.db, () => {
    updateMapRow(deps.db, map.id, toRecord(deps, data, map.id));
    return findMap(deps.db, map.id)!;
  });
}

export function deleteMap(deps: Deps, viewer: Viewer | null, idOrSlug: string): void {
  const map = editableMap(deps, viewer, idOrSlug);
  transaction(deps.db, () => deleteMapRow(deps.db, map.id));
}
