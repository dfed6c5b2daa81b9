// Records: one change of one element, as its origin box writes and signs it (app/sync/PROTOCOL.md). The
// signed text is kept and forwarded byte for byte; it is parsed to be checked and applied, never rewritten.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { boxIdOf, boxIdPattern, publicKeyPattern, signBytes, verifySignature, type BoxKeys } from '../box/identity.ts';

export const protocolVersion = 1;
/** A record is not forwarded once it has travelled this many hops. */
export const hopLimit = 3;

const text = (max: number) => z.string().max(max);
const nullableText = (max: number) => z.string().max(max).nullable();

const cardSchema = z.object({
  type: z.string().regex(/^[a-z]{2,20}$/),
  kind: nullableText(80),
  slug: text(120),
  name: z.string().min(1).max(200),
  shortDescription: text(400),
  tags: z.array(text(60)).max(30),
  communeInsee: z.string().regex(/^[0-9AB]{5}$/).nullable(),
  postalCode: text(10),
  locality: text(120),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  startsAt: nullableText(40),
  endsAt: nullableText(40),
  allDay: z.boolean(),
  timezone: nullableText(64),
  rrule: nullableText(500),
  url: text(500),
  category: nullableText(60),
  priceCents: z.number().int().nullable(),
  currency: nullableText(8),
  expiresAt: nullableText(40),
  closedAt: nullableText(40),
});
export type Card = z.infer<typeof cardSchema>;

const recordSchema = z.object({
  copi: z.literal(protocolVersion),
  origin: z.string().regex(boxIdPattern),
  key: z.string().regex(publicKeyPattern),
  epoch: z.string().regex(/^[0-9a-f]{16}$/),
  seq: z.number().int().positive(),
  id: z.string().regex(/^[0-9a-f-]{36}$/),
  op: z.enum(['put', 'delete']),
  card: cardSchema.optional(),
  details: z.string().max(64).nullable().optional(),
}).refine((record) => (record.op === 'put') === (record.card !== undefined), { message: 'a put has a card, a delete none', path: ['card'] });
export type SyncRecord = z.infer<typeof recordSchema>;

/** One line of NDJSON: the record text, its signature, the hops it travelled (not signed). */
export interface Envelope {
  r: string;
  s: string;
  h: number;
}

/** A record checked: parsed, its key matching its origin, its signature right. */
export interface CheckedRecord {
  record: SyncRecord;
  envelope: Envelope;
}

export class RecordError extends Error {}

/** Writes and signs a record of this box. */
export function signRecord(keys: BoxKeys, record: Omit<SyncRecord, 'copi' | 'origin' | 'key'>): Envelope {
  const raw = JSON.stringify({ copi: protocolVersion, origin: keys.boxId, key: keys.publicKey, ...record });
  return { r: raw, s: signBytes(keys, raw), h: 0 };
}

// Built once: a zod schema built for each call costs about 0.2 ms a record (measured), 100 times its parse.
const envelopeSchema = z.object({ r: z.string().max(64 * 1024), s: z.string().max(200), h: z.number().int().min(0).max(100).default(0) });

/** Checks steps 1–3 of PROTOCOL.md's "Accepting a record"; throws RecordError naming what is wrong. */
export function checkEnvelope(line: unknown): CheckedRecord {
  const envelope = envelopeSchema.safeParse(line);
  if (!envelope.success) throw new RecordError('bad envelope: expected {r, s, h}');
  let parsed: unknown;
  try {
    parsed = JSON.parse(envelope.data.r);
  } catch {
    throw new RecordError('bad record: not JSON');
  }
  const checked = recordSchema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new RecordError(`bad record: ${issue.path.join('.') || 'record'} (${issue.message})`);
  }
  const record = checked.data;
  if (boxIdOf(record.key) !== record.origin) throw new RecordError('key does not match origin');
  if (!verifySignature(record.key, envelope.data.r, envelope.data.s)) throw new RecordError('bad signature');
  return { record, envelope: envelope.data };
}

export const detailsHash = (details: string) => createHash('sha256').update(details).digest('base64url');
