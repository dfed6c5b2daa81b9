// A file to import sent from the browser or the API: multipart, streamed by busboy straight to a temporary
// file under <dataDir>/imports/uploads/ (never held in memory: a register may be hundreds of MB), counted
// against the largest file its format reads. The text fields must come before the file. The caller removes
// the file once staged.
import busboy from 'busboy';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Config } from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import type { Ctx } from '../core/http/env.ts';
import { formats } from './formats/index.ts';
import { formatBytes, type ImportFile } from './read/file.ts';

/** The upload paths app.ts leaves to this module's limit (the box's 1 MB body limit would refuse a register). */
export const isImportUpload = (method: string, path: string) =>
  method === 'POST' && (path === '/admin/imports/upload' || path === '/api/v1/imports');

export const uploadsDir = (config: Config) => join(config.dataDir, 'imports', 'uploads');

/** The largest file the format named in the form reads; the largest of all when none is named (auto-detection). */
const limitFor = (formatId: string | undefined) =>
  formats.find((format) => format.id === formatId)?.maxBytes ?? Math.max(...formats.map((format) => format.maxBytes));


export interface ReceivedUpload {
  fields: Record<string, string>;
  file: ImportFile | null;
}

/** Reads a multipart upload; the file, if any, is saved and returned with the fields sent before it. */
export function receiveUpload(c: Ctx, config: Config, options: { csrf?: string } = {}): Promise<ReceivedUpload> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data', 'file');
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { 'content-type': type }, defParamCharset: 'utf8', limits: { files: 1, fields: 20, fieldSize: 64 * 1024, parts: 21 } });
  } catch {
    throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data', 'file');
  }
  const source = requestBody(c);
  const fields: Record<string, string> = {};
  let saved: ImportFile | null = null;
  let saving: Promise<void> = Promise.resolve();

  return new Promise<ReceivedUpload>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      source.unpipe(parser);
      source.resume();
      void saving.catch(() => undefined).finally(() => {
        if (saved) rmSync(saved.path, { force: true });
        reject(error);
      });
    };
    parser.on('field', (name, value) => { fields[name] = value; });
    parser.on('file', (_field, stream, info) => {
      const name = (info.filename ?? '').split(/[\\/]/).pop() ?? '';
      if (failed || name === '') {
        stream.resume();
        return;
      }
      if (options.csrf !== undefined && fields._csrf !== options.csrf) {
        stream.resume();
        fail(new AppError('forbidden', 'This form has expired or did not come from this box; reload the page and try again'));
        return;
      }
      const limit = limitFor(fields.format);
      const dir = uploadsDir(config);
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${randomBytes(8).toString('hex')}-${name.replace(/[^\w.-]+/g, '_').slice(-80)}`);
      const counter = new Counter(limit, name);
      saved = { path, name, bytes: 0 };
      saving = pipeline(stream, counter, createWriteStream(path, { flags: 'wx' })).then(() => { saved!.bytes = counter.bytes; });
      saving.catch(fail);
    });
    parser.on('filesLimit', () => fail(new AppError('payload_too_large', 'Send one file at a time', 'file')));
    parser.on('error', () => fail(new AppError('bad_request', 'The upload is damaged or was cut off', 'file')));
    parser.on('close', () => {
      void saving.then(() => {
        if (failed) return;
        if (options.csrf !== undefined && fields._csrf !== options.csrf) {
          fail(new AppError('forbidden', 'This form has expired or did not come from this box; reload the page and try again'));
          return;
        }
        const file = saved;
        resolve({ fields, file: file && file.bytes > 0 ? file : null });
        if (file && file.bytes === 0) rmSync(file.path, { force: true });
      }, () => undefined);
    });
    source.on('error', () => fail(new AppError('bad_request', 'The upload is damaged or was cut off', 'file')));
    source.on('close', () => { if (!source.readableEnded) fail(new AppError('bad_request', 'The upload is damaged or was cut off', 'file')); });
    source.pipe(parser);
  });
}

function requestBody(c: Ctx): Readable {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming) return incoming;
  const body = c.req.raw.body;
  return body ? Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>) : Readable.from([]);
}

class Counter extends Transform {
  bytes = 0;
  private readonly limit: number;
  private readonly name: string;
  constructor(limit: number, name: string) {
    super();
    this.limit = limit;
    this.name = name;
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      done(new AppError('payload_too_large', `${this.name} is larger than ${formatBytes(this.limit)}, the largest file of this kind the box reads`, 'file'));
    } else done(null, chunk);
  }
}
