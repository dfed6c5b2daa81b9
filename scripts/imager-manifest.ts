// `npm run imager-manifest -- IMAGE --url URL [--icon URL] [--release-date YYYY-MM-DD] [--out FILE]`: a
// Raspberry Pi Imager repository (the os_list JSON of os_list_imagingutility_v4.json) for one built CoPi
// image (.img, .img.xz or .img.gz), so a tiers-lieu can add it to Imager with `rpi-imager --repo URL` or
// App Options → Content Repository. Sizes and sha256 are measured by streaming: images are gigabytes.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';

/** An expected failure (bad argument, unusable file): shown to the person as is, without a stack. */
export class ManifestError extends Error {}

// Tags Imager gives the 64-bit images each board runs; the Zero 2 W carries the Pi 3's tag. The Pi 2 is
// left out: Imager only tags it 32-bit.
export const deviceTags = ['pi5-64bit', 'pi4-64bit', 'pi3-64bit'] as const;
const iconBase = 'https://downloads.raspberrypi.com/imager/icons';
// Imager builds its "Choose device" filter from this block: `exclusive` lists only entries naming the tag.
const devices = [
  { name: 'Raspberry Pi 5', tags: ['pi5-64bit'], default: false, icon: `${iconBase}/RPi_5.png`, description: 'Raspberry Pi 5, 500 and Compute Module 5', matching_type: 'exclusive' },
  { name: 'Raspberry Pi 4', tags: ['pi4-64bit'], default: false, icon: `${iconBase}/RPi_4.png`, description: 'Raspberry Pi 4 Model B, 400 and Compute Module 4', matching_type: 'inclusive' },
  { name: 'Raspberry Pi Zero 2 W', tags: ['pi3-64bit'], default: false, icon: `${iconBase}/RPi_Zero_2_W.png`, description: 'Raspberry Pi Zero 2 W', matching_type: 'inclusive' },
  { name: 'Raspberry Pi 3', tags: ['pi3-64bit'], default: false, icon: `${iconBase}/RPi_3.png`, description: 'Raspberry Pi 3 Model A+ / B / B+', matching_type: 'inclusive' },
];

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lowercase hex digits');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD')
  .refine((date) => new Date(`${date}T00:00:00Z`).toISOString().startsWith(date), 'not a real calendar date');
const httpUrl = z.url({ protocol: /^https?$/ });

/** The fields Imager requires of a repository (doc/json-schema/os-list-schema.json) plus what CoPi relies on. */
export const imagerRepositorySchema = z.object({
  imager: z.object({
    devices: z.array(z.object({
      name: z.string().min(1), tags: z.array(z.string().min(1)).min(1), default: z.boolean(),
      icon: httpUrl, description: z.string(), matching_type: z.enum(['exclusive', 'inclusive']),
    })).min(1),
  }),
  os_list: z.array(z.object({
    name: z.string().min(1),
    description: z.string().min(1).max(120),
    icon: httpUrl,
    url: httpUrl,
    extract_size: z.number().int().positive(),
    extract_sha256: sha256,
    image_download_size: z.number().int().positive(),
    image_download_sha256: sha256,
    release_date: isoDate,
    devices: z.array(z.enum(deviceTags)).min(1),
    // `none`: CoPi reads no firstrun.sh nor cloud-init user-data; the box is set up from its own web page.
    init_format: z.literal('none'),
  })).length(1),
});
export type ImagerRepository = z.infer<typeof imagerRepositorySchema>;

export interface ManifestOptions { image: string; url: string; icon?: string | undefined; releaseDate?: string | undefined }

type Compression = 'xz' | 'gz' | 'none';
interface Measure { size: number; sha256: string; head: Buffer }

const signatures: Record<Exclude<Compression, 'none'>, { magic: Buffer; tool: string }> = {
  xz: { magic: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), tool: 'xz' },
  gz: { magic: Buffer.from([0x1f, 0x8b]), tool: 'gzip' },
};

function compressionOf(image: string): Compression {
  if (image.endsWith('.img.xz')) return 'xz';
  if (image.endsWith('.img.gz')) return 'gz';
  if (image.endsWith('.img')) return 'none';
  throw new ManifestError(`${image}: not a disk image name (expected .img, .img.xz or .img.gz)`);
}

function firstBytes(file: string, count: number): Buffer {
  const bytes = Buffer.alloc(count);
  const fd = openSync(file, 'r');
  try {
    return bytes.subarray(0, readSync(fd, bytes, 0, count, 0));
  } finally {
    closeSync(fd);
  }
}

/** Refuses what cannot be the published image before hashing gigabytes. */
function checkImageFile(image: string): Compression {
  const compression = compressionOf(image);
  if (!existsSync(image)) throw new ManifestError(`${image}: no such file`);
  const stats = statSync(image);
  if (!stats.isFile()) throw new ManifestError(`${image}: not a regular file`);
  if (stats.size === 0) throw new ManifestError(`${image}: the file is empty`);
  if (compression !== 'none') {
    const { magic, tool } = signatures[compression];
    if (!firstBytes(image, magic.length).equals(magic)) throw new ManifestError(`${image}: not ${tool}-compressed (wrong header)`);
  }
  return compression;
}

/** Size, sha256 and first sector of a stream, read once. */
function measure(stream: Readable): Promise<Measure> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      if (size < 512) head.push(chunk.subarray(0, 512 - size));
      size += chunk.length;
      hash.update(chunk);
    });
    stream.on('error', fail);
    stream.on('end', () => done({ size, sha256: hash.digest('hex'), head: Buffer.concat(head) }));
  });
}

/** Decompresses with the xz CLI (node has no xz); a corrupt or truncated file fails with xz's reason. */
async function measureXz(image: string): Promise<Measure> {
  const xz = spawn('xz', ['-dc', '--', image], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  xz.stderr.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
  const exited = new Promise<number | null>((done, fail) => { xz.on('error', fail); xz.on('close', done); });
  const [result, code] = await Promise.all([measure(xz.stdout), exited]);
  if (code !== 0) throw new ManifestError(`${image}: xz cannot decompress it (${stderr.trim().replace(/^xz: /, '') || `exit ${code}`})`);
  return result;
}

async function measureExtracted(image: string, compression: Compression): Promise<Measure> {
  if (compression === 'xz') return measureXz(image);
  if (compression === 'none') return measure(createReadStream(image));
  const gunzip = createGunzip();
  pipeline(createReadStream(image), gunzip, () => {}); // a read error reaches measure() through gunzip
  try {
    return await measure(gunzip);
  } catch (error) {
    throw new ManifestError(`${image}: gzip cannot decompress it (${(error as Error).message})`);
  }
}

/** The image's address: --url is the folder it is published in, or already the file's own address. */
export function imageUrl(folderOrFile: string, image: string): string {
  const file = basename(image);
  let url: URL;
  try {
    url = new URL(folderOrFile);
  } catch {
    throw new ManifestError(`--url: not a URL: ${folderOrFile}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ManifestError(`--url: Imager downloads over http(s), not ${url.protocol}`);
  if (url.pathname.endsWith(`/${encodeURIComponent(file)}`)) return url.href;
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return new URL(encodeURIComponent(file), url).href;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Measures the image and answers the repository, validated against what Imager requires. */
export async function buildImagerManifest(options: ManifestOptions): Promise<ImagerRepository> {
  const compression = checkImageFile(options.image);
  const url = imageUrl(options.url, options.image);
  const releaseDate = options.releaseDate ?? new Date().toISOString().slice(0, 10);
  if (!isoDate.safeParse(releaseDate).success) throw new ManifestError(`--release-date: expected YYYY-MM-DD, got ${releaseDate}`);
  const [download, extracted] = await Promise.all([measure(createReadStream(options.image)), measureExtracted(options.image, compression)]);
  // Every Pi image starts with an MBR; without its signature Imager would write something that never boots.
  if (extracted.head.length < 512 || extracted.head.readUInt16LE(510) !== 0xaa55) {
    throw new ManifestError(`${options.image}: not a disk image (no partition table in its first sector)`);
  }
  const repository = {
    imager: { devices },
    os_list: [{
      name: `CoPi ${packageVersion()}`,
      description: 'Communecter box for tiers-lieux: Wi-Fi portal, offline search, map, agenda',
      icon: options.icon ?? new URL('copi.png', url).href,
      url,
      extract_size: extracted.size,
      extract_sha256: extracted.sha256,
      image_download_size: download.size,
      image_download_sha256: download.sha256,
      release_date: releaseDate,
      devices: [...deviceTags],
      init_format: 'none' as const,
    }],
  };
  const checked = imagerRepositorySchema.safeParse(repository);
  if (!checked.success) throw new ManifestError(`the manifest does not satisfy Imager: ${z.prettifyError(checked.error)}`);
  return checked.data;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { url: { type: 'string' }, icon: { type: 'string' }, 'release-date': { type: 'string' }, out: { type: 'string' } },
  });
  if (positionals.length !== 1 || !values.url) {
    throw new ManifestError('usage: imager-manifest IMAGE.img[.xz|.gz] --url URL [--icon URL] [--release-date YYYY-MM-DD] [--out FILE]');
  }
  const image = resolve(positionals[0]!);
  const repository = await buildImagerManifest({ image, url: values.url, icon: values.icon, releaseDate: values['release-date'] });
  const out = resolve(values.out ?? join(dirname(image), 'os_list_copi.json'));
  writeFileSync(out, `${JSON.stringify(repository, null, 2)}\n`);
  const entry = repository.os_list[0]!;
  console.log(`${out}: ${entry.name}, ${entry.image_download_size} bytes to download, ${entry.extract_size} written`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    if (!(error instanceof ManifestError)) throw error;
    console.error(`imager-manifest: ${error.message}`);
    process.exitCode = 1;
  });
}
