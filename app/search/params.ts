// Search parameters as they arrive in a URL (API or page), validated into a SearchQuery.
import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import { parse } from '../core/validation.ts';
import type { Locale } from '../core/i18n/index.ts';
import { elementTypes } from '../elements/model.ts';
import { zoneIdPattern } from '../zones/communes.ts';
import type { ZoneDb } from '../zones/zone-db.ts';
import { maxQueryLength } from './query.ts';
import type { SearchQuery } from './search.ts';

const zoneId = z.string().regex(zoneIdPattern, 'A zone is commune:INSEE, epci:SIREN, dep:NN, region:NN or country:FR');
const commaList = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess((value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value), z.array(item).max(max));

export const searchParamsSchema = z.object({
  q: z.string().max(maxQueryLength, 'A search is at most 200 characters').optional(),
  type: commaList(z.enum(elementTypes), elementTypes.length).optional(),
  tag: z.string().trim().max(40).optional(),
  zone: commaList(zoneId, 20).optional(),
  near: z.string().regex(/^(-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?|commune:[0-9][0-9AB]\d{3})$/, 'near is "lat,lon" or commune:INSEE').optional(),
  radius_km: z.coerce.number().gt(0, 'The radius must be more than 0 km').max(1000, 'The radius is at most 1000 km').optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  cursor: z.string().regex(/^\d{1,7}$/, 'Unknown cursor').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
}).strict();

export type SearchParams = z.infer<typeof searchParamsSchema>;

/** Parses URL query parameters into a search; a commune given as `near` becomes its position. */
export function toSearchQuery(zones: ZoneDb, input: Record<string, string>, locale: Locale): SearchQuery {
  const params = parse(searchParamsSchema, Object.fromEntries(Object.entries(input).filter(([, value]) => value !== '')), locale);
  let near: SearchQuery['near'];
  if (params.near) {
    const [lat, lon] = params.near.startsWith('commune:') ? communePosition(zones, params.near) : params.near.split(',').map(Number);
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) throw new AppError('validation', 'near: coordinates out of range', 'near');
    near = { lat, lon, radiusKm: params.radius_km ?? 10 };
  } else if (params.radius_km !== undefined) {
    throw new AppError('validation', 'radius_km needs near (a position or a commune)', 'radius_km');
  }
  return {
    q: params.q, types: params.type, tag: params.tag, zones: params.zone, near,
    from: params.from, to: params.to, offset: params.cursor ? Number(params.cursor) : 0, limit: params.limit,
  };
}

/** Any commune of France: its position (real, or the best fallback the zone database has). */
function communePosition(zones: ZoneDb, zoneId: string): [number, number] {
  const commune = zones.findZone(zoneId);
  if (!commune || commune.lat === null || commune.lon === null) throw new AppError('validation', 'Unknown commune (INSEE code)', 'near');
  return [commune.lat, commune.lon];
}
