import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { connect, withStore } from './helpers.ts';

const PATHS = ['/oauth/authorize', '/oauth/decision', '/oauth/token', '/oauth/revoke', '/oauth/introspect', '/api/v1/orders', '/api/v1/store'];

test('random queries, bodies and headers on every endpoint get a 2xx-4xx answer, never a 5xx or a dropped connection', async (t) => {
  const store = await withStore(t, { rateLimit: { capacity: 10_000, refillPerSec: 1000 } });
  const tokens = await connect(store);
  const text = fc.string({ maxLength: 200, unit: 'binary' });
  const param = fc.constantFrom(
    'grant_type',
    'code',
    'client_id',
    'redirect_uri',
    'code_verifier',
    'refresh_token',
    'token',
    'scope',
    'state',
    'request_id',
    'decision',
    'limit',
    'cursor',
    'updated_since',
    'code_challenge',
    'response_type',
    'x',
  );
  const pairs = fc.array(fc.tuple(param, text), { maxLength: 8 });
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...PATHS),
      fc.constantFrom('GET', 'POST'),
      pairs,
      pairs,
      fc.constantFrom('application/x-www-form-urlencoded', 'text/plain', 'application/json'),
      fc.constantFrom<string | undefined>(undefined, `Bearer ${tokens.access_token}`, 'Bearer garbage', 'Basic Zm9vOmJhcg=='),
      async (path, method, query, body, contentType, authorization) => {
        const url = new URL(path, store.issuer);
        for (const [k, v] of query) url.searchParams.append(k, v);
        const headers: Record<string, string> = { 'content-type': contentType };
        if (authorization) headers.authorization = authorization;
        const res = await fetch(url, {
          method,
          redirect: 'manual',
          headers,
          body: method === 'POST' ? new URLSearchParams(body).toString() : undefined,
        });
        await res.arrayBuffer();
        assert.ok(res.status >= 200 && res.status < 500, `${method} ${path} -> ${res.status}`);
      },
    ),
    { numRuns: 300, seed: 1234 },
  );
  const still = await fetch(`${store.issuer}/.well-known/oauth-authorization-server`);
  assert.equal(still.status, 200);
  await still.body?.cancel();
});
