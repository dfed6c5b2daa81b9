// Saving a file into an element's media library, with every check: who may add it, its size against the
// file's limit and the box's quota (counted while it streams), its type from its content, images re-encoded.
// The bytes go to a temporary file in the media folder first and become `<id>` only once all is checked;
// on any failure nothing is left behind. Other concepts (posts, rooms) save their images through here.
import { createHash } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../core/config.ts';
import { transaction, type Db } from '../core/db/database.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { uuidv7 } from '../core/ids.ts';
import type { Deps } from '../deps.ts';
import { findElement } from '../elements/storage.ts';
import { accessTo, signedIn, type Viewer } from '../permissions/visibility.ts';
import { pdfType, textType, typeRefused, type DocumentType } from './detect.ts';
import { storageFull, UploadGuard } from './guard.ts';
import { processImage } from './image.ts';
import { cleanFileName, cleanFolder, type MediaFile } from './model.ts';
import { deleteMediaOfElement, findMediaFile as findMediaRow, insertMediaFile, usedBytes, type NewMediaFile } from './storage.ts';
import { zipDocumentType } from './zip.ts';

export type { MediaFile } from './model.ts';

export interface SaveMediaInput {
  elementId: string;
  /** Folder path ('' or absent: the root); cleaned like a typed one. */
  folder?: string;
  /** The name the file came with; only its stem is kept, the extension follows the real type. */
  name: string;
  source: Readable | Buffer;
  /** Refuse anything but an image (JPEG, PNG, WebP, GIF). */
  imagesOnly?: boolean;
}

/** Free disk space kept for the database and the system, whatever the quota says. */
const diskMargin = 64 * 1024 * 1024;

/** Where a file's bytes and its thumbnail live: named by id only, never by a name a visitor chose. */
export const mediaPath = (config: Config, id: string) => join(config.media.dir, id);
export const thumbnailPath = (config: Config, id: string) => join(config.media.dir, `${id}.thumb`);

export const mediaFileUrl = (file: Pick<MediaFile, 'id' | 'name'>) => `/media/${file.id}/${encodeURIComponent(file.name)}`;
export const thumbnailUrl = (file: Pick<MediaFile, 'id'>) => `/media/${file.id}/thumb`;

/** A file by id (no permission check: see `readMediaFile` in ./actions.ts for one). */
export const findMediaFile = (db: Db, id: string): MediaFile | null => findMediaRow(db, id);

/** The element's admins and members may add files to its library. */
export function checkCanUpload(deps: Deps, viewer: Viewer, elementId: string) {
  const access = accessTo(deps.db, viewer, elementId);
  if (!findElement(deps.db, elementId) || !access.canSee) throw notFound('Element');
  if (!access.isMember) throw forbidden('Only the members of this element can add files to it');
}

/**
 * Checks and stores one file, then records it. Throws an AppError naming what is wrong (too large, storage
 * full, type refused, unreadable image, not allowed); the source is then left partly read.
 */
export async function saveMediaFile(deps: Deps, viewer: Viewer | null, input: SaveMediaInput): Promise<MediaFile> {
  const person = signedIn(viewer);
  checkCanUpload(deps, person, input.elementId);
  const { media } = deps.config;
  const used = usedBytes(deps.db);
  if (used >= media.quota) throw storageFull(used, media.quota);
  await mkdir(media.dir, { recursive: true });
  await sweepStaleUploads(media.dir);
  await checkDiskSpace(media.dir, media.imageLimit);

  const id = uuidv7();
  const temp = join(media.dir, `.upload-${id}`);
  const written = [temp];
  try {
    const guard = new UploadGuard({ image: media.imageLimit, document: media.documentLimit, used, quota: media.quota, imagesOnly: input.imagesOnly });
    const source = Buffer.isBuffer(input.source) ? Readable.from([input.source]) : input.source;
    await pipeline(source, guard, createWriteStream(temp, { flags: 'wx' }));
    const sniffed = guard.sniffed!;
    let file: NewMediaFile;
    if (sniffed.kind === 'image') {
      const image = await processImage(temp, media.maxPixels);
      written.push(mediaPath(deps.config, id), thumbnailPath(deps.config, id));
      await writeFile(mediaPath(deps.config, id), image.data, { flag: 'wx' });
      await writeFile(thumbnailPath(deps.config, id), image.thumbnail, { flag: 'wx' });
      await rm(temp, { force: true });
      file = {
        id, elementId: input.elementId, folder: cleanFolder(input.folder ?? ''), name: cleanFileName(input.name, image.extension),
        mime: image.mime, kind: 'image', bytes: image.data.length, width: image.width, height: image.height,
        sha256: sha256Of(image.data), uploadedBy: person.personId,
      };
    } else {
      const type = await documentType(sniffed.kind, temp);
      written.push(mediaPath(deps.config, id));
      await rename(temp, mediaPath(deps.config, id));
      file = {
        id, elementId: input.elementId, folder: cleanFolder(input.folder ?? ''), name: cleanFileName(input.name, type.extension),
        mime: type.mime, kind: 'document', bytes: guard.bytes, width: null, height: null, sha256: guard.sha256(), uploadedBy: person.personId,
      };
    }
    // Checked again with the stored size, and written under the write lock: two uploads cannot both slip under the quota.
    transaction(deps.db, () => {
      checkCanUpload(deps, person, input.elementId);
      const usedNow = usedBytes(deps.db);
      if (usedNow + file.bytes > media.quota) throw storageFull(usedNow, media.quota);
      insertMediaFile(deps.db, file);
    });
    return findMediaRow(deps.db, id)!;
  } catch (error) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw error;
  }
}

async function documentType(kind: string, path: string): Promise<DocumentType> {
  if (kind === 'pdf') return pdfType;
  if (kind === 'text') return textType;
  if (kind === 'zip') {
    const type = await zipDocumentType(path);
    if (type) return type;
  }
  throw typeRefused();
}

const sha256Of = (data: Buffer) => createHash('sha256').update(data).digest('hex');

let swept = false;

/** Temporary files a power cut left mid-upload: removed once per run, when older than an hour. */
async function sweepStaleUploads(dir: string) {
  if (swept) return;
  swept = true;
  const names = (await readdir(dir)).filter((name) => name.startsWith('.upload-'));
  for (const name of names) {
    const found = await stat(join(dir, name)).catch(() => null);
    if (found && Date.now() - found.mtimeMs > 3600_000) await rm(join(dir, name), { force: true });
  }
}

async function checkDiskSpace(dir: string, upTo: number) {
  const disk = await statfs(dir);
  if (disk.bavail * disk.bsize < upTo + diskMargin) throw new AppError('payload_too_large', 'The disk of the box is almost full: no file can be added', 'file');
}

/** Removes the bytes of deleted files (after the transaction that deleted their rows committed). */
export function removeMediaBytes(config: Config, ids: string[]) {
  for (const id of ids) {
    rmSync(mediaPath(config, id), { force: true });
    rmSync(thumbnailPath(config, id), { force: true });
  }
}

/**
 * For `deleteElement` (elements are tombstoned, so no cascade fires): deletes the element's files and useful
 * links inside its transaction; call `removeMediaBytes` with the ids once it committed.
 */
export const deleteElementMedia = (db: Db, elementId: string): string[] => deleteMediaOfElement(db, elementId);
