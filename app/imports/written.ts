// The fields an import writes on an element, as they were written. Comparing them with the element now
// tells what was edited on the box since: those fields are kept (local edits win) and named in the report.
import type { Element } from '../elements/model.ts';
import type { ElementRecord } from '../elements/storage.ts';
import type { CommuneSource } from '../elements/commune.ts';

export interface Written {
  kind: string | null; name: string; shortDescription: string; description: string; tags: string[]; street: string;
  postalCode: string; communeInsee: string | null; locality: string; lat: number | null; lon: number | null; url: string;
  contactEmail: string; contactPhone: string; startsAt: string | null; endsAt: string | null; allDay: boolean;
  communeSource: CommuneSource | null;
}

export const writtenKeys = [
  'kind', 'name', 'shortDescription', 'description', 'tags', 'street', 'postalCode', 'communeInsee', 'locality', 'lat', 'lon', 'url',
  'contactEmail', 'contactPhone', 'startsAt', 'endsAt', 'allDay',
] as const satisfies readonly (keyof Written)[];
type WrittenKey = (typeof writtenKeys)[number];

/** The element's current values of the fields imports write. */
export function currentValues(element: Element): Written {
  return {
    kind: element.kind, name: element.name, shortDescription: element.shortDescription, description: element.description,
    tags: element.tags, street: element.address.street, postalCode: element.address.postalCode, communeInsee: element.address.communeInsee,
    locality: element.address.locality, lat: element.position?.lat ?? null, lon: element.position?.lon ?? null, url: element.url,
    contactEmail: element.contact?.email ?? '', contactPhone: element.contact?.phone ?? '', startsAt: element.startsAt,
    endsAt: element.endsAt, allDay: element.allDay, communeSource: null,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface Merge {
  /** Fields the new file changes and nobody edited on the box: they are written. */
  apply: WrittenKey[];
  /** Fields the new file changes but the box edited: the box's value is kept. */
  conflicts: WrittenKey[];
}

/** What a new version of a row does to an element last written with `previous` and holding `current` now. */
export function mergeOf(previous: Written, next: Written, current: Written): Merge {
  const apply: WrittenKey[] = [];
  const conflicts: WrittenKey[] = [];
  for (const key of writtenKeys) {
    if (same(previous[key], next[key]) || same(current[key], next[key])) continue;
    (same(current[key], previous[key]) ? apply : conflicts).push(key);
  }
  return { apply, conflicts };
}

const addressKeys: WrittenKey[] = ['postalCode', 'communeInsee', 'locality', 'lat', 'lon'];

/** The element's record with the applied fields of `next` (the rest as they are on the box). */
export function recordWith(element: Element, next: Written, apply: WrittenKey[]): ElementRecord {
  const values = { ...currentValues(element) } as Record<WrittenKey, unknown>;
  for (const key of apply) values[key] = next[key];
  const v = values as unknown as Written;
  return {
    ...recordOf(element),
    kind: v.kind, name: v.name, shortDescription: v.shortDescription, description: v.description, tags: v.tags, street: v.street,
    postalCode: v.postalCode, communeInsee: v.communeInsee, locality: v.locality, lat: v.lat, lon: v.lon, url: v.url,
    contactEmail: v.contactEmail, contactPhone: v.contactPhone, startsAt: v.startsAt, endsAt: v.endsAt, allDay: v.allDay,
    communeSource: apply.some((key) => addressKeys.includes(key)) ? next.communeSource : undefined,
  };
}

/** A new element's record from what the import writes. */
export function newRecord(type: Element['type'], slug: string, next: Written): ElementRecord {
  return {
    type, kind: next.kind, slug, name: next.name, shortDescription: next.shortDescription, description: next.description, tags: next.tags,
    street: next.street, postalCode: next.postalCode, communeInsee: next.communeInsee, locality: next.locality, lat: next.lat, lon: next.lon,
    visibility: 'public', contactEmail: next.contactEmail, contactPhone: next.contactPhone, url: next.url, stage: null,
    startsAt: next.startsAt, endsAt: next.endsAt, allDay: next.allDay, parentId: null, communeSource: next.communeSource,
  };
}

/** Everything an element holds, as a record to write back unchanged. */
function recordOf(element: Element): ElementRecord {
  return {
    type: element.type, kind: element.kind, slug: element.slug, name: element.name, shortDescription: element.shortDescription,
    description: element.description, tags: element.tags, street: element.address.street, postalCode: element.address.postalCode,
    communeInsee: element.address.communeInsee, locality: element.address.locality, lat: element.position?.lat ?? null,
    lon: element.position?.lon ?? null, visibility: element.visibility, contactEmail: element.contact?.email ?? '',
    contactPhone: element.contact?.phone ?? '', url: element.url, stage: element.stage, startsAt: element.startsAt, endsAt: element.endsAt,
    allDay: element.allDay, parentId: element.parentId, timezone: element.timezone, rrule: element.rrule, capacity: element.capacity,
    placeId: element.placeId, category: element.category, priceCents: element.price?.amountCents ?? null,
    currency: element.price?.currency ?? null, expiresAt: element.expiresAt, availability: element.availability,
  };
}
