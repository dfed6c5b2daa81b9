// A Communecter export through the whole pipeline: staged, committed with its links, imported again, undone.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { communecterFormat } from './formats/communecter.ts';
import { stageImport } from './stage.ts';
import { commitImport } from './commit.ts';
import { undoImport } from './undo.ts';
import { checkImportFile } from './read/file.ts';
import { stagedSample } from './storage.ts';


const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

let box: TestBox;
beforeEach(() => { box = createTestBox(); });
afterEach(() => box.close());

async function stage(path: string, name = 'communecter.json') {
  return stageImport(box.deps, {
    file: checkImportFile(path, { name, maxBytes: communecterFormat.maxBytes }), format: communecterFormat, origin: 'cli', createdBy: null,
  });
}

const imported = () => box.deps.db.prepare(
  `SELECT ie.source_key, e.type, e.kind, e.name, e.commune_insee, e.starts_at FROM elements e
     JOIN imported_elements ie ON ie.element_id = e.id ORDER BY ie.source_key`,
).all() as { source_key: string; type: string; kind: string | null; name: string; commune_insee: string; starts_at: string | null }[];

/** The links between imported elements, by the names of their ends. */
const links = () => box.deps.db.prepare(
  `SELECT f.name AS from_name, l.kind, t.name AS to_name, l.is_admin FROM links l
     JOIN elements f ON f.id = l.from_id JOIN elements t ON t.id = l.to_id
     WHERE l.to_id IN (SELECT element_id FROM imported_elements) ORDER BY t.name, l.kind, f.name`,
).all() as { from_name: string; kind: string; to_name: string; is_admin: number }[];

const snapshot = () => ({
  elements: box.deps.db.prepare('SELECT * FROM elements ORDER BY id').all().map((row) => {
    const { origin_seq: _s, version: _v, updated_at: _u, ...content } = row as Record<string, unknown>;
    return content;
  }),
  links: box.deps.db.prepare('SELECT from_id, to_id, kind, is_admin FROM links ORDER BY from_id, to_id, kind').all(),
});

const lavoir = 'communecter:5a1b2c3d4e5f60718293a4b1';

describe('a Communecter export (JSON of its API)', () => {
  it('stages the organization, project, event and place, skips the person and rejects a nameless entity by its id', async () => {
    const staged = await stage(fixture('communecter-export.json'));
    expect(staged.status).toBe('staged');
    expect(staged.counts).toMatchObject({ read: 6, new: 4, rejected: 1, outside: 0, updated: 0 });
    const rejected = stagedSample(box.deps.db, staged.id, 'rejected', 10);
    expect(rejected.map((row) => [row.line, row.sourceKey, row.field, row.reason])).toEqual([
      [6, 'communecter:5a1b2c3d4e5f60718293a4b6', 'name', 'Communecter entity 5a1b2c3d4e5f60718293a4b6 has no name'],
    ]);
    expect(staged.warnings).toEqual([
      '1 person not imported: on a box, people create their own account.',
      '3 links with persons left out (persons are not imported).',
      '1 link to Communecter elements that are not in this file left out: export them in the same file to keep those links.',
    ]);
    expect(imported()).toEqual([]);
  });

  it('commits the elements with their fields and the links between them', async () => {
    const committed = await commitImport(box.deps, (await stage(fixture('communecter-export.json'))).id);
    expect(committed.status).toBe('committed');
    expect(imported().map((row) => [row.source_key.slice(-3), row.type, row.kind, row.name, row.commune_insee])).toEqual([
      ['4b1', 'organization', 'association', 'Les Amis du Lavoir', '26114'],
      ['4b2', 'project', null, 'Restauration du lavoir', '26056'],
      ['4b3', 'event', 'market', 'Marché de l\'eau', '26114'],
      ['4b4', 'poi', 'sharedLibrary', 'Boîte à livres d\'Aleyrac', '26003'],
    ]);
    const association = box.deps.db.prepare(
      `SELECT e.url, e.contact_email, e.contact_phone, e.street FROM elements e JOIN imported_elements ie ON ie.element_id = e.id WHERE ie.source_key = ?`,
    ).get(lavoir);
    expect(association).toEqual({ url: 'https://www.amis-du-lavoir.fr', contact_email: 'contact@amis-du-lavoir.fr', contact_phone: '04 75 46 00 01', street: '2 place du Lavoir' });
    expect(Date.parse(imported()[2].starts_at!)).toBe(Date.parse('2026-06-13T09:00:00+02:00'));
    expect(links()).toEqual([
      { from_name: 'Les Amis du Lavoir', kind: 'organizer', to_name: 'Marché de l\'eau', is_admin: 0 },
      { from_name: 'Les Amis du Lavoir', kind: 'contributor', to_name: 'Restauration du lavoir', is_admin: 0 },
    ]);
  });

  it('imports the same export a second time as a no-op', async () => {
    await commitImport(box.deps, (await stage(fixture('communecter-export.json'))).id);
    const before = snapshot();
    const again = await stage(fixture('communecter-export.json'));
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: 4, vanished: 0, rejected: 1 });
    await commitImport(box.deps, again.id);
    expect(snapshot()).toEqual(before);
  });

  it('undoes the import: elements and the links it made are gone', async () => {
    const before = snapshot();
    const committed = await commitImport(box.deps, (await stage(fixture('communecter-export.json'))).id);
    expect(links()).toHaveLength(2);
    expect((await undoImport(box.deps, committed.id)).status).toBe('undone');
    expect(imported()).toEqual([]);
    expect(box.deps.db.prepare("SELECT count(*) AS n FROM links WHERE kind IN ('organizer', 'contributor', 'parent') AND is_demo = 0").get()).toEqual({ n: 0 });
    expect(snapshot()).toEqual(before);
  });

  it('reads a list of documents as Communecter stores them: kinds, admins, carried projects, organizers and sub-events', async () => {
    const committed = await commitImport(box.deps, (await stage(fixture('communecter-documents.json'), 'documents.json')).id);
    expect(committed.counts).toMatchObject({ new: 4, rejected: 0 });
    expect(imported().map((row) => [row.type, row.kind, row.name])).toEqual([
      ['organization', 'business', 'Épicerie de Comps'],
      ['project', null, 'Vrac pour tous'],
      ['event', 'festival', 'Fête du vrac'],
      ['event', 'workshop', 'Atelier bocaux'],
    ]);
    expect(links()).toEqual([
      { from_name: 'Fête du vrac', kind: 'parent', to_name: 'Atelier bocaux', is_admin: 0 },
      { from_name: 'Épicerie de Comps', kind: 'organizer', to_name: 'Fête du vrac', is_admin: 0 },
      { from_name: 'Épicerie de Comps', kind: 'contributor', to_name: 'Vrac pour tous', is_admin: 1 },
      { from_name: 'Épicerie de Comps', kind: 'parent', to_name: 'Vrac pour tous', is_admin: 0 },
    ]);
    expect(committed.warnings).toEqual(['1 link with persons left out (persons are not imported).']);
  });

  it('rejects an entity with no address it can place, naming it', async () => {
    const path = join(box.dir, 'no-address.json');
    writeFileSync(path, JSON.stringify({ entities: { abc123def456: { '@type': 'Project', name: 'Projet sans lieu', address: { addressLocality: 'Quelque part' } } } }));
    const staged = await stage(path);
    expect(stagedSample(box.deps.db, staged.id, 'rejected', 10).map((row) => [row.field, row.reason])).toEqual([
      ['address', 'Communecter entity abc123def456 (Projet sans lieu) has no postal code, INSEE code nor position'],
    ]);
  });

  it('fails with a clear message on a file that is not JSON, or JSON that is not an export, keeping nothing', async () => {
    const path = join(box.dir, 'notes.json');
    writeFileSync(path, 'nom;ville\nLavoir;Dieulefit\n');
    const notJson = await stage(path, 'notes.json');
    expect(notJson.status).toBe('failed');
    expect(notJson.error).toMatch(/^notes\.json is not valid JSON \(.+\): export it again from Communecter$/);
    writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', features: [] }));
    const other = await stage(path, 'notes.json');
    expect(other.error).toMatch(/^notes\.json is not a Communecter export: it has no "entities"/);
    expect(stagedSample(box.deps.db, other.id, 'rejected', 10)).toEqual([]);
  });

  it('keeps the entities before the end of a truncated export, and says the file is cut', async () => {
    const text = readFileSync(fixture('communecter-export.json'), 'utf8');
    const path = join(box.dir, 'cut.json');
    writeFileSync(path, text.slice(0, text.indexOf('"5a1b2c3d4e5f60718293a4b4"') + 60));
    const staged = await stage(path);
    expect(staged.status).toBe('staged');
    expect(staged.counts).toMatchObject({ new: 3, rejected: 1, vanished: 0 });
    expect(staged.warnings).toContain('The file ends early, so rows it no longer lists were not marked as vanished.');
    const [cut] = stagedSample(box.deps.db, staged.id, 'rejected', 10);
    expect(cut.line).toBe(4);
    expect(cut.reason).toMatch(/^The file ends early or is damaged after its entity 3 \(.+\): the entities before were read$/);
  });

  it('is recognised from its name and first bytes', () => {
    expect(communecterFormat.recognizes('export.json', '{"meta":{"limit":50},"entities":{')).toBe(true);
    expect(communecterFormat.recognizes('points.geojson', '{"type":"FeatureCollection"')).toBe(false);
    expect(communecterFormat.recognizes('export.json', '{"type":"FeatureCollection"')).toBe(false);
  });
});
