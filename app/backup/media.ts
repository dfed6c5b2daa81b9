// The media libraries' files in backups. A backup folder (the nightly one, a stick's copi-backup) holds a
// `media/` folder beside its .db files: files never change once uploaded and are named by their id, so each
// backup copies only the files it does not hold yet, and rotation removes those no kept backup names.
// A restore brings back the files the restored database names that the box no longer has.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../core/db/database.ts';
import { isBackupName } from './rotation.ts';

export const backupMediaFolder = 'media';

/** The stored names of a file: its bytes, and the thumbnail an image has. */
const storedNames = (id: string) => [id, `${id}.thumb`];

const mediaIdsOf = (db: Database.Database): string[] => {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'media_files'").get();
  return hasTable ? (db.prepare('SELECT id FROM media_files').all() as { id: string }[]).map((row) => row.id) : [];
};

/** Copies into `<backupDir>/media` every file of the box it lacks; returns how many were copied. */
export async function copyMediaToBackup(db: Db, mediaDir: string, backupDir: string): Promise<number> {
  const names = mediaIdsOf(db).flatMap(storedNames);
  if (names.length === 0) return 0;
  const target = join(backupDir, backupMediaFolder);
  mkdirSync(target, { recursive: true });
  const present = new Set(readdirSync(target));
  let copied = 0;
  for (const name of names) {
    if (present.has(name) || !existsSync(join(mediaDir, name))) continue;
    await copyAtomically(join(mediaDir, name), join(target, name));
    copied++;
  }
  return copied;
}

/** Removes from `<backupDir>/media` the files that none of the backups left in the folder names. */
export function pruneBackupMedia(backupDir: string): number {
  const folder = join(backupDir, backupMediaFolder);
  if (!existsSync(folder)) return 0;
  const named = new Set<string>();
  for (const backup of readdirSync(backupDir).filter((name) => isBackupName(name))) {
    const copy = new Database(join(backupDir, backup), { readonly: true, fileMustExist: true });
    try {
      for (const id of mediaIdsOf(copy)) for (const name of storedNames(id)) named.add(name);
    } finally {
      copy.close();
    }
  }
  let removed = 0;
  for (const name of readdirSync(folder)) {
    if (named.has(name)) continue;
    rmSync(join(folder, name), { force: true });
    removed++;
  }
  return removed;
}

/**
 * After a restore: copies into `mediaDir` the files the restored database names and the box lacks, from
 * the first of `sources` (backup folders) holding each. Returns how many files stay missing.
 */
export async function restoreMedia(db: Db, mediaDir: string, sources: string[]): Promise<number> {
  mkdirSync(mediaDir, { recursive: true });
  const folders = sources.map((dir) => join(dir, backupMediaFolder)).filter((dir) => existsSync(dir));
  let missing = 0;
  for (const id of mediaIdsOf(db)) {
    for (const name of storedNames(id)) {
      if (existsSync(join(mediaDir, name))) continue;
      const from = folders.map((folder) => join(folder, name)).find((path) => existsSync(path));
      if (from) await copyAtomically(from, join(mediaDir, name));
      else if (name === id) missing++;
    }
  }
  return missing;
}

// A file under its final name is always whole: a stick pulled out mid-copy leaves only a hidden temp file.
async function copyAtomically(from: string, to: string): Promise<void> {
  const temp = join(to, '..', `.${randomBytes(6).toString('hex')}.part`);
  try {
    await copyFile(from, temp);
    await rename(temp, to);
  } finally {
    await rm(temp, { force: true });
  }
}
