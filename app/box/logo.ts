// The box's logo, shown in every page's header: a PNG or JPEG of at most 200 KB, decoded and re-encoded by
// the media pipeline (no metadata kept, resized), stored under COPI_DATA/box/ with its version in its name,
// and served at /box/logo?v=<version> so a browser keeps it until the next upload.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../core/errors.ts';
import { fieldError } from '../core/validation.ts';
import { transaction } from '../core/db/database.ts';
import { uuidv7 } from '../core/ids.ts';
import type { Config } from '../core/config.ts';
import type { Deps } from '../deps.ts';
import type { Viewer } from '../permissions/visibility.ts';
import { sniff } from '../media/detect.ts';
import { processImage } from '../media/image.ts';
import { saveBoxLogo, type BoxLogo } from './settings.ts';
import { boxAdminOnly } from './actions.ts';

export const maxLogoBytes = 200 * 1024;
/** A logo is small: its pixels are bounded well below the media library's limit. */
const maxLogoPixels = 16_000_000;

const logoDir = (config: Config) => join(config.dataDir, 'box');
export const logoFile = (config: Config, logo: BoxLogo) => join(logoDir(config), `logo-${logo.version}.${logo.mime === 'image/png' ? 'png' : 'jpg'}`);
export const logoUrl = (logo: BoxLogo) => `/box/logo?v=${logo.version}`;

// Whether each version's file is there, looked at once: a database restored without the logo's file (backups
// hold the database and the media libraries) must not leave a broken image in every header.
const present = new Map<string, boolean>();

/** The address of the box's logo for the header, or null when it has none (or its file is missing). */
export function shownLogoUrl(config: Config, logo: BoxLogo | null): string | null {
  if (!logo) return null;
  const file = logoFile(config, logo);
  if (!present.has(file)) present.set(file, existsSync(file));
  return present.get(file) ? logoUrl(logo) : null;
}

const notAnImage = () => new AppError('unsupported_media_type', 'The logo must be a PNG or JPEG image', 'logo');

/** Checks, converts and stores an uploaded logo, replacing the previous one. */
export async function saveLogo(deps: Deps, viewer: Viewer | null, upload: { bytes: Uint8Array } | null): Promise<BoxLogo> {
  boxAdminOnly(viewer);
  if (!upload || upload.bytes.length === 0) throw fieldError('logo', 'Choose a logo file');
  if (upload.bytes.length > maxLogoBytes) throw new AppError('payload_too_large', 'The logo is too large: at most 200 KB', 'logo');
  const sniffed = sniff(Buffer.from(upload.bytes.subarray(0, 1024)));
  if (sniffed.kind !== 'image' || (sniffed.format !== 'png' && sniffed.format !== 'jpeg')) throw notAnImage();

  const version = uuidv7().replaceAll('-', '');
  await mkdir(logoDir(deps.config), { recursive: true });
  const temp = join(logoDir(deps.config), `.upload-${version}`);
  await writeFile(temp, upload.bytes, { flag: 'wx' });
  let logo: BoxLogo;
  try {
    const image = await processImage(temp, maxLogoPixels);
    logo = { mime: image.mime === 'image/jpeg' ? 'image/jpeg' : 'image/png', version };
    await writeFile(logoFile(deps.config, logo), image.data, { flag: 'wx' });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw error.code === 'unsupported_media_type' ? notAnImage() : new AppError(error.code, error.message, 'logo');
  } finally {
    await rm(temp, { force: true });
  }
  return replaceLogo(deps, logo);
}

export async function removeLogo(deps: Deps, viewer: Viewer | null): Promise<void> {
  boxAdminOnly(viewer);
  await replaceLogo(deps, null);
}

/** Records the new logo, then removes the old file (never before: a failed write keeps the old logo). */
async function replaceLogo<T extends BoxLogo | null>(deps: Deps, logo: T): Promise<T> {
  const previous = deps.box.logo;
  try {
    transaction(deps.db, () => saveBoxLogo(deps.db, logo));
  } catch (error) {
    if (logo) await rm(logoFile(deps.config, logo), { force: true });
    throw error;
  }
  deps.box.logo = logo;
  if (previous && previous.version !== logo?.version) await rm(logoFile(deps.config, previous), { force: true });
  return logo;
}

/** The logo's bytes, or null when the box has none (or its file is gone). */
export async function readLogo(deps: Deps): Promise<{ logo: BoxLogo; bytes: Buffer } | null> {
  const logo = deps.box.logo;
  if (!logo) return null;
  try {
    return { logo, bytes: await readFile(logoFile(deps.config, logo)) };
  } catch {
    return null;
  }
}
