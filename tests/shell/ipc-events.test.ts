import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forwardEvents } from '../../main/ipc/events.ts';
import { EVENT_CHANNELS, channelOf } from '../../shared/ipc-contract.ts';
import { CANARY, activityView, connectionView, createFakeCore, createFakeSync, syncStatusView, waitingFlow } from './fake-core.ts';

test('security.md #30: core and sync events reach the renderer as view models without secret fields', () => {
  const core = createFakeCore();
  const sync = createFakeSync();
  const sent: Array<[string, unknown]> = [];
  const focus = new Set<(p: { connectionId: string }) => void>();
  const focusConnection = (l: (p: { connectionId: string }) => void) => (focus.add(l), () => void focus.delete(l));
  const off = forwardEvents(core, (channel, payload) => sent.push([channel, payload]), { sync, focusConnection });
  core.emit('connectionsChanged', [connectionView()]);
  core.emit('connectFlow', waitingFlow());
  core.emit('activityAppended', activityView());
  sync.progress(syncStatusView());
  for (const l of focus) l({ connectionId: 'conn_1', token: CANARY } as never); // an extra field never reaches the window
  assert.deepEqual(
    sent.map(([c]) => c),
    EVENT_CHANNELS.map((e) => channelOf(e)),
  );
  assert.ok(!JSON.stringify(sent).includes(CANARY), JSON.stringify(sent));
  assert.equal((sent[0]?.[1] as Array<{ id: string }>)[0]?.id, 'conn_1');

  off();
  core.emit('activityAppended', activityView());
  sync.progress(syncStatusView());
  assert.equal(focus.size, 0);
  assert.equal(sent.length, 5, 'unsubscribed');
});

test('an off-contract event payload is dropped, not forwarded', () => {
  const core = createFakeCore();
  const sent: unknown[] = [];
  const errors: string[] = [];
  forwardEvents(core, (_c, p) => sent.push(p), { logger: { info() {}, warn() {}, error: (m) => errors.push(m) } });
  core.emit('connectFlow', { kind: 'waiting', flowId: 'f', token: CANARY } as never);
  assert.equal(sent.length, 0);
  assert.equal(errors.length, 1);
  assert.ok(!errors.join().includes(CANARY));
});
