// An update file sent from the admin's browser: multipart, streamed to a temp file in the updates folder
// (a release is ~80 MB: never held in memory), up to `maxUpdateBytes`. The CSRF field comes first.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Ctx } from '../core/http/env.ts';
import { receiveOneFile, type UploadErrors } from '../core/http/file-upload.ts';
import { updatesDir } from './status.ts';
import { UpdateRefused } from './update-file.ts';

export const updateUploadPath = '/admin/update/upload';
export const maxUpdateBytes = 400 * 1024 * 1024;

export class ExpiredForm extends Error {}

const errors: UploadErrors = {
  notMultipart: () => new UpdateRefused('This is not a CoPi update file'),
  csrfRefused: () => new ExpiredForm(),
  cutOff: () => new UpdateRefused('The upload was cut off: send the file again'),
};

/** The uploaded file's temp path, or null when the form had no file. */
export async function receiveUpdateUpload(c: Ctx, dataDir: string, csrf: string): Promise<string | null> {
  const { file } = await receiveOneFile(c, {
    limits: { fields: 5, parts: 6 },
    csrf,
    target: () => ({
      path: join(updatesDir(dataDir), `.upload-${randomBytes(6).toString('hex')}.copi-update`),
      maxBytes: maxUpdateBytes,
      tooLarge: () => new UpdateRefused('This file is far larger than a CoPi update'),
    }),
    errors,
  });
  return file?.path ?? null;
}
