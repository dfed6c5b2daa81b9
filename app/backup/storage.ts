// The log of backups and restores (table backup_runs), shown on the admin page.
import { z } from 'zod';
import { sql, type Db } from '../core/db/database.ts';
import { uuidv7 } from '../core/ids.ts';
import { backupReasons, type BackupParams, type BackupReason } from './errors.ts';

export type RunKind = 'nightly' | 'manual' | 'usb' | 'pre-restore' | 'restore';

export interface BackupRun {
  kind: RunKind;
  target: string;
  startedAt: string;
  finishedAt: string;
  bytes: number | null;
  error: { reason: BackupReason; params: BackupParams } | null;
}

const storedError = z.object({
  reason: z.enum(Object.keys(backupReasons) as [BackupReason, ...BackupReason[]]),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export function recordBackupRun(db: Db, run: BackupRun): void {
  sql(db, `INSERT INTO backup_runs (id, kind, target, started_at, finished_at, bytes, ok, error)
           VALUES (:id, :kind, :target, :startedAt, :finishedAt, :bytes, :ok, :error)`).run({
    id: uuidv7(), kind: run.kind, target: run.target, startedAt: run.startedAt, finishedAt: run.finishedAt,
    bytes: run.bytes, ok: run.error ? 0 : 1, error: run.error ? JSON.stringify(run.error) : null,
  });
}

interface Row {
  kind: RunKind; target: string; started_at: string; finished_at: string; bytes: number | null; error: string | null;
}

export function latestBackupRuns(db: Db, limit = 20): BackupRun[] {
  const rows = sql(db, 'SELECT kind, target, started_at, finished_at, bytes, error FROM backup_runs ORDER BY started_at DESC, id DESC LIMIT ?')
    .all(limit) as Row[];
  return rows.map((row) => ({
    kind: row.kind, target: row.target, startedAt: row.started_at, finishedAt: row.finished_at, bytes: row.bytes,
    error: row.error === null ? null : parseStoredError(row.error),
  }));
}

/** A row written by another version may hold a reason this one does not know: shown as a plain failure. */
function parseStoredError(text: string): BackupRun['error'] {
  try {
    return storedError.parse(JSON.parse(text));
  } catch {
    return { reason: 'failed', params: { detail: text } };
  }
}
