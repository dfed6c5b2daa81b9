// The shared upload receiver behind a real server on an ephemeral port, writing into a fresh temp folder per
// test: what lands on disk, and which of the caller's errors comes back when the form is wrong, too large,
// cut off or not multipart at all — with nothing left behind in each refused case.
import { serve, type ServerType } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppEnv } from './env.ts';
import { receiveOneFile, type ReceivedForm } from './file-upload.ts';

class Refused extends Error {}
const refusal = (reason: string) => () => new Refused(reason);

const csrf = 'form-token-123';
const maxBytes = 64 * 1024;

type Outcome = { form: ReceivedForm } | { refused: string };

let uploadDir: string;
let serverOutcome: Promise<Outcome>;
let settleOutcome: (outcome: Outcome) => void;
let server: ServerType;
let port: number;

function createUploadApp() {
  const app = new Hono<AppEnv>();
  app.post('/upload', async (c) => {
    try {
      const form = await receiveOneFile(c, {
        limits: { fields: 5, parts: 6 },
        csrf,
        target: (name, fieldsBefore) => ({
          path: join(uploadDir, fieldsBefore.folder ?? 'default', name),
          maxBytes,
          tooLarge: refusal('too-large'),
        }),
        errors: { notMultipart: refusal('not-multipart'), csrfRefused: refusal('csrf'), cutOff: refusal('cut-off') },
      });
      settleOutcome({ form });
      return c.json(form);
    } catch (error) {
      settleOutcome(error instanceof Refused ? { refused: error.message } : { refused: `bug: ${String(error)}` });
      throw error;
    }
  });
  app.onError((error, c) => (error instanceof Refused ? c.json({ refused: error.message }, 400) : c.json({ bug: String(error) }, 500)));
  return app;
}

beforeAll(async () => {
  const app = createUploadApp();
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  uploadDir = mkdtempSync(join(tmpdir(), 'copi-file-upload-'));
  serverOutcome = new Promise((resolve) => { settleOutcome = resolve; });
  return () => rmSync(uploadDir, { recursive: true, force: true });
});

const boundary = 'copi-upload-test-boundary';
type Part = { name: string; value: string } | { name: string; filename: string; content: Buffer };

const fieldPart = (name: string, value: string) =>
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
const fileHead = (name: string, filename: string) =>
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\n`
    + 'Content-Type: application/octet-stream\r\n\r\n');

function multipart(parts: Part[]): Buffer {
  const chunks = parts.flatMap((part) => ('content' in part
    ? [fileHead(part.name, part.filename), part.content, Buffer.from('\r\n')]
    : [fieldPart(part.name, part.value)]));
  return Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]);
}

async function post(body: Buffer, contentType = `multipart/form-data; boundary=${boundary}`) {
  const response = await fetch(`http://127.0.0.1:${port}/upload`, {
    method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Every file under the upload folder (folders the receiver created do not count). */
const filesIn = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((entry) => statSync(join(dir, entry)).isFile());

describe('receiveOneFile', () => {
  it('writes a good upload whole at the path the caller chose, with its byte count and the other fields', async () => {
    const content = randomBytes(maxBytes);
    const { status, json } = await post(multipart([
      { name: '_csrf', value: csrf },
      { name: 'folder', value: 'registers' },
      { name: 'title', value: 'Fête des potiers' },
      { name: 'file', filename: 'C:\\Users\\marie\\adherents.csv', content },
    ]));

    const path = join(uploadDir, 'registers', 'adherents.csv');
    expect(status).toBe(200);
    expect(json).toEqual({
      fields: { _csrf: csrf, folder: 'registers', title: 'Fête des potiers' },
      file: { path, name: 'adherents.csv', bytes: maxBytes },
    });
    expect(readFileSync(path).equals(content)).toBe(true);
    expect(filesIn(uploadDir)).toEqual([join('registers', 'adherents.csv')]);
  });

  const smallFile: Part = { name: 'file', filename: 'a.csv', content: randomBytes(4096) };
  it.each([
    ['a wrong _csrf before the file', [{ name: '_csrf', value: 'stale-token' }, smallFile]],
    ['no _csrf at all', [smallFile]],
    ['the right _csrf sent after the file', [smallFile, { name: '_csrf', value: csrf }]],
  ] satisfies Array<[string, Part[]]>)('refuses %s with the caller\'s error and writes no file', async (_case, parts) => {
    const { status, json } = await post(multipart(parts));

    expect(status).toBe(400);
    expect(json).toEqual({ refused: 'csrf' });
    expect(filesIn(uploadDir)).toEqual([]);
  });

  it('answers an error, and the server lives on, when the target folder cannot be made (a file is in the way)', async () => {
    writeFileSync(join(uploadDir, 'blocked'), 'a file where the folder should be');
    const { status } = await post(multipart([{ name: '_csrf', value: csrf }, { name: 'folder', value: 'blocked' }, smallFile]));
    expect(status).toBe(500);
    expect((await post(multipart([{ name: '_csrf', value: csrf }, smallFile]))).status).toBe(200);
  });

  it('never removes a file that was already at the target', async () => {
    mkdirSync(join(uploadDir, 'keep'));
    writeFileSync(join(uploadDir, 'keep', 'a.csv'), 'keep me');
    const { status } = await post(multipart([{ name: '_csrf', value: csrf }, { name: 'folder', value: 'keep' }, smallFile]));
    expect(status).toBe(500);
    expect(readFileSync(join(uploadDir, 'keep', 'a.csv'), 'utf8')).toBe('keep me');
  });

  it('refuses a file one byte over the caller\'s limit with its too-large error and leaves no file', async () => {
    const { status, json } = await post(multipart([
      { name: '_csrf', value: csrf },
      { name: 'file', filename: 'big.csv', content: randomBytes(maxBytes + 1) },
    ]));

    expect(status).toBe(400);
    expect(json).toEqual({ refused: 'too-large' });
    expect(filesIn(uploadDir)).toEqual([]);
  });

  it('fails with the caller\'s cut-off error and removes the partial file when the client goes mid-file', async () => {
    const head = Buffer.concat([fieldPart('_csrf', csrf), fileHead('file', 'half.csv')]);
    const wholeLength = head.length + maxBytes + `\r\n--${boundary}--\r\n`.length;
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(`POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n`
      + `Content-Length: ${wholeLength}\r\n\r\n`);
    socket.write(head);
    socket.write(randomBytes(maxBytes / 2));
    // Only once part of the file is on disk does the disconnect test the clean-up.
    const partial = join(uploadDir, 'default', 'half.csv');
    await expect.poll(() => { try { return statSync(partial).size; } catch { return 0; } }, { timeout: 2000 }).toBeGreaterThan(0);

    socket.destroy();

    expect(await serverOutcome).toEqual({ refused: 'cut-off' });
    await expect.poll(() => filesIn(uploadDir), { timeout: 2000 }).toEqual([]);
  }, 5000); // a receiver that waits for bytes that never come fails here instead of at the suite's 20 s

  it.each([
    ['JSON', 'application/json', Buffer.from('{"file":"a.csv"}')],
    ['a urlencoded form', 'application/x-www-form-urlencoded', Buffer.from(`_csrf=${csrf}&file=a.csv`)],
    ['multipart without a boundary', 'multipart/form-data', multipart([{ name: '_csrf', value: csrf }])],
  ])('answers %s with the caller\'s not-multipart error', async (_case, contentType, body) => {
    const { status, json } = await post(body, contentType);

    expect(status).toBe(400);
    expect(json).toEqual({ refused: 'not-multipart' });
    expect(filesIn(uploadDir)).toEqual([]);
  });
});
