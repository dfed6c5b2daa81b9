// Opens the box's SQLite file with settings chosen for a Pi on an SD card.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate.ts';

export type Db = Database.Database;

export interface OpenOptions {
  cacheKiB?: number;
  readonly?: boolean;
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false });
  // busy_timeout first, so the pragmas below wait for a concurrent writer instead of failing.
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) db.pragma('journal_mode = WAL');
  // FULL: in WAL mode every commit syncs the WAL, so a power cut never loses a write a user
  // was told was saved. NORMAL would be faster but may roll back the last commits; writes on a
  // community box are few and human-paced, so durability wins.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  // Negative = KiB. The default is 16 MB per connection, too much for a 512 MB box.
  db.pragma(`cache_size = -${options.cacheKiB ?? 4096}`);
  db.pragma('mmap_size = 0');
  return db;
}

/** The database file of a box, migrated and ready. */
export function openBoxDatabase(path: string, options: OpenOptions = {}): Db {
  const db = openDatabase(path, options);
  migrate(db);
  return db;
}

/** Runs fn in one transaction: one logical write, all or nothing. */
export function transaction<T>(db: Db, fn: () => T): T {
  const lock = mainWriteLock(db);
  if (!lock) return db.transaction(fn).immediate();
  return db.transaction(() => {
    lock.run();
    return fn();
  }).deferred();
}

// BEGIN IMMEDIATE takes the write lock of every attached file, the shared zone database too: a long write
// (an import's commit) on one box would then stop every other box on the machine from writing. A write that
// changes nothing, first thing in a deferred transaction, takes the lock of the box's own file only, with
// the same wait for a busy writer.
const writeLocks = new WeakMap<Db, Database.Statement | null>();

function mainWriteLock(db: Db): Database.Statement | null {
  let lock = writeLocks.get(db);
  if (lock === undefined) {
    const hasSettings = db.prepare("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'box_settings'").get() !== undefined;
    lock = hasSettings ? db.prepare('UPDATE main.box_settings SET value = value WHERE 0') : null;
    writeLocks.set(db, lock);
  }
  return lock;
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement for this SQL, prepared once per connection. */
export function sql(db: Db, text: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = db.prepare(text)));
  return statement;
}
