// An iCalendar (RFC 5545) feed written line by line: a generator of folded content lines that the
// HTTP layer streams, so a feed of thousands of events is never one string in memory.
import { Temporal } from 'temporal-polyfill';
import type { Series } from '../recurrence.ts';
import { escapeText, fold, localDate, localStamp, dateStamp, utcStamp } from './content-line.ts';
import { vtimezoneLines } from './vtimezone.ts';

/** An event as a feed writes it: its series and moved occurrences plus what a calendar shows. */
export interface IcsEvent {
  uid: string;
  series: Series;
  name: string;
  /** Event kind (concert, market…), written as X-COPI-KIND so that an import into a box keeps it. */
  kind: string | null;
  description: string;
  location: string;
  position: { lat: number; lon: number } | null;
  url: string;
  tags: string[];
  visibility: 'public' | 'members' | 'private';
  /** Edits so far (SEQUENCE); 1 for an event never edited. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Occurrences moved elsewhere (RECURRENCE-ID): the original start the rule gives and the new dates. */
  moves: { originalStart: string; startsAt: string; endsAt: string | null }[];
}

export interface CalendarHead {
  /** X-WR-CALNAME: the name calendar apps show for a subscription. */
  name: string;
  /** Time zones used by the events, with the years they span (one VTIMEZONE each). */
  timezones: { timezone: string; fromYear: number; toYear: number }[];
}

export const prodId = '-//CoPi//Communecter on a Raspberry Pi//EN';

// CLASS is the nearest iCalendar notion of a visibility; an import maps it back (see ./import.ts).
const classOf = { public: 'PUBLIC', members: 'CONFIDENTIAL', private: 'PRIVATE' } as const;

/** Every line of a calendar, folded, without line ends (the caller adds CRLF). */
export function* calendarLines(head: CalendarHead, events: Iterable<IcsEvent>): Generator<string> {
  yield 'BEGIN:VCALENDAR';
  yield 'VERSION:2.0';
  yield `PRODID:${prodId}`;
  yield 'CALSCALE:GREGORIAN';
  yield 'METHOD:PUBLISH';
  yield fold(`X-WR-CALNAME:${escapeText(head.name)}`);
  for (const zone of head.timezones) yield* vtimezoneLines(zone.timezone, zone.fromYear, zone.toYear);
  for (const event of events) {
    yield* veventLines(event, null);
    for (const move of event.moves) yield* veventLines(event, move);
  }
  yield 'END:VCALENDAR';
}

function* veventLines(event: IcsEvent, move: IcsEvent['moves'][number] | null): Generator<string> {
  const { series } = event;
  const tz = series.timezone;
  yield 'BEGIN:VEVENT';
  yield fold(`UID:${escapeText(event.uid)}`);
  yield `DTSTAMP:${utcStamp(event.updatedAt)}`;
  yield `CREATED:${utcStamp(event.createdAt)}`;
  yield `LAST-MODIFIED:${utcStamp(event.updatedAt)}`;
  yield `SEQUENCE:${Math.max(0, event.version - 1)}`;
  const startsAt = move?.startsAt ?? series.startsAt;
  const endsAt = move ? move.endsAt : series.endsAt;
  if (move) yield recurrenceId(series, move.originalStart);
  if (series.allDay) {
    const first = localDate(startsAt, tz);
    yield `DTSTART;VALUE=DATE:${dateStamp(first)}`;
    yield `DTEND;VALUE=DATE:${dateStamp(allDayEnd(first, endsAt, tz))}`;
  } else {
    yield dateTimeLine('DTSTART', startsAt, tz);
    if (endsAt !== null) yield dateTimeLine('DTEND', endsAt, tz);
  }
  if (!move && series.rrule) yield fold(`RRULE:${series.allDay ? untilAsDate(series.rrule, tz) : series.rrule}`);
  if (!move) {
    for (const exdate of series.exdates) {
      yield series.allDay ? `EXDATE;VALUE=DATE:${dateStamp(localDate(exdate, tz))}` : dateTimeLine('EXDATE', exdate, tz);
    }
  }
  yield fold(`SUMMARY:${escapeText(event.name)}`);
  if (event.description) yield fold(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) yield fold(`LOCATION:${escapeText(event.location)}`);
  if (event.position) yield `GEO:${event.position.lat};${event.position.lon}`;
  if (event.url) yield fold(`URL:${event.url}`);
  if (event.tags.length > 0) yield fold(`CATEGORIES:${event.tags.map(escapeText).join(',')}`);
  yield `CLASS:${classOf[event.visibility]}`;
  if (event.kind) yield fold(`X-COPI-KIND:${escapeText(event.kind)}`);
  yield 'END:VEVENT';
}

// UTC times need no TZID (and no VTIMEZONE): ical.js and node-ical both read `Z` values as instants.
const dateTimeLine = (name: string, instant: string, timezone: string) =>
  timezone === 'UTC' ? `${name}:${utcStamp(instant)}` : `${name};TZID=${timezone}:${localStamp(instant, timezone)}`;

function recurrenceId(series: Series, originalStart: string): string {
  return series.allDay
    ? `RECURRENCE-ID;VALUE=DATE:${dateStamp(localDate(originalStart, series.timezone))}`
    : dateTimeLine('RECURRENCE-ID', originalStart, series.timezone);
}

/**
 * DTEND of an all-day event is the day after its last day. A stored end at midnight already is that
 * day; an end during a day (23:59, or a time typed by hand) means that day is included.
 */
function allDayEnd(first: Temporal.PlainDate, endsAt: string | null, timezone: string): Temporal.PlainDate {
  if (endsAt === null) return first.add({ days: 1 });
  const end = Temporal.Instant.from(new Date(endsAt).toISOString()).toZonedDateTimeISO(timezone);
  const endDate = end.toPlainDate();
  const exclusive = end.hour === 0 && end.minute === 0 && end.second === 0 ? endDate : endDate.add({ days: 1 });
  return Temporal.PlainDate.compare(exclusive, first) > 0 ? exclusive : first.add({ days: 1 });
}

/** With a DATE start, UNTIL must be a DATE too (RFC 5545 3.3.10): the stored UTC UNTIL, as a local date. */
function untilAsDate(rrule: string, timezone: string): string {
  return rrule.replace(/(^|;)UNTIL=(\d{8})T(\d{6})Z/i, (_, lead: string, date: string, time: string) => {
    const instant = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}Z`;
    return `${lead}UNTIL=${dateStamp(localDate(instant, timezone))}`;
  });
}
