/**
 * `tokenRequest.extraParams` (profile.ts): fixed parameters on the authorization-code exchange only,
 * e.g. Shopify's `expiring=1` (https://shopify.dev/changelog/offline-access-tokens-now-support-expiry-and-refresh).
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createAxiosHttp } from '../../main/core/http/axios-http.ts';
import { exchangeAuthorizationCode, refreshAccessToken, type TokenClient } from '../../main/core/oauth/token-request.ts';
import { json, startServer, type TestServer } from './helpers.ts';

let as: TestServer;
before(async () => {
  as = await startServer((_req, res) => json(res, 200, { access_token: 'AT', expires_in: 3600, refresh_token: 'RT', scope: 'read_orders' }));
});
after(() => as.close());

const http = createAxiosHttp();
const client = (encoding: 'json' | 'form'): TokenClient => ({
  tokenEndpoint: `${as.base}/token`,
  spec: { encoding, clientAuth: 'body', extraParams: { expiring: '1', grant_type: 'evil', client_id: 'evil' } },
  clientId: 'cid',
  clientSecret: 'csecret',
});
const parse = (body: string, encoding: 'json' | 'form'): Record<string, string> =>
  encoding === 'json' ? (JSON.parse(body) as Record<string, string>) : Object.fromEntries(new URLSearchParams(body));

for (const encoding of ['json', 'form'] as const) {
  test(`extraParams go on the code exchange (${encoding}), never replace protocol parameters, and stay off refresh`, async () => {
    as.requests.length = 0;
    await exchangeAuthorizationCode(http, client(encoding), { code: 'c0de', redirectUri: 'http://127.0.0.1:1234/callback' });
    const sent = parse(as.requests[0]!.body, encoding);
    assert.equal(sent.expiring, '1');
    assert.equal(sent.grant_type, 'authorization_code');
    assert.equal(sent.client_id, 'cid');
    assert.equal(sent.code, 'c0de');
    await refreshAccessToken(http, client(encoding), 'RT');
    const refreshed = parse(as.requests[1]!.body, encoding);
    assert.equal(refreshed.expiring, undefined);
    assert.deepEqual(Object.keys(refreshed).sort(), ['client_id', 'client_secret', 'grant_type', 'refresh_token']);
  });
}
