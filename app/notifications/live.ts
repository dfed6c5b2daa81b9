// Who is waiting for news, in this process: open pages listening on /notifications/live. A write tells
// the persons it concerns only after its transaction is over (setImmediate), and listeners then read the
// database themselves, so a rolled-back write at most makes a listener read an unchanged count.
export type Listener = () => void;

interface Subscription {
  listener: Listener;
  /** Called when the box stops: the open stream ends instead of holding the stop until its deadline. */
  onClose?: () => void;
}

export class LiveNotifications {
  readonly #subscriptions = new Map<string, Set<Subscription>>();

  /** Calls `listener` whenever `personId` may have something new; returns the unsubscribe function. */
  subscribe(personId: string, listener: Listener, onClose?: () => void): () => void {
    let set = this.#subscriptions.get(personId);
    if (!set) this.#subscriptions.set(personId, (set = new Set()));
    const subscription: Subscription = { listener, onClose };
    set.add(subscription);
    return () => {
      set.delete(subscription);
      if (set.size === 0 && this.#subscriptions.get(personId) === set) this.#subscriptions.delete(personId);
    };
  }

  poke(personIds: Iterable<string>): void {
    const ids = [...personIds];
    if (ids.length === 0) return;
    setImmediate(() => {
      for (const id of ids) for (const { listener } of this.#subscriptions.get(id) ?? []) listener();
    });
  }

  /** Ends every open stream (the box is stopping); they unsubscribe themselves. */
  close(): void {
    for (const set of [...this.#subscriptions.values()]) for (const { onClose } of [...set]) onClose?.();
  }

  get listenerCount(): number {
    let count = 0;
    for (const set of this.#subscriptions.values()) count += set.size;
    return count;
  }
}
