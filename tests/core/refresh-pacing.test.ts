/**
 * security.md #40: refresh pacing, against a real loopback authorization server that issues tokens
 * living 0, 1, 5 or 10 s (or an `expires_at` already past), with the app on a fake clock. Over one
 * fake-clock minute of scheduled refreshes and steady API calls, refreshes stay >= 5 s apart and the
 * keychain writes and activity entries stay bounded.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { genericOidcProfile } from '../../main/core/providers/generic-oidc.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { makeCore, type CoreFixture } from '../helpers/core-fixture.ts';
import { FakeClock, settle } from '../helpers/fake-clock.ts';
import { autoConsent, startShortLivedAs, type ShortLivedAsOptions } from '../helpers/short-lived-as.ts';

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

class CountingKeychain extends MemoryKeychain {
  writes = 0;
  override async setPassword(service: string, account: string, password: string): Promise<void> {
    this.writes++;
    return super.setPassword(service, account, password);
  }
}

const realTick = () => settle(2);

async function setup(as: Omit<ShortLivedAsOptions, 'now'>, opts: { autoRefresh?: boolean } = {}) {
  const clock = new FakeClock();
  const server = await startShortLivedAs({ ...as, now: () => clock.now() });
  const keychain = new CountingKeychain();
  const profile =
    as.expiresAtOffsetMs !== undefined
      ? { ...genericOidcProfile, tokenResponse: { expiry: 'expires_at' as const, requireTokenType: true } }
      : genericOidcProfile;
  const fx = await makeCore({ clock, keychain, consent: autoConsent, profiles: [profile], ...(opts.autoRefresh === false ? { autoRefresh: false } : {}) });
  closers.push(
    () => fx.core.close(),
    () => server.close(),
  );
  const w = await fx.core.startConnect({
    providerId: 'generic-oidc',
    fields: { issuer: server.issuer, clientId: 'storelink-desktop' },
    scopes: ['openid', 'offline_access'],
  });
  const done = await fx.core.waitForFlow(w.flowId);
  assert.equal(done.kind, 'done', JSON.stringify(done));
  return { fx, clock, server, keychain, id: (done as { connectionId: string }).connectionId };
}

function activityLines(fx: CoreFixture): number {
  return fx.core.listActivity(1000).length;
}

const cases: Array<[string, Omit<ShortLivedAsOptions, 'now'>]> = [
  ['expires_in 0', { expiresIn: 0 }],
  ['expires_in 1', { expiresIn: 1 }],
  ['expires_in 5', { expiresIn: 5 }],
  ['expires_in 10', { expiresIn: 10 }],
  ['expires_at already past', { expiresAtOffsetMs: -60_000 }],
];

for (const [name, as] of cases) {
  test(`security.md #40: ${name}: over a fake minute refreshes are >= 5 s apart, keychain writes and activity entries bounded`, async () => {
    const { fx, clock, server, keychain, id } = await setup(as);
    const writesAfterConnect = keychain.writes;
    const linesAfterConnect = activityLines(fx);
    const calls: Array<Promise<unknown>> = [];
    // One minute in 250 ms steps, with an API call every second (a sync would make many more).
    for (let step = 0; step < 240; step++) {
      if (step % 4 === 0) calls.push(fx.core.authorizedRequest(id, { method: 'GET', url: 'api/ping' }).catch((e: unknown) => e));
      await clock.advance(250);
      await realTick();
    }
    await clock.advance(10_000); // lets paced 401 retries finish
    await Promise.all(calls);
    const times = server.refreshTimes;
    // Stamped on arrival at the AS: the fake clock may have moved one 250 ms step past the refresher's start.
    for (let i = 1; i < times.length; i++)
      assert.ok(times[i]! - times[i - 1]! >= 5_000 - 250, `refreshes ${i - 1} and ${i} only ${times[i]! - times[i - 1]!} ms apart`);
    // 70 s at one refresh per >= 5 s: at most 15; the dead-token back-off keeps it well below.
    assert.ok(times.length <= 15, `${times.length} refreshes`);
    assert.ok(keychain.writes - writesAfterConnect <= times.length, `${keychain.writes - writesAfterConnect} keychain writes for ${times.length} refreshes`);
    assert.ok(activityLines(fx) - linesAfterConnect <= times.length + 1, `${activityLines(fx) - linesAfterConnect} activity entries`);
  });
}

test('security.md #40: a provider that keeps issuing dead tokens is refreshed less and less often (back-off to 5 min)', async () => {
  const { clock, server } = await setup({ expiresIn: 0 });
  for (let step = 0; step < 120; step++) {
    await clock.advance(5_000);
    await realTick();
  }
  const times = server.refreshTimes;
  // 10 minutes: 0, 5, 15, 35, 75, 155, 315, 615 s at most.
  assert.ok(times.length <= 8, `${times.length} refreshes in 10 min`);
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  for (let i = 1; i < gaps.length; i++) assert.ok(gaps[i]! >= gaps[i - 1]!, `gaps grow: ${gaps.join(', ')}`);
});

test('security.md #40: authorizedRequest does not refresh on every call when less than 30 s remain', async () => {
  // A 25 s token: the scheduler renews it at 15 s (10 s margin); calls before that use it as it is.
  const { fx, clock, server, id } = await setup({ expiresIn: 25 });
  for (let i = 0; i < 14; i++) {
    const res = await fx.core.authorizedRequest(id, { method: 'GET', url: 'api/ping' });
    assert.equal(res.status, 200);
    await clock.advance(1_000);
  }
  assert.equal(server.refreshTimes.length, 0, 'the token was valid for every call, so no call refreshed it');
  for (let i = 0; i < 10; i++) {
    assert.equal((await fx.core.authorizedRequest(id, { method: 'GET', url: 'api/ping' })).status, 200);
    await clock.advance(1_000);
    await realTick();
  }
  assert.equal(server.refreshTimes.length, 1, 'only the scheduled refresh');
});
