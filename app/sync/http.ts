// The /sync/v1 endpoints a peer calls (PROTOCOL.md). Every one but hello is signed by a peer the admin
// added; answers stream, a page of records at a time; pushed records are applied as they arrive.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import { parse } from '../core/validation.ts';
import type { AppEnv } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import { boxEpoch, boxKeys } from '../box/settings.ts';
import { describeRefusals, emptyResult, LineBatches } from './apply.ts';
import { callingPeer } from './auth.ts';
import { bucketFor, digestFor } from './digest.ts';
import { ndjsonStream, readLines } from './ndjson.ts';
import { recordsByIds, recordsFor } from './outgoing.ts';
import { protocolVersion } from './records.ts';
import { cursorsFrom, saveAcks } from './storage.ts';
import { collectTombstones } from './tombstones.ts';
import { detailsText } from './details.ts';
import { transaction } from '../core/db/database.ts';

const cursorSchema = z.object({ epoch: z.string().max(32), seq: z.number().int().min(0) });
const pullSchema = z.object({
  cursors: z.record(z.string().max(40), cursorSchema).default({}),
  limit: z.number().int().min(1).max(5000).default(500),
  /** The repair's pull: these elements of one origin. */
  origin: z.string().max(40).optional(),
  ids: z.array(z.string().max(40)).max(1000).optional(),
});

/** A push streams any size, read a line at a time: the box's body limit does not apply to it. */
export const isSyncPush = (method: string, path: string) => method === 'POST' && path === '/sync/v1/push';

/** Records applied per transaction while a push streams in. */
const pushBatch = 200;

export function syncRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const peerOf = (c: Context<AppEnv>) => {
    const url = new URL(c.req.url);
    return callingPeer(deps.db, deps.box.boxId, { method: c.req.method, pathAndQuery: url.pathname + url.search, header: (name) => c.req.header(name) });
  };

  app.get('/sync/v1/hello', (c) => {
    const keys = boxKeys(deps.db);
    return c.json({ protocol: protocolVersion, boxId: keys.boxId, key: keys.publicKey, name: deps.box.name, epoch: boxEpoch(deps.db) });
  });

  app.get('/sync/v1/cursors', (c) => c.json(cursorsFrom(deps.db, peerOf(c).boxId)));

  app.post('/sync/v1/pull', async (c) => {
    const peer = peerOf(c);
    const body = parse(pullSchema, await c.req.json().catch(() => { throw new AppError('bad_request', 'The body is not JSON'); }));
    if (body.ids) {
      if (!body.origin) throw new AppError('bad_request', 'A pull by ids names its origin', 'origin');
      return ndjson(recordsByIds(deps.db, deps.box.boxId, peer, body.origin, body.ids).values());
    }
    transaction(deps.db, () => saveAcks(deps.db, peer.boxId, body.cursors));
    // A box that is only ever asked (never syncs itself) collects its tombstones here.
    collectTombstones(deps.db, deps.box.boxId);
    return ndjson(withEnd(recordsFor(deps.db, deps.box.boxId, peer, body.cursors, body.limit), body.limit));
  });

  app.post('/sync/v1/push', async (c) => {
    const peer = peerOf(c);
    if (!c.req.raw.body) return c.json(emptyResult());
    const batches = new LineBatches(deps.db, deps.box.boxId, peer.boxId, pushBatch);
    let lineNumber = 0;
    for await (const line of readLines(c.req.raw.body)) {
      lineNumber++;
      if ('value' in line) {
        batches.add(lineNumber, line.value);
        continue;
      }
      // Kept like the batches' refusals (at most 100): a stream of garbage must not grow the answer without end.
      batches.refuse(lineNumber, line.error);
      if (line.error.startsWith('a line is longer')) break;
    }
    batches.flush();
    const total = batches.total;
    if (total.refused.length > 0) console.error(`Sync: ${describeRefusals(total.refused)} pushed by ${peer.name || peer.boxId} refused here`);
    return c.json(total);
  });

  app.get('/sync/v1/details/:origin/:id', (c) => {
    peerOf(c);
    const text = detailsText(deps.db, deps.box.boxId, c.req.param('origin'), c.req.param('id'));
    if (text === null) throw new AppError('not_found', 'No details of this element here');
    return c.text(text);
  });

  app.get('/sync/v1/digest', (c) => c.json(digestFor(deps.db, deps.box.boxId, peerOf(c))));

  app.get('/sync/v1/digest/:origin/:bucket', (c) => {
    const bucket = Number(c.req.param('bucket'));
    if (!Number.isInteger(bucket) || bucket < 0 || bucket > 15) throw new AppError('bad_request', 'A bucket is 0 to 15', 'bucket');
    return c.json(bucketFor(deps.db, deps.box.boxId, peerOf(c), c.req.param('origin'), bucket));
  });

  return app;
}

const ndjson = (values: Iterator<unknown>) => new Response(ndjsonStream(values), { headers: { 'content-type': 'application/x-ndjson' } });

/** The envelopes, then the end line saying whether the page was full (ask again). */
function* withEnd(envelopes: Generator<{ r: string; s: string; h: number }>, limit: number) {
  let count = 0;
  for (const { r, s, h } of envelopes) {
    count++;
    yield { r, s, h };
  }
  yield { end: { more: count >= limit } };
}
