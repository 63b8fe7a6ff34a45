/**
 * Renderer build (Vite 8, Rolldown + oxc). TSX is transformed by oxc with React's automatic JSX
 * runtime (no @vitejs/plugin-react). The output is loaded from a custom protocol under the CSP
 * of security.md #27, so: relative asset paths, no inline scripts, no module-preload polyfill
 * (it would be an inline script), no remote assets.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'chrome140',
  },
  server: { host: '127.0.0.1' },
});
