// The query of every agenda view (API and pages): a window of time and filters, checked at the edge.
import { z } from 'zod';
import { Temporal } from 'temporal-polyfill';
import { fieldError } from '../core/validation.ts';
import { kindsByType } from '../elements/model.ts';

/** No view spans more than this: a year and a day, so a yearly event is always in a full year's view. */
export const maxWindowDays = 366;

const dateParam = z.string().max(40)
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/, 'A date is YYYY-MM-DD or an ISO 8601 date and time');
const zoneParam = z.string().max(70).regex(/^([0-9][0-9AB][0-9]{3}|(commune|epci|dep|region|country):[0-9A-Za-z]{2,9}|custom:[a-z0-9-]{1,60})$/, 'A zone is commune:INSEE, epci:SIREN, dep:NN, region:NN or country:FR');

export const eventsQuerySchema = z.object({
  from: dateParam.optional(),
  to: dateParam.optional(),
  zone: z.array(zoneParam).max(20).optional(),
  tag: z.string().max(40).transform((tag) => tag.toLowerCase()).optional(),
  type: z.enum(kindsByType.event).optional(),
  element: z.string().max(80).regex(/^[a-z0-9-]+$/, 'An element is given by its id or its slug').optional(),
  mine: z.enum(['0', '1']).optional(),
  cursor: z.string().regex(/^\d{1,6}$/, 'Unknown cursor').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
}).strict();

export type EventsQuery = z.infer<typeof eventsQuerySchema>;

/** A query string as the schema's input: `zone` may repeat or be comma-separated; empty values are absent. */
export function queryInput(query: Record<string, string>, zones: string[] | undefined): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) if (value !== '') input[key] = value;
  const zoneList = (zones ?? []).flatMap((zone) => zone.split(',')).map((zone) => zone.trim()).filter(Boolean);
  if (zoneList.length > 0) input.zone = zoneList; else delete input.zone;
  return input;
}

/** A `from`/`to` value as an instant: a date alone is that day's midnight in the box's time zone. */
function instantOf(value: string, timezone: string, field: string, endOfDay: boolean): Date {
  try {
    if (value.length === 10) {
      const day = Temporal.PlainDate.from(value, { overflow: 'reject' });
      return new Date((endOfDay ? day.add({ days: 1 }) : day).toZonedDateTime({ timeZone: timezone }).epochMilliseconds);
    }
    if (/(Z|[+-]\d{2}:\d{2})$/.test(value)) return new Date(Temporal.Instant.from(value).epochMilliseconds);
    return new Date(Temporal.PlainDateTime.from(value, { overflow: 'reject' }).toZonedDateTime(timezone).epochMilliseconds);
  } catch {
    throw fieldError(field, 'This date does not exist');
  }
}

/** Today's midnight in a time zone. */
export function startOfToday(timezone: string, nowMs: number): Date {
  const today = Temporal.Instant.fromEpochMilliseconds(nowMs).toZonedDateTimeISO(timezone).toPlainDate();
  return new Date(today.toZonedDateTime({ timeZone: timezone }).epochMilliseconds);
}

/**
 * The window of a query: `from` (default today), `to` (default a month later; a date alone counts whole).
 * Refuses an inverted or over-long window, naming `to`.
 */
export function windowOf(query: Pick<EventsQuery, 'from' | 'to'>, timezone: string, nowMs: number): { from: Date; to: Date } {
  const from = query.from ? instantOf(query.from, timezone, 'from', false) : startOfToday(timezone, nowMs);
  const to = query.to ? instantOf(query.to, timezone, 'to', true) : new Date(from.getTime() + 31 * 86_400_000);
  if (to.getTime() <= from.getTime()) throw fieldError('to', 'The end of the window must be after its start');
  // An hour of slack: a window of whole days across a daylight-saving change is an hour longer.
  if (to.getTime() - from.getTime() > maxWindowDays * 86_400_000 + 3_600_000) throw fieldError('to', 'A window spans at most 366 days');
  return { from, to };
}
