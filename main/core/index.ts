/**
 * The programmatic entry point of the connection core (README "Architecture").
 *
 *   const core = await createStorelinkCore({ dataDir, keychain, settings, opener, localProviders: [demoStoreProvider()] });
 *   const flow = await core.startConnect({ providerId: 'demo', fields: {} });
 *   const done = await core.waitForFlow(flow.flowId);
 *   await core.authorizedRequest(done.connectionId, { method: 'GET', url: 'api/v1/orders' });
 *   await core.disconnect(done.connectionId);
 *
 * It never imports `electron`: the shell passes keytar / electron-store / shell.openExternal in as
 * ports; tests pass an in-memory or real keychain, `conf`, and a browser driver.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { ActivityView, ConnectFlowView, ConnectionView, NoticeView } from '../../shared/view-models.ts';
import type { CoreEvents, StorelinkCore } from './api.ts';
import { ActivityLog } from './activity/activity-log.ts';
import { authorizedRequest } from './connections/authorized-request.ts';
import { ConnectFlows } from './connections/connect-flow.ts';
import { connectionView, providerView, storeAddressOf } from './connections/connection-view.ts';
import { profileOf, recordOf, type CoreContext } from './connections/context.ts';
import { disconnectConnection } from './connections/disconnect.ts';
import { PendingRevocations } from './connections/pending-revocations.ts';
import { EndpointResolver } from './connections/endpoints.ts';
import { connectWithKey } from './connections/connect-with-key.ts';
import { connectWithClientCredentials } from './connections/connect-client-credentials.ts';
import { ErrorCode, InputError, StorelinkError } from './errors.ts';
import { createAxiosHttp } from './http/axios-http.ts';
import { redactFields } from './log/redact.ts';
import { MaskedSecretsMap } from './log/masked-secrets-map.ts';
import { TokenRefresher } from './lifecycle/token-refresher.ts';
import { RefreshScheduler, nextRefreshAt } from './lifecycle/refresh-scheduler.ts';
import {
  silentLogger,
  systemClock,
  type BrowserOpenerPort,
  type ClockPort,
  type HttpPort,
  type KeychainPort,
  type LoggerPort,
  type SettingsPort,
} from './ports.ts';
import type { ProviderProfile } from './providers/profile.ts';
import { profileMap } from './providers/registry.ts';
import { ConnectionRecords, type ConnectionRecord } from './store/connection-records.ts';
import { SecretVault } from './vault/secret-vault.ts';
import { PendingKeychainDeletes } from './vault/pending-deletes.ts';
import { checkKeysReadable } from './connections/unreadable-keys.ts';
import { ConnectionIdIndex } from './store/connection-id-index.ts';
import { RefreshMarkers } from './store/refresh-markers.ts';
import { findOrphans, orphanNotice, removeOrphanKeys, removeOrphanOrders } from './connections/orphans.ts';
import { validateFields } from './connections/field-values.ts';
import type { LocalProviderPort } from './providers/local-provider.ts';
import { SCOPE_RULE_MESSAGE, isValidScope } from '../../shared/field-rules.ts';
import { connectionNameProblem, CONNECTION_NAME_RULE_MESSAGE } from '../../shared/field-rules.ts';
import type { HealthSync } from './lifecycle/connection-health.ts';
import { backfillAccountIds } from './connections/account-backfill.ts';
import { markDuplicates } from './connections/duplicate-connections.ts';
import { refreshLocalRuntimeFields } from './connections/local-runtime-fields.ts';
import { APP_SETTINGS_KEY, APP_SETTINGS_RESET_MESSAGE, createAppSettingsStore } from './settings/app-settings-store.ts';
import { removeAllData } from './connections/remove-all-data.ts';
import { logConnectAttempt } from './connections/connect-attempt-log.ts';
import { DEFAULT_APP_SETTINGS } from '../../shared/app-settings.ts';

export type { StorelinkCore } from './api.ts';

export interface StorelinkCoreOptions {
  /** Absolute folder for the activity log and (for order sync) the database. */
  dataDir: string;
  keychain: KeychainPort;
  settings: SettingsPort;
  opener: BrowserOpenerPort;
  http?: HttpPort;
  clock?: ClockPort;
  logger?: LoggerPort;
  /**
   * Providers running on this computer (the Demo store), composed by main/storelink-app.ts: their
   * profiles are listed first, their runtime fields fill each connect, and close() stops them.
   */
  localProviders?: readonly LocalProviderPort[];
  /** Replace built-in profiles by id (tests point them at local simulators). */
  profiles?: ProviderProfile[];
  flowTimeoutMs?: number;
  /** Problems found while opening storage (e.g. openSettings' `recovered`), shown to the admin. */
  notices?: Array<Pick<NoticeView, 'kind' | 'message'>>;
  /** Start the refresh scheduler (default true). */
  autoRefresh?: boolean;
}

/** Wraps a logger so everything is redacted before it is written (security.md #38). */
function redactingLogger(inner: LoggerPort): LoggerPort {
  const wrap =
    (fn: LoggerPort['info']): LoggerPort['info'] =>
    (message, fields) =>
      fn(String(redactFields(message)), fields ? (redactFields(fields) as Record<string, unknown>) : undefined);
  return { info: wrap(inner.info.bind(inner)), warn: wrap(inner.warn.bind(inner)), error: wrap(inner.error.bind(inner)) };
}

export async function createStorelinkCore(options: StorelinkCoreOptions): Promise<StorelinkCore> {
  const clock = options.clock ?? systemClock;
  const logger = redactingLogger(options.logger ?? silentLogger);
  const http = options.http ?? createAxiosHttp();
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const listeners: { [E in keyof CoreEvents]: Set<CoreEvents[E]> } = {
    connectionsChanged: new Set(),
    connectFlow: new Set(),
    activityAppended: new Set(),
    settingsChanged: new Set(),
    connectionMade: new Set(),
  };
  const emit = <E extends keyof CoreEvents>(event: E, ...args: Parameters<CoreEvents[E]>): void => {
    for (const l of listeners[event]) {
      try {
        (l as (...a: unknown[]) => void)(...args);
      } catch (err) {
        logger.error('event listener failed', { event, error: err });
      }
    }
  };
  const startedAt = clock.now();
  // security.md #47: a failing append never breaks connect/refresh/disconnect; it is reported once.
  const activity = new ActivityLog(join(options.dataDir, 'activity.jsonl'), () => clock.now(), {
    onWriteFailure: (failure, err) => logger.warn('activity log append failed', { reason: failure.reason, error: err }),
  });
  let scheduler!: RefreshScheduler;
  let refresher!: TokenRefresher;
  // Issue 9 item 4: the app settings; an unusable stored value becomes the defaults with a notice.
  let appSettingsReset: string | undefined;
  const appSettings = createAppSettingsStore(options.settings, { logger, onReset: (reason) => (appSettingsReset = reason) });
  appSettings.subscribe((s) => emit('settingsChanged', s));
  const ctx: CoreContext = {
    profiles: profileMap(
      options.profiles,
      (options.localProviders ?? []).map((p) => p.profile),
    ),
    records: new ConnectionRecords(options.settings, logger, {
      index: ConnectionIdIndex.inDataDir(options.dataDir),
      markers: RefreshMarkers.inDataDir(options.dataDir, logger),
    }),
    settingsPort: options.settings,
    vault: new SecretVault(options.keychain, undefined, new PendingKeychainDeletes(options.settings)),
    activity,
    http,
    clock,
    logger,
    endpoints: new EndpointResolver(http, () => clock.now()),
    secrets: new MaskedSecretsMap(),
    changed: () => {
      const records = ctx.records.list();
      for (const r of records) scheduler.scheduleRecord(r);
      emit('connectionsChanged', viewsOf(records));
    },
    log: (kind, record, reason, extra) => {
      // issue 10 item 5: a refresh row says whether the admin asked for it or Storelink did it
      const trigger = extra?.trigger ?? (kind === 'refreshed' || kind === 'refresh-failed' ? (refresher?.triggerOf(record.id) ?? 'automatic') : undefined);
      const storeAddress = storeAddressOf(record); // issue 10 item 3: rows name the store address too
      const entry: ActivityView = activity.append({
        kind,
        connectionId: record.id,
        providerName: ctx.profiles.get(record.providerId)?.name ?? record.providerId,
        accountLabel: record.name ?? record.accountLabel,
        ...(storeAddress ? { storeAddress } : {}),
        ...(reason ? { reason } : {}),
        ...extra,
        ...(trigger ? { trigger } : {}),
      });
      emit('activityAppended', entry);
      if ((kind === 'connected' || kind === 're-authorized') && record.id) emit('connectionMade', record.id);
    },
  };
  refresher = new TokenRefresher(ctx);
  scheduler = new RefreshScheduler(ctx, refresher);
  const flows = new ConnectFlows(ctx, options.opener, (view: ConnectFlowView) => emit('connectFlow', view), options.flowTimeoutMs);
  const disconnectHooks: Array<(id: string) => Promise<number> | number> = [];
  const sleep = (ms: number) => new Promise<void>((r) => clock.setTimeout(r, ms));
  const pendingRevocations = new PendingRevocations(ctx, sleep);
  const localProviders = new Map((options.localProviders ?? []).map((p) => [p.profile.id, p]));

  let syncHealth: () => ReadonlyMap<string, HealthSync> = () => new Map();
  // The cards' words change with time alone (access ends, renewal ends): re-send the list then.
  let wordsTimer: { cancel(): void } | undefined;
  let closed = false;
  function scheduleWordsChange(views: ConnectionView[]): void {
    wordsTimer?.cancel();
    wordsTimer = undefined;
    const at = views.map((v) => v.health?.changesAt).filter((t): t is number => t !== undefined);
    if (closed || at.length === 0) return;
    // Node timers hold at most 2^31-1 ms; a later change is re-checked then.
    const delay = Math.min(Math.max(0, Math.min(...at) - clock.now()) + 50, 2 ** 31 - 1);
    wordsTimer = clock.setTimeout(() => {
      wordsTimer = undefined;
      ctx.changed();
    }, delay);
  }
  /** Every connection's view, duplicates of one store marked (duplicate-connections.ts: which one counts needs them all). */
  function allViews(records: ConnectionRecord[]): ConnectionView[] {
    const now = clock.now();
    const sync = syncHealth();
    const views = records.flatMap((r) => {
      const p = ctx.profiles.get(r.providerId);
      const s = sync.get(r.id);
      return p ? [connectionView(r, p, nextRefreshAt(r, p), { now, ...(s ? { sync: s } : {}) })] : [];
    });
    return markDuplicates(views, records);
  }
  function viewsOf(records: ConnectionRecord[]): ConnectionView[] {
    const views = allViews(records);
    scheduleWordsChange(views);
    return views;
  }
  function listConnections(): ConnectionView[] {
    return viewsOf(ctx.records.list());
  }
  function view(id: string): ConnectionView {
    const r = recordOf(ctx, id);
    profileOf(ctx, r.providerId); // a record whose platform is unknown: the same error as before
    return allViews(ctx.records.list()).find((v) => v.id === id)!;
  }
  /** A local provider's runtime values (e.g. the demo store's issuer), starting it if needed. */
  async function runtimeFieldsOf(profile: ProviderProfile): Promise<Record<string, string>> {
    return (await localProviders.get(profile.id)?.runtimeFields()) ?? {};
  }
  async function fieldsFor(profile: ProviderProfile, fields: Record<string, string>): Promise<ReturnType<typeof validateFields>> {
    const split = validateFields(profile, fields);
    Object.assign(split.plain, await runtimeFieldsOf(profile));
    return split;
  }
  function requestedScopes(profile: ProviderProfile, scopes: string[] | undefined): string[] {
    if (!scopes) return profile.scopes.filter((s) => s.required).map((s) => s.name);
    const clean = [...new Set(scopes.map((s) => s.trim()).filter(Boolean))];
    if (!clean.every(isValidScope)) throw new InputError(SCOPE_RULE_MESSAGE, 'scopes');
    return clean;
  }
  async function apiBaseOf(id: string): Promise<string> {
    const r = recordOf(ctx, id);
    return (await ctx.endpoints.resolve(profileOf(ctx, r.providerId), r.fields)).apiBase;
  }

  await refresher.recoverInterruptedRefreshes();
  backfillAccountIds(ctx); // one store, one connection: records saved before store identities
  // security.md #48: connections the recovered settings file lost: keys now, orders when the hooks come.
  const orphans = findOrphans(ctx);
  let orphansPending = orphans.length > 0;
  // security.md #49: keychain deletes that failed earlier are retried now and every 15 minutes.
  let deleteRetry: { cancel(): void } | undefined;
  const retryDeletes = async (): Promise<void> => {
    const left = await ctx.vault.retryPendingDeletes().catch(() => 1);
    deleteRetry = left > 0 ? clock.setTimeout(() => void retryDeletes(), 15 * 60_000) : undefined;
  };
  // Keychain work at launch: a keychain that prompts or hangs must not hold the window back, so
  // startup waits at most 5 s for it and lets the rest finish in the background.
  const keychainWork = (async () => {
    await removeOrphanKeys(ctx, orphans);
    await checkKeysReadable(ctx); // security.md #49: damaged or missing keys show on the status
    await retryDeletes();
  })().catch((err: unknown) => logger.warn('keychain checks at launch failed', { error: err }));
  let budget: { cancel(): void } | undefined;
  await Promise.race([keychainWork, new Promise<void>((r) => (budget = clock.setTimeout(r, 5000)))]);
  budget?.cancel();
  // Demo connections follow the demo store to its address of this run (its port may have changed).
  await refreshLocalRuntimeFields(ctx, localProviders);
  if (options.autoRefresh !== false) {
    scheduler.start();
    void scheduler.catchUp();
    void pendingRevocations.retryAll().catch((err: unknown) => logger.warn('pending revocations failed', { error: err }));
  }

  const core: StorelinkCore = {
    listProviders: () => [...ctx.profiles.values()].map(providerView),
    listConnections,
    getConnection: view,
    async startConnect(input) {
      const profile = profileOf(ctx, input.providerId);
      if (profile.kind === 'api-key') throw new StorelinkError(ErrorCode.InvalidInput, `${profile.name} connects with keys, not a browser sign-in.`);
      if (profile.kind === 'oauth-client-credentials')
        throw new StorelinkError(ErrorCode.InvalidInput, `${profile.name} connects with its app credentials alone, not a browser sign-in.`);
      const { plain, secret } = await fieldsFor(profile, input.fields);
      return flows.start({ profile, plain, secret, scopes: requestedScopes(profile, input.scopes) });
    },
    async reconnect(connectionId) {
      const record = recordOf(ctx, connectionId);
      const profile = profileOf(ctx, record.providerId);
      if (profile.kind === 'api-key') throw new StorelinkError(ErrorCode.InvalidInput, `${profile.name} connects with keys: disconnect and enter new keys.`);
      if (profile.kind === 'oauth-client-credentials')
        throw new StorelinkError(
          ErrorCode.InvalidInput,
          `${profile.name} renews its access by itself: if it stopped, disconnect and connect it again with the app's current secret.`,
        );
      const stored = await ctx.vault.load(connectionId).catch(() => null);
      const plain = { ...record.fields, ...(await runtimeFieldsOf(profile)) };
      const scopes = [...new Set([...record.requestedScopes, ...profile.scopes.filter((s) => s.required).map((s) => s.name)])];
      return flows.start({ profile, plain, secret: stored?.secrets ?? {}, scopes, reconnectOf: record });
    },
    cancelConnect: (flowId) => flows.cancel(flowId),
    reopenConnectPage: (flowId) => flows.reopen(flowId),
    copyConnectLink: (flowId) => flows.copyLink(flowId),
    waitForFlow: (flowId) => flows.wait(flowId),
    async connectWithKey(input) {
      const profile = profileOf(ctx, input.providerId);
      const { plain, secret } = await fieldsFor(profile, input.fields);
      try {
        const record =
          profile.kind === 'oauth-client-credentials'
            ? await connectWithClientCredentials(ctx, profile, plain, secret)
            : await connectWithKey(ctx, profile, plain, secret);
        return view(record.id);
      } catch (err) {
        logConnectAttempt(ctx, { profile, plain }, { error: err }); // issue 10 item 5
        throw err;
      }
    },
    async refreshConnection(connectionId) {
      await refresher.refresh(connectionId, 'on-request');
      return view(connectionId);
    },
    disconnect: (connectionId) =>
      disconnectConnection(ctx, connectionId, disconnectHooks, sleep, pendingRevocations).then((r) => (refresher.forget(connectionId), r)),
    renameConnection(connectionId, name) {
      const problem = connectionNameProblem(name);
      if (problem) throw new InputError(CONNECTION_NAME_RULE_MESSAGE[problem], 'name');
      recordOf(ctx, connectionId);
      ctx.records.update(connectionId, { name: name.trim() });
      ctx.changed();
      return view(connectionId);
    },
    attachSyncHealth(source) {
      syncHealth = source;
      return () => ctx.changed();
    },
    listNotices() {
      const startup = [...(options.notices ?? []), ...(orphans.length > 0 ? [orphanNotice(orphans.length)] : [])].map((n, i) => ({
        id: `startup-${i}`,
        at: startedAt,
        ...n,
      }));
      ctx.records.list(); // refreshes problems()
      const skipped = ctx.records.problems().map((p, i) => ({
        id: `record-${i}`,
        kind: 'record-skipped' as const,
        at: startedAt,
        message: `A saved connection could not be read and is not shown (${p.reason}). Connect it again; its keys stay in the keychain until you do.`,
      }));
      const settingsReset = appSettingsReset
        ? [{ id: 'app-settings-reset', kind: 'app-settings-reset' as const, at: startedAt, message: APP_SETTINGS_RESET_MESSAGE }]
        : [];
      const failure = activity.writeFailure;
      const activityFailed = failure
        ? [
            {
              id: 'activity-log',
              kind: 'activity-log-failed' as const,
              at: failure.at,
              message: `Storelink could not write its activity log (${failure.reason}). Your connections keep working, but recent activity may be missing from the list. Free some disk space or check that Storelink's data folder can be written, then restart Storelink.`,
            },
          ]
        : [];
      return [...startup, ...skipped, ...settingsReset, ...activityFailed];
    },
    listActivity: (limit, filter) => activity.list(Math.max(1, Math.min(1000, Math.floor(limit) || 50)), filter),
    appSettings,
    dataLocation: () => options.dataDir,
    async removeAllData() {
      flows.cancelAll();
      return removeAllData({
        ctx,
        hooks: disconnectHooks,
        sleep,
        pending: pendingRevocations,
        forget: (id) => refresher.forget(id),
        resetSettings: () => {
          const after = appSettings.update(structuredClone(DEFAULT_APP_SETTINGS));
          return JSON.stringify(after) === JSON.stringify(options.settings.get(APP_SETTINGS_KEY));
        },
      });
    },
    recordSyncActivity(entry) {
      const record = ctx.records.get(entry.connectionId);
      if (!record) return;
      const { kind, reason, connectionId: _id, ...extra } = entry;
      ctx.log(kind, record, reason, extra);
    },
    activityEntries: () => activity.entries(),
    async authorizedRequest(connectionId, request) {
      return authorizedRequest(ctx, refresher, connectionId, request, await apiBaseOf(connectionId));
    },
    syncTargets() {
      return ctx.records.list().flatMap((r) => {
        const adapterId = ctx.profiles.get(r.providerId)?.orders;
        if (!adapterId) return [];
        const active = r.status.kind === 'connected' || r.status.kind === 'refreshing' || r.status.kind === 'error';
        return [{ connectionId: r.id, adapterId, fields: { ...r.fields }, active }];
      });
    },
    async onResume() {
      await scheduler.catchUp();
    },
    on(event, listener) {
      (listeners[event] as Set<typeof listener>).add(listener);
      return () => void (listeners[event] as Set<typeof listener>).delete(listener);
    },
    onDisconnect(hook) {
      disconnectHooks.push(hook);
      if (orphansPending) {
        removeOrphanOrders(ctx, orphans, hook); // security.md #48
        for (const id of orphans) ctx.records.forgetOrphan(id);
        orphansPending = false;
      }
    },
    async close() {
      closed = true;
      wordsTimer?.cancel();
      scheduler.close();
      pendingRevocations.close();
      deleteRetry?.cancel();
      deleteRetry = undefined;
      if (orphansPending) for (const id of orphans) ctx.records.forgetOrphan(id); // no order store: keys were all there was
      await flows.close();
      await Promise.all(
        [...localProviders.values()].map((p) =>
          p.close().catch((err: unknown) => logger.warn('local provider close failed', { provider: p.profile.id, error: err })),
        ),
      );
      await ctx.records.settled(); // coalesced status churn and refresh markers (security.md #46, #12)
    },
  };
  return core;
}
