// This box calling a peer: pull what it has for us, push what we have for it, repair by digests. Streams
// both ways, applies a batch at a time with its cursors, and gives up on a peer that stalls.
import { transaction, type Db } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { nowIso } from '../core/time.ts';
import { boxKeys } from '../box/settings.ts';
import type { Deps } from '../deps.ts';
import { emptyResult, LineBatches, type BatchResult } from './apply.ts';
import { signedHeaders } from './auth.ts';
import { localBucket, localDigest, type OriginDigest } from './digest.ts';
import { keepDetails } from './details.ts';
import { ndjsonStream, readLines } from './ndjson.ts';
import { recordsFor } from './outgoing.ts';
import { collectTombstones } from './tombstones.ts';
import { cursorsFrom, findPeer, listPeers, notePeerSync, saveAcks, type Cursor, type Peer } from './storage.ts';

export class PeerError extends Error {
  /** The HTTP status the peer answered, null when it did not answer. */
  readonly status: number | null;
  constructor(message: string, status: number | null = null) {
    super(message);
    this.status = status;
  }
}

/** A peer silent this long (no byte of an answer) is given up on. */
const stallMs = 15_000;
const pullLimit = 500;
const applyEvery = 100;

interface CallOptions {
  body?: unknown;
  stream?: ReadableStream<Uint8Array>;
  signal?: AbortSignal;
}

/** A signed request to a peer; throws PeerError with what went wrong. */
export async function callPeer(db: Db, peer: Peer, method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = signedHeaders(boxKeys(db), method, path, peer.boxId);
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.stream) headers['content-type'] = 'application/x-ndjson';
  // Silence, not length, is given up on: the timer restarts with each chunk of a push the peer takes, and
  // stops when its answer starts (linesOf watches the answer's own silences).
  const stall = new AbortController();
  let timer = setTimeout(() => stall.abort(), stallMs);
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(), stallMs);
  };
  const stream = options.stream?.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ transform(chunk, controller) { touch(); controller.enqueue(chunk); } }));
  try {
    let response: Response;
    try {
      response = await fetch(new URL(path, peer.url), {
        method, headers, body: stream ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
        signal: options.signal ? AbortSignal.any([options.signal, stall.signal]) : stall.signal, redirect: 'error',
        ...(stream ? { duplex: 'half' } : {}),
      } as RequestInit);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new PeerError(`${peer.name || peer.url} did not answer${stall.signal.aborted ? ` for ${stallMs / 1000} s` : `: ${(error as Error).message}`}`);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { error: { message: string } }).error.message;
      } catch { /* not JSON: the text as it is */ }
      throw new PeerError(`${peer.name || peer.url} answered ${response.status}: ${message}`, response.status);
    }
    return response;
  } finally {
    clearTimeout(timer);
  }
}

/** The lines of a streamed answer, giving up when no byte comes for `stallMs`. */
async function* linesOf(response: Response) {
  if (!response.body) return;
  const reader = response.body.getReader();
  const chunks = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        let timer: NodeJS.Timeout | undefined;
        const stalled = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new PeerError('the peer stopped sending')), stallMs); });
        try {
          const { done, value } = await Promise.race([reader.read(), stalled]).catch((error: unknown) => {
            // A link dropped half-way is the peer's failure, told as such (not a bug of this box).
            if (error instanceof PeerError || (error instanceof DOMException && error.name === 'AbortError')) throw error;
            throw new PeerError(`the link dropped before the end of the answer (${error instanceof Error ? error.message : String(error)})`);
          });
          if (done) return;
          yield value;
        } finally {
          clearTimeout(timer);
        }
      }
    },
  };
  try {
    yield* readLines(chunks);
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** Applies the envelopes of a streamed answer a batch at a time; returns the end line's `more` and the results. */
async function applyStream(deps: Pick<Deps, 'db' | 'box'>, peer: Peer, response: Response, total: BatchResult, maxLines: number): Promise<boolean> {
  const batches = new LineBatches(deps.db, deps.box.boxId, peer.boxId, applyEvery, total);
  let lineNumber = 0;
  let more = false;
  try {
    for await (const line of linesOf(response)) {
      lineNumber++;
      if ('error' in line) throw new PeerError(`${peer.name || peer.url} sent ${line.error}`);
      const value = line.value as { end?: { more?: boolean } };
      if (value && typeof value === 'object' && 'end' in value) {
        more = value.end?.more === true;
        break;
      }
      // A peer sending more than asked (an endless stream) would keep the sync running for ever.
      if (lineNumber > maxLines) throw new PeerError(`${peer.name || peer.url} sent more records than asked for`);
      batches.add(lineNumber, value);
    }
  } finally {
    // What arrived before a dropped link is kept, with its cursors: the next pull resumes after it.
    batches.flush();
  }
  return more;
}

/** Reads a peer's JSON answer; an answer that is not JSON (a captive portal's page) is the peer's failure. */
async function jsonOf<T>(peer: Peer, response: Response): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new PeerError(`${peer.name || peer.url} stopped sending`)), stallMs); });
  try {
    return await Promise.race([response.json() as Promise<T>, stalled]);
  } catch (error) {
    response.body?.cancel().catch(() => {});
    if (error instanceof PeerError) throw error;
    throw new PeerError(`${peer.name || peer.url} answered something that is not JSON (${(error as Error).message.slice(0, 100)})`);
  } finally {
    clearTimeout(timer);
  }
}

/** Pulls everything the peer has for this box, page after page, counted into `total` as it comes. */
export async function pullFrom(deps: Pick<Deps, 'db' | 'box'>, peer: Peer, signal?: AbortSignal, total = emptyResult()): Promise<BatchResult> {
  for (let page = 0; page < 10_000; page++) {
    const response = await callPeer(deps.db, peer, 'POST', '/sync/v1/pull', { body: { cursors: cursorsFrom(deps.db, peer.boxId), limit: pullLimit }, signal });
    if (!(await applyStream(deps, peer, response, total, pullLimit))) break;
  }
  return total;
}

/** Pushes what the peer does not have yet (after the cursors it reports), streamed. */
export async function pushTo(deps: Pick<Deps, 'db' | 'box'>, peer: Peer, signal?: AbortSignal): Promise<BatchResult> {
  const cursors = await jsonOf<Record<string, Cursor>>(peer, await callPeer(deps.db, peer, 'GET', '/sync/v1/cursors', { signal }));
  // What the peer holds from us is its acknowledgement too: tombstones it holds can go.
  transaction(deps.db, () => saveAcks(deps.db, peer.boxId, cursors));
  const envelopes = recordsFor(deps.db, deps.box.boxId, peer, cursors, Number.MAX_SAFE_INTEGER);
  const lines = (function* () {
    for (const { r, s, h } of envelopes) yield { r, s, h };
  })();
  const response = await callPeer(deps.db, peer, 'POST', '/sync/v1/push', { stream: ndjsonStream(lines), signal });
  return jsonOf<BatchResult>(peer, response);
}

/** Compares digests with the peer and pulls the records it holds newer than this box. */
export async function repairWith(deps: Pick<Deps, 'db' | 'box'>, peer: Peer, signal?: AbortSignal): Promise<BatchResult> {
  const total = emptyResult();
  const theirs = await jsonOf<Record<string, OriginDigest>>(peer, await callPeer(deps.db, peer, 'GET', '/sync/v1/digest', { signal }));
  for (const [origin, digest] of Object.entries(theirs)) {
    if (origin === deps.box.boxId) continue;
    const mine = localDigest(deps.db, origin);
    if (mine && mine.epoch !== digest.epoch) continue; // the next pull starts that origin over
    for (let bucket = 0; bucket < 16; bucket++) {
      if (mine && mine.buckets[bucket] === digest.buckets[bucket]) continue;
      const list = await jsonOf<{ id: string; seq: number }[]>(peer, await callPeer(deps.db, peer, 'GET', `/sync/v1/digest/${origin}/${bucket}`, { signal }));
      const held = localBucket(deps.db, origin, bucket);
      const newer = list.filter(({ id, seq }) => (held.get(id) ?? 0) < seq).map(({ id }) => id);
      for (let i = 0; i < newer.length; i += 500) {
        const response = await callPeer(deps.db, peer, 'POST', '/sync/v1/pull', { body: { origin, ids: newer.slice(i, i + 500) }, signal });
        await applyStream(deps, peer, response, total, 500);
      }
    }
  }
  return total;
}

export type SyncPhase = 'pull' | 'push' | 'repair';

export interface SyncOutcome {
  pulled: BatchResult;
  pushed: BatchResult | null;
  repaired: BatchResult | null;
  error: string | null;
}

/**
 * How often a sync also compares digests with a peer. The digests read every record held: a tenth of a
 * second per 10,000, too much for every "sync now", cheap once in a while. (Monotonic time: it only spaces
 * the work, nothing depends on it.)
 */
const repairEveryMs = 10 * 60_000;
const lastRepairs = new WeakMap<Db, Map<string, number>>();

function repairsOf(db: Db): Map<string, number> {
  let last = lastRepairs.get(db);
  if (!last) lastRepairs.set(db, (last = new Map()));
  return last;
}

function repairDue(db: Db, peerId: string, asked: boolean | undefined): boolean {
  if (asked !== undefined) return asked;
  const at = repairsOf(db).get(peerId);
  return at === undefined || performance.now() - at >= repairEveryMs;
}

/**
 * A whole sync with one peer: pull, push, and every ten minutes (or when `repair` says so) a repair by
 * digests; the outcome noted on the peer for the admin page.
 */
export async function syncWith(deps: Pick<Deps, 'db' | 'box'>, peerId: string, options: {
  repair?: boolean; signal?: AbortSignal;
  /** Told as each step starts, with what the steps before it brought (the admin page's progress line). */
  onPhase?: (phase: SyncPhase, sofar: SyncOutcome) => void;
} = {}): Promise<SyncOutcome> {
  const peer = findPeer(deps.db, peerId);
  if (!peer) throw new AppError('not_found', `${peerId} is not a peer of this box`);
  const outcome: SyncOutcome = { pulled: emptyResult(), pushed: null, repaired: null, error: null };
  try {
    options.onPhase?.('pull', outcome);
    await pullFrom(deps, peer, options.signal, outcome.pulled);
    options.onPhase?.('push', outcome);
    outcome.pushed = await pushTo(deps, peer, options.signal);
    if (repairDue(deps.db, peer.boxId, options.repair)) {
      options.onPhase?.('repair', outcome);
      outcome.repaired = await repairWith(deps, peer, options.signal);
      repairsOf(deps.db).set(peer.boxId, performance.now());
    }
  } catch (error) {
    if (!(error instanceof PeerError) && !(error instanceof DOMException)) throw error;
    outcome.error = error.message;
  }
  transaction(deps.db, () => notePeerSync(deps.db, peer.boxId, nowIso(), outcome.error));
  collectTombstones(deps.db, deps.box.boxId);
  return outcome;
}

/** Fetches an element's details from a peer and keeps them if they match the card; returns the text or null. */
export async function fetchDetails(deps: Pick<Deps, 'db' | 'box'>, peer: Peer, origin: string, elementId: string, signal?: AbortSignal): Promise<string | null> {
  try {
    const response = await callPeer(deps.db, peer, 'GET', `/sync/v1/details/${origin}/${elementId}`, { signal });
    const text = await response.text();
    return keepDetails(deps.db, origin, elementId, text) ? text : null;
  } catch (error) {
    if (error instanceof PeerError || (error instanceof DOMException && error.name === 'TimeoutError')) return null;
    throw error;
  }
}

/** Asks the card's origin first (when it is a peer), then the other peers, which may hold a copy; a few seconds each. */
export async function fetchDetailsFromPeers(deps: Pick<Deps, 'db' | 'box'>, origin: string, elementId: string): Promise<string | null> {
  const peers = listPeers(deps.db).sort((a, b) => Number(b.boxId === origin) - Number(a.boxId === origin));
  for (const peer of peers) {
    const text = await fetchDetails(deps, peer, origin, elementId, AbortSignal.timeout(3000));
    if (text !== null) return text;
  }
  return null;
}
