// Dates people type (a form's "2027-03-28T02:30", no offset) read in the event's own time zone. A time
// the clocks skip (02:30 on the spring-forward night in Europe/Paris) is refused, naming the field: a single
// event there would otherwise silently move. A time that happens twice (the autumn night) is the first one.
import { Temporal } from 'temporal-polyfill';
import { fieldError } from '../core/validation.ts';
import { checkTimeZone } from './recurrence.ts';

const localPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

/** "2027-01-12T18:00" in `timezone` → "2027-01-12T18:00:00+01:00"; throws a field error on a skipped time. */
export function localToInstant(value: string, timezone: string, field: string): string {
  let plain: Temporal.PlainDateTime;
  try {
    plain = Temporal.PlainDateTime.from(value);
  } catch {
    return value; // Not a date: the schema names the field.
  }
  const zoned = plain.toZonedDateTime(timezone, { disambiguation: 'earlier' });
  if (!zoned.toPlainDateTime().equals(plain)) {
    throw fieldError(field, 'This time does not exist in this time zone: the clocks jump forward that night');
  }
  return zoned.toString({ timeZoneName: 'never', smallestUnit: 'second' });
}

/**
 * An element input with its local `startsAt` / `endsAt` given their offset in the event's time zone (its
 * `timezone` field, else `fallbackTimezone`). Anything else is left for the schema to judge.
 */
export function withEventOffsets(input: unknown, fallbackTimezone: string): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  const fields = input as Record<string, unknown>;
  const given = typeof fields.timezone === 'string' && fields.timezone !== '' ? fields.timezone : null;
  const timezone = given === null ? fallbackTimezone : checkTimeZone(given);
  const result: Record<string, unknown> = { ...fields };
  if (given !== null) result.timezone = timezone;
  for (const field of ['startsAt', 'endsAt']) {
    const value = fields[field];
    if (typeof value === 'string' && localPattern.test(value)) result[field] = localToInstant(value, timezone, field);
  }
  return result;
}

/** An instant shown as the local "YYYY-MM-DDTHH:MM" of a time zone (the value of a datetime-local field). */
export function instantToLocal(instant: string, timezone: string): string {
  return Temporal.Instant.from(instant).toZonedDateTimeISO(timezone).toPlainDateTime().toString({ smallestUnit: 'minute' });
}
