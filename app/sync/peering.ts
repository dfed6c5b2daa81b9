// Peering, by the box admin on each side: the other box's address and the fingerprint its admin page shows.
// The box asks the address who it is and keeps it only if its key hashes to that fingerprint.
import { z } from 'zod';
import { transaction } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { nowIso } from '../core/time.ts';
import { parse } from '../core/validation.ts';
import { boxIdOf, fingerprintOf, normalFingerprint } from '../box/identity.ts';
import type { Deps } from '../deps.ts';
import type { Viewer } from '../permissions/visibility.ts';
import { zoneIdPattern } from '../zones/communes.ts';
import { protocolVersion } from './records.ts';
import { shareableTypes } from './own.ts';
import { findPeer, removePeer, savePeer, type Peer } from './storage.ts';

const settingsSchema = z.object({
  shareTypes: z.array(z.enum(shareableTypes)).max(shareableTypes.length).optional(),
  shareZones: z.array(z.string().regex(zoneIdPattern, 'Unknown zone')).max(50).optional(),
  relayTo: z.boolean().optional(),
  acceptRelayed: z.enum(['none', 'trusted', 'all']).optional(),
  schedule: z.enum(['', 'hourly', 'quarter', 'daily']).optional(),
});

const addSchema = settingsSchema.extend({
  url: z.url({ protocol: /^https?$/, message: 'An address such as http://192.168.1.20:8080' }).max(200),
  fingerprint: z.string().max(40).refine((typed) => normalFingerprint(typed) !== null, 'A fingerprint is 16 letters and digits, as XXXX-XXXX-XXXX-XXXX'),
});

const requireBoxAdmin = (viewer: Viewer | null) => {
  if (!viewer?.isBoxAdmin) throw new AppError('forbidden', 'Only a box admin manages the peers of this box');
};

/** A cron expression for a schedule, at a random minute so that boxes do not all sync at once. */
export function cronOf(schedule: string, random = Math.random): string {
  const minute = Math.floor(random() * 60);
  if (schedule === 'quarter') return `${minute % 15}-59/15 * * * *`;
  if (schedule === 'hourly') return `${minute} * * * *`;
  if (schedule === 'daily') return `${minute} ${Math.floor(random() * 6)} * * *`;
  return '';
}

interface Hello {
  protocol: number;
  boxId: string;
  key: string;
  name: string;
}

async function helloOf(url: string): Promise<Hello> {
  let response: Response;
  try {
    response = await fetch(new URL('/sync/v1/hello', url), { signal: AbortSignal.timeout(5000), redirect: 'error' });
  } catch (error) {
    throw new AppError('bad_request', `No box answered at ${url} (${(error as Error).message})`, 'url');
  }
  const hello = response.ok ? ((await response.json().catch(() => null)) as Hello | null) : null;
  if (!hello || hello.protocol !== protocolVersion || typeof hello.key !== 'string') {
    throw new AppError('bad_request', `${url} does not answer as a CoPi box (sync protocol ${protocolVersion})`, 'url');
  }
  return hello;
}

/** Adds a peer after checking who answers at its address. */
export async function addPeer(deps: Deps, viewer: Viewer | null, input: unknown): Promise<Peer> {
  requireBoxAdmin(viewer);
  const data = parse(addSchema, input);
  const hello = await helloOf(data.url);
  const boxId = boxIdOf(hello.key);
  if (hello.boxId !== boxId || fingerprintOf(boxId) !== normalFingerprint(data.fingerprint)) {
    throw new AppError('bad_request', `The box at ${data.url} has fingerprint ${fingerprintOf(boxId)}, not ${normalFingerprint(data.fingerprint)}: check the address and the code`, 'fingerprint');
  }
  if (boxId === deps.box.boxId) throw new AppError('bad_request', 'This is this box’s own address', 'url');
  const peer: Peer = {
    boxId, publicKey: hello.key, url: data.url.replace(/\/+$/, ''), name: String(hello.name ?? '').slice(0, 80),
    shareTypes: data.shareTypes ?? [...shareableTypes], shareZones: data.shareZones ?? [], relayTo: data.relayTo ?? false,
    acceptRelayed: data.acceptRelayed ?? 'trusted', schedule: cronOf(data.schedule ?? 'quarter'), createdAt: nowIso(), lastSyncAt: null, lastError: null,
  };
  transaction(deps.db, () => savePeer(deps.db, peer));
  return findPeer(deps.db, boxId)!;
}

/** Changes what is shared with a peer and how often. */
export function updatePeer(deps: Deps, viewer: Viewer | null, boxId: string, input: unknown): Peer {
  requireBoxAdmin(viewer);
  const data = parse(settingsSchema, input);
  return transaction(deps.db, () => {
    const peer = findPeer(deps.db, boxId);
    if (!peer) throw new AppError('not_found', 'No such peer');
    savePeer(deps.db, {
      ...peer, ...Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)),
      schedule: data.schedule === undefined ? peer.schedule : cronOf(data.schedule),
    });
    return findPeer(deps.db, boxId)!;
  });
}

export function dropPeer(deps: Deps, viewer: Viewer | null, boxId: string) {
  requireBoxAdmin(viewer);
  if (!transaction(deps.db, () => removePeer(deps.db, boxId))) throw new AppError('not_found', 'No such peer');
}

export function requirePeerAdmin(viewer: Viewer | null) {
  requireBoxAdmin(viewer);
}
