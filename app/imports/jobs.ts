// Import jobs of a box: one at a time, each run in a process of its own (job-process.ts) while the server keeps
// answering. The progress of the running job is kept here in memory, per import id; the database keeps
// the rest (status, counts), and recoverInterruptedImports (storage.ts) tidies up after a stop.
import { rmSync } from 'node:fs';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { transaction, type Db } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import type { Deps } from '../deps.ts';
import type { ImportSummary } from './model.ts';
import { deleteStagedRows, findImport, recoverInterruptedImports, setImportState } from './storage.ts';
import type { ImportTask, JobStep, JobInput, JobMessage } from './job-process.ts';

export interface JobProgress {
  step: JobStep;
  /** 0..1 of the step. */
  fraction: number;
}

export type StageTask = Extract<ImportTask, { kind: 'stage' }>;

const jobScript = fileURLToPath(new URL('./job-process.ts', import.meta.url));
// The job's heap: as bounded as the server's for what it keeps (a register is streamed, never held), with
// a young generation of 8 MB semi-spaces instead of the server's 2 MB, in which a batch of rows lives and
// dies: with 2 MB, half of a 100,000-row staging went to garbage collection.
const jobFlags = ['--max-old-space-size=96', '--max-semi-space-size=8'];

export class ImportJobs {
  private readonly deps: Pick<Deps, 'db' | 'config'>;
  private running: Promise<unknown> | null = null;
  /** Job processes not yet ended: one may still tidy up (its checkpoint) after its result came. */
  private readonly processes = new Set<Promise<void>>();
  private readonly progress = new Map<string, JobProgress>();
  /** The peak memory of the last job's process (the bench reports it). */
  lastPeakRssMiB: number | null = null;
  /** The running job's process id, while one runs. */
  jobPid: number | null = null;
  /** Why the last commit of an import failed (it is staged again): shown on its page until the next try. */
  private readonly failures = new Map<string, string>();

  constructor(deps: Pick<Deps, 'db' | 'config'>) {
    this.deps = deps;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** The step the running job of this import is at; null when none runs for it. */
  progressOf(importId: string): JobProgress | null {
    return this.progress.get(importId) ?? null;
  }

  failureOf(importId: string): string | null {
    return this.failures.get(importId) ?? null;
  }

  /**
   * Stages a file in a job process. Resolves with the import's id as soon as it exists (its row is made
   * before the first byte is read), and `done` once staged. `removeAfter`: an upload, deleted after.
   */
  async stage(task: Omit<StageTask, 'kind'>, removeAfter = false): Promise<{ id: string; done: Promise<ImportSummary> }> {
    let announce!: (id: string) => void;
    const announced = new Promise<string>((resolve) => { announce = resolve; });
    let done: Promise<ImportSummary>;
    try {
      done = this.start({ kind: 'stage', ...task }, announce);
    } catch (error) {
      if (removeAfter) rmSync(task.file.path, { force: true });
      throw error;
    }
    const cleaned = removeAfter ? done.finally(() => rmSync(task.file.path, { force: true })) : done;
    const id = await Promise.race([announced, cleaned.then((summary) => summary.id)]);
    return { id, done: cleaned };
  }

  /** Commits a staged import in a job process; refused at once when it is not staged or a job runs. */
  commit(importId: string): Promise<ImportSummary> {
    const summary = findImport(this.deps.db, importId);
    if (!summary) throw new AppError('not_found', 'Import not found');
    if (summary.status !== 'staged') throw new AppError('conflict', `This import is ${summary.status}: only a staged import can be committed`);
    this.failures.delete(importId);
    const done = this.start({ kind: 'commit', importId });
    done.catch((error: Error) => this.failures.set(importId, error.message));
    return done;
  }

  /** Undoes a committed import in a job process; the promise fails with the undo's reason (an AppError). */
  async undo(importId: string): Promise<ImportSummary> {
    const summary = findImport(this.deps.db, importId);
    if (!summary) throw new AppError('not_found', 'Import not found');
    if (summary.status !== 'committed') throw new AppError('conflict', `This import is ${summary.status}: only a committed import can be undone`);
    return this.start({ kind: 'undo', importId });
  }

  /** Waits for the running job, if any (tests, and a box stopping). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    await Promise.all(this.processes);
  }

  private start(task: ImportTask, announce?: (id: string) => void): Promise<ImportSummary> {
    if (this.running) throw new AppError('conflict', 'An import is already running; wait until it ends');
    const input: JobInput = { dbPath: this.deps.db.name, config: this.deps.config, task };
    const child = fork(jobScript, [], { execArgv: jobFlags, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.send(input);
    this.jobPid = child.pid ?? null;
    const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.processes.add(ended);
    void ended.then(() => this.processes.delete(ended));
    // A box stopping does not wait for a job: a commit cut short writes nothing (recoverInterruptedImports).
    const stopWithBox = () => child.kill('SIGKILL');
    process.once('exit', stopWithBox);
    let importId = task.kind === 'stage' ? null : task.importId;
    if (task.kind !== 'stage') this.progress.set(task.importId, { step: task.kind === 'commit' ? 'committing' : 'undoing', fraction: 0 });
    const job = new Promise<ImportSummary>((resolve, reject) => {
      let settled = false;
      child.on('message', (message: JobMessage) => {
        if (message.type === 'started') {
          importId = message.importId;
          announce?.(message.importId);
        } else if (message.type === 'progress') {
          this.progress.set(message.importId, { step: message.step, fraction: message.fraction });
        } else if (message.type === 'done') {
          settled = true;
          this.lastPeakRssMiB = message.peakRssMiB ?? null;
          resolve(message.summary);
        } else {
          settled = true;
          reject(message.code ? new AppError(message.code, message.message, message.field) : new Error(message.message));
        }
      });
      child.on('error', (error) => {
        if (settled) return;
        settled = true;
        reject(error);
      });
      child.on('exit', (code, signal) => {
        process.off('exit', stopWithBox);
        if (this.jobPid === child.pid) this.jobPid = null;
        if (settled) return;
        settled = true;
        reject(new Error(`The import stopped unexpectedly (${signal ?? `exit code ${code}`})`));
      });
    }).catch((error: unknown) => {
      if (importId) tidyAfterFailure(this.deps.db, importId, task.kind, (error as Error).message);
      throw error;
    }).finally(() => {
      if (importId) this.progress.delete(importId);
      this.running = null;
    });
    this.running = job;
    return job;
  }
}

/** A job process that died half-way (out of memory, a bug) leaves its import as the box would after a stop. */
function tidyAfterFailure(db: Db, importId: string, kind: ImportTask['kind'], message: string) {
  const summary = findImport(db, importId);
  if (summary?.status === 'staging' && kind === 'stage') {
    transaction(db, () => {
      deleteStagedRows(db, importId);
      setImportState(db, importId, { status: 'failed', error: message });
    });
  } else if (summary?.status === 'committing') {
    transaction(db, () => setImportState(db, importId, { status: 'staged', progress: 0 }));
  }
}

/** Marks a staged (or failed) import as discarded and drops its staged rows; nothing live was written. */
export function discardImport(db: Db, importId: string): ImportSummary {
  return transaction(db, () => {
    const summary = findImport(db, importId);
    if (!summary) throw new AppError('not_found', 'Import not found');
    if (summary.status !== 'staged' && summary.status !== 'failed') {
      throw new AppError('conflict', `This import is ${summary.status}: only a staged or failed import can be discarded`);
    }
    deleteStagedRows(db, importId);
    setImportState(db, importId, { status: 'discarded' });
    return findImport(db, importId)!;
  });
}

const jobsOfBox = new WeakMap<Db, ImportJobs>();

/**
 * The import jobs of this box (one set per database, whichever router asks). Made when the app is built,
 * at the server's start: imports a stop left half-way are tidied then, before any job can run.
 */
export function importJobs(deps: Pick<Deps, 'db' | 'config'>): ImportJobs {
  let jobs = jobsOfBox.get(deps.db);
  if (!jobs) {
    if (!deps.db.readonly) transaction(deps.db, () => recoverInterruptedImports(deps.db));
    jobsOfBox.set(deps.db, (jobs = new ImportJobs(deps)));
  }
  return jobs;
}
