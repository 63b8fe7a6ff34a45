/**
 * security.md #42: the set of values masked in logs stays bounded over refreshes and disconnects, and
 * the current tokens stay masked. Real core, a real loopback AS (rotating refresh tokens).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { isRegisteredSecret, redactText, registeredSecretCount } from '../../main/core/log/redact.ts';
import { findCanaries, makeCore, readAllFiles } from '../helpers/core-fixture.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { autoConsent, startShortLivedAs } from '../helpers/short-lived-as.ts';

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

test('security.md #42: after N refreshes the masked set has the same size, old tokens are forgotten, a disconnect forgets the rest; current tokens never reach the logs', async () => {
  const clock = new FakeClock();
  const as = await startShortLivedAs({ now: () => clock.now(), expiresIn: 3600 });
  const fx = await makeCore({ clock, consent: autoConsent });
  closers.push(
    () => fx.core.close(),
    () => as.close(),
  );
  const baseline = registeredSecretCount();
  const w = await fx.core.startConnect({
    providerId: 'generic-oidc',
    fields: { issuer: as.issuer, clientId: 'storelink-desktop' },
    scopes: ['openid', 'offline_access'],
  });
  const done = await fx.core.waitForFlow(w.flowId);
  assert.equal(done.kind, 'done', JSON.stringify(done));
  const id = (done as { connectionId: string }).connectionId;
  const connected = registeredSecretCount();
  assert.ok(connected > baseline);
  for (let i = 0; i < 25; i++) {
    const [oldAt, oldRt] = as.issued.slice(-2) as [string, string];
    await fx.core.refreshConnection(id);
    const [at, rt] = as.issued.slice(-2) as [string, string];
    assert.notEqual(at, oldAt);
    assert.equal(registeredSecretCount(), connected, `after refresh ${i + 1}`);
    assert.equal(isRegisteredSecret(oldAt), false, 'the replaced access token is no longer masked by value');
    assert.equal(isRegisteredSecret(oldRt), false, 'the spent refresh token is no longer masked by value');
    assert.equal(redactText(`leak ${at} ${rt}`), 'leak [redacted] [redacted]', 'the current tokens are masked');
    fx.core.listConnections(); // logs nothing secret
  }
  const [lastAt, lastRt] = as.issued.slice(-2) as [string, string];
  await fx.core.disconnect(id);
  assert.equal(isRegisteredSecret(lastAt), false);
  assert.equal(isRegisteredSecret(lastRt), false);
  assert.equal(registeredSecretCount(), baseline, 'a removed connection leaves nothing behind');
  const hits = findCanaries(as.issued, [...readAllFiles(fx.dataDir), { path: 'log', text: fx.logLines.join('\n') }]);
  assert.deepEqual(hits, [], 'no token in the data folder or the captured logs');
});
