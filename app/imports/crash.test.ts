// A box killed (SIGKILL: a power cut, the OOM killer) in the middle of a commit: the live data is as if the
// import never started, and the import can be committed again after the restart.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { syntheticRegister } from '../../scripts/bench/imports.ts';
import { rnaFormat } from './formats/rna.ts';
import { checkImportFile } from './read/file.ts';
import { stageImport } from './stage.ts';
import { commitImport } from './commit.ts';
import { findImport, recoverInterruptedImports } from './storage.ts';

let box: TestBox;
beforeEach(() => { box = createTestBox({ demo: true }); });
afterEach(() => box.close());

const liveContent = () => ({
  elements: box.deps.db.prepare('SELECT id, name, version FROM elements ORDER BY id').all(),
  imported: box.deps.db.prepare('SELECT count(*) AS n FROM imported_elements').get(),
  indexed: box.deps.db.prepare("SELECT count(*) AS n FROM search_text WHERE search_text MATCH 'association'").get(),
});

/** Starts the commit in a child process and kills it once the commit's transaction is under way. */
function killMidCommit(importId: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'testing/commit-in-child.ts'), box.dir, importId], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('committing')) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(`${signal ?? 'exited'}: ${output.includes('committed\n') ? 'committed' : 'cut'}`));
  });
}

describe('a box killed during a commit', () => {
  it('leaves the live data untouched, and the import can be committed again', { timeout: 120_000 }, async () => {
    const file = join(box.dir, 'rna_waldec_26.csv');
    syntheticRegister(file, 20_000);
    const staged = await stageImport(box.deps, { file: checkImportFile(file, { maxBytes: rnaFormat.maxBytes }), format: rnaFormat, origin: 'cli', createdBy: null });
    expect(staged.counts.new).toBe(20_000);
    const before = liveContent();

    expect(await killMidCommit(staged.id)).toBe('SIGKILL: cut');
    expect(liveContent()).toEqual(before);
    expect(findImport(box.deps.db, staged.id)!.status).toBe('committing');

    // What the box does when it starts again.
    expect(recoverInterruptedImports(box.deps.db)).toBe(1);
    const recovered = findImport(box.deps.db, staged.id)!;
    expect(recovered.status).toBe('staged');
    expect(recovered.warnings.at(-1)).toMatch(/stopped while committing this import; nothing of it was written/);

    expect((await commitImport(box.deps, staged.id)).status).toBe('committed');
    expect((liveContent().imported as { n: number }).n).toBe(20_000);
  });
});
