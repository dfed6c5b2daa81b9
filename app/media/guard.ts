// Watches an upload as it streams to disk: counts its bytes against the file's limit and the box's quota,
// tells its type from the first bytes (refusing markup and unknown types at once), checks that text is
// UTF-8 without NUL, and hashes it. The first failure stops the stream: nothing more is read or written.
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../core/errors.ts';
import { headBytes, imageExpected, markupRefused, notUtf8, sniff, streamKind, typeRefused, type Sniffed } from './detect.ts';
import { sizeLabel } from './model.ts';

export interface GuardLimits {
  image: number;
  document: number;
  /** Bytes used by all the box's files, and the quota they share. */
  used: number;
  quota: number;
  /** Refuse anything but an image, as soon as the first bytes show it (room photos, pictures of a post). */
  imagesOnly?: boolean;
}

export const tooLarge = (limit: number) => new AppError('payload_too_large', `This file is too large: the limit is ${sizeLabel(limit)}`, 'file');

export const storageFull = (used: number, quota: number) =>
  new AppError('payload_too_large', `The box's storage for files is full: ${sizeLabel(used)} used of ${sizeLabel(quota)}`, 'file');

export class UploadGuard extends Transform {
  bytes = 0;
  sniffed: Sniffed | null = null;
  private readonly limits: GuardLimits;
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLength = 0;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  constructor(limits: GuardLimits) {
    super();
    this.limits = limits;
  }

  /** The hash of everything that passed; once, at the end. */
  sha256(): string {
    return this.hash.digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    try {
      this.bytes += chunk.length;
      // Until the head is complete, its chunks are checked together when the type is decided.
      if (this.sniffed === null) this.collectHead(chunk);
      else this.checkText(chunk, true);
      this.checkSize();
      this.hash.update(chunk);
      done(null, chunk);
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback) {
    try {
      if (this.sniffed === null) this.decide(Buffer.concat(this.head));
      this.checkText(Buffer.alloc(0), false);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private collectHead(chunk: Buffer) {
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength >= headBytes) this.decide(Buffer.concat(this.head));
  }

  private decide(head: Buffer) {
    this.head = [];
    this.sniffed = sniff(head);
    if (this.sniffed.kind === 'markup') throw markupRefused();
    if (this.sniffed.kind === 'unknown') throw typeRefused();
    if (this.limits.imagesOnly && this.sniffed.kind !== 'image') throw imageExpected();
    this.checkText(head, true);
  }

  /** Until the type is known, the larger (image) limit holds. */
  private checkSize() {
    const { image, document, used, quota } = this.limits;
    const limit = this.sniffed === null || streamKind(this.sniffed) === 'image' ? image : document;
    if (used + this.bytes > quota) throw storageFull(used, quota);
    if (this.bytes > limit) throw tooLarge(limit);
  }

  private checkText(chunk: Buffer, more: boolean) {
    if (this.sniffed?.kind !== 'text') return;
    if (chunk.includes(0)) throw typeRefused();
    try {
      this.utf8.decode(chunk, { stream: more });
    } catch {
      throw notUtf8();
    }
  }
}
