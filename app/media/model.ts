// What a media file and a useful link are, the schemas of their writes, and the cleaning of names and folders.
import { z } from 'zod';
import { text } from '../core/validation.ts';

export type MediaKind = 'image' | 'document';

export interface MediaFile {
  id: string;
  elementId: string;
  /** '' is the library's root; nested folders are joined with '/'. */
  folder: string;
  /** Sanitized, with the extension of the detected type: given on download. */
  name: string;
  /** Found from the content, never from the name or the declared type. */
  mime: string;
  kind: MediaKind;
  bytes: number;
  width: number | null;
  height: number | null;
  sha256: string;
  uploadedBy: string | null;
  createdAt: string;
}

export interface UsefulLink {
  id: string;
  elementId: string;
  url: string;
  title: string;
  description: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Longest side of a stored image, and of its thumbnail. */
export const imageSide = 1600;
export const thumbnailSide = 320;
/** A room shows at most this many photos. */
export const maxRoomPhotos = 12;

const maxNameLength = 120;
const maxFolderSegment = 60;
const maxFolderDepth = 5;

/**
 * One safe name segment: no path separators, control or format characters (a right-to-left override can
 * disguise an extension), no leading dots or spaces, no characters Windows refuses; capped in length.
 */
function cleanSegment(raw: string, max: number): string {
  const cleaned = raw.normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[/\\<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+/, '')
    .trim();
  return [...cleaned].slice(0, max).join('').trim();
}

/** The name a file is stored and downloaded under: the given name's stem, and the extension of its real type. */
export function cleanFileName(raw: string, extension: string): string {
  const base = (raw.split(/[/\\]/).pop() ?? '').replace(/^[\s.]+/, '');
  const stem = cleanSegment(base.includes('.') ? base.replace(/\.[^.]*$/, '') : base, maxNameLength - extension.length - 1).replace(/\.+$/, '');
  return `${stem || 'file'}.${extension}`;
}

/** A folder path as typed ("Salles / Grande salle"): cleaned segments joined by '/', '' for the root. */
export function cleanFolder(raw: string): string {
  return raw.split(/[/\\]/).map((segment) => cleanSegment(segment, maxFolderSegment)).filter(Boolean).slice(0, maxFolderDepth).join('/');
}

const folderField = z.string().max(1000).transform(cleanFolder);

export const moveSchema = z.object({ folder: folderField }).strict();

export const listQuerySchema = z.object({ folder: folderField.optional() }).strict();

const httpUrl = text(2000).trim().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'Give an address starting with http:// or https://');

export const usefulLinkSchema = z.object({
  url: httpUrl,
  title: text(120).trim().min(1, 'A title is required'),
  description: text(500).trim().default(''),
}).strict();

export const usefulLinkPatchSchema = usefulLinkSchema.partial().strict();

export type UsefulLinkInput = z.infer<typeof usefulLinkSchema>;

export const roomPhotosSchema = z.object({
  mediaIds: z.array(z.uuid()).max(maxRoomPhotos, 'A room has at most 12 photos'),
}).strict();

/** A size in English for messages ("9.5 MB", "2 GB"); pages format sizes with Intl. */
export function sizeLabel(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1024) return `${Number((mib / 1024).toFixed(1))} GB`;
  if (mib >= 1) return `${Number(mib.toFixed(mib < 10 ? 1 : 0))} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}
