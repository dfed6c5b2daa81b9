// USB sticks: the appliance mounts each one in a folder under COPI_USB_DIR (/media/copi/<label>).
// Backups go into a `copi-backup` folder at the stick's root; a stick that already has that folder gets a
// backup automatically each time it is plugged in.
//
// New sticks are found by polling the mount folder every few seconds (one readdir) rather than with
// fs.watch: mounting a stick on an existing folder changes nothing inotify reports, and an automounter
// that creates the folder first would be seen before the stick is actually mounted there.
import { existsSync, lstatSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../core/db/database.ts';
import { exclusive, takeBackup, type WrittenBackup } from './backup.ts';
import { BackupError, writeFailure } from './errors.ts';
import { isBackupName } from './rotation.ts';
import { recordBackupRun } from './storage.ts';

export const markerName = 'copi-backup';

export interface Stick {
  /** The folder's name under the mount folder (the stick's label, usually). */
  name: string;
  path: string;
  /** Has a copi-backup folder (or a file in the way of one) at its root. */
  marked: boolean;
  /** Same mount (device and root inode) across polls: a stick plugged again gets a new backup. */
  identity: string;
}

/** The sticks mounted now; none when the mount folder does not exist (a box without the automount). */
export function listSticks(usbDir: string): Stick[] {
  if (!existsSync(usbDir)) return [];
  const sticks: Stick[] = [];
  for (const entry of readdirSync(usbDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(usbDir, entry.name);
    try {
      const root = statSync(path);
      sticks.push({ name: entry.name, path, marked: existsSync(join(path, markerName)), identity: `${entry.name}:${root.dev}:${root.ino}` });
    } catch {
      // Pulled out while we looked: it is gone.
    }
  }
  return sticks;
}

export const findStick = (usbDir: string, name: string) => listSticks(usbDir).find((stick) => stick.name === name) ?? null;

/** The backups already on a stick, newest first. */
export function backupsOnStick(stick: Stick): string[] {
  const dir = join(stick.path, markerName);
  if (!isFolder(dir)) return [];
  return readdirSync(dir).filter((name) => isBackupName(name, 'copi')).sort().reverse();
}

const isFolder = (path: string) => {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
};

const readme = `This folder holds backups of a CoPi box (copi-YYYYMMDD-HHMMSS.db, one SQLite file each, box time).

While this folder exists, the box writes a new backup here each time this stick is plugged into it,
and keeps the last 7 daily and 4 weekly ones. Delete the folder to stop.

To restore one: on the box's admin page, Backups, pick it from this stick (or upload the file), or on
the box: npm run admin -- restore /media/copi/<stick>/copi-backup/copi-….db
The box checks the file first and saves its current content before replacing anything.
`;

export interface StickOptions {
  timeZone: string;
  /** The box's media files, copied beside the backups on the stick. */
  mediaDir: string;
  now?: () => Date;
  kind?: 'usb' | 'manual';
}

/** A backup on a stick, in its copi-backup folder (made when missing), with a README, rotated like the nightly ones. */
export async function backupToStick(db: Db, stick: Stick, options: StickOptions): Promise<WrittenBackup> {
  const dir = join(stick.path, markerName);
  const where = stick.name;
  if (existsSync(dir) && !isFolder(dir)) {
    const failure = new BackupError('markerIsFile', { where });
    const at = (options.now ?? (() => new Date()))().toISOString();
    recordBackupRun(db, { kind: options.kind ?? 'usb', target: where, startedAt: at, finishedAt: at, bytes: null, error: { reason: failure.reason, params: failure.params } });
    throw failure;
  }
  return exclusive(db, () => takeBackup(db, {
    kind: options.kind ?? 'usb', dir, mediaDir: options.mediaDir, timeZone: options.timeZone, now: options.now, where,
    label: (backup) => `${stick.name}/${markerName}/${backup.name}`,
  }).then((backup) => {
    writeReadme(dir);
    return backup;
  }));
}

/** Best effort: the backup itself is what matters, and it is already whole and checked. */
function writeReadme(dir: string): void {
  const path = join(dir, 'README.txt');
  if (existsSync(path)) return;
  try {
    writeFileSync(`${path}.tmp`, readme);
    renameSync(`${path}.tmp`, path);
  } catch {
    // A stick just filled by the backup: the README can wait for the next one.
  }
}

export interface StickWatcher {
  /** One look at the mount folder: backs up to each marked stick not seen at the previous look. */
  poll(): Promise<void>;
  stop(): void;
}

export function watchSticks(db: Db, options: StickOptions & { usbDir: string; intervalMs?: number; log?: (line: string) => void }): StickWatcher {
  const log = options.log ?? console.log;
  let seen = new Set<string>();
  let polling: Promise<void> | null = null;

  async function pollOnce(): Promise<void> {
    const sticks = listSticks(options.usbDir);
    const fresh = sticks.filter((stick) => !seen.has(stick.identity));
    // Every stick present counts as seen, marked or not: the admin page's button creating the folder on
    // an unmarked stick does not also trigger an automatic backup.
    seen = new Set(sticks.map((stick) => stick.identity));
    for (const stick of fresh.filter((s) => s.marked)) {
      try {
        const backup = await backupToStick(db, stick, options);
        log(`Backup written to USB stick ${stick.name}: ${backup.name} (${backup.bytes} bytes)`);
      } catch (error) {
        log(`Backup to USB stick ${stick.name} failed: ${writeFailure(error, stick.name).message}`);
      }
    }
  }

  const poll = () => (polling ??= pollOnce().finally(() => { polling = null; }));
  const timer = setInterval(() => { if (db.open) void poll(); }, options.intervalMs ?? 5000);
  timer.unref();
  return { poll, stop: () => clearInterval(timer) };
}
