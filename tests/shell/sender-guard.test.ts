import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTrustedSender, originOf } from '../../main/ipc/sender-guard.ts';
import { APP_ORIGIN } from '../../main/electron/protocol-path.ts';

test('security.md #30: the app origin main frame is trusted', () => {
  assert.equal(APP_ORIGIN, 'app://storelink');
  assert.equal(isTrustedSender({ url: 'app://storelink/index.html', isMainFrame: true }, APP_ORIGIN), true);
  assert.equal(isTrustedSender({ url: 'app://storelink/', isMainFrame: true }, APP_ORIGIN), true);
});

test('security.md #30: null frame, sub-frame and other origins are refused', () => {
  const refused = [
    null,
    undefined,
    { url: 'app://storelink/index.html', isMainFrame: false },
    { url: 'https://storelink/index.html', isMainFrame: true },
    { url: 'file:///work/dist/renderer/index.html', isMainFrame: true },
    { url: 'app://storelink.evil.example/index.html', isMainFrame: true },
    { url: 'app://evil/index.html', isMainFrame: true },
    { url: 'app://user:pw@storelink/index.html', isMainFrame: true },
    { url: 'app://storelink:8080/index.html', isMainFrame: true },
    { url: 'http://127.0.0.1:5173/', isMainFrame: true },
    { url: 'about:blank', isMainFrame: true },
    { url: 'devtools://devtools/bundled/inspector.html', isMainFrame: true },
    { url: '', isMainFrame: true },
    { url: 'not a url', isMainFrame: true },
  ];
  for (const frame of refused) assert.equal(isTrustedSender(frame, APP_ORIGIN), false, JSON.stringify(frame));
  // A frame-like object whose isMainFrame is truthy but not `true` is not enough.
  assert.equal(isTrustedSender({ url: 'app://storelink/', isMainFrame: 1 as unknown as boolean }, APP_ORIGIN), false);
});

test('originOf computes scheme://host for custom schemes (WHATWG says "null")', () => {
  assert.equal(new URL('app://storelink/x').origin, 'null');
  assert.equal(originOf('app://storelink/x'), 'app://storelink');
  assert.equal(originOf('https://a.example:8443/p?q'), 'https://a.example:8443');
  assert.equal(originOf('data:text/html,hi'), null);
});
