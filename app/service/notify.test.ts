// The real server (scripts/start.ts in its own process) under a real notify socket: what systemd sees.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemdNotifier, watchdogPeriodMs } from './notify.ts';
import { spawnBox, startNotifyListener, type BoxProcess, type NotifyListener, type NotifyMessage } from './testing/processes.ts';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
  cleanups = [];
});

async function boxUnderSystemd(env: NodeJS.ProcessEnv = {}): Promise<{ box: BoxProcess; listener: NotifyListener; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'copi-notify-'));
  const listener = await startNotifyListener(join(dir, 'notify.sock'));
  const box = await spawnBox(join(dir, 'data'), { NOTIFY_SOCKET: listener.socketPath, ...env });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => listener.close(), () => box.child.kill('SIGKILL'));
  return { box, listener, dir };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

describe('the box under systemd', () => {
  it('says READY=1 only once its port accepts connections, then pings the watchdog every half period', async () => {
    const { box, listener } = await boxUnderSystemd({ WATCHDOG_USEC: '1000000' });
    let connectedOnReady!: Promise<boolean>;
    // Connect the moment READY=1 is read, before anything else runs.
    const ready = await listener.waitFor('READY', 20_000, () => { connectedOnReady = canConnect(box.port); });
    expect(await connectedOnReady).toBe(true);
    expect(ready.fields.STATUS).toContain(box.url);
    expect((await fetch(`${box.url}/readyz`)).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 2_600));
    const pings = listener.messages.filter((m) => m.fields.WATCHDOG === '1' && m.at >= ready.at);
    expect(pings.length).toBeGreaterThanOrEqual(3);
    // systemd's rule: never more than WATCHDOG_USEC between two pings (from READY on).
    const gaps = [pings[0].at - ready.at, ...pings.slice(1).map((m, i) => m.at - pings[i].at)];
    expect(Math.max(...gaps)).toBeLessThan(1_000);
  }, 30_000);

  it('on SIGTERM stops accepting, lets an in-flight request finish, sends STOPPING=1, checkpoints the WAL and exits 0', async () => {
    const { box, listener, dir } = await boxUnderSystemd();
    await listener.waitFor('READY', 20_000);
    const registered = await fetch(`${box.url}/api/v1/auth/register`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'lea', password: 'correct horse battery' }),
    });
    expect(registered.status).toBe(201);
    const cookie = registered.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

    // A slow client: headers and half the body now, the rest after SIGTERM.
    const body = Buffer.from(JSON.stringify({ type: 'project', name: 'Jardin partagé du lavoir', communeInsee: '26114' }));
    const slow = request(`${box.url}/api/v1/elements`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length, cookie },
    });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      slow.once('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => { text += chunk.toString(); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      slow.once('error', reject);
    });
    slow.write(body.subarray(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 200));

    box.child.kill('SIGTERM');
    const stopping: NotifyMessage = await listener.waitFor('STOPPING', 10_000);
    expect(stopping.fields.STOPPING).toBe('1');
    expect(await canConnect(box.port)).toBe(false);
    expect(box.child.exitCode).toBeNull();

    slow.end(body.subarray(10));
    const answer = await response;
    expect(answer.status).toBe(201);
    expect(await box.exited).toBe(0);

    const dbPath = join(dir, 'data', 'copi.db');
    expect(!existsSync(`${dbPath}-wal`) || statSync(`${dbPath}-wal`).size === 0).toBe(true);
    const db = new Database(dbPath, { readonly: true });
    try {
      const { id } = JSON.parse(answer.body) as { id: string };
      expect(db.prepare('SELECT name FROM elements WHERE id = ?').get(id)).toEqual({ name: 'Jardin partagé du lavoir' });
    } finally {
      db.close();
    }
    expect(box.output()).toContain('Stopped cleanly');
  }, 30_000);
});

describe('outside systemd', () => {
  it('has no notifier without NOTIFY_SOCKET, so npm start and the tests spawn nothing', () => {
    expect(systemdNotifier({ WATCHDOG_USEC: '1000000' })).toBeNull();
  });

  it('has no watchdog without WATCHDOG_USEC, nor when WATCHDOG_PID names another process', () => {
    expect(watchdogPeriodMs({ WATCHDOG_USEC: '30000000' }, 42)).toBe(30_000);
    expect(watchdogPeriodMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '42' }, 42)).toBe(30_000);
    expect(watchdogPeriodMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '43' }, 42)).toBeNull();
    expect(watchdogPeriodMs({ WATCHDOG_USEC: 'soon' }, 42)).toBeNull();
    expect(watchdogPeriodMs({}, 42)).toBeNull();
  });
});
