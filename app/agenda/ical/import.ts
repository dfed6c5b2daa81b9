// An .ics file into an element's agenda. Parsed by ical.js (Mozilla's, the parser of Thunderbird), each
// VEVENT becomes an event through the same createElement / updateElement as a form (validation, commune,
// permissions); what the element model has no field for (UID, cancelled and moved occurrences) is saved
// beside it in the same transaction. Idempotent by UID: importing again updates, never duplicates.
// A preview is the same import rolled back, so it reports exactly what the import would do.
import ICAL from 'ical.js';
import { createHash } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { transaction } from '../../core/db/database.ts';
import { AppError, forbidden, notFound } from '../../core/errors.ts';
import { localizeMessage } from '../../core/i18n/messages.ts';
import type { Locale } from '../../core/i18n/index.ts';
import type { Deps } from '../../deps.ts';
import { accessTo, signedIn, type Viewer } from '../../permissions/visibility.ts';
import { createElement, updateElement } from '../../elements/actions.ts';
import { findElement } from '../../elements/storage.ts';
import { kindsByType } from '../../elements/model.ts';
import { checkIcsText, decodeIcs } from './decode.ts';
import { eventByUid, saveImportedSeries, uidTakenByDeleted } from './storage.ts';

export interface ImportItem {
  uid: string;
  name: string;
  /** ISO instant of the first occurrence, when the event has one. */
  startsAt: string | null;
  action: 'create' | 'update' | 'skip';
  /** Why it is skipped, in the language asked for. */
  reason?: string;
  eventId?: string;
}

export interface ImportReport {
  dryRun: boolean;
  created: number;
  updated: number;
  skipped: number;
  items: ImportItem[];
}

export interface ImportOptions {
  /** Preview: everything is checked and reported, nothing is stored. */
  dryRun?: boolean;
  /** Language of the skip reasons. */
  locale?: Locale;
}

/** What one VEVENT (with its moved occurrences) becomes, or why it cannot. */
interface Planned {
  uid: string;
  name: string;
  startsAt: string | null;
  skip?: string;
  fields?: Record<string, unknown>;
  exdates?: string[];
  moves?: { original_start: string; starts_at: string; ends_at: string | null }[];
}

class RolledBack extends Error {}

/** Imports (or previews, with `dryRun`) an .ics file or text into the agenda of `elementId`; its admins only. */
export function importIcs(deps: Deps, viewer: Viewer | null, elementId: string, input: string | Uint8Array, options: ImportOptions = {}): ImportReport {
  const actor = signedIn(viewer);
  const target = findElement(deps.db, elementId);
  const access = target ? accessTo(deps.db, actor, target.id) : null;
  if (!target || !access?.canSee) throw notFound('Element');
  if (!access.isAdmin) throw forbidden('Only the admins of this element can import into its agenda');
  const text = typeof input === 'string' ? checkIcsText(input) : decodeIcs(input);
  const planned = planEvents(parseCalendar(text), deps.box.timezone);
  const locale = options.locale ?? 'en';
  const report: ImportReport = { dryRun: options.dryRun === true, created: 0, updated: 0, skipped: 0, items: [] };
  const skip = (plan: Planned, reason: string) => {
    report.skipped++;
    report.items.push({ uid: plan.uid, name: plan.name, startsAt: plan.startsAt, action: 'skip', reason: localizeMessage(locale, reason) });
  };
  try {
    transaction(deps.db, () => {
      for (const plan of planned) {
        if (plan.skip) { skip(plan, plan.skip); continue; }
        try {
          // A savepoint per event: one that the element rules refuse leaves nothing behind.
          const done = deps.db.transaction(() => applyPlan(deps, actor, target.id, target.type, plan))();
          report[done.action === 'create' ? 'created' : 'updated']++;
          report.items.push({ uid: plan.uid, name: plan.name, startsAt: plan.startsAt, action: done.action, eventId: done.id });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          skip(plan, error.message);
        }
      }
      if (report.dryRun) throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  return report;
}

function applyPlan(deps: Deps, actor: Viewer, targetId: string, targetType: string, plan: Planned): { action: 'create' | 'update'; id: string } {
  const existing = eventByUid(deps.db, plan.uid);
  let id: string;
  let action: 'create' | 'update';
  if (existing) {
    const ours = existing.organizedBy.includes(targetId) || findElement(deps.db, existing.id)?.parentId === targetId || existing.id === targetId;
    if (!ours) throw new AppError('conflict', 'This event (same UID) belongs to another agenda');
    id = updateElement(deps, actor, existing.id, plan.fields, 'en').id;
    action = 'update';
  } else {
    if (uidTakenByDeleted(deps.db, plan.uid)) throw new AppError('conflict', 'This event (same UID) was deleted on this box');
    const link = targetType === 'event' ? { parentId: targetId } : { organizerId: targetId };
    id = createElement(deps, actor, { type: 'event', ...plan.fields, ...link }, 'en').id;
    action = 'create';
  }
  saveImportedSeries(deps.db, id, { uid: plan.uid, exdates: plan.exdates ?? [], moves: plan.moves ?? [] });
  return { action, id };
}

// ---- Parsing --------------------------------------------------------------------------------------

function parseCalendar(text: string): ICAL.Component {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (error) {
    throw new AppError('validation', `The calendar file cannot be read: ${(error as Error).message.split('\n')[0].slice(0, 200)}`, 'file');
  }
  // Several VCALENDARs in one file come as an array: read the first (calendar apps write one).
  const jcal = Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed[0] : parsed;
  const root = new ICAL.Component(jcal as unknown[]);
  if (root.name !== 'vcalendar') throw new AppError('validation', 'This is not a calendar file: it does not start with BEGIN:VCALENDAR', 'file');
  return root;
}

interface Zones {
  box: string;
  /** VTIMEZONEs of the file, for TZIDs that are not IANA names (Outlook's "Romance Standard Time"). */
  vtimezones: Map<string, ICAL.Timezone>;
}

function planEvents(root: ICAL.Component, boxTimezone: string): Planned[] {
  const zones: Zones = { box: boxTimezone, vtimezones: new Map() };
  for (const vtimezone of root.getAllSubcomponents('vtimezone')) {
    const tzid = String(vtimezone.getFirstPropertyValue('tzid') ?? '');
    if (tzid) zones.vtimezones.set(tzid, new ICAL.Timezone(vtimezone));
  }
  const masters = new Map<string, ICAL.Component>();
  const overrides = new Map<string, ICAL.Component[]>();
  const planned: Planned[] = [];
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const uid = uidOf(vevent);
    if (vevent.hasProperty('recurrence-id')) overrides.set(uid, [...(overrides.get(uid) ?? []), vevent]);
    else if (masters.has(uid)) planned.push({ uid, name: summaryOf(vevent), startsAt: null, skip: 'The same UID appears twice in the file' });
    else masters.set(uid, vevent);
  }
  for (const [uid, vevent] of masters) planned.push(planEvent(uid, vevent, overrides.get(uid) ?? [], zones));
  for (const [uid, list] of overrides) {
    if (!masters.has(uid)) planned.push({ uid, name: summaryOf(list[0]), startsAt: null, skip: 'A changed occurrence (RECURRENCE-ID) whose series is not in the file' });
  }
  return planned;
}

const summaryOf = (vevent: ICAL.Component) => String(vevent.getFirstPropertyValue('summary') ?? '').trim();

/** The UID, or one made from the content so that importing the same file again still finds the event. */
export function uidOf(vevent: ICAL.Component): string {
  const uid = String(vevent.getFirstPropertyValue('uid') ?? '').trim();
  if (uid) return uid.slice(0, 255);
  const seed = `${summaryOf(vevent)}|${String(vevent.getFirstProperty('dtstart')?.toICALString() ?? '')}`;
  return `${createHash('sha256').update(seed).digest('hex').slice(0, 32)}@import`;
}

const eventKinds: readonly string[] = kindsByType.event;
const visibilityOf: Record<string, 'public' | 'members' | 'private'> = { PUBLIC: 'public', CONFIDENTIAL: 'members', PRIVATE: 'private' };

function planEvent(uid: string, vevent: ICAL.Component, overrides: ICAL.Component[], zones: Zones): Planned {
  const name = summaryOf(vevent).slice(0, 120);
  const base = { uid, name, startsAt: null };
  const dtstart = vevent.getFirstProperty('dtstart');
  if (!dtstart) return { ...base, skip: 'No DTSTART: an event needs a start' };
  if (!name) return { ...base, skip: 'No SUMMARY: an event needs a title' };
  if (String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') return { ...base, skip: 'Cancelled in the calendar (STATUS:CANCELLED)' };
  if (vevent.getAllProperties('rrule').length > 1) return { ...base, skip: 'Several RRULEs in one event are not supported' };
  if (vevent.hasProperty('rdate')) return { ...base, skip: 'Extra dates (RDATE) are not supported' };
  let start: DateValue;
  let end: DateValue | null;
  try {
    start = dateValue(dtstart, zones);
    end = endOf(vevent, start, zones);
  } catch {
    return { ...base, skip: 'A date of this event cannot be read' };
  }
  const timezone = start.timezone;
  const allDay = start.isDate;
  const startsAt = start.instant;
  if (end && Date.parse(end.instant) < Date.parse(startsAt)) return { ...base, startsAt, skip: 'The end is before the start' };
  const rrule = vevent.getFirstPropertyValue('rrule');
  const exdates: string[] = [];
  const moves: NonNullable<Planned['moves']> = [];
  try {
    for (const property of vevent.getAllProperties('exdate')) {
      for (const value of property.getValues()) exdates.push(isoUtc(timeInstant(value as ICAL.Time, paramTzid(property), zones, timezone)));
    }
    for (const override of overrides) {
      const original = isoUtc(dateValue(override.getFirstProperty('recurrence-id')!, zones, timezone).instant);
      if (String(override.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') { exdates.push(original); continue; }
      const movedStart = override.getFirstProperty('dtstart');
      if (!movedStart) continue;
      const movedStartValue = dateValue(movedStart, zones, timezone);
      const movedEnd = endOf(override, movedStartValue, zones);
      moves.push({ original_start: original, starts_at: isoUtc(movedStartValue.instant), ends_at: movedEnd ? isoUtc(movedEnd.instant) : null });
    }
  } catch {
    return { ...base, startsAt, skip: 'A date of this event cannot be read' };
  }
  const geo = vevent.getFirstPropertyValue('geo') as unknown;
  const [lat, lon] = Array.isArray(geo) && geo.length === 2 && geo.every((n) => typeof n === 'number' && Number.isFinite(n)) ? geo as number[] : [undefined, undefined];
  const url = String(vevent.getFirstPropertyValue('url') ?? '');
  const kind = String(vevent.getFirstPropertyValue('x-copi-kind') ?? '');
  const description = String(vevent.getFirstPropertyValue('description') ?? '');
  const fields: Record<string, unknown> = {
    name,
    kind: eventKinds.includes(kind) ? kind : 'other',
    description: description.slice(0, 20_000),
    shortDescription: description.split('\n')[0].slice(0, 280).trim(),
    tags: categoriesOf(vevent),
    street: String(vevent.getFirstPropertyValue('location') ?? '').replace(/\s+/g, ' ').trim().slice(0, 200),
    lat: lat !== undefined && Math.abs(lat) <= 90 && Math.abs(lon!) <= 180 ? lat : undefined,
    lon: lat !== undefined && Math.abs(lat) <= 90 && Math.abs(lon!) <= 180 ? lon : undefined,
    url: /^https?:\/\//i.test(url) && url.length <= 500 ? url : undefined,
    visibility: visibilityOf[String(vevent.getFirstPropertyValue('class') ?? 'PUBLIC').toUpperCase()] ?? 'public',
    startsAt, endsAt: end?.instant, allDay, timezone,
    rrule: rrule ? normalizeRule((rrule as ICAL.Recur).toString(), timezone) : null,
  };
  if (fields.lat === undefined) { delete fields.lat; delete fields.lon; }
  if (fields.url === undefined) delete fields.url;
  if (fields.endsAt === undefined) delete fields.endsAt;
  return { ...base, startsAt, fields, exdates, moves };
}

/** CATEGORIES as tags: lowercased, at most 20, only those a tag may be. */
function categoriesOf(vevent: ICAL.Component): string[] {
  const all = vevent.getAllProperties('categories').flatMap((property) => property.getValues().map(String));
  const tags = all.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag && tag.length <= 40 && /^[^,#<>]+$/.test(tag));
  return [...new Set(tags)].slice(0, 20);
}

interface DateValue {
  /** ISO instant with offset. */
  instant: string;
  isDate: boolean;
  /** IANA zone the date counts in: its TZID when that is one, else the box's. */
  timezone: string;
}

const paramTzid = (property: ICAL.Property) => {
  const tzid = property.getParameter('tzid');
  return typeof tzid === 'string' && tzid ? tzid : null;
};

function ianaZone(tzid: string | null): string | null {
  if (!tzid) return null;
  try {
    return Temporal.Now.zonedDateTimeISO(tzid.replace(/^\//, '')).timeZoneId;
  } catch {
    return null;
  }
}

function dateValue(property: ICAL.Property, zones: Zones, eventTimezone?: string): DateValue {
  const time = property.getFirstValue() as ICAL.Time;
  if (!(time instanceof ICAL.Time)) throw new Error('not a date');
  const tzid = paramTzid(property);
  const timezone = eventTimezone ?? ianaZone(tzid) ?? zones.box;
  return { instant: timeInstant(time, tzid, zones, timezone), isDate: time.isDate, timezone };
}

/** The instant of a DATE-TIME (UTC, a TZID, or floating in the event's zone); a DATE is its midnight there. */
function timeInstant(time: ICAL.Time, tzid: string | null, zones: Zones, timezone: string): string {
  if (time.isDate) return plainAt(time, timezone);
  if (time.zone?.tzid === 'UTC') {
    return new Date(Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second)).toISOString();
  }
  const iana = ianaZone(tzid);
  if (iana) return plainAt(time, iana);
  const vtimezone = tzid ? zones.vtimezones.get(tzid) : undefined;
  if (vtimezone) {
    const zoned = ICAL.Time.fromData({ year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second }, vtimezone);
    return new Date(zoned.toUnixTime() * 1000).toISOString();
  }
  return plainAt(time, timezone); // floating time (or an unknown TZID): the box's clock on the wall
}

function plainAt(time: ICAL.Time, timezone: string): string {
  const plain = new Temporal.PlainDateTime(time.year, time.month, time.day, time.isDate ? 0 : time.hour, time.isDate ? 0 : time.minute, time.isDate ? 0 : time.second);
  return plain.toZonedDateTime(timezone, { disambiguation: 'compatible' }).toString({ timeZoneName: 'never', smallestUnit: 'second' });
}

const isoUtc = (instant: string) => new Date(instant).toISOString();

/**
 * The end: DTEND, or DTSTART + DURATION. An all-day event ends on its last day at 23:59 (DTEND is the
 * day after, exclusive): the agenda's views then never show it on the next day.
 */
function endOf(vevent: ICAL.Component, start: DateValue, zones: Zones): DateValue | null {
  const dtend = vevent.getFirstProperty('dtend');
  let end: DateValue | null = null;
  if (dtend) end = dateValue(dtend, zones, start.timezone);
  else if (vevent.hasProperty('duration')) {
    const duration = vevent.getFirstPropertyValue('duration') as ICAL.Duration;
    end = { ...start, instant: new Date(Date.parse(start.instant) + duration.toSeconds() * 1000).toISOString() };
  }
  if (!start.isDate) return end;
  const first = Temporal.Instant.from(start.instant).toZonedDateTimeISO(start.timezone).toPlainDate();
  const exclusive = end ? Temporal.Instant.from(end.instant).toZonedDateTimeISO(start.timezone).toPlainDate() : first.add({ days: 1 });
  const last = Temporal.PlainDate.compare(exclusive, first) > 0 ? exclusive.subtract({ days: 1 }) : first;
  const instant = last.toPlainDateTime({ hour: 23, minute: 59 }).toZonedDateTime(start.timezone).toString({ timeZoneName: 'never', smallestUnit: 'second' });
  return { instant, isDate: true, timezone: start.timezone };
}

/**
 * The rule as the box stores it: UNTIL in UTC. A DATE or floating UNTIL (common in the wild, though
 * RFC 5545 wants UTC with a zoned start) counts in the event's zone; a DATE is the end of that day.
 */
function normalizeRule(rule: string, timezone: string): string {
  return rule.replace(/(^|;)UNTIL=(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2}):?(\d{2})(Z)?)?/i,
    (whole, lead: string, y: string, m: string, d: string, hh?: string, mm?: string, ss?: string, z?: string) => {
      if (z) return `${lead}UNTIL=${y}${m}${d}T${hh}${mm}${ss}Z`;
      const local = new Temporal.PlainDateTime(Number(y), Number(m), Number(d), Number(hh ?? 23), Number(mm ?? 59), Number(ss ?? 59));
      const utc = local.toZonedDateTime(timezone).toInstant().toZonedDateTimeISO('UTC');
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${lead}UNTIL=${utc.year}${pad(utc.month)}${pad(utc.day)}T${pad(utc.hour)}${pad(utc.minute)}${pad(utc.second)}Z`;
    });
}
