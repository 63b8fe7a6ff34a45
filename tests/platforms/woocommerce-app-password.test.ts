/**
 * WooCommerce's second key kind, WordPress application passwords (HTTP Basic `username:password`
 * over https; developer.wordpress.org/rest-api/using-the-rest-api/authentication/). First the
 * simulator's refusals, each as WordPress documents it (tests/simulators/woocommerce/app-passwords.ts),
 * then the full app: connect by this kind, a sync equal to the store, the keychain holding the
 * password and nothing else holding it, and a plain-words refusal per case.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '../../shared/error-codes.ts';
import { WOOCOMMERCE_APP_PASSWORD_REVOCATION_REASON, woocommerceAppPasswordProfile } from '../../main/core/providers/woocommerce.ts';
import { startWooSimulator, type WooSimulator } from '../simulators/woocommerce/server.ts';
import { assertStoreMatches, makeApp, secretLeaks, totalStored, type ExpectedOrder } from './app-fixture.ts';

const ADMIN = { login: 'shop owner', email: 'owner@shop.example', password: 'abcdEFGH1234ijklMNOP5678', canReadOrders: true };
const CUSTOMER = { login: 'customer1', password: 'zyxwVUTS9876rqpoNMLK5432', canReadOrders: false };
/** How WordPress shows a new application password: groups of four. */
const spaced = (p: string): string => p.replace(/(.{4})(?=.)/g, '$1 ');

async function call(sim: WooSimulator, user: string, pass: string): Promise<{ status: number; code: string | undefined }> {
  const res = await fetch(`${sim.baseUrl}/wp-json/wc/v3/orders?per_page=1`, {
    headers: { authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` },
  });
  const body = (await res.json()) as { code?: string };
  return { status: res.status, code: Array.isArray(body) ? undefined : body.code };
}

test('simulator: application passwords accepted and refused as WordPress and WooCommerce document', async (t) => {
  const sim = await startWooSimulator({ count: 5, appPasswordUsers: [ADMIN, CUSTOMER] });
  t.after(() => sim.close());
  assert.deepEqual(await call(sim, ADMIN.login, ADMIN.password), { status: 200, code: undefined });
  assert.deepEqual(await call(sim, ADMIN.login, spaced(ADMIN.password)), { status: 200, code: undefined }, 'display spaces are stripped');
  assert.deepEqual(await call(sim, ADMIN.email, ADMIN.password), { status: 200, code: undefined }, 'the email address works as username');
  // Refusal: wrong password.
  assert.deepEqual(await call(sim, ADMIN.login, 'abcdEFGH1234ijklMNOP0000'), { status: 401, code: 'incorrect_password' });
  // Refusal: the sign-in password is not an application password.
  assert.deepEqual(await call(sim, ADMIN.login, 'my-login-password'), { status: 401, code: 'incorrect_password' });
  // Refusal: unknown user / unknown email.
  assert.deepEqual(await call(sim, 'nobody', ADMIN.password), { status: 401, code: 'invalid_username' });
  assert.deepEqual(await call(sim, 'nobody@shop.example', ADMIN.password), { status: 401, code: 'invalid_email' });
  // Refusal: a user without the capability to read orders.
  assert.deepEqual(await call(sim, CUSTOMER.login, CUSTOMER.password), { status: 403, code: 'woocommerce_rest_cannot_view' });
  // Consumer keys keep working beside them.
  assert.equal((await call(sim, sim.consumerKey, sim.consumerSecret)).status, 200);
});

test('simulator: a plain-http WordPress site does not offer application passwords (the right password still gets 401)', async (t) => {
  const sim = await startWooSimulator({ count: 5, appPasswordUsers: [ADMIN], siteIsHttps: false });
  t.after(() => sim.close());
  assert.deepEqual(await call(sim, ADMIN.login, ADMIN.password), { status: 401, code: 'woocommerce_rest_cannot_view' });
});

test('app: connect WooCommerce with an application password -> sync equals the store -> the password in no file or log line -> local-only disconnect', async (t) => {
  const sim = await startWooSimulator({ count: 230, currencies: ['USD', 'KWD'], appPasswordUsers: [ADMIN, CUSTOMER] });
  t.after(() => sim.close());
  const fx = await makeApp();
  t.after(() => fx.app.close());
  assert.ok(
    fx.app.listProviders().some((p) => p.id === 'woocommerce-app-password' && p.kind === 'api-key'),
    'offered beside the REST keys',
  );
  const view = await fx.app.connectWithKey({
    providerId: 'woocommerce-app-password',
    fields: { storeUrl: sim.baseUrl, username: ADMIN.login, applicationPassword: spaced(ADMIN.password) },
  });
  assert.equal(view.kind, 'api-key');
  assert.equal(view.accountLabel, sim.baseUrl);
  assert.ok(!JSON.stringify(view).includes(ADMIN.password.slice(0, 8)), 'no part of the password in the view');

  const [first] = await fx.app.syncService.syncNow(view.id);
  assert.equal(first?.result, 'ok', JSON.stringify(first));
  const expected: ExpectedOrder[] = sim.orderSnapshot().map((o) => ({ platformId: o.platformId, totalMinor: o.totalMinor, currency: o.currency }));
  assertStoreMatches(fx.app, view.id, expected);

  const result = await fx.app.disconnect(view.id);
  assert.equal(result.outcome, 'local-only');
  assert.equal(result.reason, WOOCOMMERCE_APP_PASSWORD_REVOCATION_REASON);
  assert.equal(totalStored(fx.app), 0);
  await fx.app.close();
  assert.deepEqual(secretLeaks(fx, [spaced(ADMIN.password), ADMIN.password]), [], 'the application password is in no file and no log line');
});

test('app: each refusal is reported in plain words and nothing is saved', async (t) => {
  const sim = await startWooSimulator({ count: 3, appPasswordUsers: [ADMIN, CUSTOMER] });
  t.after(() => sim.close());
  const fx = await makeApp();
  t.after(() => fx.app.close());
  const connect = (fields: Record<string, string>) => fx.app.connectWithKey({ providerId: 'woocommerce-app-password', fields });
  const refusals = woocommerceAppPasswordProfile.verify!.refusals!;

  await assert.rejects(
    connect({ storeUrl: sim.baseUrl, username: ADMIN.login, applicationPassword: 'abcdEFGH1234ijklMNOP0000' }),
    (err: { code: string; message: string }) => {
      assert.equal(err.code, ErrorCode.Unauthorized);
      assert.equal(err.message, refusals.unauthorized);
      return true;
    },
  );
  await assert.rejects(
    connect({ storeUrl: sim.baseUrl, username: CUSTOMER.login, applicationPassword: CUSTOMER.password }),
    (err: { code: string; message: string }) => {
      assert.equal(err.code, ErrorCode.Unauthorized);
      assert.equal(err.message, refusals.forbidden);
      return true;
    },
  );
  const before = sim.stats().requests;
  // A plain-http store: refused in Storelink before the password is ever sent.
  await assert.rejects(connect({ storeUrl: 'http://shop.example', username: ADMIN.login, applicationPassword: ADMIN.password }), (err: { code: string }) => {
    assert.equal(err.code, ErrorCode.InvalidInput);
    return true;
  });
  // A schemeless address is taken as https, never http.
  await assert.rejects(connect({ storeUrl: 'shop.invalid', username: ADMIN.login, applicationPassword: ADMIN.password }));
  assert.equal(sim.stats().requests, before);
  assert.equal(fx.openedUrls.length, 0);
  assert.deepEqual(fx.app.listConnections(), [], 'nothing saved');
});
