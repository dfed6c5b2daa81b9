// The imports API as a box admin uses it: an upload or a file on a stick is read in the background,
// previewed row by row, committed, reported (on the stick too), and undone; others are kept out.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { importJobs } from './jobs.ts';
import { fixture, writeRnaFile } from './testing.ts';

let box: TestBox;
let admin: Session;
let usbDir: string;
beforeEach(async () => {
  box = createTestBox();
  admin = await box.register('admin', { admin: true });
  usbDir = mkdtempSync(join(tmpdir(), 'copi-imports-usb-'));
  box.deps.config.backup.usbDir = usbDir;
});
afterEach(async () => {
  await importJobs(box.deps).idle();
  box.close();
  rmSync(usbDir, { recursive: true, force: true });
});

/** Polls the import until its job has ended. */
async function settled(id: string) {
  await importJobs(box.deps).idle();
  const response = await box.request(`/api/v1/imports/${id}`, { as: admin });
  return (await response.json()) as { id: string; status: string; counts: Record<string, number>; running: unknown; reportPath: string | null; error: string | null };
}

// Asked in English where the assertions read the messages.
const english = { 'accept-language': 'en' };
const postInEnglish = (path: string, body: unknown) =>
  box.request(path, { method: 'POST', as: admin, headers: { ...english, 'content-type': 'application/json' }, body: JSON.stringify(body) });

function upload(path: string, fields: Record<string, string> = {}, as = admin) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([readFileSync(path)]), path.split('/').pop());
  return box.request('/api/v1/imports', { method: 'POST', body: form, as, headers: { ...english, 'x-csrf-token': csrfOf(as) } });
}

const csrfOf = (session: Session) => /copi_csrf=([^;]+)/.exec(session.cookie)?.[1] ?? '';

describe('the imports API', () => {
  it('keeps visitors (401) and members (403) out', async () => {
    expect((await box.request('/api/v1/imports')).status).toBe(401);
    const member = await box.register('member');
    expect((await box.request('/api/v1/imports', { as: member })).status).toBe(403);
    expect((await box.json('/api/v1/imports', 'POST', { stick: 'X', path: 'copi/a.csv' }, member)).status).toBe(403);
  });

  it('an upload is read in the background, previewed, committed, reported and undone', async () => {
    const started = await upload(fixture('rna-waldec-26-latin1.csv'), { source: 'Préfecture de la Drôme', licence: 'Licence Ouverte 2.0' });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    const staged = await settled(id);
    expect(staged).toMatchObject({ status: 'staged', running: null, counts: { new: 4, rejected: 4, outside: 1, dissolved: 1 } });
    // The uploaded copy is gone once read.
    expect(readdirSync(join(box.dir, 'imports', 'uploads'))).toEqual([]);

    const rejected = await (await box.request(`/api/v1/imports/${id}/rows?action=rejected`, { as: admin })).json();
    expect(rejected.items[0]).toMatchObject({ line: 7, field: 'id', reason: expect.stringMatching(/"X123" is not an RNA number/) });
    const fresh = await (await box.request(`/api/v1/imports/${id}/rows?action=new&limit=2`, { as: admin })).json();
    expect(fresh.items.map((row: { payload: { written: { name: string } } }) => row.payload.written.name)).toEqual(['Comité des fêtes de Dieulefit', 'Les Jardins Partagés de Bourdeaux']);

    const commit = await box.json(`/api/v1/imports/${id}/commit`, 'POST', {}, admin);
    expect(commit.status).toBe(202);
    expect(await settled(id)).toMatchObject({ status: 'committed' });
    const report = await (await box.request(`/api/v1/imports/${id}/report`, { as: admin })).json();
    expect(report.import).toMatchObject({ source: 'Préfecture de la Drôme', licence: 'Licence Ouverte 2.0', status: 'committed' });
    expect(report.rejected).toHaveLength(4);
    const list = await (await box.request('/api/v1/imports', { as: admin })).json();
    expect(list.items.map((item: { id: string }) => item.id)).toEqual([id]);

    const undone = await box.json(`/api/v1/imports/${id}/undo`, 'POST', {}, admin);
    expect(await undone.json()).toMatchObject({ status: 'undone' });
    const again = await postInEnglish(`/api/v1/imports/${id}/undo`, {});
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toBe('This import is undone: only a committed import can be undone');
  });

  it('a second import while one runs is refused with 409', async () => {
    const big = join(box.dir, 'big-rna.csv');
    writeRnaFile(big, 10_000);
    expect((await upload(big)).status).toBe(202);
    const second = await upload(fixture('rna-waldec-26-utf8.csv'));
    expect(second.status).toBe(409);
    expect((await second.json()).error.message).toMatch('An import is already running');
  }, 60_000);

  it('a file not recognised asks for its format; a discarded import leaves nothing', async () => {
    const path = join(box.dir, 'notes.bin');
    writeFileSync(path, 'nothing to see');
    const refused = await upload(path);
    expect(refused.status).toBe(422);
    expect((await refused.json()).error).toMatchObject({ field: 'format', message: expect.stringMatching(/does not recognise the format of notes.bin/) });
    const { id } = await (await upload(fixture('rna-waldec-26-utf8.csv'))).json();
    await settled(id);
    expect(await (await box.json(`/api/v1/imports/${id}/discard`, 'POST', {}, admin)).json()).toMatchObject({ status: 'discarded' });
    expect((await (await box.request('/api/v1/imports', { as: admin })).json()).items).toEqual([]);
  });

  it('a file on a stick: listed with its manifest, imported with its source, its report written back onto the stick', async () => {
    const copi = join(usbDir, 'ASSOS', 'copi');
    mkdirSync(join(copi, 'drome'), { recursive: true });
    copyFileSync(fixture('rna-waldec-26-utf8.csv'), join(copi, 'drome', 'rna-26.csv'));
    writeFileSync(join(copi, 'manifest.json'), JSON.stringify({ files: { 'drome/rna-26.csv': {
      source: 'RNA, extraction Drôme', licence: 'Licence Ouverte 2.0', date: '2024-01-05' } } }));
    const sticks = await (await box.request('/api/v1/imports/sticks', { as: admin })).json();
    expect(sticks.sticks).toEqual([{ stick: 'ASSOS', warnings: [], files: [expect.objectContaining({
      path: 'copi/drome/rna-26.csv', format: 'rna', refused: null, manifest: expect.objectContaining({ source: 'RNA, extraction Drôme' }) })] }]);

    const started = await box.json('/api/v1/imports', 'POST', { stick: 'ASSOS', path: 'copi/drome/rna-26.csv' }, admin);
    expect(started.status).toBe(202);
    const { id } = await started.json();
    const staged = await settled(id);
    expect(staged.status).toBe('staged');
    expect(staged.reportPath).toMatch(/^ASSOS\/copi\/reports\/\d{4}-\d{2}-\d{2}-\d{4}-rna-26\.csv\.html$/);
    await box.json(`/api/v1/imports/${id}/commit`, 'POST', {}, admin);
    const committed = await settled(id);
    expect(committed).toMatchObject({ status: 'committed' });
    const written = readdirSync(join(copi, 'reports'));
    expect(written.filter((name) => name.endsWith('.json'))).not.toEqual([]);
    const report = JSON.parse(readFileSync(join(copi, 'reports', written.filter((name) => name.endsWith('.json')).sort().at(-1)!), 'utf8'));
    expect(report.import).toMatchObject({ source: 'RNA, extraction Drôme', publishedOn: '2024-01-05', fileName: 'ASSOS/copi/drome/rna-26.csv' });
    const source = box.deps.db.prepare('SELECT DISTINCT source FROM imported_elements').all();
    expect(source).toEqual([{ source: 'RNA, extraction Drôme' }]);
  });

  it('a stick that refuses the report keeps it on the box; a path out of the stick is refused', async () => {
    const copi = join(usbDir, 'RO', 'copi');
    mkdirSync(copi, { recursive: true });
    copyFileSync(fixture('rna-waldec-26-utf8.csv'), join(copi, 'rna.csv'));
    // A file where the reports folder would go fails the write as a read-only stick does (even for root).
    writeFileSync(join(copi, 'reports'), '');
    const { id } = await (await box.json('/api/v1/imports', 'POST', { stick: 'RO', path: 'copi/rna.csv' }, admin)).json();
    expect(await settled(id)).toMatchObject({ status: 'staged', reportPath: null });
    const page = await (await box.request(`/admin/imports/${id}`, { as: admin, headers: english })).text();
    expect(page).toContain('the stick did not take the report (read-only, or removed): it stays on the box only');
    const escape = await postInEnglish('/api/v1/imports', { stick: 'RO', path: '../../etc/passwd' });
    expect(escape.status).toBe(400);
    expect((await escape.json()).error.message).toMatch('is not a path on the stick');
  });
});
