// Who is waiting for news, in this process: open pages listening on /notifications/live. A write tells
// the persons it concerns only after its transaction is over (setImmediate), and listeners then read the
// database themselves, so a rolled-back write at most makes a listener read an unchanged count.
export type Listener = () => void;

export class LiveNotifications {
  readonly #listeners = new Map<string, Set<Listener>>();

  /** Calls `listener` whenever `personId` may have something new; returns the unsubscribe function. */
  subscribe(personId: string, listener: Listener): () => void {
    let set = this.#listeners.get(personId);
    if (!set) this.#listeners.set(personId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(personId);
    };
  }

  poke(personIds: Iterable<string>): void {
    const ids = [...personIds];
    if (ids.length === 0) return;
    setImmediate(() => {
      for (const id of ids) for (const listener of this.#listeners.get(id) ?? []) listener();
    });
  }

  get listenerCount(): number {
    let count = 0;
    for (const set of this.#listeners.values()) count += set.size;
    return count;
  }
}
