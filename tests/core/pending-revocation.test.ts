/**
 * security.md #16 / RFC 7009 §2.2.1: when the revocation endpoint answers 503, disconnect removes the
 * connection locally, says so honestly, and keeps retrying the revocation in the background with the
 * tokens kept only in the keychain, until the provider confirms it.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { approveConsent } from '../../main/demo-store/consent-driver.ts';
import type { HttpPort } from '../../main/core/ports.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { canaryRecordingHttp, findCanaries, makeCore, readAllFiles } from '../helpers/core-fixture.ts';
import { FakeClock } from '../helpers/fake-clock.ts';

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

test('security.md #16: a 503 from the revocation endpoint -> "removed from this computer only", retried in the background until revoked', async () => {
  const clock = new FakeClock();
  const rec = canaryRecordingHttp();
  const outage = { revoke: true, revokeCalls: 0 };
  const http: HttpPort = {
    async request(req) {
      if (new URL(req.url).pathname === '/oauth/revoke') {
        outage.revokeCalls++;
        if (outage.revoke) return { status: 503, headers: { 'retry-after': '60' }, body: '' };
      }
      return rec.http.request(req);
    },
  };
  const keychain = new MemoryKeychain();
  const fx = await makeCore({ clock, http, keychain, consent: (u) => approveConsent(u), demoStore: { now: () => clock.now() } });
  closers.push(() => fx.core.close());
  const w = await fx.core.startConnect({ providerId: 'demo', fields: {} });
  const done = await fx.core.waitForFlow(w.flowId);
  const id = (done as { connectionId: string }).connectionId;
  const { issuer } = await fx.demo.start();

  const pending = fx.core.disconnect(id);
  // Drive the fake clock through the in-call retries (0.5 s, 1.5 s) while the real HTTP calls run.
  let settled = false;
  void pending.finally(() => (settled = true));
  while (!settled) {
    await clock.advance(250);
    await new Promise((r) => setTimeout(r, 10));
  }
  const result = await pending;
  assert.equal(result.outcome, 'local-only');
  assert.match(result.reason!, /503/);
  assert.match(result.reason!, /keep trying/);
  assert.equal(outage.revokeCalls, 3, 'one call and two in-call retries');
  assert.deepEqual(fx.core.listConnections(), []);
  assert.ok(await keychain.getPassword('Storelink', `revoke.${id}`), 'tokens for the retry stay in the keychain');
  assert.deepEqual(findCanaries(rec.canaries, readAllFiles(fx.dataDir)), [], 'and nowhere else (security.md #19)');

  outage.revoke = false;
  await clock.advance(15 * 60_000);
  for (let i = 0; i < 200 && (await keychain.getPassword('Storelink', `revoke.${id}`)) !== null; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(await keychain.getPassword('Storelink', `revoke.${id}`), null, 'queue entry removed after success');
  const rt = rec.canaries.find((c) => c.startsWith('demo_rt_'))!;
  const introspection = await fetch(`${issuer}/oauth/introspect`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: rt }),
  });
  assert.equal(((await introspection.json()) as { active: boolean }).active, false, 'revoked at the provider');
  const latest = fx.core.listActivity(5)[0]!;
  assert.equal(latest.kind, 'revoked');
  assert.match(latest.reason ?? '', /later attempt/);
});
