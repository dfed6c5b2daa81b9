// iCalendar figure: the .ics export of 5,000 events, streamed by the real box — the time to the last
// byte and the box's peak RSS while it streams, beside the same box serving an empty feed (same route,
// same headers, no event) measured in the same run. Wired by scripts/bench/run.ts:
//
//   const icsData = prepareIcsData(dbPath);                  // before the box starts, on the working copy
//   const ics = await measureIcsExport(server.child);          // once the box is ready and idle
//   figures.push(...icsFigures(ics, icsData));
import { request } from 'node:http';
import { openDatabase } from '../../app/core/db/database.ts';
import { readMemory } from './processes.ts';
import { figure, type Figure } from './report.ts';

export const icsEvents = 5000;
const tag = 'bench-ics';
export const icsPath = `/api/v1/agenda.ics?tag=${tag}`;
const emptyPath = `/api/v1/agenda.ics?tag=${tag}-none`;

/** Tags 5,000 public events (2,000 recurring ones first, when the agenda bench made them) in the working copy. */
export function prepareIcsData(dbPath: string): { tagged: number; recurring: number } {
  const db = openDatabase(dbPath);
  try {
    const ids = db.prepare(`SELECT id FROM elements WHERE type = 'event' AND deleted_at IS NULL AND visibility = 'public'
      AND starts_at IS NOT NULL ORDER BY rrule IS NULL, id LIMIT ?`).all(icsEvents) as { id: string }[];
    const insert = db.prepare('INSERT OR IGNORE INTO element_tags (element_id, tag) VALUES (?, ?)');
    db.transaction(() => { for (const { id } of ids) insert.run(id, tag); })();
    const recurring = (db.prepare(`SELECT count(*) AS n FROM element_tags t JOIN elements e ON e.id = t.element_id
      WHERE t.tag = ? AND e.rrule IS NOT NULL`).get(tag) as { n: number }).n;
    return { tagged: ids.length, recurring };
  } finally {
    db.close();
  }
}

export interface IcsRun {
  /** Median over the rounds, request to last byte. */
  ms: number;
  bytes: number;
  events: number;
  /** Largest RSS of the box sampled every 10 ms during the rounds, and its RSS just before them. */
  peakRssKiB: number;
  rssBeforeKiB: number;
}

export interface IcsExport { full: IcsRun; empty: IcsRun }

/** Downloads the feed `rounds` times while sampling the box's RSS. */
async function measure(child: { pid: number; port: number }, path: string, rounds: number): Promise<IcsRun> {
  const rssBeforeKiB = readMemory(child.pid).rssKiB;
  let peakRssKiB = rssBeforeKiB;
  const timer = setInterval(() => { peakRssKiB = Math.max(peakRssKiB, readMemory(child.pid).rssKiB); }, 10);
  const times: number[] = [];
  let bytes = 0;
  let events = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      const started = performance.now();
      const body = await download(child.port, path);
      times.push(performance.now() - started);
      bytes = body.bytes;
      events = body.events;
    }
  } finally {
    clearInterval(timer);
  }
  peakRssKiB = Math.max(peakRssKiB, readMemory(child.pid).rssKiB);
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], bytes, events, peakRssKiB, rssBeforeKiB };
}

/** The body's size and its count of VEVENTs, read as it arrives (the client keeps no copy either). */
function download(port: number, path: string): Promise<{ bytes: number; events: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { connection: 'close' } }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`${path}: HTTP ${response.statusCode}`));
      let bytes = 0;
      let events = 0;
      let tail = '';
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        const text = tail + chunk.toString('latin1');
        events += text.split('\r\nBEGIN:VEVENT\r\n').length - 1;
        tail = text.slice(-20);
      });
      response.on('end', () => resolve({ bytes, events }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs the empty feed first (the baseline), then the 5,000-event one, on a started, idle box. */
export async function measureIcsExport(child: { pid: number; port: number }, rounds = 5): Promise<IcsExport> {
  await download(child.port, emptyPath); // warm the route
  const empty = await measure(child, emptyPath, rounds);
  const full = await measure(child, icsPath, rounds);
  return { full, empty };
}

export function icsFigures(result: IcsExport, data: { tagged: number; recurring: number }): Figure[] {
  const details = {
    path: icsPath, events: result.full.events, bytes: result.full.bytes, data,
    rssBeforeKiB: result.full.rssBeforeKiB, emptyFeed: result.empty,
  };
  return [
    figure({
      id: 'ics_export_5000_ms', title: `.ics export of ${result.full.events} events (VEVENTs incl. moved occurrences), median`, unit: 'ms',
      value: result.full.ms, baseline: result.empty.ms, baselineName: 'same box, empty feed', target: null, details,
    }),
    figure({
      id: 'ics_export_5000_peak_rss_mb', title: '.ics export of 5,000 events: box peak RSS while streaming', unit: 'MB',
      value: result.full.peakRssKiB / 1024, baseline: result.empty.peakRssKiB / 1024, baselineName: 'same box, empty feed', target: null, details,
    }),
  ];
}
