// The .copi-update file: line 1 a JSON header, line 2 the base64 Ed25519 signature of line 1's exact bytes,
// then the payload, a release tarball (npm run bundle's) whose length and sha256 the header gives. Read as a
// stream (a release is ~80 MB): the header is checked, then the payload is counted and hashed as it passes,
// optionally into a sink (tar, on the root side), so what is extracted is exactly what was checked.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { closeSync, constants, createReadStream, createWriteStream, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { compareVersions, versionPattern } from './version.ts';

export const updateFormat = 'copi-update/1';
// Far above a real header (~250 bytes): anything longer is not one of ours.
const maxHeaderBytes = 4096;

export const updateHeader = z.strictObject({
  format: z.literal(updateFormat),
  name: z.literal('copi'),
  version: z.string().regex(versionPattern),
  arch: z.enum(['x64', 'arm64']),
  node: z.string().regex(/^v\d+\.\d+\.\d+$/),
  payloadBytes: z.number().int().positive(),
  payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
  created: z.iso.datetime(),
});
export type UpdateHeader = z.infer<typeof updateHeader>;

/** An update refused; the message says what is wrong, for the admin (translated by app/core/i18n/messages.ts). */
export class UpdateRefused extends Error {}

/** The public keys (`*.pub`, PEM) the box trusts; none when the image has no keys folder. */
export function trustedKeys(keysDir: string): KeyObject[] {
  if (!existsSync(keysDir)) return [];
  return readdirSync(keysDir).filter((name) => name.endsWith('.pub')).sort()
    .map((name) => createPublicKey(readFileSync(join(keysDir, name))));
}

/** Writes `payload` (a release tarball) as a signed .copi-update file at `out`. */
export async function writeUpdateFile(out: string, payload: string, privateKeyPem: string, release: Pick<UpdateHeader, 'version' | 'arch' | 'node'>): Promise<UpdateHeader> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(payload)) hash.update(chunk as Buffer);
  const header: UpdateHeader = updateHeader.parse({
    format: updateFormat, name: 'copi', version: release.version, arch: release.arch, node: release.node, payloadBytes: statSync(payload).size, payloadSha256: hash.digest('hex'), created: new Date().toISOString(),
  });
  const line = Buffer.from(JSON.stringify(header));
  const signature = sign(null, line, privateKeyPem).toString('base64');
  const output = createWriteStream(out, { mode: 0o644 });
  output.write(line);
  output.write(`\n${signature}\n`);
  await pipeline(createReadStream(payload), output);
  return header;
}

export interface Expectations {
  keys: KeyObject[];
  /** This box's `process.arch`. */
  arch: string;
  /** The running release's version: the update must be strictly newer. */
  installed: string;
}

/**
 * Checks an update file from scratch: header, signature, architecture, version, then the payload's length and
 * sha256 while it streams into `sink` (if any). Throws UpdateRefused naming what is wrong.
 */
export async function readUpdateFile(path: string, expect: Expectations, sink?: Writable): Promise<UpdateHeader> {
  // Never through a link: the root side reads a file the copi user placed.
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new UpdateRefused('This is not a CoPi update file');
    throw error;
  }
  let handedOver = false;
  try {
    const { header, payloadStart } = checkedHeader(fd, expect);
    const payloadBytes = fstatSync(fd).size - payloadStart;
    if (payloadBytes < header.payloadBytes) throw new UpdateRefused('The update file is truncated: copy it again');
    if (payloadBytes > header.payloadBytes) throw new UpdateRefused('The update file is longer than its signed content: it was changed after signing');
    handedOver = true;
    await checkPayload(createReadStream('', { fd, start: payloadStart }), header, sink);
    return header;
  } finally {
    if (!handedOver) closeSync(fd);
  }
}

function checkedHeader(fd: number, expect: Expectations): { header: UpdateHeader; payloadStart: number } {
  const head = Buffer.alloc(maxHeaderBytes + 200);
  const length = readSync(fd, head, 0, head.length, 0);
  const firstEnd = head.subarray(0, length).indexOf(0x0a);
  const secondEnd = firstEnd < 0 ? -1 : head.subarray(0, length).indexOf(0x0a, firstEnd + 1);
  if (firstEnd < 0 || firstEnd > maxHeaderBytes || secondEnd < 0) throw new UpdateRefused('This is not a CoPi update file');
  const line = head.subarray(0, firstEnd);
  let parsed: ReturnType<typeof updateHeader.safeParse>;
  try {
    parsed = updateHeader.safeParse(JSON.parse(line.toString('utf8')));
  } catch {
    throw new UpdateRefused('This is not a CoPi update file');
  }
  if (!parsed.success) throw new UpdateRefused('This is not a CoPi update file');
  const header = parsed.data;
  if (expect.keys.length === 0) throw new UpdateRefused('This box accepts no updates: its image has no update key');
  const signature = Buffer.from(head.subarray(firstEnd + 1, secondEnd).toString('latin1'), 'base64');
  if (!expect.keys.some((key) => verify(null, line, key, signature))) {
    throw new UpdateRefused('The update is not signed by a key this box trusts');
  }
  if (header.arch !== expect.arch) throw new UpdateRefused(`This update is for ${header.arch} boxes, and this box is ${expect.arch}`);
  if (compareVersions(header.version, expect.installed) <= 0) {
    throw new UpdateRefused(`This update is version ${header.version}, not newer than the installed ${expect.installed}`);
  }
  return { header, payloadStart: secondEnd + 1 };
}

async function checkPayload(source: NodeJS.ReadableStream, header: UpdateHeader, sink?: Writable): Promise<void> {
  const hash = createHash('sha256');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > header.payloadBytes) return done(new UpdateRefused('The update file is longer than its signed content: it was changed after signing'));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  if (sink) await pipeline(source, counter, sink);
  else await pipeline(source, counter, async (checked: AsyncIterable<Buffer>) => { for await (const _ of checked); });
  // Shorter than measured before reading: the file was cut while being read.
  if (bytes < header.payloadBytes) throw new UpdateRefused('The update file is truncated: copy it again');
  if (hash.digest('hex') !== header.payloadSha256) throw new UpdateRefused('The update file is damaged: its content does not match its signature');
}
