// JSON API of media libraries and useful links: /api/v1/elements/:id/media…, /api/v1/elements/:id/useful-links…
import { Hono } from 'hono';
import { AppError } from '../core/errors.ts';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { signedIn } from '../permissions/visibility.ts';
import {
  addUsefulLink, deleteMedia, deleteUsefulLink, listUsefulLinks, moveMedia, readLibrary, storageUsage, updateUsefulLink,
} from './actions.ts';
import { listQuerySchema, type MediaFile } from './model.ts';
import { checkCanUpload, mediaFileUrl, saveMediaFile, thumbnailUrl } from './store.ts';
import { readUpload } from './upload.ts';

/** A file as the API shows it: with the addresses of its bytes and thumbnail. */
export const fileJson = (file: MediaFile) => ({ ...file, url: mediaFileUrl(file), thumbnailUrl: file.kind === 'image' ? thumbnailUrl(file) : null });

export const nothingChosen = () => new AppError('validation', 'Choose a file to upload', 'file');

export interface UploadFilesOptions {
  /** Page forms: the CSRF token field, which must come before the files. */
  csrf?: string;
  /** The folder the files go to; by default the `folder` field sent before them. */
  folder?: (fields: Record<string, string>) => string;
  /** Refuse anything but images. */
  imagesOnly?: boolean;
  /** Checked before each file is read (a room's photo count), and told of each file saved. */
  beforeEach?: () => void;
  afterEach?: (file: MediaFile) => void;
}

/** Saves every file of a multipart request into an element's library; fields come before the files. */
export async function uploadFiles(deps: Deps, c: Ctx, elementId: string, options: UploadFilesOptions = {}): Promise<MediaFile[]> {
  const viewer = signedIn(c.get('viewer'));
  // Refused before a byte of the body is read.
  checkCanUpload(deps, viewer, elementId);
  const saved: MediaFile[] = [];
  await readUpload(c, deps.config, {
    csrf: options.csrf,
    onFile: async (fields, file) => {
      options.beforeEach?.();
      const folder = options.folder ? options.folder(fields) : fields.folder ?? '';
      const stored = await saveMediaFile(deps, viewer, { elementId, folder, name: file.name, source: file.stream, imagesOnly: options.imagesOnly });
      saved.push(stored);
      options.afterEach?.(stored);
    },
  });
  if (saved.length === 0) throw nothingChosen();
  return saved;
}

export function mediaApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  api.get('/elements/:id/media', (c) => {
    const { folder = '' } = parse(listQuerySchema, c.req.query(), c.get('locale'));
    const library = readLibrary(deps, c.get('viewer'), c.req.param('id'), folder);
    return c.json({ folder: library.folder, folders: library.folders, items: library.files.map(fileJson) });
  });

  api.post('/elements/:id/media', async (c) => c.json({ items: (await uploadFiles(deps, c, c.req.param('id'))).map(fileJson) }, 201));

  api.patch('/elements/:id/media/:fileId', async (c) =>
    c.json(fileJson(moveMedia(deps, c.get('viewer'), c.req.param('fileId'), await readJson(c), c.get('locale'), c.req.param('id')))));

  api.delete('/elements/:id/media/:fileId', (c) => {
    deleteMedia(deps, c.get('viewer'), c.req.param('fileId'), c.req.param('id'));
    return c.body(null, 204);
  });

  api.get('/media/usage', (c) => c.json(storageUsage(deps, c.get('viewer'))));

  api.get('/elements/:id/useful-links', (c) => c.json({ items: listUsefulLinks(deps, c.get('viewer'), c.req.param('id')) }));

  api.post('/elements/:id/useful-links', async (c) =>
    c.json(addUsefulLink(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale')), 201));

  api.patch('/elements/:id/useful-links/:linkId', async (c) =>
    c.json(updateUsefulLink(deps, c.get('viewer'), c.req.param('id'), c.req.param('linkId'), await readJson(c), c.get('locale'))));

  api.delete('/elements/:id/useful-links/:linkId', (c) => {
    deleteUsefulLink(deps, c.get('viewer'), c.req.param('id'), c.req.param('linkId'));
    return c.body(null, 204);
  });

  return api;
}
