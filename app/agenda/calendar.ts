// Calendar arithmetic of the agenda views, in the box's time zone: which days a month or week view
// shows, and which occurrences fall on each day.
import { Temporal } from 'temporal-polyfill';
import type { EventOccurrence } from './events.ts';

export const views = ['month', 'week', 'list'] as const;
export type View = (typeof views)[number];

export interface Day {
  date: Temporal.PlainDate;
  /** The day's first instant and the next day's, in the box's time zone. */
  start: number;
  end: number;
  /** Outside the month a month view shows (the grid's leading and trailing days). */
  outside: boolean;
  occurrences: EventOccurrence[];
}

const midnight = (date: Temporal.PlainDate, timezone: string) => date.toZonedDateTime({ timeZone: timezone }).epochMilliseconds;

/** The days a view shows around a date: a Monday-to-Sunday month grid, a week, or 31 days from the date. */
export function daysOf(view: View, anchor: Temporal.PlainDate, timezone: string): Day[] {
  let first: Temporal.PlainDate;
  let count: number;
  if (view === 'month') {
    const monthStart = anchor.with({ day: 1 });
    first = monthStart.subtract({ days: monthStart.dayOfWeek - 1 });
    const monthEnd = monthStart.add({ months: 1 }).subtract({ days: 1 });
    const last = monthEnd.add({ days: 7 - monthEnd.dayOfWeek });
    count = first.until(last).days + 1;
  } else if (view === 'week') {
    first = anchor.subtract({ days: anchor.dayOfWeek - 1 });
    count = 7;
  } else {
    first = anchor;
    count = 31;
  }
  return Array.from({ length: count }, (_, index) => {
    const date = first.add({ days: index });
    return {
      date, start: midnight(date, timezone), end: midnight(date.add({ days: 1 }), timezone),
      outside: view === 'month' && date.month !== anchor.month, occurrences: [],
    };
  });
}

/** Puts each occurrence on every day it runs (a multi-day event on each of its days). */
export function fillDays(days: Day[], occurrences: EventOccurrence[]): Day[] {
  for (const occurrence of occurrences) {
    const start = Date.parse(occurrence.startsAt);
    const end = occurrence.endsAt === null ? start : Date.parse(occurrence.endsAt);
    for (const day of days) {
      if (start < day.end && (end > day.start || (start >= day.start && end === start))) day.occurrences.push(occurrence);
    }
  }
  return days;
}

/** The date a view is anchored on, in the box's time zone (today when none or an invalid one is given). */
export function anchorOf(value: string | undefined, timezone: string, nowMs: number): Temporal.PlainDate {
  if (value) {
    try {
      return Temporal.PlainDate.from(value, { overflow: 'reject' });
    } catch { /* today below */ }
  }
  return Temporal.Instant.fromEpochMilliseconds(nowMs).toZonedDateTimeISO(timezone).toPlainDate();
}

/** The anchor of the previous and next page of a view. */
export function stepOf(view: View, anchor: Temporal.PlainDate, direction: 1 | -1): Temporal.PlainDate {
  if (view === 'month') return anchor.with({ day: 1 }).add({ months: direction });
  if (view === 'week') return anchor.add({ weeks: direction });
  return anchor.add({ days: 31 * direction });
}
