// USB sticks: a temp folder stands for the mount folder, folders in it for sticks; full and read-only
// sticks are real tmpfs mounts where this machine allows mounting (root in a container usually does).
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openBoxDatabase, type Db } from '../core/db/database.ts';
import { latestBackupRuns } from './storage.ts';
import { listSticks, watchSticks, type StickWatcher } from './usb.ts';

// This box has no media library files: the folder need not exist.
const noMedia = '/nonexistent/copi-media';
let root: string;
let usbDir: string;
let db: Db;
let lines: string[];
let watcher: StickWatcher;
const mounted: string[] = [];

const mount = (args: string[]) => execFileSync('mount', args, { stdio: 'ignore' });
const canMount = (() => {
  const probe = mkdtempSync(join(tmpdir(), 'copi-mount-probe-'));
  try {
    mount(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
    execFileSync('umount', [probe]);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'copi-usb-'));
  usbDir = join(root, 'media');
  mkdirSync(usbDir);
  db = openBoxDatabase(join(root, 'copi.db'));
  db.exec("INSERT INTO box_settings (key, value) VALUES ('name', 'Stick test')");
  lines = [];
  watcher = watchSticks(db, { usbDir, mediaDir: noMedia, timeZone: 'Europe/Paris', log: (line) => lines.push(line), intervalMs: 60_000 });
});
afterAll(() => {
  watcher.stop();
  for (const path of mounted) execFileSync('umount', [path]);
  db.close();
  rmSync(root, { recursive: true, force: true });
});

/** A stick as the automount leaves it: a folder under the mount folder, with or without the marker. */
function plug(name: string, options: { marker?: 'folder' | 'file' } = {}): string {
  const path = join(usbDir, name);
  mkdirSync(path);
  writeFileSync(join(path, 'holiday.jpg'), 'photos');
  if (options.marker === 'folder') mkdirSync(join(path, 'copi-backup'));
  if (options.marker === 'file') writeFileSync(join(path, 'copi-backup'), '');
  return path;
}

const backupsIn = (path: string) => readdirSync(path).filter((name) => name.endsWith('.db'));

describe('USB sticks', () => {
  it('a stick with a copi-backup folder gets a whole, checked backup and a README as soon as it is seen', async () => {
    const stick = plug('MARKED', { marker: 'folder' });
    await watcher.poll();
    const [name] = backupsIn(join(stick, 'copi-backup'));
    expect(name).toMatch(/^copi-\d{8}-\d{6}\.db$/);
    const copy = new Database(join(stick, 'copi-backup', name), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    expect(readFileSync(join(stick, 'copi-backup', 'README.txt'), 'utf8')).toContain('npm run admin -- restore');
    expect(lines.at(-1)).toMatch(/Backup written to USB stick MARKED: copi-/);
    expect(latestBackupRuns(db)[0]).toMatchObject({ kind: 'usb', target: `MARKED/copi-backup/${name}`, error: null });
  });

  it('a stick stays backed up once: the next looks change nothing until it is plugged again', async () => {
    const folder = join(usbDir, 'MARKED', 'copi-backup');
    await watcher.poll();
    expect(backupsIn(folder)).toHaveLength(1);
    rmSync(join(usbDir, 'MARKED'), { recursive: true });
    await watcher.poll(); // pulled out
    plug('MARKED', { marker: 'folder' });
    await watcher.poll(); // plugged again
    expect(backupsIn(folder)).toHaveLength(1); // the stick (here a new folder) got its new backup
    expect(lines.filter((line) => line.includes('Backup written to USB stick MARKED'))).toHaveLength(2);
  });

  it('a stick without the marker gets nothing', async () => {
    const stick = plug('PHOTOS');
    await watcher.poll();
    expect(readdirSync(stick)).toEqual(['holiday.jpg']);
    expect(listSticks(usbDir).find((s) => s.name === 'PHOTOS')).toMatchObject({ marked: false });
  });

  it('is found by the watch itself within a few polls', async () => {
    const quick = watchSticks(db, { usbDir, mediaDir: noMedia, timeZone: 'Europe/Paris', log: () => {}, intervalMs: 20 });
    try {
      await quick.poll(); // what is already there
      const stick = plug('LATE', { marker: 'folder' });
      await vi.waitFor(() => expect(backupsIn(join(stick, 'copi-backup'))).toHaveLength(1), { timeout: 5000 });
    } finally {
      quick.stop();
      rmSync(join(usbDir, 'LATE'), { recursive: true, force: true });
      await watcher.poll(); // the other watcher sees it gone
    }
  });

  it('a file named copi-backup where the folder should be gives a clear error, logged and recorded, and no file', async () => {
    const stick = plug('FILEMARK', { marker: 'file' });
    await watcher.poll();
    expect(readdirSync(stick).sort()).toEqual(['copi-backup', 'holiday.jpg']);
    expect(lines.at(-1)).toBe('Backup to USB stick FILEMARK failed: On FILEMARK, copi-backup is a file: CoPi writes its backups into a folder of that name. Rename the file, then try again.');
    expect(latestBackupRuns(db)[0]).toMatchObject({ kind: 'usb', target: 'FILEMARK', bytes: null, error: { reason: 'markerIsFile' } });
  });

  it.skipIf(!canMount)('a full stick gives a clear error and leaves no partial file', async () => {
    const stick = join(usbDir, 'FULL');
    mkdirSync(stick);
    mount(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', stick]);
    mounted.push(stick);
    mkdirSync(join(stick, 'copi-backup'));
    await watcher.poll();
    expect(readdirSync(join(stick, 'copi-backup'))).toEqual([]);
    expect(lines.at(-1)).toBe('Backup to USB stick FULL failed: Not enough free space on FULL: no backup was written.');
    expect(latestBackupRuns(db)[0]).toMatchObject({ kind: 'usb', bytes: null, error: { reason: 'noSpace', params: { where: 'FULL' } } });
  });

  it.skipIf(!canMount)('a read-only stick gives a clear error and is left as it was', async () => {
    const stick = join(usbDir, 'LOCKED');
    mkdirSync(stick);
    mount(['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', stick]);
    mounted.push(stick);
    mkdirSync(join(stick, 'copi-backup'));
    mount(['-o', 'remount,ro', stick]);
    await watcher.poll();
    expect(readdirSync(join(stick, 'copi-backup'))).toEqual([]);
    expect(lines.at(-1)).toBe('Backup to USB stick LOCKED failed: LOCKED is read-only: no backup was written.');
  });

  it('on a box without the mount folder, does nothing', async () => {
    const elsewhere = watchSticks(db, { usbDir: join(root, 'no-such-folder'), mediaDir: noMedia, timeZone: 'Europe/Paris', log: (line) => lines.push(line) });
    const before = lines.length;
    await elsewhere.poll();
    elsewhere.stop();
    expect(lines.length).toBe(before);
    expect(existsSync(join(root, 'no-such-folder'))).toBe(false);
  });
});
