// Kill -9 during writes, again and again: after each kill the database file is intact and every write the
// API acknowledged (HTTP 201) is there. SIGKILL ends the process at any instruction but keeps the
// kernel's page cache, so this proves the app's side of durability (one transaction per write, answered
// only after COMMIT, WAL recovery on the next open); synchronous=FULL is what carries it through a real
// power cut, which only a Pi on a switched plug can show.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnBox, waitUntilServing, type BoxProcess } from './testing/processes.ts';

const rounds = 16;
const writers = 4;
const dir = mkdtempSync(join(tmpdir(), 'copi-power-cut-'));
const dataDir = join(dir, 'data');
const dbPath = join(dataDir, 'copi.db');
let running: BoxProcess | null = null;
afterAll(() => {
  running?.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Creates elements one after another until the process dies; returns the ids the API acknowledged. */
async function writeUntilKilled(box: BoxProcess, cookie: string, round: number, writer: number, acknowledged: string[]): Promise<void> {
  for (let n = 0; ; n++) {
    const response = await fetch(`${box.url}/api/v1/elements`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ type: 'project', name: `Coupure ${round}.${writer}.${n}`, communeInsee: '26114' }),
    }).catch(() => null);
    if (!response) return;
    if (response.status !== 201) throw new Error(`write refused: ${response.status} ${await response.text()}`);
    const body = await response.json().catch(() => null) as { id: string } | null;
    if (!body) return;
    acknowledged.push(body.id);
  }
}

function checkDatabase(acknowledged: string[]): { integrity: string; foreignKeyErrors: number; missing: string[] } {
  const db = new Database(dbPath);
  try {
    const integrity = (db.pragma('integrity_check', { simple: true }) as string);
    const foreignKeyErrors = (db.pragma('foreign_key_check') as unknown[]).length;
    const present = db.prepare('SELECT 1 FROM elements WHERE id = ?');
    return { integrity, foreignKeyErrors, missing: acknowledged.filter((id) => !present.get(id)) };
  } finally {
    db.close();
  }
}

describe('power cuts', () => {
  it(`keeps every acknowledged write and an intact file through ${rounds} kill -9 during writes`, async () => {
    const acknowledged: string[] = [];
    let cookie = '';
    for (let round = 0; round < rounds; round++) {
      const box = (running = await spawnBox(dataDir));
      await waitUntilServing(box);
      if (round === 0) {
        const registered = await fetch(`${box.url}/api/v1/auth/register`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'coupure', password: 'correct horse battery' }),
        });
        expect(registered.status).toBe(201);
        cookie = registered.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      }
      const before = acknowledged.length;
      let failure: unknown = null;
      const writing = Promise.all(Array.from({ length: writers }, (_, writer) => writeUntilKilled(box, cookie, round, writer, acknowledged)))
        .catch((error: unknown) => { failure = error; });
      // Kill after a varying number of acknowledgements, while the writers have requests in flight.
      const target = before + 3 + ((round * 7) % 13);
      while (acknowledged.length < target && !failure) await new Promise((resolve) => setTimeout(resolve, 2));
      box.child.kill('SIGKILL');
      expect(await box.exited).toBe('SIGKILL');
      await writing;
      if (failure) throw failure;

      const check = checkDatabase(acknowledged);
      expect(check, `after kill ${round + 1}`).toEqual({ integrity: 'ok', foreignKeyErrors: 0, missing: [] });
    }
    running = null;
    expect(acknowledged.length).toBeGreaterThanOrEqual(rounds * 3);
  }, 90_000);
});
