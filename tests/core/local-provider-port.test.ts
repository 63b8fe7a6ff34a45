/**
 * The Demo store reaches the core only as a LocalProviderPort (issue 7, "the core's borders"): the
 * core lists its profile, starts it when its connect begins (one startConnect, no startDemoStore),
 * fills the runtime issuer, and closes it; a core given no port knows no demo.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approveConsent } from '../../main/demo-store/consent-driver.ts';
import { demoStoreProvider } from '../../main/demo-store/local-provider.ts';
import { createStorelinkCore } from '../../main/core/index.ts';
import type { LocalProviderPort } from '../../main/core/providers/local-provider.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { makeCore } from '../helpers/core-fixture.ts';

test('the demo store starts only when its connect begins, once, and one startConnect connects it', async () => {
  const inner = demoStoreProvider({ orderCount: 5 });
  let runtimeCalls = 0;
  let closes = 0;
  const counted: LocalProviderPort = {
    profile: inner.profile,
    runtimeFields: () => (runtimeCalls++, inner.runtimeFields()),
    close: () => (closes++, inner.close()),
  };
  const fx = await makeCore({ consent: (u) => approveConsent(u), localProviders: [counted] });
  try {
    assert.equal(fx.core.listProviders()[0]?.id, 'demo', 'the local provider is the first choice');
    assert.equal(fx.core.listProviders()[0]?.scopesEditable, false, 'the demo client registers a fixed scope list');
    assert.equal(runtimeCalls, 0, 'nothing starts before a connect');
    const waiting = await fx.core.startConnect({ providerId: 'demo', fields: {} });
    const done = await fx.core.waitForFlow(waiting.flowId);
    assert.equal(done.kind, 'done', JSON.stringify(done));
    assert.equal(runtimeCalls, 1);
    const issuer = (await inner.start()).issuer;
    assert.ok(fx.openedUrls.at(-1)!.startsWith(`${issuer}/`), 'the authorization request goes to the store the port started');
    const again = await fx.core.reconnect((done as { connectionId: string }).connectionId);
    assert.equal((await fx.core.waitForFlow(again.flowId)).kind, 'done');
    assert.equal(runtimeCalls, 2, 'reconnect asks the port for the issuer again');
  } finally {
    await fx.core.close();
  }
  assert.equal(closes, 1, 'closing the core closes its local providers');
  await assert.rejects(inner.start(), /closed/);
});

test('a core given no local provider has no demo profile (the demo lives outside the core)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'storelink-noport-'));
  const core = await createStorelinkCore({
    dataDir,
    keychain: new MemoryKeychain(),
    settings: openConfSettings(dataDir).settings,
    opener: { open: async () => {} },
    autoRefresh: false,
  });
  try {
    assert.ok(!core.listProviders().some((p) => p.id === 'demo'));
    await assert.rejects(core.startConnect({ providerId: 'demo', fields: {} }));
    assert.equal('startDemoStore' in core, false);
  } finally {
    await core.close();
  }
});
