/**
 * Optional parts of the app the IPC layer serves besides the core and sync (issue 9): CSV export and
 * "Open in admin". Absent (a core started without them), their channels answer with a typed error.
 */
import type { RequestOf } from '../../shared/ipc-contract.ts';
import type { ExportApi } from '../export/export-service.ts';
import type { SetupApi } from '../core/setup/setup-service.ts';

export interface OrderAdminApi {
  openOrderInAdmin(request: RequestOf<'openOrderInAdmin'>): Promise<void>;
}

export interface OptionalAppApis {
  exports?: ExportApi;
  orderAdmin?: OrderAdminApi;
  /** The setup guide's actions: docs links, the forwarding page and its test (issue 8). */
  setup?: SetupApi;
}
