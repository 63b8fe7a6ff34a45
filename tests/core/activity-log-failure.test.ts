/**
 * security.md #47: with an activity log that cannot be written, connect, refresh and disconnect against
 * the demo store all succeed, and the admin sees exactly one notice.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approveConsent } from '../../main/demo-store/consent-driver.ts';
import { eventually, makeCore } from '../helpers/core-fixture.ts';
import { FakeClock } from '../helpers/fake-clock.ts';

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

test('security.md #47: a failing activity-log append never breaks connect, refresh or disconnect, and is reported once as a notice', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'storelink-activity-broken-'));
  mkdirSync(join(dataDir, 'activity.jsonl')); // a folder where the file should be: every append fails, even as root
  const clock = new FakeClock();
  const fx = await makeCore({ dataDir, clock, consent: (u) => approveConsent(u), demoStore: { accessTokenLifetimeSec: 120, now: () => clock.now() } });
  closers.push(() => fx.core.close());
  assert.deepEqual(fx.core.listNotices(), []);

  const w = await fx.core.startConnect({ providerId: 'demo', fields: {} });
  const done = await fx.core.waitForFlow(w.flowId);
  assert.equal(done.kind, 'done', JSON.stringify(done));
  const id = (done as { connectionId: string }).connectionId;
  assert.equal(fx.core.getConnection(id).status.kind, 'connected');

  const refreshed = await fx.core.refreshConnection(id);
  assert.equal(refreshed.status.kind, 'connected');
  assert.ok(refreshed.lastRefreshAt);
  await clock.advance(120_000); // a scheduled refresh, too: wait until it has ended (its HTTP and writes are real)
  const after = await eventually(() => {
    const v = fx.core.getConnection(id);
    return v.lastRefreshAt! > refreshed.lastRefreshAt! && v.status.kind !== 'refreshing' ? v : undefined;
  });
  assert.equal(after.status.kind, 'connected');

  const result = await fx.core.disconnect(id);
  assert.equal(result.outcome, 'revoked-at-provider');
  assert.deepEqual(fx.core.listConnections(), []);

  const notices = fx.core.listNotices().filter((n) => n.kind === 'activity-log-failed');
  assert.equal(notices.length, 1, JSON.stringify(fx.core.listNotices()));
  assert.equal(fx.core.listNotices().length, 1);
  assert.match(notices[0]!.message, /activity log/);
  assert.equal(fx.logLines.filter((l) => l.includes('activity log append failed')).length, 1, 'logged once');
});
