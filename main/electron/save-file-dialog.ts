/**
 * The shell side of "Save the forwarding page": Electron's save dialog asks the admin where, then
 * the file is written there. Thin on purpose (the page itself comes from main/core/setup); the
 * chosen path never leaves the main process. Spec: https://www.electronjs.org/docs/latest/api/dialog#dialogshowsavedialogwindow-options
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileSaverPort } from '../core/setup/setup-service.ts';

export interface SaveDialogOptions {
  title: string;
  defaultPath: string;
  buttonLabel: string;
  filters: Array<{ name: string; extensions: string[] }>;
  properties: Array<'createDirectory' | 'showOverwriteConfirmation'>;
}

/** `dialog.showSaveDialog(window, options)` bound to the app window (or a test stand-in). */
export type ShowSaveDialog = (options: SaveDialogOptions) => Promise<{ canceled: boolean; filePath?: string }>;

export function createDialogFileSaver(showSaveDialog: ShowSaveDialog, defaultFolder: () => string, write = writeFile): FileSaverPort {
  return {
    async save(suggestedName, contents) {
      const { canceled, filePath } = await showSaveDialog({
        title: 'Save the forwarding page',
        defaultPath: path.join(defaultFolder(), suggestedName),
        buttonLabel: 'Save',
        filters: [{ name: 'Web page', extensions: ['html'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (canceled || !filePath) return false;
      await write(filePath, contents, { encoding: 'utf8' });
      return true;
    },
  };
}
