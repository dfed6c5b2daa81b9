// The friendly recurrence of the event form (none / daily / weekly on chosen days / monthly on the Nth
// weekday or the same day / yearly, until a date or N times) turned into an RRULE, and back for editing.
// A rule the form cannot show stays editable as text ("custom").
import { Temporal } from 'temporal-polyfill';
import { fieldError } from '../core/validation.ts';

export const repeatChoices = ['none', 'daily', 'weekly', 'monthly', 'yearly', 'custom'] as const;
export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export const formFields = ['repeat', 'repeatMonthly', 'repeatEnd', 'repeatUntil', 'repeatCount', ...weekdays.map((day) => `repeat${day}`)];

type Form = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** The start typed in the form as a local date and time (with or without an offset). */
function localStart(startsAt: string): Temporal.PlainDateTime | null {
  try {
    return Temporal.PlainDateTime.from(startsAt.slice(0, 19));
  } catch {
    return null;
  }
}

/**
 * Replaces the form's repeat fields by `rrule` (null for "none"); "custom" keeps the `rrule` typed.
 * `timezone` is the event's: an end date means the end of that day there.
 */
export function recurrenceFromForm(form: Form, timezone: string): Form {
  const repeat = str(form.repeat) || (str(form.rrule) ? 'custom' : 'none');
  const result: Form = { ...form };
  for (const field of formFields) delete result[field];
  if (repeat === 'custom') return result;
  if (repeat === 'none' || !(repeatChoices as readonly string[]).includes(repeat)) return { ...result, rrule: null };
  const start = localStart(str(form.startsAt));
  const parts = [`FREQ=${repeat.toUpperCase()}`];
  if (repeat === 'weekly') {
    const days = weekdays.filter((day) => form[`repeat${day}`] === 'on');
    if (days.length > 0) parts.push(`BYDAY=${days.join(',')}`);
  }
  if (repeat === 'monthly' && str(form.repeatMonthly) !== 'day' && start) {
    // The Nth weekday of the start's month: the 5th becomes "the last", which every month has.
    const nth = Math.ceil(start.day / 7);
    parts.push(`BYDAY=${nth === 5 ? -1 : nth}${weekdays[start.dayOfWeek - 1]}`);
  }
  const end = str(form.repeatEnd);
  if (end === 'count') {
    const count = Number(str(form.repeatCount));
    if (!Number.isInteger(count) || count < 1 || count > 1000) throw fieldError('repeatCount', 'Give a number of times from 1 to 1000');
    parts.push(`COUNT=${count}`);
  } else if (end === 'until') {
    let until: Temporal.PlainDate;
    try {
      until = Temporal.PlainDate.from(str(form.repeatUntil), { overflow: 'reject' });
    } catch {
      throw fieldError('repeatUntil', 'This date does not exist');
    }
    const last = until.toPlainDateTime({ hour: 23, minute: 59, second: 59 }).toZonedDateTime(timezone).toInstant();
    parts.push(`UNTIL=${last.toString().replace(/[-:]/g, '').replace(/\.\d+/, '')}`);
  }
  return { ...result, rrule: parts.join(';') };
}

/** The repeat fields showing a stored rule in the form (or "custom" with the rule as text). */
export function recurrenceFormValues(rrule: string | null, timezone: string): Record<string, string> {
  if (rrule === null) return { repeat: 'none', rrule: '' };
  const fields = Object.fromEntries(rrule.split(';').map((part) => part.split('=') as [string, string]));
  const freq = (fields.FREQ ?? '').toLowerCase();
  const known = new Set(['FREQ', 'BYDAY', 'COUNT', 'UNTIL']);
  const custom = { repeat: 'custom', rrule };
  if (!['daily', 'weekly', 'monthly', 'yearly'].includes(freq) || Object.keys(fields).some((key) => !known.has(key))) return custom;
  const values: Record<string, string> = { repeat: freq, rrule: '' };
  if (fields.BYDAY) {
    if (freq === 'weekly' && fields.BYDAY.split(',').every((day) => (weekdays as readonly string[]).includes(day))) {
      for (const day of fields.BYDAY.split(',')) values[`repeat${day}`] = 'on';
    } else if (freq === 'monthly' && /^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.test(fields.BYDAY)) {
      values.repeatMonthly = 'weekday';
    } else return custom;
  } else if (freq === 'monthly') values.repeatMonthly = 'day';
  if (fields.COUNT) Object.assign(values, { repeatEnd: 'count', repeatCount: fields.COUNT });
  else if (fields.UNTIL) {
    const until = /^(\d{4})(\d{2})(\d{2})(T(\d{2})(\d{2})(\d{2})Z)?$/.exec(fields.UNTIL);
    if (!until) return custom;
    const instant = Temporal.Instant.from(`${until[1]}-${until[2]}-${until[3]}T${until[5] ?? '23'}:${until[6] ?? '59'}:${until[7] ?? '59'}Z`);
    Object.assign(values, { repeatEnd: 'until', repeatUntil: instant.toZonedDateTimeISO(timezone).toPlainDate().toString() });
  } else values.repeatEnd = 'never';
  return values;
}
