// Which format a file most likely is, from its name and its first 4 KB (never following a link).
import { closeSync, constants, openSync, readSync } from 'node:fs';
import type { FormatId } from './model.ts';
import { recognizeFormat } from './formats/index.ts';
import { decodeWhole } from './read/text.ts';

const headBytes = 4096;

/** The first bytes of a file as text (UTF-8, else Windows-1252); empty when it cannot be read. */
export function readHead(path: string): string {
  let fd: number | null = null;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    const buffer = Buffer.alloc(headBytes);
    const read = readSync(fd, buffer, 0, headBytes, 0);
    // A UTF-8 character cut at the 4 KB boundary would make the whole head read as Windows-1252: drop it.
    let end = read;
    if (read === headBytes) while (end > read - 4 && (buffer[end - 1] & 0xc0) === 0x80) end--;
    if (read === headBytes && end > 0 && buffer[end - 1] >= 0xc0) end--;
    return decodeWhole(buffer.subarray(0, end));
  } catch {
    return '';
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The format this file most likely is; null when no format recognises it. */
export function recognizeFile(path: string, name: string): FormatId | null {
  return recognizeFormat(name, readHead(path));
}
