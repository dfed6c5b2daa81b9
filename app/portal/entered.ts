// Which Wi-Fi clients pressed "Enter", by address, for a fixed time.
//
// Kept in memory, not in SQLite: the state is worth one tap, so losing it on a restart costs a visitor one
// more tap, while storing it would write to the SD card for every visitor. Expiry uses the monotonic clock
// (performance.now), not the wall clock: a Pi has no real-time clock and its date jumps when it learns the
// time, which must neither expire everyone nor keep anyone in forever.
// Keyed by IP address, not MAC: the app sees only IP packets, and dnsmasq gives a phone back the same
// address for the one-day lease. An address reused by another phone within the day only skips a welcome
// page; the portal guards nothing (there is no internet behind it).

export interface EnteredClients {
  enter(address: string): void;
  /** Milliseconds this client keeps the "online" answers; 0 when it has not entered or its time is up. */
  remainingMs(address: string): number;
}

/** A /24 holds at most 254 phones; the cap only bounds memory if something else fills the map. */
const maxClients = 4096;

export function enteredClients(options: { ttlMs: number; now?: () => number }): EnteredClients {
  const now = options.now ?? (() => performance.now());
  const until = new Map<string, number>();

  function forgetExpired(at: number) {
    for (const [address, deadline] of until) if (deadline <= at) until.delete(address);
  }

  return {
    enter(address) {
      const at = now();
      until.delete(address);
      if (until.size >= maxClients) forgetExpired(at);
      // Still full: forget the oldest entry (a Map iterates in insertion order).
      if (until.size >= maxClients) until.delete(until.keys().next().value!);
      until.set(address, at + options.ttlMs);
    },
    remainingMs(address) {
      const deadline = until.get(address);
      if (deadline === undefined) return 0;
      const left = deadline - now();
      if (left > 0) return left;
      until.delete(address);
      return 0;
    },
  };
}
