// What the federation tests do to real box processes (./box-process.ts): peer them and sync them through
// their admin API, read their SQLite files, and talk to their /sync/v1 endpoints as a peer would — with a
// key of the test's own, or with a box's own key read from its file (to replay what that box once sent).
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { keysOf, type BoxKeys } from '../../box/identity.ts';
import { openDatabase, transaction } from '../../core/db/database.ts';
import { insertElement } from '../../elements/storage.ts';
import { signedHeaders } from '../auth.ts';
import { localDigest, stateDigest, type OriginDigest } from '../digest.ts';
import type { BoxProcess } from './box-process.ts';

export interface Identity { boxId: string; fingerprint: string }

export const identityOf = async (box: BoxProcess): Promise<Identity> =>
  (await (await box.request('/api/v1/sync', { as: box.admin })).json()) as Identity;

/** Adds `other` (a box, or a fake peer) as a peer of `box` through its admin API. */
export async function addPeer(box: BoxProcess, other: { url: string; fingerprint?: string } | BoxProcess, settings: Record<string, unknown> = {}) {
  const fingerprint = 'fingerprint' in other && other.fingerprint ? other.fingerprint : (await identityOf(other as BoxProcess)).fingerprint;
  const response = await box.json('/api/v1/sync/peers', 'POST', { url: other.url, fingerprint, schedule: '', ...settings }, box.admin);
  if (response.status !== 201) throw new Error(`${box.name} could not add ${other.url} as a peer: ${response.status} ${await response.text()}`);
  return (await response.json()) as { boxId: string };
}

export interface Outcome {
  pulled: { accepted: number; ignored: number; refused: { line: number; reason: string }[] };
  pushed: { accepted: number; ignored: number; refused: { line: number; reason: string }[] } | null;
  repaired: { accepted: number; ignored: number; refused: { line: number; reason: string }[] } | null;
  error: string | null;
}

/** "Sync now" on `box`'s admin API with a peer (a box id); the HTTP status and the outcome it answered. */
export async function syncNow(box: BoxProcess, peerId: string, signal?: AbortSignal): Promise<{ status: number; outcome: Outcome; text: string }> {
  const response = await box.request(`/api/v1/sync/peers/${peerId}/sync`, {
    method: 'POST', as: box.admin, headers: { 'content-type': 'application/json' }, body: '{}', signal,
  });
  const text = await response.text();
  let outcome = null as unknown as Outcome;
  try {
    outcome = JSON.parse(text) as Outcome;
  } catch { /* the status and text say what happened */ }
  return { status: response.status, outcome, text };
}

/** Everything accepted by one sync outcome (pull, push and repair). */
export const acceptedIn = (outcome: Outcome) => outcome.pulled.accepted + (outcome.pushed?.accepted ?? 0) + (outcome.repaired?.accepted ?? 0);

export async function createElement(box: BoxProcess, body: Record<string, unknown>): Promise<{ id: string; slug: string }> {
  const response = await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', communeInsee: '26108', ...body }, box.admin);
  if (response.status !== 201) throw new Error(`${box.name} did not create ${JSON.stringify(body)}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; slug: string };
}

export async function patchElement(box: BoxProcess, id: string, body: Record<string, unknown>) {
  const response = await box.json(`/api/v1/elements/${id}`, 'PATCH', body, box.admin);
  if (response.status !== 200) throw new Error(`${box.name} did not change ${id}: ${response.status} ${await response.text()}`);
}

export async function deleteElement(box: BoxProcess, id: string) {
  const response = await box.request(`/api/v1/elements/${id}`, { method: 'DELETE', as: box.admin });
  if (response.status >= 300) throw new Error(`${box.name} did not delete ${id}: ${response.status} ${await response.text()}`);
}

/**
 * Many public elements at once, written into the box's file with the box's own storage code (as an import
 * would), beside the running box: a backlog for big pushes. Returns their ids.
 */
export function seedElements(box: BoxProcess, count: number, prefix: string): string[] {
  const db = openDatabase(box.dbPath);
  try {
    const boxId = db.prepare("SELECT value FROM box_settings WHERE key = 'box_id'").pluck().get() as string;
    return transaction(db, () => Array.from({ length: count }, (_, i) => insertElement(db, boxId, {
      type: 'organization', kind: 'association', slug: `${prefix}-${i}`.toLowerCase(), name: `${prefix} ${i}`,
      shortDescription: `Fiche ${i} de ${prefix}, pour une longue poussée vers un pair. `.repeat(4), description: '', tags: ['lot', prefix.toLowerCase()],
      street: '', postalCode: '26000', communeInsee: '26108', locality: '', lat: null, lon: null, visibility: 'public', contactEmail: '',
      contactPhone: '', url: '', stage: null, startsAt: null, endsAt: null, allDay: false, parentId: null,
    }, null)));
  } finally {
    db.close();
  }
}

/** Names an anonymous visitor finds with the box's search. */
export async function searchNames(box: BoxProcess, words: string): Promise<string[]> {
  const response = await box.request(`/api/v1/search?q=${encodeURIComponent(words)}&limit=100`);
  if (response.status !== 200) throw new Error(`${box.name}'s search answered ${response.status}`);
  return ((await response.json()) as { items: { name: string }[] }).items.map((item) => item.name).sort();
}

/** The box still serves: /readyz answers 200 and a search answers. */
export async function serving(box: BoxProcess): Promise<boolean> {
  const ready = await box.request('/readyz').then((r) => r.status, () => 0);
  const search = await box.request('/api/v1/search?q=copi').then((r) => r.status, () => 0);
  return ready === 200 && search === 200;
}

/** Reads a box's SQLite file (read-only, beside the running box). */
export function readDb<T>(box: BoxProcess, read: (db: Database.Database) => T): T {
  const db = new Database(box.dbPath, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** One hash of every record the box holds (app/sync/digest.ts): equal on boxes that converged. */
export const stateOf = (box: BoxProcess) => readDb(box, stateDigest);

/** What the box holds of one origin: epoch, count and bucket hashes. */
export const originDigestOf = (box: BoxProcess, origin: string): OriginDigest | null => readDb(box, (db) => localDigest(db, origin));

export const count = (box: BoxProcess, query: string, ...params: unknown[]) =>
  readDb(box, (db) => (db.prepare(query).pluck().get(...params) as number));

/** The box's own signing keys, read from its file: to send what that box once sent, again. */
export function keysOfBox(box: BoxProcess): BoxKeys {
  return readDb(box, (db) => {
    const get = (key: string) => db.prepare('SELECT value FROM box_settings WHERE key = ?').pluck().get(key) as string;
    return keysOf(get('sync_public_key'), get('sync_private_key'));
  });
}

export interface Envelope { r: string; s: string; h: number }

/** A request to a box's /sync/v1 endpoint, signed with `keys` (a peer's, a fake's or the box's own). */
export function signedFetch(keys: BoxKeys, callee: { url: string; boxId: string }, method: string, path: string, body?: BodyInit | null, signal?: AbortSignal) {
  const headers: Record<string, string> = signedHeaders(keys, method, path, callee.boxId);
  if (body !== undefined && body !== null) headers['content-type'] = body instanceof ReadableStream ? 'application/x-ndjson' : 'application/json';
  return fetch(callee.url + path, { method, headers, body, signal, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
}

/** Pulls from `box` as the holder of `keys` (which the box must know as a peer): the envelopes and the answer's bytes. */
export async function pullAs(keys: BoxKeys, box: { url: string; boxId: string }, cursors: Record<string, { epoch: string; seq: number }> = {}, limit = 5000) {
  const response = await signedFetch(keys, box, 'POST', '/sync/v1/pull', JSON.stringify({ cursors, limit }));
  const text = await response.text();
  if (response.status !== 200) throw new Error(`pull answered ${response.status}: ${text}`);
  const lines = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Envelope | { end: { more: boolean } });
  return { text, envelopes: lines.filter((line): line is Envelope => 'r' in line) };
}

export interface PushResult { accepted: number; ignored: number; refused: { line: number; reason: string }[] }

/** Pushes NDJSON lines (envelopes, or anything) to `box` as the holder of `keys`. */
export async function pushAs(keys: BoxKeys, box: { url: string; boxId: string }, lines: unknown[]): Promise<PushResult> {
  const body = lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';
  const response = await signedFetch(keys, box, 'POST', '/sync/v1/push', new Blob([body]).stream());
  const text = await response.text();
  if (response.status !== 200) throw new Error(`push answered ${response.status}: ${text}`);
  return JSON.parse(text) as PushResult;
}

export const recordOf = (envelope: Envelope) => JSON.parse(envelope.r) as { origin: string; epoch: string; seq: number; id: string; op: string; card?: { name: string } };

/**
 * The process id of a running box: the harness does not expose it, so it is found by the box's data folder in
 * the environment of the processes this user runs.
 */
export function pidOf(box: BoxProcess): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (environ.includes(`COPI_DATA=${box.dir}`) && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('scripts/start.ts')) return Number(entry);
    } catch { /* gone, or not ours */ }
  }
  throw new Error(`no running process for box ${box.name}`);
}

/** A process's peak resident memory (VmHWM) and current one (VmRSS), in KiB. */
export function memoryOf(pid: number): { peakKiB: number; rssKiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
  return { peakKiB: field('VmHWM'), rssKiB: field('VmRSS') };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
