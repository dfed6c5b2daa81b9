// Online backups with SQLite's backup API: pages are copied in steps while the box keeps serving (writes
// through the same connection are carried into the copy), into a hidden temporary name, checked, then
// renamed, so a file under a backup's name is always a whole, checked database. The media files it names
// go beside it (see media.ts).
import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../core/db/database.ts';
import { BackupError, writeFailure } from './errors.ts';
import { backupName, backupsToKeep, isBackupName, newest, nightlyPolicy, sortNewestFirst, type BackupPrefix, type RotationPolicy } from './rotation.ts';
import { recordBackupRun, type RunKind } from './storage.ts';
import { copyMediaToBackup, pruneBackupMedia } from './media.ts';

export interface WriteOptions {
  prefix?: BackupPrefix;
  timeZone: string;
  now?: Date;
  /** Pages copied per step; between steps the box serves requests. 100 pages = 400 KB. */
  pagesPerStep?: number;
  /** How the folder is named in errors (a stick's name rather than its mount path). */
  where?: string;
}

export interface WrittenBackup {
  path: string;
  name: string;
  bytes: number;
}

/** Copies the open database into `dir`; on any failure nothing is left under a backup's name. */
export async function writeBackup(db: Db, dir: string, options: WriteOptions): Promise<WrittenBackup> {
  const where = options.where ?? dir;
  let temp: string | null = null;
  try {
    mkdirSync(dir, { recursive: true });
    // Fails with EROFS on a read-only stick even for root, before anything is written.
    accessSync(dir, constants.W_OK);
    const name = backupName(options.prefix ?? 'copi', options.now ?? new Date(), options.timeZone, (candidate) => existsSync(join(dir, candidate)));
    temp = join(dir, `.${name}.tmp`);
    const pages = options.pagesPerStep ?? 100;
    await db.backup(temp, { progress: () => pages });
    checkCopy(temp);
    syncFile(temp);
    const path = join(dir, name);
    renameSync(temp, path);
    temp = null;
    syncFile(dir);
    return { path, name, bytes: statSync(path).size };
  } catch (error) {
    if (temp) removeDatabaseFiles(temp);
    throw writeFailure(error, where);
  }
}

/** integrity_check on the copy, then a plain rollback-journal file: one self-contained file that opens anywhere, even read-only. */
function checkCopy(path: string): void {
  const copy = new Database(path);
  try {
    const result = copy.pragma('integrity_check') as { integrity_check: string }[];
    if (result.length !== 1 || result[0].integrity_check !== 'ok') {
      throw new BackupError('corrupt', { detail: result.slice(0, 3).map((row) => row.integrity_check).join('; ') });
    }
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on a directory (EINVAL): the rename is then as durable as they allow.
  } finally {
    closeSync(fd);
  }
}

export function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/** Deletes the backups of `prefix` in `dir` that the policy does not keep; never `justWritten` (a clock set back would name it oldest). */
export function rotateBackups(dir: string, prefix: BackupPrefix, policy: RotationPolicy | number, justWritten?: string): string[] {
  const names = readdirSync(dir).filter((name) => isBackupName(name, prefix));
  const keep = typeof policy === 'number' ? newest(names, policy) : backupsToKeep(names, policy);
  const removed = names.filter((name) => !keep.has(name) && name !== justWritten);
  for (const name of removed) rmSync(join(dir, name), { force: true });
  return removed;
}

/** The copies made before restores: the last few are enough to undo a restore of the wrong file. */
export const keptPreRestore = 3;

const running = new WeakMap<Db, Promise<unknown>>();

/**
 * Runs one backup or restore at a time per database: a stick plugged during the nightly backup waits
 * for it; a second restore asked while one runs is refused.
 */
export async function exclusive<T>(db: Db, job: () => Promise<T>, options: { wait: boolean } = { wait: true }): Promise<T> {
  const current = running.get(db);
  if (current && !options.wait) throw new BackupError('busy');
  const next = (current ?? Promise.resolve()).catch(() => {}).then(job);
  running.set(db, next);
  try {
    return await next;
  } finally {
    if (running.get(db) === next) running.delete(db);
  }
}

/** Waits for the backup or restore in progress, if any (before the database is closed). */
export const idle = async (db: Db) => { await running.get(db)?.catch(() => {}); };

export interface TakeOptions {
  kind: RunKind;
  dir: string;
  /** The box's media files (config.media.dir): copied beside the database, in `<dir>/media`. */
  mediaDir: string;
  timeZone: string;
  now?: () => Date;
  pagesPerStep?: number;
  where?: string;
  /** What the log shows as the target: the path by default, a stick's name for sticks. */
  label?: (backup: WrittenBackup) => string;
}

/** A backup into `dir` with the nightly rotation, recorded in the log whatever happens. */
export async function takeBackup(db: Db, options: TakeOptions): Promise<WrittenBackup> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  try {
    const written = await writeBackup(db, options.dir, { timeZone: options.timeZone, now: now(), pagesPerStep: options.pagesPerStep, where: options.where });
    await withMedia(db, written, options);
    rotateBackups(options.dir, 'copi', nightlyPolicy, written.name);
    pruneBackupMedia(options.dir);
    recordBackupRun(db, { kind: options.kind, target: options.label?.(written) ?? written.path, startedAt, finishedAt: now().toISOString(), bytes: written.bytes, error: null });
    return written;
  } catch (error) {
    const failure = writeFailure(error, options.where ?? options.dir);
    if (db.open) {
      recordBackupRun(db, { kind: options.kind, target: options.where ?? options.dir, startedAt, finishedAt: now().toISOString(), bytes: null, error: { reason: failure.reason, params: failure.params } });
    }
    throw failure;
  }
}

/** The media files the new backup names; without them it is no backup: it goes, and the run fails. */
async function withMedia(db: Db, written: WrittenBackup, options: TakeOptions): Promise<void> {
  try {
    await copyMediaToBackup(db, options.mediaDir, options.dir);
  } catch (error) {
    removeDatabaseFiles(written.path);
    throw error;
  }
}

/** The backups in `dir` (nightly, on demand and pre-restore), newest first. */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return sortNewestFirst(readdirSync(dir));
}
