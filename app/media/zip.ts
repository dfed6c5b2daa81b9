// Which office document a zip file is: OpenDocument names its type in a first, uncompressed `mimetype`
// entry; OOXML (docx, xlsx, pptx) in `[Content_Types].xml`. Only the central directory and that one entry
// are read, with caps on every size, so a crafted zip cannot make the box read or inflate much.
import { open, type FileHandle } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import type { DocumentType } from './detect.ts';

const openDocumentTypes: Record<string, string> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};

// The main part's content type; macro-enabled and template variants have other ones and are refused.
const officeTypes: { part: string; mime: string; extension: string }[] = [
  {
    part: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx',
  },
  {
    part: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx',
  },
  {
    part: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx',
  },
];

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

const maxCentralDirectory = 4 * 1024 * 1024;
const maxContentTypes = 256 * 1024;

/** The document type of a zip file on disk, or null when it is no OpenDocument or OOXML file. */
export async function zipDocumentType(path: string): Promise<DocumentType | null> {
  const file = await open(path, 'r');
  try {
    const entries = await centralDirectory(file, (await file.stat()).size);
    if (!entries) return null;
    const mimetype = entries.find((entry) => entry.name === 'mimetype');
    if (mimetype && mimetype.method === 0 && mimetype.compressedSize <= 100) {
      const extension = openDocumentTypes[(await entryData(file, mimetype))?.toString('latin1') ?? ''];
      if (extension) return { mime: Object.keys(openDocumentTypes).find((mime) => openDocumentTypes[mime] === extension)!, extension };
    }
    const contentTypes = entries.find((entry) => entry.name === '[Content_Types].xml');
    if (!contentTypes || contentTypes.compressedSize > maxContentTypes) return null;
    const data = await entryData(file, contentTypes);
    const xml = data ? inflated(data, contentTypes.method) : null;
    const office = xml ? officeTypes.find((type) => xml.includes(`ContentType="${type.part}"`)) : undefined;
    return office ? { mime: office.mime, extension: office.extension } : null;
  } finally {
    await file.close();
  }
}

async function read(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

async function centralDirectory(file: FileHandle, size: number): Promise<Entry[] | null> {
  // The end record is 22 bytes, followed by a comment of at most 65535 bytes.
  const tailLength = Math.min(size, 22 + 65535);
  const tail = await read(file, size - tailLength, tailLength);
  const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > tail.length) return null;
  const count = tail.readUInt16LE(end + 10);
  const length = tail.readUInt32LE(end + 12);
  const offset = tail.readUInt32LE(end + 16);
  if (length > maxCentralDirectory || offset + length > size) return null;
  const directory = await read(file, offset, length);
  const entries: Entry[] = [];
  let at = 0;
  for (let i = 0; i < count && at + 46 <= directory.length; i++) {
    if (directory.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = directory.readUInt16LE(at + 28);
    entries.push({
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      localOffset: directory.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
  }
  return entries;
}

async function entryData(file: FileHandle, entry: Entry): Promise<Buffer | null> {
  const header = await read(file, entry.localOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) return null;
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const data = await read(file, start, entry.compressedSize);
  return data.length === entry.compressedSize ? data : null;
}

function inflated(data: Buffer, method: number): string | null {
  try {
    if (method === 0) return data.toString('utf8');
    if (method === 8) return inflateRawSync(data, { maxOutputLength: 4 * maxContentTypes }).toString('utf8');
  } catch {
    // A damaged or oversized entry: not a document this box accepts.
  }
  return null;
}
