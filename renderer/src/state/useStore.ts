import { useSyncExternalStore } from 'react';
import type { Store } from './store.ts';

/** Reads a store's snapshot and re-renders on change; subscribes on mount, unsubscribes on unmount. */
export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
