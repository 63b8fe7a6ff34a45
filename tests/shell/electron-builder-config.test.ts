import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const text = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');

type Yaml = string | boolean | number | Yaml[] | { [k: string]: Yaml };

function scalar(raw: string): Yaml {
  const v = raw.trim();
  if (/^".*"$|^'.*'$/.test(v)) return v.slice(1, -1);
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

/**
 * A tiny parser for the YAML subset electron-builder.yml uses (block maps, block lists of scalars,
 * comments, quoted strings). No YAML package is a direct dependency; anything outside the subset throws.
 */
function parseYamlSubset(source: string): { [k: string]: Yaml } {
  const lines = source
    .split('\n')
    .map((l) => l.replace(/\s+#.*$|^#.*$/, ''))
    .filter((l) => l.trim() !== '');
  let i = 0;
  const indentOf = (l: string) => l.length - l.trimStart().length;
  function block(indent: number): Yaml {
    const first = lines[i];
    if (first === undefined) throw new Error('unexpected end');
    if (first.trimStart().startsWith('- ')) {
      const list: Yaml[] = [];
      while (i < lines.length && indentOf(lines[i]!) === indent && lines[i]!.trimStart().startsWith('- ')) list.push(scalar(lines[i++]!.trimStart().slice(2)));
      return list;
    }
    const map: { [k: string]: Yaml } = {};
    while (i < lines.length && indentOf(lines[i]!) === indent) {
      const m = /^([A-Za-z][\w-]*):(?:\s+(.*))?$/.exec(lines[i]!.trim());
      if (!m) throw new Error(`unsupported YAML line: ${lines[i]}`);
      i++;
      if (m[2] !== undefined) map[m[1]!] = scalar(m[2]);
      else map[m[1]!] = block(indentOf(lines[i] ?? ''));
    }
    return map;
  }
  const doc = block(0);
  if (i !== lines.length) throw new Error(`unparsed YAML from line: ${lines[i]}`);
  return doc as { [k: string]: Yaml };
}

const config = parseYamlSubset(text);

test('security.md #31: packaging sets every Electron fuse', () => {
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
    loadBrowserProcessSpecificV8Snapshot: false,
  });
  assert.equal(config.asar, true);
  assert.deepEqual(config.asarUnpack, ['node_modules/keytar/**', 'dist/main/page-writer-worker.js'], 'native module and the writer thread script only');
});

test('security.md #9 #31: the files whitelist ships the bundles and package.json only (no sources, tests or maps)', () => {
  const files = config.files as string[];
  const includes = files.filter((f) => !f.startsWith('!'));
  assert.deepEqual(includes, ['dist/**', 'package.json']);
  for (const excluded of ['!dist/**/*.map', '!**/*.ts', '!tests/**', '!main/**', '!renderer/**', '!shared/**', '!scripts/**']) {
    assert.ok(files.includes(excluded), excluded);
  }
});

test('identity and targets: appId, product name, output folder, linux/mac/win targets', () => {
  assert.equal(config.appId, 'dev.storelink.app');
  assert.equal(config.productName, 'Storelink');
  assert.deepEqual((config.directories as Record<string, Yaml>).output, 'release');
  assert.deepEqual((config.linux as Record<string, Yaml>).target, ['AppImage', 'deb']);
  assert.equal((config.linux as Record<string, Yaml>).category, 'Office');
  assert.deepEqual((config.mac as Record<string, Yaml>).target, ['dmg']);
  assert.deepEqual((config.win as Record<string, Yaml>).target, ['nsis']);
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
  assert.equal(pkg.main, 'dist/main/electron-main.js', 'package.json main points into the whitelisted dist/');
});

test('electron-builder itself accepts the configuration (its own schema validation)', async () => {
  const require = createRequire(import.meta.url);
  const builderDir = path.dirname(require.resolve('electron-builder/package.json'));
  const fromBuilder = createRequire(path.join(builderDir, 'package.json'));
  const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as {
    validateConfiguration(c: unknown, l: unknown): Promise<void>;
  };
  const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(structuredClone(config), new DebugLogger(false));
  await assert.rejects(validateConfiguration({ ...structuredClone(config), electronFuses: { runAsNode: 'off' } }, new DebugLogger(false)), /electronFuses/);
});
