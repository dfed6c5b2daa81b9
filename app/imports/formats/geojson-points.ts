// A GeoJSON FeatureCollection of points (a map of places exported from a GIS or uMap): each Point feature
// becomes an element, its properties read through a mapping as for a CSV. The file is streamed feature by
// feature (stream-json), so a large one is never held whole; the "line" of a feature is its number in the list.
import type { ElementFormat, ImportItem, ReadContext } from '../model.ts';
import { BrokenJson, readFeatures } from '../read/geojson.ts';
import { identityHash, importableType, mappingPlan, mapRecord, positionProblem, suggestMapping, type MappingPlan } from './csv-mapped.ts';

export const pointsFormat: ElementFormat = {
  id: 'geojson',
  label: 'GeoJSON points (FeatureCollection)',
  defaultSource: 'GeoJSON file',
  defaultLicence: 'Not stated',
  maxBytes: 1024 ** 3,
  recognizes: (name, head) => {
    const collection = head.includes('"FeatureCollection"');
    if (/\.geojson$/i.test(name)) return !(collection && /"(Multi)?Polygon"/.test(head) && !head.includes('"Point"'));
    return /\.json$/i.test(name) && collection && head.includes('"Point"');
  },
  read: readPoints,
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

async function* readPoints(context: ReadContext): AsyncIterable<ImportItem> {
  // The admin's own mapping and type are checked once, before any feature: a mistake there is not a feature's.
  const chosen = context.options.mapping ? pointsPlan(mappingPlan(context.options.mapping, context.options.type)) : null;
  if (!chosen) importableType(context.options.type);
  const guessed = new Map<string, MappingPlan | null>();
  const propertiesSeen = new Set<string>();
  let count = 0;
  try {
    for await (const { index, feature } of readFeatures(context.stream, context.file)) {
      count = index + 1;
      const value = feature as Json;
      if (isObject(value) && isObject(value.properties)) for (const property of Object.keys(value.properties)) propertiesSeen.add(property.toLowerCase());
      yield pointOf(count, value, (properties) => chosen ?? guessedPlan(guessed, properties, context.options.type));
    }
  } catch (error) {
    if (!(error instanceof BrokenJson)) throw error;
    // What came before the break is kept, as for a cut CSV.
    yield { line: error.read + 1, rejected: { reason: brokenReason(error) }, truncated: true };
    return;
  }
  if (chosen && count > 0) {
    const unused = Object.keys(context.options.mapping!).filter((property) => !propertiesSeen.has(property.trim().toLowerCase()));
    if (unused.length > 0) context.warn(`No feature has the properties ${unused.map((property) => `"${property}"`).join(', ')} named in the mapping`);
  }
}

/** The parser's error, in words: a file that ends mid-way (copied in part) or one broken somewhere. */
function brokenReason({ read, truncated, message }: BrokenJson): string {
  const before = `the ${read} feature${read === 1 ? '' : 's'} before were read`;
  return truncated
    ? `The file ends in the middle of its JSON: it looks truncated (copied only in part?); ${before}`
    : `The JSON is broken after feature ${read} (${message}); ${before}`;
}

/** Positions come from the geometry: x/y or lat/lon properties (often Lambert-93 copies) are not read. */
function pointsPlan(plan: MappingPlan): MappingPlan {
  const { lat: _lat, lon: _lon, ...columns } = plan.columns;
  return { ...plan, columns };
}

/** The mapping guessed from a feature's property names (files often give all features the same ones: kept per set). */
function guessedPlan(cache: Map<string, MappingPlan | null>, properties: string[], type: string | undefined): MappingPlan | null {
  const signature = properties.join('\u0000');
  if (!cache.has(signature)) {
    const mapping = suggestMapping(properties);
    cache.set(signature, Object.values(mapping).includes('name') ? pointsPlan(mappingPlan(mapping, type)) : null);
  }
  return cache.get(signature)!;
}

function pointOf(line: number, feature: Json, planFor: (properties: string[]) => MappingPlan | null): ImportItem {
  if (!isObject(feature)) return { line, rejected: { reason: 'This item of "features" is not a GeoJSON feature (an object)' } };
  const geometry = feature.geometry;
  if (!isObject(geometry)) return { line, rejected: { field: 'geometry', reason: 'This feature has no geometry: a point is needed' } };
  if (geometry.type !== 'Point') {
    return { line, rejected: { field: 'geometry', reason: `A ${String(geometry.type)}: only points become places; commune outlines go through the outlines format` } };
  }
  const coordinates = Array.isArray(geometry.coordinates) ? geometry.coordinates : [];
  const [lon, lat] = coordinates;
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    return { line, rejected: { field: 'geometry', reason: `The coordinates ${JSON.stringify(geometry.coordinates ?? null)} are not two numbers (longitude, latitude): export the file in WGS84 / EPSG:4326` } };
  }
  const problem = positionProblem(lat, lon);
  if (problem) return { line, rejected: { field: 'geometry', reason: problem } };

  const properties = isObject(feature.properties) ? feature.properties : {};
  const plan = planFor(Object.keys(properties));
  if (!plan) {
    return { line, rejected: { field: 'properties', reason: `None of its properties (${Object.keys(properties).join(', ') || 'none'}) looks like a name: map one to "name"` } };
  }
  const mapped = mapRecord(textValues(properties), plan);
  if ('rejected' in mapped) return { line, rejected: mapped.rejected };
  const id = typeof feature.id === 'string' || typeof feature.id === 'number' ? String(feature.id) : mapped.keyValue;
  const key = `geojson:${id ?? identityHash(mapped.fields.name, lon, lat)}`;
  return { line, key, fields: { ...mapped.fields, lat, lon } };
}

/** Properties as the text a CSV cell would hold, keyed in lower case; lists become comma-separated, objects are left out. */
function textValues(properties: JsonObject): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (Array.isArray(value)) values[key.toLowerCase()] = value.filter((item) => typeof item !== 'object').join(', ');
    else if (value !== null && typeof value !== 'object') values[key.toLowerCase()] = String(value);
  }
  return values;
}
