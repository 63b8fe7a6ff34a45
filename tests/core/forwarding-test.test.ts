/**
 * runForwardingTest (main/core/setup/forwarding-test.ts) on loopback without a browser: the "browser"
 * does what a forwarding page does (reads the port from the state prefix and requests the loopback
 * callback with the same query). The Chromium test (tests/e2e/setup-guide.test.ts) runs the real page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FORWARDING_TEST_CODE, runForwardingTest } from '../../main/core/setup/forwarding-test.ts';
import { ErrorCode } from '../../shared/error-codes.ts';

const forwardLike = (mangle: (q: URLSearchParams) => void = () => {}) => {
  const opened: string[] = [];
  const statuses: number[] = [];
  return {
    opened,
    statuses,
    async open(url: string) {
      opened.push(url);
      const q = new URL(url).searchParams;
      const port = (q.get('state') ?? '').split('.')[0];
      mangle(q);
      // Like shell.openExternal: the browser goes on by itself.
      void fetch(`http://127.0.0.1:${port}/callback?${q}`, { redirect: 'manual' }).then((r) => statuses.push(r.status));
    },
  };
};

test('a page that forwards the test answer to the loopback listener passes', async () => {
  const opener = forwardLike();
  const r = await runForwardingTest(opener, 'https://shop.example/storelink.html?x=1', { timeoutMs: 5_000 });
  assert.deepEqual(r.ok, true, r.message);
  const url = new URL(opener.opened[0]!);
  assert.equal(url.origin + url.pathname, 'https://shop.example/storelink.html');
  assert.equal(url.searchParams.get('x'), '1', 'the page address is kept as given');
  assert.equal(url.searchParams.get('code'), FORWARDING_TEST_CODE);
  assert.deepEqual(opener.statuses, [303], 'the browser got the result page');
});

test('a page that mangles the state (or forwards something else) fails after the wait, and the listener is closed', async () => {
  const opener = forwardLike((q) => q.set('state', `${q.get('state')!.split('.')[0]}.other`));
  const r = await runForwardingTest(opener, 'https://shop.example/p.html', { timeoutMs: 1_500 });
  assert.equal(r.ok, false);
  assert.match(r.message, /Nothing arrived within 2 seconds/);
  assert.deepEqual(opener.statuses, [400], 'the wrong answer was refused');
  const port = new URL(opener.opened[0]!).searchParams.get('state')!.split('.')[0];
  await assert.rejects(fetch(`http://127.0.0.1:${port}/callback?code=x&state=y`), 'listener closed after the test');
});

test('an address that is not https is refused before anything opens', async () => {
  const opener = forwardLike();
  for (const bad of ['http://shop.example/p.html', 'shop.example/p.html', 'https://user:pw@shop.example/p.html']) {
    await assert.rejects(runForwardingTest(opener, bad, { timeoutMs: 1_000 }), (err: { code: string }) => err.code === ErrorCode.InvalidInput);
  }
  assert.equal(opener.opened.length, 0);
});
