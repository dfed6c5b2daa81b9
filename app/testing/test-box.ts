// A real box for tests: a fresh SQLite file in a temp folder, the real app, requests through app.request().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../core/config.ts';
import { openBoxDatabase } from '../core/db/database.ts';
import { loadBoxSettings } from '../box/settings.ts';
import { createApp } from '../app.ts';
import type { Deps } from '../deps.ts';
import { seedDemoContent, seedTerritory } from '../demo/seed.ts';
import { attachZoneDatabase } from '../zones/communes.ts';
import { openZoneDb } from '../zones/zone-db.ts';
import { LiveNotifications } from '../notifications/live.ts';

export interface TestBox {
  deps: Deps;
  dir: string;
  dbPath: string;
  request(path: string, init?: RequestInit & { as?: Session }): Promise<Response>;
  json(path: string, method: string, body: unknown, as?: Session): Promise<Response>;
  register(username: string, options?: { admin?: boolean }): Promise<Session>;
  close(): void;
}

export interface Session {
  cookie: string;
  personId: string;
  username: string;
}

export function createTestBox(options: { demo?: boolean } = {}): TestBox {
  const dir = mkdtempSync(join(tmpdir(), 'copi-test-'));
  const dbPath = join(dir, 'copi.db');
  const db = openBoxDatabase(dbPath);
  const config = { ...readConfig({ COPI_DATA: dir }), publicUrl: 'http://box.test' };
  attachZoneDatabase(db);
  const deps: Deps = { db, config, box: loadBoxSettings(db), zones: openZoneDb(), live: new LiveNotifications() };
  seedTerritory(db);
  if (options.demo) seedDemoContent(deps);
  const app = createApp(deps, { dbPath });

  const request = (path: string, init: RequestInit & { as?: Session } = {}) => {
    const headers = new Headers(init.headers);
    if (init.as) headers.set('cookie', init.as.cookie);
    return Promise.resolve(app.request(path, { ...init, headers }));
  };
  const json = (path: string, method: string, body: unknown, as?: Session) =>
    request(path, { method, as, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  return {
    deps, dir, dbPath, request, json,
    async register(username, opts = {}) {
      const response = await json('/api/v1/auth/register', 'POST', { username, password: 'correct horse battery' });
      if (response.status !== 201) throw new Error(`register ${username}: ${response.status} ${await response.text()}`);
      const body = (await response.json()) as { personId: string };
      const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      if (opts.admin) db.prepare('UPDATE accounts SET is_box_admin = 1 WHERE person_id = ?').run(body.personId);
      return { cookie, personId: body.personId, username };
    },
    close() {
      db.close();
      deps.zones.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
