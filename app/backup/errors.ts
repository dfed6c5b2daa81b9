// What can go wrong with a backup or a restore, as data: a reason (its text lives in the i18n catalogs
// under backup.error.<reason>) and the values the text names. The English text is the error's message,
// for the log and the command line; pages show the visitor's language.
import { AppError, type ErrorCode } from '../core/errors.ts';
import { translator, type MessageKey } from '../core/i18n/index.ts';

export const backupReasons = {
  notSqlite: 'validation',
  corrupt: 'validation',
  notCopi: 'validation',
  tooNew: 'validation',
  noFile: 'validation',
  unknownBackup: 'validation',
  noSpace: 'conflict',
  readOnly: 'conflict',
  markerIsFile: 'conflict',
  busy: 'conflict',
  failed: 'conflict',
} as const satisfies Record<string, ErrorCode>;

export type BackupReason = keyof typeof backupReasons;
export type BackupParams = Record<string, string | number>;

export const reasonKey = (reason: BackupReason) => `backup.error.${reason}` as MessageKey;

export class BackupError extends AppError {
  readonly reason: BackupReason;
  readonly params: BackupParams;
  constructor(reason: BackupReason, params: BackupParams = {}) {
    super(backupReasons[reason], translator('en')(reasonKey(reason), params), 'file');
    this.reason = reason;
    this.params = params;
  }
}

/** A failure while writing a backup to `where`, named by what the owner can act on (a full or read-only disk). */
export function writeFailure(error: unknown, where: string): BackupError {
  if (error instanceof BackupError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return new BackupError('noSpace', { where });
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
    return new BackupError('readOnly', { where });
  }
  return new BackupError('failed', { detail: error instanceof Error ? error.message : String(error) });
}
