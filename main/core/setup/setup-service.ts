/**
 * What the Connect screen's setup guide may ask of main (issue 8 item 7): open a docs page of a
 * guide, save a forwarding page where the admin chooses (the path stays in main), and test a hosted
 * forwarding page against the loopback listener. Plain Node: the save dialog comes in as a port
 * (main/electron/save-file-dialog.ts in the shell, a temp-folder saver in tests).
 */
import type { ForwardingTestView, ProviderView, SavedFileView } from '../../../shared/view-models.ts';
import { ErrorCode, InputError, StorelinkError } from '../errors.ts';
import type { BrowserOpenerPort } from '../ports.ts';
import { guideDocUrls } from '../providers/setup-guide.ts';
import { forwardingPageFileName, forwardingPageHtml } from './forwarding-page.ts';
import { runForwardingTest } from './forwarding-test.ts';

/** Asks the admin where to save a file and writes it; resolves false when they cancel. */
export interface FileSaverPort {
  save(suggestedName: string, contents: string): Promise<boolean>;
}

export interface SetupApi {
  openSetupDoc(url: string): Promise<void>;
  saveForwardingPage(providerId: string): Promise<SavedFileView>;
  testForwardingPage(providerId: string, pageUrl: string): Promise<ForwardingTestView>;
}

export function createSetupService(opts: {
  providers: () => ProviderView[];
  opener: BrowserOpenerPort;
  files?: FileSaverPort;
  testTimeoutMs?: number;
}): SetupApi {
  let running: AbortController | undefined;
  const forwarder = (providerId: string): ProviderView => {
    const p = opts.providers().find((v) => v.id === providerId);
    if (!p) throw new InputError('Unknown platform.', 'providerId');
    if (!p.guide?.forwardingPage) throw new InputError(`${p.name} does not need a forwarding page.`, 'providerId');
    return p;
  };
  return {
    async openSetupDoc(url) {
      // Exactly the docs pages the guides link to: never an address the renderer made up.
      if (!guideDocUrls(opts.providers().map((p) => p.guide)).has(url)) throw new InputError('Storelink only opens the pages its setup guides link to.', 'url');
      await opts.opener.open(url);
    },
    async saveForwardingPage(providerId) {
      const p = forwarder(providerId);
      if (!opts.files) throw new StorelinkError(ErrorCode.InvalidInput, 'Saving files is not available in this build of Storelink.');
      try {
        return { saved: await opts.files.save(forwardingPageFileName(p.id), forwardingPageHtml(p.name)) };
      } catch (err) {
        throw new StorelinkError(
          ErrorCode.InvalidInput,
          'Storelink could not write the file there. Choose another folder (for example Documents) and try again.',
          {
            cause: err,
          },
        );
      }
    },
    async testForwardingPage(providerId, pageUrl) {
      forwarder(providerId);
      running?.abort(); // one test at a time: a new one replaces the last
      const mine = new AbortController();
      running = mine;
      try {
        return await runForwardingTest(opts.opener, pageUrl, { signal: mine.signal, ...(opts.testTimeoutMs ? { timeoutMs: opts.testTimeoutMs } : {}) });
      } finally {
        if (running === mine) running = undefined;
      }
    },
  };
}
