import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { denyAllPermissions, installNavigationGuard, isAppUrl, type GuardedContents, type GuardedSession } from '../../main/electron/navigation-guard.ts';
import { APP_ORIGIN } from '../../main/electron/protocol-path.ts';

/** A stand-in for Electron's WebContents: an EventEmitter plus setWindowOpenHandler. */
class FakeContents extends EventEmitter implements GuardedContents {
  openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  setWindowOpenHandler(handler: (d: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  /** Emits like Electron 45: (event, url); returns whether the default was prevented. */
  navigate(name: string, url: string): boolean {
    let prevented = false;
    this.emit(name, { url, preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

test('security.md #28: navigation away from the app origin is prevented, in-app navigation is not', () => {
  const contents = new FakeContents();
  const external: string[] = [];
  installNavigationGuard(contents, APP_ORIGIN, (url) => external.push(url));
  for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
    assert.equal(contents.navigate(name, 'app://storelink/index.html#/orders'), false, name);
    assert.equal(contents.navigate(name, 'https://accounts.example.test/authorize'), true, name);
    assert.equal(contents.navigate(name, 'file:///etc/passwd'), true, name);
    assert.equal(contents.navigate(name, 'app://storelink.evil.example/'), true, name);
    assert.equal(contents.navigate(name, 'javascript:alert(1)'), true, name);
  }
  assert.equal(external.length, 12, 'every refused navigation is offered to the external opener check');
});

test('security.md #28: window.open is denied and <webview> cannot attach', () => {
  const contents = new FakeContents();
  const external: string[] = [];
  installNavigationGuard(contents, APP_ORIGIN, (url) => external.push(url));
  assert.deepEqual(contents.openHandler?.({ url: 'https://example.test/' }), { action: 'deny' });
  assert.deepEqual(contents.openHandler?.({ url: 'app://storelink/index.html' }), { action: 'deny' });
  assert.deepEqual(external, ['https://example.test/', 'app://storelink/index.html']);
  let prevented = false;
  contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
  assert.equal(prevented, true);
});

test('security.md #28: every permission request and check is denied', () => {
  let request: Parameters<GuardedSession['setPermissionRequestHandler']>[0] | undefined;
  let check: Parameters<GuardedSession['setPermissionCheckHandler']>[0] | undefined;
  denyAllPermissions({ setPermissionRequestHandler: (h) => (request = h), setPermissionCheckHandler: (h) => (check = h) });
  for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'fullscreen']) {
    let granted: boolean | undefined;
    request?.({}, permission, (g) => (granted = g));
    assert.equal(granted, false, permission);
    assert.equal(check?.({}, permission, 'app://storelink'), false, permission);
  }
});

test('isAppUrl compares scheme and host exactly', () => {
  assert.equal(isAppUrl('app://storelink/x', APP_ORIGIN), true);
  assert.equal(isAppUrl('app://storelink2/x', APP_ORIGIN), false);
  assert.equal(isAppUrl('', APP_ORIGIN), false);
});
