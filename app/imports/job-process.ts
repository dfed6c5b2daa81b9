// The import job: one staging, commit or undo run in a process of its own, with its own connections to the
// box's database and the zone database. better-sqlite3 is synchronous, so a 100,000-row commit run in the
// server would stop every page for its length; here the server keeps answering (WAL lets its reads go on)
// while this process writes. A process rather than a thread: its heap gets its own V8 flags (the server's
// 2 MB young generation tripled the garbage collection of a large import), and all its memory goes back
// to the system when it ends. Started by jobs.ts for one task, it posts progress and ends.
import { readFileSync } from 'node:fs';
import { openBoxDatabase, sql, type Db } from '../core/db/database.ts';
import { AppError, type ErrorCode } from '../core/errors.ts';
import type { Config } from '../core/config.ts';
import { loadBoxSettings } from '../box/settings.ts';
import { attachTimeFloor } from '../setup/clock.ts';
import { attachZoneDatabase } from '../zones/communes.ts';
import { openZoneDb } from '../zones/zone-db.ts';
import { loadFormat } from './formats/load.ts';
import { importCacheKiB, type ImportOptions, type ImportSummary } from './model.ts';
import type { ImportFile } from './read/file.ts';
import type { ImportDeps } from './stage.ts';
import { findImport } from './storage.ts';

export type ImportTask =
  | {
    kind: 'stage'; file: ImportFile; formatId: string; origin: ImportSummary['origin']; source?: string; licence?: string;
    publishedOn?: string | null; options?: ImportOptions; createdBy: string | null;
  }
  | { kind: 'commit'; importId: string }
  | { kind: 'undo'; importId: string };

export type JobStep = 'reading' | 'committing' | 'undoing';

export type JobMessage =
  | { type: 'started'; importId: string }
  | { type: 'progress'; importId: string; step: JobStep; fraction: number }
  | { type: 'done'; summary: ImportSummary; peakRssMiB?: number }
  | { type: 'error'; code: ErrorCode | null; message: string; field?: string };

export interface JobInput {
  dbPath: string;
  config: Config;
  task: ImportTask;
}

/** Progress is posted when it moved by a percent at least: a 1 GB file read in 256 KB chunks would post 4,000 times. */
function throttled(post: (fraction: number) => void) {
  let last = -1;
  return (fraction: number) => {
    if (fraction - last < 0.01 && fraction < 1) return;
    last = fraction;
    post(fraction);
  };
}

/**
 * Runs the task and hands its result to `done` as soon as it is durable. A commit or an undo is one
 * transaction, whose pages SQLite copies from the WAL into the database file after it (the checkpoint:
 * 0.6 s of a 100,000-row commit here, seconds on an SD card); that copy waits until the box has the result.
 */
async function run(input: JobInput, post: (message: JobMessage) => void, done: (summary: ImportSummary) => Promise<void>): Promise<void> {
  const db = openBoxDatabase(input.dbPath, { cacheKiB: Math.max(input.config.cacheKiB, importCacheKiB) });
  const detachTimeFloor = attachTimeFloor(db);
  attachZoneDatabase(db);
  const zones = openZoneDb();
  const deps: ImportDeps = { db, zones, config: input.config, box: loadBoxSettings(db) };
  const oneTransaction = input.task.kind !== 'stage';
  if (oneTransaction) db.pragma('wal_autocheckpoint = 0');
  try {
    const summary = await runTask(deps, input.task, post);
    if (summary.origin === 'usb') (await import('./report.ts')).writeStickReport(deps, summary);
    await done(findImport(db, summary.id) ?? summary);
    if (oneTransaction) db.pragma('wal_checkpoint(PASSIVE)');
  } finally {
    detachTimeFloor();
    db.close();
    zones.close();
  }
}

// Each task loads only its own modules (and its format's): a process's start is part of every job's time.
async function runTask(deps: ImportDeps, task: ImportTask, post: (message: JobMessage) => void): Promise<ImportSummary> {
  if (task.kind === 'stage') {
    let importId: string | null = null;
    const progress = throttled((fraction) => post({ type: 'progress', importId: importId!, step: 'reading', fraction }));
    const { stageImport } = await import('./stage.ts');
    return stageImport(deps, {
      file: task.file, format: await loadFormat(task.formatId), origin: task.origin, source: task.source, licence: task.licence,
      publishedOn: task.publishedOn, options: task.options, createdBy: task.createdBy,
    }, (fraction) => {
      // stageImport makes the import's row before it reads a byte: the first progress names it.
      importId ??= newestImportOf(deps.db);
      if (importId !== null) progress(fraction);
    });
  }
  const step: JobStep = task.kind === 'commit' ? 'committing' : 'undoing';
  post({ type: 'progress', importId: task.importId, step, fraction: 0 });
  if (task.kind === 'undo') return (await import('./undo.ts')).undoImport(deps, task.importId);
  const { commitImport } = await import('./commit.ts');
  return commitImport(deps, task.importId, throttled((fraction) => post({ type: 'progress', importId: task.importId, step, fraction })));
}

/**
 * The import this connection made last. imports is a rowid table and import_rows is not, so the rows
 * staged since do not move last_insert_rowid; the connection is this process's own, so no one else's insert counts.
 */
function newestImportOf(db: Db): string | null {
  const row = sql(db, "SELECT id FROM imports WHERE rowid = last_insert_rowid() AND status = 'staging'").get() as { id: string } | undefined;
  return row?.id ?? null;
}

/**
 * This process's peak RSS: VmHWM (Linux), not getrusage's maxRSS, which a forked child inherits from its
 * parent's size at the fork.
 */
function peakRssMiB(): number {
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return hwm ? Number(hwm) / 1024 : process.resourceUsage().maxRSS / 1024;
}

if (process.send && process.argv[1] === import.meta.filename) {
  let finished = false;
  const post = (message: JobMessage, then?: () => void) => process.send!(message, undefined, undefined, then);
  let announced = false;
  const report = (message: JobMessage) => {
    if (message.type === 'progress' && !announced) {
      announced = true;
      post({ type: 'started', importId: message.importId });
    }
    post(message);
  };
  // The result is posted before the job's last tidying (see run): the box may start the next job meanwhile.
  const send = (message: JobMessage) => new Promise<void>((resolve) => {
    finished = true;
    post(message, () => resolve());
  });
  const leave = () => { if (process.connected) process.disconnect(); };
  // The box is gone (killed): no one waits for this job any more. A commit under way is one synchronous
  // transaction, so it ends first, whole.
  process.on('disconnect', () => { if (!finished) process.exit(1); });
  process.once('message', (input: JobInput) => {
    run(input, report, (summary) => send({ type: 'done', summary, peakRssMiB: peakRssMiB() })).then(leave, (error: unknown) => {
      if (finished) {
        console.error('Import job failed after its result:', error);
        return leave();
      }
      if (!(error instanceof AppError)) console.error('Import job failed:', error);
      send({
        type: 'error', code: error instanceof AppError ? error.code : null, message: (error as Error).message ?? String(error),
        ...(error instanceof AppError && error.field ? { field: error.field } : {}),
      }).then(leave);
    });
  });
}
