// Three real boxes in a line, A – B – C: A and C never talk, B relays both ways. Through partitions (a box
// stopped while the others change data), a kill -9 in the middle of a sync and a bundle carried on a stick, they end up holding the same
// replicated state once they have synced a few rounds, and each one's search finds the others' public cards.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoxes, stopAll, type BoxProcess } from './testing/box-process.ts';
import {
  acceptedIn, addPeer, count, createElement, deleteElement, identityOf, patchElement, searchNames, seedElements, serving, sleep, stateOf,
  syncNow, type Identity, type Outcome,
} from './testing/federation.ts';

let a: BoxProcess;
let b: BoxProcess;
let c: BoxProcess;
let ids: Map<BoxProcess, Identity>;
let boxes: BoxProcess[] = [];

/** The links of the line: who calls whom (every box has a schedule, so the hub calls too). */
/** `npm run admin -- …` on a box's data, as its admin would on the box (the box keeps running). */
const adminCommand = async (box: BoxProcess, args: string[]) =>
  (await promisify(execFile)(process.execPath, ['scripts/admin.ts', ...args], { env: { ...process.env, COPI_DATA: box.dir, COPI_DEMO: '0' } })).stdout;

const links = () => [[a, b], [c, b], [b, a], [b, c]] as const;

/** One round of syncs over every link whose two ends run; the outcomes. */
async function round(down: BoxProcess[] = []): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const [from, to] of links()) {
    if (down.includes(from)) continue;
    const { status, outcome, text } = await syncNow(from, ids.get(to)!.boxId);
    expect(status, `${from.name} → ${to.name}: ${text}\n${from.output().slice(-2000)}`).toBe(200);
    if (!down.includes(to)) expect(outcome.error, `${from.name} → ${to.name}`).toBeNull();
    outcomes.push(outcome);
  }
  return outcomes;
}

/** Rounds until one where nothing moved; fails after `max`. */
async function syncUntilQuiet(max = 8) {
  for (let n = 1; n <= max; n++) {
    const outcomes = await round();
    if (outcomes.every((outcome) => acceptedIn(outcome) === 0 && outcome.error === null)) return n;
  }
  throw new Error(`still not quiet after ${max} rounds`);
}

beforeAll(async () => {
  boxes = await startBoxes(3);
  [a, b, c] = boxes;
  ids = new Map(await Promise.all(boxes.map(async (box) => [box, await identityOf(box)] as const)));
  // A and C take from B what B brings from the other end; B forwards to each what came from the other.
  await addPeer(a, b, { acceptRelayed: 'all' });
  await addPeer(c, b, { acceptRelayed: 'all' });
  await addPeer(b, a, { relayTo: true });
  await addPeer(b, c, { relayTo: true });
}, 60_000);

afterAll(() => stopAll(boxes), 60_000);

describe('three boxes in a line', () => {
  it('converge through partitions and a kill -9 mid-sync: the same state everywhere, and each finds the others’ cards', async () => {
    // Everyone has something of its own, public and private.
    const made = new Map<BoxProcess, { id: string }[]>();
    for (const box of boxes) {
      made.set(box, [
        await createElement(box, { name: `Convergence ${box.name} lavoir` }),
        await createElement(box, { name: `Convergence ${box.name} atelier` }),
        await createElement(box, { name: `Convergence ${box.name} fanfare` }),
      ]);
      await createElement(box, { name: `Convergence ${box.name} secrète`, visibility: 'private' });
    }
    await syncUntilQuiet();
    expect(await searchNames(a, 'convergence c lavoir')).toEqual(['Convergence C lavoir']);
    expect(await searchNames(c, 'convergence a lavoir')).toEqual(['Convergence A lavoir']);

    // Partition: C is down while A and B change things.
    await c.stop();
    await patchElement(a, made.get(a)![0].id, { name: 'Convergence A lavoir restauré' });
    await deleteElement(a, made.get(a)![1].id);
    await createElement(a, { name: 'Convergence A pendant la coupure' });
    await patchElement(b, made.get(b)![2].id, { name: 'Convergence B harmonie' });
    await round([c]);
    await c.restart();

    // Another: A is down while C changes things (which only B can carry to A, later).
    await a.stop();
    await deleteElement(c, made.get(c)![2].id);
    await createElement(c, { name: 'Convergence C pendant la coupure' });
    await patchElement(c, made.get(c)![1].id, { name: 'Convergence C atelier ouvert' });
    await round([a]);
    await a.restart();

    // A kill -9 in the middle of a sync: B dies while it pulls a big backlog from A.
    seedElements(a, 2000, 'Arriéré');
    const pulling = syncNow(b, ids.get(a)!.boxId).catch((error: Error) => error);
    for (let tries = 0; tries < 2000; tries++) {
      await sleep(5);
      if (count(b, 'SELECT count(*) FROM sync_records WHERE origin = ?', ids.get(a)!.boxId) > 10) break;
    }
    await b.kill();
    expect(await pulling).toBeInstanceOf(Error);
    await b.restart();
    expect(await serving(b)).toBe(true);
    // It died half-way: part of the backlog is there, whole batches only, its cursor on the last of them.
    const heldOfA = count(b, 'SELECT count(*) FROM sync_records WHERE origin = ?', ids.get(a)!.boxId);
    expect(heldOfA).toBeLessThan(count(a, 'SELECT count(*) FROM sync_records WHERE origin = ?', ids.get(a)!.boxId));
    expect(count(b, 'SELECT seq FROM sync_cursors WHERE peer = ? AND origin = ?', ids.get(a)!.boxId, ids.get(a)!.boxId))
      .toBe(count(b, 'SELECT max(seq) FROM sync_records WHERE origin = ?', ids.get(a)!.boxId));

    // A hand-carried bundle: with no link between C and B, C writes a bundle for B on a stick, B reads it.
    await createElement(c, { name: 'Convergence C par la clé' });
    const stick = mkdtempSync(join(tmpdir(), 'copi-stick-'));
    try {
      await adminCommand(c, ['sync:export', stick, ids.get(b)!.boxId]);
      const bundles = readdirSync(stick).filter((file) => file.endsWith('.ndjson'));
      expect(bundles).toHaveLength(1);
      const imported = await adminCommand(b, ['sync:import', join(stick, bundles[0])]);
      expect(imported).toMatch(/[1-9]\d* accepted, \d+ ignored, 0 refused/);
      expect(await searchNames(b, 'clé')).toContain('Convergence C par la clé');
    } finally {
      rmSync(stick, { recursive: true, force: true });
    }

    // Everything reconnects: a few rounds until nothing moves, then the same state everywhere.
    const rounds = await syncUntilQuiet();
    expect(rounds).toBeLessThanOrEqual(8);
    const states = boxes.map(stateOf);
    expect(states[1]).toBe(states[0]);
    expect(states[2]).toBe(states[0]);
    // Each holds every public card of the other two: as many as their origin has.
    for (const origin of boxes) {
      const own = count(origin, `SELECT count(*) FROM elements WHERE origin_box = ? AND deleted_at IS NULL AND visibility = 'public'
        AND type IN ('organization', 'project', 'event', 'poi', 'classified', 'aid')`, ids.get(origin)!.boxId);
      expect(own).toBeGreaterThan(2);
      for (const box of boxes) {
        if (box === origin) continue;
        expect(count(box, 'SELECT count(*) FROM elements WHERE origin_box = ? AND deleted_at IS NULL', ids.get(origin)!.boxId), `${origin.name}'s cards on ${box.name}`).toBe(own);
      }
    }

    const expected = [
      'Convergence A fanfare', 'Convergence A lavoir restauré', 'Convergence A pendant la coupure',
      'Convergence B atelier', 'Convergence B harmonie', 'Convergence B lavoir',
      'Convergence C atelier ouvert', 'Convergence C lavoir', 'Convergence C par la clé', 'Convergence C pendant la coupure',
    ];
    for (const box of boxes) {
      const found = await searchNames(box, 'convergence');
      // Its own private card shows to no anonymous visitor either; the others' never came.
      expect(found, `box ${box.name}`).toEqual(expected);
      expect(await searchNames(box, 'arriéré 1999'), `box ${box.name}`).toContain('Arriéré 1999');
      expect(await serving(box)).toBe(true);
    }
    for (const box of boxes) {
      for (const other of boxes) {
        if (other === box) continue;
        expect(count(box, "SELECT count(*) FROM elements WHERE name LIKE 'Convergence % secrète' AND origin_box = ?", ids.get(other)!.boxId)).toBe(0);
      }
    }
  }, 120_000);
});
