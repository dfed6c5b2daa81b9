// Files to import from USB sticks (mounted by the appliance under COPI_USB_DIR, one folder each, see
// app/backup/usb.ts): every regular file of the stick's `copi/` folder and its sub-folders (two levels),
// with the format it looks like and what the manifest says of it; and, for any other file, a browser of
// the stick's folders. Links are never followed: they are listed as refused.
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { join, posix } from 'node:path';
import { AppError } from '../core/errors.ts';
import { findStick, listSticks, type Stick } from '../backup/usb.ts';
import type { FormatId } from './model.ts';
import { manifestEntryOf, readManifest, type ManifestEntry } from './manifest.ts';
import { recognizeFile } from './recognize.ts';

/** The folder of a stick holding files to import (and, in reports/, the reports written back). */
export const importFolder = 'copi';
export const reportsFolder = 'reports';
const maxDepth = 2;
const maxEntries = 500;

export interface StickFile {
  stick: string;
  /** Path from the stick's root, with "/" (copi/rna.csv). */
  path: string;
  bytes: number;
  format: FormatId | null;
  /** Why it cannot be imported (a link, a device...); null when it can. */
  refused: string | null;
  manifest: ManifestEntry | null;
}

export interface StickImports {
  stick: string;
  files: StickFile[];
  /** The manifest could not be read, or an entry of it: said on the page. */
  warnings: string[];
}

/** The files of each mounted stick's copi/ folder. A stick without one is listed with no files. */
export function importableFiles(usbDir: string): StickImports[] {
  return listSticks(usbDir).map((stick) => filesOfStick(stick));
}

function filesOfStick(stick: Stick): StickImports {
  const folder = join(stick.path, importFolder);
  if (!isPlainFolder(folder)) return { stick: stick.name, files: [], warnings: [] };
  const manifest = readManifest(folder);
  const files: StickFile[] = [];
  const walk = (relative: string, depth: number) => {
    for (const name of safeReaddir(join(folder, relative)).sort()) {
      if (files.length >= maxEntries) return;
      if (name.startsWith('.')) continue;
      const inCopi = relative ? `${relative}/${name}` : name;
      if (depth === 0 && (name === 'manifest.json' || name === 'manifest.csv' || name === reportsFolder)) continue;
      const stats = safeLstat(join(folder, inCopi));
      if (!stats) continue;
      if (stats.isDirectory()) {
        if (depth < maxDepth) walk(inCopi, depth + 1);
        continue;
      }
      files.push(describe(stick, `${importFolder}/${inCopi}`, stats, manifestEntryOf(manifest, inCopi)));
    }
  };
  walk('', 0);
  return { stick: stick.name, files, warnings: manifest.warnings };
}

function describe(stick: Stick, path: string, stats: Stats, manifest: ManifestEntry | null): StickFile {
  const refused = refusal(stats);
  const format = refused ? null : ((manifest?.format as FormatId | undefined) ?? recognizeFile(join(stick.path, path), posix.basename(path)));
  return { stick: stick.name, path, bytes: stats.size, format, refused, manifest };
}

const refusal = (stats: Stats) =>
  stats.isSymbolicLink() ? 'A link to another file: copy the file itself onto the stick'
    : stats.isFile() ? null : 'Not a regular file';

export interface StickEntry {
  name: string;
  /** Path from the stick's root, with "/". */
  path: string;
  kind: 'folder' | 'file' | 'link' | 'other';
  bytes: number;
  format: FormatId | null;
}

/** One folder of a stick, for the admin to pick any file of it. Never leaves the stick. */
export function browseStick(usbDir: string, stickName: string, folder: string): { stick: string; folder: string; entries: StickEntry[] } {
  const stick = findStick(usbDir, stickName);
  if (!stick) throw new AppError('not_found', `No USB stick named "${stickName}" is plugged in`, 'stick');
  const relative = safeRelative(folder);
  const absolute = relative ? join(stick.path, relative) : stick.path;
  if (relative) {
    if (!isPlainFolder(absolute)) throw new AppError('not_found', `${stick.name}/${relative} is not a folder of the stick`, 'path');
  }
  const entries: StickEntry[] = [];
  for (const name of safeReaddir(absolute).sort().slice(0, maxEntries)) {
    if (name.startsWith('.')) continue;
    const path = relative ? `${relative}/${name}` : name;
    const stats = safeLstat(join(stick.path, path));
    if (!stats) continue;
    const kind = stats.isSymbolicLink() ? 'link' : stats.isDirectory() ? 'folder' : stats.isFile() ? 'file' : 'other';
    entries.push({ name, path, kind, bytes: stats.size, format: kind === 'file' ? recognizeFile(join(stick.path, path), name) : null });
  }
  entries.sort((a, b) => Number(b.kind === 'folder') - Number(a.kind === 'folder'));
  return { stick: stick.name, folder: relative, entries };
}

export interface StickPick {
  stick: Stick;
  /** Path from the stick's root. */
  path: string;
  absolute: string;
  /** The import's file name: the stick and the path on it. */
  fileName: string;
  manifest: ManifestEntry | null;
}

/** A file named by its stick and path, checked to be inside the stick; its manifest entry when in copi/. */
export function pickStickFile(usbDir: string, stickName: string, path: string): StickPick {
  const stick = findStick(usbDir, stickName);
  if (!stick) throw new AppError('not_found', `No USB stick named "${stickName}" is plugged in`, 'stick');
  const relative = safeRelative(path);
  if (!relative) throw new AppError('validation', 'Choose a file on the stick', 'path');
  // Every folder on the way must be a folder, not a link out of the stick.
  const parts = relative.split('/');
  for (let i = 1; i < parts.length; i++) {
    const stats = safeLstat(join(stick.path, ...parts.slice(0, i)));
    if (!stats?.isDirectory()) throw new AppError('bad_request', `${stick.name}/${parts.slice(0, i).join('/')} is not a folder of the stick (a link?)`, 'path');
  }
  const inCopi = relative.startsWith(`${importFolder}/`) ? relative.slice(importFolder.length + 1) : null;
  const manifest = inCopi && isPlainFolder(join(stick.path, importFolder)) ? manifestEntryOf(readManifest(join(stick.path, importFolder)), inCopi) : null;
  return { stick, path: relative, absolute: join(stick.path, relative), fileName: `${stick.name}/${relative}`, manifest };
}

/** The stick an import came from (its file name starts with the stick's folder name). */
export const stickOfImport = (fileName: string) => fileName.split('/')[0];

/** A path on a stick as the browser sends it: relative, "/"-separated, no "..", no empty or hidden part. */
function safeRelative(path: string): string {
  const trimmed = path.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  const parts = trimmed.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..' || part.includes('\0'))) {
    throw new AppError('bad_request', `"${path}" is not a path on the stick`, 'path');
  }
  return parts.join('/');
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return []; // pulled out while we looked
  }
}

function safeLstat(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

const isPlainFolder = (path: string) => safeLstat(path)?.isDirectory() ?? false;
