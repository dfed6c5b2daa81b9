// The box's clock with no battery-backed clock behind it: the time floor keeps every new timestamp and id
// monotonic when the system clock goes back, within a run and across restarts, with a write only once a
// minute; how far the time can be trusted is recorded; sessions and one-time links survive clock jumps.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBoxDatabase } from '../core/db/database.ts';
import { boxClock, nowIso, nowMs } from '../core/time.ts';
import { uuidv7 } from '../core/ids.ts';
import { createTestBox } from '../testing/test-box.ts';
import { attachTimeFloor, clockIsBehind, clockStatus, detectClockSource, setClockFromBrowser } from './clock.ts';
import { privilegedHelper } from './privileged.ts';
import { makeTestRoot, startPrivilegedSocket } from './testing.ts';

const year = 365 * 86400_000;
let restore: (() => void) | null = null;
/** A system clock the test moves by hand. */
function fakeClock(start = Date.now()) {
  let at = start;
  restore?.();
  restore = boxClock.useSystemClockForTests(() => at);
  return { set: (ms: number) => { at = ms; }, get: () => at };
}
afterEach(() => {
  restore?.();
  restore = null;
});

describe('the time floor', () => {
  it('keeps new timestamps and ids from going back when the system clock does', () => {
    const clock = fakeClock(Date.UTC(2027, 5, 1, 12));
    const before = nowIso();
    const id = uuidv7();
    clock.set(Date.UTC(2026, 0, 2)); // the clock jumps back five months
    expect(nowIso() >= before).toBe(true);
    expect(uuidv7() > id).toBe(true);
    clock.set(Date.UTC(2027, 5, 1, 13)); // and forward again: real time wins once it passes the floor
    expect(nowIso()).toBe('2027-06-01T13:00:00.000Z');
  });

  it('holds across a restart, saving a reservation once a minute, not per call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'copi-floor-'));
    try {
      const db = openBoxDatabase(join(dir, 'copi.db'));
      const floor = () => (db.prepare('SELECT floor FROM box_clock').get() as { floor: string }).floor;
      const clock = fakeClock(Date.UTC(2027, 5, 1, 12));
      const detach = attachTimeFloor(db);
      const changes = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
      const stamped = nowMs();
      await Promise.resolve();
      expect(floor()).toBe('2027-06-01T12:01:00.000Z'); // reserved one minute ahead
      const writes = changes();
      for (let second = 1; second <= 50; second++) {
        clock.set(stamped + second * 1000);
        nowMs();
      }
      await Promise.resolve();
      expect(changes()).toBe(writes); // 50 timestamps within the minute: no write
      clock.set(stamped + 90_000);
      const last = nowMs();
      await new Promise((resolve) => setImmediate(resolve));
      expect(Date.parse(floor())).toBeGreaterThanOrEqual(last);
      detach();

      // A restart with the clock set back by a reboot: nothing new is stamped before the last run's times.
      const restarted = fakeClock(Date.UTC(2026, 3, 1));
      const detachAgain = attachTimeFloor(db);
      expect(nowMs()).toBeGreaterThanOrEqual(last);
      expect(restarted.get()).toBeLessThan(last);
      detachAgain();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('how far the clock can be trusted', () => {
  it('is network when timesyncd says so, else the saved time of fake-hwclock, else unknown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copi-clock-'));
    try {
      const db = openBoxDatabase(join(dir, 'copi.db'));
      const paths = { timesyncFlag: join(dir, 'synchronized'), fakeHwclockData: join(dir, 'fake-hwclock.data') };
      expect(clockStatus(db)).toEqual({ source: 'unknown', sourceAt: null });
      expect(detectClockSource(db, paths)).toBe('unknown');
      writeFileSync(paths.fakeHwclockData, '2026-11-25 10:00:00\n');
      db.prepare('UPDATE box_clock SET source_mono = NULL').run(); // as after a reboot
      expect(detectClockSource(db, paths)).toBe('saved');
      writeFileSync(paths.timesyncFlag, '');
      expect(detectClockSource(db, paths)).toBe('network');
      expect(clockStatus(db).sourceAt).not.toBeNull();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('calls a box clearly behind a browser: more than 5 minutes, or behind what it already stamped', () => {
    const now = Date.UTC(2027, 0, 1);
    expect(clockIsBehind(now + 3600_000, now, now)).toBe(true);
    expect(clockIsBehind(now + 60_000, now, now)).toBe(false);
    expect(clockIsBehind(now - 3600_000, now, now)).toBe(false); // a browser behind the box sets nothing
    expect(clockIsBehind(now + 60_000, now, now + 3600_000)).toBe(true);
    expect(clockIsBehind(Date.UTC(2101, 0, 1), now, now)).toBe(false); // outside the helper's bounds
  });
});

describe('a box admin\'s sign-in with the browser\'s time', () => {
  it('sets the clock through the helper when the browser is an hour ahead, and not otherwise', async () => {
    const box = createTestBox();
    const root = makeTestRoot();
    const socket = await startPrivilegedSocket(root.root);
    try {
      box.deps.config = { ...box.deps.config, setup: { ...box.deps.config.setup, wizard: false, privilegedSocket: socket.path } };
      await box.register('gardien', { admin: true });
      await box.register('visiteur');
      const signIn = async (username: string, clientTime: string) => {
        const page = await box.request('/login');
        const csrf = page.headers.getSetCookie().map((c) => /^copi_csrf=([^;]+)/.exec(c)?.[1]).find(Boolean)!;
        expect(await page.text()).toContain('name="clientTime"');
        const response = await box.request('/login', {
          method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `copi_csrf=${csrf}` },
          body: new URLSearchParams({ _csrf: csrf, username, password: 'correct horse battery', clientTime }).toString(),
        });
        expect(response.status).toBe(303);
      };
      const hourAhead = Date.now() + 3600_000;
      await signIn('visiteur', String(hourAhead)); // not a box admin: nothing
      await signIn('gardien', ''); // no JavaScript: nothing
      await signIn('gardien', String(Date.now() + 30_000)); // close enough: nothing
      expect(root.calls()).toEqual([]);
      await signIn('gardien', String(hourAhead));
      expect(root.calls()).toEqual([`date -u -s @${Math.floor(hourAhead / 1000)}`, 'fake-hwclock save force']);
      expect(clockStatus(box.deps.db).source).toBe('browser');
    } finally {
      await socket.close();
      rmSync(root.root, { recursive: true, force: true });
      box.close();
    }
  });

  it('leaves a network-synchronized clock alone', async () => {
    const box = createTestBox();
    try {
      box.deps.db.prepare("UPDATE box_clock SET source = 'network'").run();
      expect(await setClockFromBrowser(box.deps.db, privilegedHelper('/nonexistent.sock'), Date.now() + 3600_000)).toBe('unchanged');
    } finally {
      box.close();
    }
  });
});

describe('sessions and one-time links when the clock jumps', () => {
  it('a jump forward a year expires sessions and reset links; a jump back does not bring them back', async () => {
    const box = createTestBox();
    try {
      const clock = fakeClock(Date.now());
      const real = clock.get();
      const admin = await box.register('gardienne', { admin: true });
      const alice = await box.register('alice');
      const reset = await box.json('/api/v1/admin/reset-links', 'POST', { personId: alice.personId }, admin);
      const resetPath = new URL(((await reset.json()) as { url: string }).url).pathname;
      expect((await box.request('/api/v1/me', { as: alice })).status).toBe(200);
      expect((await box.request(resetPath)).status).toBe(200);

      clock.set(real + year); // e.g. a wrong time typed somewhere, or a browser a year ahead
      expect((await box.request('/api/v1/me', { as: alice })).status).toBe(401);
      expect((await box.request(resetPath)).status).toBe(404);

      clock.set(real); // the clock goes back (a reboot at the saved time)
      expect((await box.request('/api/v1/me', { as: alice })).status).toBe(401);
      expect((await box.request(resetPath)).status).toBe(404);
      // Signing in again works: a new session from the floor's time on.
      const again = await box.json('/api/v1/auth/login', 'POST', { username: 'alice', password: 'correct horse battery' });
      const cookie = again.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      expect((await box.request('/api/v1/me', { headers: { cookie } })).status).toBe(200);
    } finally {
      box.close();
    }
  });
});
