import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createAxiosHttp } from '../../main/core/http/axios-http.ts';
import { revokeToken } from '../../main/core/oauth/revocation-request.ts';
import { closedPort, startServer, type TestServer } from './helpers.ts';

let as: TestServer;
before(async () => {
  as = await startServer((req, res) => {
    const status = Number(req.url.split('/')[2]);
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(status === 200 ? '' : '{"error":"x"}');
  });
});
after(() => as.close());
const http = createAxiosHttp({ timeoutMs: 5_000 });
const args = (status: number, hint: 'access_token' | 'refresh_token' = 'refresh_token') => ({
  endpoint: `${as.base}/revoke/${status}`,
  clientId: 'cid',
  token: 'RT-canary',
  hint,
});

test('security.md #16: RFC 7009 request is a form POST carrying token, token_type_hint and client_id', async () => {
  const n = as.requests.length;
  assert.deepEqual(await revokeToken(http, args(200, 'refresh_token')), { revoked: true });
  await revokeToken(http, { ...args(200, 'access_token'), clientSecret: 'sek' });
  const [a, b] = as.requests.slice(n);
  assert.equal(a!.method, 'POST');
  assert.equal(a!.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.deepEqual(Object.fromEntries(new URLSearchParams(a!.body)), { token: 'RT-canary', token_type_hint: 'refresh_token', client_id: 'cid' });
  assert.equal(new URLSearchParams(b!.body).get('token_type_hint'), 'access_token');
  assert.equal(new URLSearchParams(b!.body).get('client_secret'), 'sek');
  assert.doesNotMatch(a!.url, /canary/); // the token never travels in the URL (#10)
});

test('security.md #16: 200 -> revoked; 503 -> retry later; 400 -> not revoked, no retry; unreachable -> retry later', async () => {
  assert.deepEqual(await revokeToken(http, args(200)), { revoked: true });
  const busy = await revokeToken(http, args(503));
  assert.equal(busy.revoked, false);
  assert.equal(busy.revoked === false && busy.retryLater, true);
  const refused = await revokeToken(http, args(400));
  assert.equal(refused.revoked, false);
  assert.equal(refused.revoked === false && refused.retryLater, false);
  const port = await closedPort();
  const down = await revokeToken(http, { ...args(200), endpoint: `http://127.0.0.1:${port}/revoke` });
  assert.equal(down.revoked === false && down.retryLater, true);
  for (const r of [busy, refused, down]) assert.doesNotMatch(JSON.stringify(r), /canary/);
});
