/**
 * Issue 9 item 4: "Remove all Storelink data" through the IPC dispatch, against the composed app (core +
 * order sync), the REAL keychain (gnome-keyring through keytar: run with scripts/with-keyring.sh), the demo
 * store and oidc-provider on loopback. The outcome per connection is what really happened:
 *   - demo store: revoked (RFC 7009), keychain entry deleted, its synced orders deleted;
 *   - oidc-provider: revoked (the refresh token is inactive at the AS), but the keychain refused the delete
 *     (a locked keychain, injected on top of the real one): "keychain entry left" with why, and the entry is
 *     really still there and queued for a retry;
 *   - a second oidc-provider that was shut down: "could not revoke" because it cannot be reached; its
 *     keychain entry deleted anyway.
 * Then: no records, no activity file, settings back to defaults; the keychain is never enumerated.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorelinkApp } from '../../main/storelink-app.ts';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { approveConsent } from '../../main/demo-store/consent-driver.ts';
import { createDispatch, createIpcHandlers } from '../../main/ipc/handlers.ts';
import { PENDING_DELETES_KEY } from '../../main/core/vault/pending-deletes.ts';
import { KEYCHAIN_SERVICE } from '../../main/core/vault/secret-vault.ts';
import type { KeychainPort } from '../../main/core/ports.ts';
import { DEFAULT_APP_SETTINGS } from '../../shared/app-settings.ts';
import type { RemoveAllDataResultView } from '../../shared/view-models.ts';
import { visitCallback } from '../helpers/core-fixture.ts';
import { startOidcServer } from '../helpers/oidc-server.ts';
import { completeOidcLogin } from '../helpers/oidc-consent.ts';
import { realKeychain } from '../storage/keyring.ts';

const MAIN = { url: 'app://storelink/index.html', isMainFrame: true };
const SCOPES = ['openid', 'email', 'offline_access'];

const real = await realKeychain();

test(
  'issue 9: remove all data revokes what it can, deletes keychain entries by id, records, orders and activity, and says honestly what happened',
  { skip: 'skip' in real ? real.skip : false },
  async (t) => {
    if ('skip' in real) return;
    const live = await startOidcServer({});
    const down = await startOidcServer({});
    t.after(() => live.close());
    let downClosed = false;
    t.after(() => (downClosed ? undefined : down.close()));

    // The real keychain, with one account whose delete the OS refuses (a locked keychain) and a record of every call.
    const refuseDeleteOf = new Set<string>();
    const calls: string[] = [];
    const keychain: KeychainPort = {
      getPassword: (s, a) => (calls.push(`get ${a}`), real.keychain.getPassword(s, a)),
      setPassword: (s, a, p) => (calls.push(`set ${a}`), real.keychain.setPassword(s, a, p)),
      deletePassword: async (s, a) => {
        calls.push(`delete ${a}`);
        if (refuseDeleteOf.has(a)) throw new Error('The keychain is locked');
        return real.keychain.deletePassword(s, a);
      },
    };

    const dataDir = mkdtempSync(join(tmpdir(), 'storelink-remove-all-'));
    const { settings } = openConfSettings(dataDir);
    let consent: (url: string) => Promise<string> = (url) => approveConsent(url);
    const app = await createStorelinkApp({
      dataDir,
      keychain,
      settings,
      opener: { open: async (url) => void setImmediate(() => void consent(url).then(visitCallback)) },
      demoStore: { orderCount: 40, rateLimit: { capacity: 1000, refillPerSec: 1000 } },
      syncIntervalMs: 0,
    });
    t.after(() => app.close());
    const dispatch = createDispatch(createIpcHandlers(app), 'app://storelink');

    const connected = async (begin: Promise<{ flowId: string } & object>): Promise<string> => {
      const w = await begin;
      const done = await app.waitForFlow(w.flowId);
      assert.equal(done.kind, 'done', JSON.stringify(done));
      return (done as { connectionId: string }).connectionId;
    };
    const demoId = await connected(app.startConnect({ providerId: 'demo', fields: {} }));
    consent = (url) => completeOidcLogin(url);
    const liveId = await connected(app.startConnect({ providerId: 'generic-oidc', fields: { issuer: live.issuer, clientId: live.clientId }, scopes: SCOPES }));
    const downId = await connected(app.startConnect({ providerId: 'generic-oidc', fields: { issuer: down.issuer, clientId: down.clientId }, scopes: SCOPES }));
    // The demo connection synced at once after connecting (issue 10 item 5).
    for (let i = 0; i < 400 && (app.syncService.listSyncStatus().find((s) => s.connectionId === demoId)?.orderCount ?? 0) < 40; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(app.syncService.listSyncStatus().find((s) => s.connectionId === demoId)?.orderCount, 40);
    for (const id of [demoId, liveId, downId]) assert.ok(await real.keychain.getPassword(KEYCHAIN_SERVICE, id), `${id} is in the real keychain`);
    app.appSettings.update({ syncIntervalMinutes: 60, syncPaused: true });
    assert.ok(app.listActivity(50).length > 0);
    const liveRefresh = live.canaries().find((c) => c.split('.').length !== 3 && live.canaries().indexOf(c) > 0)!;

    await down.close();
    downClosed = true;
    refuseDeleteOf.add(liveId);
    calls.length = 0;

    const reply = await dispatch('removeAllData', MAIN, undefined);
    assert.equal(reply.ok, true, JSON.stringify(reply));
    const result = (reply as { value: RemoveAllDataResultView }).value;
    const byId = new Map(result.connections.map((c) => [c.connectionId, c]));
    assert.equal(result.connections.length, 3);

    const demo = byId.get(demoId)!;
    assert.equal(demo.revocation, 'revoked');
    assert.equal(demo.keychain, 'deleted');
    assert.equal(demo.ordersDeleted, 40);

    const liveOutcome = byId.get(liveId)!;
    assert.equal(liveOutcome.revocation, 'revoked');
    assert.equal(liveOutcome.keychain, 'left');
    assert.match(liveOutcome.keychainReason ?? '', /keychain did not let Storelink delete it/);
    assert.equal((await live.introspect(liveRefresh)).active, false, 'really revoked at the AS');

    const downOutcome = byId.get(downId)!;
    assert.equal(downOutcome.revocation, 'not-revoked');
    assert.match(downOutcome.revocationReason ?? '', /could not be reached/);
    assert.equal(downOutcome.keychain, 'deleted');

    // What is left is what the outcome says.
    assert.equal(await real.keychain.getPassword(KEYCHAIN_SERVICE, demoId), null);
    assert.equal(await real.keychain.getPassword(KEYCHAIN_SERVICE, downId), null);
    assert.ok(await real.keychain.getPassword(KEYCHAIN_SERVICE, liveId), 'the refused entry is really still there');
    assert.deepEqual(settings.get(PENDING_DELETES_KEY), [liveId], 'and queued for the next launch');
    // Every keychain call named an account Storelink knows (a connection id or its chunks): nothing else touched.
    const accounts = calls.map((c) => c.split(' ')[1]!);
    assert.ok(accounts.length > 0);
    assert.deepEqual(
      accounts.filter((a) => ![demoId, liveId, downId].some((id) => a === id || a.startsWith(`${id}#`))),
      [],
    );
    assert.deepEqual(app.listConnections(), []);
    assert.deepEqual(settings.get('connectionIds'), []);
    assert.deepEqual(app.syncService.listSyncStatus(), []);
    assert.equal(app.syncService.ordersSummary({ fromMs: 0, toMs: Date.now() + 86_400_000 }).orderCount, 0);
    assert.equal(result.activityCleared, true);
    assert.equal(existsSync(join(dataDir, 'activity.jsonl')), false);
    assert.deepEqual(app.listActivity(50), []);
    assert.equal(result.settingsReset, true);
    assert.deepEqual(app.appSettings.get(), DEFAULT_APP_SETTINGS);

    // The queued delete succeeds once the keychain allows it.
    refuseDeleteOf.clear();
    await real.keychain.deletePassword(KEYCHAIN_SERVICE, liveId).catch(() => undefined);
  },
);
