/**
 * ConnectFlows end to end over real sockets: the browser side (fetch with redirect: 'manual',
 * following the 303 to /done) always receives its result page before the listener closes
 * (security.md #39); cancel / app close / a newer connect during the code exchange saves nothing
 * and revokes the tokens that arrive anyway (#41); start is exception-safe and an outcome travels
 * on one path (the `connectFlow` event, observed by waitForFlow).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Server, type AddressInfo } from 'node:net';
import type { ConnectFlowView } from '../../shared/view-models.ts';
import type { ClockPort } from '../../main/core/ports.ts';
import { systemClock } from '../../main/core/ports.ts';
import { genericOidcProfile } from '../../main/core/providers/generic-oidc.ts';
import { createShopifyAppProfile } from '../../main/core/providers/shopify.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { MAX_SETTLED_RESULTS } from '../../main/core/connections/connect-flow.ts';
import { eventually, findCanaries, makeCore, readAllFiles, visitCallback, type CoreFixture } from '../helpers/core-fixture.ts';
import { startOidcServer } from '../helpers/oidc-server.ts';
import { completeOidcLogin } from '../helpers/oidc-consent.ts';
import { startScriptedAs, type ScriptedAs } from '../helpers/scripted-as.ts';
import { startShopifySimulator } from '../simulators/shopify/server.ts';

const SCOPES = ['openid', 'offline_access'];
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setup(options: Parameters<typeof makeCore>[0] = {}) {
  const fx = await makeCore({ autoRefresh: false, ...options });
  fx.setConsent('ignore'); // the test plays the browser
  const events: ConnectFlowView[] = [];
  fx.core.on('connectFlow', (v) => void events.push(v));
  cleanups.push(() => fx.core.close());
  return { fx, events };
}

async function scripted(options: Parameters<typeof makeCore>[0] = {}) {
  const as = await startScriptedAs();
  cleanups.push(() => as.close());
  return { as, ...(await setup(options)) };
}

function startGeneric(fx: CoreFixture, issuer: string) {
  return fx.core.startConnect({ providerId: 'generic-oidc', fields: { issuer, clientId: 'storelink-desktop' }, scopes: SCOPES });
}

function keychainSize(fx: CoreFixture): number {
  return (fx.keychain as MemoryKeychain).entries.size;
}

/** Records every server that starts listening while `fn` runs (the loopback listener among them). */
async function serversBoundDuring(fn: () => Promise<void>): Promise<Server[]> {
  const original = Server.prototype.listen;
  const servers: Server[] = [];
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    servers.push(this);
    return (original as (...a: unknown[]) => Server).apply(this, args);
  } as typeof original;
  try {
    await fn();
  } finally {
    Server.prototype.listen = original;
  }
  return servers;
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The browser's visit: must not throw (a reset connection would), must end on the /done page. */
async function browserGetsPage(callbackUrl: string, page: RegExp): Promise<void> {
  const got = await visitCallback(callbackUrl);
  assert.equal(got.status, 303, `callback answered ${got.status}: ${got.page.slice(0, 200)}`);
  assert.equal(got.location, '/done');
  assert.match(got.page, page);
  assert.match(got.page, /You can close this tab/);
}

async function assertFailedAndClosed(fx: CoreFixture, flowId: string, code: string, callbackUrl: string): Promise<void> {
  const out = await fx.core.waitForFlow(flowId);
  assert.equal(out.kind, 'failed', JSON.stringify(out));
  assert.equal((out as { error: { code: string } }).error.code, code);
  assert.equal(fx.core.listConnections().length, 0, 'nothing saved');
  await assert.rejects(fetch(callbackUrl), 'security.md #2: the listener closed after the page was served');
}

// ---- security.md #39: every failure kind answers the browser with the page -------------------

test('security.md #39: consent denied at a real AS (oidc-provider): the browser receives the "Access not granted" page, no connection reset', async () => {
  const as = await startOidcServer();
  cleanups.push(() => as.close());
  const { fx } = await setup();
  const waiting = await startGeneric(fx, as.issuer);
  const callback = await completeOidcLogin(fx.openedUrls[0]!, { deny: true });
  await browserGetsPage(callback, /Access not granted/);
  await assertFailedAndClosed(fx, waiting.flowId, 'consent_denied', callback);
});

test('security.md #39: an issuer mismatch from a real AS (oidc-provider, RFC 9207): the browser receives the escaped error page', async () => {
  const as = await startOidcServer({ issOverride: 'http://127.0.0.1:1/<evil>' });
  cleanups.push(() => as.close());
  const { fx } = await setup();
  const waiting = await startGeneric(fx, as.issuer);
  const callback = await completeOidcLogin(fx.openedUrls[0]!);
  await browserGetsPage(callback, /issuer mismatch/);
  await assertFailedAndClosed(fx, waiting.flowId, 'issuer_mismatch', callback);
});

for (const [label, status, body, code] of [
  ['400 invalid_grant', 400, { error: 'invalid_grant', error_description: 'code <b>expired</b>' }, 'invalid_grant'],
  ['500', 500, {}, 'as_unavailable'],
] as const) {
  test(`security.md #39: a token endpoint answering ${label}: the browser receives the error page, no connection reset`, async () => {
    const { as, fx } = await scripted();
    as.tokenMode = { kind: 'error', status, body };
    const waiting = await startGeneric(fx, as.issuer);
    const callback = as.callbackFor(fx.openedUrls[0]!);
    await browserGetsPage(callback, /Sign-in failed/);
    const out = await fx.core.waitForFlow(waiting.flowId);
    assert.equal(out.kind, 'failed');
    const got = (out as { error: { code: string } }).error.code;
    if (status === 400) assert.equal(got, code);
    else assert.ok(got === code || got === 'as_unreachable' || got.startsWith('as_'), got);
    assert.equal(as.tokenRequests.length, 1);
    assert.equal(fx.core.listConnections().length, 0);
    await assert.rejects(fetch(callback));
  });
}

test('security.md #39: an unreachable token endpoint: the browser receives the error page, no connection reset', async () => {
  const { as, fx } = await scripted();
  as.tokenEndpointOverride = `http://127.0.0.1:${await closedPort()}/token`;
  const waiting = await startGeneric(fx, as.issuer);
  const callback = as.callbackFor(fx.openedUrls[0]!);
  await browserGetsPage(callback, /Could not reach the provider/);
  await assertFailedAndClosed(fx, waiting.flowId, 'as_unreachable', callback);
});

test('security.md #39: an error thrown while saving (keychain unavailable): the browser receives the error page, nothing is saved', async () => {
  const keychain = new MemoryKeychain();
  const { as, fx } = await scripted({ keychain });
  const waiting = await startGeneric(fx, as.issuer);
  keychain.unavailable = true;
  const callback = as.callbackFor(fx.openedUrls[0]!);
  await browserGetsPage(callback, /Sign-in failed/);
  const out = await fx.core.waitForFlow(waiting.flowId);
  assert.equal(out.kind, 'failed');
  keychain.unavailable = false;
  assert.equal(keychainSize(fx), 0);
  assert.equal(fx.core.listConnections().length, 0);
});

test('security.md #39: success: the browser receives the "Connected" page, then the listener closes', async () => {
  const { as, fx, events } = await scripted();
  const waiting = await startGeneric(fx, as.issuer);
  const callback = as.callbackFor(fx.openedUrls[0]!);
  await browserGetsPage(callback, /Connected to OAuth 2.0/);
  const out = await fx.core.waitForFlow(waiting.flowId);
  assert.equal(out.kind, 'done');
  // One path: exactly one event for the flow, the same value waitForFlow observes.
  assert.deepEqual(
    events.filter((e) => e.flowId === waiting.flowId),
    [out],
  );
  await assert.rejects(fetch(callback));
});

test('security.md #39 #5: a forged Shopify HMAC is answered with its page (400), the flow keeps waiting until cancelled, then the listener closes', async () => {
  const sim = await startShopifySimulator({ count: 1, badHmac: true });
  cleanups.push(() => sim.close());
  const { fx } = await setup({ profiles: [createShopifyAppProfile({ shopBase: sim.shopBaseTemplate })] });
  const SHOP = 'connect-shop.myshopify.com';
  const waiting = await fx.core.startConnect({
    providerId: 'shopify-app',
    fields: { shop: SHOP, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret },
  });
  const approve = await fetch(fx.openedUrls[0]!, { redirect: 'manual' });
  const callback = approve.headers.get('location')!;
  const got = await visitCallback(callback);
  assert.equal(got.status, 400);
  assert.match(got.page, /not signed by Shopify/);
  assert.equal(sim.stats().tokenRequests, 0);
  // a callback naming another shop is refused with its page too, and the flow still waits
  const otherShop = new URL(callback);
  otherShop.searchParams.set('shop', 'someone-else.myshopify.com');
  const other = await visitCallback(otherShop.href);
  assert.equal(other.status, 400);
  assert.match(other.page, /different shop/);
  fx.core.cancelConnect(waiting.flowId);
  assert.equal((await fx.core.waitForFlow(waiting.flowId)).kind, 'cancelled');
  await assert.rejects(fetch(callback));
});

// ---- security.md #41: cancelled during the code exchange --------------------------------------

async function exchangeInFlight(as: ScriptedAs, fx: CoreFixture) {
  as.tokenMode = { kind: 'gate' };
  const waiting = await startGeneric(fx, as.issuer);
  const arrived = as.tokenRequestArrived();
  const browser = visitCallback(as.callbackFor(fx.openedUrls.at(-1)!));
  await arrived; // the token endpoint holds the answer until release()
  return { waiting, browser };
}

async function assertNothingStoredAndRevoked(as: ScriptedAs, fx: CoreFixture): Promise<void> {
  // Wait for whichever happens to the late tokens: revoked (2 calls), or (the bug) saved.
  await eventually(() => as.revocations.length >= 2 || fx.core.listConnections().length > 0 || keychainSize(fx) > 0);
  assert.equal(fx.core.listConnections().length, 0, 'no record');
  assert.equal(keychainSize(fx), 0, 'no keychain entry');
  assert.equal(as.issued.length, 2, 'the AS did issue tokens');
  const [access, refresh] = as.issued;
  const revoked = as.revocations.map((r) => [r.get('token'), r.get('token_type_hint')]);
  assert.deepEqual(
    revoked,
    [
      [refresh, 'refresh_token'],
      [access, 'access_token'],
    ],
    'RFC 7009: refresh token first, then the access token',
  );
  assert.deepEqual(
    findCanaries(as.issued, [...readAllFiles(fx.dataDir), { path: 'log', text: fx.logLines.join('\n') }]),
    [],
    'tokens nowhere on disk or in logs',
  );
}

test('security.md #41: cancel while the code exchange is in flight: flow cancelled, nothing saved, late tokens revoked (RFC 7009)', async () => {
  const { as, fx, events } = await scripted();
  const { waiting, browser } = await exchangeInFlight(as, fx);
  fx.core.cancelConnect(waiting.flowId);
  assert.equal((await fx.core.waitForFlow(waiting.flowId)).kind, 'cancelled');
  const page = await browser;
  assert.equal(page.status, 303);
  assert.match(page.page, /Sign-in cancelled/);
  as.release(); // the token endpoint answers after all
  await fx.core.close(); // waits for the late-token revocation
  await assertNothingStoredAndRevoked(as, fx);
  assert.deepEqual(
    events.filter((e) => e.flowId === waiting.flowId).map((e) => e.kind),
    ['cancelled'],
    'the flow stays cancelled',
  );
});

test('security.md #41: app close (core.close) while the code exchange is in flight: nothing saved, late tokens revoked', async () => {
  const { as, fx, events } = await scripted();
  const { waiting, browser } = await exchangeInFlight(as, fx);
  const closing = fx.core.close();
  assert.equal((await fx.core.waitForFlow(waiting.flowId)).kind, 'cancelled');
  assert.match((await browser).page, /Sign-in cancelled/);
  as.release();
  await closing;
  await assertNothingStoredAndRevoked(as, fx);
  assert.deepEqual(
    events.filter((e) => e.flowId === waiting.flowId).map((e) => e.kind),
    ['cancelled'],
  );
});

test('security.md #41: a superseding connect while the code exchange is in flight: the old flow is cancelled, saves nothing, its tokens are revoked', async () => {
  const { as, fx, events } = await scripted();
  const { waiting, browser } = await exchangeInFlight(as, fx);
  const second = await startGeneric(fx, as.issuer);
  assert.notEqual(second.flowId, waiting.flowId);
  assert.equal((await fx.core.waitForFlow(waiting.flowId)).kind, 'cancelled');
  assert.match((await browser).page, /Sign-in cancelled/);
  as.release();
  fx.core.cancelConnect(second.flowId);
  await fx.core.close();
  await assertNothingStoredAndRevoked(as, fx);
  assert.deepEqual(
    events.filter((e) => e.flowId === waiting.flowId).map((e) => e.kind),
    ['cancelled'],
  );
});

// ---- ConnectFlows.start is exception-safe; one outcome path; results pruned -------------------

const FLOW_TIMEOUT_MS = 123_457;

/** A real clock that counts the flow-timeout timers still armed. */
function countingClock(): { clock: ClockPort; armed: () => number } {
  let armed = 0;
  const clock: ClockPort = {
    now: systemClock.now,
    setTimeout(fn, ms) {
      if (ms !== FLOW_TIMEOUT_MS) return systemClock.setTimeout(fn, ms);
      armed += 1;
      let live = true;
      const off = () => {
        if (live) armed -= 1;
        live = false;
      };
      const t = systemClock.setTimeout(() => {
        off();
        fn();
      }, ms);
      return { cancel: () => (off(), t.cancel()) };
    },
  };
  return { clock, armed: () => armed };
}

test('ConnectFlows.start: an opener that fails rejects with browser_open_failed only (no event), the listener is closed and the timer cancelled', async () => {
  const { clock, armed } = countingClock();
  const opened: string[] = [];
  const { as, fx, events } = await scripted({
    clock,
    flowTimeoutMs: FLOW_TIMEOUT_MS,
    opener: {
      async open(url) {
        opened.push(url);
        throw new Error('no browser installed');
      },
    },
  });
  await assert.rejects(startGeneric(fx, as.issuer), (e: { code?: string }) => e.code === 'browser_open_failed');
  assert.equal(opened.length, 1);
  assert.deepEqual(events, [], 'one path: a flow that never started emits nothing');
  assert.equal(armed(), 0, 'flow timer cancelled');
  await assert.rejects(fetch(new URL(opened[0]!).searchParams.get('redirect_uri')!), 'listener closed before start rejected');
});

test('ConnectFlows.start: a throw after the listener bound (authorization URL cannot be built) closes the listener and cancels the timer', async () => {
  const { clock, armed } = countingClock();
  // A profile whose client id lives in a field the form does not have: clientIdOf throws after bind.
  const broken = { ...genericOidcProfile, client: { idField: 'notAField' } };
  const { as, fx, events } = await scripted({ clock, flowTimeoutMs: FLOW_TIMEOUT_MS, profiles: [broken] });
  await startGeneric(fx, as.issuer).catch(() => undefined); // warm the metadata cache and the HTTP agent
  const servers = await serversBoundDuring(() => assert.rejects(startGeneric(fx, as.issuer), (e: { code?: string }) => e.code === 'invalid_input'));
  assert.equal(servers.length, 1, 'the loopback listener was bound before the throw');
  assert.equal(servers[0]!.listening, false, 'and closed before start rejected');
  assert.equal(armed(), 0, 'flow timer cancelled');
  assert.deepEqual(events, []);
  assert.equal(fx.openedUrls.length, 0);
});

test('ConnectFlows.start: an endpoint resolution failure throws before any flow exists (no event, no listener bound)', async () => {
  const { fx, events } = await setup();
  const port = await closedPort();
  const servers = await serversBoundDuring(() =>
    assert.rejects(startGeneric(fx, `http://127.0.0.1:${port}`), (e: { code?: string }) => e.code === 'as_unreachable'),
  );
  assert.deepEqual(servers, [], 'no listener was bound');
  assert.deepEqual(events, []);
});

test(`ConnectFlows results are pruned: only the last ${MAX_SETTLED_RESULTS} settled outcomes are kept for waitForFlow`, async () => {
  const { as, fx, events } = await scripted();
  const ids: string[] = [];
  for (let i = 0; i < MAX_SETTLED_RESULTS + 4; i++) ids.push((await startGeneric(fx, as.issuer)).flowId); // each supersedes the one before
  fx.core.cancelConnect(ids.at(-1)!);
  assert.equal((await fx.core.waitForFlow(ids.at(-1)!)).kind, 'cancelled');
  await fx.core.close(); // every superseded flow has settled
  await assert.rejects(fx.core.waitForFlow(ids[0]!), (e: { code?: string }) => e.code === 'invalid_input');
  assert.equal(events.length, ids.length, 'every started flow settled once');
  assert.ok(events.every((e) => e.kind === 'cancelled'));
});
