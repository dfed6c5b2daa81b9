// Records between two real box databases, without HTTP: what leaves a box, what another accepts, refuses or ignores.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transaction } from '../core/db/database.ts';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { applyBatch } from './apply.ts';
import { recordsFor } from './outgoing.ts';
import { addPeerDirectly, foundOn as found, type DirectPeerOptions } from './testing/peers.ts';
import { cursorsFrom, findPeer, saveAcks, savePeer } from './storage.ts';
import { collectTombstones } from './tombstones.ts';

let a: TestBox;
let b: TestBox;
let alice: Session;

const peer = (from: TestBox, to: TestBox, options: DirectPeerOptions = {}) =>
  addPeerDirectly(from, to, `box ${to === a ? 'A' : to === b ? 'B' : 'C'}`, options);

/** What `from` would send `to` now, as the lines of a pull (parsed JSON). */
const linesFor = (from: TestBox, to: TestBox) => {
  const peerRow = findPeer(from.deps.db, to.deps.box.boxId)!;
  return [...recordsFor(from.deps.db, from.deps.box.boxId, peerRow, {}, 10_000)].map(({ r, s, h }) => ({ r, s, h }));
};
const receive = (to: TestBox, from: TestBox, lines: unknown[]) => applyBatch(to.deps.db, to.deps.box.boxId, from.deps.box.boxId, lines);

async function create(box: TestBox, as: Session, body: Record<string, unknown>) {
  const response = await box.json('/api/v1/elements', 'POST', { communeInsee: '26108', ...body }, as);
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; slug: string };
}

beforeEach(async () => {
  a = createTestBox();
  b = createTestBox();
  alice = await a.register('alice');
  peer(a, b);
  peer(b, a);
});
afterEach(() => {
  a.close();
  b.close();
});

describe('records between boxes', () => {
  it('carry public elements to a peer, where search finds them; private ones never leave', async () => {
    await create(a, alice, { type: 'organization', kind: 'association', name: 'Repair café des Tilleuls' });
    await create(a, alice, { type: 'organization', kind: 'association', name: 'Cercle secret des Tilleuls', visibility: 'private' });
    const lines = linesFor(a, b);
    expect(lines.map((line) => JSON.parse(line.r).card?.name)).toContain('Repair café des Tilleuls');
    expect(JSON.stringify(lines)).not.toContain('Cercle secret');
    expect(receive(b, a, lines)).toMatchObject({ accepted: lines.length, refused: [] });
    expect(found(b, 'tilleuls')).toEqual(['Repair café des Tilleuls']);
  });

  it('refuse a record altered in transit, and ignore one received twice', async () => {
    await create(a, alice, { type: 'organization', kind: 'association', name: 'Jardin partagé' });
    const [line] = linesFor(a, b);
    const altered = { ...line, r: line.r.replace('Jardin partagé', 'Jardin volé') };
    expect(receive(b, a, [altered]).refused).toEqual([{ line: 1, reason: 'bad signature' }]);
    expect(found(b, 'jardin')).toEqual([]);
    expect(receive(b, a, [line])).toMatchObject({ accepted: 1 });
    expect(receive(b, a, [line])).toMatchObject({ accepted: 0, ignored: 1 });
    expect(found(b, 'jardin')).toEqual(['Jardin partagé']);
  });

  it('keep a card read-only on the peer: even its box admin cannot change it', async () => {
    const garden = await create(a, alice, { type: 'organization', kind: 'association', name: 'Jardin partagé' });
    receive(b, a, linesFor(a, b));
    const admin = await b.register('admin-b', { admin: true });
    const response = await b.json(`/api/v1/elements/${garden.id}`, 'PATCH', { name: 'Jardin repris' }, admin);
    expect(response.status).toBe(403);
    expect(found(b, 'jardin')).toEqual(['Jardin partagé']);
  });

  it('take deletions and visibility changes to the peer, and never let an older record bring a card back', async () => {
    const garden = await create(a, alice, { type: 'organization', kind: 'association', name: 'Jardin partagé' });
    const first = linesFor(a, b);
    receive(b, a, first);
    expect((await a.json(`/api/v1/elements/${garden.id}`, 'PATCH', { visibility: 'members' }, alice)).status).toBe(200);
    const withdrawn = linesFor(a, b);
    expect(JSON.parse(withdrawn.at(-1)!.r)).toMatchObject({ op: 'delete', id: garden.id });
    expect(JSON.stringify(withdrawn)).not.toContain('"visibility"');
    receive(b, a, withdrawn);
    expect(found(b, 'jardin')).toEqual([]);
    expect(receive(b, a, first)).toMatchObject({ accepted: 0, ignored: 1 });
    expect(found(b, 'jardin')).toEqual([]);
  });

  it('collect a tombstone once the peer holds it, and still ignore a late record of the deleted card', async () => {
    const garden = await create(a, alice, { type: 'organization', kind: 'association', name: 'Jardin partagé' });
    const first = linesFor(a, b);
    receive(b, a, first);
    expect((await a.request(`/api/v1/elements/${garden.id}`, { method: 'DELETE', as: alice })).status).toBeLessThan(300);
    receive(b, a, linesFor(a, b));
    const tombstones = (box: TestBox) => box.deps.db.prepare("SELECT count(*) AS n FROM sync_records WHERE op = 'delete'").get();
    expect(tombstones(a)).toEqual({ n: 1 });
    expect(collectTombstones(a.deps.db, a.deps.box.boxId)).toBe(0);
    transaction(a.deps.db, () => saveAcks(a.deps.db, b.deps.box.boxId, cursorsFrom(b.deps.db, a.deps.box.boxId)));
    expect(collectTombstones(a.deps.db, a.deps.box.boxId)).toBe(1);
    collectTombstones(b.deps.db, b.deps.box.boxId);
    expect([tombstones(a), tombstones(b)]).toEqual([{ n: 0 }, { n: 0 }]);
    expect(receive(b, a, first)).toMatchObject({ accepted: 0, ignored: 1 });
    expect(found(b, 'jardin')).toEqual([]);
  });

  it('show cards of another box on the map and in the agenda, marked with their box', async () => {
    await create(a, alice, { type: 'poi', kind: 'other', name: 'Lavoir des Tilleuls', lat: 44.93, lon: 4.89 });
    await create(a, alice, { type: 'event', kind: 'meeting', name: 'Bal des Tilleuls', startsAt: '2027-06-21T20:00', endsAt: '2027-06-21T23:00' });
    receive(b, a, linesFor(a, b));
    const map = (await (await b.request('/api/v1/map/clusters?bbox=4.8,44.8,5.0,45.0&zoom=16')).json()) as { features: { name?: string; fromBox?: string }[] };
    expect(map.features.find((feature) => feature.name === 'Lavoir des Tilleuls')).toMatchObject({ fromBox: 'box A' });
    const events = (await (await b.request('/api/v1/events?from=2027-06-01&to=2027-06-30')).json()) as { items: { event: { name: string; fromBox: string | null } }[] };
    expect(events.items.map((item) => item.event)).toEqual([expect.objectContaining({ name: 'Bal des Tilleuls', fromBox: 'box A' })]);
    const own = (await (await a.request('/api/v1/events?from=2027-06-01&to=2027-06-30')).json()) as { items: { event: { fromBox: string | null } }[] };
    expect(own.items[0].event.fromBox).toBeNull();
  });

  it('refuse records of an origin that is not a peer, unless a peer trusted to relay brings one the admin accepts', async () => {
    const c = createTestBox();
    try {
      const carol = await c.register('carol');
      await create(c, carol, { type: 'poi', kind: 'other', name: 'Lavoir du Pont' });
      peer(c, a);
      peer(a, c);
      peer(a, b, { relayTo: true });
      receive(a, c, linesFor(c, a));
      const relayed = linesFor(a, b);
      expect(relayed.length).toBe(1);
      expect(receive(b, a, relayed).refused[0].reason).toMatch(/^unknown origin/);
      transaction(b.deps.db, () => savePeer(b.deps.db, { ...findPeer(b.deps.db, a.deps.box.boxId)!, acceptRelayed: 'all' }));
      expect(receive(b, a, relayed)).toMatchObject({ accepted: 1 });
      expect(found(b, 'lavoir')).toEqual(['Lavoir du Pont']);
      expect(JSON.parse(relayed[0].r).origin).toBe(c.deps.box.boxId);
    } finally {
      c.close();
    }
  });
});
