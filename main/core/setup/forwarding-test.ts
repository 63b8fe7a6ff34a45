/**
 * "Test my forwarding page": opens the admin's forwarding page in the system browser with a test
 * answer (`code=storelink-forwarding-test`, `state={loopbackPort}.{random}`, the shape a real
 * sign-in has) and waits on a fresh RFC 8252 loopback listener for it to arrive. It arrives only if
 * the page is reachable at that address and forwards like Storelink's page does. The listener is
 * the same hardened one sign-ins use (main/core/oauth/loopback-listener.ts), open only while the
 * test runs. https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
import type { ForwardingTestView } from '../../../shared/view-models.ts';
import { storeUrlProblem } from '../../../shared/field-rules.ts';
import { InputError } from '../errors.ts';
import { generateState } from '../oauth/pkce.ts';
import { startLoopbackListener } from '../oauth/loopback-listener.ts';
import type { BrowserOpenerPort } from '../ports.ts';

export const FORWARDING_TEST_CODE = 'storelink-forwarding-test';
export const DEFAULT_FORWARDING_TEST_TIMEOUT_MS = 90_000;

/** The test URL: the page address with the test answer appended to its query. */
export function forwardingTestUrl(pageUrl: string, state: string): string {
  const url = new URL(pageUrl);
  url.searchParams.set('code', FORWARDING_TEST_CODE);
  url.searchParams.set('state', state);
  return url.toString();
}

export async function runForwardingTest(
  opener: BrowserOpenerPort,
  pageUrl: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ForwardingTestView> {
  const address = pageUrl.trim();
  // https (or http on 127.0.0.1 for a local test page), as for every address the admin enters.
  if (storeUrlProblem(address) !== null) throw new InputError('Enter the full https:// address where you put the forwarding page.', 'pageUrl');
  const timeoutMs = options.timeoutMs ?? DEFAULT_FORWARDING_TEST_TIMEOUT_MS;
  const listener = await startLoopbackListener({ resultGraceMs: 2_000 });
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error('timeout')), timeoutMs);
  const onOuterAbort = () => abort.abort(new Error('cancelled'));
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const state = `${listener.port}.${generateState()}`;
  const okPage = { ok: true, title: 'Your forwarding page works', message: 'Storelink received the test. Close this tab and go back to Storelink.' };
  try {
    // Already waiting when the browser opens, so a fast page cannot arrive before anyone listens.
    let next = listener.nextCallback(abort.signal);
    next.catch(() => {});
    try {
      await opener.open(forwardingTestUrl(address, state));
    } catch {
      return { ok: false, message: 'Storelink could not open your web browser to test the page.' };
    }
    for (;;) {
      let received;
      try {
        received = await next;
      } catch {
        return {
          ok: false,
          message: `Nothing arrived within ${Math.round(timeoutMs / 1000)} seconds. Check that the page is at exactly this address (open it in your browser), that it is the file Storelink saved, and that your web host serves it as a web page.`,
        };
      }
      if (received.params.get('state') === state && received.params.get('code') === FORWARDING_TEST_CODE) {
        received.reply({ final: true, page: okPage });
        return { ok: true, message: 'Your forwarding page works: the test reached Storelink on this computer.' };
      }
      received.reply({ final: false, page: { ok: false, title: 'Not the test', message: 'This was not Storelink’s forwarding test.' } });
      next = listener.nextCallback(abort.signal);
      next.catch(() => {});
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
    await listener.close({ page: okPage, awaitResultPage: true });
  }
}
