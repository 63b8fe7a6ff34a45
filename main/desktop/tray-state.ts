/**
 * The tray / menu-bar icon's state, from the connection views and the sync status: which image,
 * what tooltip, which menu labels. Plain Node; main/electron/desktop-shell.ts only renders it.
 * Counts use Intl.PluralRules, so "1 store needs attention" and "2 stores need attention" both read right.
 */
import type { ConnectionView, SyncStatusView } from '../../shared/view-models.ts';

export type TrayIconKind = 'ok' | 'attention' | 'syncing';

export interface TrayState {
  icon: TrayIconKind;
  tooltip: string;
  /** Connections that need the admin: signing in again, an error, or a failed last sync. */
  attentionCount: number;
  syncingCount: number;
  menu: {
    open: string;
    syncAll: string;
    /** Disabled when there is nothing to sync. */
    syncAllEnabled: boolean;
    pause: string;
    /** The pause item is a checkbox: checked while sync is paused. */
    paused: boolean;
    quit: string;
  };
}

export interface TrayInput {
  connections: readonly ConnectionView[];
  sync: readonly SyncStatusView[];
  syncPaused: boolean;
}

const plural = new Intl.PluralRules('en-US');

/** "1 store", "2 stores": picks the form Intl.PluralRules names for `n`. */
export function countOf(n: number, forms: { one: string; other: string }): string {
  return `${n} ${plural.select(n) === 'one' ? forms.one : forms.other}`;
}

/** True when the connection cannot work without the admin (its status card shows a problem). */
export function needsAttention(c: ConnectionView, sync: SyncStatusView | undefined): boolean {
  if (c.status.kind === 'needs-reauth' || c.status.kind === 'revoked' || c.status.kind === 'error') return true;
  return sync?.state.kind === 'idle' && sync.state.lastResult === 'failed';
}

export function trayState(input: TrayInput): TrayState {
  const syncOf = new Map(input.sync.map((s) => [s.connectionId, s]));
  // Each store once (main/core/connections/duplicate-connections.ts): a store connected twice is
  // counted by the connection that counts for it, the one whose access works best.
  const stores = input.connections.filter((c) => !c.duplicateOf);
  const storeOf = new Map(input.connections.map((c) => [c.id, c.duplicateOf?.connectionId ?? c.id]));
  const attention = stores.filter((c) => needsAttention(c, syncOf.get(c.id))).length;
  // Only connections that still exist: a status left from a store just disconnected does not count.
  const syncing = new Set(input.sync.filter((s) => s.state.kind === 'running' && storeOf.has(s.connectionId)).map((s) => storeOf.get(s.connectionId))).size;
  const icon: TrayIconKind = attention > 0 ? 'attention' : syncing > 0 ? 'syncing' : 'ok';
  const parts: string[] = [];
  if (stores.length === 0) parts.push('No stores connected yet');
  else if (attention > 0) parts.push(`${countOf(attention, { one: 'store needs', other: 'stores need' })} attention`);
  else parts.push(stores.length === 1 ? 'Your store is fine' : `All ${stores.length} stores are fine`);
  if (syncing > 0) parts.push(`syncing ${countOf(syncing, { one: 'store', other: 'stores' })}`);
  if (input.syncPaused) parts.push('sync paused');
  return {
    icon,
    tooltip: `Storelink: ${parts.join(', ')}`,
    attentionCount: attention,
    syncingCount: syncing,
    menu: {
      open: 'Open Storelink',
      syncAll: 'Sync all now',
      syncAllEnabled: input.connections.length > 0,
      pause: 'Pause sync',
      paused: input.syncPaused,
      quit: 'Quit Storelink',
    },
  };
}
