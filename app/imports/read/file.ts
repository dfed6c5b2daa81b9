// Opening a file to import, wherever it comes from: a stick (never following a link out of it), an upload
// saved by the box, or a path given on the command line. Reading is streamed; its progress is the bytes read.
import { constants, createReadStream, lstatSync, openSync, realpathSync } from 'node:fs';
import { basename, relative, isAbsolute } from 'node:path';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { AppError } from '../../core/errors.ts';

export interface ImportFile {
  path: string;
  /** The name shown to people: the path on the stick, the uploaded file's name, or the path typed. */
  name: string;
  bytes: number;
}

/** A file that may be read: a regular file, inside `root` when given (a stick), not a symbolic link. */
export function checkImportFile(path: string, options: { root?: string; name?: string; maxBytes: number }): ImportFile {
  let stats;
  try {
    stats = lstatSync(path);
  } catch {
    throw new AppError('not_found', `${options.name ?? basename(path)}: no such file (was the stick removed?)`);
  }
  const name = options.name ?? basename(path);
  if (stats.isSymbolicLink()) throw new AppError('bad_request', `${name} is a link to another file; copy the file itself onto the stick`);
  if (!stats.isFile()) throw new AppError('bad_request', `${name} is not a file`);
  if (options.root) {
    const inside = relative(realpathSync(options.root), realpathSync(path));
    if (inside.startsWith('..') || isAbsolute(inside)) throw new AppError('bad_request', `${name} is outside the stick`);
  }
  if (stats.size > options.maxBytes) {
    throw new AppError('payload_too_large',
      `${name} is ${formatBytes(stats.size)}; the box reads files of this kind up to ${formatBytes(options.maxBytes)}: split it or keep only your territory`);
  }
  return { path, name, bytes: stats.size };
}

export const formatBytes = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

export interface ReadProgress {
  /** Bytes read so far. */
  read: number;
  /** SHA-256 of everything read, once the end was reached. */
  sha256: string | null;
}

/** A stream of the file's bytes that counts them and hashes them as they pass. Never follows a link. */
export function openImportStream(file: ImportFile, onProgress?: (read: number) => void): { stream: Readable; progress: ReadProgress } {
  const progress: ReadProgress = { read: 0, sha256: null };
  const hash = createHash('sha256');
  const fd = openSync(file.path, constants.O_RDONLY | constants.O_NOFOLLOW);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      progress.read += chunk.length;
      hash.update(chunk);
      onProgress?.(progress.read);
      done(null, chunk);
    },
    flush(done) {
      progress.sha256 = hash.digest('hex');
      done();
    },
  });
  const source = createReadStream('', { fd, highWaterMark: 256 * 1024 });
  source.on('error', (error) => counter.destroy(readError(file, error)));
  return { stream: source.pipe(counter), progress };
}

/** A read that failed half-way: the usual cause on a box is a stick pulled out. */
export function readError(file: ImportFile, error: Error): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EIO' || code === 'ENOENT' || code === 'ENODEV' || code === 'EBADF') {
    return new AppError('bad_request', `${file.name}: the file could not be read to the end (was the stick removed?)`);
  }
  return new AppError('bad_request', `${file.name}: the file could not be read (${error.message})`);
}
