// Images are never stored as uploaded: decoded (refused past a pixel count, so a small file claiming a huge
// size cannot eat the memory), turned upright from their EXIF orientation, resized, and re-encoded without
// any metadata (no GPS position, no camera serial), plus a small JPEG thumbnail for lists.
// One image at a time, with libvips on one thread and no cache: the box has 512 MB. sharp (and libvips with
// it) is loaded on the first image, not when the server starts.
import type { Metadata } from 'sharp';
import { AppError } from '../core/errors.ts';
import { imageSide, thumbnailSide } from './model.ts';

export interface ProcessedImage {
  data: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
  mime: string;
  extension: string;
}

type Sharp = typeof import('sharp').default;
let loaded: Promise<Sharp> | null = null;
let queue: Promise<unknown> = Promise.resolve();

function loadSharp(): Promise<Sharp> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    sharp.concurrency(1);
    sharp.cache(false);
    return sharp;
  });
  return loaded;
}

/** Runs one image job after the others: never two decodes at once. */
function oneAtATime<T>(job: (sharp: Sharp) => Promise<T>): Promise<T> {
  const run = async () => job(await loadSharp());
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

export const tooManyPixels = (maxPixels: number) =>
  new AppError('payload_too_large', `This image is too large: at most ${Math.floor(maxPixels / 1_000_000)} megapixels`, 'file');

const unreadable = () => new AppError('unsupported_media_type', 'This image could not be read', 'file');

/** libvips refuses an image past the pixel limit as soon as it reads its header. */
const refusal = (error: unknown, maxPixels: number) =>
  error instanceof Error && /pixel limit/i.test(error.message) ? tooManyPixels(maxPixels) : unreadable();

/** The image in the file at `path`, made safe to serve; `maxPixels` bounds width × height (× frames). */
export function processImage(path: string, maxPixels: number): Promise<ProcessedImage> {
  return oneAtATime(async (sharp) => {
    const input = () => sharp(path, { limitInputPixels: maxPixels, sequentialRead: true });
    let metadata: Metadata;
    try {
      metadata = await input().metadata();
    } catch (error) {
      throw refusal(error, maxPixels);
    }
    if (!metadata.width || !metadata.height || !['jpeg', 'png', 'webp', 'gif'].includes(metadata.format ?? '')) throw unreadable();
    if (metadata.width * metadata.height > maxPixels) throw tooManyPixels(maxPixels);
    try {
      const resized = input().rotate().resize({ width: imageSide, height: imageSide, fit: 'inside', withoutEnlargement: true });
      // A GIF keeps its first frame, as a PNG: animations are not kept.
      const encoded = metadata.format === 'jpeg' ? resized.jpeg({ quality: 82 })
        : metadata.format === 'webp' ? resized.webp({ quality: 82 })
        : resized.png({ compressionLevel: 9 });
      const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
      const thumbnail = await sharp(data).resize({ width: thumbnailSide, height: thumbnailSide, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' }).jpeg({ quality: 75 }).toBuffer();
      const format = metadata.format === 'jpeg' ? 'jpeg' : metadata.format === 'webp' ? 'webp' : 'png';
      return { data, thumbnail, width: info.width, height: info.height, mime: `image/${format}`, extension: format === 'jpeg' ? 'jpg' : format };
    } catch (error) {
      throw refusal(error, maxPixels);
    }
  });
}
