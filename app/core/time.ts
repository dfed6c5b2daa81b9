// Time on the box: wall-clock times of its time zone turned into instants, and its never-going-back clock.

/** The UTC offset of a time zone at an instant, as "+01:00". */
function offsetAt(timeZone: string, instant: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' ? '+00:00' : name.replace('GMT', '');
}

/** "2026-12-01T18:00" read in `timeZone` → "2026-12-01T18:00:00+01:00"; values with an offset pass through. */
export function withOffset(value: string, timeZone = 'Europe/Paris'): string {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(value)) return value;
  const local = value.length === 16 ? `${value}:00` : value;
  const guess = new Date(`${local}Z`);
  const offset = offsetAt(timeZone, new Date(guess.getTime() - offsetMinutes(offsetAt(timeZone, guess)) * 60_000));
  return `${local}${offset}`;
}

const offsetMinutes = (offset: string) => {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  return sign * (hours * 60 + minutes);
};

// The box's clock for everything it stamps. A Pi has no battery-backed clock: it may boot at an old saved
// time, then be set forward by the network or an admin's browser, or jump back when it reboots. Every
// instant handed out here is at least the latest one handed out before (the "time floor"), in this run and,
// once a store is attached (app/setup/clock.ts), across restarts, so "newest first", sync order and UUIDv7
// ids never go backwards, and an expiry already passed is never undone by a clock set back.
//
// Cheap: the floor lives in memory; the store is written only when time passes a reservation made one
// minute ahead (at most one small write per minute of activity), never per request. After a restart the
// floor starts at the last reservation, so it is never below anything stamped before.

/** Persists a reservation: no instant later than it was handed out before it was saved. */
export type FloorStore = (reservedUntilMs: number) => void;

const reservationMs = 60_000;

class FloorClock {
  #read: () => number = Date.now;
  #floor = 0;
  #reserved = Number.POSITIVE_INFINITY;
  #store: FloorStore | null = null;

  /** Milliseconds since the epoch: the system clock, or the floor when the system clock is behind it. */
  nowMs(): number {
    const now = Math.max(this.#read(), this.#floor);
    this.#floor = now;
    if (this.#store && now > this.#reserved) {
      this.#reserved = now + reservationMs;
      this.#store(this.#reserved);
    }
    return now;
  }

  /** The system clock as it is, without the floor (to compare it with a browser's). */
  systemMs(): number {
    return this.#read();
  }

  /** The latest instant handed out (or reserved by a previous run). */
  floorMs(): number {
    return this.#floor;
  }

  /** Starts from a floor saved by a previous run and keeps saving reservations through `store`. */
  attach(savedFloorMs: number, store: FloorStore): void {
    this.#floor = Math.max(this.#floor, savedFloorMs);
    this.#reserved = this.#floor;
    this.#store = store;
  }

  /** Stops saving through `store` (when it is still the attached one: a test process may start several boxes). */
  detach(store: FloorStore): void {
    if (this.#store !== store) return;
    this.#store = null;
    this.#reserved = Number.POSITIVE_INFINITY;
  }

  /** Tests only: a fake system clock, and a floor forgotten (never done on a box). Returns the undo. */
  useSystemClockForTests(read: () => number): () => void {
    const previous = this.#read;
    this.#read = read;
    return () => {
      this.#read = previous;
      this.#floor = 0;
    };
  }
}

export const boxClock = new FloorClock();

/** Now, never before any instant the box stamped before. Use it for every stored timestamp and expiry check. */
export const nowMs = () => boxClock.nowMs();
export const now = () => new Date(boxClock.nowMs());
export const nowIso = () => now().toISOString();
