// An update file sent from the admin's browser: multipart, streamed by busboy to a temp file in the updates
// folder (a release is ~80 MB: never held in memory), up to `maxUpdateBytes`. The CSRF field comes first.
import busboy from 'busboy';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Ctx } from '../core/http/env.ts';
import { updatesDir } from './status.ts';
import { UpdateRefused } from './update-file.ts';

export const updateUploadPath = '/admin/update/upload';
export const maxUpdateBytes = 400 * 1024 * 1024;

export class ExpiredForm extends Error {}

/** The uploaded file's temp path, or null when the form had no file. */
export function receiveUpdateUpload(c: Ctx, dataDir: string, csrf: string): Promise<string | null> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) return Promise.reject(new UpdateRefused('This is not a CoPi update file'));
  const parser = busboy({ headers: { 'content-type': type }, limits: { files: 1, fields: 5, parts: 6 } });
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const body = c.req.raw.body;
  const source: Readable = incoming ?? (body ? Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>) : Readable.from([]));
  const fields: Record<string, string> = {};
  let saved: string | null = null;
  let saving: Promise<void> = Promise.resolve();
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      source.unpipe(parser);
      source.resume();
      void saving.catch(() => undefined).finally(() => {
        if (saved) rmSync(saved, { force: true });
        reject(error);
      });
    };
    parser.on('field', (name, value) => { fields[name] = value; });
    parser.on('file', (_name, stream, info) => {
      if (failed || !info.filename) return stream.resume();
      if (fields._csrf !== csrf) {
        stream.resume();
        return fail(new ExpiredForm());
      }
      mkdirSync(updatesDir(dataDir), { recursive: true });
      saved = join(updatesDir(dataDir), `.upload-${randomBytes(6).toString('hex')}.copi-update`);
      let bytes = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          done(bytes > maxUpdateBytes ? new UpdateRefused('This file is far larger than a CoPi update') : null, chunk);
        },
      });
      saving = pipeline(stream, limit, createWriteStream(saved, { flags: 'wx' }));
      saving.catch(fail);
    });
    parser.on('error', () => fail(new UpdateRefused('The upload was cut off: send the file again')));
    parser.on('close', () => {
      void saving.then(() => {
        if (failed) return;
        if (fields._csrf !== csrf) return fail(new ExpiredForm());
        resolve(saved);
      }, () => undefined);
    });
    source.on('close', () => { if (!source.readableEnded) fail(new UpdateRefused('The upload was cut off: send the file again')); });
    source.pipe(parser);
  });
}
