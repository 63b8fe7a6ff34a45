/**
 * The SaveDialogPort over Electron's dialog.showSaveDialog (issue 9): the only place a file path for
 * an export comes from. Thin: the CSV itself is written by main/export/export-service.ts.
 * Spec: https://www.electronjs.org/docs/latest/api/dialog#dialogshowsavedialogwindow-options
 */
import type { BrowserWindow, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import path from 'node:path';
import type { SaveDialogPort } from '../export/export-service.ts';

export interface SaveDialogLike {
  showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
}

export function electronSaveDialog(dialog: SaveDialogLike, parent: () => BrowserWindow | null, defaultFolder: () => string): SaveDialogPort {
  return {
    async chooseSavePath({ title, defaultName }) {
      const options: SaveDialogOptions = {
        title,
        defaultPath: path.join(defaultFolder(), defaultName),
        buttonLabel: 'Export',
        filters: [{ name: 'CSV (comma-separated values)', extensions: ['csv'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const win = parent();
      const r = win && !win.isDestroyed() ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (r.canceled || !r.filePath) return undefined;
      // Linux dialogs do not add the filter's extension to a typed name
      return path.extname(r.filePath) === '' ? `${r.filePath}.csv` : r.filePath;
    },
  };
}
