// Reads a multipart upload as a stream (busboy), never buffering the body: each file is handed to the caller
// as it arrives and the whole request is counted against its own limit. The box's body-limit middleware
// skips these paths (see `isMediaUpload`, used in app.ts), so the limit is enforced here, on Content-Length
// first, then byte by byte. On the first failure reading stops; the server then drops the rest of the body.
import busboy from 'busboy';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../core/errors.ts';
import type { Ctx } from '../core/http/env.ts';
import { requestBody } from '../core/http/file-upload.ts';
import type { Config } from '../core/config.ts';
import { sizeLabel } from './model.ts';

/** The uploads app.ts leaves to this module's limit: POSTs to the library page, the API, a room's photos. */
export const isMediaUpload = (method: string, path: string) => method === 'POST' && (
  /^\/e\/[^/]+\/media$/.test(path) || /^\/api\/v1\/elements\/[^/]+\/media$/.test(path)
  || /^\/rooms\/[^/]+\/photos$/.test(path) || /^\/api\/v1\/rooms\/[^/]+\/photos$/.test(path));

/** Files one request may carry; the request as a whole may be twice the image limit. */
export const maxFilesPerUpload = 10;
export const uploadRequestLimit = (config: Config) => 2 * config.media.imageLimit;

export interface IncomingFile {
  name: string;
  stream: Readable;
}

export interface UploadOptions {
  /** Page forms: the `_csrf` field must come before the first file. */
  csrf?: string;
  /** Called for each file, one after the other, with the fields sent before it. */
  onFile(fields: Record<string, string>, file: IncomingFile): Promise<void>;
}

const requestTooLarge = (limit: number) =>
  new AppError('payload_too_large', `This upload is too large: the limit is ${sizeLabel(limit)} per request`, 'file');

const csrfRefused = () => new AppError('forbidden', 'This form has expired or did not come from this box; reload the page and try again');

/** Reads the multipart body of this request; resolves with its fields once every file was handled. */
export function readUpload(c: Ctx, config: Config, options: UploadOptions): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) throw new AppError('unsupported_media_type', 'Send the files as multipart/form-data', 'file');
  const limit = uploadRequestLimit(config);
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > limit) throw requestTooLarge(limit);

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': type }, defParamCharset: 'utf8',
      limits: { files: maxFilesPerUpload, fields: 20, fieldSize: 64 * 1024, parts: maxFilesPerUpload + 20, headerPairs: 20 },
    });
  } catch {
    throw new AppError('unsupported_media_type', 'Send the files as multipart/form-data', 'file');
  }
  const source = requestBody(c);
  const counter = new ByteCounter(limit);
  const fields: Record<string, string> = {};

  return new Promise((resolve, reject) => {
    let failed = false;
    let chain = Promise.resolve();
    /** The file being saved: cut off on a failure, so its save fails and cleans up before the answer. */
    let current: Readable | null = null;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      source.unpipe(counter);
      counter.unpipe(parser);
      source.pause();
      current?.destroy(error instanceof Error ? error : new Error(String(error)));
      void chain.finally(() => reject(error));
    };
    parser.on('field', (name, value) => { fields[name] = value; });
    parser.on('file', (_field, stream, info) => {
      const name = info.filename ?? '';
      if (failed || name === '') {
        stream.resume(); // an empty file input: nothing chosen
        return;
      }
      if (options.csrf !== undefined && fields._csrf !== options.csrf) {
        stream.resume();
        fail(csrfRefused());
        return;
      }
      chain = chain.then(async () => {
        if (failed) {
          stream.resume();
          return;
        }
        current = stream;
        await options.onFile({ ...fields }, { name, stream });
        current = null;
      }).catch((error: unknown) => {
        current = null;
        fail(error);
      });
    });
    parser.on('filesLimit', () => fail(new AppError('payload_too_large', `At most ${maxFilesPerUpload} files can be sent at once`, 'file')));
    parser.on('error', () => fail(new AppError('bad_request', 'The upload is damaged or was cut off', 'file')));
    parser.on('close', () => {
      void chain.then(() => {
        if (failed) return;
        if (options.csrf !== undefined && fields._csrf !== options.csrf) fail(csrfRefused());
        else resolve(fields);
      });
    });
    counter.on('error', fail);
    const cutOff = () => fail(new AppError('bad_request', 'The upload is damaged or was cut off', 'file'));
    source.on('error', cutOff);
    // A client gone mid-upload: the file being saved is cut off too, so its temporary file goes.
    source.on('close', () => { if (!source.readableEnded) cutOff(); });
    source.pipe(counter).pipe(parser);
  });
}

class ByteCounter extends Transform {
  private bytes = 0;
  private readonly limit: number;
  constructor(limit: number) {
    super();
    this.limit = limit;
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) done(requestTooLarge(this.limit));
    else done(null, chunk);
  }
}
