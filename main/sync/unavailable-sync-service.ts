/**
 * The sync service of a launch whose order database could not be opened (security.md #44): the
 * app works without orders; every orders query answers with the plain reason instead.
 */
import { ErrorCode } from '../../shared/error-codes.ts';
import { StorageError } from '../core/errors.ts';
import type { SyncService } from './sync-service.ts';

export function ordersUnavailableMessage(dbPath: string): string {
  return `Storelink could not open its order database (${dbPath}), so orders are not shown or synced this time. Your connections still work. Check that this is a file Storelink can read and write (not a folder, not on a full or read-only disk), then restart Storelink.`;
}

export function unavailableSyncService(dbPath: string): SyncService {
  const fail = (): never => {
    throw new StorageError(ErrorCode.SyncFailed, ordersUnavailableMessage(dbPath));
  };
  return {
    syncNow: async () => [],
    cancelSync: () => {},
    listSyncStatus: () => [],
    ordersSummary: fail,
    ordersPage: fail,
    iterateOrders: fail,
    deleteConnection: () => 0,
    onProgress: () => () => {},
    movedAside: undefined,
    warnings: () => [],
    close: async () => {},
  };
}
