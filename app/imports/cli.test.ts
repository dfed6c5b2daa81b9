// `npm run admin -- import ...` on a box folder: preview, a question before the commit, list, report, undo.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBoxDatabase } from '../core/db/database.ts';
import { attachZoneDatabase } from '../zones/communes.ts';
import { seedTerritory } from '../demo/seed.ts';
import { fixture } from './testing.ts';

let data: string;
beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), 'copi-import-cli-'));
  const db = openBoxDatabase(join(data, 'copi.db'));
  attachZoneDatabase(db);
  seedTerritory(db);
  db.close();
});
afterAll(() => rmSync(data, { recursive: true, force: true }));

function admin(args: string[], input = ''): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/admin.ts', ...args], { env: { ...process.env, COPI_DATA: data, COPI_DEMO: '0' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.stderr.on('data', (chunk) => { err += chunk; });
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

describe('npm run admin -- import', () => {
  it('previews, asks before committing, and leaves the box untouched on "n"', async () => {
    const run = await admin(['import', fixture('rna-waldec-26-latin1.csv')], 'n\n');
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/100 % {2}\d+ rows/);
    expect(run.out).toContain('  New: 4\n');
    expect(run.out).toContain('  Rejected: 4\n');
    expect(run.out).toMatch(/First rejected lines:\n {2}line 7 \(id\): "X123" is not an RNA number/);
    expect(run.out).toContain('Commit? [y/N] ');
    expect(run.out).toContain('Not committed.');
  }, 30_000);

  it('commits with --yes, lists, prints the report, and undoes', async () => {
    const run = await admin(['import', fixture('rna-waldec-26-utf8.csv'), '--yes', '--source', 'Journal officiel']);
    expect(run.code).toBe(0);
    const id = /Committed: import ([0-9a-f-]{36})/.exec(run.out)?.[1];
    expect(id).toBeDefined();
    expect(run.out).toContain(`/admin/imports/${id}/report`);

    const list = await admin(['import:list']);
    expect(list.out).toMatch(new RegExp(`${id} {2}committed .*new 4, updated 0, rejected 4 {2}.*rna-waldec-26-utf8\\.csv`));
    const report = JSON.parse((await admin(['import:report', id!])).out);
    expect(report.import).toMatchObject({ source: 'Journal officiel', origin: 'cli', status: 'committed' });
    expect(report.rejected).toHaveLength(4);

    expect((await admin(['import:undo', id!])).out).toContain(`Import ${id} (`);
    const again = await admin(['import:undo', id!]);
    expect(again).toMatchObject({ code: 1, err: 'This import is undone: only a committed import can be undone\n' });
  }, 60_000);

  it('names what is wrong: a missing file, an unknown format', async () => {
    expect((await admin(['import', join(data, 'nothing.csv')])).err).toBe(`${join(data, 'nothing.csv')}: no such file (was the stick removed?)\n`);
    expect((await admin(['import', fixture('rna-waldec-26-utf8.csv'), '--format', 'xls'])).err).toMatch(/^Unknown format "xls": choose one of /);
  }, 30_000);
});
