// The slots a booking asks for: one, or every occurrence of its recurrence, bounded (a booking always
// ends: at most 500 slots within 2 years), in the box's time zone so "Thursdays 18–20h" stays 18–20h
// across daylight-saving changes.
import { fieldError } from '../core/validation.ts';
import { nowMs } from '../core/time.ts';
import { checkSeries, occurrencesBetween, ruleUntilMs, type Series } from '../agenda/recurrence.ts';
import { maxSlotMs, maxSlots, maxSpanDays } from './model.ts';
import { untilEndOf } from './local-time.ts';

export interface Slot {
  /** ISO UTC with milliseconds: text order is time order. */
  startsAt: string;
  endsAt: string;
}

export interface PlannedBooking {
  startsAt: string;
  endsAt: string;
  rrule: string | null;
  slots: Slot[];
}

/** Checks the asked dates and rule and writes out every slot; throws a field error on what is wrong. */
export function planSlots(input: { startsAt: string; endsAt: string; rrule?: string; until?: string }, timezone: string): PlannedBooking {
  const start = Date.parse(input.startsAt);
  const end = Date.parse(input.endsAt);
  if (end <= start) throw fieldError('endsAt', 'The end must be after the start');
  if (end - start > maxSlotMs) throw fieldError('endsAt', 'A slot lasts at most 7 days');
  if (end <= nowMs()) throw fieldError('startsAt', 'This slot is already over');
  const startsAt = new Date(start).toISOString();
  const endsAt = new Date(end).toISOString();
  if (!input.rrule) return { startsAt, endsAt, rrule: null, slots: [{ startsAt, endsAt }] };

  let rrule = input.rrule.trim();
  const hasEnd = /(^|;)(UNTIL|COUNT)=/i.test(rrule);
  if (!hasEnd && input.until) rrule = `${rrule};UNTIL=${untilEndOf(input.until, timezone)}`;
  else if (!hasEnd) throw fieldError('until', 'A recurring booking needs an end date');
  const series: Series = { startsAt, endsAt, allDay: false, timezone, rrule, exdates: [] };
  checkSeries(series);

  const spanEnd = start + maxSpanDays * 86_400_000;
  const { occurrences, truncated } = occurrencesBetween(series, new Date(start), new Date(spanEnd), maxSlots);
  if (truncated) throw fieldError('rrule', 'A booking has at most 500 slots');
  if (occurrences.length === 0) throw fieldError('rrule', 'This rule gives no date at all');
  const until = ruleUntilMs(rrule, timezone);
  const count = /(?:^|;)COUNT=(\d+)/i.exec(rrule)?.[1];
  if ((until !== null && until > spanEnd) || (count && Number(count) > occurrences.length)) {
    throw fieldError('until', 'A recurring booking ends within 2 years');
  }
  const slots = occurrences.map((occurrence) => ({ startsAt: occurrence.startsAt, endsAt: occurrence.endsAt! }));
  for (let index = 1; index < slots.length; index++) {
    if (slots[index].startsAt < slots[index - 1].endsAt) throw fieldError('rrule', 'The slots of this booking overlap one another');
  }
  return { startsAt, endsAt, rrule, slots };
}
