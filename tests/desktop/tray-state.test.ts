/** Issue 9 item 1: the tray icon's state from connections and sync status (main/desktop/tray-state.ts, tray-menu.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countOf, trayState } from '../../main/desktop/tray-state.ts';
import { trayMenuTemplate } from '../../main/desktop/tray-menu.ts';
import { connection, idle, running } from './fixtures.ts';

test('tray state: no connection, one fine, several fine', () => {
  assert.deepEqual(
    [trayState({ connections: [], sync: [], syncPaused: false }).tooltip, trayState({ connections: [], sync: [], syncPaused: false }).icon],
    ['Storelink: No stores connected yet', 'ok'],
  );
  assert.equal(trayState({ connections: [connection('a')], sync: [idle('a', 5, 'ok')], syncPaused: false }).tooltip, 'Storelink: Your store is fine');
  const three = trayState({ connections: [connection('a'), connection('b'), connection('c')], sync: [], syncPaused: false });
  assert.equal(three.tooltip, 'Storelink: All 3 stores are fine');
  assert.equal(three.icon, 'ok');
  assert.equal(three.attentionCount, 0);
});

test('tray state: N need attention (sign in again, error, failed last sync), with plural forms', () => {
  const one = trayState({ connections: [connection('a', { kind: 'needs-reauth', reason: 'r' }), connection('b')], sync: [], syncPaused: false });
  assert.equal(one.icon, 'attention');
  assert.equal(one.tooltip, 'Storelink: 1 store needs attention');
  const connections = [
    connection('a', { kind: 'needs-reauth', reason: 'r' }),
    connection('b', { kind: 'error', reason: 'down' }),
    connection('c', { kind: 'revoked', reason: 'gone' }),
    connection('d'),
    connection('e'),
  ];
  const three = trayState({ connections, sync: [idle('d', 1, 'failed'), idle('e', 1, 'ok')], syncPaused: false });
  assert.equal(three.attentionCount, 4, 'the failed last sync of d counts too');
  assert.equal(three.tooltip, 'Storelink: 4 stores need attention');
});

test('tray state: syncing shows while runs are in progress; attention wins the icon; paused is said', () => {
  const syncing = trayState({ connections: [connection('a'), connection('b')], sync: [running('a'), running('b')], syncPaused: false });
  assert.equal(syncing.icon, 'syncing');
  assert.equal(syncing.tooltip, 'Storelink: All 2 stores are fine, syncing 2 stores');
  const both = trayState({ connections: [connection('a', { kind: 'needs-reauth', reason: 'r' }), connection('b')], sync: [running('b')], syncPaused: true });
  assert.equal(both.icon, 'attention');
  assert.equal(both.tooltip, 'Storelink: 1 store needs attention, syncing 1 store, sync paused');
  assert.equal(both.menu.paused, true);
  const gone = trayState({ connections: [connection('a')], sync: [running('deleted')], syncPaused: false });
  assert.equal(gone.syncingCount, 0, 'a status left from a disconnected store does not count');
});

test('countOf follows Intl.PluralRules (en-US): one for 1 only', () => {
  assert.deepEqual(
    [0, 1, 2, 11].map((n) => countOf(n, { one: 'store', other: 'stores' })),
    ['0 stores', '1 store', '2 stores', '11 stores'],
  );
});

test('tray menu: Open, Sync all now (disabled with no store), Pause as a checkbox that toggles, Quit', () => {
  const calls: string[] = [];
  const actions = {
    open: () => calls.push('open'),
    syncAll: () => calls.push('syncAll'),
    setPaused: (p: boolean) => calls.push(`paused=${p}`),
    quit: () => calls.push('quit'),
  };
  const empty = trayMenuTemplate(trayState({ connections: [], sync: [], syncPaused: false }), actions);
  assert.equal(empty.find((i) => i.id === 'syncAll')!.enabled, false);
  const menu = trayMenuTemplate(trayState({ connections: [connection('a')], sync: [], syncPaused: true }), actions);
  assert.deepEqual(
    menu.filter((i) => i.label).map((i) => i.label),
    ['Your store is fine, sync paused', 'Open Storelink', 'Sync all now', 'Pause sync', 'Quit Storelink'],
  );
  const pause = menu.find((i) => i.id === 'pause')!;
  assert.equal(pause.type, 'checkbox');
  assert.equal(pause.checked, true);
  for (const id of ['open', 'syncAll', 'pause', 'quit']) (menu.find((i) => i.id === id)!.click as () => void)();
  assert.deepEqual(calls, ['open', 'syncAll', 'paused=false', 'quit']);
});

test('tray state: a store connected twice counts once (the copy neither adds a store nor its problems)', () => {
  const copy = (id: string, of: string, status?: Parameters<typeof connection>[1]) =>
    connection(id, status, { duplicateOf: { connectionId: of, name: `Shopify — Shop ${of}` } });
  const twice = trayState({
    connections: [connection('a'), copy('a2', 'a', { kind: 'revoked', reason: 'gone' }), connection('b')],
    sync: [],
    syncPaused: false,
  });
  assert.equal(twice.tooltip, 'Storelink: All 2 stores are fine');
  assert.equal(twice.attentionCount, 0, 'the dead copy of a working store is not a store needing attention');
  const syncing = trayState({ connections: [connection('a'), copy('a2', 'a')], sync: [running('a'), running('a2')], syncPaused: false });
  assert.equal(syncing.tooltip, 'Storelink: Your store is fine, syncing 1 store');
});
