// Import jobs run in a process of their own: the box keeps answering while a large file is read and
// committed, only one import runs at a time, and a job process that dies takes nothing with it.
import { copyFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { checkImportFile } from './read/file.ts';
import { importJobs, discardImport } from './jobs.ts';
import { fixture, writeRnaFile } from './testing.ts';
import { recoverInterruptedImports, setImportState, stagedSample } from './storage.ts';

let box: TestBox;
beforeEach(() => { box = createTestBox(); });
afterEach(async () => {
  await importJobs(box.deps).idle();
  box.close();
});

const stageTask = (path: string, name = 'rna.csv') =>
  ({ file: checkImportFile(path, { name, maxBytes: 1024 ** 3 }), formatId: 'rna', origin: 'upload' as const, createdBy: null });

const organizations = () => (box.deps.db.prepare("SELECT count(*) AS n FROM elements WHERE type = 'organization'").get() as { n: number }).n;

describe('import jobs', () => {
  // 20,000 rows: a commit of a few seconds. Longer ones hold the lock on the shared zone database (attached
  // by every box, see the report) long enough to make other test files' writes time out.
  it('a commit of 20,000 rows runs beside the server: /healthz answers before it ends, and progress is told', async () => {
    const path = join(box.dir, 'rna-26-large.csv');
    writeRnaFile(path, 20_000);
    const jobs = importJobs(box.deps);
    const { id, done } = await jobs.stage(stageTask(path));
    const staged = await done;
    expect(staged).toMatchObject({ id, status: 'staged' });
    expect(staged.counts).toMatchObject({ new: 20_000, rejected: 0 });

    let ended = false;
    const committing = jobs.commit(id).then((summary) => { ended = true; return summary; });
    await expect.poll(() => jobs.progressOf(id)?.step, { timeout: 10_000, interval: 5 }).toBe('committing');
    const health = await box.request('/healthz');
    expect(health.status).toBe(200);
    expect(ended).toBe(false);
    // A second import while this one runs is refused.
    await expect(jobs.stage(stageTask(fixture('rna-waldec-26-utf8.csv')))).rejects.toThrow('An import is already running');
    expect((await committing).status).toBe('committed');
    expect(organizations()).toBe(20_000);
    expect(jobs.progressOf(id)).toBeNull();
  }, 120_000);

  it('a job process killed mid-commit (the OOM killer) leaves the import staged again, its reason shown, nothing written', async () => {
    const path = join(box.dir, 'rna-26-large.csv');
    writeRnaFile(path, 20_000);
    const jobs = importJobs(box.deps);
    const staged = await (await jobs.stage(stageTask(path))).done;
    const committing = jobs.commit(staged.id);
    await expect.poll(() => jobs.progressOf(staged.id)?.step, { timeout: 10_000, interval: 5 }).toBe('committing');
    process.kill(jobs.jobPid!, 'SIGKILL');
    await expect(committing).rejects.toThrow('The import stopped unexpectedly (SIGKILL)');
    expect(box.deps.db.prepare('SELECT status FROM imports WHERE id = ?').get(staged.id)).toEqual({ status: 'staged' });
    expect(jobs.failureOf(staged.id)).toMatch(/stopped unexpectedly/);
    expect(organizations()).toBe(0);
    expect((await jobs.commit(staged.id)).status).toBe('committed');
    expect(organizations()).toBe(20_000);
  }, 120_000);

  it('a staging that fails says why; a commit refused names the status; a discard drops the staged rows', async () => {
    const jobs = importJobs(box.deps);
    const other = join(box.dir, 'other.csv');
    writeFileSync(other, 'nom,ville\nFoo,Dieulefit\n');
    const failed = await (await jobs.stage(stageTask(other, 'other.csv'))).done;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/not an RNA register/);
    expect(() => jobs.commit(failed.id)).toThrow('This import is failed: only a staged import can be committed');

    const staged = await (await jobs.stage(stageTask(fixture('rna-waldec-26-latin1.csv')))).done;
    expect(stagedSample(box.deps.db, staged.id, 'rejected', 10)).toHaveLength(4);
    expect(discardImport(box.deps.db, staged.id).status).toBe('discarded');
    expect(stagedSample(box.deps.db, staged.id, 'rejected', 10)).toEqual([]);
    expect(() => discardImport(box.deps.db, staged.id)).toThrow('only a staged or failed import can be discarded');
  });

  it('undoes in a job process, and an undo refused comes back with its reason', async () => {
    const jobs = importJobs(box.deps);
    const staged = await (await jobs.stage(stageTask(fixture('rna-waldec-26-latin1.csv')))).done;
    await jobs.commit(staged.id);
    expect(organizations()).toBe(4);
    const undone = await jobs.undo(staged.id);
    expect(undone.status).toBe('undone');
    expect(organizations()).toBe(0);
    await expect(jobs.undo(staged.id)).rejects.toThrow('This import is undone: only a committed import can be undone');
  });

  it('answers a commit as soon as it is durable, then copies it from the WAL into the database file before its process ends', async () => {
    const jobs = importJobs(box.deps);
    const staged = await (await jobs.stage(stageTask(fixture('rna-waldec-26-latin1.csv')))).done;
    await jobs.commit(staged.id);
    expect(organizations()).toBe(4);
    await jobs.idle();
    // The database file without its WAL holds only what a checkpoint copied into it.
    const copy = join(box.dir, 'without-wal.db');
    copyFileSync(box.deps.db.name, copy);
    const file = new Database(copy);
    try {
      expect(file.prepare("SELECT count(*) AS n FROM elements WHERE type = 'organization'").get()).toEqual({ n: 4 });
    } finally {
      file.close();
    }
  });

  it('after a stop, a commit under way is staged again and a staging under way has failed', async () => {
    const jobs = importJobs(box.deps);
    const staged = await (await jobs.stage(stageTask(fixture('rna-waldec-26-latin1.csv')))).done;
    const reading = await (await jobs.stage(stageTask(fixture('rna-waldec-26-utf8.csv')))).done;
    setImportState(box.deps.db, staged.id, { status: 'committing' });
    setImportState(box.deps.db, reading.id, { status: 'staging' });
    expect(recoverInterruptedImports(box.deps.db)).toBe(2);
    const page = await (await box.request('/healthz')).json();
    expect(page).toEqual({ status: 'ok' });
  });
});
