// An agenda as an iCalendar feed, streamed: the visible events (through the agenda's one filter and the
// one visibility rule), read 200 at a time, written as folded lines and sent in chunks of about 16 KB.
// Their ids are read once, sorted; their rows twice, page by page: first for the time zones the head declares,
// then to write them.
import type { Deps } from '../../deps.ts';
import type { Viewer } from '../../permissions/visibility.ts';
import { eventRowPages, icalUid, seriesOf, visibleEventIds, type AgendaFilters, type EventRow } from '../events.ts';
import { calendarLines, type CalendarHead, type IcsEvent } from './writer.ts';
import { eventDetails, movesOf } from './storage.ts';

export type FeedFilters = Pick<AgendaFilters, 'zones' | 'tag' | 'kind' | 'element' | 'person'>;

/** Every line of the feed of what `viewer` may see among the events matching `filters`. */
export function* feedLines(deps: Deps, viewer: Viewer | null, filters: FeedFilters, name: string): Generator<string> {
  const boxTimezone = deps.box.timezone;
  const ids = visibleEventIds(deps.db, viewer, filters);
  const pages = () => eventRowPages(deps.db, ids);
  yield* calendarLines(headOf(pages(), boxTimezone, name), eventsOf(deps, pages(), boxTimezone));
}

function* eventsOf(deps: Deps, pages: Iterable<EventRow[]>, boxTimezone: string): Generator<IcsEvent> {
  const base = deps.config.publicUrl.replace(/\/$/, '');
  for (const page of pages) {
    const ids = page.map((row) => row.id);
    // Read per page, not per feed: no statement stays open while the response waits for the network.
    const details = eventDetails(deps.db, ids);
    const moves = movesOf(deps.db, ids.filter((_, index) => page[index].rrule !== null));
    for (const row of page) {
      const more = details.get(row.id);
      if (!more) continue;
      yield {
        uid: icalUid(row), series: seriesOf(row, boxTimezone), name: row.name, kind: row.kind,
        description: more.description || more.short_description,
        location: [more.place_name, more.street, `${more.postal_code} ${more.locality}`.trim()].filter(Boolean).join(', '),
        position: more.lat === null || more.lon === null ? null : { lat: more.lat, lon: more.lon },
        url: `${base}/e/${more.slug}`, tags: JSON.parse(more.tags) as string[], visibility: row.visibility,
        version: more.version, createdAt: more.created_at, updatedAt: more.updated_at,
        moves: (moves.get(row.id) ?? []).map((move) => ({ originalStart: move.original_start, startsAt: move.starts_at, endsAt: move.ends_at })),
      };
    }
  }
}

/** The time zones the events use and the years each spans (a VTIMEZONE each). */
function headOf(pages: Iterable<EventRow[]>, boxTimezone: string, name: string): CalendarHead {
  const spans = new Map<string, { fromYear: number; toYear: number }>();
  const thisYear = new Date().getUTCFullYear();
  for (const page of pages) for (const row of page) {
    if (row.all_day === 1) continue; // dates, not times: no zone needed
    const timezone = row.timezone ?? boxTimezone;
    if (timezone === 'UTC') continue;
    const years = [row.starts_at, row.ends_at ?? row.starts_at, untilOf(row.rrule) ?? row.starts_at].map((date) => new Date(date).getUTCFullYear());
    const span = spans.get(timezone) ?? { fromYear: Infinity, toYear: thisYear };
    spans.set(timezone, { fromYear: Math.min(span.fromYear, ...years), toYear: Math.max(span.toYear, ...years) });
  }
  return { name, timezones: [...spans].map(([timezone, span]) => ({ timezone, fromYear: Math.min(span.fromYear, span.toYear), toYear: span.toYear })) };
}

const untilOf = (rrule: string | null) => {
  const until = /(?:^|;)UNTIL=(\d{4})(\d{2})(\d{2})/i.exec(rrule ?? '');
  return until ? `${until[1]}-${until[2]}-${until[3]}T00:00:00Z` : null;
};

/** Lines joined with CRLF, in chunks, as a byte stream for a Response. */
export function linesStream(lines: Iterator<string>, chunkChars = 16_384): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = '';
      while (chunk.length < chunkChars) {
        const next = lines.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += `${next.value}\r\n`;
      }
      controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      lines.return?.(undefined);
    },
  }, { highWaterMark: 1 });
}
