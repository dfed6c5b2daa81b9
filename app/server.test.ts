// The real server over real HTTP: readiness, a clean stop, a restart on the same data.
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from './core/config.ts';
import { startBox } from './server.ts';

const dir = mkdtempSync(join(tmpdir(), 'copi-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = () => readConfig({ COPI_DATA: dir, PORT: '0', HOST: '127.0.0.1' });

describe('a box started from scratch', () => {
  it('seeds the demo territory, prints the setup code and link, answers /healthz and /readyz, and stops cleanly', async () => {
    const lines: string[] = [];
    const box = await startBox(config(), (line) => lines.push(line));
    expect(lines.join('\n')).toMatch(/setup code [2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\b/);
    expect(lines.join('\n')).toMatch(/\/setup\/[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\b/);
    expect((await fetch(`${box.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${box.url}/readyz`)).json()).toEqual({ status: 'ready' });
    const home = await fetch(`${box.url}/`, { headers: { 'accept-language': 'en' } });
    expect(await home.text()).toContain('CC Dieulefit-Bourdeaux');
    const setup = await fetch(box.setupUrl!);
    expect(setup.status).toBe(200);
    await box.close();
    // The WAL was checkpointed into the database file on stop.
    const wal = join(dir, 'copi.db-wal');
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
  });

  it('restarts on the same data without seeding again', async () => {
    const lines: string[] = [];
    const box = await startBox(config(), (line) => lines.push(line));
    expect(lines.join('\n')).not.toContain('Demo territory seeded');
    const count = (box.deps.db.prepare('SELECT count(*) AS n FROM elements').get() as { n: number }).n;
    expect(count).toBe(118); // 97 elements, 9 classified ads, 12 needs and offers
    await box.close();
  });

  it('serves the OpenAPI document of its API', async () => {
    const box = await startBox(config(), () => {});
    const doc = (await (await fetch(`${box.url}/api/v1/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/elements', '/api/v1/elements/{id}', '/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/export/me']) {
      expect(doc.paths).toHaveProperty([path]);
    }
    await box.close();
  });
});
