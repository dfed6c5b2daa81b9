// The import pages through HTTP: box admins only; upload, preview with reasons, commit, report, undo from
// the list; a stick file prepared with its manifest data; a CSV's columns mapped before it is read.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { formats } from './formats/index.ts';
import { importJobs } from './jobs.ts';
import { fixture } from './testing.ts';

let box: TestBox;
let admin: Session;
let usbDir: string;
beforeEach(async () => {
  box = createTestBox();
  admin = await box.register('admin', { admin: true });
  usbDir = mkdtempSync(join(tmpdir(), 'copi-imports-pages-'));
  box.deps.config.backup.usbDir = usbDir;
});
afterEach(async () => {
  await importJobs(box.deps).idle();
  box.close();
  rmSync(usbDir, { recursive: true, force: true });
});

const csrfOf = (session: Session) => /copi_csrf=([^;]+)/.exec(session.cookie)?.[1] ?? '';
// Pages asked in English: the assertions read their text.
const english = { 'accept-language': 'en' };
const postForm = (path: string, fields: Record<string, string>, as = admin) =>
  box.request(path, { method: 'POST', as, headers: { ...english, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrfOf(as), ...fields }).toString() });
function upload(path: string, fields: Record<string, string> = {}, csrf = csrfOf(admin)) {
  const form = new FormData();
  form.set('_csrf', csrf);
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set('file', new File([readFileSync(path)], path.split('/').pop()!));
  return box.request('/admin/imports/upload', { method: 'POST', as: admin, body: form });
}
const page = async (path: string) => {
  await importJobs(box.deps).idle();
  return (await box.request(path, { as: admin, headers: english })).text();
};

describe('the import pages', () => {
  it('are for box admins, and linked from the admin page', async () => {
    const member = await box.register('member');
    expect((await box.request('/admin/imports', { as: member })).status).toBe(403);
    expect((await postForm('/admin/imports/prepare', { stick: 'X', path: 'copi/a.csv' }, member)).status).toBe(403);
    expect((await box.request('/admin/imports')).headers.get('location')).toBe('/login?next=%2Fadmin%2Fimports');
    expect(await (await box.request('/admin', { as: admin })).text()).toContain('href="/admin/imports"');
  });

  it('an upload is previewed with its rejected lines, committed, reported, and undone from the list', async () => {
    const sent = await upload(fixture('rna-waldec-26-latin1.csv'), { licence: 'Licence Ouverte 2.0' });
    expect(sent.status).toBe(303);
    const path = sent.headers.get('location')!;
    expect(path).toMatch(/^\/admin\/imports\/[0-9a-f-]{36}$/);
    const preview = await page(path);
    expect(preview).toContain('data-count="new"><th scope="row">New</th><td>4</td>');
    expect(preview).toContain('&quot;X123&quot; is not an RNA number');
    expect(preview).toContain('Les Jardins Partagés de Bourdeaux');
    expect(preview).toContain(`action="${path}/commit"`);

    expect((await postForm(`${path}/commit`, {})).headers.get('location')).toBe(path);
    const committed = await page(path);
    expect(committed).toContain('data-status="committed"');
    expect(committed).toContain(`href="${path}/report"`);
    const report = await (await box.request(`${path}/report`, { as: admin })).text();
    expect(report).toContain('<style>');
    expect(report).not.toMatch(/<script|<link|src="http/);
    expect(report).toMatch(/<td>7<\/td><td><\/td><td>id<\/td><td>&quot;X123&quot; is not an RNA number/);

    const list = await page('/admin/imports');
    expect(list).toContain(`action="${path}/undo"`);
    // Edited on the box since: the undo says which element, and undoes nothing.
    const garden = box.deps.db.prepare("SELECT id FROM elements WHERE slug = 'les-jardins-partages-de-bourdeaux'").get() as { id: string };
    await box.json(`/api/v1/elements/${garden.id}`, 'PATCH', { name: 'Jardins partagés' }, admin);
    const refused = await postForm(`${path}/undo`, {});
    expect(refused.status).toBe(409);
    expect(await refused.text()).toMatch(/was not undone: This import is no longer the latest change to 1 of its elements: Jardins partagés \(edited on the box since\)/);
    await box.json(`/api/v1/elements/${garden.id}`, 'PATCH', { name: 'Les Jardins Partagés de Bourdeaux' }, admin);
  });

  it('an upload from another site (no CSRF token) is refused and leaves no file', async () => {
    const sent = await upload(fixture('rna-waldec-26-latin1.csv'), {}, 'forged');
    expect(sent.status).toBe(403);
    expect((await box.request('/api/v1/imports', { as: admin }).then((r) => r.json())).items).toEqual([]);
    const uploads = join(box.dir, 'imports', 'uploads');
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
  });

  it('a file on a stick is prepared with its manifest data, then read', async () => {
    const copi = join(usbDir, 'CLE', 'copi');
    mkdirSync(copi, { recursive: true });
    copyFileSync(fixture('rna-waldec-26-utf8.csv'), join(copi, 'rna.csv'));
    writeFileSync(join(copi, 'manifest.json'), JSON.stringify({ files: { 'rna.csv': { source: 'Journal officiel', licence: 'Licence Ouverte 2.0', date: '2024-01-05' } } }));
    const list = await page('/admin/imports');
    expect(list).toContain('href="/admin/imports/prepare?stick=CLE&amp;path=copi%2Frna.csv"');
    const prepare = await page('/admin/imports/prepare?stick=CLE&path=copi%2Frna.csv');
    expect(prepare).toContain('value="Journal officiel"');
    expect(prepare).toContain('Format (recognised: rna)');
    const sent = await postForm('/admin/imports/prepare', { stick: 'CLE', path: 'copi/rna.csv', source: 'Journal officiel', licence: 'Licence Ouverte 2.0' });
    expect(sent.status).toBe(303);
    const preview = await page(sent.headers.get('location')!);
    expect(preview).toContain('data-status="staged"');
    expect(preview).toMatch(/also written on the stick: <code>CLE\/copi\/reports\/.*-rna\.csv\.html<\/code>/);
  });

  it.skipIf(!formats.some((format) => format.id === 'csv'))('a CSV upload asks for its columns first, with a guess', async () => {
    const sent = await upload(fixture('csv-lieux-latin1.csv'), { format: 'csv' });
    expect(sent.status).toBe(303);
    const prepare = sent.headers.get('location')!;
    expect(prepare).toMatch(/^\/admin\/imports\/prepare\?upload=/);
    const form = await page(prepare);
    expect(form).toMatch(/<select name="map\.[^"]+"/);
    expect(form).toContain('<option value="name" selected');
  });
});
