// Live notification figures: the box's resident memory with 200 open event streams (/notifications/live,
// 200 signed-in persons, one real HTTP connection each) against the same box with none, and the time from
// a write that notifies (a join request, then its refusal, over HTTP) to the event arriving on the
// person's stream, beside the time the same write takes to answer. The box runs as its own process
// (scripts/start.ts) on a fresh database; accounts and sessions are written before it starts, so no
// password hashing (32 MiB each) runs in the box while its memory is read.
// Alone: `node scripts/bench/notifications.ts` prints the figures as JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBoxDatabase } from '../../app/core/db/database.ts';
import { uuidv7 } from '../../app/core/ids.ts';
import { createSession, insertAccount } from '../../app/accounts/storage.ts';
import { addLink } from '../../app/links/storage.ts';
import { freePort, readMemory, startNode, stop, waitReady, type Child } from './processes.ts';
import { summarize, type Latency } from './load.ts';
import { figure, type Figure } from './report.ts';

export interface NotificationFigures {
  connections: number;
  /** Median VmRSS over 2 s, in KiB. */
  rssWithoutStreamsKiB: number;
  rssWithStreamsKiB: number;
  /** Write sent → event read on the notified person's stream. */
  writeToEvent: Latency;
  /** The same writes: sent → HTTP answer read. */
  writeAnswer: Latency;
}

interface Person { id: string; cookie: string }

const root = join(import.meta.dirname, '../..');

export async function notificationsBench(options: { connections?: number; writes?: number; cpu?: number | null; nodeFlags?: string[] } = {}): Promise<NotificationFigures> {
  const connections = options.connections ?? 200;
  const writes = options.writes ?? 100;
  const dir = mkdtempSync(join(tmpdir(), 'copi-bench-notifications-'));
  const env = { COPI_DATA: dir, COPI_DEMO: '0', COPI_BACKUP_AT: 'off' };
  const start = async () => {
    const port = await freePort();
    const child = startNode({ label: 'CoPi server', script: 'scripts/start.ts', cwd: root, env, port, cpu: options.cpu ?? null, nodeFlags: options.nodeFlags });
    await waitReady(child, performance.now());
    return child;
  };
  let box: Child | null = null;
  const streams: ClientRequest[] = [];
  try {
    // A first start creates and migrates the database; the persons are written while the box is stopped.
    await stop(await start());
    const { persons, organizationId } = seedPersons(join(dir, 'copi.db'), connections);
    box = await start();
    const port = box.port;
    await warmUp(port, persons[0]);
    const rssWithoutStreamsKiB = await medianRss(box.pid);

    const arrivals = new Map<string, (at: number) => void>();
    for (const person of persons) streams.push(await openStream(port, person, () => arrivals.get(person.id)?.(performance.now())));
    const rssWithStreamsKiB = await medianRss(box.pid);

    // Each round: the requester asks to join (the admin is told), then the admin refuses (the requester is told).
    const [admin, requester] = persons;
    const toEvent: number[] = [];
    const toAnswer: number[] = [];
    const timed = async (told: Person, as: Person, path: string, body: unknown) => {
      const arrived = new Promise<number>((resolve) => arrivals.set(told.id, resolve));
      const sent = performance.now();
      const status = await postJson(port, path, body, as);
      toAnswer.push(performance.now() - sent);
      if (status >= 300) throw new Error(`${path} answered ${status}`);
      toEvent.push((await arrived) - sent);
      arrivals.delete(told.id);
    };
    for (let round = 0; round < writes / 2; round++) {
      await timed(admin, requester, `/api/v1/elements/${organizationId}/join`, {});
      await timed(requester, admin, `/api/v1/elements/${organizationId}/requests/decline`, { personId: requester.id });
    }
    return {
      connections, rssWithoutStreamsKiB, rssWithStreamsKiB,
      writeToEvent: summarize(toEvent, 1), writeAnswer: summarize(toAnswer, 1),
    };
  } finally {
    for (const stream of streams) stream.destroy();
    if (box) await stop(box);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures of the report: memory with the streams open against none, and write-to-event p95 against write-to-answer. */
export function notificationFigures(result: NotificationFigures): Figure[] {
  return [
    figure({
      id: 'notifications_streams_rss', title: `RSS with ${result.connections} open notification streams (signed-in SSE)`, unit: 'MiB',
      value: result.rssWithStreamsKiB / 1024, baseline: result.rssWithoutStreamsKiB / 1024, baselineName: 'same box, no stream open',
      target: null, details: { perStreamKiB: Math.round(((result.rssWithStreamsKiB - result.rssWithoutStreamsKiB) / result.connections) * 10) / 10 },
    }),
    figure({
      id: 'notification_event_p95', title: `A write that notifies, until its event arrives on an open stream (${result.connections} open), p95`, unit: 'ms',
      value: result.writeToEvent.p95Ms, baseline: result.writeAnswer.p95Ms, baselineName: 'the same writes, until their HTTP answer',
      target: null, details: { writeToEvent: result.writeToEvent, writeAnswer: result.writeAnswer },
    }),
  ];
}

/** Persons with accounts and sessions, and an association the first one administers. */
function seedPersons(dbPath: string, count: number): { persons: Person[]; organizationId: string } {
  const db = openBoxDatabase(dbPath);
  try {
    // Written as the box's own elements: one of another box is administered by its origin only (app/sync/).
    const { value: boxId } = db.prepare("SELECT value FROM box_settings WHERE key = 'box_id'").get() as { value: string };
    const insert = db.prepare(`INSERT INTO elements (id, type, slug, name, visibility, origin_box, origin_seq, created_at, updated_at)
      VALUES (:id, :type, :slug, :name, :visibility, :box_id, :seq, :now, :now)`);
    const now = new Date().toISOString();
    const persons: Person[] = [];
    const organizationId = uuidv7();
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const id = uuidv7();
        insert.run({ id, type: 'person', slug: `bench-${i}`, name: `Personne ${i}`, visibility: 'members', box_id: boxId, seq: 1_000_000 + i, now });
        insertAccount(db, id, `bench-${i}`, null, false);
        persons.push({ id, cookie: `copi_session=${createSession(db, id)}` });
      }
      insert.run({ id: organizationId, type: 'organization', slug: 'association-bench', name: 'Association (bench)', visibility: 'public', box_id: boxId, seq: 2_000_000, now });
      addLink(db, { fromId: persons[0].id, toId: organizationId, kind: 'member', isAdmin: true });
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { persons, organizationId };
  } finally {
    db.close();
  }
}

/** A few pages and API calls first, so both memory readings are of a box that has served. */
async function warmUp(port: number, person: Person) {
  for (let i = 0; i < 20; i++) {
    await get(port, '/', person);
    await get(port, '/api/v1/notifications', person);
  }
}

async function medianRss(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) {
    samples.push(readMemory(pid).rssKiB);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return samples.sort((a, b) => a - b)[samples.length >> 1];
}

/** One signed-in event stream on its own connection; resolves at its first event, calls `onEvent` at each later one. */
function openStream(port: number, person: Person, onEvent: () => void): Promise<ClientRequest> {
  return new Promise((resolve, reject) => {
    const client = request({ host: '127.0.0.1', port, path: '/notifications/live', agent: false, headers: { cookie: person.cookie, accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`stream answered ${response.statusCode}`));
      let first = true;
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.startsWith('event: notifications')) continue;
          if (first) { first = false; resolve(client); } else onEvent();
        }
      });
    });
    client.on('error', (error) => { if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error); });
    client.end();
  });
}

function get(port: number, path: string, person: Person): Promise<number> {
  return send(port, 'GET', path, undefined, person);
}

function postJson(port: number, path: string, body: unknown, person: Person): Promise<number> {
  return send(port, 'POST', path, JSON.stringify(body), person);
}

function send(port: number, method: string, path: string, body: string | undefined, person: Person): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { cookie: person.cookie };
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    const client = request({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    client.on('error', reject);
    client.end(body);
  });
}

if (process.argv[1] === import.meta.filename) console.log(JSON.stringify(await notificationsBench(), null, 2));
