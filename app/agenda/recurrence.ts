// Recurring dates (RFC 5545 RRULE) for events and room bookings, in the series' own time zone: "every
// Tuesday 18:00 in Europe/Paris" stays at 18:00 across daylight-saving changes. A series is never
// expanded into stored rows: occurrences are computed for the window asked for, and never more than
// `maxOccurrences` at once. Built on rrule-temporal (time-zone-correct, RFC 5545 compliant) over
// temporal-polyfill, since Node 24 has no Temporal yet.
import { Temporal } from 'temporal-polyfill';
import { RRuleTemporal } from 'rrule-temporal';
import { fieldError } from '../core/validation.ts';

/** A series as stored: its first occurrence, its rule and the occurrences taken out of it. */
export interface Series {
  /** First occurrence's start, an instant (ISO 8601 with offset or Z). */
  startsAt: string;
  /** First occurrence's end, or null for an event with a start only. */
  endsAt: string | null;
  allDay: boolean;
  /** IANA time zone the rule counts in (the box's, Europe/Paris by default). */
  timezone: string;
  /** The RRULE value without "RRULE:", e.g. "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T220000Z"; null: a single date. */
  rrule: string | null;
  /** Original starts (ISO, UTC) of occurrences cancelled or moved elsewhere (EXDATE). */
  exdates: string[];
}

export interface Occurrence {
  /** ISO instants in UTC. `originalStart` identifies the occurrence in the series (RECURRENCE-ID). */
  startsAt: string;
  endsAt: string | null;
  originalStart: string;
}

/** No window ever yields more occurrences than this (a daily rule over 3 years is about 1,100). */
export const maxOccurrences = 2000;

const zoned = (instant: string, timezone: string) => Temporal.Instant.from(instant).toZonedDateTimeISO(timezone);

/** Checks a time zone name; throws a field error on `timezone` otherwise. */
export function checkTimeZone(timezone: string): string {
  try {
    return Temporal.Now.zonedDateTimeISO(timezone).timeZoneId;
  } catch {
    throw fieldError('timezone', 'Unknown time zone');
  }
}

function ruleOf(series: Series): RRuleTemporal {
  try {
    return new RRuleTemporal({ rruleString: series.rrule!, dtstart: zoned(series.startsAt, series.timezone) });
  } catch (error) {
    throw fieldError('rrule', `Invalid recurrence rule: ${(error as Error).message}`);
  }
}

/** Checks a series' rule and dates (end after start, known time zone, a rule that yields its first date). */
export function checkSeries(series: Series): void {
  checkTimeZone(series.timezone);
  if (series.endsAt !== null && Date.parse(series.endsAt) < Date.parse(series.startsAt)) throw fieldError('endsAt', 'The end is before the start');
  if (series.rrule === null) return;
  if (/^RRULE:/i.test(series.rrule) || /[\r\n]/.test(series.rrule)) throw fieldError('rrule', 'Give the rule without "RRULE:", on one line');
  // Events and bookings repeat by the day at most: finer rules would only make millions of dates.
  if (!/(^|;)FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;|$)/i.test(series.rrule)) throw fieldError('rrule', 'A recurrence repeats daily, weekly, monthly or yearly');
  const first = ruleOf(series).all((_, index) => index < 1);
  if (first.length === 0) throw fieldError('rrule', 'This rule gives no date at all');
}

/**
 * Occurrences that overlap [from, to): each keeps the first one's duration. At most `limit`
 * (maxOccurrences by default); `truncated` says when more were left out.
 */
export function occurrencesBetween(series: Series, from: Date, to: Date, limit = maxOccurrences): { occurrences: Occurrence[]; truncated: boolean } {
  const durationMs = series.endsAt === null ? 0 : Date.parse(series.endsAt) - Date.parse(series.startsAt);
  const overlaps = (start: number) => start < to.getTime() && start + durationMs >= from.getTime();
  const toOccurrence = (start: number): Occurrence => {
    const startsAt = new Date(start).toISOString();
    return { startsAt, endsAt: series.endsAt === null ? null : new Date(start + durationMs).toISOString(), originalStart: startsAt };
  };
  if (series.rrule === null) {
    const start = Date.parse(series.startsAt);
    return { occurrences: overlaps(start) ? [toOccurrence(start)] : [], truncated: false };
  }
  const excluded = new Set(series.exdates.map((date) => new Date(date).toISOString()));
  // Starting early enough that an occurrence begun before `from` and still running is found.
  const windowStart = new Date(from.getTime() - durationMs);
  const starts = ruleStartsBetween(series, windowStart, to)
    .filter((start) => overlaps(start) && !excluded.has(new Date(start).toISOString()));
  return { occurrences: starts.slice(0, limit).map(toOccurrence), truncated: starts.length > limit };
}

// The dates a rule gives in a window, kept for the windows asked for again (the month on screen, this
// week): expanding 2,000 series was most of a month view's time. Bounded in entries and in dates kept
// (about 2 MB at most); the key is everything the dates depend on, so an edited series misses it.
const expansions = new Map<string, number[]>();
const maxExpansions = 5000;
const maxDatesKept = 200_000;
let datesKept = 0;

function ruleStartsBetween(series: Series, from: Date, to: Date): number[] {
  const key = `${series.rrule}|${series.startsAt}|${series.timezone}|${from.getTime()}|${to.getTime()}`;
  const cached = expansions.get(key);
  if (cached) {
    expansions.delete(key);
    expansions.set(key, cached);
    return cached;
  }
  const starts = datesBetween(ruleOf(fastForward(series, from)), from, to).map((date) => date.epochMilliseconds);
  expansions.set(key, starts);
  datesKept += starts.length;
  for (const [oldest, dates] of expansions) {
    if (expansions.size <= maxExpansions && datesKept <= maxDatesKept) break;
    expansions.delete(oldest);
    datesKept -= dates.length;
  }
  return starts;
}

/**
 * A daily or weekly series without COUNT, begun long before the window, restarted at a period boundary
 * shortly before it, at the same local time: rrule-temporal walks every date from DTSTART, so a daily
 * event begun two years ago cost 700 steps per page. The dates in the window are the same; the restart
 * itself falls at least one period before the window, where no date is kept.
 */
function fastForward(series: Series, before: Date): Series {
  const rule = series.rrule ?? '';
  const freq = /(^|;)FREQ=(DAILY|WEEKLY)(;|$)/i.exec(rule)?.[2].toUpperCase();
  if (!freq || /(^|;)COUNT=/i.test(rule)) return series;
  const interval = Number(/(^|;)INTERVAL=(\d+)(;|$)/i.exec(rule)?.[2] ?? 1);
  const periodDays = (freq === 'DAILY' ? 1 : 7) * interval;
  const start = zoned(series.startsAt, series.timezone);
  const target = Temporal.Instant.fromEpochMilliseconds(before.getTime()).toZonedDateTimeISO(series.timezone);
  const periods = Math.floor(start.toPlainDate().until(target.toPlainDate(), { largestUnit: 'days' }).days / periodDays) - 1;
  if (periods < 1) return series;
  const restart = start.add({ days: periods * periodDays });
  const shiftMs = restart.epochMilliseconds - start.epochMilliseconds;
  return {
    ...series, startsAt: restart.toInstant().toString(),
    endsAt: series.endsAt === null ? null : new Date(Date.parse(series.endsAt) + shiftMs).toISOString(),
  };
}

/**
 * The instant a rule's UNTIL names, in ms: UTC ("…T215959Z"), floating local time ("…T235959") or a date
 * (its last second) in `timezone`; null without UNTIL, NaN when it is not a date.
 */
export function ruleUntilMs(rrule: string, timezone: string): number | null {
  const value = /(?:^|;)UNTIL=([^;]+)/i.exec(rrule)?.[1];
  if (value === undefined) return null;
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/i.exec(value);
  if (!match) return Number.NaN;
  const [, y, mo, d, h = '23', mi = '59', s = '59', z] = match;
  const local = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  return z ? Date.parse(`${local}Z`) : Temporal.PlainDateTime.from(local).toZonedDateTime(timezone).epochMilliseconds;
}

/** Whether the series gives a date starting at exactly this instant (its excluded dates left out). */
export function isDateOf(series: Series, start: Date): boolean {
  return occurrencesBetween(series, start, new Date(start.getTime() + 1), 5).occurrences.some((o) => o.originalStart === start.toISOString());
}

function datesBetween(rule: RRuleTemporal, from: Date, to: Date): Temporal.ZonedDateTime[] {
  try {
    return rule.between(from, to, true);
  } catch (error) {
    // rrule-temporal steps from the first date and stops after 10,000 steps (27 years of a daily rule).
    throw fieldError('rrule', `This recurrence cannot be shown that far from its first date: ${(error as Error).message}`);
  }
}
