// Two simultaneous requests for the same slot: exactly one wins, the other gets a 409 naming the slot.
// Once as two real HTTP requests to one box, once as two processes writing the same database file
// (SQLite's write lock, taken at BEGIN IMMEDIATE, orders them; the second sees the first's slots).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
let placeAdmin: Session;
let first: Session;
let second: Session;
let firstOrg: string;
let secondOrg: string;
let placeId: string;

const created = async (response: Response) => {
  const body = await response.json() as { id: string };
  if (response.status !== 201) throw new Error(`${response.status} ${JSON.stringify(body)}`);
  return body.id;
};

beforeAll(async () => {
  box = createTestBox();
  placeAdmin = await box.register('lieu');
  first = await box.register('premiere');
  second = await box.register('seconde');
  placeId = await created(await box.json('/api/v1/elements', 'POST', { type: 'poi', kind: 'place', name: 'Salle des fêtes' }, placeAdmin));
  firstOrg = await created(await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Chorale' }, first));
  secondOrg = await created(await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Théâtre' }, second));
});
afterAll(() => box.close());

const newRoom = async () => created(await box.json('/api/v1/rooms', 'POST', {
  placeId, name: `Grande salle ${Math.random().toString(36).slice(2, 6)}`, bookingPolicy: 'open',
}, placeAdmin));

describe('two simultaneous booking requests', () => {
  it('over HTTP: one 201, one 409 naming the room, the date and the time', async () => {
    const roomId = await newRoom();
    const ask = (as: Session, organizationId: string) => box.request(`/api/v1/rooms/${roomId}/bookings`, {
      method: 'POST', as, headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ organizationId, purpose: 'Répétition', startsAt: '2027-05-20T18:00', endsAt: '2027-05-20T20:00' }),
    });
    const responses = await Promise.all([ask(first, firstOrg), ask(second, secondOrg)]);
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    const loser = responses.find((response) => response.status === 409)!;
    expect((await loser.json()).error.message).toMatch(/^“Grande salle \w+” is already booked on 2027-05-20, 18:00–20:00 \(Europe\/Paris\)$/);
  });

  it('from two processes on the same database file: exactly one wins', async () => {
    const roomId = await newRoom();
    const script = join(import.meta.dirname, 'testing', 'booker.ts');
    const input = (organizationId: string) => JSON.stringify({ organizationId, purpose: 'AG', startsAt: '2027-05-21T18:00', endsAt: '2027-05-21T20:00', rrule: 'FREQ=WEEKLY;COUNT=20' });
    const children = [[first, firstOrg], [second, secondOrg]].map(([session, org]) =>
      spawn(process.execPath, [script, box.dbPath, roomId, (session as Session).personId, input(org as string)], { stdio: ['pipe', 'pipe', 'inherit'] }));
    const lines = children.map((child) => createInterface({ input: child.stdout! })[Symbol.asyncIterator]());
    for (const line of lines) expect((await line.next()).value).toBe('ready');
    for (const child of children) child.stdin!.end('go\n');
    const results = await Promise.all(lines.map(async (line) => JSON.parse((await line.next()).value as string) as { status: number; message?: string }));
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)))));
    expect(results.map((result) => result.status).sort()).toEqual([201, 409]);
    expect(results.find((result) => result.status === 409)!.message).toContain('2027-05-21, 18:00–20:00');
    const slots = box.deps.db.prepare('SELECT count(*) AS n FROM booking_slots WHERE room_id = ?').get(roomId) as { n: number };
    expect(slots.n).toBe(20);
  }, 20_000);
});
