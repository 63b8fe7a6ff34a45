/**
 * The smallest external store React's `useSyncExternalStore` can read: one immutable snapshot,
 * change listeners, and a connection to the outside world (IPC subscriptions, requests) that is
 * open exactly while someone listens or holds it with `retain()`.
 *
 * Closing is deferred by one microtask, so React StrictMode's synchronous
 * subscribe -> unsubscribe -> subscribe on mount keeps one connection (and one list request)
 * instead of closing and reopening it. When it does close, the snapshot goes back to `initial`,
 * so the next listener starts from a fresh load rather than from state nobody kept up to date.
 */
export interface Store<T> {
  getSnapshot(): T;
  /** For useSyncExternalStore: the first listener opens the connection, the last one closes it. */
  subscribe(listener: () => void): () => void;
}

export interface StoreControls<T> {
  get(): T;
  /** Replaces the snapshot and tells every listener (no-op when `next` is the current snapshot). */
  set(next: T): void;
}

export interface OwnedStore<T> extends Store<T>, StoreControls<T> {
  /** Keeps the connection open without listening (e.g. while a request is in flight); returns release. */
  retain(): () => void;
}

/** `connect` is called when the first holder arrives and returns the function that disconnects. */
export function createStore<T>(initial: T, connect: (controls: StoreControls<T>) => () => void): OwnedStore<T> {
  let snapshot = initial;
  const listeners = new Set<() => void>();
  let holders = 0;
  let disconnect: (() => void) | null = null;

  const controls: StoreControls<T> = {
    get: () => snapshot,
    set(next) {
      if (Object.is(next, snapshot)) return;
      snapshot = next;
      for (const l of [...listeners]) l();
    },
  };

  const retain = (): (() => void) => {
    holders += 1;
    if (!disconnect) disconnect = connect(controls);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      holders -= 1;
      if (holders > 0) return;
      queueMicrotask(() => {
        if (holders > 0 || !disconnect) return;
        const close = disconnect;
        disconnect = null;
        close();
        snapshot = initial;
      });
    };
  };

  return {
    ...controls,
    getSnapshot: () => snapshot,
    retain,
    subscribe(listener) {
      listeners.add(listener);
      const release = retain();
      return () => {
        listeners.delete(listener);
        release();
      };
    },
  };
}

/** A value made on first use (stores read `window.storelink`, which only exists in the page). */
export function once<T>(make: () => T): () => T {
  let value: { v: T } | null = null;
  return () => (value ??= { v: make() }).v;
}
