// Uploading to a media library through the real app: what is kept (images re-encoded without metadata,
// documents checked by content), what is refused with a clear message, and that a refusal leaves nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { cleanFileName, type MediaFile } from './model.ts';
import { apiUpload, csrfOf, docx, filesOnDisk, formData, jpegWithGps, odt, png, pngClaiming, zip } from './testing.ts';

let box: TestBox;
let alice: Session;
let orgId: string;
let orgSlug: string;
const defaults = { quota: 0, imageLimit: 0, documentLimit: 0 };

type Uploaded = { items: (MediaFile & { url: string; thumbnailUrl: string | null })[] };
type Failure = { error: { code: string; message: string; field?: string } };

beforeAll(async () => {
  box = createTestBox();
  Object.assign(defaults, box.deps.config.media);
  alice = await box.register('alice');
  const response = await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Les Potiers' }, alice);
  ({ id: orgId, slug: orgSlug } = (await response.json()) as { id: string; slug: string });
});
afterAll(() => box.close());
beforeEach(() => Object.assign(box.deps.config.media, defaults));

const uploaded = async (response: Response) => {
  const body = await response.json();
  if (response.status !== 201) throw new Error(`${response.status} ${JSON.stringify(body)}`);
  return (body as Uploaded).items;
};

const refused = async (response: Response, status: number, message: RegExp) => {
  const body = (await response.json()) as Failure;
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(body.error.message).toMatch(message);
};

const storedBytes = (id: string) => readFileSync(join(box.deps.config.media.dir, id));
const rowCount = () => (box.deps.db.prepare('SELECT count(*) AS n FROM media_files').get() as { n: number }).n;

describe('images', () => {
  it('are stored re-encoded, without their EXIF (no GPS position), with a thumbnail', async () => {
    const original = await jpegWithGps(2400, 1800);
    expect((await sharp(original).metadata()).exif?.toString('latin1')).toContain('TestCam');
    const [file] = await uploaded(await apiUpload(box, alice, orgId, [{ name: 'vacances.JPG', data: original, type: 'image/jpeg' }]));
    expect(file).toMatchObject({ kind: 'image', mime: 'image/jpeg', name: 'vacances.jpg', width: 1600, height: 1200 });
    const stored = await sharp(storedBytes(file.id)).metadata();
    expect(stored.exif).toBeUndefined();
    expect(stored.format).toBe('jpeg');
    expect(storedBytes(file.id).includes(Buffer.from('TestCam'))).toBe(false);
    const thumbnail = await sharp(readFileSync(join(box.deps.config.media.dir, `${file.id}.thumb`))).metadata();
    expect(Math.max(thumbnail.width!, thumbnail.height!)).toBe(320);
  });

  it('are turned upright from their EXIF orientation', async () => {
    const sideways = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#123456' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const [file] = await uploaded(await apiUpload(box, alice, orgId, [{ name: 'portrait.jpg', data: sideways }]));
    expect([file.width, file.height]).toEqual([300, 400]);
  });

  it('keep their type from their content, whatever their name says; a GIF becomes a PNG', async () => {
    const gif = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#00ff00' } }).gif().toBuffer();
    const webp = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#0000ff' } }).webp().toBuffer();
    const items = await uploaded(await apiUpload(box, alice, orgId, [
      { name: 'photo.pdf', data: await png(), type: 'application/pdf' }, { name: 'anim.gif', data: gif }, { name: 'pic', data: webp },
    ]));
    expect(items.map((item) => [item.name, item.mime])).toEqual([['photo.png', 'image/png'], ['anim.png', 'image/png'], ['pic.webp', 'image/webp']]);
  });

  it('claiming 50000 × 50000 pixels in a few bytes (a decompression bomb) are refused before decoding', async () => {
    const before = filesOnDisk(box);
    const bomb = await pngClaiming(50_000, 50_000);
    expect(bomb.length).toBeLessThan(200);
    await refused(await apiUpload(box, alice, orgId, [{ name: 'bomb.png', data: bomb }]), 413, /^This image is too large: at most 40 megapixels$/);
    expect(filesOnDisk(box)).toEqual(before);
  });

  it('that are damaged are refused', async () => {
    const broken = (await png()).subarray(0, 60);
    await refused(await apiUpload(box, alice, orgId, [{ name: 'broken.png', data: broken }]), 415, /^This image could not be read$/);
  });
});

describe('refused content', () => {
  it('a "PNG" that is really HTML', async () => {
    const before = filesOnDisk(box);
    const html = '<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>';
    await refused(await apiUpload(box, alice, orgId, [{ name: 'photo.png', data: html, type: 'image/png' }]), 415, /HTML, SVG and XML files are not accepted/);
    // The PNG signature followed by a page: no image decoder reads it.
    const disguised = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(html)]);
    await refused(await apiUpload(box, alice, orgId, [{ name: 'photo.png', data: disguised, type: 'image/png' }]), 415, /^This image could not be read$/);
    expect(filesOnDisk(box)).toEqual(before);
  });

  it('an SVG with a script, even after a byte order mark and blank lines', async () => {
    const svg = '\ufeff\n\n<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    await refused(await apiUpload(box, alice, orgId, [{ name: 'logo.svg', data: svg, type: 'image/svg+xml' }]), 415, /HTML, SVG and XML/);
    await refused(await apiUpload(box, alice, orgId, [{ name: 'logo.txt', data: '<svg onload="alert(1)"/>', type: 'text/plain' }]), 415, /HTML, SVG and XML/);
  });

  it('anything else: an executable, a zip that is no office document, a macro-enabled Word file, a text with NUL or in Latin-1', async () => {
    const cases: [string, Buffer | string, RegExp][] = [
      ['setup.pdf', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]), /^This type of file is not accepted/],
      ['archive.docx', zip([{ name: 'readme.txt', data: 'hello' }]), /^This type of file is not accepted/],
      ['macro.docx', zip([{ name: '[Content_Types].xml', data: '<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>' }]), /^This type of file is not accepted/],
      ['notes.txt', Buffer.from('hello\0world'), /^This type of file is not accepted/],
      ['notes.txt', Buffer.from('Fête à l’école', 'latin1'), /^A text file must be written in UTF-8$/],
    ];
    for (const [name, data, message] of cases) await refused(await apiUpload(box, alice, orgId, [{ name, data }]), 415, message);
  });
});

describe('documents', () => {
  it('PDF, OpenDocument, OOXML and UTF-8 text are kept as sent, with the extension of their real type', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const items = await uploaded(await apiUpload(box, alice, orgId, [
      { name: 'compte-rendu.pdf', data: pdf }, { name: 'statuts.odt', data: odt() }, { name: 'budget.docx', data: docx() },
      { name: 'notes', data: 'Réunion du 3 mars\nOrdre du jour…' },
    ], { folder: 'Documents/2026' }));
    expect(items.map((item) => [item.name, item.mime, item.folder])).toEqual([
      ['compte-rendu.pdf', 'application/pdf', 'Documents/2026'],
      ['statuts.odt', 'application/vnd.oasis.opendocument.text', 'Documents/2026'],
      ['budget.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Documents/2026'],
      ['notes.txt', 'text/plain; charset=utf-8', 'Documents/2026'],
    ]);
    expect(storedBytes(items[0].id).equals(pdf)).toBe(true);
    expect(items.every((item) => item.kind === 'document' && item.thumbnailUrl === null)).toBe(true);
  });

  it('get safe names: no path, no control or direction characters, no leading dot, a capped length', async () => {
    const items = await uploaded(await apiUpload(box, alice, orgId, [
      { name: '../../etc/passwd.txt', data: 'a' }, { name: '.htaccess', data: 'b' }, { name: 'fac\u202Etxt.exe', data: 'c' },
      { name: `${'x'.repeat(300)}.txt`, data: 'd' }, { name: 'rapport: final <v2>?.txt', data: 'e' },
    ], { folder: '../..//Secret/./.hidden' }));
    expect(items.map((item) => item.name)).toEqual(['passwd.txt', 'htaccess.txt', 'factxt.txt', `${'x'.repeat(116)}.txt`, 'rapport_ final _v2__.txt']);
    expect(items[0].folder).toBe('Secret/hidden');
    // Control characters cannot come through a well-formed multipart header; other callers' names are cleaned too.
    expect(cleanFileName('a\u0000b\r\nc\u0007.txt', 'txt')).toBe('abc.txt');
    expect(cleanFileName('...', 'pdf')).toBe('file.pdf');
  });
});

describe('limits', () => {
  it('a file over the limit is refused with the limit named, and nothing stays on disk', async () => {
    box.deps.config.media.documentLimit = 64 * 1024;
    const before = filesOnDisk(box);
    const rows = rowCount();
    await refused(await apiUpload(box, alice, orgId, [{ name: 'big.txt', data: 'x'.repeat(200 * 1024) }]), 413, /^This file is too large: the limit is 64 KB$/);
    expect(filesOnDisk(box)).toEqual(before);
    expect(rowCount()).toBe(rows);
  });

  it('a full box says how much is used of how much, and keeps nothing', async () => {
    const used = (box.deps.db.prepare('SELECT sum(bytes) AS used FROM media_files').get() as { used: number }).used;
    box.deps.config.media.quota = used + 1000;
    const before = filesOnDisk(box);
    await refused(await apiUpload(box, alice, orgId, [{ name: 'more.txt', data: 'y'.repeat(5000) }]), 413, /^The box's storage for files is full: \d+ KB used of \d+ KB$/);
    expect(filesOnDisk(box)).toEqual(before);
    // In French too.
    const csrf = await csrfOf(box, alice, '/me');
    const french = await box.request(`/api/v1/elements/${orgId}/media`, {
      method: 'POST', as: alice, headers: { 'x-csrf-token': csrf, 'accept-language': 'fr' }, body: formData({}, [{ name: 'more.txt', data: 'y'.repeat(5000) }]),
    });
    expect(((await french.json()) as Failure).error.message).toMatch(/^L’espace de la box pour les fichiers est plein\u00a0: \d+\u00a0Ko utilisés sur \d+\u00a0Ko$/);
  });

  it('a request declaring a body over the limit is refused before it is read', async () => {
    const csrf = await csrfOf(box, alice, '/me');
    const response = await box.request(`/api/v1/elements/${orgId}/media`, {
      method: 'POST', as: alice, body: 'x',
      headers: { 'x-csrf-token': csrf, 'accept-language': 'en', 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(5 * 1024 ** 3) },
    });
    await refused(response, 413, /^This upload is too large: the limit is 50 MB per request$/);
  });

  it('an empty upload asks for a file', async () => {
    await refused(await apiUpload(box, alice, orgId, []), 422, /^Choose a file to upload$/);
  });
});

describe('the library page', () => {
  it('uploads with the form (CSRF token first), lists by folder, moves and deletes', async () => {
    const page = `/e/${orgSlug}/media`;
    const csrf = await csrfOf(box, alice, page);
    const upload = await box.request(page, { method: 'POST', as: alice, body: formData({ _csrf: csrf, folder: 'Photos/Fête' }, [{ name: 'fete.jpg', data: await jpegWithGps() }]) });
    expect(upload.status).toBe(303);
    expect(upload.headers.get('location')).toBe(`${page}?folder=Photos%2FF%C3%AAte&added=1`);
    const listed = await (await box.request(`${page}?folder=Photos%2FF%C3%AAte`, { as: alice, headers: { 'accept-language': 'en' } })).text();
    expect(listed).toContain('fete.jpg');
    const root = await (await box.request(page, { as: alice })).text();
    expect(root).toContain(`href="${page}?folder=Photos"`);
    const id = /data-file="([^"]+)"/.exec(listed)![1];

    const moved = await box.request(`${page}/${id}/move`, {
      method: 'POST', as: alice, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, folder: 'Archives' }).toString(),
    });
    expect(moved.headers.get('location')).toBe(`${page}?folder=Archives`);
    expect((await (await box.request(`${page}?folder=Archives`, { as: alice })).text())).toContain('fete.jpg');

    const deleted = await box.request(`${page}/${id}/delete`, {
      method: 'POST', as: alice, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(deleted.status).toBe(303);
    expect(filesOnDisk(box).filter((name) => name.startsWith(id))).toEqual([]);
  });

  it('refuses a form without its CSRF token, and shows a refused file next to the form', async () => {
    const page = `/e/${orgSlug}/media`;
    const forged = await box.request(page, { method: 'POST', as: alice, body: formData({}, [{ name: 'a.txt', data: 'hello' }]) });
    expect(forged.status).toBe(403);
    const csrf = await csrfOf(box, alice, page);
    const svg = await box.request(page, {
      method: 'POST', as: alice, headers: { 'accept-language': 'en' },
      body: formData({ _csrf: csrf }, [{ name: 'x.svg', data: '<svg><script>alert(1)</script></svg>' }]),
    });
    expect(svg.status).toBe(415);
    expect(await svg.text()).toContain('HTML, SVG and XML files are not accepted');
  });

  it('shows box admins the storage used', async () => {
    const admin = await box.register('boxadmin', { admin: true });
    const page = await (await box.request(`/e/${orgSlug}/media`, { as: admin, headers: { 'accept-language': 'en' } })).text();
    expect(page).toMatch(/Storage used by all the files of the box: [\d.,]+\s?[kKMG]B of 2(\.1)?\s?GB/);
    expect(await (await box.request(`/e/${orgSlug}/media`, { as: alice, headers: { 'accept-language': 'en' } })).text()).not.toContain('Storage used');
    const usage = (await (await box.request('/api/v1/media/usage', { as: admin })).json()) as { used: number; quota: number };
    expect(usage.quota).toBe(2048 * 1024 * 1024);
  });
});
