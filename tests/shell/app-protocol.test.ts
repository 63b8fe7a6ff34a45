import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY, createAppRequestHandler } from '../../main/electron/app-response.ts';
import { resolveAppPath } from '../../main/electron/protocol-path.ts';

const root = path.resolve('/srv/app/renderer');

test('security.md #27: resolveAppPath maps app://storelink paths under the renderer root', () => {
  assert.equal(resolveAppPath(root, 'app://storelink/'), path.join(root, 'index.html'));
  assert.equal(resolveAppPath(root, 'app://storelink/index.html'), path.join(root, 'index.html'));
  assert.equal(resolveAppPath(root, 'app://storelink/assets/index-B1x_9.js?v=1#x'), path.join(root, 'assets', 'index-B1x_9.js'));
  assert.equal(resolveAppPath(root, 'app://storelink/assets/my%20font.woff2'), null, 'spaces are outside the file-name alphabet');
});

test('security.md #27: traversal, encoded traversal, absolute paths and foreign origins resolve to null', () => {
  const refused = [
    'app://storelink/../etc/passwd',
    'app://storelink/assets/../../etc/passwd',
    'app://storelink/%2e%2e/%2e%2e/etc/passwd',
    'app://storelink/%252e%252e/etc/passwd',
    'app://storelink/..%2f..%2fetc%2fpasswd',
    'app://storelink/..%5c..%5cwindows%5cwin.ini',
    'app://storelink/assets\\..\\..\\secret',
    'app://storelink//etc/passwd',
    'app://storelink/C:/Windows/win.ini',
    'app://storelink/%00index.html',
    'app://storelink/.env',
    'app://storelink/assets/.hidden',
    'app://storelink/%E0%A4%A',
    'app://other/index.html',
    'app://storelink:99/index.html',
    'app://u:p@storelink/index.html',
    'file:///etc/passwd',
    'https://storelink/index.html',
    'not a url',
  ];
  for (const url of refused) {
    const r = resolveAppPath(root, url);
    // `..` that the URL parser itself resolves lands back inside the root (a 404 there), never above it.
    assert.ok(r === null || r.startsWith(root + path.sep), `${url} -> ${r}`);
  }
  // The cases that are not normalised away by the URL parser must be refused outright.
  for (const url of [
    'app://storelink/%252e%252e/etc/passwd',
    'app://storelink/..%2f..%2fetc%2fpasswd',
    'app://storelink//etc/passwd',
    'app://storelink/C:/Windows/win.ini',
    'app://storelink/.env',
    'app://other/index.html',
  ]) {
    assert.equal(resolveAppPath(root, url), null, url);
  }
});

test('security.md #27: the protocol handler serves real files with the CSP header, 404 otherwise', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-proto-'));
  try {
    const dist = path.join(tmp, 'renderer');
    fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Storelink</title>');
    fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'outside the root');
    fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(dist, 'assets', 'link.txt'));
    const handle = createAppRequestHandler(dist);

    const index = await handle(new Request('app://storelink/'));
    assert.equal(index.status, 200);
    assert.equal(await index.text(), '<!doctype html><title>Storelink</title>');
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(index.headers.get('content-security-policy'), "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    assert.equal(CONTENT_SECURITY_POLICY.includes('unsafe-inline'), false);
    assert.equal(index.headers.get('x-content-type-options'), 'nosniff');

    const js = await handle(new Request('app://storelink/assets/app.js'));
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');

    for (const url of [
      'app://storelink/../secret.txt',
      'app://storelink/%2e%2e/secret.txt',
      'app://storelink/..%2fsecret.txt',
      'app://storelink/assets/link.txt',
      'app://storelink/assets',
      'app://storelink/missing.js',
    ]) {
      const res = await handle(new Request(url));
      assert.equal(res.status, 404, url);
      assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, url);
      assert.ok(!(await res.text()).includes('outside the root'), url);
    }
    const post = await handle(new Request('app://storelink/index.html', { method: 'POST', body: 'x' }));
    assert.equal(post.status, 405);
    const missingRoot = await createAppRequestHandler(path.join(tmp, 'nope'))(new Request('app://storelink/index.html'));
    assert.equal(missingRoot.status, 404);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
