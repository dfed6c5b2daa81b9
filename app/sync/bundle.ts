// Sync bundles (sneakernet, PROTOCOL.md "Bundles"): what a peer may receive, written to a file that a USB
// stick carries to it, and imported there exactly as a push from this box. A bundle is checked whole — its
// signed header, then the hash and count of its records — before a single record is applied: a tampered or
// cut-short stick changes nothing. Both ends stream, a chunk or a batch at a time, whatever the bundle's size.
import { createHash } from 'node:crypto';
import { closeSync, constants, createWriteStream, openSync, readSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { transaction } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { boxIdOf, boxIdPattern, fingerprintOf, publicKeyPattern, signBytes, verifySignature, type BoxKeys } from '../box/identity.ts';
import { boxKeys } from '../box/settings.ts';
import type { Deps } from '../deps.ts';
import { LineBatches, type BatchResult } from './apply.ts';
import { readLines } from './ndjson.ts';
import { recordsFor } from './outgoing.ts';
import { acksOf, cursorsFrom, findPeer, listPeers, saveAcks, type Peer } from './storage.ts';

export const bundleVersion = 1;
/** `copi-sync-<from>-<to or all>-<n>.ndjson` */
export const bundleNamePattern = /^copi-sync-([a-z2-7]{26})-([a-z2-7]{26}|all)-(\d+)\.ndjson$/;
const maxHeaderBytes = 64 * 1024;
const chunkBytes = 64 * 1024;
/** Records applied per transaction. */
const applyEvery = 200;

const boxId = z.string().regex(boxIdPattern);
const headerSchema = z.object({
  bundle: z.literal(bundleVersion),
  from: boxId,
  key: z.string().regex(publicKeyPattern),
  to: z.union([boxId, z.literal('all')]),
  records: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** What the writer holds from the box it addresses (its cursors for it), as a pull would tell. */
  acks: z.record(boxId, z.object({ epoch: z.string().regex(/^[0-9a-f]{16}$/), seq: z.number().int().min(0) })).optional(),
});
export type BundleHeader = z.infer<typeof headerSchema>;

/** The header line: its JSON text with `sig` added last; the signature is over the text without it. */
export function headerLine(keys: BoxKeys, header: BundleHeader): string {
  const { bundle, from, key, to, records, sha256, acks } = header;
  const text = JSON.stringify({ bundle, from, key, to, records, sha256, ...(acks ? { acks } : {}) });
  return `${text.slice(0, -1)},"sig":"${signBytes(keys, text)}"}\n`;
}

/** The signed text and signature of a header line; the text is verified as it is, never re-serialised. */
const signedLine = /^(\{.*),"sig":"([A-Za-z0-9_-]{1,200})"\}$/s;


// ---- export ----

/** An error of the file system (not of the database, not a refusal). */
const isFileError = (error: unknown): error is NodeJS.ErrnoException => error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';

export interface WrittenBundle {
  name: string;
  path: string;
  to: string;
  peerName: string;
  records: number;
  bytes: number;
}

/**
 * Writes a bundle for one peer, or one for each peer with `all` (each holds what that peer may receive,
 * under the types, zones and relaying chosen for it), into `dir`.
 */
export async function exportBundle(deps: Pick<Deps, 'db' | 'box'>, options: { to: string; dir: string }): Promise<WrittenBundle[]> {
  const peers = options.to === 'all' ? listPeers(deps.db) : [findPeer(deps.db, options.to)];
  if (peers[0] === null) throw new AppError('not_found', 'No such peer', 'to');
  if (peers.length === 0) throw new AppError('conflict', 'This box has no peers yet: add one first', 'to');
  const written: WrittenBundle[] = [];
  try {
    await mkdir(options.dir, { recursive: true });
    for (const peer of peers as Peer[]) written.push(await writeBundle(deps, peer, options.dir));
  } catch (error) {
    if (!isFileError(error)) throw error;
    // A full, read-only or pulled-out stick: what was written whole stays, nothing half-written does.
    throw new AppError('conflict', `The bundle could not be written (${error.code}): is the stick full, read-only or pulled out?`, 'to');
  }
  return written;
}

/** The body streamed to a hidden file beside it, then the header and body copied into a second one, renamed last. */
async function writeBundle(deps: Pick<Deps, 'db' | 'box'>, peer: Peer, dir: string): Promise<WrittenBundle> {
  const keys = boxKeys(deps.db);
  const name = await nextName(dir, keys.boxId, peer.boxId);
  const bodyPath = join(dir, `.${name}.body.tmp`);
  const tempPath = join(dir, `.${name}.tmp`);
  try {
    const envelopes = recordsFor(deps.db, deps.box.boxId, peer, acksOf(deps.db, peer.boxId), Number.MAX_SAFE_INTEGER);
    const body = await writeBody(bodyPath, envelopes);
    const line = headerLine(keys, {
      bundle: bundleVersion, from: keys.boxId, key: keys.publicKey, to: peer.boxId, records: body.records, sha256: body.sha256,
      acks: cursorsFrom(deps.db, peer.boxId),
    });
    await writeFile(tempPath, line);
    await pipeline(Readable.from(chunksOf(bodyPath)), createWriteStream(tempPath, { flags: 'a', flush: true }));
    await rename(tempPath, join(dir, name));
    return { name, path: join(dir, name), to: peer.boxId, peerName: peer.name, records: body.records, bytes: Buffer.byteLength(line) + body.bytes };
  } finally {
    await rm(bodyPath, { force: true });
    await rm(tempPath, { force: true });
  }
}

async function writeBody(path: string, envelopes: Iterable<{ r: string; s: string; h: number }>) {
  const hash = createHash('sha256');
  let records = 0;
  let bytes = 0;
  async function* chunks() {
    let text = '';
    const take = () => {
      const chunk = Buffer.from(text);
      text = '';
      hash.update(chunk);
      bytes += chunk.length;
      return chunk;
    };
    for (const { r, s, h } of envelopes) {
      text += `${JSON.stringify({ r, s, h })}\n`;
      records++;
      if (text.length >= chunkBytes) yield take();
    }
    if (text) yield take();
  }
  await pipeline(Readable.from(chunks()), createWriteStream(path, { flush: true }));
  return { sha256: hash.digest('hex'), records, bytes };
}

async function* chunksOf(path: string) {
  const file = await open(path, 'r');
  try {
    yield* file.createReadStream({ autoClose: false, highWaterMark: chunkBytes });
  } finally {
    await file.close();
  }
}

/** The next number for bundles from this box to that one in this folder. */
async function nextName(dir: string, from: string, to: string) {
  let last = 0;
  for (const name of await readdir(dir)) {
    const match = bundleNamePattern.exec(name);
    if (match && match[1] === from && match[2] === to) last = Math.max(last, Number(match[3]));
  }
  return `copi-sync-${from}-${to}-${last + 1}.ndjson`;
}

// ---- import ----

export interface ImportedBundle extends BatchResult {
  from: string;
  fromName: string;
  records: number;
}

/**
 * Imports a bundle: refused whole (an AppError saying why, nothing applied) unless it comes from a peer, its
 * header's signature verifies with that peer's key, it is addressed to this box (or all), and its records
 * hash and count as the header says; then applied a batch at a time by the acceptance rules, `line` of a
 * refused record being its line in the file.
 */
export async function importBundle(deps: Pick<Deps, 'db' | 'box'>, path: string): Promise<ImportedBundle> {
  const file = await openBundle(path);
  try {
    const { line, bodyStart } = await readHeaderLine(file);
    const { header, peer } = checkHeader(deps, line);
    await checkBody(file, bodyStart, header);
    const result = await applyBody(deps, file, bodyStart, header.from);
    if (header.acks && header.to === deps.box.boxId) transaction(deps.db, () => saveAcks(deps.db, header.from, header.acks!));
    return { from: header.from, fromName: peer.name, records: header.records, ...result };
  } catch (error) {
    // A stick pulled out while it was read: the batches applied before stay, each whole (as after a dropped link).
    throw isFileError(error) ? unreadable(error.code ?? error.message) : error;
  } finally {
    await file.close();
  }
}

const unreadable = (why: string) => new AppError('bad_request', `The bundle cannot be read (${why})`, 'path');

async function openBundle(path: string): Promise<FileHandle> {
  let file: FileHandle;
  try {
    // A link is never followed: a stick's file must be the bundle itself (and a named pipe cannot block the open).
    file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new AppError('bad_request', 'This is a link to another file, not a bundle: copy the bundle itself onto the stick', 'path');
    if (code === 'ENOENT') throw new AppError('not_found', 'No such bundle file', 'path');
    throw unreadable(code ?? (error as Error).message);
  }
  if (!(await file.stat()).isFile()) {
    await file.close();
    throw new AppError('bad_request', 'This is not a regular file', 'path');
  }
  return file;
}

const notABundle = () => new AppError('bad_request', 'This file is not a CoPi sync bundle (its first line is not a bundle header)', 'path');

/** The header line in the first bytes read of a bundle, and where the records start; null without a line end. */
function headerIn(start: Buffer): { line: string; bodyStart: number } | null {
  const end = start.indexOf(0x0a);
  return end < 0 ? null : { line: start.subarray(0, end).toString('utf8'), bodyStart: end + 1 };
}

async function readHeaderLine(file: FileHandle): Promise<{ line: string; bodyStart: number }> {
  const buffer = Buffer.alloc(maxHeaderBytes);
  const { bytesRead } = await file.read(buffer, 0, maxHeaderBytes, 0);
  const header = headerIn(buffer.subarray(0, bytesRead));
  if (!header) throw notABundle();
  return header;
}

/** The header's checks, in the order a reader can explain them; throws AppError naming what is wrong. */
function checkHeader(deps: Pick<Deps, 'db' | 'box'>, line: string): { header: BundleHeader; peer: Peer } {
  const signed = signedLine.exec(line);
  const text = signed ? `${signed[1]}}` : line;
  let fields: unknown;
  try {
    fields = JSON.parse(text);
  } catch {
    throw notABundle();
  }
  if (!fields || typeof fields !== 'object' || !('bundle' in fields)) throw notABundle();
  if (fields.bundle !== bundleVersion) throw new AppError('bad_request', `This bundle is of version ${String(fields.bundle)}, which this box does not read`, 'path');
  const parsed = headerSchema.safeParse(fields);
  if (!parsed.success) throw new AppError('bad_request', `The bundle’s header is malformed (${parsed.error.issues[0].path.join('.') || 'header'})`, 'path');
  if (!signed) throw new AppError('bad_request', 'The bundle’s header is not signed', 'path');
  const header = parsed.data;
  if (header.from === deps.box.boxId) throw new AppError('bad_request', 'This bundle was written by this box itself', 'path');
  const peer = findPeer(deps.db, header.from);
  if (!peer) throw new AppError('forbidden', `This bundle comes from box ${fingerprintOf(header.from)}, which is not a peer of this box: add it as a peer first`, 'path');
  if (boxIdOf(header.key) !== header.from || header.key !== peer.publicKey) {
    throw new AppError('bad_request', `The bundle’s header is forged: its key is not the key of ${peer.name || fingerprintOf(peer.boxId)}`, 'path');
  }
  if (!verifySignature(header.key, text, signed[2])) throw new AppError('bad_request', 'The bundle’s header was altered: its signature does not verify', 'path');
  if (header.to !== deps.box.boxId && header.to !== 'all') {
    throw new AppError('bad_request', `This bundle is addressed to box ${fingerprintOf(header.to)}, not to this box`, 'path');
  }
  return { header, peer };
}

/** First pass: the records' bytes must hash to the header's SHA-256 and hold its count of lines. */
async function checkBody(file: FileHandle, bodyStart: number, header: BundleHeader) {
  const hash = createHash('sha256');
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of file.createReadStream({ start: bodyStart, autoClose: false, highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) lines++;
    last = chunk[chunk.length - 1];
  }
  const intact = hash.digest('hex') === header.sha256;
  if (!intact && (lines < header.records || last !== 0x0a)) {
    throw new AppError('bad_request', `The bundle is cut short: it holds ${lines} of the ${header.records} records its header announces; copy it again`, 'path');
  }
  if (!intact) throw new AppError('bad_request', 'The bundle’s records were altered: their SHA-256 is not the one its signed header gives', 'path');
  if (lines !== header.records) throw new AppError('bad_request', `The bundle holds ${lines} records, not the ${header.records} its header announces`, 'path');
}

/** Second pass: the records applied as a push from the peer, a batch per transaction. */
async function applyBody(deps: Pick<Deps, 'db' | 'box'>, file: FileHandle, bodyStart: number, from: string): Promise<BatchResult> {
  const batches = new LineBatches(deps.db, deps.box.boxId, from, applyEvery);
  let lineNumber = 1; // the header
  for await (const line of readLines(file.createReadStream({ start: bodyStart, autoClose: false, highWaterMark: chunkBytes }))) {
    lineNumber++;
    if ('value' in line) batches.add(lineNumber, line.value);
    else batches.refuse(lineNumber, line.error);
  }
  batches.flush();
  return batches.total;
}

// ---- listing ----

export interface BundleInfo {
  from: string | null;
  fromName: string | null;
  to: string | null;
  records: number | null;
  /** Why this box would refuse it, from its header alone; null when it may be imported. */
  problem: string | null;
}

/** What a bundle's header says, and whether this box would take it (the records are checked on import only). */
export function describeBundle(deps: Pick<Deps, 'db' | 'box'>, path: string): BundleInfo {
  const info: BundleInfo = { from: null, fromName: null, to: null, records: null, problem: null };
  let line: string;
  try {
    const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      const buffer = Buffer.alloc(maxHeaderBytes);
      line = headerIn(buffer.subarray(0, readSync(fd, buffer, 0, maxHeaderBytes, 0)))?.line ?? '';
    } finally {
      closeSync(fd);
    }
  } catch {
    return { ...info, problem: 'The bundle cannot be read' };
  }
  try {
    const signed = signedLine.exec(line);
    const fields = JSON.parse(signed ? `${signed[1]}}` : line) as Partial<BundleHeader>;
    Object.assign(info, {
      from: typeof fields.from === 'string' ? fields.from : null, to: typeof fields.to === 'string' ? fields.to : null,
      records: typeof fields.records === 'number' ? fields.records : null,
    });
  } catch { /* checkHeader says why */ }
  try {
    info.fromName = checkHeader(deps, line).peer.name;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    info.problem = error.message;
  }
  return info;
}
