// A fake CoPi peer for fault tests: a tiny node:http server on a loopback port, with a key pair of its own,
// that answers /sync/v1 as a well-behaved box would — unless the test hands it a route of its own (a pull
// that stops mid-stream, garbage, silence…). It signs its own records; it never checks who calls it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { fingerprintOf, keysOf, newEpoch, newKeyPair, type BoxKeys } from '../../box/identity.ts';
import { signRecord, type Card } from '../records.ts';
import type { Envelope } from './federation.ts';

export interface Call { method: string; path: string; body: string }

/** A route of the test's own; return false to leave the request to the fake's usual answer. */
export type Route = (request: IncomingMessage, response: ServerResponse, body: () => Promise<string>) => boolean | Promise<boolean>;

export interface FakePeer {
  url: string;
  boxId: string;
  fingerprint: string;
  keys: BoxKeys;
  epoch: string;
  /** Its records, in seq order, served by its usual pull after the caller's cursor. */
  records: Envelope[];
  /** Every request it received, with its body (a push's body too). */
  calls: Call[];
  route: Route | null;
  close(): Promise<void>;
}

/** A card as a box would write it (app/sync/own.ts), named `name`. */
export function cardNamed(name: string, extra: Partial<Card> = {}): Card {
  return {
    type: 'organization', kind: 'association', slug: '', name, shortDescription: '', tags: [], communeInsee: '26108', postalCode: '',
    locality: '', lat: null, lon: null, startsAt: null, endsAt: null, allDay: false, timezone: null, rrule: null, url: '', category: null,
    priceCents: null, currency: null, expiresAt: null, closedAt: null, ...extra,
  };
}

/** A record of `keys`' origin, signed: a put of a card named `name`, or a delete. */
export function signedRecord(keys: BoxKeys, epoch: string, seq: number, options: { id?: string; name?: string; op?: 'put' | 'delete' } = {}): Envelope {
  const id = options.id ?? randomUUID();
  const op = options.op ?? 'put';
  return signRecord(keys, op === 'put'
    ? { epoch, seq, id, op, card: cardNamed(options.name ?? `Fiche ${seq}`), details: null }
    : { epoch, seq, id, op });
}

export const newIdentity = () => {
  const pair = newKeyPair();
  return keysOf(pair.publicKey, pair.privateKeyDer);
};

const readBody = (request: IncomingMessage) => {
  let text: Promise<string> | null = null;
  return () => (text ??= new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  }));
};

export async function startFakePeer(options: { name?: string; route?: Route } = {}): Promise<FakePeer> {
  const keys = newIdentity();
  const sockets = new Set<import('node:net').Socket>();
  const fake: FakePeer = {
    url: '', boxId: keys.boxId, fingerprint: fingerprintOf(keys.boxId), keys, epoch: newEpoch(), records: [], calls: [],
    route: options.route ?? null,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
  const server: Server = createServer(async (request, response) => {
    const body = readBody(request);
    const call: Call = { method: request.method!, path: request.url!, body: '' };
    fake.calls.push(call);
    try {
      if (fake.route && (await fake.route(request, response, body))) return;
      call.body = await body();
      usualAnswer(fake, options.name ?? 'Fausse boîte', call, response);
    } catch (error) {
      response.destroy(error as Error);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  return fake;
}

function usualAnswer(fake: FakePeer, name: string, call: Call, response: ServerResponse) {
  const json = (value: unknown) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(value));
  };
  if (call.path === '/sync/v1/hello') return json({ protocol: 1, boxId: fake.boxId, key: fake.keys.publicKey, name, epoch: fake.epoch });
  if (call.path === '/sync/v1/cursors') return json({});
  if (call.path === '/sync/v1/digest') return json({});
  if (call.path === '/sync/v1/push') return json({ accepted: 0, ignored: 0, refused: [] });
  if (call.path === '/sync/v1/pull') {
    const { cursors } = JSON.parse(call.body || '{}') as { cursors?: Record<string, { epoch: string; seq: number }> };
    const cursor = cursors?.[fake.boxId];
    const after = cursor && cursor.epoch === fake.epoch ? cursor.seq : 0;
    const lines = fake.records.filter((envelope) => (JSON.parse(envelope.r) as { seq: number }).seq > after);
    response.writeHead(200, { 'content-type': 'application/x-ndjson' });
    response.end([...lines, { end: { more: false } }].map((line) => JSON.stringify(line)).join('\n') + '\n');
    return;
  }
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: { code: 'not_found', message: 'No such thing here' } }));
}

/** Seq of an envelope's record. */
export const seqOf = (envelope: Envelope) => (JSON.parse(envelope.r) as { seq: number }).seq;
