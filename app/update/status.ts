// The outcome of the last update, written by the root side to <data>/updates/status.json and shown on the
// admin page. Messages are English (the root side has no visitor); the page translates them.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const updatesDir = (dataDir: string) => join(dataDir, 'updates');
export const pendingFile = (dataDir: string) => join(updatesDir(dataDir), 'pending.copi-update');
const statusFile = (dataDir: string) => join(updatesDir(dataDir), 'status.json');

export const updateStatus = z.object({
  outcome: z.enum(['installed', 'rolled-back', 'refused']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  at: z.iso.datetime(),
  message: z.string(),
});
export type UpdateStatus = z.infer<typeof updateStatus>;

export function writeStatus(dataDir: string, status: UpdateStatus): void {
  mkdirSync(updatesDir(dataDir), { recursive: true });
  const temp = `${statusFile(dataDir)}.tmp`;
  // Written by root in the copi user's folder: a fresh file ('wx'), never through a link left there.
  rmSync(temp, { force: true });
  // 0644: read by the copi user's server.
  writeFileSync(temp, `${JSON.stringify(status, null, 2)}\n`, { mode: 0o644, flag: 'wx' });
  renameSync(temp, statusFile(dataDir));
}

/** The last outcome, or null when no update ran (or the file is not one the root side wrote). */
export function readStatus(dataDir: string): UpdateStatus | null {
  if (!existsSync(statusFile(dataDir))) return null;
  try {
    return updateStatus.parse(JSON.parse(readFileSync(statusFile(dataDir), 'utf8')));
  } catch {
    return null;
  }
}
