// Opaque identifiers: UUIDv7 for rows (time-ordered, so cursors follow creation), random tokens for links.
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { nowMs } from './time.ts';

let lastMs = 0;
let counter = 0;

// Row ids are not secrets: their random bits come from a pool filled 4 KB at a time, since asking the
// system for 16 bytes per row took a third of an import's time.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomFromPool(length: number): Buffer {
  if (poolOffset + length > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += length;
  return pool.subarray(poolOffset - length, poolOffset);
}

/**
 * RFC 9562 UUIDv7; a 12-bit counter keeps ids made in the same millisecond ordered. The time comes from the
 * box's floored clock (core/time.ts), so ids stay ordered even when the system clock goes back.
 */
export function uuidv7(now = nowMs()): string {
  if (now <= lastMs) {
    counter = (counter + 1) & 0xfff;
    if (counter === 0) lastMs += 1;
    now = lastMs;
  } else {
    lastMs = now;
    counter = randomFromPool(2).readUInt16BE() & 0x7ff;
  }
  const bytes = Buffer.from(randomFromPool(16));
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A secret for a link or a cookie; only its hash is stored. */
export const newSecret = () => randomBytes(24).toString('base64url');
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
