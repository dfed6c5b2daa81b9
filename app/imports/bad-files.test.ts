// Real files are messy: a file far too big, a file that stops being readable half-way (a stick pulled
// out), a register edited by two tools in two encodings. Each gets a clear answer and nothing half-kept.
import { appendFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { syntheticRegister } from '../../scripts/bench/imports.ts';
import { rnaFormat } from './formats/rna.ts';
import { checkImportFile } from './read/file.ts';
import { stageImport } from './stage.ts';
import { commitImport } from './commit.ts';
import { stagedSample } from './storage.ts';

let box: TestBox;
beforeEach(() => { box = createTestBox(); });
afterEach(() => box.close());

const stage = (path: string, onProgress?: (fraction: number) => void) =>
  stageImport(box.deps, { file: checkImportFile(path, { maxBytes: Number.MAX_SAFE_INTEGER }), format: rnaFormat, origin: 'usb', createdBy: null }, onProgress);

describe('messy files', () => {
  it('refuses a 2 GB register before reading it, saying how big it is and what to do', async () => {
    const path = join(box.dir, 'rna_waldec_national.csv');
    writeFileSync(path, '');
    truncateSync(path, 2 * 1024 ** 3); // sparse: takes no room
    const staged = await stage(path);
    expect(staged.status).toBe('failed');
    expect(staged.error).toBe('rna_waldec_national.csv is 2.0 GB; the box reads files of this kind up to 1.0 GB: split it or keep only your territory');
  });

  it('fails as a whole when the file ends early while it is read (a stick pulled out), keeping no row of it', async () => {
    const path = join(box.dir, 'rna.csv');
    syntheticRegister(path, 20_000);
    let cut = false;
    const staged = await stage(path, () => {
      if (!cut) truncateSync(path, 300 * 1024); // the rest of the file is gone from under the reader
      cut = true;
    });
    expect(staged.status).toBe('failed');
    expect(staged.error).toBe('rna.csv: the file could not be read to the end (was the stick removed?); nothing of it was kept');
    expect(stagedSample(box.deps.db, staged.id, 'new', 5)).toEqual([]);
  });

  it('reads a register mixing UTF-8 and Latin-1 lines with every accent right, and says which lines to check', async () => {
    const path = join(box.dir, 'rna-mixed.csv');
    writeFileSync(path, readFileSync(join(import.meta.dirname, 'fixtures', 'rna-waldec-26-utf8.csv')));
    appendFileSync(path, Buffer.from('W261000010;;;;;2001-01-01;;;0001-01-01;;;Société de chasse de Vesc;;Chasser, réguler;;;;;;;;;26373;26220;Vesc;;;;;;;;;;;;;A;\r\n', 'latin1'));
    const staged = await stage(path);
    expect(staged.warnings).toContain('The file mixes UTF-8 and Latin-1 text: each value was read in its own encoding; check the accents of lines 12 (Latin-1 (Windows-1252))');
    await commitImport(box.deps, staged.id);
    const names = box.deps.db.prepare("SELECT name FROM elements WHERE type = 'organization' ORDER BY name").all().map((row) => (row as { name: string }).name);
    expect(names).toEqual(expect.arrayContaining(['Comité des fêtes de Dieulefit', 'Société de chasse de Vesc']));
  });
});
