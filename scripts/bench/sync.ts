// Federation figures (issue 11), on real box processes started as `npm start` runs them (its V8 flags), each
// with a data folder of its own and no demo content. Box A holds 10,000 public elements of the shared types in
// the demo territory (written before it starts, through the app's insertElement), B starts empty, C holds a
// few of its own; A and B are peers both ways, and so are A and C.
//   1. First sync: B's "sync now" with A (pull + push + repair) until its answer, beside the same records'
//      bytes (the NDJSON envelopes A sent) downloaded once from a bare node:http server.
//   2. Peak RSS (VmHWM) of A and of B after that sync, beside the same process's VmHWM idle after its start.
//   3. Ten elements changed on A (PATCH), then B's "sync now" until its answer (records applied), median of
//      5 rounds, beside B's "sync now" right after, when nothing changed.
//   4. "Search further" on A (its two peers, B and C, asked at once), p95 over 50 queries, beside A's local
//      search with the same words.
// Admin accounts and sessions are written into each database before its box starts, so no password hashing
// (32 MiB) runs in a box whose memory is read. Alone: `node scripts/bench/sync.ts` prints the figures as JSON.
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBoxDatabase, transaction } from '../../app/core/db/database.ts';
import { loadBoxSettings } from '../../app/box/settings.ts';
import { seededRandom, seedTerritory } from '../../app/demo/seed.ts';
import { attachZoneDatabase } from '../../app/zones/communes.ts';
import { insertElement, type ElementRecord } from '../../app/elements/storage.ts';
import { withBulkIndexing } from '../../app/search/bulk.ts';
import { createSession, insertAccount } from '../../app/accounts/storage.ts';
import { kindsByType } from '../../app/elements/model.ts';
import territory from '../../app/demo/territory.json' with { type: 'json' };
import { freePort, killAllNow, readCpuSeconds, readMemory, startNode, stop, waitReady, type Child } from './processes.ts';
import { summarize, type Latency } from './load.ts';
import { figure, type Figure } from './report.ts';

const root = join(import.meta.dirname, '../..');
const sharedTypes = ['organization', 'event', 'poi', 'project'] as const;
const themes = ['jardin', 'vélo', 'musique', 'théâtre', 'compost', 'lecture', 'randonnée', 'cuisine', 'numérique', 'poterie',
  'chorale', 'danse', 'photo', 'couture', 'apiculture', 'échecs', 'cinéma', 'escalade', 'tricot', 'menuiserie'];
const nouns: Record<(typeof sharedTypes)[number], string[]> = {
  organization: ['Association', 'Collectif', 'Amicale', 'Club', 'Atelier'],
  event: ['Fête', 'Rencontre', 'Soirée', 'Stage', 'Journée'],
  poi: ['Local', 'Boîte à livres', 'Point compost', 'Salle', 'Abri'],
  project: ['Projet', 'Chantier', 'Initiative', 'Coopérative', 'Réseau'],
};
const tagWords = ['solidarité', 'écologie', 'culture', 'sport', 'enfance', 'seniors', 'artisanat', 'nature', 'partage', 'patrimoine'];

export interface SyncFigures {
  elements: number;
  cpus: BoxCpus | null;
  firstSync: { ms: number; outcome: unknown; cardsOnB: number; recordBytes: number; records: number; cpuSeconds: CpuSeconds };
  download: { ms: number[]; bytes: number };
  memory: { a: SideMemory; b: SideMemory };
  changes: { perRound: number; rounds: { changedMs: number; accepted: number; changedCpuSeconds: CpuSeconds; idleMs: number; idleAccepted: number; idleCpuSeconds: CpuSeconds }[] };
  further: { queries: number; api: Latency; local: Latency; hasFurtherField: boolean; peerStatuses: Record<string, number>; furtherResults: number; localResults: number };
}

/** VmHWM counts file-backed pages too (the node binary, SQLite files): maxAnonKiB, sampled every 50 ms, is the heap side alone. */
interface SideMemory { idleHwmKiB: number; idleRssKiB: number; afterHwmKiB: number; afterRssKiB: number; maxAnonKiB: number }
interface CpuSeconds { a: number; b: number }

/** CPUs for the boxes when the bench pins them: A (the one that serves) on one, B and C on another. */
export interface BoxCpus { a: number; others: number }

interface Box { child: Child; dir: string; cookie: string; url: string }

export async function syncBench(options: { elements?: number; cpus?: BoxCpus | null; nodeFlags?: string[] } = {}): Promise<SyncFigures> {
  const elements = options.elements ?? 10_000;
  const cpus = options.cpus ?? null;
  const work = mkdtempSync(join(tmpdir(), 'copi-bench-sync-'));
  const boxes: Box[] = [];
  try {
    // The three databases, written before any box starts.
    const cookieA = prepareBox(join(work, 'a'), elements, 1);
    const cookieB = prepareBox(join(work, 'b'), 0, 2);
    const cookieC = prepareBox(join(work, 'c'), Math.round(elements / 5), 3);

    const start = async (dir: string, cookie: string, cpu: number | null) => {
      const port = await freePort();
      const env = { COPI_DATA: dir, COPI_DEMO: '0', COPI_BACKUP_AT: 'off', COPI_USB_DIR: join(dir, 'no-usb') };
      const child = startNode({ label: `CoPi box ${dir}`, script: 'scripts/start.ts', cwd: root, env, port, cpu, nodeFlags: options.nodeFlags ?? npmStartFlags() });
      await waitReady(child, performance.now());
      const box = { child, dir, cookie, url: `http://127.0.0.1:${port}` };
      boxes.push(box);
      return box;
    };
    const a = await start(join(work, 'a'), cookieA, cpus?.a ?? null);
    const b = await start(join(work, 'b'), cookieB, cpus?.others ?? null);
    // Fresh processes: VmHWM so far is the start's; read before anything else runs in them.
    const idleA = readMemory(a.child.pid);
    const idleB = readMemory(b.child.pid);
    const countOnB = async () => (await getJson<{ total: number }>(b, `/api/v1/search?type=${sharedTypes.join(',')}&limit=1`)).total;
    const cardsBefore = await countOnB();
    await peer(a, b);
    await peer(b, a);
    const idA = (await identity(a)).boxId;

    // 1 + 2. The first sync, and the memory of both sides after it.
    const cpu = cpuMeter(a, b);
    const anonA = sampleAnon(a.child.pid);
    const anonB = sampleAnon(b.child.pid);
    let started = performance.now();
    const outcome = await syncNow(b, idA);
    const firstMs = performance.now() - started;
    const cpuSeconds = cpu();
    const afterA = { ...readMemory(a.child.pid), maxAnonKiB: anonA() };
    const afterB = { ...readMemory(b.child.pid), maxAnonKiB: anonB() };
    if (outcome.error) throw new Error(`The first sync failed: ${outcome.error}`);
    const cardsOnB = (await countOnB()) - cardsBefore;
    if (cardsOnB !== elements) throw new Error(`B holds ${cardsOnB} cards of A after the first sync, not ${elements}`);

    // Baseline of 1: the envelopes A sent, as NDJSON, downloaded from a bare node:http server (median of 3).
    const payload = envelopesOf(join(a.dir, 'copi.db'));
    const download = await timedDownloads(payload.bytes, 3);

    // 3. Ten changes on A, then B's sync; B's sync again with nothing changed.
    const ids = await elementIds(a, 10);
    const rounds: SyncFigures['changes']['rounds'] = [];
    for (let round = 0; round < 5; round++) {
      for (const id of ids) {
        const response = await send(a, 'PATCH', `/api/v1/elements/${id}`, { shortDescription: `Mis à jour, tour ${round}` });
        if (response.status !== 200) throw new Error(`PATCH ${id} answered ${response.status}: ${await response.text()}`);
      }
      let roundCpu = cpuMeter(a, b);
      started = performance.now();
      const changed = await syncNow(b, idA);
      const changedMs = performance.now() - started;
      const changedCpuSeconds = roundCpu();
      roundCpu = cpuMeter(a, b);
      started = performance.now();
      const idle = await syncNow(b, idA);
      const idleMs = performance.now() - started;
      const idleCpuSeconds = roundCpu();
      if (changed.error || idle.error) throw new Error(`Sync failed: ${changed.error ?? idle.error}`);
      if (changed.pulled.accepted !== ids.length) throw new Error(`B took ${changed.pulled.accepted} of the ${ids.length} changes`);
      rounds.push({ changedMs, accepted: changed.pulled.accepted, changedCpuSeconds, idleMs, idleAccepted: idle.pulled.accepted, idleCpuSeconds });
    }

    // 4. Search further: C joins, peered with A both ways; A asks B and C at once.
    const c = await start(join(work, 'c'), cookieC, cpus?.others ?? null);
    await peer(a, c);
    await peer(c, a);
    const further = await searchTimes(a, 50);
    return {
      elements, cpus,
      firstSync: { ms: firstMs, outcome: { pulled: outcome.pulled, pushed: outcome.pushed, repaired: outcome.repaired }, cardsOnB, recordBytes: payload.bytes.length, records: payload.records, cpuSeconds },
      download: { ms: download, bytes: payload.bytes.length },
      memory: { a: side(idleA, afterA), b: side(idleB, afterB) },
      changes: { perRound: ids.length, rounds },
      further,
    };
  } finally {
    await Promise.all(boxes.map((box) => stop(box.child)));
    rmSync(work, { recursive: true, force: true });
  }
}

export function syncFigures(result: SyncFigures): Figure[] {
  const mb = (kib: number) => (kib * 1024) / 1e6;
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1];
  const { firstSync, memory, changes, further } = result;
  const rss = (name: 'a' | 'b', role: string) => figure({
    id: `sync_first_peak_rss_${name}`, title: `Peak RSS of box ${name.toUpperCase()} (${role}) through that first sync`, unit: 'MB',
    value: mb(memory[name].afterHwmKiB), baseline: mb(memory[name].idleHwmKiB), baselineName: 'the same process, idle after its start',
    target: { comparison: '<=', value: 100 }, details: { ...memory[name] },
  });
  return [
    figure({
      id: 'sync_first_10k_s', title: `First sync of ${result.elements.toLocaleString('en')} elements between two boxes (B's sync now: pull + push + repair)`, unit: 's',
      value: firstSync.ms / 1000, baseline: median(result.download.ms) / 1000,
      baselineName: `the same records' ${(firstSync.recordBytes / 1e6).toFixed(1)} MB as one download from node:http`,
      target: { comparison: '<=', value: 10 },
      details: { cardsOnB: firstSync.cardsOnB, records: firstSync.records, recordBytes: firstSync.recordBytes, outcome: firstSync.outcome,
        serverCpuSeconds: firstSync.cpuSeconds, downloadMs: result.download.ms, cpus: result.cpus,
        note: `A signs its ${result.elements.toLocaleString('en')} records on the first request that needs them (refreshOwnRecords), inside this time` },
    }),
    rss('a', 'the one pulled from'),
    rss('b', 'the one that pulls'),
    figure({
      id: 'sync_10_changes_ms', title: `${changes.perRound} changes on A until B's sync now answers (applied), median of ${changes.rounds.length}`, unit: 'ms',
      value: median(changes.rounds.map((round) => round.changedMs)), baseline: median(changes.rounds.map((round) => round.idleMs)),
      baselineName: `B's sync now with nothing changed`, target: { comparison: '<=', value: 200 },
      details: { rounds: changes.rounds },
    }),
    figure({
      id: 'search_further_p95', title: `"Search further" on A, its 2 peers asked at once, p95 over ${further.queries} queries`, unit: 'ms',
      value: further.api.p95Ms, baseline: further.local.p95Ms, baselineName: `A's local search, same words`, target: null,
      details: { further: further.api, local: further.local, hasFurtherField: further.hasFurtherField, peerStatuses: further.peerStatuses,
        furtherResults: further.furtherResults, localResults: further.localResults },
    }),
  ];
}

/** A fresh box database: the demo territory, an admin with a session, and `count` public elements. Returns the cookie. */
function prepareBox(dir: string, count: number, seed: number): string {
  const db = openBoxDatabase(join(dir, 'copi.db'));
  try {
    attachZoneDatabase(db);
    seedTerritory(db);
    const { boxId } = loadBoxSettings(db);
    const random = seededRandom(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    return transaction(db, () => {
      const adminId = insertElement(db, boxId, record({ type: 'person', name: 'Admin', slug: 'admin', visibility: 'members' }), null);
      insertAccount(db, adminId, 'admin', null, true);
      const secret = createSession(db, adminId);
      withBulkIndexing(db, () => {
        for (let i = 0; i < count; i++) {
          const type = sharedTypes[i % sharedTypes.length];
          const commune = pick(territory.communes);
          const theme = pick(themes);
          const name = `${pick(nouns[type])} ${theme} de ${commune.name}`;
          const startsAt = type === 'event' ? new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 365) * 86400_000 + 18 * 3600_000).toISOString() : null;
          insertElement(db, boxId, record({
            type, name, slug: `${name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${seed}-${i.toString(36)}`,
            kind: kindsByType[type][0] ?? null, stage: type === 'project' ? 'started' : null,
            shortDescription: `${theme[0].toUpperCase()}${theme.slice(1)} pour toutes et tous à ${commune.name}, ouvert à qui veut participer.`,
            description: `Rendez-vous ${commune.name}. ${theme} : matériel prêté, entrée libre.\n\n- ${pick(tagWords)}\n- ${pick(tagWords)}`,
            tags: [...new Set([pick(tagWords), pick(tagWords), theme])],
            postalCode: commune.postalCodes[0], communeInsee: commune.insee, locality: commune.name,
            lat: commune.lat + (random() - 0.5) * 0.01, lon: commune.lon + (random() - 0.5) * 0.01, startsAt,
          }), adminId);
        }
      });
      return `copi_session=${secret}`;
    });
  } finally {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
}

function record(fields: Partial<ElementRecord> & Pick<ElementRecord, 'type' | 'name' | 'slug'>): ElementRecord {
  return {
    kind: null, shortDescription: '', description: '', tags: [], street: '', postalCode: '', communeInsee: null, locality: '', lat: null, lon: null,
    visibility: 'public', contactEmail: '', contactPhone: '', url: '', stage: null, startsAt: null, endsAt: null, allDay: false, parentId: null,
    ...fields,
  };
}

/** The NDJSON lines A streams for its records, as the pull sends them (read from A's database, read-only). */
function envelopesOf(dbPath: string): { bytes: Buffer; records: number } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT raw, sig, hops FROM sync_records ORDER BY origin, seq').all() as { raw: string; sig: string; hops: number }[];
    const text = rows.map((row) => JSON.stringify({ r: row.raw, s: row.sig, h: row.hops })).join('\n') + `\n${JSON.stringify({ end: { more: false } })}\n`;
    return { bytes: Buffer.from(text, 'utf8'), records: rows.length };
  } finally {
    db.close();
  }
}

/** The payload served by a bare node:http server, downloaded `times` times by fetch; the milliseconds of each. */
async function timedDownloads(payload: Buffer, times: number): Promise<number[]> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/x-ndjson', 'content-length': payload.length });
    response.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const times_: number[] = [];
    for (let i = 0; i < times; i++) {
      const started = performance.now();
      const body = await (await fetch(`http://127.0.0.1:${port}/records.ndjson`)).arrayBuffer();
      times_.push(performance.now() - started);
      if (body.byteLength !== payload.length) throw new Error('Short download');
    }
    return times_;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** `count` queries of one word, each asked of A with further=1 and then locally; p95 of both after 5 warm-up rounds. */
async function searchTimes(a: Box, count: number): Promise<SyncFigures['further']> {
  const random = seededRandom(5);
  const words = Array.from({ length: count }, (_, i) => (i % 3 === 2 ? territory.communes[Math.floor(random() * territory.communes.length)].name : themes[Math.floor(random() * themes.length)]));
  const ask = async (word: string, further: boolean) => {
    const started = performance.now();
    const body = await getJson<{ total: number; further?: { results: unknown[]; peers: { status: string }[] } }>(a, `/api/v1/search?q=${encodeURIComponent(word)}${further ? '&further=1' : ''}`);
    return { ms: performance.now() - started, body };
  };
  for (const word of words.slice(0, 5)) {
    await ask(word, true);
    await ask(word, false);
  }
  const api: number[] = [];
  const local: number[] = [];
  const peerStatuses: Record<string, number> = {};
  let hasFurtherField = true;
  let furtherResults = 0;
  let localResults = 0;
  const started = performance.now();
  for (const word of words) {
    const withPeers = await ask(word, true);
    api.push(withPeers.ms);
    if (!withPeers.body.further) hasFurtherField = false;
    furtherResults += withPeers.body.further?.results.length ?? 0;
    for (const { status } of withPeers.body.further?.peers ?? []) peerStatuses[status] = (peerStatuses[status] ?? 0) + 1;
    const alone = await ask(word, false);
    local.push(alone.ms);
    localResults += alone.body.total;
  }
  const seconds = (performance.now() - started) / 1000;
  return { queries: words.length, api: summarize(api, seconds), local: summarize(local, seconds), hasFurtherField, peerStatuses, furtherResults, localResults };
}

function side(idle: { rssKiB: number; hwmKiB: number }, after: { rssKiB: number; hwmKiB: number; maxAnonKiB: number }): SideMemory {
  return { idleHwmKiB: idle.hwmKiB, idleRssKiB: idle.rssKiB, afterHwmKiB: after.hwmKiB, afterRssKiB: after.rssKiB, maxAnonKiB: after.maxAnonKiB };
}

/** CPU seconds A and B spend from now until the returned function is called. */
function cpuMeter(a: Box, b: Box): () => CpuSeconds {
  const before = { a: readCpuSeconds(a.child.pid), b: readCpuSeconds(b.child.pid) };
  return () => ({ a: round(readCpuSeconds(a.child.pid) - before.a), b: round(readCpuSeconds(b.child.pid) - before.b) });
}

const round = (value: number) => Math.round(value * 100) / 100;

/** The largest RssAnon of a process, sampled every 50 ms until the returned function is called. */
function sampleAnon(pid: number): () => number {
  let max = 0;
  const take = () => {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^RssAnon:\s+(\d+) kB/m);
    if (match) max = Math.max(max, Number(match[1]));
  };
  take();
  const timer = setInterval(take, 50);
  return () => {
    clearInterval(timer);
    take();
    return max;
  };
}

async function send(box: Box, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { cookie: box.cookie };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(box.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function getJson<T>(box: Box, path: string): Promise<T> {
  const response = await send(box, 'GET', path);
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

const identity = (box: Box) => getJson<{ boxId: string; fingerprint: string }>(box, '/api/v1/sync');

/** `box` adds `other` as a peer, through its admin API, with the fingerprint `other` shows; no schedule. */
async function peer(box: Box, other: Box) {
  const { fingerprint } = await identity(other);
  const response = await send(box, 'POST', '/api/v1/sync/peers', { url: other.url, fingerprint, schedule: '' });
  if (response.status !== 201) throw new Error(`Peering answered ${response.status}: ${await response.text()}`);
}

interface Outcome { pulled: { accepted: number }; pushed: unknown; repaired: unknown; error: string | null }

async function syncNow(box: Box, peerId: string): Promise<Outcome> {
  const response = await send(box, 'POST', `/api/v1/sync/peers/${peerId}/sync`, {});
  if (response.status !== 200) throw new Error(`Sync now answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Outcome;
}

/** Ids of the first `count` public elements A lists, to change them. */
async function elementIds(a: Box, count: number): Promise<string[]> {
  const page = await getJson<{ items: { id: string }[] }>(a, `/api/v1/elements?type=organization&limit=${count}`);
  return page.items.map((item) => item.id);
}

/** The V8 flags of `npm start`, read from package.json (as run.ts does), when the caller gives none. */
function npmStartFlags(): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(/\s+/).filter((word) => word.startsWith('--'));
}

if (process.argv[1] === import.meta.filename) {
  // Alone, nothing may outlive a Ctrl-C either (run.ts does the same for the whole bench).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { killAllNow(); process.exit(130); });
  console.log(JSON.stringify(syncFigures(await syncBench({ elements: Number(process.argv[2] ?? 10_000) })), null, 2));
}
