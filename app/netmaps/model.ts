// What a network map is: the element types, tags and zones it shows, a colour per type, and the schema
// every write (form or API) is validated against.
import { z } from 'zod';
import { text } from '../core/validation.ts';
import type { ElementType } from '../elements/model.ts';

/** Types a map may show: every type with a place on the map (persons have none to show). */
export const mapTypes = ['organization', 'project', 'event', 'poi', 'classified', 'aid'] as const satisfies readonly ElementType[];
export type MapType = (typeof mapTypes)[number];

/** Colours a map starts with: the box's own marker colours (copi.css --type-*). */
export const defaultColours: Record<MapType, string> = {
  organization: '#1f6f50', project: '#b5651d', event: '#a4262c', poi: '#2b6cb0', classified: '#8a6d00', aid: '#00737a',
};

/** At most this many elements are drawn on a map (and listed under it): a network map is a village's, not a country's. */
export const maxPoints = 2000;

export const reservedMapSlugs = new Set(['new', 'netmap-js', 'edit', 'delete', 'api', 'embed']);

export interface NetworkMap {
  id: string;
  slug: string;
  title: string;
  description: string;
  types: MapType[];
  tags: string[];
  zones: string[];
  colours: Partial<Record<MapType, string>>;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  isDemo: boolean;
}

/** One element on a map: what the marker and its popup need. */
export interface MapPoint {
  slug: string;
  name: string;
  type: MapType;
  lat: number;
  lon: number;
}

const commaList = <T extends z.ZodType>(item: T, max: number, tooMany: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value),
    z.array(item).max(max, tooMany),
  );

const colour = z.string().trim().toLowerCase().regex(/^#[0-9a-f]{6}$/, 'A colour is written #rrggbb');

const tag = text(40).trim().min(1).regex(/^[^,#<>]+$/, 'Tags cannot contain , # < >')
  .transform((value) => value.normalize('NFC').toLowerCase());

export const mapSchema = z.object({
  title: text(120).trim().min(1, 'A title is required'),
  description: text(2000).trim().default(''),
  slug: z.preprocess((value) => (value === '' || value === null ? undefined : value),
    z.string().max(60).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Lowercase letters, digits and dashes only').optional()),
  types: commaList(z.enum(mapTypes, { error: 'Unknown element type' }), mapTypes.length, 'Too many types')
    .refine((list) => list.length > 0, 'Choose at least one type of element'),
  tags: commaList(tag, 20, 'A map has at most 20 tags').default([]),
  zones: commaList(z.string().max(80), 50, 'A map has at most 50 zones').default([]),
  colours: z.record(z.string(), colour).default({}),
}).strict();

export type MapInput = z.infer<typeof mapSchema>;
