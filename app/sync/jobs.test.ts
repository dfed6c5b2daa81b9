// The sync jobs against a real box process: "sync now" runs in the background (the page shows it under way,
// then its outcome), never twice at once with the same peer; each peer's schedule gets a cron task, which
// fires, and goes when the schedule does; a failure is logged with the peer's name and noted on the peer.
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { transaction } from '../core/db/database.ts';
import { fingerprintOf } from '../box/identity.ts';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { SyncJobs, startSyncJobs, syncJobs } from './jobs.ts';
import { syncPages } from './pages.ts';
import { findPeer, savePeer } from './storage.ts';
import { startBoxProcess, stopAll, type BoxProcess } from './testing/box-process.ts';

let a: TestBox;
let admin: Session;
let app: ReturnType<typeof createApp>;
let server: ServerType;
let aUrl: string;
let b: BoxProcess;
let bId: string;

const english = { 'accept-language': 'en' };
const csrfOf = (session: Session) => /copi_csrf=([^;]+)/.exec(session.cookie)?.[1] ?? '';
const request = (path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set('cookie', admin.cookie);
  for (const [name, value] of Object.entries(english)) headers.set(name, value);
  return app.request(path, { ...init, headers });
};
const page = async () => (await request('/admin/sync')).text();
const postForm = (path: string, fields: Record<string, string> = {}) => request(path, {
  method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrfOf(admin), ...fields }).toString(),
});

async function create(on: { json: TestBox['json'] }, as: Session, name: string) {
  const response = await on.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name, communeInsee: '26108' }, as);
  expect(response.status).toBe(201);
}

beforeAll(async () => {
  const starting = startBoxProcess({ name: 'B' });
  a = createTestBox();
  admin = await a.register('admin', { admin: true });
  app = createApp(a.deps, { dbPath: a.dbPath });
  // The federation page, mounted here until app.ts mounts it itself.
  if (!app.routes.some((route) => route.path === '/admin/sync')) app.route('/', syncPages(a.deps));
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  aUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  b = await starting;
  const bIdentity = (await (await b.request('/api/v1/sync', { as: b.admin })).json()) as { boxId: string; fingerprint: string };
  bId = bIdentity.boxId;
  // Peered both ways, by hand only: the schedule test sets its own.
  const added = await postForm('/admin/sync/peers', { url: b.url, fingerprint: bIdentity.fingerprint, schedule: '', acceptRelayed: 'trusted', 'share.organization': 'on' });
  expect(added.status).toBe(303);
  const back = await b.json('/api/v1/sync/peers', 'POST', { url: aUrl, fingerprint: fingerprintOf(a.deps.box.boxId), schedule: '' }, b.admin);
  expect(back.status, await back.clone().text()).toBe(201);
}, 60_000);

afterAll(async () => {
  await syncJobs(a.deps).stop();
  await new Promise((resolve) => server.close(resolve));
  await stopAll([b]);
  a.close();
});

describe('sync jobs', () => {
  it('run "sync now" in the background, once at a time per peer, and show it under way, then its counts', async () => {
    await create(a, admin, 'Jardin des Oiseaux');
    await create(b, b.admin, 'Chorale des Oiseaux');
    const jobs = syncJobs(a.deps);
    expect(jobs.syncNow(bId)).toBe('started');
    expect(jobs.syncNow(bId)).toBe('busy');
    const busy = await postForm(`/admin/sync/peers/${bId}/sync`);
    expect(busy.headers.get('location')).toBe(`/admin/sync?busy=${bId}#peer-${bId}`);
    // Asked while it runs (the peer is another process: its answers come later than this page).
    const running = await page();
    expect(running).toContain('<meta http-equiv="refresh" content="2; url=/admin/sync"/>');
    expect(running).toMatch(/class="notice sync-running" role="status" data-phase="pull">\s*Sync under way since [^<]+?: receiving its cards/);
    expect(running).toMatch(new RegExp(`action="/admin/sync/peers/${bId}/sync" class="inline"><input[^>]+/><button disabled>`));
    expect(jobs.stateOf(bId)).toMatchObject({ running: true, trigger: 'hand' });

    await jobs.idle();
    expect(jobs.stateOf(bId)).toMatchObject({ running: false, error: null, counts: { received: 1, sent: 1, refused: 0 } });
    const done = await page();
    expect(done).not.toContain('http-equiv="refresh"');
    expect(done).toContain('1 received, 1 sent, 0 refused.');
    expect(findPeer(a.deps.db, bId)).toMatchObject({ lastError: null, lastSyncAt: expect.any(String) });
    const names = async (on: { request: TestBox['request'] }) =>
      ((await (await on.request('/api/v1/search?q=oiseaux')).json()) as { items: { name: string }[] }).items.map((item) => item.name).sort();
    expect(await names(b)).toEqual(['Chorale des Oiseaux', 'Jardin des Oiseaux']);
    expect(await names(a)).toEqual(['Chorale des Oiseaux', 'Jardin des Oiseaux']);
    // The same, waited for (as an API would): nothing new either way, and no repair again so soon (every ten minutes).
    expect(await jobs.syncAndWait(bId)).toMatchObject({ pulled: { accepted: 0 }, pushed: { accepted: 0 }, repaired: null, error: null });
  });

  it('give each scheduled peer a cron task that fires, changed or removed with the schedule', async () => {
    const jobs = syncJobs(a.deps);
    expect(jobs.scheduled().size).toBe(0);
    const stop = startSyncJobs(a.deps);
    try {
      expect(jobs.scheduled().size).toBe(0); // by hand only
      // The page's schedules (peering.ts cronOf) are ones node-cron runs, at a minute drawn for each box.
      await postForm(`/admin/sync/peers/${bId}`, { 'share.organization': 'on', acceptRelayed: 'trusted', schedule: 'quarter' });
      expect(jobs.scheduled().get(bId)).toMatch(/^\d{1,2}-59\/15 \* \* \* \*$/);
      expect(jobs.nextRunOf(bId)!.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
      expect(await page()).toMatch(/Every 15 minutes — next: /);

      // Every second, set straight in the table (as the API could): picked up by refresh(), and it fires.
      await create(b, b.admin, 'Atelier vélo des Oiseaux');
      const peer = findPeer(a.deps.db, bId)!;
      transaction(a.deps.db, () => savePeer(a.deps.db, { ...peer, schedule: '* * * * * *' }));
      jobs.refresh();
      expect(jobs.scheduled().get(bId)).toBe('* * * * * *');
      await waitFor(() => jobs.stateOf(bId)?.trigger === 'schedule' && !jobs.stateOf(bId)!.running, 10_000);

      await postForm(`/admin/sync/peers/${bId}`, { 'share.organization': 'on', acceptRelayed: 'trusted', schedule: '' });
      expect(jobs.scheduled().size).toBe(0);
      await jobs.idle();
      expect(jobs.stateOf(bId)).toMatchObject({ trigger: 'schedule', error: null });
      expect(await (await a.request('/api/v1/search?q=atelier')).text()).toContain('Atelier vélo des Oiseaux');
      expect(await page()).toContain('By hand only');
    } finally {
      await stop.stop();
    }
    expect(jobs.scheduled().size).toBe(0);
  });

  it('log a failed sync with the peer’s name, and the page says what to do', async () => {
    const lines: string[] = [];
    const jobs = new SyncJobs(a.deps, (line) => lines.push(line));
    const peer = findPeer(a.deps.db, bId)!;
    // A box that went away: its address answers no more.
    transaction(a.deps.db, () => savePeer(a.deps.db, { ...peer, boxId: 'aaaaaaaaaaaaaaaaaaaaaaaaaa', name: 'Box du Moulin', url: 'http://127.0.0.1:9' }));
    jobs.syncNow('aaaaaaaaaaaaaaaaaaaaaaaaaa');
    await jobs.idle();
    expect(lines).toEqual([expect.stringMatching(/^Sync with Box du Moulin failed: Box du Moulin did not answer/)]);
    expect(findPeer(a.deps.db, 'aaaaaaaaaaaaaaaaaaaaaaaaaa')!.lastError).toMatch(/did not answer/);
    expect(await page()).toContain('Box du Moulin did not answer: is it switched on and reachable at its address?');
  });
});

async function waitFor(check: () => boolean, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
