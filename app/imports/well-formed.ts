// A cheap check of the common imported row: plain strings already within the element form's limits, no
// date, e-mail, link or position to read. Such a row is what createElementSchema would return, without the
// 14 µs zod takes per row. Any row it is unsure of gets null, and zod then checks it (and names what is wrong).
import { kindsByType } from '../elements/model.ts';
import type { ImportedFields } from './model.ts';

/** The checked fields writtenOf reads: what createElementSchema returns for them. */
export interface CheckedFields {
  kind?: string;
  name: string;
  shortDescription: string;
  description: string;
  tags: string[];
  street: string;
  postalCode: string;
  communeInsee?: string;
  locality: string;
  lat?: number;
  lon?: number;
  url?: string;
  contactEmail?: string;
  contactPhone: string;
  startsAt?: string;
  endsAt?: string;
  allDay: boolean;
}

// The keys this check reads; any other (dates, e-mail, link, position) sends the row to zod.
const simpleKeys = new Set(['type', 'kind', 'name', 'shortDescription', 'description', 'tags', 'street', 'postalCode', 'communeInsee', 'locality', 'url', 'contactPhone', 'allDay']);
// Types whose kind rules are only "a kind from the list": events, ads and mutual aid have more.
const simpleTypes = new Set(['organization', 'project', 'poi']);

/** Text as `text(max)` takes it: within its length, well formed, no NUL; `trimmed`: no spaces to trim. */
function plainText(value: unknown, max: number, trimmed: boolean): value is string {
  return typeof value === 'string' && value.length <= max && value.isWellFormed() && !value.includes('\u0000')
    && (!trimmed || value.length === 0 || (value.trim().length === value.length));
}

const optional = (value: unknown, max: number, trimmed: boolean) => value === undefined || plainText(value, max, trimmed);

function plainTags(tags: unknown): tags is string[] | undefined {
  if (tags === undefined) return true;
  if (!Array.isArray(tags) || tags.length > 20) return false;
  for (const tag of tags) if (!plainText(tag, 40, false) || !/^[^,#<>]+$/.test(tag)) return false;
  return true;
}

function plainKind(type: string, kind: unknown): boolean {
  const kinds: readonly string[] = kindsByType[type as keyof typeof kindsByType];
  if (kind === undefined || kind === '') return kinds.length === 0;
  return typeof kind === 'string' && kinds.includes(kind);
}

/** The row as createElementSchema would return it, or null when zod must look at it. */
export function checkedQuickly(fields: ImportedFields): CheckedFields | null {
  for (const key in fields) {
    if (!simpleKeys.has(key) && fields[key as keyof ImportedFields] !== undefined) return null;
  }
  const { type, kind, name, shortDescription, description, tags, street, postalCode, communeInsee, locality, url, contactPhone, allDay } = fields;
  if (!simpleTypes.has(type) || !plainKind(type, kind)) return null;
  if (!plainText(name, 120, true) || name.length === 0) return null;
  if (!optional(shortDescription, 280, true) || !optional(description, 20000, false) || !optional(street, 200, true)) return null;
  if (!optional(locality, 120, true) || !plainTags(tags)) return null;
  if (postalCode !== undefined && (typeof postalCode !== 'string' || !/^(\d{5})?$/.test(postalCode))) return null;
  if (communeInsee !== undefined && communeInsee !== '' && (typeof communeInsee !== 'string' || !/^[0-9][0-9AB][0-9]{3}$/.test(communeInsee))) return null;
  if (url !== undefined && url !== '') return null;
  if (contactPhone !== undefined && (!plainText(contactPhone, 40, true) || !/^[0-9+ ().-]*$/.test(contactPhone))) return null;
  if (allDay !== undefined && typeof allDay !== 'boolean') return null;
  return {
    kind: kind || undefined, name, shortDescription: shortDescription ?? '', description: description ?? '', tags: tags ?? [],
    street: street ?? '', postalCode: postalCode ?? '', communeInsee: communeInsee || undefined, locality: locality ?? '',
    contactPhone: contactPhone ?? '', allDay: allDay ?? false,
  };
}
