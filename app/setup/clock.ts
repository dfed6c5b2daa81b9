// How far the box's clock can be trusted, its time floor kept across restarts, and setting the clock from a
// box admin's browser when the box is clearly behind (a Pi has no battery-backed clock).
import { existsSync } from 'node:fs';
import { sql, type Db } from '../core/db/database.ts';
import { boxClock, nowIso } from '../core/time.ts';
import type { PrivilegedHelper } from './privileged.ts';

export type ClockSource = 'network' | 'browser' | 'saved' | 'unknown';

export interface ClockStatus {
  source: ClockSource;
  /** When that source set or confirmed the time; null when never. */
  sourceAt: string | null;
}

/** systemd-timesyncd creates this file once the clock is synchronized over the network. */
export const timesyncFlag = '/run/systemd/timesync/synchronized';
/** fake-hwclock's saved time: its presence means the boot restored the time saved at the last shutdown. */
export const fakeHwclockData = '/etc/fake-hwclock.data';

/** The box is "clearly behind" a browser by more than this. */
export const behindThresholdMs = 5 * 60_000;
// The privileged helper's bounds (appliance/usr/lib/copi/privileged): 2026-01-01 to 2100-01-01, UTC.
const earliestMs = Date.UTC(2026, 0, 1);
const latestMs = Date.UTC(2100, 0, 1);

/** Milliseconds of CLOCK_MONOTONIC: counts from boot, so a smaller value at a later start means a reboot. */
const monotonicMs = () => Number(process.hrtime.bigint() / 1_000_000n);

export function clockStatus(db: Db): ClockStatus {
  const row = sql(db, 'SELECT source, source_at FROM box_clock WHERE id = 1').get() as { source: ClockSource; source_at: string | null };
  return { source: row.source, sourceAt: row.source_at };
}

function recordSource(db: Db, source: ClockSource) {
  sql(db, 'UPDATE box_clock SET source = ?, source_at = ?, source_mono = ? WHERE id = 1').run(source, nowIso(), monotonicMs());
}

/**
 * At start: the floor saved by the previous run becomes the clock's floor, and new reservations are saved
 * after the statement that made them (a microtask), outside any transaction in progress, so a rolled-back
 * write never takes a reservation with it.
 */
export function attachTimeFloor(db: Db): () => void {
  const saved = Date.parse((sql(db, 'SELECT floor FROM box_clock WHERE id = 1').get() as { floor: string }).floor);
  const save = (reservedMs: number) => {
    if (!db.open) return;
    if (db.inTransaction) {
      // A transaction held across an await: try again shortly, without keeping the process alive for it.
      setTimeout(save, 50, reservedMs).unref();
      return;
    }
    sql(db, 'UPDATE box_clock SET floor = ? WHERE id = 1 AND floor < ?').run(new Date(reservedMs).toISOString(), new Date(reservedMs).toISOString());
  };
  const store = (reservedMs: number) => queueMicrotask(() => save(reservedMs));
  boxClock.attach(Number.isNaN(saved) ? 0 : saved, store);
  return () => boxClock.detach(store);
}

/**
 * At start: network time when systemd-timesyncd says so; else a time set by the network or a browser earlier
 * in this same boot is kept; else after a reboot the time is fake-hwclock's saved one, or unknown without it.
 */
export function detectClockSource(db: Db, paths = { timesyncFlag, fakeHwclockData }): ClockSource {
  const row = sql(db, 'SELECT source, source_mono FROM box_clock WHERE id = 1').get() as { source: ClockSource; source_mono: number | null };
  const sameBoot = row.source_mono !== null && row.source_mono <= monotonicMs();
  let source: ClockSource;
  if (existsSync(paths.timesyncFlag)) source = 'network';
  else if (sameBoot && (row.source === 'browser' || row.source === 'network')) return row.source;
  else source = existsSync(paths.fakeHwclockData) ? 'saved' : 'unknown';
  recordSource(db, source);
  return source;
}

/** Whether the box should take the browser's time: it is clearly behind it, or behind what it already stamped. */
export function clockIsBehind(browserMs: number, systemMs = boxClock.systemMs(), floorMs = boxClock.floorMs()): boolean {
  if (!Number.isFinite(browserMs) || browserMs < earliestMs || browserMs >= latestMs) return false;
  return browserMs - systemMs > behindThresholdMs || (systemMs < floorMs - behindThresholdMs && browserMs > systemMs);
}

export type ClockOutcome = 'unchanged' | 'set' | 'unavailable' | 'failed';

/**
 * Sets the clock from a browser's time (epoch milliseconds, from a box admin's login form or the wizard)
 * through the privileged helper when the box is clearly behind; a synchronized network clock is never
 * overridden.
 */
export async function setClockFromBrowser(db: Db, helper: PrivilegedHelper, browserMs: number): Promise<ClockOutcome> {
  if (!clockIsBehind(browserMs) || clockStatus(db).source === 'network') return 'unchanged';
  if (!helper.available) return 'unavailable';
  const result = await helper.setTime(Math.floor(browserMs / 1000));
  if (!result.ok) {
    console.error(`Setting the clock from a browser failed: ${result.reason}`);
    return 'failed';
  }
  recordSource(db, 'browser');
  return 'set';
}

/** A browser's time as sent by the hidden field of a form: epoch milliseconds, or NaN. */
export const parseBrowserTime = (value: string | undefined) => (value && /^\d{12,14}$/.test(value) ? Number(value) : Number.NaN);
