// What a file is, from its first bytes only (never its name or declared type). Zip files and text are
// settled once the whole file is there (./zip.ts, the UTF-8 check in ./guard.ts).
import { AppError } from '../core/errors.ts';
import type { MediaKind } from './model.ts';

export type Sniffed =
  | { kind: 'image'; format: 'jpeg' | 'png' | 'webp' | 'gif' }
  | { kind: 'pdf' }
  | { kind: 'zip' }
  | { kind: 'text' }
  | { kind: 'markup' }
  | { kind: 'unknown' };

/** Bytes enough to tell the types apart (and to see markup after a BOM and some blank lines). */
export const headBytes = 1024;

const startsWith = (head: Buffer, bytes: number[], at = 0) => bytes.every((byte, i) => head[at + i] === byte);
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

export function sniff(head: Buffer): Sniffed {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'image', format: 'jpeg' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', format: 'png' };
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return { kind: 'image', format: 'webp' };
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return { kind: 'image', format: 'gif' };
  if (startsWith(head, ascii('%PDF-'))) return { kind: 'pdf' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'zip' };
  if (looksLikeMarkup(head)) return { kind: 'markup' };
  if (head.length > 0 && !head.includes(0)) return { kind: 'text' };
  return { kind: 'unknown' };
}

/**
 * HTML, SVG or XML: a tag first, after a BOM and blank space. Browsers sniff such files as pages even
 * under another name, and they can carry scripts: refused, whatever they are called.
 */
function looksLikeMarkup(head: Buffer): boolean {
  const start = head.toString('latin1').replace(/^(\xef\xbb\xbf|\xfe\xff|\xff\xfe)/, '').replace(/\0/g, '').trimStart();
  return /^<[!?a-z/]/i.test(start);
}

/** How the type limits the size while the file streams in: an image may be larger before it is resized. */
export const streamKind = (sniffed: Sniffed): MediaKind => (sniffed.kind === 'image' ? 'image' : 'document');

export const markupRefused = () => new AppError('unsupported_media_type', 'HTML, SVG and XML files are not accepted: they can carry scripts', 'file');

export const typeRefused = () => new AppError('unsupported_media_type',
  'This type of file is not accepted: images (JPEG, PNG, WebP, GIF), PDF, OpenDocument, Word, Excel or PowerPoint files, and plain text', 'file');

export const imageExpected = () => new AppError('unsupported_media_type', 'Only images are accepted here: JPEG, PNG, WebP or GIF', 'file');

export const notUtf8 = () => new AppError('unsupported_media_type', 'A text file must be written in UTF-8', 'file');

/** The type a document is stored and served as, with its extension. */
export interface DocumentType {
  mime: string;
  extension: string;
}

export const pdfType: DocumentType = { mime: 'application/pdf', extension: 'pdf' };
export const textType: DocumentType = { mime: 'text/plain; charset=utf-8', extension: 'txt' };
