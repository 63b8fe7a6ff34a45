/**
 * The main-process side of the IPC contract (shared/ipc-contract.ts). `createIpcHandlers` maps each
 * request channel to a call on the core (or the optional sync service); `createDispatch` wraps them
 * in the guarded boundary every message goes through: sender check, argument validation from
 * `unknown`, the call, and a reply re-shaped into its view model (security.md item 30).
 * Errors cross as `{ code, message }` (style.md: only `message` survives `ipcMain.handle`).
 */
import type { StorelinkCore } from '../core/api.ts';
import { ErrorCode, InputError, StorelinkError, toErrorView } from '../core/errors.ts';
import { silentLogger, type LoggerPort } from '../core/ports.ts';
import { REQUEST_CHANNELS, type IpcResult, type RequestChannel, type RequestOf, type ResponseOf } from '../../shared/ipc-contract.ts';
import { toResponseView } from './response-schemas.ts';
import { isTrustedSender, type SenderFrame } from './sender-guard.ts';
import type { OptionalSyncApi, SyncApi } from './sync-api.ts';
import type { OptionalAppApis } from './app-apis.ts';
import type { SetupApi } from '../core/setup/setup-service.ts';
import { validateRequest } from './validators.ts';

/**
 * One handler per contract channel: a mapped type over the contract's channels (no Partial), so a
 * channel added to shared/ipc-contract.ts without a handler here does not compile.
 */
export type IpcHandlers = { [C in RequestChannel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

function syncUnavailable(): StorelinkError {
  return new StorelinkError(ErrorCode.SyncFailed, 'Order sync is not available in this build of Storelink.');
}

function unavailable(what: string): StorelinkError {
  return new StorelinkError(ErrorCode.Internal, `${what} is not available in this build of Storelink.`);
}

/** What only the shell can do for a handler (main/electron/*): open the data folder in the file manager. */
export interface ShellActions {
  showDataFolder(): Promise<void>;
}

/** One typed handler per request channel. `sync` defaults to `core.sync` when present; export and admin links to `core.exports`, `core.orderAdmin`. */
export function createIpcHandlers(
  core: StorelinkCore & OptionalSyncApi & OptionalAppApis,
  sync: SyncApi | undefined = core.sync,
  apis: OptionalAppApis = core,
  shellActions?: ShellActions,
): IpcHandlers {
  const needSync = (): SyncApi => {
    if (!sync) throw syncUnavailable();
    return sync;
  };
  const needExports = () =>
    apis.exports ??
    (() => {
      throw unavailable('Export');
    })();
  const needAdmin = () =>
    apis.orderAdmin ??
    (() => {
      throw unavailable('Opening orders in the platform admin');
    })();
  const needSetup = (): SetupApi => {
    if (!apis.setup) throw new StorelinkError(ErrorCode.InvalidInput, 'The setup guide’s actions are not available in this build of Storelink.');
    return apis.setup;
  };
  return {
    listProviders: async () => core.listProviders(),
    listConnections: async () => core.listConnections(),
    startConnect: (req) => core.startConnect(req),
    reconnect: (req) => core.reconnect(req.connectionId),
    cancelConnect: async (req) => core.cancelConnect(req.flowId),
    reopenConnectPage: (req) => core.reopenConnectPage(req.flowId),
    copyConnectLink: (req) => core.copyConnectLink(req.flowId),
    connectWithKey: (req) => core.connectWithKey(req),
    refreshConnection: (req) => core.refreshConnection(req.connectionId),
    disconnect: (req) => core.disconnect(req.connectionId),
    renameConnection: async (req) => core.renameConnection(req.connectionId, req.name),
    listActivity: async (req) =>
      core.listActivity(req.limit, {
        ...(req.connectionId !== undefined ? { connectionId: req.connectionId } : {}),
        ...(req.kinds ? { kinds: req.kinds } : {}),
      }),
    listNotices: async () => core.listNotices(),
    syncNow: (req) => needSync().syncNow(req),
    cancelSync: (req) => needSync().cancelSync(req),
    listSyncStatus: () => needSync().listSyncStatus(),
    ordersSummary: (req) => needSync().ordersSummary(req),
    ordersPage: (req) => needSync().ordersPage(req),
    exportOrders: (req) => needExports().exportOrders(req),
    exportActivity: () => needExports().exportActivity(),
    openOrderInAdmin: (req) => needAdmin().openOrderInAdmin(req),
    getSettings: async () => core.appSettings.get(),
    updateSettings: async (req) => core.appSettings.update(req),
    getDataLocation: async () => ({ path: core.dataLocation() }),
    showDataFolder: async () => {
      if (!shellActions)
        throw new StorelinkError(ErrorCode.InvalidInput, 'Opening the data folder is not available here. Its location is shown on the Settings screen.');
      await shellActions.showDataFolder();
    },
    removeAllData: () => core.removeAllData(),
    openSetupDoc: (req) => needSetup().openSetupDoc(req.url),
    saveForwardingPage: (req) => needSetup().saveForwardingPage(req.providerId),
    testForwardingPage: (req) => needSetup().testForwardingPage(req.providerId, req.pageUrl),
  };
}

export type Dispatch = (channel: string, senderFrame: SenderFrame | null, rawArg: unknown) => Promise<IpcResult<unknown>>;

const CHANNELS: ReadonlySet<string> = new Set(REQUEST_CHANNELS);

function isRequestChannel(channel: string): channel is RequestChannel {
  return CHANNELS.has(channel);
}

/**
 * The guarded entry point for one IPC request. Never throws: every failure becomes a typed
 * `IpcResult` error (`forbidden_sender`, `invalid_input`, or the core's own code); unknown errors
 * become `internal` with a generic message and are logged (through the redacting logger) by name only.
 * Spec: https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
export function createDispatch(handlers: IpcHandlers, appOrigin: string, logger: LoggerPort = silentLogger): Dispatch {
  return async (channel, senderFrame, rawArg) => {
    if (!isTrustedSender(senderFrame, appOrigin)) {
      logger.warn('ipc: message from an untrusted sender dropped', { channel: String(channel).slice(0, 64) });
      return { ok: false, error: { code: ErrorCode.ForbiddenSender, message: 'This request did not come from the Storelink window.' } };
    }
    if (typeof channel !== 'string' || !isRequestChannel(channel)) {
      return { ok: false, error: new InputError('Unknown request.').toView() };
    }
    const parsed = validateRequest(channel, rawArg);
    if (!parsed.ok) {
      return { ok: false, error: new InputError(`The request "${channel}" was malformed (${parsed.issue}).`).toView() };
    }
    try {
      const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
      const value = await handler(parsed.value);
      return { ok: true, value: toResponseView(channel, value) };
    } catch (err) {
      if (!(err instanceof StorelinkError)) {
        logger.error('ipc: handler failed', { channel, error: err instanceof Error ? err.name : typeof err });
      }
      return { ok: false, error: toErrorView(err) };
    }
  };
}
