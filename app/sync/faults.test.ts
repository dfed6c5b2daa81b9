// Federation under faults (issue 11), with real box processes on loopback ports and real SQLite files, and
// fake peers (./testing/fake-peer.ts) where a real box would never misbehave. Each fault: refused or healed,
// nothing half-applied, and the box keeps serving (/readyz 200 and a search answers).
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newEpoch } from '../box/identity.ts';
import { startBoxes, startBoxProcess, stopAll, type BoxProcess } from './testing/box-process.ts';
import { signedRecord, startFakePeer, newIdentity, type FakePeer } from './testing/fake-peer.ts';
import {
  acceptedIn, addPeer, count, createElement, deleteElement, identityOf, keysOfBox, memoryOf, originDigestOf, patchElement, pidOf, pullAs,
  pushAs, readDb, recordOf, searchNames, seedElements, serving, signedFetch, sleep, stateOf, syncNow, type Envelope, type Identity,
} from './testing/federation.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

let a: BoxProcess;
let b: BoxProcess;
let idA: Identity;
let idB: Identity;
const boxes: BoxProcess[] = [];
const fakes: FakePeer[] = [];

const callee = (box: BoxProcess, id: Identity) => ({ url: box.url, boxId: id.boxId });
const recordsOfOrigin = (box: BoxProcess, origin: string) => count(box, 'SELECT count(*) FROM sync_records WHERE origin = ?', origin);
const cursorOf = (box: BoxProcess, peer: string, origin: string) =>
  readDb(box, (db) => db.prepare('SELECT seq FROM sync_cursors WHERE peer = ? AND origin = ?').pluck().get(peer, origin) as number | undefined) ?? 0;
const heldEnvelope = (box: BoxProcess, origin: string, id: string): Envelope =>
  readDb(box, (db) => db.prepare('SELECT raw AS r, sig AS s, hops AS h FROM sync_records WHERE origin = ? AND element_id = ?').get(origin, id) as Envelope);
const putsOf = (box: BoxProcess, origin: string) =>
  readDb(box, (db) => db.prepare("SELECT element_id, seq FROM sync_records WHERE origin = ? AND op = 'put' ORDER BY element_id").all(origin));
const knowsOrigin = (box: BoxProcess, origin: string) => count(box, 'SELECT count(*) FROM sync_origins WHERE origin = ?', origin) > 0;

async function fakePeerOf(box: BoxProcess, settings: Record<string, unknown> = {}, name = 'Fausse boîte') {
  const fake = await startFakePeer({ name });
  fakes.push(fake);
  await addPeer(box, fake, settings);
  return fake;
}

async function expectServing(...all: BoxProcess[]) {
  for (const box of all) expect(await serving(box), `box ${box.name} stopped serving; its output:\n${box.output().slice(-3000)}`).toBe(true);
}

/** What B would pull from A now (signed with B's own key, read from its file), after B's cursors. */
async function pendingFromA() {
  const cursors = readDb(b, (db) => Object.fromEntries((db.prepare('SELECT origin, epoch, seq FROM sync_cursors WHERE peer = ?').all(idA.boxId) as
    { origin: string; epoch: string; seq: number }[]).map((row) => [row.origin, { epoch: row.epoch, seq: row.seq }])));
  return (await pullAs(keysOfBox(b), callee(a, idA), cursors)).envelopes;
}

beforeAll(async () => {
  boxes.push(...(await startBoxes(2)));
  [a, b] = boxes;
  [idA, idB] = await Promise.all([identityOf(a), identityOf(b)]);
  await addPeer(a, b);
  await addPeer(b, a);
}, 60_000);

afterAll(async () => {
  await Promise.all(fakes.map((fake) => fake.close()));
  await stopAll(boxes);
}, 60_000);

describe('records a box refuses', () => {
  it('1. a record with a bad signature is refused, and nothing of it is written', async () => {
    const garden = await createElement(a, { name: 'Jardin des Signatures' });
    const [line] = (await pendingFromA()).filter((envelope) => recordOf(envelope).id === garden.id);
    const forged = { ...line, s: line.s.slice(0, 10) + (line.s[10] === 'A' ? 'B' : 'A') + line.s.slice(11) };
    const before = stateOf(b);
    const result = await pushAs(keysOfBox(a), callee(b, idB), [forged]);
    expect(result).toEqual({ accepted: 0, ignored: 0, refused: [{ line: 1, reason: 'bad signature' }] });
    expect(stateOf(b)).toBe(before);
    expect(count(b, 'SELECT count(*) FROM elements WHERE id = ?', garden.id)).toBe(0);
    expect(cursorOf(b, idA.boxId, idA.boxId)).toBeLessThan(recordOf(line).seq);
    expect(await searchNames(b, 'signatures')).toEqual([]);
    await expectServing(b);

    // The same from a peer's pull: refused, the rest of the batch goes on.
    const fake = await fakePeerOf(b);
    const good = signedRecord(fake.keys, fake.epoch, 1, { name: 'Lavoir des Signatures' });
    const bad = signedRecord(fake.keys, fake.epoch, 2, { name: 'Moulin des Signatures' });
    fake.records.push(good, { ...bad, s: good.s });
    const { status, outcome } = await syncNow(b, fake.boxId);
    expect(status).toBe(200);
    expect(outcome.pulled).toMatchObject({ accepted: 1, ignored: 0, refused: [{ reason: 'bad signature' }] });
    expect(await searchNames(b, 'signatures')).toEqual(['Lavoir des Signatures']);
    expect(cursorOf(b, fake.boxId, fake.boxId)).toBe(1);
    await expectServing(b);
    // The refusal names the line of the answer it was on: the second (the third is the end line).
    expect(outcome.pulled.refused).toEqual([{ line: 2, reason: 'bad signature' }]);
  });

  it('2. a record from an unknown origin is refused: nothing of that origin is written', async () => {
    const stranger = newIdentity();
    const record = signedRecord(stranger, newEpoch(), 1, { name: 'Fiche inconnue des Vanneaux' });
    const before = stateOf(b);
    const result = await pushAs(keysOfBox(a), callee(b, idB), [record]);
    expect(result.accepted).toBe(0);
    expect(result.refused).toEqual([{ line: 1, reason: expect.stringMatching(/^unknown origin /) }]);
    expect(knowsOrigin(b, stranger.boxId)).toBe(false);
    expect(count(b, 'SELECT count(*) FROM sync_cursors WHERE origin = ?', stranger.boxId)).toBe(0);
    expect(stateOf(b)).toBe(before);
    expect(await searchNames(b, 'vanneaux')).toEqual([]);
    await expectServing(b);
  });

  it('2b. a record that claims an element of another origin is refused without moving any cursor', async () => {
    const own = await createElement(b, { name: 'Halle des Vanneaux' });
    const fake = await fakePeerOf(b, {}, 'Pair glouton');
    fake.records.push(signedRecord(fake.keys, fake.epoch, 1, { name: 'Marché des Vanneaux' }));
    expect((await syncNow(b, fake.boxId)).outcome.pulled.accepted).toBe(1);
    const claim = signedRecord(fake.keys, fake.epoch, 900_000, { id: own.id, name: 'Halle prise des Vanneaux' });
    const result = await pushAs(fake.keys, callee(b, idB), [claim]);
    expect(result.refused).toEqual([{ line: 1, reason: `element ${own.id} belongs to another origin` }]);
    expect(await searchNames(b, 'halle')).toEqual(['Halle des Vanneaux']);
    // "Nothing of a refused record is written" (PROTOCOL.md): a cursor moved to 900000 would make B skip
    // every record that peer makes up to it.
    expect(cursorOf(b, fake.boxId, fake.boxId)).toBe(1);
    fake.records.push(signedRecord(fake.keys, fake.epoch, 2, { name: 'Foirail des Vanneaux' }));
    expect((await syncNow(b, fake.boxId)).outcome.pulled.accepted).toBe(1);
    expect(await searchNames(b, 'vanneaux')).toEqual(['Foirail des Vanneaux', 'Halle des Vanneaux', 'Marché des Vanneaux']);
    await expectServing(b);
  });

  it('3. a relayed record altered in transit is refused; the same record as signed is accepted', async () => {
    const relay = await fakePeerOf(b, { acceptRelayed: 'all' }, 'Relais');
    const oven = await createElement(a, { name: 'Four à pain du Relais' });
    const [line] = (await pendingFromA()).filter((envelope) => recordOf(envelope).id === oven.id);
    const altered = { ...line, r: line.r.replace('Four à pain du Relais', 'Four volé du Relais') };
    const result = await pushAs(relay.keys, callee(b, idB), [altered]);
    expect(result).toEqual({ accepted: 0, ignored: 0, refused: [{ line: 1, reason: 'bad signature' }] });
    expect(await searchNames(b, 'relais')).toEqual([]);
    // Hops are not signed: a relay counts them, the record stays the origin's.
    expect(await pushAs(relay.keys, callee(b, idB), [{ ...line, h: 1 }])).toEqual({ accepted: 1, ignored: 0, refused: [] });
    expect(await searchNames(b, 'relais')).toEqual(['Four à pain du Relais']);
    expect(readDb(b, (db) => db.prepare('SELECT received_from, hops FROM sync_records WHERE element_id = ?').get(oven.id))).toEqual({ received_from: relay.boxId, hops: 2 });
    await expectServing(b);
  });

  it('the box that refuses a record logs the peer and the reason', () => {
    // Faults 1–3 refused records on B: its log says so, for its admin to see who sends what.
    expect(b.output()).toMatch(/bad signature/);
    expect(b.output()).toMatch(/unknown origin/);
  });
});

describe('records out of order', () => {
  it('4. a replayed old batch changes nothing; an older record after a newer one is ignored', async () => {
    const ball = await createElement(a, { name: 'Bal du Quatorze' });
    expect((await syncNow(b, idA.boxId)).outcome.error).toBeNull();
    const oldBatch = await pullAs(keysOfBox(b), callee(a, idA));
    await patchElement(a, ball.id, { name: 'Grand bal du Quatorze' });
    expect((await syncNow(b, idA.boxId)).outcome.error).toBeNull();
    expect(await searchNames(b, 'quatorze')).toEqual(['Grand bal du Quatorze']);
    const before = stateOf(b);
    const replay = await pushAs(keysOfBox(a), callee(b, idB), oldBatch.envelopes);
    expect(replay.accepted).toBe(0);
    expect(replay.refused).toEqual([]);
    expect(replay.ignored).toBe(oldBatch.envelopes.length);
    expect(stateOf(b)).toBe(before);
    expect(await searchNames(b, 'quatorze')).toEqual(['Grand bal du Quatorze']);

    // Newer first, then older, on an element B has not seen.
    const fair = await createElement(a, { name: 'Foire de printemps' });
    const [older] = (await pendingFromA()).filter((envelope) => recordOf(envelope).id === fair.id);
    await patchElement(a, fair.id, { name: 'Foire d’automne' });
    const [newer] = (await pendingFromA()).filter((envelope) => recordOf(envelope).id === fair.id);
    expect(recordOf(newer).seq).toBeGreaterThan(recordOf(older).seq);
    expect(await pushAs(keysOfBox(a), callee(b, idB), [newer])).toMatchObject({ accepted: 1 });
    expect(await pushAs(keysOfBox(a), callee(b, idB), [older])).toEqual({ accepted: 0, ignored: 1, refused: [] });
    expect(await searchNames(b, 'foire')).toEqual(['Foire d’automne']);
    await expectServing(b);
  });

  it('5. a sequence gap is accepted; the digest repair heals what the cursor skipped', async () => {
    const made = [];
    for (let i = 1; i <= 10; i++) made.push(await createElement(a, { name: `Borne ${i} du Sentier` }));
    const ids = new Set(made.map((element) => element.id));
    const pending = (await pendingFromA()).filter((envelope) => ids.has(recordOf(envelope).id));
    expect(pending.length).toBe(10);
    const sent = [...pending.slice(0, 5), ...pending.slice(8)];
    expect(await pushAs(keysOfBox(a), callee(b, idB), sent)).toEqual({ accepted: 7, ignored: 0, refused: [] });
    expect(cursorOf(b, idA.boxId, idA.boxId)).toBe(recordOf(pending[9]).seq);
    expect((await searchNames(b, 'sentier')).length).toBe(7);

    // The pull resumes after the cursor (nothing new); the digests find the three skipped records. A box
    // compares digests at its first sync with a peer after it starts, then every ten minutes (client.ts):
    // B restarts to get there now.
    await b.stop();
    await b.restart();
    const { outcome } = await syncNow(b, idA.boxId);
    expect(outcome.error).toBeNull();
    expect(outcome.pulled.accepted).toBe(0);
    expect(outcome.repaired?.accepted).toBe(3);
    expect((await searchNames(b, 'sentier')).length).toBe(10);
    expect(putsOf(b, idA.boxId)).toEqual(putsOf(a, idA.boxId));
    await expectServing(b);
  });

  it('13. a deleted element is not resurrected by its old put arriving late', async () => {
    const kiosk = await createElement(a, { name: 'Kiosque du Mail' });
    await syncNow(b, idA.boxId);
    const put = heldEnvelope(b, idA.boxId, kiosk.id);
    expect(recordOf(put).op).toBe('put');
    await deleteElement(a, kiosk.id);
    expect((await syncNow(b, idA.boxId)).outcome.pulled.accepted).toBe(1);
    expect(await searchNames(b, 'kiosque')).toEqual([]);
    const before = stateOf(b);
    expect(await pushAs(keysOfBox(a), callee(b, idB), [put])).toEqual({ accepted: 0, ignored: 1, refused: [] });
    const relay = await fakePeerOf(b, { acceptRelayed: 'all' }, 'Relais tardif');
    expect(await pushAs(relay.keys, callee(b, idB), [put])).toEqual({ accepted: 0, ignored: 1, refused: [] });
    expect(stateOf(b)).toBe(before);
    expect(await searchNames(b, 'kiosque')).toEqual([]);
    expect((await b.request(`/api/v1/elements/${kiosk.id}`)).status).toBe(404);
    await expectServing(b);
  });
});

describe('a box restored from an old backup (6 and 12)', () => {
  let r: BoxProcess;
  let s: BoxProcess;
  let idR: Identity;
  let idS: Identity;
  const admin = (box: BoxProcess, ...args: string[]) => execFileSync(process.execPath, ['scripts/admin.ts', ...args], {
    cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, COPI_DATA: box.dir, COPI_BACKUP_AT: 'off' },
  });
  const epochOf = async (box: BoxProcess) => ((await (await box.request('/sync/v1/hello')).json()) as { epoch: string }).epoch;

  beforeAll(async () => {
    [r, s] = await startBoxes(2);
    boxes.push(r, s);
    [idR, idS] = await Promise.all([identityOf(r), identityOf(s)]);
    await addPeer(r, s);
    await addPeer(s, r);
  }, 60_000);

  it('its peer starts it over: cards made after the backup leave, the others stay; its own records are signed anew and both converge', async () => {
    await createElement(r, { name: 'Avant la sauvegarde, lavoir' });
    await createElement(r, { name: 'Avant la sauvegarde, forge' });
    await createElement(s, { name: 'Chez S avant la sauvegarde' });
    expect((await syncNow(s, idR.boxId)).outcome.error).toBeNull();
    const written = /Backup written: (\S+) \(/.exec(admin(r, 'backup'))![1];
    expect(existsSync(written)).toBe(true);
    const oldEpoch = await epochOf(r);

    const late = await createElement(r, { name: 'Après la sauvegarde, moulin' });
    await createElement(s, { name: 'Chez S après la sauvegarde' });
    expect((await syncNow(s, idR.boxId)).outcome.error).toBeNull();
    expect(await searchNames(s, 'sauvegarde')).toHaveLength(5);
    const lateEnvelope = heldEnvelope(s, idR.boxId, late.id);

    // 12: R restored (while it runs, as its admin page does): a new epoch, its own records signed in it.
    expect(admin(r, 'restore', written)).toContain('restored');
    const newEpochOfR = await epochOf(r);
    expect(newEpochOfR).not.toBe(oldEpoch);
    expect(await searchNames(r, 'sauvegarde')).toEqual(['Avant la sauvegarde, forge', 'Avant la sauvegarde, lavoir', 'Chez S avant la sauvegarde']);
    await expectServing(r);

    // 6: S meets R's new epoch and starts R over; R gets back what S made after the backup.
    const { outcome, text } = await syncNow(s, idR.boxId);
    expect(outcome.error, `${text}\n${s.output().slice(-3000)}\n${r.output().slice(-3000)}`).toBeNull();
    expect(await searchNames(s, 'sauvegarde')).toEqual(['Avant la sauvegarde, forge', 'Avant la sauvegarde, lavoir', 'Chez S après la sauvegarde', 'Chez S avant la sauvegarde']);
    expect(await searchNames(r, 'sauvegarde')).toEqual(['Avant la sauvegarde, forge', 'Avant la sauvegarde, lavoir', 'Chez S après la sauvegarde', 'Chez S avant la sauvegarde']);
    expect(readDb(r, (db) => db.prepare('SELECT DISTINCT epoch FROM sync_records WHERE origin = ?').pluck().all(idR.boxId))).toEqual([newEpochOfR]);
    expect(readDb(s, (db) => db.prepare('SELECT DISTINCT epoch FROM sync_records WHERE origin = ?').pluck().all(idR.boxId))).toEqual([newEpochOfR]);
    expect(readDb(s, (db) => db.prepare('SELECT epoch FROM sync_retired_epochs WHERE origin = ?').pluck().all(idR.boxId))).toEqual([oldEpoch]);
    expect((await syncNow(r, idS.boxId)).outcome.error).toBeNull();
    expect(stateOf(r)).toBe(stateOf(s));

    // A record of the retired epoch, arriving late, is ignored: S never flips back.
    expect(await pushAs(keysOfBox(r), callee(s, idS), [lateEnvelope])).toEqual({ accepted: 0, ignored: 1, refused: [] });
    expect(await searchNames(s, 'moulin')).toEqual([]);
    await expectServing(r, s);
  }, 60_000);
});

describe('links that break', () => {
  it('7. a peer that stops mid-stream: what came before the drop is kept with its cursor, the next sync resumes after it', async () => {
    const fake = await fakePeerOf(b, {}, 'Pair coupé');
    for (let seq = 1; seq <= 30; seq++) fake.records.push(signedRecord(fake.keys, fake.epoch, seq * 2, { name: `Étape ${seq} du Chemin coupé` }));
    let dropped = false;
    fake.route = async (request, response, body) => {
      if (request.url !== '/sync/v1/pull' || dropped) return false;
      dropped = true;
      await body();
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.write(`${fake.records.slice(0, 20).map((line) => JSON.stringify(line)).join('\n')}\n${JSON.stringify(fake.records[20]).slice(0, 50)}`);
      setTimeout(() => response.socket?.destroy(), 200);
      return true;
    };
    const logBefore = b.output().length;
    const first = await syncNow(b, fake.boxId);
    expect(first.status, `${first.text}\n${b.output().slice(-2000)}`).toBe(200);
    expect(first.outcome.error).toBeTruthy();
    expect(cursorOf(b, fake.boxId, fake.boxId)).toBe(40);
    expect(recordsOfOrigin(b, fake.boxId)).toBe(20);
    await expectServing(b);
    const firstLog = b.output().slice(logBefore);

    const second = await syncNow(b, fake.boxId);
    expect(second.outcome).toMatchObject({ error: null, pulled: { accepted: 10, ignored: 0, refused: [] } });
    const pulls = fake.calls.filter((call) => call.path === '/sync/v1/pull');
    expect(JSON.parse(pulls.at(-1)!.body).cursors[fake.boxId]).toEqual({ epoch: fake.epoch, seq: 40 });
    expect(recordsOfOrigin(b, fake.boxId)).toBe(30);
    expect(count(b, 'SELECT count(*) FROM elements WHERE origin_box = ?', fake.boxId)).toBe(30);
    expect((await searchNames(b, 'chemin coupé')).length).toBe(30);
    await expectServing(b);
    // What the admin is told of the first sync: the 20 records it brought, and a dropped link, not a bug.
    expect(firstLog).not.toMatch(/on a bug/);
    expect(first.outcome.pulled.accepted).toBe(20);
  });

  it('8. a peer killed with SIGKILL during a big push: every applied batch whole, its cursors match what it holds, the next sync completes', async () => {
    const [from, to] = await startBoxes(2);
    boxes.push(from, to);
    const [idFrom, idTo] = await Promise.all([identityOf(from), identityOf(to)]);
    await addPeer(from, to);
    await addPeer(to, from);
    seedElements(from, 6000, 'Lot');
    const sync = syncNow(from, idTo.boxId);
    let held = 0;
    for (let tries = 0; tries < 2000 && held === 0; tries++) {
      await sleep(5);
      held = recordsOfOrigin(to, idFrom.boxId);
    }
    await to.kill();
    const killedAt = held;
    const { status, outcome } = await sync;
    expect(status).toBe(200);
    expect(outcome.error).toBeTruthy();
    await expectServing(from);

    await to.restart();
    const kept = recordsOfOrigin(to, idFrom.boxId);
    expect(kept).toBeGreaterThanOrEqual(killedAt);
    expect(kept).toBeLessThan(6000);
    expect(kept % 200).toBe(0);
    const maxHeld = readDb(to, (db) => db.prepare('SELECT coalesce(max(seq), 0) FROM sync_records WHERE origin = ?').pluck().get(idFrom.boxId) as number);
    expect(cursorOf(to, idFrom.boxId, idFrom.boxId)).toBe(maxHeld);
    expect(count(to, 'SELECT count(*) FROM elements WHERE origin_box = ? AND deleted_at IS NULL', idFrom.boxId)).toBe(kept);
    expect(readDb(to, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');

    const next = await syncNow(from, idTo.boxId);
    expect(next.outcome.error).toBeNull();
    expect(next.outcome.pushed?.accepted).toBe(6000 - kept);
    expect(originDigestOf(to, idFrom.boxId)).toEqual(originDigestOf(from, idFrom.boxId));
    expect(await searchNames(to, 'Lot 5999')).toContain('Lot 5999');
    await expectServing(from, to);
  }, 90_000);
});

describe('clocks that are wrong', () => {
  it('9. boxes a year ahead and a year behind sync exactly as one on time: order is by seq, never by time', async () => {
    const year = 365 * 24 * 3600 * 1000;
    const clockOffset = fileURLToPath(new URL('./testing/clock-offset.ts', import.meta.url));
    const withClock = (offset: number) => ({ NODE_OPTIONS: `--import=${clockOffset}`, COPI_TEST_CLOCK_OFFSET_MS: String(offset) });
    const [ahead, behind] = await Promise.all([
      startBoxProcess({ name: 'ahead', env: withClock(year) }),
      startBoxProcess({ name: 'behind', env: withClock(-year) }),
    ]);
    boxes.push(ahead, behind);
    const yearOf = (box: BoxProcess, id: string) => Number(readDb(box, (db) => db.prepare('SELECT created_at FROM elements WHERE id = ?').pluck().get(id) as string).slice(0, 4));

    const outcomes = [];
    for (const [box, label] of [[ahead, 'avance'], [behind, 'retard']] as const) {
      const id = await identityOf(box);
      await addPeer(box, b);
      await addPeer(b, box);
      const clock = await createElement(box, { name: `Horloge en ${label}, première` });
      await patchElement(box, clock.id, { name: `Horloge en ${label}, seconde` });
      const gone = await createElement(box, { name: `Horloge en ${label}, éphémère` });
      await deleteElement(box, gone.id);
      await createElement(box, { name: `Horloge en ${label}, restée` });
      expect(yearOf(box, clock.id)).toBe(new Date().getUTCFullYear() + (label === 'avance' ? 1 : -1));
      const { outcome } = await syncNow(b, id.boxId);
      outcomes.push(outcome);
      expect(putsOf(b, id.boxId)).toEqual(putsOf(box, id.boxId));
      expect((await syncNow(box, idB.boxId)).outcome.error).toBeNull();
      await expectServing(box);
    }
    // The same changes give the same sync, whatever the clocks said.
    expect(outcomes[0]).toEqual(outcomes[1]);
    expect(await searchNames(b, 'horloge')).toEqual([
      'Horloge en avance, restée', 'Horloge en avance, seconde', 'Horloge en retard, restée', 'Horloge en retard, seconde',
    ]);
    // And B's own cards reached both.
    expect(await searchNames(ahead, 'halle vanneaux')).toEqual(['Halle des Vanneaux']);
    expect(await searchNames(behind, 'halle vanneaux')).toEqual(['Halle des Vanneaux']);
    await expectServing(b);
  }, 60_000);
});

describe('peers that send too much or nonsense', () => {
  // A box of their own: a fault here that kills it must not take the other tests with it.
  let t: BoxProcess;
  let idT: Identity;
  let pusher: FakePeer;

  beforeAll(async () => {
    t = await startBoxProcess({ name: 'T' });
    boxes.push(t);
    idT = await identityOf(t);
    pusher = await fakePeerOf(t, {}, 'Pair pousseur');
  }, 60_000);

  // After a fault that killed T (a test failing on a bug), the next test gets it back.
  beforeEach(async () => {
    if (await serving(t)) return;
    for (let tries = 0; tries < 100 && t.lastExit() === null; tries++) await sleep(100);
    if (t.lastExit() === null) await t.kill();
    await t.restart();
  }, 60_000);

  /** A body of `total` bytes made of `chunk`, produced as it is read; `sent` counts what was read. */
  function body(chunk: Uint8Array, total: number, sent: { bytes: number }) {
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent.bytes >= total) return controller.close();
        sent.bytes += chunk.length;
        controller.enqueue(chunk);
      },
    });
  }

  it('10. a 500 MB push is read a line at a time: one giant line refused after 256 KB, then garbage lines refused, memory bounded', async () => {
    const pid = pidOf(t);
    const before = memoryOf(pid);
    const giant = { bytes: 0 };
    const abort = new AbortController();
    const response = await signedFetch(pusher.keys, callee(t, idT), 'POST', '/sync/v1/push', body(new Uint8Array(1 << 20).fill(120), 500 << 20, giant), abort.signal);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 0, ignored: 0, refused: [{ line: 1, reason: 'a line is longer than 262144 bytes' }] });
    abort.abort();
    await expectServing(t);

    // Small garbage lines: 16 MB that are not JSON (about a million lines), and lines of JSON that are no envelope.
    const notJson = new TextEncoder().encode('<html>nope</html>\nnot json at all\n'.repeat(2000));
    const notEnvelopes = new TextEncoder().encode(`${'{"r":"x","s":"y"}\n[1,2,3]\n'.repeat(1000)}`);
    const sent = { bytes: 0 };
    let chunks = 0;
    const mixed = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent.bytes >= 16 << 20) return controller.close();
        const chunk = ++chunks % 64 === 0 ? notEnvelopes : notJson;
        sent.bytes += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const pushing = signedFetch(pusher.keys, callee(t, idT), 'POST', '/sync/v1/push', mixed);
    await sleep(500);
    expect(await serving(t), 'T answers while the garbage streams in').toBe(true);
    const answer = await pushing.catch((error: Error) => error);
    expect(answer instanceof Response, `T did not answer (${(answer as Error).message}); its output:\n${t.output().slice(-1500)}`).toBe(true);
    if (!(answer instanceof Response)) return;
    expect(answer.status).toBe(200);
    const text = await answer.text();
    const after = memoryOf(pid);
    console.log(`fault 10: giant line: ${giant.bytes >> 20} MB sent; garbage: ${sent.bytes >> 20} MB, answer ${text.length} bytes; T's VmHWM ${before.peakKiB >> 10} → ${after.peakKiB >> 10} MB`);
    const result = JSON.parse(text) as { accepted: number; refused: unknown[] };
    expect(result.accepted).toBe(0);
    await expectServing(t);
    // The answer lists at most 100 refusals (apply.ts addResults), whatever the garbage: it is held in memory.
    expect(result.refused.length).toBeLessThanOrEqual(100);
    expect(after.peakKiB - before.peakKiB).toBeLessThan(32 * 1024);
  }, 60_000);

  it('10b. a peer whose pull answers a giant line, then one that answers 10,000 lines of garbage: refused, memory bounded', async () => {
    const pid = pidOf(t);
    const before = memoryOf(pid);
    const giant = await fakePeerOf(t, {}, 'Pair géant');
    const streamed = { bytes: 0 };
    giant.route = async (request, response, read) => {
      if (request.url !== '/sync/v1/pull') return false;
      await read();
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const chunk = Buffer.alloc(1 << 20, 'x');
      const write = () => {
        while (streamed.bytes < 500 << 20) {
          streamed.bytes += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', write);
        }
        response.end();
      };
      response.on('close', () => response.removeAllListeners('drain'));
      write();
      return true;
    };
    const { status, outcome } = await syncNow(t, giant.boxId);
    expect(status).toBe(200);
    expect(outcome.error).toMatch(/a line is longer than 262144 bytes/);
    expect(streamed.bytes).toBeLessThan(100 << 20);
    await expectServing(t);

    const noisy = await fakePeerOf(t, {}, 'Pair bavard');
    const line = `${JSON.stringify({ r: 'x', s: 'y', h: 0 })}\n`.repeat(1000);
    noisy.route = async (request, response, read) => {
      if (request.url !== '/sync/v1/pull') return false;
      await read();
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      let left = 10;
      const write = () => {
        while (left-- > 0) if (!response.write(line)) return void response.once('drain', write);
        response.end(`${JSON.stringify({ end: { more: false } })}\n`);
      };
      write();
      return true;
    };
    const noise = await syncNow(t, noisy.boxId);
    expect(noise.status).toBe(200);
    expect(noise.outcome.pulled.accepted).toBe(0);
    expect(noise.outcome.pulled.refused.length).toBeLessThanOrEqual(100);
    expect(knowsOrigin(t, noisy.boxId)).toBe(false);
    const after = memoryOf(pid);
    expect(after.peakKiB - before.peakKiB).toBeLessThan(64 * 1024);
    await expectServing(t);
  }, 60_000);

  it('11. a peer answering HTML or broken JSON: the sync ends with an error the admin sees, nothing is written', async () => {
    const answers: Record<string, (path: string) => { status: number; type: string; text: string } | null> = {
      'HTML pull': (path) => (path === '/sync/v1/pull' ? { status: 200, type: 'text/html', text: '<!doctype html><html><body>Portail captif</body></html>' } : null),
      'broken JSON pull': (path) => (path === '/sync/v1/pull' ? { status: 200, type: 'application/x-ndjson', text: '{"r":"{\\"copi\\":1,\n' } : null),
      'error page': (path) => (path === '/sync/v1/pull' ? { status: 502, type: 'text/html', text: '<html>Bad gateway</html>' } : null),
      'HTML cursors': (path) => (path === '/sync/v1/cursors' ? { status: 200, type: 'text/html', text: '<html>Portail captif</html>' } : null),
      'HTML push answer': (path) => (path === '/sync/v1/push' ? { status: 200, type: 'text/html', text: '<html>merci</html>' } : null),
      'digest of the wrong shape': (path) => (path === '/sync/v1/digest' ? { status: 200, type: 'application/json', text: '{"aaaaaaaaaaaaaaaaaaaaaaaaaa": 5}' } : null),
      'digest as HTML': (path) => (path === '/sync/v1/digest' ? { status: 200, type: 'text/html', text: '<html></html>' } : null),
    };
    const failures: string[] = [];
    for (const [label, answer] of Object.entries(answers)) {
      const fake = await fakePeerOf(t, {}, label);
      fake.records.push(signedRecord(fake.keys, fake.epoch, 1, { name: `Fiche de ${label}` }));
      fake.route = async (request, response, read) => {
        const given = answer(request.url!);
        if (!given) return false;
        await read();
        response.writeHead(given.status, { 'content-type': given.type });
        response.end(given.text);
        return true;
      };
      const logBefore = t.output().length;
      const { status, outcome, text } = await syncNow(t, fake.boxId);
      const peerRow = readDb(t, (db) => db.prepare('SELECT last_error FROM sync_peers WHERE box_id = ?').get(fake.boxId) as { last_error: string | null });
      if (status !== 200 || !outcome.error || peerRow.last_error !== outcome.error) failures.push(`${label}: ${status} ${text.slice(0, 200)}`);
      // A peer answering nonsense is its fault, logged as such: not as a bug of this box, with a stack.
      const logged = t.output().slice(logBefore);
      if (/on a bug/.test(logged)) failures.push(`${label}: logged as a bug: ${logged.split('\n')[0]}`);
      if (!(await serving(t))) failures.push(`${label}: T stopped serving`);
      // A pull answered with garbage writes nothing of that peer.
      if (label.endsWith('pull') && knowsOrigin(t, fake.boxId)) failures.push(`${label}: T wrote records of it`);
    }
    expect(failures).toEqual([]);
    expect(await searchNames(t, 'fiche html pull')).toEqual([]);
    expect(await searchNames(t, 'fiche broken')).toEqual([]);
  }, 60_000);

  it('11b. a peer that never answers is given up after the stall timeout; one that sends slowly but steadily is not', async () => {
    const silent = await fakePeerOf(t, {}, 'Pair muet');
    silent.route = (request) => request.url === '/sync/v1/pull';
    const slow = await fakePeerOf(t, {}, 'Pair lent');
    for (let seq = 1; seq <= 18; seq++) slow.records.push(signedRecord(slow.keys, slow.epoch, seq, { name: `Goutte ${seq} du Pair lent` }));
    slow.route = async (request, response, read) => {
      if (request.url !== '/sync/v1/pull' || slow.calls.filter((call) => call.path === '/sync/v1/pull').length > 1) return false;
      await read();
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      for (const record of slow.records) {
        if (response.destroyed) return true;
        response.write(`${JSON.stringify(record)}\n`);
        await sleep(1000);
      }
      response.end(`${JSON.stringify({ end: { more: false } })}\n`);
      return true;
    };
    const started = Date.now();
    const [gaveUp, steady] = await Promise.all([
      syncNow(t, silent.boxId).then((result) => ({ ...result, after: Date.now() - started })),
      syncNow(t, slow.boxId),
    ]);
    expect(gaveUp.status).toBe(200);
    expect(gaveUp.outcome.error).toBeTruthy();
    expect(gaveUp.after).toBeGreaterThanOrEqual(14_000);
    expect(gaveUp.after).toBeLessThan(25_000);
    await expectServing(t);
    // "A peer silent this long (no byte of an answer) is given up on" (client.ts): one that never went silent
    // for a second is not.
    expect(steady.outcome.error).toBeNull();
    expect(steady.outcome.pulled.accepted).toBe(18);
  }, 60_000);
});

describe('private elements', () => {
  it('14. private and members-only elements never leave their box; one made private leaves as a tombstone only', async () => {
    const square = await createElement(a, { name: 'Place publique Zéphyr', description: 'Ouverte à tous' });
    const circle = await createElement(a, { name: 'Cercle privé Zéphyr', description: 'secret-du-cercle', visibility: 'private' });
    const club = await createElement(a, { name: 'Club des membres Zéphyr', description: 'secret-du-club', visibility: 'members' });
    const withdrawn = await createElement(a, { name: 'Fiche retirée Zéphyr', description: 'bientôt privée' });
    const fake = await fakePeerOf(a, {}, 'Pair témoin');
    expect((await syncNow(b, idA.boxId)).outcome.error).toBeNull();
    expect(await searchNames(b, 'zéphyr')).toEqual(['Fiche retirée Zéphyr', 'Place publique Zéphyr']);
    await patchElement(a, withdrawn.id, { visibility: 'private' });
    expect((await syncNow(b, idA.boxId)).outcome.error).toBeNull();
    expect(await searchNames(b, 'zéphyr')).toEqual(['Place publique Zéphyr']);
    // The card's row stays as a tombstone (its delete record itself may already be collected).
    expect(readDb(b, (db) => db.prepare('SELECT deleted_at IS NOT NULL AS deleted FROM elements WHERE id = ?').get(withdrawn.id))).toEqual({ deleted: 1 });
    expect(readDb(b, (db) => db.prepare("SELECT count(*) FROM sync_records WHERE element_id = ? AND op = 'put'").pluck().get(withdrawn.id))).toBe(0);
    expect((await b.request(`/api/v1/elements/${withdrawn.id}`)).status).toBe(404);

    // Every byte A sends: a pull, a push (to the fake peer), digests and their lists, details, search.
    const keysB = keysOfBox(b);
    const sent: string[] = [(await pullAs(keysB, callee(a, idA))).text];
    expect((await syncNow(a, fake.boxId)).outcome.error).toBeNull();
    sent.push(...fake.calls.filter((call) => call.path === '/sync/v1/push').map((call) => call.body));
    expect(sent.at(-1)).toContain('Place publique Zéphyr');
    sent.push(await (await signedFetch(keysB, callee(a, idA), 'GET', '/sync/v1/digest')).text());
    for (let bucket = 0; bucket < 16; bucket++) sent.push(await (await signedFetch(keysB, callee(a, idA), 'GET', `/sync/v1/digest/${idA.boxId}/${bucket}`)).text());
    expect(sent.join('')).toContain(square.id);
    for (const element of [circle, club]) {
      const details = await signedFetch(keysB, callee(a, idA), 'GET', `/sync/v1/details/${idA.boxId}/${element.id}`);
      expect(details.status).toBe(404);
      sent.push(await details.text());
    }
    // Its peers' "search further" (GET /search/v1), and its own search for an anonymous visitor.
    for (const words of ['z%C3%A9phyr', 'cercle', 'club%20membres']) {
      const further = await signedFetch(keysB, callee(a, idA), 'GET', `/search/v1?q=${words}&limit=50`);
      expect(further.status).toBe(200);
      sent.push(await further.text());
    }
    expect(sent.at(-3)).toContain('Place publique Zéphyr');
    sent.push(await (await a.request('/api/v1/search?q=z%C3%A9phyr')).text());
    const everything = sent.join('\n');
    for (const secret of [circle.id, club.id, 'Cercle privé', 'Club des membres', 'secret-du-cercle', 'secret-du-club', 'bientôt privée']) {
      expect(everything.includes(secret), `A sent "${secret}"`).toBe(false);
    }

    // And none of it is anywhere in B's files.
    const files = [b.dbPath, `${b.dbPath}-wal`].filter(existsSync).map((path) => readFileSync(path).toString('latin1'));
    for (const secret of [circle.id, club.id, 'secret-du-cercle', 'secret-du-club']) {
      expect(files.some((file) => file.includes(secret)), `B holds "${secret}"`).toBe(false);
    }
    expect(count(b, 'SELECT count(*) FROM elements WHERE id IN (?, ?)', circle.id, club.id)).toBe(0);
    await expectServing(a, b);
  }, 60_000);
});

it('every sync of this file left both boxes serving, and all they accepted was whole', async () => {
  await expectServing(a, b);
  expect(readDb(b, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
  // What B holds of A is exactly A's cards (B got them through syncs, repairs and replays; tombstones are
  // collected at different times on each box, so they are left out).
  expect((await syncNow(b, idA.boxId)).outcome.error).toBeNull();
  expect(putsOf(b, idA.boxId)).toEqual(putsOf(a, idA.boxId));
  expect(acceptedIn((await syncNow(b, idA.boxId)).outcome)).toBe(0);
});
