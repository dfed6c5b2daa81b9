// "Search further": a search asked of every peer at once (GET /search/v1, PROTOCOL.md), each answering its own
// public elements. The visitor waits one budget (1 s) in total: peers that answer in time are merged, the others
// are named as too slow, unreachable or refusing. Cards already replicated here answer from the local search.
import { isModuleOn } from '../modules/modules.ts';
import { z } from 'zod';
import { sql, type Db } from '../core/db/database.ts';
import type { Deps } from '../deps.ts';
import { fingerprintOf } from '../box/identity.ts';
import { search } from '../search/search.ts';
import { callPeer, PeerError } from './client.ts';
import { shareableTypes } from './own.ts';
import { findOrigin, findPeer, listPeers, type Peer } from './storage.ts';

export const furtherLimit = { default: 20, max: 50 };

/** One element in a peer's answer: what a result card shows, and where its page is on that box. */
const cardSchema = z.object({
  id: z.string().max(40),
  name: z.string().max(200),
  type: z.string().max(40),
  kind: z.string().max(40).nullable().default(null),
  shortDescription: z.string().max(400).default(''),
  locality: z.string().max(200).default(''),
  communeInsee: z.string().max(10).nullable().default(null),
  lat: z.number().min(-90).max(90).nullable().default(null),
  lon: z.number().min(-180).max(180).nullable().default(null),
  startsAt: z.string().max(40).nullable().default(null),
  allDay: z.boolean().default(false),
  // A link shown to visitors: never a javascript: or data: address.
  url: z.url({ protocol: /^https?$/ }).max(500),
});

const boxSchema = z.object({ boxId: z.string().max(40), name: z.string().max(80) });

/** The answer of GET /search/v1. */
export const answerSchema = z.object({ box: boxSchema, results: z.array(cardSchema).max(furtherLimit.max) });

export type FurtherCard = z.infer<typeof cardSchema>;
export type FurtherAnswer = z.infer<typeof answerSchema>;
export type FurtherHit = FurtherCard & { box: { boxId: string; name: string } };
export type PeerStatus = 'answered' | 'too slow' | 'unreachable' | 'refused';
export interface PeerOutcome { boxId: string; name: string; status: PeerStatus; count: number }
export interface FurtherResult { results: FurtherHit[]; peers: PeerOutcome[] }

/**
 * This box's answer to a peer's search: its OWN public elements matching the words (the cards of other boxes it
 * holds are their origins' to answer), of the types and zones this box shares with that peer.
 */
export function ownMatches(deps: Pick<Deps, 'db' | 'box' | 'config'>, peer: Peer, q: string, limit: number): FurtherAnswer {
  const box = { boxId: deps.box.boxId, name: deps.box.name };
  const types = shareableTypes.filter((type) => peer.shareTypes.includes(type));
  if (types.length === 0) return { box, results: [] };
  const found = search(deps.db, null, {
    q, origin: deps.box.boxId, types: [...types], zones: peer.shareZones.length ? peer.shareZones : undefined, offset: 0, limit,
  });
  const base = deps.config.publicUrl.replace(/\/+$/, '');
  return {
    box,
    results: found.items.map((hit) => ({
      id: hit.id, name: hit.name, type: hit.type, kind: hit.kind, shortDescription: hit.shortDescription, locality: hit.address.locality,
      communeInsee: hit.communeInsee, lat: hit.position?.lat ?? null, lon: hit.position?.lon ?? null, startsAt: hit.startsAt, allDay: hit.allDay,
      url: `${base}/e/${encodeURIComponent(hit.slug)}`,
    })),
  };
}

/** The name to show for a box: the one it gave, or its fingerprint. */
export function boxName(db: Db, boxId: string): string {
  return findOrigin(db, boxId)?.name || findPeer(db, boxId)?.name || fingerprintOf(boxId);
}

/** Whether "search further" has anyone to ask: peers, and the federation module on. */
export const hasPeers = (db: Db) => isModuleOn(db, 'sync') && listPeers(db).length > 0;

/** Asks every peer at once; never waits longer than the budget in total (a peer still silent then is cut off). */
export async function searchFurther(deps: Pick<Deps, 'db' | 'box'>, q: string, options: { budgetMs?: number; limit?: number } = {}): Promise<FurtherResult> {
  const { budgetMs = 1000, limit = furtherLimit.default } = options;
  const peers = isModuleOn(deps.db, 'sync') ? listPeers(deps.db) : [];
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), budgetMs);
  try {
    const answers = await Promise.all(peers.map((peer) => ask(deps, peer, q, limit, deadline.signal)));
    // A card of a peer already replicated here is among the local results: not twice.
    const held = heldIds(deps.db, answers.flatMap((answer) => answer.results.map((card) => card.id)));
    const results: FurtherHit[] = [];
    const outcomes = peers.map((peer, i): PeerOutcome => {
      const { status, results: cards, name } = answers[i];
      const box = { boxId: peer.boxId, name: name || peer.name || fingerprintOf(peer.boxId) };
      const kept = cards.filter((card) => !held.has(card.id));
      results.push(...kept.map((card) => ({ ...card, box })));
      return { ...box, status, count: kept.length };
    });
    return { results, peers: outcomes };
  } finally {
    clearTimeout(timer);
  }
}

async function ask(deps: Pick<Deps, 'db' | 'box'>, peer: Peer, q: string, limit: number, deadline: AbortSignal) {
  const none = (status: PeerStatus) => ({ status, results: [] as FurtherCard[], name: '' });
  try {
    const response = await callPeer(deps.db, peer, 'GET', `/search/v1?${new URLSearchParams({ q, limit: String(limit) })}`, { signal: deadline });
    const text = await response.text().catch(() => null);
    if (text === null) return none(deadline.aborted ? 'too slow' : 'unreachable');
    const answer = answerSchema.safeParse(JSON.parse(text));
    // Answers are not signed: one that does not even name the peer asked is not taken.
    if (!answer.success || answer.data.box.boxId !== peer.boxId) return none('refused');
    return { status: 'answered' as const, results: answer.data.results.slice(0, limit), name: answer.data.box.name };
  } catch (error) {
    if (deadline.aborted) return none('too slow');
    if (error instanceof SyntaxError) return none('refused');
    if (!(error instanceof PeerError)) throw error;
    return none(error.status !== null ? 'refused' : 'unreachable');
  }
}

function heldIds(db: Db, ids: string[]): Set<string> {
  if (ids.length === 0) return new Set();
  const rows = sql(db, 'SELECT id FROM elements WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL').all(JSON.stringify(ids)) as { id: string }[];
  return new Set(rows.map((row) => row.id));
}
