// The report of an import: rejected lines, fields kept because edited on the box, elements no longer in
// the file; as JSON and as a page that needs nothing but itself.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { findElementBySlug } from '../elements/storage.ts';
import { updateElement } from '../elements/actions.ts';
import { rnaFormat } from './formats/rna.ts';
import { checkImportFile } from './read/file.ts';
import { stageImport } from './stage.ts';
import { commitImport } from './commit.ts';
import { importReport, reportHtml } from './report.ts';
import { fixture } from './testing.ts';

let box: TestBox;
beforeEach(() => { box = createTestBox(); });
afterEach(() => box.close());

const stage = (path: string) =>
  stageImport(box.deps, { file: checkImportFile(path, { name: 'rna-26.csv', maxBytes: rnaFormat.maxBytes }), format: rnaFormat, origin: 'cli', createdBy: null });

describe('the import report', () => {
  it('names rejected lines, fields kept, and vanished elements, and prints without the box', async () => {
    await commitImport(box.deps, (await stage(fixture('rna-waldec-26-utf8.csv'))).id);
    const admin = await box.register('admin', { admin: true });
    const garden = findElementBySlug(box.deps.db, 'les-jardins-partages-de-bourdeaux')!;
    updateElement(box.deps, { personId: admin.personId, username: 'admin', isBoxAdmin: true }, garden.id, { name: 'Jardins partagés' });
    const newer = readFileSync(fixture('rna-waldec-26-utf8.csv'), 'utf8')
      .replace('Les Jardins Partagés de Bourdeaux', 'Jardins de Bourdeaux').replace(/^W261000003.*\r\n/m, '');
    const path = join(box.dir, 'newer.csv');
    writeFileSync(path, newer);
    const staged = await stage(path);

    const report = importReport(box.deps.db, staged.id)!;
    expect(report.import).toMatchObject({ fileName: 'rna-26.csv', format: 'rna', status: 'staged', licence: 'Licence Ouverte 2.0' });
    expect(report.rejected[0]).toEqual({ line: 6, key: null, field: 'id', reason: '"X123" is not an RNA number (W and 9 characters)' });
    expect(report.conflicts).toEqual([{ line: 3, key: 'rna:W261000002', element: { id: garden.id, name: 'Jardins partagés', slug: garden.slug }, fieldsKept: ['name'] }]);
    expect(report.vanished).toEqual([{ key: 'rna:W261000003', name: 'Répar\'Café du Jabron', reason: 'no longer in the file' }]);

    const page = reportHtml(report, 'Europe/Paris', 'Tiers-lieu');
    expect(page).toMatch(/^<!doctype html><html lang="en">/);
    expect(page).toContain('@media print');
    expect(page).not.toMatch(/<script|<link|<img|https?:\/\//);
    expect(page).toContain('<td>rna:W261000002</td><td>Jardins partagés (/e/les-jardins-partages-de-bourdeaux)</td><td>name</td>');
    expect(importReport(box.deps.db, '00000000-0000-7000-8000-000000000000')).toBeNull();
  });
});
