import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import fc from 'fast-check';
import { startLoopbackListener, type LoopbackListenerOptions } from '../../main/core/oauth/loopback-listener.ts';
import { authorizationErrorFrom, validateAuthorizationResponse } from '../../main/core/oauth/authorization-response.ts';
import type { CallbackPage } from '../../main/core/oauth/callback-page.ts';
import { probe, rawRequest, waitUntilRefused } from './helpers.ts';

const STATE = 'good-state-0123456789';

/** An onCallback shaped like connect-flow's: wrong state keeps waiting, anything else is final. */
function flowLike(calls: URLSearchParams[]): LoopbackListenerOptions['onCallback'] {
  return async (params) => {
    calls.push(params);
    try {
      const out = validateAuthorizationResponse(params, { state: STATE, issRequired: false });
      if (out.kind === 'error') throw authorizationErrorFrom(out);
      return { final: true, page: { ok: true, title: 'Connected', message: 'done' } };
    } catch (err) {
      const e = err as { code: string; message: string };
      const page: CallbackPage = { ok: false, title: 'Sign-in failed', message: e.message };
      return { final: e.code !== 'state_mismatch', page };
    }
  };
}

async function listen(calls: URLSearchParams[] = [], extra: Partial<LoopbackListenerOptions> = {}) {
  const l = await startLoopbackListener({ onCallback: flowLike(calls), ...extra });
  return { l, host: `127.0.0.1:${l.port}` };
}

function assertPageHeaders(h: Record<string, unknown>): void {
  assert.equal(h['cache-control'], 'no-store');
  assert.equal(h['referrer-policy'], 'no-referrer');
  assert.equal(h['x-content-type-options'], 'nosniff');
  const csp = String(h['content-security-policy']);
  assert.match(csp, /(^|;\s*)default-src 'none'(;|$)/);
  assert.match(csp, /(^|;\s*)frame-ancestors 'none'(;|$)/);
}

test('security.md #2: the listener binds 127.0.0.1 on an OS-chosen port and close() leads to ECONNREFUSED', async () => {
  const a = await listen();
  const b = await listen();
  try {
    assert.ok(a.l.port > 0 && a.l.port !== b.l.port);
    assert.equal(a.l.redirectUri, `http://127.0.0.1:${a.l.port}/callback`);
    assert.equal(await probe(a.l.port), 'open');
  } finally {
    await a.l.close();
    await b.l.close();
  }
  assert.equal(await probe(a.l.port), 'refused');
  assert.equal(await probe(b.l.port), 'refused');
  await a.l.close(); // idempotent
});

test('security.md #21: any Host other than exactly 127.0.0.1:{port} gets 403 and never reaches onCallback', async () => {
  const calls: URLSearchParams[] = [];
  const { l, host } = await listen(calls);
  try {
    const fixed = [
      'localhost:' + l.port,
      '127.0.0.1',
      `127.0.0.1:${l.port + 1}`,
      `[::1]:${l.port}`,
      `evil.example:${l.port}`,
      `127.0.0.1:${l.port}.evil.example`,
      `127.0.0.1:0${l.port}`,
      `127.0.0.2:${l.port}`,
      `2130706433:${l.port}`,
      '',
    ];
    const arb = fc.oneof(
      fc.constantFrom(...fixed),
      fc.string({ unit: fc.constantFrom(...'abc.:-_[]0123456789 '.split('')), maxLength: 30 }),
      fc.webAuthority(),
    );
    await fc.assert(
      fc.asyncProperty(arb, async (h) => {
        fc.pre(h.trim() !== host);
        const res = await rawRequest(l.port, { path: `/callback?code=c&state=${STATE}`, host: h });
        assert.ok(res.status === 403 || res.status === 400, `Host ${JSON.stringify(h)} -> ${res.status}`);
        assert.equal(res.headers.location, undefined);
      }),
      { numRuns: 60 },
    );
    assert.equal((await rawRequest(l.port, { path: `/callback?code=c&state=${STATE}`, host: 'LOCALHOST:' + l.port })).status, 403);
    assert.equal(calls.length, 0);
    // the flow was not consumed: the real callback still works afterwards
    const ok = await rawRequest(l.port, { path: `/callback?code=c&state=${STATE}`, host });
    assert.equal(ok.status, 303);
    assert.equal(calls.length, 1);
  } finally {
    await l.close();
  }
});

test('security.md #21: a request without Host (HTTP/1.0) gets 403', async () => {
  const calls: URLSearchParams[] = [];
  const { l } = await listen(calls);
  try {
    const reply = await new Promise<string>((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port: l.port }, () => s.write(`GET /callback?code=c&state=${STATE} HTTP/1.0\r\n\r\n`));
      let data = '';
      s.on('data', (d) => (data += d.toString('latin1')));
      s.on('end', () => resolve(data));
      s.on('error', reject);
    });
    assert.match(reply, /^HTTP\/1\.[01] 403 /);
    assert.equal(calls.length, 0);
  } finally {
    await l.close();
  }
});

test('security.md #22: other methods and paths get 404 with an empty body; nothing is served from disk', async () => {
  const calls: URLSearchParams[] = [];
  const { l, host } = await listen(calls);
  try {
    const cases: Array<[string, string]> = [
      ['POST', `/callback?code=c&state=${STATE}`],
      ['PUT', `/callback?code=c&state=${STATE}`],
      ['DELETE', '/callback'],
      ['OPTIONS', '/callback'],
      ['GET', '/'],
      ['GET', '/done'], // no result yet
      ['GET', '/callback/'],
      ['GET', '/CALLBACK'],
      ['GET', '/../../etc/passwd'],
      ['GET', '/favicon.ico'],
      ['GET', '/loopback-listener.ts'],
    ];
    for (const [method, path] of cases) {
      const res = await rawRequest(l.port, { method, path, host });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body, '', `${method} ${path}`);
    }
    assert.equal(calls.length, 0);
  } finally {
    await l.close();
  }
});

test('security.md #23: duplicated code/state/iss parameters get 400 and never reach onCallback', async () => {
  const calls: URLSearchParams[] = [];
  const { l, host } = await listen(calls);
  try {
    for (const qs of [
      `code=a&code=b&state=${STATE}`,
      `code=a&state=${STATE}&state=${STATE}`,
      `code=a&state=${STATE}&iss=x&iss=x`,
      `access_token=t&state=${STATE}`,
    ]) {
      const res = await rawRequest(l.port, { path: `/callback?${qs}`, host });
      assert.equal(res.status, 400, qs);
      assertPageHeaders(res.headers);
    }
    assert.equal(calls.length, 0);
  } finally {
    await l.close();
  }
});

test('security.md #23: a header block over 8 KB gets 431', async () => {
  const calls: URLSearchParams[] = [];
  const { l, host } = await listen(calls);
  try {
    const res = await rawRequest(l.port, { path: `/callback?code=c&state=${STATE}`, host, headers: { 'X-Pad': 'a'.repeat(9 * 1024) } });
    assert.equal(res.status, 431);
    assert.equal(calls.length, 0);
  } finally {
    await l.close();
  }
});

test('security.md #24: the error page has strict headers and HTML-escapes error_description', async () => {
  const { l, host } = await listen();
  try {
    const desc = encodeURIComponent('<script>alert(1)</script><img src=x onerror=alert(2)>"\'`');
    const res = await rawRequest(l.port, { path: `/callback?error=server_error&error_description=${desc}&state=${STATE}`, host });
    assert.equal(res.status, 303);
    const page = await rawRequest(l.port, { path: '/done', host });
    assert.equal(page.status, 200);
    assertPageHeaders(page.headers);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
    assert.doesNotMatch(page.body, /<script|<img|onerror=alert\(2\)>/i);
    assert.doesNotMatch(page.body, /<[^>]*\b(src|href)=/i); // no external resources
  } finally {
    await l.close();
  }
});

test('security.md #24 #25: the final callback answers 303 to exactly /done, whatever the query says', async () => {
  const evilParam = fc.constantFrom('redirect_uri', 'return_to', 'next', 'Location', 'continue', 'error_uri', 'url', 'iss');
  const evilValue = fc.oneof(fc.webUrl(), fc.constantFrom('//evil.example', '/\\evil.example', 'javascript:alert(1)', '%0d%0aLocation:%20http://evil'));
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(evilParam, evilValue), { maxLength: 4 }), fc.boolean(), async (pairs, asError) => {
      const { l, host } = await listen();
      try {
        const extra = pairs.filter(([k]) => k !== 'iss').map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
        const qs = [asError ? 'error=access_denied' : 'code=c0de', `state=${STATE}`, ...extra].join('&');
        const res = await rawRequest(l.port, { path: `/callback?${qs}`, host });
        assert.equal(res.status, 303);
        assert.equal(res.headers.location, '/done');
        assert.equal(res.headers['cache-control'], 'no-store');
        assert.equal(res.headers['referrer-policy'], 'no-referrer');
        assert.equal(res.body, '');
      } finally {
        await l.close();
      }
    }),
    { numRuns: 25 },
  );
});

test('security.md #2 #24: after the final callback /done serves the page, then the listener and keep-alive sockets close', async () => {
  const { l, host } = await listen();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  // an idle connection opened before the callback, as a browser's preconnect would
  const idle = connect({ host: '127.0.0.1', port: l.port });
  const idleClosed = new Promise<void>((resolve) => idle.on('close', () => resolve()));
  idle.on('error', () => {});
  try {
    const res = await rawRequest(l.port, { path: `/callback?code=c&state=${STATE}`, host, agent });
    assert.equal(res.status, 303);
    const page = await rawRequest(l.port, { path: '/done', host, agent });
    assert.equal(page.status, 200);
    assert.match(page.body, /Connected/);
    assert.equal(await waitUntilRefused(l.port), 'refused');
    await idleClosed; // the listener dropped the pre-opened socket too (else this would hang the test)
    assert.equal(idle.destroyed, true);
  } finally {
    agent.destroy();
    idle.destroy();
    await l.close();
  }
});

test('security.md #2: the listener closes after the grace period even if /done is never fetched', async () => {
  const { l, host } = await listen([], { resultGraceMs: 100 });
  try {
    assert.equal((await rawRequest(l.port, { path: `/callback?code=c&state=${STATE}`, host })).status, 303);
    assert.equal(await waitUntilRefused(l.port), 'refused');
  } finally {
    await l.close();
  }
});

test('security.md #5: a non-final callback (wrong state) keeps the listener open and the real one still lands', async () => {
  const calls: URLSearchParams[] = [];
  const { l, host } = await listen(calls);
  try {
    const wrong = await rawRequest(l.port, { path: '/callback?code=c&state=someone-else', host });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.headers.location, undefined);
    assert.equal(await probe(l.port), 'open');
    const ok = await rawRequest(l.port, { path: `/callback?code=c&state=${STATE}`, host });
    assert.equal(ok.status, 303);
    // a replay after the final one is refused without reaching onCallback
    const replay = await rawRequest(l.port, { path: `/callback?code=c&state=${STATE}`, host });
    assert.equal(replay.status, 400);
    assert.equal(calls.length, 2);
  } finally {
    await l.close();
  }
});

test('security.md #39: pull style: nextCallback() hands the callback to the flow; the page it replies with is served before close() lets the port go', async () => {
  const l = await startLoopbackListener({});
  const host = `127.0.0.1:${l.port}`;
  try {
    const next = l.nextCallback();
    const browser = rawRequest(l.port, { path: `/callback?code=c&state=${STATE}`, host });
    const cb = await next;
    assert.equal(cb.params.get('code'), 'c');
    // The flow decides, replies, and closes at once: close() must not cut the browser off.
    cb.reply({ final: true, page: { ok: false, title: 'Sign-in failed', message: 'The provider <said> no' } });
    const closed = l.close({ awaitResultPage: true });
    const res = await browser;
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/done');
    const page = await rawRequest(l.port, { path: '/done', host });
    assert.equal(page.status, 200);
    assert.match(page.body, /The provider &#60;said&#62; no/);
    await closed;
    assert.equal(await probe(l.port), 'refused');
  } finally {
    await l.close();
  }
});

test('security.md #39: close() while a callback is still unanswered answers it with the fallback page (no connection reset), then closes', async () => {
  const l = await startLoopbackListener({});
  const host = `127.0.0.1:${l.port}`;
  const next = l.nextCallback();
  const browser = rawRequest(l.port, { path: `/callback?code=c&state=${STATE}`, host });
  await next; // received, never replied to
  await l.close({ page: { ok: false, title: 'Sign-in cancelled', message: 'cancelled in the app' } });
  const res = await browser;
  assert.equal(res.status, 303);
  assert.equal(await probe(l.port), 'refused');
});

test('security.md #5: pull style: a non-final reply (wrong state) keeps the listener waiting for the next callback', async () => {
  const l = await startLoopbackListener({});
  const host = `127.0.0.1:${l.port}`;
  try {
    const first = l.nextCallback();
    const wrong = rawRequest(l.port, { path: '/callback?code=c&state=other', host });
    (await first).reply({ final: false, page: { ok: false, title: 'Sign-in response rejected', message: 'not yours' } });
    assert.equal((await wrong).status, 400);
    const second = l.nextCallback();
    const ok = rawRequest(l.port, { path: `/callback?code=c&state=${STATE}`, host });
    (await second).reply({ final: true, page: { ok: true, title: 'Connected', message: 'done' } });
    assert.equal((await ok).status, 303);
  } finally {
    await l.close();
  }
});

test('nextCallback() rejects with the signal reason on abort and with listener_failed once closed', async () => {
  const l = await startLoopbackListener({});
  const ac = new AbortController();
  const waiting = l.nextCallback(ac.signal);
  ac.abort(new Error('cancelled by test'));
  await assert.rejects(waiting, /cancelled by test/);
  const pending = l.nextCallback();
  await l.close();
  await assert.rejects(pending, (e: { code?: string }) => e.code === 'listener_failed');
});
