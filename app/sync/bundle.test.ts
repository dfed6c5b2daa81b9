// Sync bundles between real box databases: records carried by a file (a USB stick) instead of HTTP, checked
// whole before anything is applied; the admin API on a stick folder and the command line as a real process.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import { keysOf, newKeyPair, verifySignature } from '../box/identity.ts';
import { boxKeys } from '../box/settings.ts';
import { requestContext } from '../accounts/session.ts';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { syncBundleApi } from './bundle-api.ts';
import { exportBundle, headerLine, importBundle, type BundleHeader } from './bundle.ts';
import { addPeerDirectly, foundOn as found, type DirectPeerOptions } from './testing/peers.ts';

let a: TestBox;
let b: TestBox;
let alice: Session;
let stick: string;

const peer = (from: TestBox, to: TestBox, options: DirectPeerOptions = {}) =>
  addPeerDirectly(from, to, `box ${to === a ? 'A' : to === b ? 'B' : 'C'}`, options);


async function create(box: TestBox, as: Session, body: Record<string, unknown>) {
  const response = await box.json('/api/v1/elements', 'POST', { communeInsee: '26108', kind: 'association', type: 'organization', ...body }, as);
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

async function bundleFor(from: TestBox, to: TestBox) {
  const [bundle] = await exportBundle(from.deps, { to: to.deps.box.boxId, dir: stick });
  return bundle;
}

/** Everything a bundle could change on a box: its elements, the records it holds, its cursors and acks. */
const stateOf = (box: TestBox) => JSON.stringify(['elements', 'sync_records', 'sync_cursors', 'sync_acks', 'sync_origins']
  .map((table) => sql(box.deps.db, `SELECT * FROM ${table} ORDER BY 1, 2`).all()));

async function refusal(box: TestBox, path: string): Promise<string> {
  const before = stateOf(box);
  const error = await importBundle(box.deps, path).then(() => null, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(AppError);
  expect(stateOf(box)).toBe(before);
  return (error as AppError).message;
}

beforeEach(async () => {
  a = createTestBox();
  b = createTestBox();
  stick = mkdtempSync(join(tmpdir(), 'copi-stick-'));
  alice = await a.register('alice');
  peer(a, b);
  peer(b, a);
});
afterEach(() => {
  a.close();
  b.close();
  rmSync(stick, { recursive: true, force: true });
});

describe('sync bundles', () => {
  it('carry public elements to a peer on a stick, where search finds them; a private element is not in the file; a second import changes nothing', async () => {
    await create(a, alice, { name: 'Repair café des Tilleuls' });
    await create(a, alice, { name: 'Cercle secret des Tilleuls', visibility: 'private' });
    const bundle = await bundleFor(a, b);
    expect(bundle.name).toBe(`copi-sync-${a.deps.box.boxId}-${b.deps.box.boxId}-1.ndjson`);
    expect(readdirSync(stick)).toEqual([bundle.name]); // no temp file left beside it
    const bytes = readFileSync(bundle.path, 'utf8');
    expect(bytes).toContain('Repair café des Tilleuls');
    expect(bytes).not.toContain('Cercle secret');
    // The header as PROTOCOL.md defines it: the hash of the lines after it, a signature over the line without its sig.
    const raw = readFileSync(bundle.path);
    const line = raw.subarray(0, raw.indexOf(10)).toString('utf8');
    const { sig, ...header } = JSON.parse(line) as BundleHeader & { sig: string };
    expect(header).toMatchObject({ bundle: 1, from: a.deps.box.boxId, key: boxKeys(a.deps.db).publicKey, to: b.deps.box.boxId, records: 1 });
    expect(createHash('sha256').update(raw.subarray(raw.indexOf(10) + 1)).digest('hex')).toBe(header.sha256);
    expect(line).toBe(`${JSON.stringify(header).slice(0, -1)},"sig":"${sig}"}`);
    expect(verifySignature(header.key, JSON.stringify(header), sig)).toBe(true);

    expect(await importBundle(b.deps, bundle.path)).toMatchObject({ from: a.deps.box.boxId, records: 1, accepted: 1, ignored: 0, refused: [] });
    expect(found(b, 'tilleuls')).toEqual(['Repair café des Tilleuls']);
    const after = stateOf(b);
    expect(await importBundle(b.deps, bundle.path)).toMatchObject({ accepted: 0, ignored: 1, refused: [] });
    expect(stateOf(b)).toBe(after);
  });

  it('carry back what the peer holds, so the next bundle holds only what changed since', async () => {
    await create(a, alice, { name: 'Jardin partagé' });
    await importBundle(b.deps, (await bundleFor(a, b)).path);
    const answer = await bundleFor(b, a);
    expect(answer.records).toBe(0);
    await importBundle(a.deps, answer.path);
    await create(a, alice, { name: 'Atelier vélo' });
    const next = await bundleFor(a, b);
    expect(next.name).toMatch(/-2\.ndjson$/);
    expect(next.records).toBe(1);
    expect(readFileSync(next.path, 'utf8')).toContain('Atelier vélo');
    expect(await importBundle(b.deps, next.path)).toMatchObject({ accepted: 1 });
    expect(found(b, 'vélo')).toEqual(['Atelier vélo']);
  });

  it('is refused whole when a byte of a record was changed, the header altered or forged, or the file cut short', async () => {
    await create(a, alice, { name: 'Jardin partagé' });
    await create(a, alice, { name: 'Atelier vélo' });
    const bundle = await bundleFor(a, b);
    const original = readFileSync(bundle.path);
    const copy = (name: string, bytes: Buffer | string) => {
      writeFileSync(join(stick, name), bytes);
      return join(stick, name);
    };

    const oneByte = Buffer.from(original);
    oneByte[original.indexOf('Jardin')] = 'K'.charCodeAt(0);
    expect(await refusal(b, copy('byte.ndjson', oneByte))).toMatch(/records were altered/);

    const [line, ...body] = original.toString('utf8').split('\n');
    const header = JSON.parse(line) as BundleHeader & { sig: string };
    const recounted = line.replace('"records":2', '"records":3');
    expect(recounted).not.toBe(line);
    expect(await refusal(b, copy('count.ndjson', [recounted, ...body].join('\n')))).toMatch(/signature does not verify/);

    const pair = newKeyPair();
    const stranger = keysOf(pair.publicKey, pair.privateKeyDer);
    const forged = headerLine({ ...stranger, boxId: a.deps.box.boxId }, { ...header, key: stranger.publicKey, records: 3 }).trimEnd();
    expect(await refusal(b, copy('forged.ndjson', [forged, ...body].join('\n')))).toMatch(/header is forged/);

    const cut = copy('cut.ndjson', original);
    truncateSync(cut, original.length - 40);
    expect(await refusal(b, cut)).toMatch(/cut short: it holds 1 of the 2 records/);

    expect(await refusal(b, copy('empty.ndjson', ''))).toMatch(/not a CoPi sync bundle/);
    expect(found(b, 'jardin')).toEqual([]);
    expect(await importBundle(b.deps, bundle.path)).toMatchObject({ accepted: 2 });
    expect(found(b, 'jardin')).toEqual(['Jardin partagé']);
  });

  it('is refused from a box that is not a peer, and when addressed to another box', async () => {
    const c = createTestBox();
    try {
      const carol = await c.register('carol');
      await create(c, carol, { name: 'Lavoir du Pont' });
      peer(c, b); // C knows B, but B's admin never added C
      expect(await refusal(b, (await bundleFor(c, b)).path)).toMatch(/^This bundle comes from box [A-Z2-7-]{19}, which is not a peer of this box/);
      peer(c, a);
      peer(a, c);
      await create(a, alice, { name: 'Jardin partagé' });
      const forC = await bundleFor(a, c);
      expect(await refusal(b, forC.path)).toMatch(/^This bundle is addressed to box [A-Z2-7-]{19}, not to this box$/);
      expect(await importBundle(c.deps, forC.path)).toMatchObject({ accepted: 1 });
    } finally {
      c.close();
    }
  });

  it('relay an element across three boxes by stick, each box importing the file addressed to it', async () => {
    const c = createTestBox();
    try {
      await create(a, alice, { name: 'Repair café des Tilleuls' });
      peer(b, c, { relayTo: true });
      peer(c, b, { acceptRelayed: 'all' });
      await importBundle(b.deps, (await bundleFor(a, b)).path);
      const fromB = await exportBundle(b.deps, { to: 'all', dir: stick });
      expect(fromB.map((bundle) => [bundle.peerName, bundle.records])).toEqual([['box A', 0], ['box C', 1]]);
      const forC = fromB.find((bundle) => bundle.to === c.deps.box.boxId)!;
      expect(await importBundle(c.deps, forC.path)).toMatchObject({ accepted: 1, refused: [] });
      expect(found(c, 'tilleuls')).toEqual(['Repair café des Tilleuls']);
      expect(JSON.parse(JSON.parse(readFileSync(forC.path, 'utf8').split('\n')[1]).r).origin).toBe(a.deps.box.boxId);
    } finally {
      c.close();
    }
  });
});

describe('sync bundles through the admin API', () => {
  /** The routes as app.ts mounts them: the session middleware, the routes under /api/v1, AppError as JSON. */
  function apiOf(box: TestBox, usbDir: string) {
    const app = new Hono<AppEnv>();
    const deps = { ...box.deps, config: { ...box.deps.config, backup: { ...box.deps.config.backup, usbDir } } };
    app.use(requestContext(deps));
    app.route('/api/v1', syncBundleApi(deps));
    app.onError((error, c) => {
      if (error instanceof AppError) return c.json(error.toJSON(), error.status);
      throw error;
    });
    return (path: string, as: Session, body?: unknown) => Promise.resolve(app.request(path, {
      method: body === undefined ? 'GET' : 'POST', headers: { cookie: as.cookie, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }));
  }

  it('writes a bundle on the stick plugged in, lists it on the other box and imports it; refuses paths off the stick', async () => {
    await create(a, alice, { name: 'Repair café des Tilleuls' });
    const adminA = await a.register('admin-a', { admin: true });
    const adminB = await b.register('admin-b', { admin: true });
    const onA = apiOf(a, stick);
    const onB = apiOf(b, stick);

    expect((await onA('/api/v1/sync/bundles', alice, { to: 'all' })).status).toBe(403);
    const none = await onA('/api/v1/sync/bundles', adminA, { to: 'all' });
    expect(none.status).toBe(409);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/No USB stick is plugged in/);

    mkdirSync(join(stick, 'KEY'));
    const written = await onA('/api/v1/sync/bundles', adminA, { to: b.deps.box.boxId });
    expect(written.status).toBe(201);
    const { files } = (await written.json()) as { files: { path: string; records: number }[] };
    expect(files).toEqual([expect.objectContaining({ path: `KEY/copi-sync/copi-sync-${a.deps.box.boxId}-${b.deps.box.boxId}-1.ndjson`, records: 1 })]);

    const listed = (await (await onB('/api/v1/sync/bundles', adminB)).json()) as { sticks: string[]; bundles: unknown[] };
    expect(listed).toEqual({
      sticks: ['KEY'],
      bundles: [expect.objectContaining({ path: files[0].path, from: a.deps.box.boxId, fromName: 'box A', to: b.deps.box.boxId, records: 1, problem: null })],
    });
    const imported = await onB('/api/v1/sync/bundles/import', adminB, { path: files[0].path });
    expect(await imported.json()).toMatchObject({ accepted: 1, refused: [] });
    expect(found(b, 'tilleuls')).toEqual(['Repair café des Tilleuls']);

    const outside = mkdtempSync(join(tmpdir(), 'copi-outside-'));
    try {
      writeFileSync(join(outside, 'copi-sync-x.ndjson'), readFileSync(join(stick, files[0].path)));
      symlinkSync(join(outside, 'copi-sync-x.ndjson'), join(stick, 'KEY', 'copi-sync', 'link.ndjson'));
      symlinkSync(outside, join(stick, 'KEY', 'elsewhere'));
      for (const path of ['KEY/../../etc/passwd', 'KEY/elsewhere/copi-sync-x.ndjson', 'KEY/copi-sync/link.ndjson', join(outside, 'copi-sync-x.ndjson')]) {
        const response = await onB('/api/v1/sync/bundles/import', adminB, { path });
        expect([400, 404]).toContain(response.status);
      }
      const link = await onB('/api/v1/sync/bundles/import', adminB, { path: 'KEY/copi-sync/link.ndjson' });
      expect(((await link.json()) as { error: { message: string } }).error.message).toMatch(/link to another file/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('sync bundles on the command line', () => {
  const admin = (box: TestBox, args: string[]) =>
    promisify(execFile)(process.execPath, ['scripts/admin.ts', ...args], { env: { ...process.env, COPI_DATA: box.dir, COPI_DEMO: '0' } })
      .then(({ stdout }) => stdout, (error: { stdout: string; stderr: string; code: number }) => `exit ${error.code}: ${error.stdout}${error.stderr}`);

  it('sync:export writes the bundles, sync:import applies one and says why a tampered one is refused', async () => {
    await create(a, alice, { name: 'Repair café des Tilleuls' });
    expect(await admin(a, ['sync:export', stick])).toMatch(/copi-sync-\w+-\w+-1\.ndjson: 1 records for box B/);
    const [name] = readdirSync(stick);
    const bytes = readFileSync(join(stick, name));
    bytes[bytes.indexOf('Repair')] = 'X'.charCodeAt(0);
    writeFileSync(join(stick, 'tampered.ndjson'), bytes);
    // Two processes at once (each start costs seconds): the tampered bundle applies nothing either way.
    const [imported, tampered] = await Promise.all([admin(b, ['sync:import', join(stick, name)]), admin(b, ['sync:import', join(stick, 'tampered.ndjson')])]);
    expect(imported).toMatch(/1 records from box A: 1 accepted, 0 ignored, 0 refused\./);
    expect(tampered).toMatch(/^exit 1: .*records were altered/s);
    expect(found(b, 'tilleuls')).toEqual(['Repair café des Tilleuls']);
  });
});
