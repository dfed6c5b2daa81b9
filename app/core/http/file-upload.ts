// The single file of a multipart form, streamed by busboy straight to a path the caller chooses (never held in
// memory) and counted against the caller's limit. The text fields must come before the file: the `_csrf`
// field is checked before a byte is written, and the fields may decide where the file goes and how large it
// may be. On any failure reading stops, the partial file is removed and the caller's own error is thrown.
import busboy from 'busboy';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { dirname } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Ctx } from './env.ts';

/** The request body as a Node stream: the socket itself under the Node server, else the Request's stream. */
export function requestBody(c: Ctx): Readable {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming) return incoming;
  const body = c.req.raw.body;
  return body ? Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>) : Readable.from([]);
}

/** The caller's errors, so each keeps its own messages and error classes. */
export interface UploadErrors {
  notMultipart(): Error;
  csrfRefused(): Error;
  /** A damaged body, or a client gone before the end. */
  cutOff(): Error;
  /** A second file; without it the extra file is skipped. */
  tooManyFiles?(): Error;
}

/** Where the file is written (created, never overwritten) and how large it may grow. */
export interface FileTarget {
  path: string;
  maxBytes: number;
  tooLarge(): Error;
}

export interface OneFileOptions {
  /** busboy's limits on the text fields; the file count is always one. */
  limits: Omit<busboy.Limits, 'files'>;
  /** The expected `_csrf` field; none for API calls. */
  csrf?: string;
  target(name: string, fieldsBefore: Record<string, string>): FileTarget;
  errors: UploadErrors;
}

export interface ReceivedFile {
  path: string;
  /** The file name the browser sent, without any folder. */
  name: string;
  bytes: number;
}

export interface ReceivedForm {
  fields: Record<string, string>;
  file: ReceivedFile | null;
}

/** Reads the form; resolves once the file, if one was chosen, is wholly written at its target path. */
export function receiveOneFile(c: Ctx, options: OneFileOptions): Promise<ReceivedForm> {
  const { errors } = options;
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) throw errors.notMultipart();
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { 'content-type': type }, defParamCharset: 'utf8', limits: { ...options.limits, files: 1 } });
  } catch {
    throw errors.notMultipart();
  }
  const source = requestBody(c);
  const fields: Record<string, string> = {};
  const csrfMatches = () => options.csrf === undefined || fields._csrf === options.csrf;
  let saved: ReceivedFile | null = null;
  /** Set once this upload created its file: a file already at the target is never removed. */
  let created: string | null = null;
  let saving: Promise<void> = Promise.resolve();
  let writing: Readable | null = null;

  return new Promise<ReceivedForm>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      source.unpipe(parser);
      source.resume();
      // A client gone mid-file: the parser gets no more bytes, so the file would never end; cut it off so
      // its save fails and its partial file goes. (Without an error pipeline may wait forever.)
      writing?.destroy(new Error('upload stopped'));
      void saving.catch(() => undefined).finally(() => {
        if (created) rmSync(created, { force: true });
        reject(error);
      });
    };
    parser.on('field', (name, value) => { fields[name] = value; });
    parser.on('file', (_field, stream, info) => {
      const name = (info.filename ?? '').split(/[\\/]/).pop() ?? '';
      if (failed || name === '') {
        stream.resume(); // an empty file input: nothing chosen
        return;
      }
      if (!csrfMatches()) {
        stream.resume();
        fail(errors.csrfRefused());
        return;
      }
      let target: FileTarget;
      try {
        target = options.target(name, fields);
        mkdirSync(dirname(target.path), { recursive: true });
      } catch (error) {
        // Thrown from busboy's event, it would escape the request and end the process.
        stream.resume();
        fail(error);
        return;
      }
      const counter = new ByteLimit(target.maxBytes, target.tooLarge);
      const file: ReceivedFile = { path: target.path, name, bytes: 0 };
      saved = file;
      writing = stream;
      const output = createWriteStream(file.path, { flags: 'wx' });
      output.once('open', () => { created = file.path; });
      saving = pipeline(stream, counter, output).then(() => { file.bytes = counter.bytes; });
      saving.catch(fail);
    });
    const { tooManyFiles } = errors;
    if (tooManyFiles) parser.on('filesLimit', () => fail(tooManyFiles()));
    parser.on('error', () => fail(errors.cutOff()));
    parser.on('close', () => {
      void saving.then(() => {
        if (failed) return;
        if (!csrfMatches()) fail(errors.csrfRefused());
        else resolve({ fields, file: saved });
      }, () => undefined);
    });
    source.on('error', () => fail(errors.cutOff()));
    source.on('close', () => { if (!source.readableEnded) fail(errors.cutOff()); });
    source.pipe(parser);
  });
}

class ByteLimit extends Transform {
  bytes = 0;
  private readonly maxBytes: number;
  private readonly tooLarge: () => Error;
  constructor(maxBytes: number, tooLarge: () => Error) {
    super();
    this.maxBytes = maxBytes;
    this.tooLarge = tooLarge;
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) done(this.tooLarge());
    else done(null, chunk);
  }
}
