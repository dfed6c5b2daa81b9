// VTIMEZONE components made from the IANA data the box already uses (Node's ICU, through Temporal), so
// a feed's offsets always agree with how the box expands its series. The years the feed covers get one
// observance per transition; when the zone's last transitions follow a yearly rule ("last Sunday of
// March at 02:00"), that rule is written as an open-ended RRULE so that clients stay right after them.
import { Temporal } from 'temporal-polyfill';
import { dateStamp } from './content-line.ts';

interface Transition {
  /** Wall-clock time just before the change, in the offset it changes from (the observance's DTSTART). */
  local: Temporal.PlainDateTime;
  fromSeconds: number;
  toSeconds: number;
}

const offsetSeconds = (date: Temporal.ZonedDateTime) => Math.round(date.offsetNanoseconds / 1e9);

function transitionsBetween(timezone: string, fromYear: number, toYear: number): { initial: number; transitions: Transition[] } {
  const start = Temporal.ZonedDateTime.from({ timeZone: timezone, year: fromYear, month: 1, day: 1 });
  const end = Temporal.ZonedDateTime.from({ timeZone: timezone, year: toYear + 1, month: 1, day: 1 }).epochMilliseconds;
  const transitions: Transition[] = [];
  let previousOffset = offsetSeconds(start);
  let cursor: Temporal.ZonedDateTime | null = start;
  // A zone has a few transitions a year; the bound only guards against a surprise in the data.
  for (let step = 0; step < 1000; step++) {
    cursor = cursor.getTimeZoneTransition('next');
    if (!cursor || cursor.epochMilliseconds >= end) break;
    const toSeconds = offsetSeconds(cursor);
    if (toSeconds === previousOffset) continue; // a renaming only (e.g. a new abbreviation)
    const local = cursor.toInstant().add({ seconds: previousOffset }).toZonedDateTimeISO('UTC').toPlainDateTime();
    transitions.push({ local, fromSeconds: previousOffset, toSeconds });
    previousOffset = toSeconds;
  }
  return { initial: offsetSeconds(start), transitions };
}

function offsetText(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  const hours = Math.floor(abs / 3600);
  const minutes = Math.floor((abs % 3600) / 60);
  const rest = abs % 60;
  return `${sign}${String(hours).padStart(2, '0')}${String(minutes).padStart(2, '0')}${rest ? String(rest).padStart(2, '0') : ''}`;
}

const localText = (local: Temporal.PlainDateTime) =>
  `${dateStamp(local)}T${String(local.hour).padStart(2, '0')}${String(local.minute).padStart(2, '0')}${String(local.second).padStart(2, '0')}`;

const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** "BYMONTH=3;BYDAY=-1SU" for a date that is the last Sunday of March, "BYMONTH=11;BYDAY=1SU" for a first one. */
function yearlyRule(local: Temporal.PlainDateTime): string {
  const byDay = local.day + 7 > local.daysInMonth ? -1 : Math.ceil(local.day / 7);
  return `BYMONTH=${local.month};BYDAY=${byDay}${weekdays[local.dayOfWeek - 1]}`;
}

const ruleKey = (transition: Transition) =>
  `${transition.fromSeconds}>${transition.toSeconds}@${yearlyRule(transition.local)}T${transition.local.hour}:${transition.local.minute}`;

function* observance(transition: Transition, rrule: string | null): Generator<string> {
  const kind = transition.toSeconds > transition.fromSeconds ? 'DAYLIGHT' : 'STANDARD';
  yield `BEGIN:${kind}`;
  yield `DTSTART:${localText(transition.local)}`;
  if (rrule) yield `RRULE:${rrule}`;
  yield `TZOFFSETFROM:${offsetText(transition.fromSeconds)}`;
  yield `TZOFFSETTO:${offsetText(transition.toSeconds)}`;
  yield `END:${kind}`;
}

/** A VTIMEZONE for `timezone` valid over [fromYear, toYear] (and after, when the zone follows a yearly rule). */
export function* vtimezoneLines(timezone: string, fromYear: number, toYear: number): Generator<string> {
  // Start a year early: the observance in force on the first day of the range must be in the component.
  const { initial, transitions } = transitionsBetween(timezone, fromYear - 1, toYear);
  yield 'BEGIN:VTIMEZONE';
  yield `TZID:${timezone}`;
  if (transitions.length === 0) {
    yield 'BEGIN:STANDARD';
    yield 'DTSTART:19700101T000000';
    yield `TZOFFSETFROM:${offsetText(initial)}`;
    yield `TZOFFSETTO:${offsetText(initial)}`;
    yield 'END:STANDARD';
    yield 'END:VTIMEZONE';
    return;
  }
  // The regular tail: for each kind of change, the trailing run of yearly changes with the same rule,
  // kept open-ended only when it reaches the last year of the range (a zone that stopped DST stops here).
  const openRuleStart = new Map<string, number>();
  for (const key of new Set(transitions.map(ruleKey))) {
    const indexes = transitions.flatMap((transition, index) => (ruleKey(transition) === key ? [index] : []));
    const last = indexes.at(-1)!;
    if (transitions[last].local.year < toYear) continue;
    let first = indexes.length - 1;
    while (first > 0 && transitions[indexes[first - 1]].local.year === transitions[indexes[first]].local.year - 1) first--;
    if (indexes.length - first >= 2) openRuleStart.set(key, indexes[first]);
  }
  for (const [index, transition] of transitions.entries()) {
    const runStart = openRuleStart.get(ruleKey(transition));
    if (runStart === undefined || index < runStart) yield* observance(transition, null);
    else if (index === runStart) yield* observance(transition, `FREQ=YEARLY;${yearlyRule(transition.local)}`);
  }
  yield 'END:VTIMEZONE';
}
