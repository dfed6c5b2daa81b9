// The live stream on a real server (ephemeral port) read by a real HTTP client: the first event, an event
// when a notification is written, and the listener gone once the client hangs up or the box stops.
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../core/config.ts';
import { transaction } from '../core/db/database.ts';
import { startBox, type RunningBox } from '../server.ts';
import { notify } from './notify.ts';

let dir: string;
let box: RunningBox;

interface Stream {
  response: IncomingMessage;
  client: ClientRequest;
  /** Resolves with the next `notifications` event's data. */
  next(): Promise<{ unread: number; latest: { message: string; openUrl: string } | null }>;
  raw(): string;
}

async function register(username: string): Promise<{ cookie: string; personId: string }> {
  const response = await fetch(`${box.url}/api/v1/auth/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'correct horse battery' }),
  });
  const { personId } = await response.json() as { personId: string };
  return { personId, cookie: response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
}

function openStream(cookie: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const url = new URL('/notifications/live', box.url);
    const client = request(url, { headers: { cookie, accept: 'text/event-stream', 'accept-language': 'en' } }, (response) => {
      let text = '';
      const events: string[] = [];
      const waiting: ((data: string) => void)[] = [];
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        let end;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          all += `${block}\n\n`;
          const data = /^event: notifications\ndata: (.*)$/m.exec(block)?.[1];
          if (data) (waiting.shift() ?? ((d: string) => events.push(d)))(data);
        }
      });
      let all = '';
      resolve({
        response, client, raw: () => all,
        next: () => new Promise((done) => {
          const queued = events.shift();
          if (queued) done(JSON.parse(queued));
          else waiting.push((data) => done(JSON.parse(data)));
        }),
      });
    });
    client.on('error', reject);
    client.end();
  });
}

const until = async (condition: () => boolean, timeoutMs = 3000) => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'copi-live-'));
  box = await startBox(readConfig({ COPI_DATA: dir, PORT: '0', HOST: '127.0.0.1', COPI_DEMO: '0', COPI_BACKUP_AT: 'off' }), () => {});
});
afterAll(async () => {
  await box.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the live notifications stream', () => {
  it('sends the count at once, then an event when a notification is written, and forgets a client that hangs up', async () => {
    const alice = await register('alice');
    const bruno = await register('bruno');
    const stream = await openStream(bruno.cookie);
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toBe('text/event-stream');
    expect(await stream.next()).toEqual({ unread: 0, latest: null });
    expect(stream.raw()).toMatch(/^retry: \d+\n\n/);
    expect(box.deps.live.listenerCount).toBe(1);

    transaction(box.deps.db, () => notify(box.deps.db, box.deps.live, {
      kind: 'mention', personIds: [bruno.personId], actorId: alice.personId, subjectUrl: '/e/alice', params: { name: 'a post' },
    }));
    const news = await stream.next();
    expect(news.unread).toBe(1);
    expect(news.latest).toMatchObject({ message: 'alice mentioned you in a post' });
    expect(news.latest!.openUrl).toMatch(/^\/notifications\/[0-9a-f-]{36}\/open$/);

    stream.client.destroy();
    await until(() => box.deps.live.listenerCount === 0);
  });

  it('an event written for someone else is not sent; a rolled-back write sends nothing new', async () => {
    const carla = await register('carla');
    const dan = await register('dan');
    const stream = await openStream(carla.cookie);
    await stream.next();
    transaction(box.deps.db, () => notify(box.deps.db, box.deps.live, { kind: 'mention', personIds: [dan.personId], actorId: null, subjectUrl: '/' }));
    expect(() => transaction(box.deps.db, () => {
      notify(box.deps.db, box.deps.live, { kind: 'mention', personIds: [carla.personId], actorId: null, subjectUrl: '/' });
      throw new Error('the write failed');
    })).toThrow('the write failed');
    // The rollback's poke reads an unchanged count; then a real one arrives.
    expect((await stream.next()).unread).toBe(0);
    transaction(box.deps.db, () => notify(box.deps.db, box.deps.live, { kind: 'mention', personIds: [carla.personId], actorId: dan.personId, subjectUrl: '/' }));
    expect((await stream.next()).unread).toBe(1);
    stream.client.destroy();
    await until(() => box.deps.live.listenerCount === 0);
  });

  it('ends open streams when the box stops, so the stop does not wait for them', async () => {
    const erin = await register('erin');
    const stream = await openStream(erin.cookie);
    await stream.next();
    const ended = new Promise<void>((resolve) => stream.response.on('end', resolve));
    box.deps.live.close();
    await ended;
    await until(() => box.deps.live.listenerCount === 0);
  });
});
