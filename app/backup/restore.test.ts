// Restore on a real box: a good backup comes back (seen through the API), a bad file is refused with its
// reason and changes nothing; and the admin command line does the same.
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../core/db/migrate.ts';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { takeBackup } from './backup.ts';
import { BackupError } from './errors.ts';
import { copiApplicationId, restoreBackup } from './restore.ts';

let box: TestBox;
let alice: Session;
let files: string;
let good: string;
let keptId: string;
let laterId: string;

const createElement = async (name: string) => {
  const response = await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name, communeInsee: '26114' }, alice);
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
};
const backupsDir = () => box.deps.config.backup.dir;
const restore = (file: string) => restoreBackup(box.deps.db, file, { backupsDir: backupsDir(), mediaDir: box.deps.config.media.dir, timeZone: 'Europe/Paris' });

/** Everything a refused restore must leave as it was: the content, the log, the backups folder. */
const snapshot = () => ({
  elements: box.deps.db.prepare('SELECT id, name, version FROM elements ORDER BY id').all(),
  runs: box.deps.db.prepare('SELECT count(*) AS n FROM backup_runs').get(),
  backups: readdirSync(backupsDir()).sort(),
  schema: box.deps.db.pragma('user_version', { simple: true }),
});

/** A copy of the good backup, changed by `change`. */
function variant(name: string, change: (db: Database.Database) => void): string {
  const path = join(files, name);
  copyFileSync(good, path);
  const db = new Database(path);
  change(db);
  db.close();
  return path;
}

beforeAll(async () => {
  box = createTestBox({ demo: true });
  alice = await box.register('alice');
  files = mkdtempSync(join(tmpdir(), 'copi-restore-files-'));
  keptId = await createElement('Kept in the backup');
  good = (await takeBackup(box.deps.db, { kind: 'manual', dir: backupsDir(), mediaDir: box.deps.config.media.dir, timeZone: 'Europe/Paris' })).path;
  laterId = await createElement('Made after the backup');
});
afterAll(() => {
  box.close();
  rmSync(files, { recursive: true, force: true });
});

describe('a restore refuses, changing nothing,', () => {
  const refused = async (file: string, reason: string, message: RegExp) => {
    const before = snapshot();
    const error = await restore(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as BackupError).reason).toBe(reason);
    expect((error as BackupError).message).toMatch(message);
    expect(snapshot()).toEqual(before);
    expect((await box.request(`/api/v1/elements/${laterId}`, { as: alice })).status).toBe(200);
  };

  it('a random file', async () => {
    const path = join(files, 'random.db');
    writeFileSync(path, randomBytes(64 * 1024));
    await refused(path, 'notSqlite', /not a CoPi backup: it is not a SQLite database/);
  });

  it('a truncated backup', async () => {
    const whole = readFileSync(good);
    const path = join(files, 'truncated.db');
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length / 2)));
    await refused(path, 'corrupt', /damaged/);
  });

  it('a backup from a newer CoPi', async () => {
    const path = variant('newer.db', (db) => db.pragma('user_version = 999'));
    await refused(path, 'tooNew', new RegExp(`newer CoPi \\(schema version 999; this box knows up to ${loadMigrations().length}\\)`));
  });

  it('a SQLite database that is not a CoPi one', async () => {
    const path = join(files, 'notes.db');
    const other = new Database(path);
    other.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('shopping list')");
    other.close();
    await refused(path, 'notCopi', /not a CoPi database/);
  });

  it('a database of another application that has tables named like ours', async () => {
    const path = variant('impostor.db', (db) => db.pragma('application_id = 42'));
    await refused(path, 'notCopi', /not a CoPi database/);
  });
});

describe('a restore of a good backup', () => {
  it('saves the current content first, then brings the backup back, visible through the API', async () => {
    const result = await restore(good);
    expect(result.saved).toMatch(/^pre-restore-\d{8}-\d{6}\.db$/);
    expect((await box.request(`/api/v1/elements/${keptId}`, { as: alice })).status).toBe(200);
    expect((await box.request(`/api/v1/elements/${laterId}`, { as: alice })).status).toBe(404);
    // What was replaced is in the pre-restore copy.
    const saved = new Database(join(backupsDir(), result.saved), { readonly: true });
    expect(saved.prepare('SELECT name FROM elements WHERE id = ?').get(laterId)).toEqual({ name: 'Made after the backup' });
    saved.close();
    expect(box.deps.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const kinds = (box.deps.db.prepare('SELECT kind FROM backup_runs ORDER BY started_at DESC, id DESC LIMIT 2').all() as { kind: string }[]);
    expect(kinds.map((row) => row.kind).sort()).toEqual(['pre-restore', 'restore']);
  });

  it('from an older CoPi (schema version 4, before application_id) is upgraded by the migrations', async () => {
    const path = join(files, 'older.db');
    const old = new Database(path);
    migrate(old, loadMigrations().slice(0, 4));
    old.exec("INSERT INTO box_settings (key, value) VALUES ('box_id', 'old-box'), ('name', 'Old box'), ('sequence', '0')");
    old.close();
    const result = await restore(path);
    expect(result).toMatchObject({ schemaVersion: 4, elements: 0 });
    expect(box.deps.db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    expect(box.deps.db.pragma('application_id', { simple: true })).toBe(copiApplicationId);
    expect(box.deps.db.prepare("SELECT value FROM box_settings WHERE key = 'name'").get()).toEqual({ value: 'Old box' });
  });
});

describe('npm run admin -- backup | restore', () => {
  const admin = (data: string, ...args: string[]) =>
    promisify(execFile)(process.execPath, ['scripts/admin.ts', ...args], { env: { ...process.env, COPI_DATA: data, COPI_DEMO: '0' } })
      .then(({ stdout }) => ({ code: 0, out: stdout }), (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stdout + error.stderr }));

  it('backs up now, refuses a bad file with its reason, and restores a backup', async () => {
    const data = mkdtempSync(join(tmpdir(), 'copi-admin-'));
    try {
      const made = await admin(data, 'backup');
      expect(made).toMatchObject({ code: 0 });
      const [name] = readdirSync(join(data, 'backups'));
      expect(made.out).toContain(`Backup written: ${join(data, 'backups', name)}`);

      const notes = join(data, 'notes.txt');
      writeFileSync(notes, 'not a database at all, just some text that is long enough to look like a file'.repeat(4));
      expect(await admin(data, 'restore', notes)).toEqual({ code: 1, out: 'This file is not a CoPi backup: it is not a SQLite database.\n' });

      const restored = await admin(data, 'restore', join(data, 'backups', name));
      expect(restored.code).toBe(0);
      expect(restored.out).toMatch(/restored \(0 elements\)\. The previous content was saved as .*pre-restore-\d{8}-\d{6}\.db/);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
