// Slows down password guessing: a few failed logins per address and per username, then wait.
// Keyed on the socket's address, never on X-Forwarded-For (the box has no proxy in front).
export interface RateLimiter {
  /** Seconds to wait before trying again, or 0 when allowed. */
  retryAfter(keys: string[]): number;
  recordFailure(keys: string[]): void;
  reset(keys: string[]): void;
}

export function failureLimiter(options: { maxFailures?: number; windowMs?: number; now?: () => number } = {}): RateLimiter {
  const { maxFailures = 8, windowMs = 10 * 60_000, now = Date.now } = options;
  const failures = new Map<string, number[]>();
  const recent = (key: string) => (failures.get(key) ?? []).filter((at) => now() - at < windowMs);
  return {
    retryAfter(keys) {
      let wait = 0;
      for (const key of keys) {
        const times = recent(key);
        if (times.length >= maxFailures) wait = Math.max(wait, Math.ceil((times[0] + windowMs - now()) / 1000));
      }
      return wait;
    },
    recordFailure(keys) {
      if (failures.size > 10_000) failures.clear(); // bounded memory on a small box
      for (const key of keys) failures.set(key, [...recent(key), now()]);
    },
    reset(keys) {
      for (const key of keys) failures.delete(key);
    },
  };
}
