// The RNA register through the whole pipeline: staged, committed, imported again, undone.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { search } from '../search/search.ts';
import { findElementBySlug } from '../elements/storage.ts';
import { updateElement } from '../elements/actions.ts';
import { rnaFormat } from './formats/rna.ts';
import { stageImport } from './stage.ts';
import { commitImport } from './commit.ts';
import { undoImport } from './undo.ts';
import { checkImportFile } from './read/file.ts';
import { importedByElement, stagedSample } from './storage.ts';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

let box: TestBox;
beforeEach(() => { box = createTestBox(); });
afterEach(() => box.close());

async function stage(path: string, name = 'rna.csv') {
  return stageImport(box.deps, { file: checkImportFile(path, { name, maxBytes: rnaFormat.maxBytes }), format: rnaFormat, origin: 'cli', createdBy: null });
}

const associations = () => box.deps.db.prepare(
  "SELECT e.name, e.commune_insee, e.street, e.url, ie.source_key, ie.vanished_at FROM elements e JOIN imported_elements ie ON ie.element_id = e.id ORDER BY ie.source_key",
).all() as { name: string; commune_insee: string; street: string; url: string; source_key: string; vanished_at: string | null }[];

/** Every column of every element and imported_elements row, minus the bookkeeping a restore renews. */
const snapshot = () => ({
  elements: box.deps.db.prepare('SELECT * FROM elements ORDER BY id').all().map((row) => {
    const { origin_seq: _s, version: _v, updated_at: _u, ...content } = row as Record<string, unknown>;
    return content;
  }),
  tags: box.deps.db.prepare('SELECT * FROM element_tags ORDER BY element_id, tag').all(),
  // The fields as written, wherever they are kept (a created element's stay in its staged row).
  imported: (box.deps.db.prepare('SELECT element_id FROM imported_elements ORDER BY element_id').all() as { element_id: string }[]).map(({ element_id }) => {
    const { source_key, written, vanished_at } = importedByElement(box.deps.db, element_id)!;
    return { element_id, source_key, written: JSON.parse(written), vanished_at };
  }),
});

describe('an RNA register (waldec CSV)', () => {
  it.each(['rna-waldec-26-latin1.csv', 'rna-waldec-26-utf8.csv'])('%s: stages the associations of the territory with a reason for each line left out', async (file) => {
    const staged = await stage(fixture(file));
    expect(staged.status).toBe('staged');
    expect(staged.counts).toMatchObject({ new: 4, rejected: 4, outside: 1, dissolved: 1, updated: 0 });
    const rejected = stagedSample(box.deps.db, staged.id, 'rejected', 10).map((row) => `${row.line} ${row.field ?? '-'}: ${row.reason}`);
    expect(rejected).toEqual([
      expect.stringMatching(/^7 id: "X123" is not an RNA number/),
      expect.stringMatching(/^8 -: This line has 20 values where the header has 39 columns/),
      expect.stringMatching(/^9 titre: The association has no name/),
      expect.stringMatching(/^10 -: The same key \(rna:W261000001\) is already on line 2/),
    ]);
    // Nothing is live before the commit.
    expect(associations()).toEqual([]);
  });

  it('commits in one go: accents right whatever the encoding, findable by search, with the source kept', async () => {
    const staged = await stage(fixture('rna-waldec-26-latin1.csv'));
    const committed = await commitImport(box.deps, staged.id);
    expect(committed.status).toBe('committed');
    expect(associations().map((row) => [row.source_key, row.name, row.commune_insee])).toEqual([
      ['rna:W261000001', 'Comité des fêtes de Dieulefit', '26114'],
      ['rna:W261000002', 'Les Jardins Partagés de Bourdeaux', '26056'],
      ['rna:W261000003', 'Répar\'Café du Jabron', '26114'],
      ['rna:W261000009', 'Chorale de Comps', '26101'],
    ]);
    expect(associations()[0]).toMatchObject({ street: '12 rue du Bourg', url: 'https://www.fetes-dieulefit.fr' });
    const found = search(box.deps.db, null, { q: 'jardins partages', offset: 0, limit: 10 });
    expect(found.items.map((item) => item.name)).toContain('Les Jardins Partagés de Bourdeaux');
    const source = box.deps.db.prepare('SELECT source, licence FROM imported_elements LIMIT 1').get();
    expect(source).toEqual({ source: rnaFormat.defaultSource, licence: 'Licence Ouverte 2.0' });
    const page = await (await box.request('/e/les-jardins-partages-de-bourdeaux', { headers: { 'accept-language': 'en' } })).text();
    expect(page).toContain('Répertoire national des associations (RNA), ministère de l’Intérieur, Licence Ouverte 2.0 (imported');
  });

  it('numbers the elements it creates after every change already made, each with a number of its own, before any made later', async () => {
    const db = box.deps.db;
    const admin = await box.register('admin', { admin: true });
    const ownSeqs = () => (db.prepare('SELECT origin_seq FROM elements WHERE origin_box = ? ORDER BY origin_seq').all(box.deps.box.boxId) as { origin_seq: number }[])
      .map((row) => row.origin_seq);
    const before = Math.max(0, ...ownSeqs());
    const staged = await stage(fixture('rna-waldec-26-latin1.csv'));
    await commitImport(box.deps, staged.id);
    const imported = ownSeqs().filter((seq) => seq > before);
    expect(imported).toEqual([before + 1, before + 2, before + 3, before + 4]);
    const { id } = db.prepare("SELECT id FROM elements WHERE name = 'Chorale de Comps'").get() as { id: string };
    updateElement(box.deps, { personId: admin.personId, username: 'admin', isBoxAdmin: true }, id, { name: 'Chorale de Comps et environs' });
    expect((db.prepare('SELECT origin_seq FROM elements WHERE id = ?').get(id) as { origin_seq: number }).origin_seq).toBe(before + 5);
  });

  it('gives associations of the same name a page each, after the element of that name already on the box, their purpose shown once', async () => {
    const author = await box.register('comite', { admin: true });
    expect((await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Comité des fêtes', communeInsee: '26114' }, author)).status)
      .toBe(201);
    const [header, row] = readFileSync(fixture('rna-waldec-26-utf8.csv'), 'utf8').split('\n');
    const values = row.trim().split(';');
    const communes = [['26114', '26220', 'Dieulefit'], ['26056', '26460', 'Bourdeaux'], ['26101', '26220', 'Comps']];
    const lines = communes.map(([insee, postal, name], i) => {
      const line = [...values];
      line[0] = `W26100009${i}`;
      line[11] = 'Comité des fêtes';
      line.splice(22, 3, insee, postal, name);
      return line.join(';');
    });
    const file = join(box.dir, 'rna-same-names.csv');
    writeFileSync(file, [header.trim(), ...lines].join('\r\n'));
    await commitImport(box.deps, (await stage(file)).id);
    const slugs = (box.deps.db.prepare("SELECT slug, locality FROM elements WHERE name = 'Comité des fêtes' ORDER BY slug").all() as { slug: string; locality: string }[]);
    expect(slugs.map((element) => element.slug)).toEqual(['comite-des-fetes', 'comite-des-fetes-2', 'comite-des-fetes-3', 'comite-des-fetes-4']);
    for (const { slug, locality } of slugs) {
      const page = await box.request(`/e/${slug}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(locality);
    }
    // An imported association's purpose is shown once (as the lead), with its declaration below.
    const page = await (await box.request('/e/comite-des-fetes-2')).text();
    expect(page).toMatch(/<p class="lead">Organiser la fête votive/);
    const prose = /<div class="prose">(.*?)<\/div>/s.exec(page)?.[1] ?? '';
    expect(prose).toContain('Déclarée le 12/03/1998 (RNA W261000090).');
    expect(prose).not.toContain('Organiser la fête votive');
  });

  it('imports the same file a second time as a no-op', async () => {
    await commitImport(box.deps, (await stage(fixture('rna-waldec-26-latin1.csv'))).id);
    const before = snapshot();
    const again = await stage(fixture('rna-waldec-26-utf8.csv'));
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: 4, vanished: 0 });
    await commitImport(box.deps, again.id);
    expect(snapshot()).toEqual(before);
  });

  it('updates changed rows, marks vanished and dissolved ones, keeps fields edited on the box and says so', async () => {
    await commitImport(box.deps, (await stage(fixture('rna-waldec-26-latin1.csv'))).id);
    const admin = await box.register('admin', { admin: true });
    const garden = findElementBySlug(box.deps.db, 'les-jardins-partages-de-bourdeaux')!;
    updateElement(box.deps, { personId: admin.personId, username: 'admin', isBoxAdmin: true }, garden.id, { name: 'Jardins partagés (Bourdeaux)' });

    const newer = readFileSync(fixture('rna-waldec-26-utf8.csv'), 'utf8')
      .replace('Les Jardins Partagés de Bourdeaux', 'Jardins Partagés de Bourdeaux et environs')
      .replace('des Écoles', 'du Stade')
      .replace(/^W261000003.*\r\n/m, '')
      .replace(/(W261000001;[^\r]*;)A;2024-01-05 10:00:00/, '$1D;2024-01-05 10:00:00');
    const path = join(box.dir, 'newer.csv');
    writeFileSync(path, newer);
    const staged = await stage(path);
    expect(staged.counts).toMatchObject({ new: 0, updated: 1, vanished: 2, conflicts: 1 });
    await commitImport(box.deps, staged.id);
    const rows = associations();
    const gardenNow = findElementBySlug(box.deps.db, 'les-jardins-partages-de-bourdeaux')!;
    expect(gardenNow.name).toBe('Jardins partagés (Bourdeaux)');
    expect(gardenNow.address.street).toBe('chemin du Stade');
    expect(rows.find((row) => row.source_key === 'rna:W261000003')!.vanished_at).not.toBeNull();
    expect(rows.find((row) => row.source_key === 'rna:W261000001')!.vanished_at).not.toBeNull();
    expect(rows).toHaveLength(4);
    const page = await (await box.request('/e/repar-cafe-du-jabron', { headers: { 'accept-language': 'en' } })).text();
    expect(page).toContain('No longer listed by its source since');
  });

  it('undoes an import exactly, and refuses while a later change touches its rows', async () => {
    const first = await commitImport(box.deps, (await stage(fixture('rna-waldec-26-latin1.csv'))).id);
    const afterFirst = snapshot();
    const path = join(box.dir, 'newer.csv');
    writeFileSync(path, readFileSync(fixture('rna-waldec-26-utf8.csv'), 'utf8').replace('Chanter à plusieurs voix', 'Chanter'));
    copyFileSync(fixture('rna-waldec-26-utf8.csv'), join(box.dir, 'same.csv'));
    const second = await commitImport(box.deps, (await stage(path.replace('newer', 'same'))).id);
    expect(second.counts.new).toBe(0);
    const changed = readFileSync(fixture('rna-waldec-26-utf8.csv'), 'utf8').replace('Cultiver ensemble', 'Cultiver à plusieurs');
    writeFileSync(path, changed);
    const third = await commitImport(box.deps, (await stage(path)).id);
    expect(third.counts.updated).toBe(1);
    await expect(undoImport(box.deps, first.id)).rejects.toThrow(/no longer the latest change to 1 of its elements: Les Jardins Partagés de Bourdeaux \(imported again since\)/);
    await undoImport(box.deps, third.id);
    expect(snapshot()).toEqual(afterFirst);
    expect((await undoImport(box.deps, first.id)).status).toBe('undone');
    expect(snapshot().elements.filter((row) => row.type === 'organization')).toEqual([]);
    expect(search(box.deps.db, null, { q: 'jardins', offset: 0, limit: 10 }).items).toEqual([]);
  });

  it('refuses a commit whose new rows another import created since its preview, naming one, and writes none of it', async () => {
    const first = await stage(fixture('rna-waldec-26-utf8.csv'));
    const second = await stage(fixture('rna-waldec-26-utf8.csv'));
    await commitImport(box.deps, first.id);
    const before = snapshot();
    await expect(commitImport(box.deps, second.id))
      .rejects.toThrow(/^.+ \(rna:W26\d+\) was imported by another import since this preview: read the file again$/);
    expect(snapshot()).toEqual(before);
    expect(associations().every((row) => row.source_key.startsWith('rna:'))).toBe(true);
  });

  it('leaves the box syncing every later write to the card, whether the file staged or failed', async () => {
    // Staging relaxes syncing for its own rows only (a cut mid-read fails the import anyway).
    const fullSync = 2;
    expect((await stage(fixture('rna-waldec-26-latin1.csv'))).status).toBe('staged');
    expect(box.deps.db.pragma('synchronous', { simple: true })).toBe(fullSync);
    const path = join(box.dir, 'other.csv');
    writeFileSync(path, 'nom,ville\nFoo,Dieulefit\n');
    expect((await stage(path)).status).toBe('failed');
    expect(box.deps.db.pragma('synchronous', { simple: true })).toBe(fullSync);
  });

  it('fails with a clear message on a file that is not a register, keeping nothing', async () => {
    const path = join(box.dir, 'other.csv');
    writeFileSync(path, 'nom,ville\nFoo,Dieulefit\n');
    const staged = await stage(path);
    expect(staged.status).toBe('failed');
    expect(staged.error).toMatch(/not an RNA register: it lacks the columns id, titre, adrs_codeinsee.*read with "," between values; found nom, ville/);
    expect(stagedSample(box.deps.db, staged.id, 'rejected', 10)).toEqual([]);
  });

  it('keeps the rows before the end of a truncated file, and marks nothing vanished', async () => {
    await commitImport(box.deps, (await stage(fixture('rna-waldec-26-utf8.csv'))).id);
    const text = readFileSync(fixture('rna-waldec-26-utf8.csv'), 'utf8');
    const path = join(box.dir, 'cut.csv');
    writeFileSync(path, `${text.slice(0, text.indexOf('W261000003'))}W261000003;;;;;;;;;;;"Répar'Café`);
    const staged = await stage(path);
    expect(staged.counts).toMatchObject({ unchanged: 2, vanished: 0 });
    expect(staged.warnings).toContain('The file ends early, so rows it no longer lists were not marked as vanished.');
    expect(stagedSample(box.deps.db, staged.id, 'rejected', 10).at(-1)!.reason).toMatch(/looks truncated/);
  });
});
