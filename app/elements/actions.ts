// What people do with elements, with the permission checks: create, edit, delete, read.
import { z } from 'zod';
import { transaction } from '../core/db/database.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { fieldError, parse } from '../core/validation.ts';
import type { Locale } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { accessTo, signedIn, type Viewer } from '../permissions/visibility.ts';
import { assignCommune } from './commune.ts';
import { addLink, creatorLinkKind } from '../links/storage.ts';
import { withEventOffsets } from '../agenda/local-time.ts';
import { checkSeries } from '../agenda/recurrence.ts';
import { moveUpWaiting } from '../agenda/attendance.ts';
import { deleteElementMedia, removeMediaBytes } from '../media/store.ts';
import {
  checkKindRules, createElementSchema, defaultLifetimeDays, maxLifetimeDays, updateElementSchema, type Element, type ElementType,
} from './model.ts';
import { nowMs, withOffset } from '../core/time.ts';

/** Types an organization may publish under its name (the 'organizer' link): events, ads, mutual aid. */
const organizedTypes: readonly ElementType[] = ['event', 'classified', 'aid'];
import {
  findElement, insertElement, slugTaken, tombstoneElement, uniqueSlug, updateElementRow, type ElementRecord,
} from './storage.ts';

/** The element as this viewer may see it, or null when it does not exist for them. */
export function readElement(deps: Deps, viewer: Viewer | null, id: string): Element | null {
  const element = findElement(deps.db, id);
  return element ? asSeenBy(deps, viewer, element) : null;
}

/** An element already loaded, as this viewer may see it (null when they may not). */
export function asSeenBy(deps: Deps, viewer: Viewer | null, element: Element): Element | null {
  const access = accessTo(deps.db, viewer, element.id);
  if (!access.canSee) return null;
  return access.isMember ? element : withoutMembersOnlyFields(element);
}

export function withoutMembersOnlyFields(element: Element): Element {
  const { contact: _contact, ...rest } = element;
  return rest;
}

export function createElement(deps: Deps, viewer: Viewer | null, input: unknown, locale: Locale = 'en', options: { isDemo?: boolean } = {}): Element {
  const author = signedIn(viewer);
  const data = parse(createElementSchema, withEventOffsets(input, deps.box.timezone), locale);
  const { db } = deps;
  return transaction(db, () => {
    checkReferences(deps, author, data);
    const address = addressOrPlace(deps, data);
    if (data.slug && slugTaken(db, data.slug)) throw new AppError('conflict', 'This slug is already used by another element', 'slug');
    const record: ElementRecord = {
      type: data.type, kind: data.kind ?? null, slug: data.slug ?? uniqueSlug(db, data.name), name: data.name,
      shortDescription: data.shortDescription, description: data.description, tags: dedupeTags(data.tags),
      street: address.street, ...assignCommune(deps.zones, address),
      visibility: data.visibility, contactEmail: data.contactEmail ?? '',
      contactPhone: data.contactPhone, url: data.url ?? '', stage: data.stage ?? null, startsAt: data.startsAt ?? null,
      endsAt: data.endsAt ?? null, allDay: data.allDay, parentId: data.parentId ?? null,
      timezone: data.timezone ?? null, rrule: data.rrule ?? null, capacity: data.capacity ?? null, placeId: data.placeId ?? null,
      ...exchangeFields(deps, data.type, data),
    };
    checkEventDates(deps, record);
    const id = insertElement(db, deps.box.boxId, record, author.personId, options.isDemo);
    addLink(db, { fromId: author.personId, toId: id, kind: creatorLinkKind(data.type), isAdmin: true, isDemo: options.isDemo });
    if (data.organizerId) addLink(db, { fromId: data.organizerId, toId: id, kind: 'organizer', isDemo: options.isDemo });
    return findElement(db, id)!;
  });
}

export function updateElement(deps: Deps, viewer: Viewer | null, id: string, input: unknown, locale: Locale = 'en'): Element {
  const editor = signedIn(viewer);
  const { db } = deps;
  // Local times typed in a form count in the event's time zone: the one given, else the one it has.
  const storedTimezone = findElement(db, id)?.timezone ?? deps.box.timezone;
  const patch = parse(updateElementSchema, withEventOffsets(input, storedTimezone), locale);
  return transaction(db, () => {
    const current = findElement(db, id);
    const access = accessTo(db, editor, id);
    if (!current || !access.canSee) throw notFound('Element');
    if (!access.isAdmin) throw forbidden('Only the admins of this element can edit it');
    if (patch.version !== undefined && patch.version !== current.version) throw staleVersion();
    if (patch.organizerId) throw fieldError('organizerId', 'Organizers are changed through links');
    const merged = mergeRecord(deps, current, patch);
    const addressChanged = ['communeInsee', 'postalCode', 'locality', 'lat', 'lon'].some((field) => field in patch);
    // A new postal code or position without an INSEE code means the old commune no longer holds.
    const record = addressChanged
      ? { ...merged, ...assignCommune(deps.zones, { ...merged, communeInsee: patch.communeInsee ?? null }) }
      : merged;
    parse(z.any().superRefine(checkKindRules), { type: current.type, kind: record.kind ?? undefined, stage: record.stage ?? undefined,
      startsAt: record.startsAt ?? undefined, endsAt: record.endsAt ?? undefined, lat: record.lat ?? undefined, lon: record.lon ?? undefined,
      timezone: record.timezone ?? undefined, rrule: record.rrule, capacity: record.capacity, category: record.category,
      price: record.priceCents == null ? null : record.priceCents / 100, currency: record.priceCents == null ? null : record.currency,
      availability: record.availability }, locale);
    checkEventDates(deps, record);
    checkReferences(deps, editor, { ...patch, type: current.type, organizerId: undefined }, id);
    if (patch.slug && slugTaken(db, patch.slug, id)) throw new AppError('conflict', 'This slug is already used by another element', 'slug');
    if (!updateElementRow(db, id, record, current.version)) throw staleVersion();
    if (record.capacity !== current.capacity) moveUpWaiting(db, id);
    return findElement(db, id)!;
  });
}

export function deleteElement(deps: Deps, viewer: Viewer | null, id: string) {
  const actor = signedIn(viewer);
  const removedFiles = transaction(deps.db, () => {
    const access = accessTo(deps.db, actor, id);
    const element = findElement(deps.db, id);
    if (!element || !access.canSee) throw notFound('Element');
    if (!access.isAdmin) throw forbidden('Only the admins of this element can delete it');
    if (element.type === 'person') throw forbidden('Delete an account from its account page');
    tombstoneElement(deps.db, id);
    // A tombstone fires no cascade: its media files and useful links go here, their bytes once committed.
    return deleteElementMedia(deps.db, id);
  });
  removeMediaBytes(deps.config, removedFiles);
}

const staleVersion = () =>
  new AppError('conflict', 'Someone else changed this element since you opened it; reload it and apply your change again', 'version');

const dedupeTags = (tags: string[]) => [...new Set(tags.map((tag) => tag.toLowerCase()))];

function mergeRecord(deps: Deps, current: Element, patch: z.infer<typeof updateElementSchema>): ElementRecord {
  const pick = <T>(value: T | undefined, fallback: T) => (value === undefined ? fallback : value);
  return {
    type: current.type, kind: pick(patch.kind, current.kind), slug: pick(patch.slug, current.slug), name: pick(patch.name, current.name),
    shortDescription: pick(patch.shortDescription, current.shortDescription), description: pick(patch.description, current.description),
    tags: patch.tags ? dedupeTags(patch.tags) : current.tags, street: pick(patch.street, current.address.street),
    postalCode: pick(patch.postalCode, current.address.postalCode), communeInsee: pick(patch.communeInsee, current.address.communeInsee),
    locality: pick(patch.locality, current.address.locality), lat: pick(patch.lat, current.position?.lat ?? null),
    lon: pick(patch.lon, current.position?.lon ?? null), visibility: pick(patch.visibility, current.visibility),
    contactEmail: pick(patch.contactEmail, current.contact?.email ?? ''), contactPhone: pick(patch.contactPhone, current.contact?.phone ?? ''),
    url: pick(patch.url, current.url), stage: pick(patch.stage, current.stage), startsAt: pick(patch.startsAt, current.startsAt),
    endsAt: pick(patch.endsAt, current.endsAt), allDay: pick(patch.allDay, current.allDay), parentId: pick(patch.parentId, current.parentId),
    timezone: pick(patch.timezone, current.timezone), rrule: pick(patch.rrule, current.rrule), capacity: pick(patch.capacity, current.capacity),
    placeId: pick(patch.placeId, current.placeId),
    category: pick(patch.category, current.category), availability: pick(patch.availability, current.availability),
    priceCents: patch.price === undefined ? (current.price?.amountCents ?? null) : toCents(patch.price),
    currency: pick(patch.currency, current.price?.currency ?? null),
    expiresAt: patch.expiresAt === undefined ? current.expiresAt : expiryOf(deps, current.type, patch.expiresAt),
  };
}

const toCents = (price: number | null | undefined) => (price === undefined || price === null ? null : Math.round(price * 100));

/** Classifieds and mutual aid: price in cents, and an expiry (the type's default lifetime when none is given). */
function exchangeFields(deps: Deps, type: ElementType, data: { category?: string; price?: number | null; currency?: string; expiresAt?: string; availability?: string }) {
  return {
    category: data.category ?? null, priceCents: toCents(data.price), currency: data.currency ?? null,
    expiresAt: expiryOf(deps, type, data.expiresAt), availability: data.availability ?? '',
  };
}

/** An expiry typed as a date ends with that day in the box's time zone; none given: the type's default lifetime. */
export function expiryOf(deps: Deps, type: ElementType, typed: string | undefined): string | null {
  const lifetime = defaultLifetimeDays[type];
  if (!lifetime) return null;
  const expiry = typed === undefined
    ? nowMs() + lifetime * 86_400_000
    : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(typed) ? withOffset(`${typed}T23:59:59`, deps.box.timezone) : typed);
  if (expiry <= nowMs()) throw fieldError('expiresAt', 'The expiry date is already past');
  if (expiry > nowMs() + maxLifetimeDays * 86_400_000) throw fieldError('expiresAt', 'An expiry is at most one year away');
  return new Date(expiry).toISOString();
}

/** An event's dates, time zone and recurrence make a series that gives dates (app/agenda/recurrence.ts). */
function checkEventDates(deps: Deps, record: ElementRecord) {
  if (record.type !== 'event' || record.startsAt === null) return;
  checkSeries({
    startsAt: record.startsAt, endsAt: record.endsAt, allDay: record.allDay, timezone: record.timezone ?? deps.box.timezone,
    rrule: record.rrule ?? null, exdates: [],
  });
}

/** Ids an element points to must exist, be visible and fit. */
/** The address typed; an event held at a place and given no address of its own takes the place's. */
function addressOrPlace(deps: Deps, data: z.infer<typeof createElementSchema>) {
  const typed = {
    street: data.street, communeInsee: data.communeInsee ?? null, postalCode: data.postalCode, locality: data.locality,
    lat: data.lat ?? null, lon: data.lon ?? null,
  };
  const place = data.placeId ? findElement(deps.db, data.placeId) : null;
  if (!place || typed.street || typed.communeInsee || typed.postalCode || typed.locality || typed.lat !== null) return typed;
  return {
    street: place.address.street, communeInsee: place.address.communeInsee, postalCode: place.address.postalCode,
    locality: place.address.locality, lat: place.position?.lat ?? null, lon: place.position?.lon ?? null,
  };
}

function checkReferences(
  deps: Deps, actor: Viewer,
  data: { type: ElementType; parentId?: string; organizerId?: string; placeId?: string | null }, selfId?: string,
) {
  const { db } = deps;
  if (data.placeId) {
    const place = findElement(db, data.placeId);
    if (!place || place.type !== 'poi' || !accessTo(db, actor, place.id).canSee) throw fieldError('placeId', 'Unknown place');
  }
  if (data.parentId) {
    const parent = findElement(db, data.parentId);
    if (!parent || !accessTo(db, actor, parent.id).canSee) throw fieldError('parentId', 'Unknown parent event');
    if (data.type !== 'event' || parent.type !== 'event') throw fieldError('parentId', 'Only an event can be the sub-event of an event');
    if (parent.id === selfId) throw fieldError('parentId', 'An event cannot be its own parent');
  }
  if (data.organizerId) {
    const organizer = findElement(db, data.organizerId);
    const access = organizer ? accessTo(db, actor, organizer.id) : null;
    if (!organizer || !access?.canSee) throw fieldError('organizerId', 'Unknown organizer');
    if (!organizedTypes.includes(data.type)) throw fieldError('organizerId', 'Only events, classified ads and mutual aid have organizers');
    if (!access.isMember) throw fieldError('organizerId', 'You can only organize events for an element you belong to');
  }
}
