// A file to import sent from the browser or the API: multipart, streamed straight to a temporary file under
// <dataDir>/imports/uploads/ (never held in memory: a register may be hundreds of MB), counted against the
// largest file its format reads. The text fields must come before the file. The caller removes the file
// once staged.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import type { Ctx } from '../core/http/env.ts';
import { receiveOneFile, type UploadErrors } from '../core/http/file-upload.ts';
import { formats } from './formats/index.ts';
import { formatBytes, type ImportFile } from './read/file.ts';

/** The upload paths app.ts leaves to this module's limit (the box's 1 MB body limit would refuse a register). */
export const isImportUpload = (method: string, path: string) =>
  method === 'POST' && (path === '/admin/imports/upload' || path === '/api/v1/imports');

export const uploadsDir = (config: Config) => join(config.dataDir, 'imports', 'uploads');

/** The largest file the format named in the form reads; the largest of all when none is named (auto-detection). */
const limitFor = (formatId: string | undefined) =>
  formats.find((format) => format.id === formatId)?.maxBytes ?? Math.max(...formats.map((format) => format.maxBytes));

const errors: UploadErrors = {
  notMultipart: () => new AppError('unsupported_media_type', 'Send the file as multipart/form-data', 'file'),
  csrfRefused: () => new AppError('forbidden', 'This form has expired or did not come from this box; reload the page and try again'),
  cutOff: () => new AppError('bad_request', 'The upload is damaged or was cut off', 'file'),
  tooManyFiles: () => new AppError('payload_too_large', 'Send one file at a time', 'file'),
};

export interface ReceivedUpload {
  fields: Record<string, string>;
  file: ImportFile | null;
}

/** Reads a multipart upload; the file, if any, is saved and returned with the fields sent before it. */
export async function receiveUpload(c: Ctx, config: Config, options: { csrf?: string } = {}): Promise<ReceivedUpload> {
  const { fields, file } = await receiveOneFile(c, {
    limits: { fields: 20, fieldSize: 64 * 1024, parts: 21 },
    csrf: options.csrf,
    target: (name, fieldsBefore) => {
      const maxBytes = limitFor(fieldsBefore.format);
      return {
        path: join(uploadsDir(config), `${randomBytes(8).toString('hex')}-${name.replace(/[^\w.-]+/g, '_').slice(-80)}`),
        maxBytes,
        tooLarge: () => new AppError('payload_too_large', `${name} is larger than ${formatBytes(maxBytes)}, the largest file of this kind the box reads`, 'file'),
      };
    },
    errors,
  });
  if (file && file.bytes === 0) rmSync(file.path, { force: true });
  return { fields, file: file && file.bytes > 0 ? file : null };
}
