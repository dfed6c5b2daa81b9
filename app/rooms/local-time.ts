// Instants shown and read in the box's time zone: weeks that start on Monday at local midnight, slots named
// "2027-03-18 18:00" the same way in every language (a conflict message names them so).
import { Temporal } from 'temporal-polyfill';

const zoned = (iso: string, timezone: string) => Temporal.Instant.from(iso).toZonedDateTimeISO(timezone);

/** "2027-03-18" of an instant, in the time zone. */
export const localDate = (iso: string, timezone: string) => zoned(iso, timezone).toPlainDate().toString();

/** "18:00" of an instant, in the time zone. */
export const localTime = (iso: string, timezone: string) => zoned(iso, timezone).toPlainTime().toString({ smallestUnit: 'minute' });

/** "2027-03-18 18:00–20:00", or "2027-03-18 22:00 – 2027-03-19 02:00" across midnight. */
export function slotLabel(startsAt: string, endsAt: string, timezone: string): string {
  const startDate = localDate(startsAt, timezone);
  const endDate = localDate(endsAt, timezone);
  return startDate === endDate
    ? `${startDate} ${localTime(startsAt, timezone)}–${localTime(endsAt, timezone)}`
    : `${startDate} ${localTime(startsAt, timezone)} – ${endDate} ${localTime(endsAt, timezone)}`;
}

/** The Monday of the week holding this date (or instant's local date). */
export function mondayOf(date: string): string {
  const day = Temporal.PlainDate.from(date.slice(0, 10));
  return day.subtract({ days: day.dayOfWeek - 1 }).toString();
}

/** Today in the time zone, for an instant in ms. */
export const todayIn = (nowMs: number, timezone: string) => localDate(new Date(nowMs).toISOString(), timezone);

/** Local midnight of a date, as an ISO UTC instant with milliseconds. */
export const midnight = (date: string, timezone: string) =>
  new Date(Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: timezone }).epochMilliseconds).toISOString();

/** The seven days of the week starting on this Monday, and the instants bounding it. */
export function weekOf(monday: string, timezone: string): { days: string[]; from: string; to: string; previous: string; next: string } {
  const start = Temporal.PlainDate.from(monday);
  const days = Array.from({ length: 7 }, (_, index) => start.add({ days: index }).toString());
  return {
    days, from: midnight(days[0], timezone), to: midnight(start.add({ days: 7 }).toString(), timezone),
    previous: start.subtract({ days: 7 }).toString(), next: start.add({ days: 7 }).toString(),
  };
}

/** "2027-06-30" read as the last moment of that day in the time zone, as an RRULE UNTIL ("20270630T215959Z"). */
export function untilEndOf(date: string, timezone: string): string {
  const end = Temporal.PlainDate.from(date).add({ days: 1 }).toZonedDateTime({ timeZone: timezone }).epochMilliseconds - 1000;
  return new Date(end).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
