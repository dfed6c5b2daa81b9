// The sync jobs of a box: "sync now" run in the background, and each peer's schedule (node-cron, in the box's
// time zone). Never two syncs with the same peer at once. One set per database, shared by the admin pages
// and server.ts; the progress of each peer's last sync is kept in memory (its time and error are in the db).
import { isModuleOn } from '../modules/modules.ts';
import { schedule, type ScheduledTask } from 'node-cron';
import { transaction, type Db } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { nowIso } from '../core/time.ts';
import type { Deps } from '../deps.ts';
import { describeRefusals, emptyResult, type BatchResult } from './apply.ts';
import { syncWith, type SyncOutcome, type SyncPhase } from './client.ts';
import { findPeer, listPeers, notePeerSync, type Peer } from './storage.ts';

export interface SyncState {
  running: boolean;
  /** The step under way, or the last one reached. */
  phase: SyncPhase;
  trigger: 'hand' | 'schedule';
  startedAt: string;
  finishedAt: string | null;
  /** Records this box accepted from the peer, records the peer accepted from this box, and refusals either way. */
  counts: { received: number; sent: number; refused: number };
  error: string | null;
  /** What each step brought, as syncWith answers it (the API's "sync now" returns it). */
  outcome: SyncOutcome;
}

/** Peers changed through the API (not the pages) are picked up this often. */
const recheckMs = 60_000;

type JobDeps = Pick<Deps, 'db' | 'box'>;

export class SyncJobs {
  readonly #deps: JobDeps;
  readonly #logError: (line: string, error?: unknown) => void;
  readonly #states = new Map<string, SyncState>();
  readonly #running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  readonly #tasks = new Map<string, { cron: string; task: ScheduledTask }>();
  #started = false;
  #recheck: NodeJS.Timeout | null = null;

  constructor(deps: JobDeps, logError: (line: string, error?: unknown) => void = console.error) {
    this.#deps = deps;
    this.#logError = logError;
  }

  /** The last (or current) sync with a peer since the box started, or null. */
  stateOf(peerId: string): SyncState | null {
    return this.#states.get(peerId) ?? null;
  }

  get busy(): boolean {
    return this.#running.size > 0;
  }

  /** Starts a sync with the peer in the background: 'busy' when one with it is already under way. */
  syncNow(peerId: string, trigger: SyncState['trigger'] = 'hand'): 'started' | 'busy' {
    if (this.#running.has(peerId)) return 'busy';
    const peer = findPeer(this.#deps.db, peerId);
    if (!peer) throw new AppError('not_found', 'No such peer');
    const state: SyncState = {
      running: true, phase: 'pull', trigger, startedAt: nowIso(), finishedAt: null, counts: { received: 0, sent: 0, refused: 0 }, error: null,
      outcome: { pulled: emptyResult(), pushed: null, repaired: null, error: null },
    };
    this.#states.set(peerId, state);
    const controller = new AbortController();
    const done = this.#run(peer, state, controller.signal).catch((error: unknown) => {
      this.#logError(`Sync with ${peer.name || peer.url} could not be noted:`, error);
    }).finally(() => {
      state.running = false;
      state.finishedAt = nowIso();
      this.#running.delete(peerId);
    });
    this.#running.set(peerId, { controller, done });
    return 'started';
  }

  /** Syncs with the peer now and waits for the outcome: 'busy' when a sync with it is already under way. */
  async syncAndWait(peerId: string): Promise<SyncOutcome | 'busy'> {
    if (this.syncNow(peerId) === 'busy') return 'busy';
    await this.#running.get(peerId)?.done;
    return this.#states.get(peerId)!.outcome;
  }

  /** Stops a sync under way with the peer (before it is removed) and waits for it to end. */
  async cancel(peerId: string): Promise<void> {
    const running = this.#running.get(peerId);
    if (!running) return;
    running.controller.abort();
    await running.done;
  }

  /** Resolves when no sync runs. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running.values()].map((running) => running.done));
  }

  /** Schedules each peer with a schedule, now and after every change of the peers. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.refresh();
    this.#recheck = setInterval(() => this.refresh(), recheckMs);
    this.#recheck.unref();
  }

  /** Matches the scheduled tasks to the peers' schedules (a no-op until start()). */
  refresh(): void {
    if (!this.#started) return;
    const wanted = new Map(listPeers(this.#deps.db).filter((peer) => peer.schedule !== '').map((peer) => [peer.boxId, peer]));
    for (const [peerId, { cron, task }] of this.#tasks) {
      if (wanted.get(peerId)?.schedule === cron) continue;
      void task.destroy();
      this.#tasks.delete(peerId);
    }
    for (const [peerId, peer] of wanted) {
      if (this.#tasks.has(peerId)) continue;
      const task = schedule(peer.schedule, () => this.#scheduled(peerId), {
        name: `copi-sync-${peerId}`, timezone: this.#deps.box.timezone, unref: true,
      });
      this.#tasks.set(peerId, { cron: peer.schedule, task });
    }
  }

  /** The cron expression of each scheduled peer. */
  scheduled(): Map<string, string> {
    return new Map([...this.#tasks].map(([peerId, { cron }]) => [peerId, cron]));
  }

  /** When the peer's next scheduled sync starts, or null when it has none (or the jobs are not started). */
  nextRunOf(peerId: string): Date | null {
    return this.#tasks.get(peerId)?.task.getNextRun() ?? null;
  }

  /** Cancels the schedules and the syncs under way, and waits for them to end (before the database closes). */
  async stop(): Promise<void> {
    this.#started = false;
    if (this.#recheck) clearInterval(this.#recheck);
    this.#recheck = null;
    await Promise.all([...this.#tasks.values()].map(({ task }) => task.destroy()));
    this.#tasks.clear();
    for (const { controller } of this.#running.values()) controller.abort();
    await this.idle();
  }

  #scheduled(peerId: string) {
    // A sync still under way (a slow link, or one started by hand) is left to finish: the next tick catches up.
    // The module turned off stops the schedules too (the peers and their settings are kept).
    if (this.#running.has(peerId) || !findPeer(this.#deps.db, peerId) || !isModuleOn(this.#deps.db, 'sync')) return;
    this.syncNow(peerId, 'schedule');
  }

  /**
   * One sync through client.ts's syncWith (pull, push, repair, tombstones), its step and counts kept in the
   * state for the admin page. syncWith notes the outcome on the peer; failures are logged with the peer's name.
   */
  async #run(peer: Peer, state: SyncState, signal: AbortSignal): Promise<void> {
    const name = peer.name || peer.url;
    const options = {
      signal,
      onPhase: (phase: SyncPhase, sofar: SyncOutcome) => {
        state.phase = phase;
        state.counts = countsOf(sofar);
      },
    };
    try {
      state.outcome = await syncWith(this.#deps, peer.boxId, options);
      state.counts = countsOf(state.outcome);
      state.error = state.outcome.error;
      if (signal.aborted) this.#logError(`Sync with ${name} stopped before the end`);
      else if (state.error) this.#logError(`Sync with ${name} failed: ${state.error}`);
      // Records refused either way name their reason in the log, for the admin to see who sends what.
      const refusedHere = [state.outcome.pulled, state.outcome.repaired].flatMap((result) => result?.refused ?? []);
      if (refusedHere.length > 0) this.#logError(`Sync with ${name}: ${describeRefusals(refusedHere)} refused here`);
      if (state.outcome.pushed?.refused.length) this.#logError(`Sync with ${name}: ${describeRefusals(state.outcome.pushed.refused)} refused there`);
    } catch (error) {
      // Removed while it ran (through the API): nothing to note.
      if (!findPeer(this.#deps.db, peer.boxId)) {
        state.error = state.outcome.error = 'removed';
        return;
      }
      state.error = state.outcome.error = error instanceof Error ? error.message : String(error);
      this.#logError(`Sync with ${name} failed on a bug:`, error);
      transaction(this.#deps.db, () => notePeerSync(this.#deps.db, peer.boxId, nowIso(), state.error));
    }
  }
}

const countsOf = (outcome: SyncOutcome): SyncState['counts'] => {
  const results = [outcome.pulled, outcome.pushed, outcome.repaired].filter((result): result is BatchResult => result !== null);
  return {
    received: outcome.pulled.accepted + (outcome.repaired?.accepted ?? 0),
    sent: outcome.pushed?.accepted ?? 0,
    refused: results.reduce((sum, result) => sum + result.refused.length, 0),
  };
};

const jobsOfBox = new WeakMap<Db, SyncJobs>();

/** The sync jobs of this box (one set per database, whichever router or entry point asks). */
export function syncJobs(deps: JobDeps): SyncJobs {
  let jobs = jobsOfBox.get(deps.db);
  if (!jobs) jobsOfBox.set(deps.db, (jobs = new SyncJobs(deps)));
  return jobs;
}

/** Starts the scheduled syncs of a running box (server.ts); stop() before the database closes. */
export function startSyncJobs(deps: JobDeps): { stop(): Promise<void> } {
  const jobs = syncJobs(deps);
  jobs.start();
  return { stop: () => jobs.stop() };
}
