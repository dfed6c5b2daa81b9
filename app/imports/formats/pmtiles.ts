// An offline basemap: a raster PMTiles archive (one file of map tiles). Staging checks its header and copies
// it into the data folder; the commit swaps it in as <dataDir>/basemap.pmtiles by renames (atomic on one
// file system), keeping the one it replaces aside; the undo swaps them back.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, promises as fs, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../core/errors.ts';
import { basemapPath, openArchive, type BasemapInfo } from '../../map/basemap.ts';
import type { FileCommitContext, FileFormat, FileStageContext } from '../model.ts';
import { formatBytes } from '../read/file.ts';

type DataConfig = FileStageContext['deps']['config'];

/** What the preview shows of the basemap, and what the commit checks it still has. */
interface StagedBasemap extends BasemapInfo {
  bytes: number;
  sha256: string;
}

/** What the undo needs: the basemap this import put in place (by inode) and where the one before went. */
interface KeptBasemap {
  installed: { ino: number; size: number };
  previous: string | null;
}

// Room left on the data partition after the copy: the database and the logs keep growing.
const spareBytes = 64 * 1024 * 1024;

const importsDir = (config: DataConfig) => join(config.dataDir, 'imports');
const stagedPath = (config: DataConfig, importId: string) => join(importsDir(config), `${importId}.pmtiles`);
const asidePath = (config: DataConfig, importId: string) => join(importsDir(config), `basemap-before-${importId}.pmtiles`);

export const pmtilesFormat: FileFormat = {
  kind: 'file',
  id: 'pmtiles',
  label: 'Offline basemap (raster PMTiles)',
  defaultSource: 'PMTiles basemap',
  defaultLicence: '',
  maxBytes: 64 * 1024 ** 3,
  recognizes: (name, head) => /\.pmtiles$/i.test(name) || head.startsWith('PMTiles\u0003'),
  stage: stageBasemap,
  commit: commitBasemap,
  undo: undoBasemap,
};

/** Staged copies of imports discarded or failed since (or cut by a stop mid-copy): their room is freed. */
async function removeAbandonedCopies(context: FileStageContext) {
  const statusOf = context.deps.db.prepare('SELECT status FROM imports WHERE id = ?').pluck();
  for (const file of await fs.readdir(importsDir(context.deps.config))) {
    const id = /^([0-9a-f-]{36})\.pmtiles(\.part)?$/.exec(file)?.[1];
    if (!id || id === context.importId) continue;
    const status = statusOf.get(id) as string | undefined;
    if (status !== 'staged' && status !== 'staging' && status !== 'committing') await fs.rm(join(importsDir(context.deps.config), file), { force: true });
  }
}

async function stageBasemap(context: FileStageContext): Promise<void> {
  const { config } = context.deps;
  const name = context.file.name;
  try {
    // The header is read where the file is, so a wrong file is refused before gigabytes are copied.
    await (await openArchive(context.file.path, name)).close();
    await fs.mkdir(importsDir(config), { recursive: true });
    await removeAbandonedCopies(context);
    await checkRoom(config, context.file.bytes, name);
  } catch (error) {
    context.stream.destroy();
    throw error;
  }
  const target = stagedPath(config, context.importId);
  const sha256 = await copyTo(context, target);
  let info: BasemapInfo;
  try {
    const copy = await openArchive(target, name);
    info = copy.info;
    await copy.close();
  } catch (error) {
    await fs.rm(target, { force: true });
    throw error;
  }
  const staged: StagedBasemap = { ...info, bytes: statSync(target).size, sha256 };
  const current = basemapPath(config);
  if (!existsSync(current)) return context.push({ key: 'basemap', action: 'new', payload: staged });
  if (statSync(current).size === staged.bytes && (await sha256Of(current)) === sha256) {
    await fs.rm(target, { force: true }); // nothing to swap in
    return context.push({ key: 'basemap', action: 'unchanged', payload: staged });
  }
  context.push({ key: 'basemap', action: 'update', payload: staged });
}

async function checkRoom(config: DataConfig, bytes: number, name: string) {
  const disk = await fs.statfs(importsDir(config));
  const free = disk.bavail * disk.bsize;
  if (free < bytes + spareBytes) {
    throw new AppError('payload_too_large', `${name} is ${formatBytes(bytes)} and the box has ${formatBytes(free)} free: make room or take a smaller area`);
  }
}

/** Copies the file's stream to `target` (hashing it on the way); a copy that fails leaves no file behind. */
async function copyTo(context: FileStageContext, target: string): Promise<string> {
  const partial = `${target}.part`;
  const hash = createHash('sha256');
  const hashing = new Transform({ transform(chunk: Buffer, _encoding, done) { hash.update(chunk); done(null, chunk); } });
  try {
    await pipeline(context.stream, hashing, createWriteStream(partial, { flags: 'wx', flush: true }));
    await fs.rename(partial, target);
  } catch (error) {
    await fs.rm(partial, { force: true });
    throw error;
  }
  return hash.digest('hex');
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function commitBasemap(context: FileCommitContext): void {
  const { config } = context.deps;
  const row = [...context.rows(['new', 'update'])][0];
  if (!row) return;
  const staged = stagedPath(config, context.importId);
  if (!existsSync(staged)) throw new AppError('conflict', 'The copy of this basemap made for the preview is gone: import the file again');
  const current = basemapPath(config);
  const previous = existsSync(current) ? asidePath(config, context.importId) : null;
  if (previous) renameSync(current, previous);
  try {
    renameSync(staged, current);
  } catch (error) {
    if (previous) renameSync(previous, current);
    throw error;
  }
  const installed = statSync(current);
  context.keepBefore(row.seq, null, { installed: { ino: installed.ino, size: installed.size }, previous } satisfies KeptBasemap);
}

function undoBasemap(context: FileCommitContext): void {
  const { config } = context.deps;
  const kept = [...context.kept()][0]?.before as KeptBasemap | undefined;
  if (!kept) return; // the same basemap as before: nothing was swapped
  const current = basemapPath(config);
  const now = existsSync(current) ? statSync(current) : null;
  if (!now || now.ino !== kept.installed.ino || now.size !== kept.installed.size) {
    throw new AppError('conflict', 'The basemap was replaced since this import: undo the later basemap import first');
  }
  if (kept.previous && !existsSync(kept.previous)) {
    throw new AppError('conflict', `The basemap this import replaced is no longer in ${importsDir(config)}: it cannot be put back`);
  }
  const removed = join(importsDir(config), `${context.importId}.undone.pmtiles`);
  renameSync(current, removed);
  if (kept.previous) renameSync(kept.previous, current);
  unlinkSync(removed);
}
