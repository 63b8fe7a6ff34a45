import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElectronOpener, isOpenableUrl } from '../../main/electron/open-external.ts';
import { StorelinkError } from '../../main/core/errors.ts';

const AUTH_URL = 'https://accounts.example.test/authorize?response_type=code&client_id=abc&state=S7ATE&code_challenge=x';

test('security.md #29: only URLs the core registered through its opener port are opened', async () => {
  const opened: string[] = [];
  const opener = createElectronOpener(async (url) => void opened.push(url));
  // Renderer-originated URL (window.open / a link) before the core built it: refused.
  assert.equal(await opener.openIfAllowed(AUTH_URL), false);
  assert.equal(opener.isAllowed(AUTH_URL), false);
  await opener.port.open(AUTH_URL);
  assert.deepEqual(opened, [AUTH_URL]);
  assert.equal(opener.isAllowed(AUTH_URL), true);
  assert.equal(await opener.openIfAllowed(AUTH_URL), true);
  for (const other of [AUTH_URL + '&x=1', 'https://evil.example/', 'https://accounts.example.test/authorize']) {
    assert.equal(await opener.openIfAllowed(other), false, other);
  }
  assert.equal(opened.length, 2);
});

test('security.md #29: non-https URLs are refused even from the core (loopback http for the demo store only)', async () => {
  const opened: string[] = [];
  const opener = createElectronOpener(async (url) => void opened.push(url));
  for (const bad of [
    'http://accounts.example.test/authorize',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'http://localhost:4000/',
    'http://127.0.0.2/',
    'https://user:pw@accounts.example.test/',
    'ms-msdt:/id',
    'not a url',
  ]) {
    await assert.rejects(
      opener.port.open(bad),
      (err: unknown) => err instanceof StorelinkError && err.code === 'browser_open_failed' && !err.message.includes(bad),
      bad,
    );
    assert.equal(await opener.openIfAllowed(bad), false);
  }
  assert.deepEqual(opened, []);
  await opener.port.open('http://127.0.0.1:4000/authorize?state=abc');
  assert.deepEqual(opened, ['http://127.0.0.1:4000/authorize?state=abc']);
  assert.equal(isOpenableUrl('https://a.example/'), true);
});

test('security.md #29: a failing system browser is a typed error that does not echo the URL', async () => {
  const opener = createElectronOpener(async () => {
    throw new Error(`xdg-open failed for ${AUTH_URL}`);
  });
  await assert.rejects(
    opener.port.open(AUTH_URL),
    (err: unknown) => err instanceof StorelinkError && err.code === 'browser_open_failed' && !err.message.includes('S7ATE'),
  );
});

test('the remembered set is bounded (oldest registrations forgotten)', async () => {
  const opener = createElectronOpener(async () => {}, 3);
  for (let i = 0; i < 5; i++) await opener.port.open(`https://a.example/${i}`);
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((i) => opener.isAllowed(`https://a.example/${i}`)),
    [false, false, true, true, true],
  );
});
