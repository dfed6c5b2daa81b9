// Online backups on a real box: consistent under writes, checked, named, and rotated as promised.
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBoxDatabase } from '../core/db/database.ts';
import { withOffset } from '../core/time.ts';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { takeBackup } from './backup.ts';
import { backupsToKeep } from './rotation.ts';
import { latestBackupRuns } from './storage.ts';

// These boxes have no media library files: the folder need not exist.
const noMedia = '/nonexistent/copi-media';
const cleanups: (() => void)[] = [];
afterEach(() => { for (const cleanup of cleanups.splice(0)) cleanup(); });
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'copi-backup-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

const createElement = (box: TestBox, name: string, as: Awaited<ReturnType<TestBox['register']>>) =>
  box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name, communeInsee: '26114' }, as);

const idOf = async (response: Response) => ((await response.json()) as { id: string }).id;

describe('the online backup', () => {
  it('taken while writes go on, is whole, passes integrity_check and holds every write acknowledged before it began', async () => {
    const box = createTestBox({ demo: true });
    cleanups.push(() => box.close());
    const alice = await box.register('alice');
    const before: string[] = [];
    for (let i = 0; i < 20; i++) before.push(await idOf(await createElement(box, `Before ${i}`, alice)));

    let backingUp = true;
    const during: string[] = [];
    const writer = (async () => {
      for (let i = 0; backingUp; i++) {
        // Requests arrive from the network (a macrotask each); in-process ones would otherwise starve the copy.
        await new Promise((resolve) => setImmediate(resolve));
        const response = await createElement(box, `During ${i}`, alice);
        expect(response.status).toBe(201);
        during.push(await idOf(response));
      }
    })();
    const dir = tempDir();
    // One page per step: the copy spans hundreds of turns of the event loop, with requests served in between.
    const backup = await takeBackup(box.deps.db, { kind: 'manual', dir, mediaDir: box.deps.config.media.dir, timeZone: 'Europe/Paris', pagesPerStep: 1 });
    backingUp = false;
    await writer;
    expect(during.length).toBeGreaterThan(0);

    expect(backup.name).toMatch(/^copi-\d{8}-\d{6}\.db$/);
    expect(readdirSync(dir)).toEqual([backup.name]); // no temporary file left beside it
    const copy = new Database(backup.path, { readonly: true });
    cleanups.push(() => copy.close());
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete'); // one self-contained file
    const ids = new Set((copy.prepare('SELECT id FROM elements').all() as { id: string }[]).map((row) => row.id));
    expect(before.filter((id) => !ids.has(id))).toEqual([]);
    // A consistent state: every element has the search row its trigger wrote in the same transaction.
    const orphans = copy.prepare('SELECT count(*) AS n FROM elements WHERE rowid NOT IN (SELECT element_rowid FROM search_meta)').get() as { n: number };
    expect(orphans.n).toBe(0);
    expect(latestBackupRuns(box.deps.db)[0]).toMatchObject({ kind: 'manual', target: backup.path, bytes: backup.bytes, error: null });
  });
});

describe('rotation', () => {
  const paris = (local: string) => new Date(withOffset(local, 'Europe/Paris'));
  const nights = (from: string, count: number) => Array.from({ length: count }, (_, i) => {
    const day = new Date(Date.parse(`${from}T12:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
    return paris(`${day}T03:30`);
  });

  it('over a month of nightly backups keeps exactly the last 7 days and the 4 weeks before them', async () => {
    const db = openBoxDatabase(join(tempDir(), 'copi.db'));
    cleanups.push(() => db.close());
    const dir = tempDir();
    // Monday 3 March to Sunday 6 April 2025, across the switch to summer time on 30 March.
    for (const night of nights('2025-03-03', 35)) {
      await takeBackup(db, { kind: 'nightly', dir, mediaDir: noMedia, timeZone: 'Europe/Paris', now: () => night });
      expect(readdirSync(dir).length).toBeLessThanOrEqual(11);
    }
    expect(readdirSync(dir).sort()).toEqual([
      // The newest of each of the 4 weeks before the last 7 days (Sundays, and Sunday 30 March).
      'copi-20250309-033000.db', 'copi-20250316-033000.db', 'copi-20250323-033000.db', 'copi-20250330-033000.db',
      // The last 7 days.
      'copi-20250331-033000.db', 'copi-20250401-033000.db', 'copi-20250402-033000.db', 'copi-20250403-033000.db',
      'copi-20250404-033000.db', 'copi-20250405-033000.db', 'copi-20250406-033000.db',
    ]);
    expect(latestBackupRuns(db, 100).filter((run) => run.kind === 'nightly' && run.error === null)).toHaveLength(35);
  });

  it('keeps the newest backup of a day when there are several', () => {
    const keep = backupsToKeep(['copi-20250301-033000.db', 'copi-20250301-140000.db', 'copi-20250301-140000-2.db', 'copi-20250302-033000.db']);
    expect([...keep].sort()).toEqual(['copi-20250301-140000-2.db', 'copi-20250302-033000.db']);
  });

  it('counts days that have a backup, never age: a box switched off for months keeps its last backups', () => {
    const names = nights('2024-01-01', 40).map((night) => `copi-${night.toISOString().slice(0, 10).replaceAll('-', '')}-033000.db`);
    // Nothing here knows today's date: the last backups of a box off since February 2024 are all still there.
    expect(backupsToKeep(names).size).toBe(11);
    expect(backupsToKeep(names).has(names.at(-1)!)).toBe(true);
  });

  it('never deletes the backup just written, even when a clock set back names it the oldest', async () => {
    const db = openBoxDatabase(join(tempDir(), 'copi.db'));
    cleanups.push(() => db.close());
    const dir = tempDir();
    for (const night of nights('2025-03-01', 12)) await takeBackup(db, { kind: 'nightly', dir, mediaDir: noMedia, timeZone: 'Europe/Paris', now: () => night });
    const lost = await takeBackup(db, { kind: 'nightly', dir, mediaDir: noMedia, timeZone: 'Europe/Paris', now: () => new Date('1970-01-01T02:30:00Z') });
    expect(readdirSync(dir)).toContain(lost.name);
  });
});
