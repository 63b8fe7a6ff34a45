/**
 * The `focusConnection` event (shared/ipc-contract.ts): main asks the window to show a connection's
 * card because the admin clicked a system notification about it. The subscription is made when this
 * module loads, before React's first render, so a request sent as soon as the page has loaded is kept
 * until the app is there to take it.
 */
import { useEffect } from 'react';
import { storelink } from '../api.ts';

const listeners = new Set<(connectionId: string) => void>();
let pending: string | null = null;
let subscribed = false;

function subscribe(): void {
  if (subscribed || typeof window === 'undefined' || !window.storelink) return;
  subscribed = true;
  storelink().on('focusConnection', ({ connectionId }) => {
    if (listeners.size === 0) pending = connectionId;
    for (const l of listeners) l(connectionId);
  });
}
subscribe();

export function useFocusConnection(onFocus: (connectionId: string) => void): void {
  useEffect(() => {
    subscribe();
    listeners.add(onFocus);
    if (pending !== null) {
      const id = pending;
      pending = null;
      onFocus(id);
    }
    return () => void listeners.delete(onFocus);
  }, [onFocus]);
}
