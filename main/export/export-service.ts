/**
 * CSV export of orders and activity (issue 9 item 5). The shell asks where to save (the SaveDialogPort:
 * Electron's dialog.showSaveDialog in main/electron/save-dialog.ts); this module only ever gets a path
 * from it, and the renderer gets back `{ saved, rows }`: never a path, never the file system.
 *
 * The file is written as `<name>.partial-<random>` beside the chosen one and renamed over it only when
 * every row is flushed, so a failed export (disk full, no permission) never leaves a half file under
 * the admin's name nor destroys the file it would replace; the partial file is removed.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { ErrorCode, StorelinkError } from '../core/errors.ts';
import type { ActivityView, ConnectionView, ExportResultView, OrderRowView } from '../../shared/view-models.ts';
import type { OrdersFilter } from '../sync/summary-queries.ts';
import { isoWithOffset, osOffsetMinutes } from './csv-values.ts';
import { writeCsv, type CsvColumn } from './csv-writer.ts';
import { activityColumns, orderColumns, type ExportContext } from './export-columns.ts';

/** Asks the admin where to save; undefined = they cancelled. Electron: dialog.showSaveDialog. */
export interface SaveDialogPort {
  chooseSavePath(options: { title: string; defaultName: string }): Promise<string | undefined>;
}

export interface ExportSources {
  /** Every order of the filter, streamed (SummaryQueries.iterateOrders). */
  orders(filter: OrdersFilter): Iterable<OrderRowView>;
  /** Every activity entry, newest first (ActivityLog.entries). */
  activity(): Iterable<ActivityView>;
  connections(): ConnectionView[];
}

export interface ExportApi {
  exportOrders(filter: OrdersFilter): Promise<ExportResultView>;
  exportActivity(): Promise<ExportResultView>;
}

export class ExportError extends StorelinkError {
  override readonly name = 'ExportError';
}

/** Plain words for a file-system failure (never the path: it may hold the admin's user name). */
export function exportFailureMessage(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return 'The disk is full, so the export could not be saved. Free some space or choose another drive, then export again.';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return 'Storelink is not allowed to save in that folder. Choose another folder, for example Documents, then export again.';
  if (code === 'EISDIR') return 'That name belongs to a folder. Choose another file name, then export again.';
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'That folder does not exist any more. Choose another folder, then export again.';
  if (code === 'ENAMETOOLONG') return 'That file name is too long. Choose a shorter name, then export again.';
  return `The export could not be saved${typeof code === 'string' && /^[A-Z]{2,12}$/.test(code) ? ` (${code})` : ''}. Choose another folder, then export again.`;
}

export interface ExportServiceOptions {
  dialog: SaveDialogPort;
  sources: ExportSources;
  /** Offset to write dates in (default: the OS time zone at each instant). */
  offsetAt?: (atMs: number) => number;
  now?: () => number;
  /** Opens the partial file (tests inject failing streams). Default fs.createWriteStream. */
  openFile?: (file: string) => Writable;
}

const localDate = (ms: number, offsetAt: (ms: number) => number): string => isoWithOffset(ms, offsetAt(ms)).slice(0, 10);

export function createExportService(options: ExportServiceOptions): ExportApi {
  const offsetAt = options.offsetAt ?? osOffsetMinutes;
  const now = options.now ?? Date.now;
  const openFile = options.openFile ?? ((file: string) => fs.createWriteStream(file, { flags: 'wx' }));

  const context = (): ExportContext => {
    const names = new Map(options.sources.connections().map((c) => [c.id, `${c.providerName} — ${c.accountLabel}`]));
    return { storeName: (id) => names.get(id) ?? id, offsetAt };
  };

  async function save<Row>(title: string, defaultName: string, columns: CsvColumn<Row>[], rows: () => Iterable<Row>): Promise<ExportResultView> {
    const target = await options.dialog.chooseSavePath({ title, defaultName });
    if (target === undefined || target === '') return { saved: false };
    const file = path.resolve(target);
    const partial = `${file}.partial-${randomBytes(4).toString('hex')}`;
    try {
      const count = await writeCsv(openFile(partial), columns, rows());
      fs.renameSync(partial, file);
      return { saved: true, rows: count };
    } catch (err) {
      fs.rmSync(partial, { force: true });
      if (err instanceof StorelinkError) throw err;
      throw new ExportError(ErrorCode.ExportFailed, exportFailureMessage(err), { cause: err });
    }
  }

  return {
    exportOrders(filter) {
      const name = `storelink-orders-${localDate(filter.fromMs, offsetAt)}-to-${localDate(Math.max(filter.fromMs, filter.toMs - 1), offsetAt)}.csv`;
      return save('Export orders', name, orderColumns(context()), () => options.sources.orders(filter));
    },
    exportActivity() {
      return save('Export activity', `storelink-activity-${localDate(now(), offsetAt)}.csv`, activityColumns(context()), () => options.sources.activity());
    },
  };
}
