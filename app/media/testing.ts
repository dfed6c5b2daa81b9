// For the media tests: images made with sharp (no binary fixtures), small office files, and uploads
// through the real app as a browser form or an API client sends them.
import sharp from 'sharp';
import { crc32, deflateRawSync } from 'node:zlib';
import { readdirSync } from 'node:fs';
import type { Session, TestBox } from '../testing/test-box.ts';

/** A JPEG carrying a camera name, a GPS position and an orientation in its EXIF. */
export const jpegWithGps = (width = 800, height = 600) =>
  sharp({ create: { width, height, channels: 3, background: '#336699' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '44/1 31/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '5/1 4/1 0/1' },
    })
    .toBuffer();

export const png = (width = 64, height = 48) => sharp({ create: { width, height, channels: 4, background: '#ff000080' } }).png().toBuffer();

/** A PNG of a few bytes whose header claims width × height: decoding it would take gigabytes. */
export async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const file = Buffer.from(await png(8, 8));
  // IHDR's data starts at byte 16 (8 of signature, 4 of length, 4 of type), its CRC (over type + data) at 29.
  file.writeUInt32BE(width, 16);
  file.writeUInt32BE(height, 20);
  file.writeUInt32BE(crc32(file.subarray(12, 29)), 29);
  return file;
}

/** A minimal zip: each entry stored or deflated, with its central directory. */
export function zip(entries: { name: string; data: string | Buffer; store?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data);
    const data = entry.store ? raw : deflateRawSync(raw);
    const name = Buffer.from(entry.name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(entry.store ? 0 : 8, 8);
    header.writeUInt32LE(crc32(raw), 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(raw.length, 22);
    header.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.store ? 0 : 8, 10);
    central.writeUInt32LE(crc32(raw), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(header, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export const docx = () => zip([
  { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>' },
  { name: 'word/document.xml', data: '<w:document/>' },
]);

export const odt = () => zip([
  { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true },
  { name: 'content.xml', data: '<office:document-content/>' },
]);

export interface UploadFile {
  name: string;
  data: Buffer | string;
  type?: string;
}

/** A multipart upload as a form sends it: the fields first, then the files. */
export function formData(fields: Record<string, string>, files: UploadFile[]): FormData {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  for (const file of files) {
    body.append('file', new Blob([typeof file.data === 'string' ? file.data : new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }), file.name);
  }
  return body;
}

/** The page's CSRF token for this session. */
export async function csrfOf(box: TestBox, as: Session, path: string): Promise<string> {
  const page = await (await box.request(path, { as })).text();
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match) throw new Error(`no CSRF token on ${path}`);
  return match[1];
}

/** Through the JSON API, as an API client with the session (X-CSRF-Token, as scripts on the box's pages send). */
export async function apiUpload(box: TestBox, as: Session, elementId: string, files: UploadFile[], fields: Record<string, string> = {}) {
  const csrf = await csrfOf(box, as, '/me');
  return box.request(`/api/v1/elements/${elementId}/media`, {
    method: 'POST', as, headers: { 'x-csrf-token': csrf, 'accept-language': 'en' }, body: formData(fields, files),
  });
}

/** Files in the media folder, temporary ones included. */
export const filesOnDisk = (box: TestBox): string[] => {
  try {
    return readdirSync(box.deps.config.media.dir).sort();
  } catch {
    return [];
  }
};
