import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
// @ts-expect-error -- plain .mjs build script without type declarations
import { mainOptions, preloadOptions } from '../../scripts/build-main.mjs';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Client-secret literals WITH a value (security.md #9). Names alone are fine (the core sends a
 * secret the admin typed, `body.set('client_secret', secret)`); a value written into the code is not.
 */
const SECRET_LITERALS: RegExp[] = [
  /\b(?:client_secret|clientSecret|consumer_secret|consumerSecret|app_secret|appSecret)["'`]?\s*[:=]\s*["'`](?!\$\{)([^"'`\s]{4,})["'`]/g,
  /\b(?:client_secret|consumer_secret)=(?!\[redacted\]|\$\{)([A-Za-z0-9\-._~+/]{4,})/g,
  /\.(?:set|append)\(\s*["'](?:client_secret|consumer_secret)["']\s*,\s*["']([^"']+)["']/g,
  /\bshpss_[a-fA-F0-9]{32}\b/g, // Shopify app client secret
  /\bcs_[a-f0-9]{40}\b/g, // WooCommerce consumer secret
  /\bsq0csp-[A-Za-z0-9\-_]{20,}/g, // Square application secret
];

export function findSecretLiterals(code: string): string[] {
  return SECRET_LITERALS.flatMap((re) => [...code.matchAll(re)].map((m) => m[0].slice(0, 80)));
}

test('the client-secret scanner finds literal values and ignores names', () => {
  const positives = [
    `const cfg = { client_secret: "s3cr3t-value" };`,
    `fetch(u, { body: "grant_type=client_credentials&client_secret=abcd1234" })`,
    `p.set('client_secret', 'hardcoded')`,
    `const clientSecret = 'abcdef123';`,
    `"shpss_0123456789abcdef0123456789abcdef"`,
    `x = "cs_0123456789abcdef0123456789abcdef01234567"`,
  ];
  for (const p of positives) assert.equal(findSecretLiterals(p).length, 1, p);
  const negatives = [
    `body.client_secret = client.clientSecret;`,
    `if (args.clientSecret) body.set("client_secret", args.clientSecret);`,
    `p.has("client_secret")`,
    'const u = `client_secret=${secret}`;',
    `redacted: "client_secret=[redacted]"`,
    `{ name: 'clientSecret', label: 'Client secret', kind: 'secret' }`,
  ];
  for (const n of negatives) assert.deepEqual(findSecretLiterals(n), [], n);
});

async function bundleText(options: Record<string, unknown>): Promise<string> {
  const out = await build({ ...options, write: false, sourcemap: false, logLevel: 'silent' });
  return (out.outputFiles ?? []).map((f) => f.text).join('\n');
}

test('security.md #9: no client secret is compiled into the main-process or preload bundle', async () => {
  const main = await bundleText(mainOptions);
  assert.ok(main.length > 10_000 && main.includes('storelink:'), 'the real main bundle was built');
  assert.deepEqual(findSecretLiterals(main), []);
  assert.deepEqual(findSecretLiterals(await bundleText(preloadOptions)), []);
});

test('security.md #9: no client secret is compiled into the renderer bundle', async (t) => {
  let dir = path.join(root, 'dist', 'renderer');
  let tmp: string | undefined;
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    // Not built yet in this checkout: build it into a temp folder with the project's own Vite config.
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-renderer-'));
    const { build: viteBuild } = await import('vite');
    await viteBuild({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'silent', build: { outDir: tmp, emptyOutDir: true } });
    dir = tmp;
  }
  t.after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.(js|mjs|cjs|html)$/.test(f));
  assert.ok(
    files.some((f) => f.endsWith('.js')),
    'the renderer bundle has scripts',
  );
  for (const f of files) assert.deepEqual(findSecretLiterals(fs.readFileSync(path.join(dir, f), 'utf8')), [], f);
});
