/**
 * Canary scan (security.md #10, #30): after a scenario, no token value may appear in the DOM, in
 * window's own enumerable properties, in Web Storage, in console output or in any IPC payload.
 */
import type { Page } from 'playwright';

export async function leakedCanaries(page: Page, canaries: string[], extra: { console: string[]; ipcLog: string[] }): Promise<string[]> {
  const dom = await page.evaluate(() => document.documentElement.outerHTML);
  const win = await page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const key of Object.keys(window)) {
      try {
        out[key] = JSON.stringify((window as unknown as Record<string, unknown>)[key]) ?? typeof (window as unknown as Record<string, unknown>)[key];
      } catch {
        out[key] = 'unserializable';
      }
    }
    return JSON.stringify(out);
  });
  const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
  const haystacks: [string, string][] = [
    ['DOM', dom],
    ['window', win],
    ['storage', storage],
    ['console', extra.console.join('\n')],
    ['ipc', extra.ipcLog.join('\n')],
  ];
  const leaks: string[] = [];
  for (const c of canaries) for (const [where, text] of haystacks) if (text.includes(c)) leaks.push(`${where}: ${c.slice(0, 12)}…`);
  return leaks;
}
