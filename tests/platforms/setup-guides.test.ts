/**
 * The setup guides' data (main/core/providers/guides): every platform profile has one; every docs
 * link is https on the platform's own documentation host; forwarder platforms get the forwarding
 * page tools; and the shell's openExternal allow-list holds exactly the guides' URLs, no more.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_PROFILES } from '../../main/core/providers/registry.ts';
import { guideDocUrls } from '../../main/core/providers/setup-guide.ts';
import { providerView } from '../../main/core/connections/connection-view.ts';
import { createElectronOpener } from '../../main/electron/open-external.ts';

/** The platforms' own hosts, per profile id prefix. */
const OWN_HOSTS: Record<string, string[]> = {
  square: ['developer.squareup.com'],
  woocommerce: ['developer.woocommerce.com', 'developer.wordpress.org', 'make.wordpress.org'],
  etsy: ['www.etsy.com', 'developers.etsy.com'],
  shopify: ['shopify.dev', 'help.shopify.com'],
};

test('every store platform profile has a guide whose links are https pages on that platform’s own hosts', () => {
  const platforms = BUILTIN_PROFILES.filter((p) => p.id !== 'generic-oidc');
  assert.ok(platforms.length >= 8);
  for (const p of platforms) {
    assert.ok(p.guide, `${p.id} has a setup guide`);
    assert.ok(p.guide.steps.length >= 2, `${p.id}: numbered steps`);
    const hosts = OWN_HOSTS[p.id.split('-')[0]!];
    assert.ok(hosts, p.id);
    for (const s of p.guide.steps) {
      if (!s.link) continue;
      const u = new URL(s.link.url);
      assert.equal(u.protocol, 'https:', s.link.url);
      assert.ok(hosts.includes(u.host), `${p.id}: ${u.host} is the platform's own`);
    }
    assert.ok(
      p.guide.steps.some((s) => s.link),
      `${p.id} links to the platform docs`,
    );
  }
});

test('the forwarding page tools appear exactly for https-forwarder profiles (Square, Etsy)', () => {
  const withTools = BUILTIN_PROFILES.filter((p) => providerView(p).guide?.forwardingPage).map((p) => p.id);
  assert.deepEqual(withTools, ['square', 'etsy']);
  assert.deepEqual(
    BUILTIN_PROFILES.filter((p) => p.redirect === 'https-forwarder').map((p) => p.id),
    withTools,
  );
});

test('open-external allows exactly the guides’ docs URLs (not their hosts at large)', async () => {
  const docs = guideDocUrls(BUILTIN_PROFILES.map((p) => p.guide));
  const launched: string[] = [];
  const opener = createElectronOpener(async (u) => void launched.push(u), 64, docs);
  for (const url of docs) assert.equal(opener.isAllowed(url), true, url);
  for (const url of [
    'https://developer.squareup.com/apps/other',
    'https://developer.squareup.com/',
    'https://evil.example/',
    'http://developer.squareup.com/apps',
  ]) {
    assert.equal(await opener.openIfAllowed(url), false, url);
  }
  assert.equal(await opener.openIfAllowed('https://developer.squareup.com/apps'), true);
  assert.deepEqual(launched, ['https://developer.squareup.com/apps']);
  assert.equal(createElectronOpener(async () => {}).isAllowed('https://developer.squareup.com/apps'), false, 'nothing fixed without the list');
});
