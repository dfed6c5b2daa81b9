// Huge uploads against a real server on an ephemeral port: refused early (on Content-Length, or while the
// bytes stream in), with a clear 413, without reading the rest, and with nothing left in the media folder.
import { serve, type ServerType } from '@hono/node-server';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { csrfOf, filesOnDisk } from './testing.ts';

let box: TestBox;
let server: ServerType;
let port: number;
let alice: Session;
let csrf: string;
let orgId: string;

beforeAll(async () => {
  box = createTestBox();
  alice = await box.register('alice');
  csrf = await csrfOf(box, alice, '/me');
  const response = await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Les Potiers' }, alice);
  orgId = ((await response.json()) as { id: string }).id;
  const app = createApp(box.deps, { dbPath: box.dbPath });
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  box.close();
});

const boundary = 'copi-test-boundary';
const filePart = (name: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
  + 'Content-Type: application/octet-stream\r\n\r\n');

interface Outcome {
  status: number;
  text: string;
  /** Bytes sent before the answer came. */
  sent: number;
}

/** Posts `first`, then filler chunks until the server answers (forever otherwise). */
function postEndless(path: string, first: Buffer, headers: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request({
      host: '127.0.0.1', port, method: 'POST', path,
      headers: { cookie: alice.cookie, 'accept-language': 'en', 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers },
    });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), sent });
      });
    });
    // The server may close the connection once it answered: that is the point.
    req.on('error', (error) => { if (!answered) reject(error); });
    const filler = Buffer.alloc(64 * 1024, 0x61);
    const pump = () => {
      while (!answered && !req.destroyed) {
        const chunk = sent === 0 ? first : filler;
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

const jpegStart = Buffer.concat([filePart('huge.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0])]);
const apiMessage = (outcome: Outcome) => (JSON.parse(outcome.text) as { error: { message: string } }).error.message;

describe('a 5 GB upload', () => {
  it('declared in Content-Length is refused at once, before its body is read', async () => {
    const before = filesOnDisk(box);
    const outcome = await postEndless(`/api/v1/elements/${orgId}/media`, jpegStart, { 'x-csrf-token': csrf, 'content-length': String(5 * 1024 ** 3) });
    expect(outcome.status).toBe(413);
    expect(apiMessage(outcome)).toBe('This upload is too large: the limit is 50 MB per request');
    expect(outcome.sent).toBeLessThan(50 * 1024 * 1024);
    expect(filesOnDisk(box)).toEqual(before);
  });

  it('streamed without a length is cut off at the file limit, and its temporary file removed', async () => {
    const before = filesOnDisk(box);
    const outcome = await postEndless(`/api/v1/elements/${orgId}/media`, jpegStart, { 'x-csrf-token': csrf, 'transfer-encoding': 'chunked' });
    expect(outcome.status).toBe(413);
    expect(apiMessage(outcome)).toBe('This file is too large: the limit is 25 MB');
    // Stopped near the limit: the server did not read on to the end.
    expect(outcome.sent).toBeLessThan(64 * 1024 * 1024);
    expect(filesOnDisk(box)).toEqual(before);
  });

  it('streamed as a document through the library page is cut off at the document limit', async () => {
    const before = filesOnDisk(box);
    const slug = (box.deps.db.prepare('SELECT slug FROM elements WHERE id = ?').get(orgId) as { slug: string }).slug;
    const csrfField = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`);
    const outcome = await postEndless(`/e/${slug}/media`, Buffer.concat([csrfField, filePart('notes.txt'), Buffer.from('Notes\n')]), { 'transfer-encoding': 'chunked' });
    expect(outcome.status).toBe(413);
    expect(outcome.text).toContain('This file is too large: the limit is 10 MB');
    expect(outcome.sent).toBeLessThan(40 * 1024 * 1024);
    expect(filesOnDisk(box)).toEqual(before);
  });

  it('abandoned by its sender half way leaves no temporary file', async () => {
    const before = filesOnDisk(box);
    const req = request({
      host: '127.0.0.1', port, method: 'POST', path: `/api/v1/elements/${orgId}/media`,
      headers: { cookie: alice.cookie, 'x-csrf-token': csrf, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
    });
    req.on('error', () => {});
    req.write(Buffer.concat([filePart('notes.txt'), Buffer.alloc(512 * 1024, 0x61)]));
    // The temporary file appears while the bytes stream in...
    await expect.poll(() => filesOnDisk(box).some((name) => name.startsWith('.upload-')), { timeout: 5000 }).toBe(true);
    req.destroy();
    // ...and is gone once the connection drops.
    await expect.poll(() => filesOnDisk(box), { timeout: 5000 }).toEqual(before);
  });
});
