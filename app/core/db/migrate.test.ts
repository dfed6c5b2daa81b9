import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBoxDatabase, openDatabase } from './database.ts';
import { DatabaseTooNewError, loadMigrations, migrate } from './migrate.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'copi-migrate-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => { for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true }); });

describe('migrations', () => {
  it('bring a new database to the latest version, in WAL mode with durable commits', () => {
    const db = openBoxDatabase(join(tempDir(), 'copi.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuse a database written by a newer CoPi, and leave it untouched', () => {
    const path = join(tempDir(), 'copi.db');
    const future = openDatabase(path);
    future.pragma('user_version = 999');
    future.exec('CREATE TABLE from_the_future (x)');
    future.close();
    const before = readFileSync(path);
    expect(() => openBoxDatabase(path)).toThrow(DatabaseTooNewError);
    expect(() => openBoxDatabase(path)).toThrow(/newer CoPi/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('roll back a failing migration entirely, keeping the previous version', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations/0001_ok.sql'), 'CREATE TABLE a (x);');
    writeFileSync(join(dir, 'migrations/0002_broken.sql'), 'CREATE TABLE b (x); INSERT INTO nowhere VALUES (1);');
    const db = openDatabase(join(dir, 'test.db'));
    expect(() => migrate(db, loadMigrations(join(dir, 'migrations')))).toThrow(/nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    db.close();
  });

  it('keep the columns of tables that sync between boxes (they may only gain columns)', () => {
    const db = openBoxDatabase(':memory:');
    const columns = (table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns('elements')).toEqual(expect.arrayContaining([
      'id', 'type', 'kind', 'slug', 'name', 'short_description', 'description', 'tags', 'street', 'postal_code', 'commune_insee',
      'locality', 'country', 'lat', 'lon', 'visibility', 'contact_email', 'contact_phone', 'url', 'stage', 'starts_at', 'ends_at',
      'all_day', 'parent_id', 'created_by', 'is_demo', 'origin_box', 'origin_seq', 'version', 'created_at', 'updated_at', 'deleted_at',
    ]));
    expect(columns('links')).toEqual(expect.arrayContaining(['id', 'from_id', 'to_id', 'kind', 'status', 'is_admin', 'roles', 'invited_by', 'created_at', 'updated_at']));
    db.close();
  });
});
