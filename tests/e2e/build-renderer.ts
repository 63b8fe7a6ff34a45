/**
 * Builds the renderer once per test process into a temp folder (so parallel test files never race
 * on dist/), or uses STORELINK_RENDERER_DIR when a build already exists.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
let pending: Promise<{ dir: string; cleanup(): Promise<void> }> | null = null;

export function rendererBuild(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  pending ??= (async () => {
    const given = process.env.STORELINK_RENDERER_DIR;
    if (given) return { dir: path.resolve(given), cleanup: async () => {} };
    const dir = await mkdtemp(path.join(tmpdir(), 'storelink-renderer-'));
    const { build } = await import('vite');
    await build({ configFile: path.join(REPO, 'renderer/vite.config.ts'), logLevel: 'error', build: { outDir: dir, emptyOutDir: true } });
    return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
  })();
  return pending;
}
