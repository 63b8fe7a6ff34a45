/**
 * Per-screen checks shared by the e2e tests: axe-core (no violation of any impact) and a
 * screenshot in light and dark (prefers-color-scheme), saved to test-artifacts/screenshots/.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

export interface AxeProblem {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Axe violations of the page as it is now, of ANY impact (minor and moderate too: issue 10). */
export async function axeProblems(page: Page): Promise<AxeProblem[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Screenshots `name` in light and dark and runs axe in both; returns the problems found. */
export async function checkScreen(page: Page, name: string): Promise<AxeProblem[]> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const problems: AxeProblem[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${scheme}.png`), fullPage: true });
    for (const p of await axeProblems(page)) problems.push({ ...p, id: `${scheme}:${p.id}` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return problems;
}
