import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagerRepositorySchema } from './imager-manifest.ts';

const script = join(import.meta.dirname, 'imager-manifest.ts');
const version = (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let dir: string;
let raw: Buffer;

/** A 4 MB "disk": an MBR signature, then varied bytes so the xz file is smaller but not trivially so. */
function fakeImage(): Buffer {
  const image = Buffer.alloc(4 * 1024 * 1024);
  image.writeUInt16LE(0xaa55, 510);
  for (let offset = 1024; offset < image.length; offset += 7) image[offset] = (offset * 31) & 0xff;
  return image;
}

function runScript(...args: string[]) {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'copi-imager-'));
  raw = fakeImage();
  writeFileSync(join(dir, 'copi-0.1.0.img'), raw);
  execFileSync('xz', ['-k', '-1', '-T1', join(dir, 'copi-0.1.0.img')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('imager-manifest', () => {
  it('describes an .img.xz with the sizes and sha256 Imager checks, beside the image by default', () => {
    const image = join(dir, 'copi-0.1.0.img.xz');
    const run = runScript(image, '--url', 'https://images.example.org/copi/0.1.0', '--release-date', '2026-11-30');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const repository = JSON.parse(readFileSync(join(dir, 'os_list_copi.json'), 'utf8')) as unknown;
    expect(imagerRepositorySchema.safeParse(repository).success).toBe(true);
    const xz = readFileSync(image);
    expect(repository).toEqual({
      imager: { devices: expect.arrayContaining([expect.objectContaining({ name: 'Raspberry Pi Zero 2 W', tags: ['pi3-64bit'] })]) },
      os_list: [{
        name: `CoPi ${version}`,
        description: 'Communecter box for tiers-lieux: Wi-Fi portal, offline search, map, agenda',
        icon: 'https://images.example.org/copi/0.1.0/copi.png',
        url: 'https://images.example.org/copi/0.1.0/copi-0.1.0.img.xz',
        extract_size: raw.length,
        extract_sha256: sha256(raw),
        image_download_size: statSync(image).size,
        image_download_sha256: sha256(xz),
        release_date: '2026-11-30',
        devices: ['pi5-64bit', 'pi4-64bit', 'pi3-64bit'],
        init_format: 'none',
      }],
    });
    expect(xz.length).toBeLessThan(raw.length);
  });

  it('takes a gzip image, an icon, an output path and a URL already naming the file', () => {
    const image = join(dir, 'box.img.gz');
    const gz = gzipSync(raw);
    writeFileSync(image, gz);
    const out = join(dir, 'gz.json');
    const url = 'https://images.example.org/box.img.gz';
    const run = runScript(image, '--url', url, '--icon', 'https://images.example.org/copi.png', '--out', out);
    expect(run.code).toBe(0);
    const entry = (JSON.parse(readFileSync(out, 'utf8')) as { os_list: Record<string, unknown>[] }).os_list[0];
    expect(entry).toMatchObject({
      url, icon: 'https://images.example.org/copi.png',
      extract_size: raw.length, extract_sha256: sha256(raw), image_download_size: gz.length, image_download_sha256: sha256(gz),
    });
    expect(entry!.release_date).toBe(new Date().toISOString().slice(0, 10));
  });

  it('gives an uncompressed .img the same size and sha256 for download and extract', () => {
    const out = join(dir, 'raw.json');
    expect(runScript(join(dir, 'copi-0.1.0.img'), '--url', 'http://box.local/images/', '--out', out).code).toBe(0);
    const entry = (JSON.parse(readFileSync(out, 'utf8')) as { os_list: Record<string, unknown>[] }).os_list[0];
    expect(entry).toMatchObject({
      url: 'http://box.local/images/copi-0.1.0.img',
      extract_size: raw.length, image_download_size: raw.length, extract_sha256: sha256(raw), image_download_sha256: sha256(raw),
    });
  });

  it('refuses a missing file, naming it', () => {
    const missing = join(dir, 'nowhere.img.xz');
    const run = runScript(missing, '--url', 'https://images.example.org/');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`imager-manifest: ${missing}: no such file\n`);
  });

  it('refuses an .xz that is not xz, naming it, and writes nothing', () => {
    const fake = join(dir, 'fake.img.xz');
    writeFileSync(fake, raw);
    const out = join(dir, 'fake.json');
    const run = runScript(fake, '--url', 'https://images.example.org/', '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`imager-manifest: ${fake}: not xz-compressed (wrong header)\n`);
    expect(() => statSync(out)).toThrow();
  });

  it('refuses a truncated .xz or .gz with the decompressor\'s reason', () => {
    const truncated = join(dir, 'cut.img.xz');
    const xz = readFileSync(join(dir, 'copi-0.1.0.img.xz'));
    writeFileSync(truncated, xz.subarray(0, xz.length - 100));
    const run = runScript(truncated, '--url', 'https://images.example.org/', '--out', join(dir, 'cut.json'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^imager-manifest: ${truncated}: xz cannot decompress it \\(.+\\)\\n$`));
    const cutGz = join(dir, 'cut.img.gz');
    writeFileSync(cutGz, gzipSync(raw).subarray(0, 5000));
    const gz = runScript(cutGz, '--url', 'https://images.example.org/', '--out', join(dir, 'cut-gz.json'));
    expect(gz.code).toBe(1);
    expect(gz.stderr).toBe(`imager-manifest: ${cutGz}: gzip cannot decompress it (unexpected end of file)\n`);
  });

  it('refuses an empty file, a file with no partition table, and a non-image name', () => {
    const empty = join(dir, 'empty.img');
    writeFileSync(empty, '');
    expect(runScript(empty, '--url', 'https://x.example/').stderr).toBe(`imager-manifest: ${empty}: the file is empty\n`);
    const blank = join(dir, 'blank.img');
    writeFileSync(blank, Buffer.alloc(4096));
    expect(runScript(blank, '--url', 'https://x.example/').stderr).toBe(`imager-manifest: ${blank}: not a disk image (no partition table in its first sector)\n`);
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'hello');
    expect(runScript(notes, '--url', 'https://x.example/').stderr).toBe(`imager-manifest: ${notes}: not a disk image name (expected .img, .img.xz or .img.gz)\n`);
  });

  it('refuses a bad --url or --release-date, naming the option', () => {
    const image = join(dir, 'copi-0.1.0.img.xz');
    expect(runScript(image, '--url', 'images/copi').stderr).toBe('imager-manifest: --url: not a URL: images/copi\n');
    expect(runScript(image, '--url', 'ftp://x.example/').stderr).toBe('imager-manifest: --url: Imager downloads over http(s), not ftp:\n');
    expect(runScript(image, '--url', 'https://x.example/', '--release-date', '2026-02-30').stderr).toBe('imager-manifest: --release-date: expected YYYY-MM-DD, got 2026-02-30\n');
    expect(runScript(image).stderr).toMatch(/^imager-manifest: usage: imager-manifest IMAGE/);
  });
});
