// Room booking figures: booking a free slot (POST /api/v1/rooms/:id/bookings, over HTTP) in a room that
// already has 5,000 bookings, and a request refused for a conflict, beside the room's week view and
// /healthz measured the same way in the same run. A fresh box in a temporary folder, in this process
// (the client is one request at a time, so it costs the box and its baselines alike).
// Alone: `node scripts/bench/rooms.ts` prints the figures as JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../app/core/config.ts';
import { transaction } from '../../app/core/db/database.ts';
import { startBox } from '../../app/server.ts';
import { requestBooking } from '../../app/rooms/actions.ts';
import { measureOneByOne as measure, type Latency } from './load.ts';

export interface RoomBookingFigures {
  existingBookings: number;
  /** A free one-hour slot booked, 201. */
  book: Latency;
  /** A slot colliding with an existing booking, 409. */
  conflict: Latency;
  /** Baselines: GET of the room's week (JSON) and /healthz. */
  weekView: Latency;
  healthz: Latency;
}

export async function roomBookingBench(options: { existing?: number; samples?: number; warmup?: number } = {}): Promise<RoomBookingFigures> {
  const existing = options.existing ?? 5000;
  const samples = options.samples ?? 400;
  const warmup = options.warmup ?? 50;
  const dir = mkdtempSync(join(tmpdir(), 'copi-bench-rooms-'));
  const box = await startBox(readConfig({ COPI_DATA: dir, PORT: '0', HOST: '127.0.0.1', COPI_DEMO: '0', COPI_BACKUP_AT: 'off' }), () => {});
  try {
    const api = client(box.url);
    const placeAdmin = await api.register('bench-lieu');
    const asso = await api.register('bench-asso');
    const placeId = await api.create({ type: 'poi', kind: 'place', name: 'Salle des fêtes (bench)' }, placeAdmin);
    const orgId = await api.create({ type: 'organization', kind: 'association', name: 'Association (bench)' }, asso);
    const roomId = (await api.post('/api/v1/rooms', { placeId, name: 'Grande salle', bookingPolicy: 'open' }, placeAdmin).then(ok)).id as string;

    // 5,000 one-hour bookings, 7 a day from 08:00, from next year on (written through the app's own rule).
    const first = Date.UTC(new Date().getUTCFullYear() + 1, 0, 4);
    const day = (index: number) => new Date(first + index * 86_400_000).toISOString().slice(0, 10);
    const viewer = { personId: asso.personId, username: 'bench-asso', isBoxAdmin: false };
    transaction(box.deps.db, () => {
      for (let i = 0; i < existing; i++) {
        const hour = String(8 + (i % 7)).padStart(2, '0');
        requestBooking(box.deps, viewer, roomId, { organizationId: orgId, purpose: `Réservation ${i}`, startsAt: `${day(Math.floor(i / 7))}T${hour}:00`, endsAt: `${day(Math.floor(i / 7))}T${hour}:59` });
      }
    });
    const days = Math.ceil(existing / 7);
    const booking = (index: number, hour: string) => ({
      organizationId: orgId, purpose: 'Mesure', startsAt: `${day(index % days)}T${hour}:00`, endsAt: `${day(index % days)}T${hour}:59`,
    });

    // Free slots in the evening of days among the existing ones, each asked once; conflicts at 08:00.
    let next = 0;
    const book = await measure(warmup, samples, async () => {
      const index = next++;
      await api.post(`/api/v1/rooms/${roomId}/bookings`, booking(index, String(18 + Math.floor(index / days)).padStart(2, '0')), asso).then(expectStatus(201));
    });
    let clash = 0;
    const conflict = await measure(warmup, samples, () => api.post(`/api/v1/rooms/${roomId}/bookings`, booking(clash++ * 3, '08'), asso).then(expectStatus(409)));
    let week = 0;
    const weekView = await measure(warmup, samples, () => api.get(`/api/v1/rooms/${roomId}/week?week=${day((week++ * 7) % days)}`).then(expectStatus(200)));
    const healthz = await measure(warmup, samples, () => api.get('/healthz').then(expectStatus(200)));
    return { existingBookings: existing, book, conflict, weekView, healthz };
  } finally {
    await box.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Session { cookie: string; personId: string }

const ok = async (response: Response) => {
  const body = await response.json() as Record<string, unknown>;
  if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(body)}`);
  return body;
};
const expectStatus = (status: number) => async (response: Response) => {
  await response.arrayBuffer();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}`);
};

function client(base: string) {
  const post = (path: string, body: unknown, as?: Session) => fetch(new URL(path, base), {
    method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en', ...(as ? { cookie: as.cookie } : {}) }, body: JSON.stringify(body),
  });
  return {
    post,
    get: (path: string) => fetch(new URL(path, base)),
    async register(username: string): Promise<Session> {
      const response = await post('/api/v1/auth/register', { username, password: 'correct horse battery staple' });
      const { personId } = await ok(response) as { personId: string };
      return { personId, cookie: response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
    },
    async create(element: Record<string, unknown>, as: Session): Promise<string> {
      return (await ok(await post('/api/v1/elements', element, as))).id as string;
    },
  };
}

if (process.argv[1] === import.meta.filename) console.log(JSON.stringify(await roomBookingBench(), null, 2));
