// Restoring a backup. The file is checked on a private copy before anything is touched: a SQLite file,
// integrity_check ok, a CoPi database (application_id, else its tables), a schema not newer than this
// code. The copy is then migrated to this code's schema, the current database is backed up
// (pre-restore-…), and the copy is written *into* the open database with SQLite's backup API: the
// running box keeps its connection and sees the restored content at its next query, under
// SQLite's own locking — no file renamed under an open connection, no stale WAL, no restart.
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Db } from '../core/db/database.ts';
import { loadMigrations, migrate } from '../core/db/migrate.ts';
import { identityOf, startNewEpoch, takeIdentity } from '../box/settings.ts';
import { exclusive, keptPreRestore, removeDatabaseFiles, rotateBackups, writeBackup } from './backup.ts';
import { BackupError } from './errors.ts';
import { recordBackupRun } from './storage.ts';
import { copyMediaToBackup, restoreMedia } from './media.ts';

/** "CoPi" in ASCII, set by migration 0005. */
export const copiApplicationId = 0x436f5069;
/** Tables every CoPi database has had since its first schema: recognise one from before application_id. */
const foundationTables = ['box_settings', 'elements', 'links', 'accounts'];

export interface BackupFacts {
  schemaVersion: number;
  elements: number;
}

/** Opens `path` (a private copy: checking may write its journal) and says what is wrong with it, if anything. */
export function inspectBackup(path: string, knownVersion = loadMigrations().length): BackupFacts {
  if (!hasSqliteHeader(path)) throw new BackupError('notSqlite');
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (error) {
    throw asCorrupt(error);
  }
  try {
    const integrity = runSqlite(() => db.pragma('integrity_check') as { integrity_check: string }[]);
    if (integrity.length !== 1 || integrity[0].integrity_check !== 'ok') {
      throw new BackupError('corrupt', { detail: integrity.slice(0, 3).map((row) => row.integrity_check).join('; ') });
    }
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const tables = new Set((db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name));
    const hasFoundation = foundationTables.every((table) => tables.has(table));
    if (applicationId !== copiApplicationId && !(applicationId === 0 && hasFoundation)) throw new BackupError('notCopi');
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (schemaVersion > knownVersion) throw new BackupError('tooNew', { found: schemaVersion, known: knownVersion });
    if (schemaVersion < 1 || !hasFoundation) throw new BackupError('notCopi');
    const elements = (db.prepare('SELECT count(*) AS n FROM elements').get() as { n: number }).n;
    return { schemaVersion, elements };
  } finally {
    db.close();
  }
}

function hasSqliteHeader(path: string): boolean {
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, header, 0, 16, 0) === 16 && header.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

function runSqlite<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw asCorrupt(error);
  }
}

/** SQLite's own words for a damaged file (a truncated backup: "database disk image is malformed"). */
function asCorrupt(error: unknown): BackupError {
  if (error instanceof BackupError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB') return new BackupError('notSqlite');
  return new BackupError('corrupt', { detail: error instanceof Error ? error.message : String(error) });
}

export interface RestoreOptions {
  /** Where the pre-restore copy goes (the nightly backups' folder). */
  backupsDir: string;
  /** The box's media files: those the restored content names come back from the backup folders. */
  mediaDir: string;
  timeZone: string;
  now?: () => Date;
  /** What the log shows as the source (an uploaded file's name rather than its temporary path). */
  label?: string;
}

export interface Restored extends BackupFacts {
  /** The copy of the content that was replaced. */
  saved: string;
  /** Media files the restored content names that no backup folder held (an uploaded file brings none). */
  missingFiles: number;
}

/** Checks `source`, then replaces the content of the open database `db` with it. Refused: nothing changed. */
export async function restoreBackup(db: Db, source: string, options: RestoreOptions): Promise<Restored> {
  return exclusive(db, async () => {
    const now = options.now ?? (() => new Date());
    const startedAt = now().toISOString();
    const label = options.label ?? basename(source);
    const staged = join(options.backupsDir, `.restore-${randomBytes(6).toString('hex')}.db`);
    try {
      const facts = stage(db, source, staged);
      const saved = await writeBackup(db, options.backupsDir, { prefix: 'pre-restore', timeZone: options.timeZone, now: now() });
      rotateBackups(options.backupsDir, 'pre-restore', keptPreRestore, saved.name);
      await copyMediaToBackup(db, options.mediaDir, options.backupsDir);
      await copyInto(db, staged);
      const missingFiles = await restoreMedia(db, options.mediaDir, [dirname(source), options.backupsDir]);
      recordBackupRun(db, { kind: 'pre-restore', target: saved.path, startedAt, finishedAt: now().toISOString(), bytes: saved.bytes, error: null });
      recordBackupRun(db, { kind: 'restore', target: label, startedAt, finishedAt: now().toISOString(), bytes: statSync(staged).size, error: null });
      return { ...facts, saved: saved.name, missingFiles };
    } catch (error) {
      const failure = error instanceof BackupError ? error : new BackupError('failed', { detail: error instanceof Error ? error.message : String(error) });
      // A refused file changes nothing, not even the log; a restore that failed on the way is logged.
      if (failure.status !== 422) recordBackupRun(db, { kind: 'restore', target: label, startedAt, finishedAt: now().toISOString(), bytes: null, error: { reason: failure.reason, params: failure.params } });
      throw failure;
    } finally {
      removeDatabaseFiles(staged);
    }
  }, { wait: false });
}

/**
 * Writes the staged file over the open database's content. The copy holds the database's write lock from
 * its first step (0 pages) to its second (all the rest); a request writing in between would wait for that
 * lock on the event loop the copy needs, so for that moment the box's connection fails fast instead.
 */
async function copyInto(db: Db, staged: string): Promise<void> {
  const reader = new Database(staged, { readonly: true, fileMustExist: true });
  const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    await reader.backup(db.name, { progress: () => 0x7fffffff });
  } finally {
    db.pragma(`busy_timeout = ${busyTimeout}`);
    reader.close();
  }
}

/**
 * A restored box keeps its key but starts a new epoch, so its peers start it over instead of believing it
 * still holds what came after the backup (app/sync/PROTOCOL.md). A backup made before federation takes the
 * live box's identity.
 */
function keepIdentityNewEpoch(live: Db, copy: Db) {
  copy.transaction(() => {
    if (identityOf(copy)) startNewEpoch(copy);
    else takeIdentity(copy, identityOf(live)!);
  })();
}

/** A private copy of `source`, checked, then migrated to this code's schema with the live page size. */
function stage(live: Db, source: string, staged: string): BackupFacts {
  if (statSync(source).size < 100) throw new BackupError('notSqlite');
  mkdirSync(dirname(staged), { recursive: true });
  copyFileSync(source, staged);
  const facts = inspectBackup(staged);
  const copy = new Database(staged);
  try {
    migrate(copy);
    keepIdentityNewEpoch(live, copy);
    // The backup API writes into a WAL database only from a source with the same page size.
    const pageSize = live.pragma('page_size', { simple: true }) as number;
    copy.pragma('journal_mode = DELETE');
    if (copy.pragma('page_size', { simple: true }) !== pageSize) {
      copy.pragma(`page_size = ${pageSize}`);
      copy.exec('VACUUM');
    }
  } finally {
    copy.close();
  }
  return facts;
}
