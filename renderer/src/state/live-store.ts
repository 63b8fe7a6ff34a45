/**
 * One domain's live state: a list request plus an event stream, merged without losing either.
 *
 * Rule (events before the first list): the event subscription is made BEFORE the list request,
 * and every event that arrives before the list answers is buffered and applied, in arrival order,
 * on top of the list. This is right because (1) main delivers replies and events to a window over
 * one ordered channel, in the order it sends them, and (2) the core emits an event synchronously
 * with the change it reports. So an event that arrives before the reply either happened after the
 * list was read (it must be applied) or before it (it is already in the list, and applying it
 * again gives the same state: every `apply` here replaces by key or de-duplicates by id; a counter
 * of transitions, like syncs finished, counts a transition that happened after we subscribed,
 * which is what it means). A stale list therefore never overwrites a newer event, and no event is
 * lost. No sequence numbers are needed, so the IPC payloads stay as they are.
 *
 * A failed list is reported as an ErrorView (`failed`); its buffer is dropped, because a retried
 * list is read after those events and already includes them.
 *
 * `apply` is a pure function called exactly once per event, by the store and outside React, so a
 * derived counter (e.g. syncs finished) cannot be counted twice by StrictMode's double updaters.
 */
import type { ErrorView } from '../../../shared/error-codes.ts';
import { errorViewOf } from '../api.ts';
import { createStore, type Store } from './store.ts';

export type Live<S> = { status: 'loading' } | { status: 'ready'; value: S } | { status: 'failed'; error: ErrorView };

export interface LiveSource<L, E, S> {
  /** The first list (one request per connection of the store). */
  load(): Promise<L>;
  /** The domain's events; returns the unsubscribe function. Absent for load-only domains. */
  subscribe?(onEvent: (event: E) => void): () => void;
  /** The state the list describes. */
  init(list: L): S;
  /** One event on top of a state. Pure: no side effects, the same answer when called twice. */
  apply(state: S, event: E): S;
}

export interface LiveStore<S> extends Store<Live<S>> {
  /** After a failed load: ask for the list again (events are buffered again until it answers). */
  retry(): void;
}

const LOADING = { status: 'loading' } as const;

export function createLiveStore<L, E, S>(source: LiveSource<L, E, S>): LiveStore<S> {
  let retryHook: (() => void) | null = null;
  const store = createStore<Live<S>>(LOADING, (ctl) => {
    let open = true;
    let request = 0;
    /** Events seen since the current list request was sent; null once the list has answered. */
    let buffer: E[] | null = null;
    const off =
      source.subscribe?.((event) => {
        if (!open) return;
        if (buffer) {
          buffer.push(event);
          return;
        }
        const now = ctl.get();
        if (now.status === 'ready') ctl.set({ status: 'ready', value: source.apply(now.value, event) });
      }) ?? (() => {});
    const requestList = () => {
      const mine = ++request;
      buffer = [];
      source.load().then(
        (list) => {
          if (!open || mine !== request) return;
          let value = source.init(list);
          for (const event of buffer ?? []) value = source.apply(value, event);
          buffer = null;
          ctl.set({ status: 'ready', value });
        },
        (err: unknown) => {
          if (!open || mine !== request) return;
          // Nothing to apply events to; a retry reads a list that already includes them.
          buffer = null;
          ctl.set({ status: 'failed', error: errorViewOf(err) });
        },
      );
    };
    retryHook = () => {
      if (!open || ctl.get().status !== 'failed') return;
      ctl.set(LOADING);
      requestList();
    };
    requestList();
    return () => {
      open = false;
      retryHook = null;
      off();
    };
  });
  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    retry: () => retryHook?.(),
  };
}
