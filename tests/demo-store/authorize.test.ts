import { test } from 'node:test';
import assert from 'node:assert/strict';
import { approveConsent } from '../../main/demo-store/consent-driver.ts';
import { ALL_SCOPES, REDIRECT_URI, authorize, authorizeUrl, exchange, pkcePair, postForm, withStore } from './helpers.ts';

test('the consent page is self-contained and accessible: lang, h1, labelled checkboxes, CSP, no-store', async (t) => {
  const store = await withStore(t, { storeName: 'Bean <There> & Co' });
  const { challenge } = pkcePair();
  const res = await fetch(authorizeUrl(store, { code_challenge: challenge, scope: `${ALL_SCOPES} refunds:read` }), { redirect: 'manual' });
  assert.equal(res.status, 200);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /form-action 'self' http:\/\/127\.0\.0\.1:53682/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const html = await res.text();
  assert.match(html, /<html lang="en">/);
  assert.match(html, /<h1>[^<]*Storelink[^<]*Bean &lt;There&gt; &amp; Co<\/h1>/);
  assert.doesNotMatch(html, /<There>/, 'store name is escaped');
  assert.doesNotMatch(html, /\b(src|href)=/i, 'no external resources');
  for (const [i, description] of [
    'See your store&#39;s name and currency',
    'Read your orders: numbers, dates, status and totals, no customer addresses',
    'Stay connected: lets Storelink refresh access without asking again',
    'See refunds',
  ].entries()) {
    assert.match(html, new RegExp(`<input type="checkbox" id="scope-${i}" name="scope" value="[^"]+" checked>`));
    assert.match(html, new RegExp(`<label for="scope-${i}">${description}`));
  }
  assert.match(html, /<form method="post" action="\/oauth\/decision">/);
  assert.match(html, /<button[^>]*value="allow">Authorize<\/button>/);
  assert.match(html, /<button[^>]*value="deny">Deny<\/button>/);
  // Only the one-time request id travels in the form, not the authorization parameters.
  assert.doesNotMatch(html, new RegExp(challenge));
  assert.doesNotMatch(html, /redirect_uri|127\.0\.0\.1:53682/);
});

test('Authorize -> 303 to the loopback redirect with code, the same state and iss (RFC 9207)', async (t) => {
  const store = await withStore(t);
  const a = await authorize(store);
  assert.equal(`${a.location.origin}${a.location.pathname}`, REDIRECT_URI);
  assert.equal(a.location.searchParams.get('iss'), store.issuer);
  assert.match(a.code, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(store.stats().authorizeRequests, 1);
});

test('Deny -> 303 with error=access_denied, a description, state and iss', async (t) => {
  const store = await withStore(t);
  const { challenge } = pkcePair();
  const location = new URL(await approveConsent(authorizeUrl(store, { code_challenge: challenge, state: 'st-123' }), { deny: true }));
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT_URI);
  assert.equal(location.searchParams.get('error'), 'access_denied');
  assert.ok(location.searchParams.get('error_description'));
  assert.equal(location.searchParams.get('state'), 'st-123');
  assert.equal(location.searchParams.get('iss'), store.issuer);
  assert.equal(location.searchParams.get('code'), null);
});

test('unticking a scope grants a narrower scope; unticking all is access_denied', async (t) => {
  const store = await withStore(t);
  const a = await authorize(store, { uncheck: ['offline_access'] });
  const res = await exchange(store, a);
  const body = (await res.json()) as Record<string, unknown>;
  assert.equal(body.scope, 'store:read orders:read');
  assert.equal(body.refresh_token, undefined, 'no refresh token without offline_access');
  const { challenge } = pkcePair();
  const none = new URL(await approveConsent(authorizeUrl(store, { code_challenge: challenge }), { uncheck: ALL_SCOPES.split(' ') }));
  assert.equal(none.searchParams.get('error'), 'access_denied');
});

test('RFC 8252 §7.3 / RFC 6749 §4.1.2.1: a redirect_uri that is not http://127.0.0.1:{port}/callback gets an error page, never a redirect', async (t) => {
  const store = await withStore(t);
  const { challenge } = pkcePair();
  for (const redirect of [
    'http://localhost:53682/callback',
    'https://127.0.0.1:53682/callback',
    'http://127.0.0.1/callback',
    'http://127.0.0.1:53682/other',
    'http://127.0.0.1:53682/callback?x=1',
    'http://127.0.0.1:70000/callback',
    'http://127.0.0.1:53682@evil.example/callback',
    'https://evil.example/callback',
    '',
  ]) {
    const res = await fetch(authorizeUrl(store, { code_challenge: challenge, redirect_uri: redirect }), { redirect: 'manual' });
    assert.equal(res.status, 400, redirect);
    assert.equal(res.headers.get('location'), null, redirect);
    assert.match(await res.text(), /redirect_uri/);
  }
  const twice = new URL(authorizeUrl(store, { code_challenge: challenge }));
  twice.searchParams.append('redirect_uri', 'http://127.0.0.1:1/callback');
  const res = await fetch(twice, { redirect: 'manual' });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('location'), null);
  await res.body?.cancel();
});

test('an unknown client_id gets an error page, never a redirect', async (t) => {
  const store = await withStore(t);
  const { challenge } = pkcePair();
  const res = await fetch(authorizeUrl(store, { code_challenge: challenge, client_id: 'someone-else' }), { redirect: 'manual' });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('location'), null);
  await res.body?.cancel();
});

test('RFC 7636 §4.4.1: PKCE S256 is required and only response_type=code is accepted (errors redirected with state and iss)', async (t) => {
  const store = await withStore(t);
  const { challenge } = pkcePair();
  const cases: Array<[Record<string, string | undefined>, string]> = [
    [{ code_challenge: undefined }, 'invalid_request'],
    [{ code_challenge: challenge, code_challenge_method: 'plain' }, 'invalid_request'],
    [{ code_challenge: challenge, code_challenge_method: undefined }, 'invalid_request'],
    [{ code_challenge: 'short' }, 'invalid_request'],
    [{ code_challenge: challenge, response_type: 'token' }, 'unsupported_response_type'],
    [{ code_challenge: challenge, response_type: undefined }, 'invalid_request'],
    [{ code_challenge: challenge, scope: 'orders:read admin:write' }, 'invalid_scope'],
    [{ code_challenge: challenge, scope: '' }, 'invalid_scope'],
  ];
  for (const [params, error] of cases) {
    const res = await fetch(authorizeUrl(store, { ...params, state: 'keep-me' }), { redirect: 'manual' });
    assert.equal(res.status, 303, JSON.stringify(params));
    const location = new URL(res.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, REDIRECT_URI);
    assert.equal(location.searchParams.get('error'), error, JSON.stringify(params));
    assert.equal(location.searchParams.get('state'), 'keep-me');
    assert.equal(location.searchParams.get('iss'), store.issuer);
  }
});

test('the consent request id is one-time: a second POST of the same form is refused', async (t) => {
  const store = await withStore(t);
  const { challenge } = pkcePair();
  const html = await (await fetch(authorizeUrl(store, { code_challenge: challenge }))).text();
  const requestId = /name="request_id" value="([^"]+)"/.exec(html)![1]!;
  const form = { request_id: requestId, scope: 'orders:read', decision: 'allow' };
  const first = await fetch(`${store.issuer}/oauth/decision`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  assert.equal(first.status, 303);
  const second = await postForm(`${store.issuer}/oauth/decision`, form);
  assert.equal(second.status, 400);
  assert.match(await second.text(), /expired or was already answered/);
  const forged = await postForm(`${store.issuer}/oauth/decision`, { ...form, request_id: 'made-up' });
  assert.equal(forged.status, 400);
  await forged.body?.cancel();
});

test('a consent POST from another origin is refused (CSRF)', async (t) => {
  const store = await withStore(t);
  const { challenge } = pkcePair();
  const html = await (await fetch(authorizeUrl(store, { code_challenge: challenge }))).text();
  const requestId = /name="request_id" value="([^"]+)"/.exec(html)![1]!;
  const res = await postForm(
    `${store.issuer}/oauth/decision`,
    { request_id: requestId, scope: 'orders:read', decision: 'allow' },
    {
      origin: 'http://evil.example',
    },
  );
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('location'), null);
  await res.body?.cancel();
  const crossSite = await postForm(
    `${store.issuer}/oauth/decision`,
    { request_id: requestId, scope: 'orders:read', decision: 'allow' },
    {
      'sec-fetch-site': 'cross-site',
    },
  );
  assert.equal(crossSite.status, 403);
  await crossSite.body?.cancel();
});
